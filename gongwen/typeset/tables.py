"""Table geometry: column widths from the cells' content, the 横排 decision, and how rows fill pages.

Text is measured through a callable, so this module knows tables and arithmetic, not fonts. Widths
follow the automatic table layout of CSS: every column gets at least its narrowest width and shares
what is left in proportion to how much more its content would like.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from gongwen.model.table import CellAt, Table


@dataclass(frozen=True)
class Extent:
    """How wide a cell's text can be set, in pt without padding: its longest unbreakable run (`least`),
    the width below which its lines grow short (`narrow`), and its width on one line (`widest`)."""

    least: float
    narrow: float
    widest: float


@dataclass(frozen=True)
class Bounds:
    """Per column (pt, padding included): the least and narrow widths, the widest its data would like
    (header cells at their narrow width: headers wrap before figures and names do), and the widest."""

    least: list[float]
    narrow: list[float]
    data: list[float]
    widest: list[float]


def bounds(table: Table, extent: Callable[[CellAt], Extent], padding: float) -> Bounds:
    """Column bounds from the cells, single cells first; a spanning cell widens the columns it spans
    where together they are too narrow for it."""
    n = table.width
    least, narrow, data, widest = [0.0] * n, [0.0] * n, [0.0] * n, [0.0] * n
    for at in sorted(table.cells, key=lambda a: a.cols):
        e = extent(at)
        span = range(at.col, at.col + at.cols)
        wanted = e.narrow if at.part == "head" else e.widest
        for values, need in ((least, e.least), (narrow, e.narrow), (data, wanted), (widest, e.widest)):
            need += 2 * padding
            have = sum(values[c] for c in span)
            if need > have:
                for c in span:
                    values[c] += (need - have) / at.cols
    return Bounds(least, narrow, [max(d, w) for d, w in zip(data, narrow, strict=True)], widest)


def fits(b: Bounds, width: float) -> bool:
    """Whether the columns fit `width` without breaking text shorter than their narrow width."""
    return sum(b.narrow) <= width


def column_widths(table: Table, b: Bounds, width: float) -> list[float] | None:
    """Widths (pt) of the columns filling `width`, or None when not even the least widths fit.

    Relative widths written for every column are kept; columns written without one take their widest
    content (as far as it goes) and the written ones share the rest. Otherwise the widths grow from
    the narrowest that fits towards the widest content.
    """
    n = table.width
    written = [table.columns[c].width if c < len(table.columns) else None for c in range(n)]
    if any(written):
        return _written_widths(written, b, width)
    for low, high in ((b.widest, b.widest), (b.data, b.widest), (b.narrow, b.data), (b.least, b.narrow)):
        if sum(low) <= width + 1e-6:
            return _grow(low, high, width)
    return None


def _grow(low: list[float], high: list[float], width: float) -> list[float]:
    """From `low`, share the spare width in proportion to how far each column is from `high` (or to
    its size, once every column has reached `high`)."""
    spare = width - sum(low)
    want = [h - lo for lo, h in zip(low, high, strict=True)]
    weights = want if sum(want) > 1e-6 else low
    total = sum(weights) or len(low)
    return [lo + spare * (w / total if sum(weights) else 1 / len(low)) for lo, w in zip(low, weights, strict=True)]


def _written_widths(written: list[float | None], b: Bounds, width: float) -> list[float] | None:
    auto = [c for c, w in enumerate(written) if w is None]
    fixed = [c for c, w in enumerate(written) if w is not None]
    reserve = sum(b.least[c] for c in fixed)
    widths = [0.0] * len(written)
    room = width - reserve
    wanted = sum(b.widest[c] for c in auto)
    for c in auto:
        widths[c] = b.widest[c] if wanted <= room else b.narrow[c] if sum(b.narrow[a] for a in auto) <= room \
            else b.least[c]
    rest = width - sum(widths[c] for c in auto)
    scale = sum(written[c] for c in fixed)
    for c in fixed:
        widths[c] = rest * written[c] / scale
    if any(widths[c] < b.least[c] - 1e-6 for c in range(len(widths))):
        return None
    return widths


@dataclass(frozen=True)
class RowPlan:
    """A row's height in grid lines and the rows it must not be parted from (a cell spans into them)."""

    index: int
    lines: int
    joined_to_next: bool


def row_lines(table: Table, cell_lines: dict[tuple[int, int], int]) -> list[int]:
    """Each grid row's height in lines: its tallest own cell, raised where a cell spanning rows needs more."""
    heights = [1] * table.row_count
    for at in table.cells:
        if at.rows == 1:
            heights[at.row] = max(heights[at.row], cell_lines[(at.row, at.col)])
    for at in table.cells:
        if at.rows > 1:
            span = range(at.row, at.row + at.rows)
            short = cell_lines[(at.row, at.col)] - sum(heights[r] for r in span)
            if short > 0:
                heights[span[-1]] += short
    return heights


def joined(table: Table) -> set[int]:
    """Rows that must stay on the page of the row below them: a cell spans from one into the next."""
    return {r for at in table.cells for r in range(at.row, at.row + at.rows - 1)}


def paginate(rows: list[int], keep: set[int], first: int, later: int, head: int) -> list[list[int]]:
    """Rows (by index, with heights `rows`, none taller than a page) on pages holding `first` lines, then
    `later`, each with the `head` lines of the header repeated. Rows joined by `keep` go together; a group is
    parted only when it cannot fit an empty page."""
    groups: list[list[int]] = []
    for index in range(len(rows)):
        if groups and index - 1 in keep:
            groups[-1].append(index)
        else:
            groups.append([index])
    pages: list[list[int]] = [[]]
    room = first - head
    for group in groups:
        height = sum(rows[i] for i in group)
        if height > room and pages[-1]:
            pages.append([])
            room = later - head
        if height <= room:
            pages[-1] += group
            room -= height
            continue
        for index in group:  # a group taller than a page: part it between rows
            if rows[index] > room:
                pages.append([])
                room = later - head
            pages[-1].append(index)
            room -= rows[index]
    return pages
