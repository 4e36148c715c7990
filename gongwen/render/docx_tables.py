"""Tables in the DOCX: real Word tables, set as the print sets them (`render/tableset.py`).

Each table names its style 公文表格 (ruled all round, cell margins from layout.toml [tables]) for the unit
to edit, gives its width twice (w:tblW and the w:gridCol widths: WPS ignores one without the other), spans
cells with w:gridSpan and w:vMerge, repeats its header rows, keeps rows whole and gives each the grid lines
its tallest cell takes in the PDF, so Word and LibreOffice break pages where the PDF does. A 横排 table
(GB/T 9704 §8) stands in a landscape section of its own, whose footers print the page number where the
portrait pages have it once the sheet is turned.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from gongwen.model.table import Table
from gongwen.render.ooxml import element
from gongwen.render.tableset import SetRow, SetTable

if TYPE_CHECKING:
    from gongwen.render.docx import _Writer

JUSTIFY = {"left": "left", "center": "center", "right": "right"}
EMU_PER_TWIP = 635


def write_table(writer: _Writer, table: Table, heading: tuple[str, str] | None = None) -> None:
    """`table` at the end of the document; `heading` (label, title) is an attachment's, set on the table's
    first page when the table is 横排."""
    setting = writer.printer.table(table, writer.doc, heading[1] if heading else None)
    if setting.landscape:
        _section(writer, landscape=True)
    if heading:
        writer._para(heading[0], "附件标识")
        writer._title(heading[1], space_before=1, space_after=1, width=setting.width)
    if table.caption:
        writer._para(table.caption, "表题")
    if table.unit_line:
        writer._para(table.unit_line, "表格单位")
    writer.docx.element.body.insert(len(writer.docx.element.body) - 1, _table(writer, setting))
    for note in table.notes:
        writer._para(note, "表注")
    if setting.landscape:
        _section(writer, landscape=False)


def _twips(pt: float) -> int:
    return round(pt * 20)


def _table(writer: _Writer, setting: SetTable):
    """The w:tbl of a set table."""
    widths = [_twips(w) for w in setting.columns]
    tbl = element("w:tbl")
    properties = element("w:tblPr")
    properties.append(element("w:tblStyle", val=writer.style["公文表格"].style_id))
    properties.append(element("w:tblW", w=str(sum(widths)), type="dxa"))
    properties.append(element("w:tblInd", w="0", type="dxa"))
    properties.append(element("w:tblLayout", type="fixed"))
    properties.append(element("w:tblLook", val="0020", firstRow="1", lastRow="0", firstColumn="0", lastColumn="0",
                              noHBand="1", noVBand="1"))
    tbl.append(properties)
    grid = element("w:tblGrid")
    for width in widths:
        grid.append(element("w:gridCol", w=str(width)))
    tbl.append(grid)
    line = _twips(writer.pitch)
    rows = setting.head + setting.body
    covering: dict[tuple[int, int], object] = {}  # (row, column) → the cell spanning down into it
    for index, row in enumerate(rows):
        tbl.append(_row(writer, row, index < len(setting.head), widths, line, covering))
    return tbl


def _row(writer: _Writer, row: SetRow, head: bool, widths: list[int], line: int, covering: dict):
    tr = element("w:tr")
    properties = element("w:trPr")
    if not row.tall:
        properties.append(element("w:cantSplit"))
    properties.append(element("w:trHeight", val=str(row.lines * line), hRule="atLeast" if row.tall else "exact"))
    if head:
        properties.append(element("w:tblHeader"))
    tr.append(properties)
    starting = {cell.at.col: cell for cell in row.cells}
    number = row.cells[0].at.row
    column = 0
    while column < len(widths):
        above = covering.get((number, column))
        if above is not None:  # the cell above spans down into this row
            tr.append(_cell(writer, above, widths, head, row.keep, merge="continue"))
            column += above.at.cols
            continue
        cell = starting[column]
        for r in range(number + 1, number + cell.at.rows):
            covering[(r, column)] = cell
        tr.append(_cell(writer, cell, widths, head, row.keep, merge="restart" if cell.at.rows > 1 else None))
        column += cell.at.cols
    return tr


def _cell(writer: _Writer, cell, widths: list[int], head: bool, keep: bool, merge: str | None):
    """A w:tc: its width and spans, centred down its row, its lines as in the PDF (a break where the PDF
    breaks the line); left empty where it continues a cell spanning down from above."""
    at = cell.at
    tc = element("w:tc")
    properties = element("w:tcPr")
    properties.append(element("w:tcW", w=str(sum(widths[at.col:at.col + at.cols])), type="dxa"))
    if at.cols > 1:
        properties.append(element("w:gridSpan", val=str(at.cols)))
    if merge:
        properties.append(element("w:vMerge", **({"val": "restart"} if merge == "restart" else {})))
    properties.append(element("w:vAlign", val="center"))
    tc.append(properties)
    paragraph = element("w:p")
    p_pr = element("w:pPr")
    p_pr.append(element("w:pStyle", val=writer.style["表头" if head else "表格文字"].style_id))
    if keep:
        p_pr.append(element("w:keepNext"))
    if cell.pad:
        p_pr.append(element("w:ind", right=str(_twips(cell.pad))))
    p_pr.append(element("w:jc", val=JUSTIFY[cell.align]))
    paragraph.append(p_pr)
    if merge != "continue":
        for index, printed in enumerate(cell.lines):
            run = element("w:r")
            if index:
                run.append(element("w:br"))
            text = element("w:t")
            text.text = "".join(segment.text for segment in printed.segments)
            text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            run.append(text)
            paragraph.append(run)
    tc.append(paragraph)
    return tc


def _section(writer: _Writer, landscape: bool) -> None:
    """Start a section on a new page: landscape for a 横排 table, its 版心 where it lands on the turned sheet
    (the portrait 订口 at its top, the 天头 on its right), or portrait again after it."""
    layout = writer.layout
    section = writer.docx.add_section(WD_SECTION.NEW_PAGE)
    page, setup = layout.page, writer.page_setup
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(page.height_mm), Mm(page.width_mm)
        section.top_margin, section.bottom_margin = Mm(page.left_mm), Mm(layout.right_mm)
        section.left_margin, section.right_margin = Mm(layout.bottom_mm), Mm(page.top_mm)
        # Its footer holds only the page number's box, placed on the page: the footer's own line stays
        # inside the bottom margin, so the 版心 keeps its full height.
        section.footer_distance = section.bottom_margin - Pt(2 * layout.sizes.page_number_pt)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = setup["width"] * EMU_PER_TWIP, setup["height"] * EMU_PER_TWIP
        for side in ("top", "bottom", "left", "right", "footer"):
            setattr(section, f"{side}_margin" if side != "footer" else "footer_distance", setup[side] * EMU_PER_TWIP)
    _footers(writer, section._sectPr, "landscape" if landscape else "main")


def _footers(writer: _Writer, sect_pr, part: str) -> None:
    """Point a section's footers at the main pages' or the landscape pages' page numbers."""
    for old in sect_pr.findall(qn("w:footerReference")) + sect_pr.findall(qn("w:headerReference")) + \
            sect_pr.findall(qn("w:titlePg")):
        sect_pr.remove(old)
    for footer in writer.footers:
        if footer.section == part and footer.type in ("default", "even"):
            reference = element("w:footerReference", type=footer.type)
            reference.set(qn("r:id"), footer.rid)
            sect_pr.insert(0, reference)
