"""Tables in the PDF, measured: ruled inside the 版心, cell text inside its cell, the header repeated on
the next page, rows kept whole, the text after a table back on the grid, and 横排 tables (GB/T 9704 §8)
turned with their head to the left on pages numbered where the others are."""

from __future__ import annotations

import re

import pytest
import weasyprint

from conftest import MINIMAL, ROOT
from gongwen.errors import ContentError
from gongwen.project import Project
from gongwen.typeset.fonts import resolve_fonts
from gongwen.typeset.layout import MM, load_layout
from gongwen.verify import read_lines, rule_segments
from gongwen.verify_tables import find_grids
from pdfutil import build_pdf, measure, page_lines, pages

EXAMPLE_TABLE = ROOT / "content" / "example-table.yaml"
LAYOUT = load_layout(Project.at(ROOT))
PITCH = LAYOUT.pitch / MM
LEFT, TOP, RIGHT, BOTTOM = 28.0, 37.0, 184.0, 262.0
BODY = "  - 现将有关事项通知如下。\n"


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    pdf, _ = build_pdf(EXAMPLE_TABLE, tmp_path_factory.mktemp("table"))
    return pdf


def grids(pdf, number):
    return find_grids(rule_segments(pages(pdf)[number]))


def phase(baseline: float) -> float:
    """Where a baseline stands within its grid line (mm from the line's top, 0 … pitch)."""
    return (baseline - TOP) % PITCH


def test_the_example_passes_verify_on_every_page(example):
    reports = measure(example)
    assert [f for r in reports for f in r.failures] == []
    assert sum("横排页" in note for r in reports for note in r.notes) == 2


def test_ruling_fills_the_text_block_and_rows_are_whole_grid_lines(example):
    (table,) = grids(example, 1)  # page 2: caption and unit on two grid lines, then the table to the foot
    x0, top, x1, bottom = table.box
    assert (x0, x1) == (pytest.approx(LEFT, abs=0.05), pytest.approx(RIGHT, abs=0.05))
    # Each row is 0.01 pt short of its grid lines (tableset.SLACK): over a page, under 0.1 mm.
    assert top == pytest.approx(TOP + 2 * PITCH, abs=0.05) and bottom == pytest.approx(BOTTOM, abs=0.1)
    # Rules lie inside the rows they close: the top rule's top edge and every other rule's bottom edge
    # stand on a grid line.
    across = sorted({round(r[3], 2) for r in table.rules if r[2] - r[0] > 5})
    assert len(across) == table.rows() + 1 == 19 + 1  # header (two lines) and 18 projects
    across[0] = top
    for a, b in zip(across, across[1:], strict=False):
        assert (b - a) / PITCH == pytest.approx(round((b - a) / PITCH), abs=0.01)
    assert table.columns() == 5


def test_every_cell_text_stands_inside_its_cell(example):
    """Each glyph in a table has rules of its cell on all four sides and touches none."""
    checked = 0
    for number in range(6):
        for table in grids(example, number):
            down = [r for r in table.rules if r[3] - r[1] > r[2] - r[0]]
            across = [r for r in table.rules if r[2] - r[0] > r[3] - r[1]]
            for line in read_lines(pages(example)[number]):
                for x0, top, x1, bottom in (g for g in line.glyphs if table.holds(g)):
                    x, y = (x0 + x1) / 2, (top + bottom) / 2
                    beside = [r for r in down if r[1] <= y <= r[3]]
                    over = [r for r in across if r[0] <= x <= r[2]]
                    assert any(r[2] <= x0 for r in beside) and any(r[0] >= x1 for r in beside)
                    assert any(r[3] <= top for r in over) and any(r[1] >= bottom for r in over)
                    checked += 1
    assert checked > 1000


def test_cells_in_4hao_fangsong_header_and_title_in_heiti(example):
    hei = resolve_fonts(LAYOUT)["hei"].face.family.replace(" ", "-")
    (body,) = next(ln.fonts for ln in page_lines(example)[0] if ln.text.startswith("经市政府同意"))
    lines = page_lines(example)[1]
    (table,) = grids(example, 1)
    caption = lines[0]
    assert caption.text == "表12024年市级重点建设项目计划表" and caption.fonts == {hei} and round(caption.size) == 16
    assert (caption.x0 + caption.x1) / 2 == pytest.approx((LEFT + RIGHT) / 2, abs=0.5)
    inside = [ln for ln in lines if table.holds((ln.x0, ln.top, ln.x1, ln.bottom))]
    head = [ln for ln in inside if ln.top < table.box[1] + 2 * PITCH]
    rows = [ln for ln in inside if ln.top > table.box[1] + 2 * PITCH]
    assert {f for ln in head for f in ln.fonts} == {hei}
    assert {f for ln in rows for f in ln.fonts} == {body} != {hei} and {round(ln.size) for ln in inside} == {14}


def test_the_header_is_repeated_at_the_top_of_the_next_page(example):
    lines = page_lines(example)
    first, second = grids(example, 0), grids(example, 1)
    assert not first  # page 1 is full before the table: caption and table start on page 2
    third = grids(example, 2)[0]
    on_page_3 = [ln for ln in lines[2] if third.holds((ln.x0, ln.top, ln.x1, ln.bottom))]
    head = [ln for ln in on_page_3 if ln.top < third.box[1] + 2 * PITCH]
    assert "序号项目名称责任单位总投资" in "".join(ln.text for ln in head)
    assert third.box[1] == pytest.approx(TOP, abs=0.05)  # the repeated header starts the page
    assert any(ln.text.startswith("19") for ln in on_page_3)  # rows continue after it
    assert second and not any(ln.text.startswith("19") for ln in lines[1])


def test_rows_are_not_split_across_pages(write_yaml, tmp_path):
    """Rows of three lines after a paragraph of one: a page break would fall inside a row unless kept."""
    rows = "".join(f"      - [第{i}行：{'甲乙丙丁戊己庚辛' * 8}结束。]\n" for i in range(12))
    pdf, _ = build_pdf(write_yaml(MINIMAL.replace(BODY, BODY + "  - table:\n      - [说明]\n" + rows)), tmp_path)
    text = ["".join(ln.text for ln in lines) for lines in page_lines(pdf)]
    for i in range(12):
        whole = f"第{i}行：{'甲乙丙丁戊己庚辛' * 8}结束。"
        assert sum(whole in page for page in text) == 1, i
    assert len([t for t in text if "结束。" in t]) >= 2  # the table did break across pages


def test_text_after_the_table_is_back_on_the_grid(example):
    lines = page_lines(example)
    before = [ln for ln in lines[0] if ln.size == pytest.approx(16, abs=0.1) and ln.baseline > 200]
    table = grids(example, 2)[0]
    after = [ln for ln in lines[2] if ln.top > table.box[3] and ln.size == pytest.approx(16, abs=0.1)]
    assert before and len(after) >= 5
    assert all(abs(phase(ln.baseline) - phase(before[0].baseline)) < 0.1 for ln in after)


def test_the_wide_attachment_is_set_sideways_with_its_head_toward_the_left_edge(example):
    lines = page_lines(example)
    for number in (4, 5):  # pages 5 and 6
        turned = [ln for ln in lines[number] if ln.turned]
        assert turned and all(ln.angle == 90 for ln in turned)  # reading up the page: head to the left
        assert not [ln for ln in lines[number] if not ln.turned and ln.top < BOTTOM]  # nothing else on it
        (table,) = grids(example, number)
        x0, top, x1, bottom = table.box
        assert x0 >= LEFT - 0.05 and x1 <= RIGHT + 0.05
        assert top == pytest.approx(TOP, abs=0.05) and bottom == pytest.approx(BOTTOM, abs=0.05)  # 225 mm wide
        assert table.columns(turned=True) == 14
    title = [ln for ln in lines[4] if ln.turned and ln.size == pytest.approx(22, abs=0.1)]
    assert "".join(t.text for t in title) == "各区县2024年固定资产投资分月计划表"
    assert lines[4][[ln.turned for ln in lines[4]].index(True)].text == "附件"  # the label, on line 1
    # Its header, repeated on the second sideways page.
    assert "第一季度第二季度第三季度第四季度" in "".join(ln.text for ln in lines[5] if ln.turned)


def test_sideways_pages_are_numbered_where_the_other_pages_are(example):
    reports = measure(example)
    for report in reports[4:6]:
        assert re.fullmatch(rf"—\s*{report.number}\s*—", report.page_number)
        x, y = report.page_number_pos
        inset = 14 / MM
        assert x == pytest.approx(RIGHT - inset if report.number % 2 else LEFT + inset, abs=0.5)
        assert y == pytest.approx(BOTTOM + 7, abs=0.5)


def test_a_long_sideways_table_fills_each_page_and_repeats_its_header(write_yaml, tmp_path):
    rows = "".join(f"      - [第{i}项, " + ", ".join(str(i + j) for j in range(10)) + "]\n" for i in range(40))
    header = "      - [项目, " + ", ".join(f"指标{j}" for j in range(10)) + "]\n"
    pdf, _ = build_pdf(write_yaml(MINIMAL.replace(BODY, BODY + "  - landscape: true\n    table:\n"
                                                  + header + rows + "  - 以上数据请核实。\n")), tmp_path)
    reports = measure(pdf)
    assert [f for r in reports for f in r.failures] == []
    lines = page_lines(pdf)
    sideways = [i for i, page in enumerate(lines) if any(ln.turned for ln in page)]
    assert len(sideways) == 3  # 40 rows under a repeated header, 14 rows a page
    capacity = int((156 - 0.01 / MM) // PITCH)
    for i in sideways:
        (table,) = grids(pdf, i)
        assert table.rows(turned=True) <= capacity
        assert "项目指标0指标1" in "".join(ln.text for ln in lines[i] if ln.turned)
    assert table.rows(turned=True) == 40 - 2 * (capacity - 1) + 1
    # The text after the table starts a page of its own, upright; no blank page is left at the end.
    after = sideways[-1] + 1
    assert lines[after][0].text == "以上数据请核实。" and len(lines) == after + 1


@pytest.mark.parametrize("landscape", [False, True])
def test_a_row_taller_than_a_page_is_parted_between_its_lines(write_yaml, tmp_path, landscape):
    long = "甲乙丙丁戊己庚辛壬癸" * 60
    columns = ", ".join(f"列{j}" for j in range(10)) if landscape else "说明"
    short = ", ".join(["短"] * 10) if landscape else "短"
    table = (f"  - landscape: {str(landscape).lower()}\n    table:\n      - [序号, {columns}]\n"
             + "".join(f"      - [{i}, {short}]\n" for i in range(12))
             + f"      - [99, {long}{', 1' * 9 if landscape else ''}]\n  - 以上。\n")
    pdf, _ = build_pdf(write_yaml(MINIMAL.replace(BODY, BODY + table)), tmp_path)
    reports = measure(pdf)
    assert [f for r in reports for f in r.failures] == []
    lines = page_lines(pdf)
    text = "".join(ln.text for page in lines for ln in page)
    assert text.count("甲") == 60  # every line of the tall cell printed once
    holding = [i for i, page in enumerate(lines) if any("甲乙" in ln.text for ln in page)]
    assert len(holding) >= 2
    for i in holding:
        assert "序号" in "".join(ln.text for ln in lines[i])  # under the header on every page it spans
        if landscape:  # at most a page of the row's lines, under the header's one line
            assert sum(1 for ln in lines[i] if ln.turned and "甲" in ln.text) <= 15 - 1


def test_table_text_in_3hao_is_not_taken_for_body_lines(write_yaml, tmp_path):
    (tmp_path / "gongwen.toml").write_text("[layout.tables]\nsize_pt = 16\n", encoding="utf-8")
    table = "  - table:\n      - [地区, 说明]\n" + "".join(f"      - [第{i}区, 情况良好]\n" for i in range(30))
    pdf, _ = build_pdf(write_yaml(MINIMAL.replace(BODY, BODY + table + "  - 请各区认真落实。\n")), tmp_path / "out",
                       Project.at(tmp_path))
    reports = measure(pdf, Project.at(tmp_path))
    assert [f for r in reports for f in r.failures] == []
    sizes = {round(ln.size) for lines in page_lines(pdf) for ln in lines if ln.text.startswith("第")}
    assert sizes == {16}
    assert reports[1].body_lines <= 2  # page 2 is table (and the closing): the table rows are not grid lines


def test_a_table_too_wide_even_sideways_is_a_located_error(write_yaml, tmp_path):
    figures = ", ".join(["12345678901234567890"] * 12)
    path = write_yaml(MINIMAL.replace(BODY, BODY + f"  - table:\n      - [{', '.join('x' * 12)}]\n"
                                                   f"      - [{figures}]\n"))
    with pytest.raises(ContentError) as info:
        build_pdf(path, tmp_path)
    (problem,) = info.value.problems
    assert (problem.location.line, problem.location.column) == (5, 5)
    assert "表格太宽" in problem.message


def test_verify_reports_text_over_a_rule_and_a_table_turned_the_wrong_way(tmp_path):
    cell = "<td style='border:0.5pt solid #000;white-space:nowrap;width:{}mm'>{}</td>"
    html = ("<style>@page{size:210mm 297mm;margin:37mm 26mm 35mm 28mm} table{border-collapse:collapse;"
            "table-layout:fixed;width:156mm;font:14pt 'FandolFang R'}</style>"
            f"<table><tr>{cell.format(20, '这一格的文字太长伸进了右边')}{cell.format(136, '右')}</tr>"
            f"<tr>{cell.format(20, '甲')}{cell.format(136, '乙')}</tr></table>"
            "<div style='break-before:page;position:relative;height:200mm'><div style='position:absolute;"
            "width:225mm;transform-origin:0 0;transform:translate(156mm,0) rotate(90deg)'><table><tr>"
            f"{cell.format(100, '表头')}{cell.format(125, '数字')}</tr><tr>{cell.format(100, '甲')}"
            f"{cell.format(125, '乙')}</tr></table></div></div>")
    pdf = tmp_path / "bad.pdf"
    weasyprint.HTML(string=html).write_pdf(pdf)
    reports = measure(pdf)
    assert any("压在表格线上" in f for f in reports[0].failures)
    assert any("表头应在切口一边" in f for f in reports[1].failures)


def test_a_landscape_page_is_measured_as_printed_turned_on_the_sheet(tmp_path):
    """A Word or LibreOffice 横排 section is a landscape page: verify turns it onto the A4 sheet, top to the
    left, so its table stands in the 版心 and reads up the sheet with its head toward the binding."""
    cell = "<td style='border:0.5pt solid #000;padding:0 2mm'>{}</td>"
    rows = "".join("<tr>" + "".join(cell.format(f"{r}-{c}") for c in range(12)) + "</tr>" for r in range(8))
    html = ("<style>@page{size:297mm 210mm;margin:28mm 37mm 26mm 35mm} body{margin:0} "
            "table{border-collapse:collapse;width:225mm;"
            f"font:14pt 'FandolFang R'}}</style><table>{rows}</table>")
    pdf = tmp_path / "landscape.pdf"
    weasyprint.HTML(string=html).write_pdf(pdf)
    (report,) = measure(pdf)
    assert (report.width, report.height) == (pytest.approx(210), pytest.approx(297))
    assert report.failures == []
    assert any("横向页面" in note for note in report.notes) and any("表头朝订口" in note for note in report.notes)
    (table,) = grids(pdf, 0)
    x0, top, x1, bottom = table.box
    assert x0 == pytest.approx(LEFT, abs=0.3) and top >= TOP - 0.3 and bottom == pytest.approx(BOTTOM, abs=0.3)
    assert table.rows(turned=True) == 8 and table.columns(turned=True) == 12
