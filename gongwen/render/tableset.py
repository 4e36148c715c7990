"""How the print sets a table: column widths, each cell's lines, rows a whole number of grid lines
high, and for a 横排 table (GB/T 9704 §8) the rows of each sideways page.

Every row is a whole number of grid lines tall and the rules are drawn inside that height, so a table
ends on the grid and the text after it stays on the 22-line grid.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from gongwen.errors import ContentError, Location, Problem
from gongwen.model.table import CellAt, Table
from gongwen.typeset.layout import MM
from gongwen.typeset.tables import Extent, bounds, column_widths, fits, joined, paginate, row_lines
from gongwen.typeset.textflow import atoms

if TYPE_CHECKING:
    from gongwen.render.printing import PrintLayout, PrintLine

# A row's box is this much (pt) shorter than its grid lines: WeasyPrint moves a row that ends exactly
# on the page's last line to the next page when rounding puts it a hair below.
SLACK = 0.01
FIT = 0.5  # pt


@dataclass(frozen=True)
class SetCell:
    """A cell as printed: its lines, alignment, the padding that lines up decimal points, and its box
    height and the space above its lines (pt) that centres them."""

    at: CellAt
    lines: list[PrintLine]
    align: str
    pad: float
    height: float | None  # None in a row taller than a page, which the page breaks inside
    top: float
    role: str


@dataclass(frozen=True)
class SetRow:
    part: str
    lines: int
    cells: list[SetCell]
    keep: bool  # stays on the page of the next row (a cell spans into it)

    @property
    def tall(self) -> bool:
        """Taller than a page under the header: the one row a page may break inside."""
        return any(cell.height is None for cell in self.cells)


@dataclass(frozen=True)
class SidewaysPage:
    """One page of a 横排 table: the body rows it holds; the first carries the caption, the last the notes."""

    rows: list[SetRow]
    first: bool
    last: bool


@dataclass
class SetTable:
    """A table ready for the print template."""

    landscape: bool
    columns: list[float]
    caption: list[PrintLine]
    unit: list[PrintLine]
    head: list[SetRow]
    body: list[SetRow]
    notes: list[list[PrintLine]]
    width: float  # of the (turned) text block it fills, pt
    height: float
    pages: list[SidewaysPage] = field(default_factory=list)


def set_table(printer: PrintLayout, table: Table, where: Location, heading_lines: int = 0) -> SetTable:
    """Lay out `table` (at `where` in the source, for errors); `heading_lines` are taken on its first
    page by an attachment's label and title set with it when it is 横排."""
    layout = printer.layout
    size, padding = layout.tables.size_pt, layout.tables.padding_mm * MM
    roles = {at: "hei" if at.part == "head" else "body" for at in table.cells}
    pads = _decimal_pads(printer, table, roles, size)

    def extent(at: CellAt) -> Extent:
        role = roles[at]
        widest = printer.natural_width(at.text, role, size) + pads.get(at, 0.0)
        least = max((printer.natural_width(at.text[a:b], role, size) for a, b in atoms(at.text)), default=0.0)
        return Extent(least + pads.get(at, 0.0), min(widest, max(least, layout.tables.narrow_chars * size)), widest)

    # A cell's text stands clear of its padding, its rule and a little more: office suites measure text a
    # hair wider than the fonts' advances, and must not break a line the print keeps whole.
    overhead = 2 * padding + layout.tables.rule_pt + FIT
    b = bounds(table, extent, overhead / 2)
    portrait, turned = layout.text_width, layout.text_height
    landscape = table.landscape if table.landscape is not None else not fits(b, portrait)
    width, height = (turned, portrait) if landscape else (portrait, turned)
    columns = column_widths(table, b, width - layout.tables.rule_pt)  # the outer rules' halves stay inside
    if columns is None:
        raise ContentError([Problem(where, "表格太宽：即使横排，各列也放不下其中最长的数字或词；"
                                           "请减少列数、缩短内容或在 columns 中调整列宽")])
    cell_lines = {}
    for at in table.cells:
        inner = sum(columns[at.col:at.col + at.cols]) - overhead - pads.get(at, 0.0)
        cell_lines[at] = printer.text_lines(at.text, roles[at], justify=False, width=inner, size=size,
                                            on_grid=False) if at.text else []
    heights = row_lines(table, {(at.row, at.col): max(1, len(cell_lines[at])) for at in table.cells})
    keep = joined(table)
    pitch, rule = layout.pitch, layout.tables.rule_pt
    # A row taller than a page under the header is the one the page may part: its cells keep no fixed height.
    room = math.floor((height - SLACK) / pitch) - sum(heights[:table.head_count])
    rows = []
    for r in range(table.row_count):
        cells = []
        for at in (a for a in table.cells if a.row == r):
            span = sum(heights[at.row:at.row + at.rows])
            box = span * pitch - rule - SLACK - (rule if r == 0 else 0.0)  # the first row holds the top rule
            own = len(cell_lines[at]) * pitch
            tall = span > room
            cells.append(SetCell(at, cell_lines[at], "right" if pads.get(at) is not None else table.cell_align(at),
                                 pads.get(at, 0.0), None if tall else box, 0.0 if tall else max(0.0, (box - own) / 2),
                                 roles[at]))
        part = "head" if r < table.head_count else "total" if r >= len(table.table) else "body"
        rows.append(SetRow(part, heights[r], cells, r in keep))
    head, body = rows[:table.head_count], rows[table.head_count:]
    caption = printer.text_lines(table.caption, "hei", justify=False, width=width) if table.caption else []
    unit = printer.text_lines(table.unit_line, "body", justify=False, width=width, size=size, on_grid=False) \
        if table.unit_line else []
    notes = [printer.text_lines(note, "body", width=width, size=size, on_grid=False) for note in table.notes]
    result = SetTable(landscape, columns, caption, unit, head, body, notes, width, height)
    if landscape:
        result.pages = _sideways_pages(result, height, pitch, rule, heading_lines, where)
    return result


def _decimal_pads(printer: PrintLayout, table: Table, roles: dict, size: float) -> dict[CellAt, float]:
    """For cells in columns aligned on the decimal point: the space right of each figure that puts its
    point (or where its point would be) under the others'."""
    pads: dict[CellAt, float] = {}
    for col in range(table.width):
        if table.align(col) != "decimal":
            continue
        cells = [at for at in table.cells if at.col == col and at.cols == 1 and at.part != "head" and at.text]
        tails = {at: _tail(at.text) for at in cells}
        widths = {at: printer.natural_width(tail, roles[at], size) for at, tail in tails.items()}
        widest = max(widths.values(), default=0.0)
        for at in cells:
            pads[at] = widest - widths[at] if at.figure is not None else widest
    return pads


def _tail(text: str) -> str:
    """The part of a figure from its decimal point on (“.50%”), or its percent sign when it has no point."""
    point = text.find(".")
    return text[point:] if point >= 0 else text.lstrip("-−+0123456789,")


def _sideways_pages(table: SetTable, height: float, pitch: float, rule: float, heading_lines: int,
                    where: Location) -> list[SidewaysPage]:
    """The body rows of each 横排 page: as many as the turned text block holds under the repeated header,
    the first page also holding the heading, caption and unit, the last the notes; a row taller than a
    page is parted between its lines."""
    capacity = math.floor((height - SLACK) / pitch)
    top = heading_lines + len(table.caption) + len(table.unit)
    head = sum(r.lines for r in table.head)
    body = [part for row in table.body for part in _parted(row, capacity - head, pitch, rule, where)]
    keep = {i for i, row in enumerate(body) if row.keep}
    chunks = paginate([r.lines for r in body], keep, capacity - top, capacity, head)
    pages = [SidewaysPage([body[i] for i in chunk], index == 0, False) for index, chunk in enumerate(chunks)]
    used = (top if len(pages) == 1 else 0) + head + sum(r.lines for r in pages[-1].rows)
    notes = sum(len(n) for n in table.notes)
    if notes and used + notes > capacity:
        pages.append(SidewaysPage([], False, False))
    pages[-1] = SidewaysPage(pages[-1].rows, pages[-1].first, True)
    return pages


def _parted(row: SetRow, room: int, pitch: float, rule: float, where: Location) -> list[SetRow]:
    """A row taller than a 横排 page parted into rows of `room` lines, each cell's lines shared out in order."""
    if not row.tall:
        return [row]
    if any(cell.at.rows > 1 for cell in row.cells) or row.keep:
        raise ContentError([Problem(where, "表格中跨行合并的单元格比一整页还高，横排时放不下；请把内容分成几行")])
    parts = []
    first = row.cells[0].at.row == 0  # the table's first row holds its top rule
    for start in range(0, row.lines, room):
        lines = min(room, row.lines - start)
        box = lines * pitch - SLACK - rule - (rule if first and not start else 0.0)
        parts.append(SetRow(row.part, lines, [
            SetCell(c.at, c.lines[start:start + lines], c.align, c.pad, box, 0.0, c.role) for c in row.cells], False))
    return parts
