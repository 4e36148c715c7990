"""Tables in a measured PDF: ruled grids found from the rules a page draws, and what `verify` checks on
them — the grid inside the 版心, no cell text over a rule — and on 横排 pages (GB/T 9704 §8)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gongwen.typeset.layout import Layout
    from gongwen.verify import Line, PageReport

Box = tuple[float, float, float, float]  # x0, top, x1, bottom in mm
TOUCH = 0.3  # mm: rules this close meet
TOLERANCE = 1.0  # mm, as for every position in verify


@dataclass(frozen=True)
class Grid:
    """A ruled table (or the part of one on a page): its box and its rules."""

    box: Box
    rules: list[Box]

    def holds(self, box: Box) -> bool:
        """Whether the centre of `box` lies inside the grid."""
        x, y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
        return self.box[0] <= x <= self.box[2] and self.box[1] <= y <= self.box[3]

    def rows(self, turned: bool = False) -> int:
        """Rows of the table: spaces between its rules across the page (down the page when `turned`)."""
        return self._spaces(down=turned)

    def columns(self, turned: bool = False) -> int:
        return self._spaces(down=not turned)

    def _spaces(self, down: bool) -> int:
        """Spaces between the grid's rules running down the page (or across it)."""
        edges = sorted({round(r[0] if down else r[1], 1) for r in self.rules if _across(r) != down})
        distinct = [e for i, e in enumerate(edges) if i == 0 or e - edges[i - 1] > TOUCH * 2]
        return max(0, len(distinct) - 1)


def _across(rule: Box) -> bool:
    return rule[2] - rule[0] > rule[3] - rule[1]


def _meet(a: Box, b: Box) -> bool:
    return a[0] - TOUCH <= b[2] and b[0] - TOUCH <= a[2] and a[1] - TOUCH <= b[3] and b[1] - TOUCH <= a[3]


def find_grids(rules: list[Box]) -> list[Grid]:
    """Rules that meet, grouped; a group with at least two rules across and two down is a table."""
    group = list(range(len(rules)))

    def root(i: int) -> int:
        while group[i] != i:
            group[i] = group[group[i]]
            i = group[i]
        return i

    for i, a in enumerate(rules):
        for j in range(i + 1, len(rules)):
            if _meet(a, rules[j]):
                group[root(j)] = root(i)
    members: dict[int, list[Box]] = {}
    for i, rule in enumerate(rules):
        members.setdefault(root(i), []).append(rule)
    grids = []
    for found in members.values():
        across = sum(1 for r in found if _across(r))
        if across >= 2 and len(found) - across >= 2:
            box = (min(r[0] for r in found), min(r[1] for r in found), max(r[2] for r in found),
                   max(r[3] for r in found))
            grids.append(Grid(box, found))
    return sorted(grids, key=lambda g: (g.box[1], g.box[0]))


def outside_tables(lines: list[Line], grids: list[Grid]) -> list[Line]:
    """The lines that stand outside every table."""
    return [ln for ln in lines if not any(g.holds((ln.x0, ln.top, ln.x1, ln.bottom)) for g in grids)]


def check_tables(report: PageReport, lines: list[Line], grids: list[Grid], layout: Layout) -> None:
    """Each table inside the 版心; no glyph in a table printed over one of its rules."""
    page = layout.page
    block = (page.left_mm, page.top_mm, page.left_mm + page.text_width_mm, page.top_mm + page.text_height_mm)
    for grid in grids:
        x0, top, x1, bottom = grid.box
        report.notes.append(f"表格 {x0:.1f},{top:.1f}–{x1:.1f},{bottom:.1f} mm")
        if (x0 < block[0] - TOLERANCE or top < block[1] - TOLERANCE or x1 > block[2] + TOLERANCE
                or bottom > block[3] + TOLERANCE):
            report.failures.append(f"表格超出版心：{x0:.1f},{top:.1f}–{x1:.1f},{bottom:.1f} mm")
        crossed = [(ln.text[i] if i < len(ln.text) else "", glyph) for ln in lines for i, glyph in enumerate(ln.glyphs)
                   if grid.holds(glyph) and any(_overlap(glyph, rule) for rule in grid.rules)]
        for char, glyph in crossed[:3]:
            report.failures.append(f"表格文字“{char}”压在表格线上（{glyph[0]:.1f},{glyph[1]:.1f} mm）")
        if len(crossed) > 3:
            report.failures.append(f"另有 {len(crossed) - 3} 个表格文字压在表格线上")


def _overlap(a: Box, b: Box, least: float = 0.05) -> bool:
    return min(a[2], b[2]) - max(a[0], b[0]) > least and min(a[3], b[3]) - max(a[1], b[1]) > least


def check_turned(report: PageReport, lines: list[Line]) -> None:
    """A 横排 page (§8): its text turned so that the table's head is toward the page's left edge — the
    binding (订口) of an odd page, the outer edge (切口) of an even one — reading up the page."""
    turned = [ln for ln in lines if ln.turned]
    if not turned:
        return
    edge = "订口" if report.number % 2 else "切口"
    report.notes.append(f"横排页：{len(turned)}行横排文字，表头朝{edge}")
    wrong = [ln for ln in turned if ln.angle != 90]
    if wrong:
        report.failures.append(f"横排表格的表头应在{edge}一边（页面左侧），此页有 {len(wrong)} 行文字朝向右侧"
                               "（GB/T 9704 §8）")
