"""The PDF measured: page geometry, the 22×28 grid, page numbers, 版头, 版记, fonts, fallbacks."""

from __future__ import annotations

import re

import pytest

from conftest import EXAMPLE, MINIMAL, ROOT, SAMPLE
from gongwen.project import Project
from gongwen.render.pdf import record_place
from gongwen.typeset.fonts import chosen_faces, resolve_fonts
from gongwen.typeset.layout import MM, load_layout
from pdfutil import (
    build_pdf,
    embedded_postscript_names,
    fill_page_two,
    measure,
    page_images,
    page_lines,
    page_rules,
    pdf_font_name,
    write_seal,
)

LAYOUT = load_layout(Project.at(ROOT))
FONTS = resolve_fonts(LAYOUT)
CELL_MM = LAYOUT.cell / MM
RIGHT = 28 + 156


@pytest.fixture(scope="module")
def sample_pdf(tmp_path_factory):
    pdf, build = build_pdf(SAMPLE, tmp_path_factory.mktemp("sample"))
    return pdf, build


@pytest.fixture(scope="module")
def example_pdf(tmp_path_factory):
    return build_pdf(EXAMPLE, tmp_path_factory.mktemp("example"))[0]


def test_sample_passes_verify_on_every_page(sample_pdf):
    reports = measure(sample_pdf[0])
    assert len(reports) >= 30
    assert [f for r in reports for f in r.failures] == []


def test_every_full_page_holds_22_lines_and_full_lines_28_characters(sample_pdf):
    reports = measure(sample_pdf[0])
    plain = [all(abs(ln.size - 16) < 0.1 or abs(ln.size - 14) < 0.1 for ln in lines)
             for lines in page_lines(sample_pdf[0])]  # pages without titles or 版头
    full_pages = [r for r, p in zip(reports, plain, strict=True) if r.last_slot_full and p]
    assert len(full_pages) >= 25
    assert all(r.body_lines == 22 for r in full_pages)
    full = sum(r.full_lines for r in reports)
    assert full > 300 and sum(r.full_lines_ok for r in reports) == full
    flush = sum(r.flush_lines for r in reports)
    assert flush > 450 and sum(r.flush_ok for r in reports) == flush


def test_lines_sit_on_the_grid_and_fill_the_text_block(sample_pdf):
    pitch = LAYOUT.pitch / MM
    for lines in page_lines(sample_pdf[0])[3:-3]:
        body = [ln for ln in lines if abs(ln.size - 16) < 0.1]
        gaps = [b.baseline - a.baseline for a, b in zip(body, body[1:], strict=False)]
        assert all(abs(g / pitch - round(g / pitch)) * pitch < 0.1 for g in gaps)
        if len(body) == 22:
            assert body[0].top >= 37 - 1 and body[-1].bottom <= 262 + 1
            assert min(ln.x0 for ln in body) == pytest.approx(28, abs=0.2)
            assert max(ln.x1 for ln in body) == pytest.approx(RIGHT, abs=0.2)


def test_page_numbers_alternate_sides_seven_mm_below(sample_pdf):
    for number, report in enumerate(measure(sample_pdf[0]), 1):
        assert re.fullmatch(rf"—\s*{number}\s*—", report.page_number)
        x, y = report.page_number_pos
        assert y == pytest.approx(262 + 7, abs=1)
        inset = 14 / MM
        assert x == pytest.approx(RIGHT - inset if number % 2 else 28 + inset, abs=0.5)


def test_page_number_font_is_song_4hao(sample_pdf):
    footer = [lines[-1] for lines in page_lines(sample_pdf[0])]
    assert all(abs(ln.size - 14) < 0.1 for ln in footer)
    assert {font for ln in footer for font in ln.fonts} == {pdf_font_name(FONTS["song"].face)}


def test_embedded_fonts_are_the_faces_chosen(sample_pdf):
    """Each font program in the PDF is the very face the build reported (FandolSong Bold and Regular
    share a family and a weight in fontconfig: asked for the family, the page numbers came out bold)."""
    chosen = {f.postscript for f in chosen_faces(FONTS)}
    embedded = embedded_postscript_names(sample_pdf[0])
    assert FONTS["song"].face.postscript in embedded and embedded <= chosen


def test_masthead_mark_rule_and_title(sample_pdf):
    lines = page_lines(sample_pdf[0])[0]
    red = [ln for ln in lines if ln.color == 0xE60012]
    assert [ln.text for ln in red] == ["北京市通州区人民政府文件"]
    assert red[0].top == pytest.approx(37 + 35, abs=1)
    assert (red[0].x0 + red[0].x1) / 2 == pytest.approx(106, abs=1)
    (rule,) = [r for r in page_rules(sample_pdf[0], 0) if r[4][0] > 0.8]
    assert rule[1] - rule[0] == pytest.approx(156, abs=0.2)
    number = next(ln for ln in lines if ln.text == "通政发〔2020〕1号")
    assert rule[2] - number.bottom == pytest.approx(4, abs=1)
    titles = [ln for ln in lines if abs(ln.size - 22) < 0.1]
    assert "".join(ln.text for ln in titles) == \
        "北京市通州区人民政府关于印发赵磊同志在区六届人大六次会议上作的《政府工作报告》的通知"
    lengths = [len(ln.text) for ln in titles]
    assert len(lengths) == 3 and max(lengths) <= 20
    assert not (lengths[1] < lengths[0] and lengths[1] < lengths[2])  # no hourglass
    assert all(ln.text.count("《") == ln.text.count("》") for ln in titles)  # 书名 not broken
    assert all((ln.x0 + ln.x1) / 2 == pytest.approx(106, abs=1) for ln in titles)
    # Two blank lines between the red rule and the title (§7.3.1).
    assert titles[0].top - rule[3] == pytest.approx(2 * LAYOUT.pitch / MM, abs=LAYOUT.pitch / MM)


def test_heading_fonts_and_lead_sentences(sample_pdf):
    lines = [ln for page in page_lines(sample_pdf[0]) for ln in page]
    heading = next(ln for ln in lines if ln.text.startswith("一、城市副中心建设"))
    assert heading.fonts == {pdf_font_name(FONTS["hei"].face)}
    lead = next(ln for ln in lines if ln.text.startswith("高位统筹持续加强"))
    assert len(lead.fonts) == 2  # the lead sentence in 黑体, the rest in 仿宋
    body = next(ln for ln in lines if ln.text.startswith("现在，我代表"))
    assert body.x0 == pytest.approx(28 + 2 * CELL_MM, abs=0.2)  # 2-character indent


def test_issued_document_and_glossary_start_new_pages(sample_pdf):
    pages = page_lines(sample_pdf[0])
    starts = [i for i, lines in enumerate(pages) if lines and abs(lines[0].size - 22) < 0.1]
    assert [pages[i][0].text for i in starts] == ["政府工作报告", "政府工作报告名词解释"]
    report = pages[starts[0]]
    assert [ln.text for ln in report[1:3]] == ["——2020年1月4日在通州区第六届人民代表大会第六次会议上",
                                                "通州区区长赵磊"]  # the ideographic space is not ink


def test_fonts_reported_once(sample_pdf):
    notes = sample_pdf[1].notes
    assert [n.split("→")[0].strip() for n in notes if n.startswith("字体")] == [
        "字体：标题（小标宋）", "字体：正文（仿宋）", "字体：一级标题（黑体）", "字体：二级标题（楷体）",
        "字体：页码（宋体）"]


def test_every_element_example_record_on_even_last_page(example_pdf):
    reports = measure(example_pdf)
    assert [f for r in reports for f in r.failures] == []
    assert len(reports) % 2 == 0
    rules = [r for r in page_rules(example_pdf, -1) if r[4][0] < 0.5]
    thickness = sorted({round(r[3] - r[2], 2) for r in rules})
    assert thickness == [0.25, 0.35]
    assert max(r[3] for r in rules) == pytest.approx(262, abs=0.2)
    last = [ln.text for ln in page_lines(example_pdf)[-1]]
    assert "抄送：市委办公厅，市人大常委会办公厅，市政协办公厅。" in last
    assert "示例市人民政府办公厅2024年3月5日印发" in last
    first = [ln.text for ln in page_lines(example_pdf)[0]]
    assert first[:3] == ["000001", "秘密★1年", "加急"]


def test_unsealed_signature_and_date_positions(write_yaml, tmp_path):
    text = MINIMAL.replace("signature: 某某市人民政府\n", "signature: [某某市人民政府, 某某市发展和改革委员会]\n")
    pdf, _ = build_pdf(write_yaml(text), tmp_path)
    lines = page_lines(pdf)[0]
    first = next(ln for ln in lines if ln.text == "某某市人民政府" and abs(ln.size - 16) < 0.1)
    sig = next(ln for ln in lines if ln.text == "某某市发展和改革委员会")
    date = next(ln for ln in lines if ln.text == "2024年1月5日")
    assert sig.x1 == pytest.approx(RIGHT - 2 * CELL_MM, abs=0.3)  # 署名 2 字 from the right
    assert first.x1 == pytest.approx(sig.x1, abs=0.3)  # joint 署名 one under another, right-aligned
    assert date.x0 == pytest.approx(sig.x0 + 2 * CELL_MM, abs=0.3)  # date 2 字 right of 署名 start
    body = next(ln for ln in lines if ln.text.startswith("现将"))
    pitch = LAYOUT.pitch / MM
    assert [round((ln.baseline - body.baseline) / pitch, 2) for ln in (first, sig, date)] == [2, 3, 4]


def test_sealed_layout(write_yaml, tmp_path):
    write_seal(tmp_path / "seal.png")
    pdf, _ = build_pdf(write_yaml(MINIMAL + "seal: seal.png\n"), tmp_path / "out")
    lines = page_lines(pdf)[0]
    date = next(ln for ln in lines if ln.text == "2024年1月5日")
    sig = next(ln for ln in lines if ln.text == "某某市人民政府" and abs(ln.size - 16) < 0.1)
    assert date.x1 == pytest.approx(RIGHT - 4 * CELL_MM, abs=0.3)  # §7.3.5.1: date 4 字 from the right
    assert (sig.x0 + sig.x1) / 2 == pytest.approx((date.x0 + date.x1) / 2, abs=0.5)
    (box,) = page_images(pdf, 0)
    assert (box[0] + box[2]) / 2 == pytest.approx((date.x0 + date.x1) / 2, abs=0.5)
    assert box[2] - box[0] == pytest.approx(42, abs=0.5)
    body = next(ln for ln in lines if ln.text.startswith("现将"))
    assert 0 <= box[1] - body.bottom <= LAYOUT.pitch / MM  # seal top within one line of the body
    assert box[1] < sig.top and box[3] > date.bottom  # it covers 署名 and date


def test_missing_glyph_falls_back_on_the_grid_with_located_warning(write_yaml, tmp_path):
    path = write_yaml(MINIMAL.replace("现将有关事项通知如下。", "请漷县镇做好防汛准备。"))
    pdf, build = build_pdf(path, tmp_path / "out")
    assert f"{path}:4:6: 警告：正文字体“FandolFang R”没有“漷”（U+6F37），改用“Noto Serif CJK SC”" in build.notes
    lines = page_lines(pdf)[0]
    line = next(ln for ln in lines if "漷" in ln.text)
    assert line.fonts == {pdf_font_name(FONTS["body"].fallback), pdf_font_name(FONTS["body"].face)}
    assert [f for r in measure(pdf) for f in r.failures] == []


def test_signer_names_are_checked_in_the_kai_font(write_yaml, tmp_path):
    path = write_yaml(MINIMAL + "number: 某政发〔2024〕1号\nsigners: [张漷]\n")
    _, build = build_pdf(path, tmp_path / "out")
    assert f"{path}:8:12: 警告：楷体字体“FandolKai”没有“漷”（U+6F37），改用“AR PL UKai CN”" in build.notes


def test_heading_never_stranded_at_page_foot(write_yaml, tmp_path):
    # 13 one-line paragraphs fill page 1 up to its last line; the heading must move on.
    filler = "".join(f"  - 第{i}段。\n" for i in range(1, 14))
    heading = "  - heading: 工作要求\n    body:\n      - 认真落实。\n"
    text = MINIMAL.replace("  - 现将有关事项通知如下。\n", filler + heading)
    for extra in range(4):
        longer = text.replace("  - 第1段。\n", "  - 第1段。\n" * (1 + extra))
        pdf, _ = build_pdf(write_yaml(longer), tmp_path / str(extra))
        pages = page_lines(pdf)
        heading_page = next(i for i, p in enumerate(pages) if any(ln.text == "一、工作要求" for ln in p))
        body_page = next(i for i, p in enumerate(pages) if any(ln.text == "认真落实。" for ln in p))
        assert heading_page == body_page
        assert [f for r in measure(pdf) for f in r.failures] == []


class _Page:
    def __init__(self, anchors):
        self.anchors = anchors


class _Doc:
    def __init__(self, *pages):
        self.pages = [_Page(a) for a in pages]


@pytest.mark.parametrize(("pages", "expected"), [
    (({}, {"content-end": (0, 300), "record": (0, 700)}), "same-page"),  # ends on page 2 with room
    (({"content-end": (0, 300), "record": (0, 700)},), "own-page"),  # page 1 is odd
    (({}, {"content-end": (0, 690), "record": (0, 650)}), "after-blank"),  # page 2 is full
    (({}, {}, {"content-end": (0, 690), "record": (0, 650)}), "own-page"),  # full odd page 3
])
def test_record_placement_rules(pages, expected):
    assert record_place(_Doc(*pages), LAYOUT) == expected


def test_blank_page_before_record_page_unnumbered(write_yaml, tmp_path):
    """Content filling an even page pushes the 版记 to the next even page, after a blank one."""
    pdf = fill_page_two(write_yaml, tmp_path)
    reports = measure(pdf)
    assert len(reports) == 4 and not reports[2].box
    assert reports[2].page_number is None and reports[3].page_number is None
    assert reports[1].page_number is not None
    assert [f for r in reports for f in r.failures] == []


def test_layout_override_from_project_config(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "doc.yaml").write_text(MINIMAL.replace(
        "  - 现将有关事项通知如下。\n", "".join(f"  - 第{i}段，内容。\n" for i in range(40))), encoding="utf-8")
    (tmp_path / "gongwen.toml").write_text(
        '[layout.grid]\npitch_pt = 28\n\n[layout.fonts]\nbody = ["Noto Serif CJK SC"]\n', encoding="utf-8")
    project = Project.at(tmp_path)
    pdf, build = build_pdf(tmp_path / "content" / "doc.yaml", tmp_path / "out", project)
    lines = [ln for ln in page_lines(pdf)[1] if abs(ln.size - 16) < 0.1]
    assert lines[1].baseline - lines[0].baseline == pytest.approx(28 / MM, abs=0.02)
    assert all(ln.fonts == {"Noto-Serif-CJK-SC"} for ln in lines)
    assert [f for r in measure(pdf, project) for f in r.failures] == []
    assert any("正文（仿宋） → Noto Serif CJK SC" in n for n in build.notes)


def test_verify_command_exit_codes(sample_pdf, tmp_path, capsys):
    from gongwen.cli import main

    assert main(["verify", str(sample_pdf[0]), "--project", str(ROOT)]) == 0
    out = capsys.readouterr().out
    assert "第1页  210.0×297.0 mm" in out and "通过" in out.splitlines()[-1]
    import weasyprint  # a Word-default page: 25.4 mm margins, 12 pt text, no grid

    html = "<p style='font: 12pt FandolFang; margin: 0'>" + "国" * 300 + "</p>"
    weasyprint.HTML(string=html).write_pdf(tmp_path / "plain.pdf", stylesheets=[
        weasyprint.CSS(string="@page { size: A4; margin: 25.4mm }")])
    assert main(["verify", str(tmp_path / "plain.pdf"), "--project", str(ROOT)]) == 1
    out = capsys.readouterr().out
    assert "文字超出版心上边" in out and "未通过" in out
    assert main(["verify", str(tmp_path / "missing.pdf")]) == 2
