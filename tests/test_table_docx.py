"""Tables in the DOCX, opened with python-docx: real Word tables in the style 公文表格 with their widths in
w:tblW and w:gridCol both, spans as w:gridSpan and w:vMerge, repeated header rows, rows kept whole; the
横排 table in a landscape section whose page numbers print where the portrait pages have them. LibreOffice
prints the tables with the same rows on every page as gongwen's PDF."""

from __future__ import annotations

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from conftest import ROOT
from gongwen.model.loader import load_document
from gongwen.model.table import tables_in
from gongwen.office import docx_to_pdf
from gongwen.project import Project
from gongwen.typeset.layout import MM, load_layout
from gongwen.verify import rule_segments
from gongwen.verify_tables import find_grids
from pdfutil import build_outputs, measure, page_lines, pages

EXAMPLE_TABLE = ROOT / "content" / "example-table.yaml"
LAYOUT = load_layout(Project.at(ROOT))
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
V = "{urn:schemas-microsoft-com:vml}"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("docx")
    (pdf, path), build = build_outputs(EXAMPLE_TABLE, out)
    return pdf, path, build


def data_tables(document):
    """The document's tables in the style 公文表格 (the 版记 is a table too, in none)."""
    style = next(s.style_id for s in document.styles if s.name == "公文表格")
    return [t for t in document.tables if val(t._tbl.tblPr, "tblStyle") == style]


def val(element, tag: str, attribute: str = "val"):
    found = element.find(f"{W}{tag}")
    return None if found is None else found.get(f"{W}{attribute}")


def test_each_table_is_a_word_table_in_the_style_for_the_unit_to_edit(built):
    _, path, _ = built
    document = docx.Document(path)
    style = next(s for s in document.styles if s.name == "公文表格")
    borders = style.element.find(f"{W}tblPr/{W}tblBorders")
    assert [child.tag.removeprefix(W) for child in borders] == ["top", "left", "bottom", "right", "insideH", "insideV"]
    assert {child.get(f"{W}sz") for child in borders} == {"4"}  # 0.5 pt ([tables] rule_pt)
    assert len(data_tables(document)) == 2


def test_widths_in_tblw_and_gridcol_both_as_the_print_sets_them(built):
    _, path, build = built
    doc = load_document(EXAMPLE_TABLE)
    tables = [t for _, body in doc.bodies() for _, t in tables_in(body)]
    for word, table in zip(data_tables(docx.Document(path)), tables, strict=True):
        tbl = word._tbl
        grid = [int(col.get(qn("w:w"))) for col in tbl.tblGrid.findall(qn("w:gridCol"))]
        setting = build.printer.table(table, doc)
        assert grid == [round(w * 20) for w in setting.columns]
        assert val(tbl.tblPr, "tblW", "w") == str(sum(grid)) and val(tbl.tblPr, "tblW", "type") == "dxa"
        assert val(tbl.tblPr, "tblLayout", "type") == "fixed"
        first = tbl.tr_lst[0].tc_lst
        assert sum(int(val(tc.tcPr, "tcW", "w")) for tc in first) == sum(grid)
        assert sum(setting.columns) / MM == pytest.approx((setting.width - build.printer.layout.tables.rule_pt) / MM,
                                                          abs=0.01)


def test_spans_are_gridspan_and_vmerge_and_the_header_rows_repeat(built):
    _, path, _ = built
    body_table, wide = data_tables(docx.Document(path))
    rows = wide._tbl.tr_lst
    top = [(val(tc.tcPr, "gridSpan"), tc.tcPr.find(qn("w:vMerge")) is not None and val(tc.tcPr, "vMerge"))
           for tc in rows[0].tc_lst]
    assert top == [(None, "restart"), ("3", False), ("3", False), ("3", False), ("3", False), (None, "restart")]
    second = rows[1].tc_lst  # the months, between 地区 and 全年 continued from above (empty, vMerge without val)
    assert len(second) == 14
    for continued in (second[0], second[-1]):
        assert continued.tcPr.find(qn("w:vMerge")) is not None and val(continued.tcPr, "vMerge") is None
        assert "".join(t.text for t in continued.iter(qn("w:t"))) == ""
    for table, head in ((body_table, 1), (wide, 2)):
        repeated = [tr.trPr.find(qn("w:tblHeader")) is not None for tr in table._tbl.tr_lst]
        assert repeated == [True] * head + [False] * (len(repeated) - head)
        assert all(tr.trPr.find(qn("w:cantSplit")) is not None for tr in table._tbl.tr_lst)
    # Rows as tall as in the print: whole grid lines, exactly (the office suite lays the page out as the PDF).
    pitch = int(LAYOUT.pitch * 20)
    for tr in body_table._tbl.tr_lst:
        assert int(val(tr.trPr, "trHeight")) % pitch == 0 and val(tr.trPr, "trHeight", "hRule") == "exact"


def test_the_wide_table_stands_in_a_landscape_section_numbered_as_the_portrait_pages(built):
    _, path, build = built
    document = docx.Document(path)
    sections = document.sections
    turned = [i for i, s in enumerate(sections) if s.orientation == WD_ORIENT.LANDSCAPE]
    assert len(turned) == 1
    section = sections[turned[0]]
    assert (section.page_width.mm, section.page_height.mm) == (pytest.approx(297, abs=0.1), pytest.approx(210, abs=0.1))
    # Its 版心 is where the portrait 版心 lands on the sheet turned a quarter, top to the binding.
    margins = [round(m.mm, 1) for m in (section.top_margin, section.right_margin, section.bottom_margin,
                                        section.left_margin)]
    assert margins == [28.0, 37.0, 26.0, 35.0]
    assert sections[turned[0] + 1].orientation == WD_ORIENT.PORTRAIT
    for footer, side in ((section.footer, "right"), (section.even_page_footer, "left")):
        box = footer._element.find(f".//{V}shape")
        assert "layout-flow:vertical" in box.find(f"{V}textbox").get("style")
        assert "PAGE" in footer._element.xml and f'w:jc w:val="{side}"' in footer._element.xml
    # The section holds the attachment's label and title, the unit, the table and its notes.
    ends = [i for i, e in enumerate(document.element.body) if e.find(f"{W}pPr/{W}sectPr") is not None]
    content = list(document.element.body)[ends[turned[0] - 1] + 1:ends[turned[0]] + 1]
    texts = ["".join(t.text for t in e.iter(f"{W}t")) for e in content if e.tag == f"{W}p"]
    assert [t for t in texts if t][:3] == ["附件", "各区县2024年固定资产投资分月计划表", "单位：亿元"]
    assert [e.tag for e in content].count(f"{W}tbl") == 1


def test_libreoffice_prints_the_tables_with_the_pdfs_rows_on_every_page(built, tmp_path):
    pdf, path, build = built
    office = docx_to_pdf(path, tmp_path, build.printer.layout, build.printer.fonts)
    assert [f for r in measure(office) for f in r.failures] == []

    def rows(printed):
        found = []
        for page, lines in zip(pages(printed), page_lines(printed), strict=True):
            turned = any(ln.turned for ln in lines)
            found += [table.rows(turned) for table in find_grids(rule_segments(page))]
        return found

    ours, theirs = rows(pdf), rows(office)
    assert len(theirs) == len(ours) == 4  # two pages of each table
    assert all(abs(a - b) <= 1 for a, b in zip(ours, theirs, strict=True))
    assert theirs == ours  # measured: the very same rows
    reports = measure(office)
    for report in reports[4:6]:  # the landscape pages: numbered where the portrait pages are
        assert report.page_number.replace(" ", "") == f"—{report.number}—"
        x, y = report.page_number_pos
        assert y == pytest.approx(262 + 7, abs=1)
        assert x == pytest.approx(184 - 14 / MM if report.number % 2 else 28 + 14 / MM, abs=1)
