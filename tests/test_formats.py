"""Every kind of 公文 measured on its PDF: 信函, 命令, 纪要 (GB/T 9704 §10), 签发人 rows (§7.2.6),
one seal per organ and the 签名章 (§7.3.5), against the layout profile's numbers."""

from __future__ import annotations

import shutil

import pytest

from conftest import MINIMAL, ROOT
from gongwen.check.runner import CheckConfig, check_file
from gongwen.project import Project
from gongwen.typeset.fonts import resolve_fonts
from gongwen.typeset.layout import MM, load_layout
from pdfutil import build_pdf, measure, page_images, page_lines, page_rules, pdf_font_name

LAYOUT = load_layout(Project.at(ROOT))
FONTS = resolve_fonts(LAYOUT)
PITCH = LAYOUT.pitch / MM
CELL = LAYOUT.cell / MM
LEFT, TOP = LAYOUT.page.left_mm, LAYOUT.page.top_mm
RIGHT, CENTRE = LEFT + LAYOUT.page.text_width_mm, LEFT + LAYOUT.page.text_width_mm / 2
EXAMPLES = ["example-letter", "example-order", "example-minutes", "example-request", "example-joint-notice"]


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    out = tmp_path_factory.mktemp("formats")
    return {name: build_pdf(ROOT / "content" / f"{name}.yaml", out)[0] for name in EXAMPLES}


def rules(pdf, page: int = 0):
    return sorted(page_rules(pdf, page), key=lambda r: r[2])


def images(pdf, page: int):
    return sorted(page_images(pdf, page))


def line(lines, text):
    return next(ln for ln in lines if ln.text.startswith(text))


def glyph_x(ln, char: str) -> float:
    return ln.glyphs[ln.text.index(char)][0]


def hei(ln) -> bool:
    return pdf_font_name(FONTS["hei"].face) in ln.fonts


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_passes_verify_and_the_checker(name, pdfs):
    assert [f for r in measure(pdfs[name]) for f in r.failures] == []
    result = check_file(ROOT / "content" / f"{name}.yaml", CheckConfig.of(Project.at(ROOT)), fonts=FONTS)
    assert [str(d) for d in result.diagnostics] == []


def test_letter_format(pdfs):
    """§10.1: 标志 30 mm from the paper top, red double rules of 170 mm, elements under the first rule."""
    pdf = pdfs["example-letter"]
    first = page_lines(pdf)[0]
    mark = next(ln for ln in first if ln.color == 0xE60012)
    assert mark.text == "江北市人民政府办公室"  # the organ's name alone
    assert mark.top == pytest.approx(LAYOUT.letter.mark_top_mm, abs=0.5)
    red = [r for r in rules(pdf) if r[4][0] > 0.8]
    assert len(red) == 4 and all(r[0] == pytest.approx(CENTRE - 85, abs=0.2) for r in red)
    assert all(r[1] - r[0] == pytest.approx(LAYOUT.letter.rule_length_mm, abs=0.2) for r in red)
    thickness = [r[3] - r[2] for r in red]
    assert thickness[0] > thickness[1] and thickness[2] < thickness[3]  # thick over thin, thin over thick
    assert red[0][2] - mark.bottom == pytest.approx(LAYOUT.letter.rule_below_mark_mm, abs=1)
    assert red[3][3] == pytest.approx(LAYOUT.page.height_mm - LAYOUT.letter.rule_above_bottom_mm, abs=0.2)
    number = line(first, "加急")  # 紧急程度 at the left and 发文字号 at the right share a baseline
    assert number.text == "加急江政办函〔2024〕15号" and hei(number)
    assert number.x0 == pytest.approx(LEFT, abs=0.2) and number.x1 == pytest.approx(RIGHT, abs=0.3)
    ink_top = number.glyphs[number.text.index("江")][1]  # a body-font character's ink
    assert ink_top - red[1][3] == pytest.approx(LAYOUT.letter.element_gap_pt / MM, abs=0.3)  # 7/8 of 3号
    title = next(ln for ln in first if abs(ln.size - 22) < 0.1)
    assert 2 * PITCH <= title.top - number.bottom < 3 * PITCH
    reports = measure(pdf)
    assert reports[0].page_number is None and reports[1].page_number is not None  # no number on page 1
    last = page_lines(pdf)[-1]
    assert "抄送：江北市应急管理局，江北市水务局。" in [ln.text for ln in last]
    assert not any("印发" in ln.text for ln in last) and rules(pdf, -1) == []  # no 印发 line, no rules


def test_order_format_and_signature_seal(pdfs):
    """§10.2: 标志 20 mm below the 版心 top, no rule, 令号 centred two lines below, body two lines
    below that; §7.3.5.3: 签名章 4 字 from the right, 职务 2 字 left of it, the date a line below."""
    pdf = pdfs["example-order"]
    lines = page_lines(pdf)[0]
    mark = lines[0]
    assert (mark.text, mark.color) == ("江北市人民政府令", 0xE60012)
    assert mark.top == pytest.approx(TOP + LAYOUT.order.mark_top_mm, abs=0.5)
    assert rules(pdf) == []
    number = line(lines, "第12号")
    assert (number.x0 + number.x1) / 2 == pytest.approx(CENTRE, abs=0.3)
    assert 2 * PITCH <= number.top - mark.bottom < 3 * PITCH
    body = line(lines, "《江北市城市供水管理办法》")
    assert not any(abs(ln.size - 22) < 0.1 for ln in lines)  # a 令 has no title
    assert 3 <= (body.baseline - number.baseline) / PITCH < 4  # two blank lines, the body on the grid
    (seal,) = images(pdf, 0)
    title, date = line(lines, "市长"), line(lines, "2024年5月20日")
    end = line(lines, "行。")
    assert seal[2] == pytest.approx(RIGHT - 4 * CELL, abs=0.2)
    assert seal[3] - seal[1] == pytest.approx(LAYOUT.closing.name_seal_height_mm, abs=0.1)
    assert title.x1 == pytest.approx(seal[0] - 2 * CELL, abs=0.3)
    assert (title.top + title.bottom) / 2 == pytest.approx((seal[1] + seal[3]) / 2, abs=1)
    assert title.baseline - end.baseline == pytest.approx(3 * PITCH, abs=0.05)  # two blank lines
    assert date.baseline - title.baseline == pytest.approx(2 * PITCH, abs=0.05)  # one blank line
    assert date.x1 == pytest.approx(RIGHT - 4 * CELL, abs=0.3)


def test_minutes_format_and_attendance_lists(pdfs):
    """§10.3: ×××纪要 35 mm below the 版心 top; 出席/请假/列席 a line below the body, 2 字 in, the
    label in 黑体, wrapped names aligned after the colon; no 署名 or date."""
    pdf = pdfs["example-minutes"]
    first = page_lines(pdf)[0]
    mark = first[0]
    assert (mark.text, mark.top) == ("江北市人民政府常务会议纪要", pytest.approx(TOP + 35, abs=0.5))
    number = line(first, "第42期")
    assert (number.x0 + number.x1) / 2 == pytest.approx(CENTRE, abs=0.3)
    (red,) = [r for r in rules(pdf) if r[4][0] > 0.8]
    assert red[1] - red[0] == pytest.approx(156, abs=0.2)
    lines = page_lines(pdf)[1]
    present, absent, observers = line(lines, "出席："), line(lines, "请假："), line(lines, "列席：")
    last_body = line(lines, "网漏损率")
    assert present.baseline - last_body.baseline == pytest.approx(2 * PITCH, abs=0.05)
    for label in (present, absent, observers):
        assert label.x0 == pytest.approx(LEFT + 2 * CELL, abs=0.2) and hei(label)
    wrapped = [ln for ln in lines if present.baseline < ln.baseline < 200 and ln not in (present, absent, observers)]
    assert len(wrapped) == 3  # 出席 wraps once, 列席 twice
    assert all(ln.x0 == pytest.approx(LEFT + 5 * CELL, abs=0.2) and not hei(ln) for ln in wrapped)
    assert observers.baseline - absent.baseline == pytest.approx(PITCH, abs=0.05)
    assert not any(ln.text.endswith("日") and len(ln.text) < 12 for page in page_lines(pdf) for ln in page)


def test_request_signers_two_per_line(pdfs):
    """§7.2.6: 签发人 two per line in issuing order, aligned; the 发文字号 on the last line; the red
    rule 4 mm below it."""
    pdf = pdfs["example-request"]
    lines = page_lines(pdf)[0]
    mark = lines[0]
    row1, row2 = line(lines, "签发人："), line(lines, "江应急〔2024〕21号")
    assert row1.text == "签发人：冯建华陈立新" and row2.text == "江应急〔2024〕21号何晓东"
    assert 2 * PITCH <= row1.top - mark.bottom < 3 * PITCH
    assert row2.baseline - row1.baseline == pytest.approx(PITCH, abs=0.05)
    assert glyph_x(row2, "何") == pytest.approx(glyph_x(row1, "冯"), abs=0.05)  # columns aligned
    assert row1.x1 == pytest.approx(RIGHT - CELL, abs=0.3)  # 1 字 from the right
    assert row2.x0 == pytest.approx(LEFT + CELL, abs=0.3)  # 发文字号 1 字 from the left
    (red,) = [r for r in rules(pdf) if r[4][0] > 0.8]
    assert red[2] - row2.bottom == pytest.approx(LAYOUT.masthead.rule_gap_mm, abs=1)


def test_single_seal_presses_signature_and_date_and_note_moves_below(pdfs):
    """§7.3.5.1: date 4 字 from the right, 署名 centred on it, the seal over both, its top within a
    line of the text above; the 附注 below the seal."""
    pdf = pdfs["example-request"]
    lines = page_lines(pdf)[1]
    (seal,) = images(pdf, 1)
    sig, date, note = line(lines, "江北市应急管理局"), line(lines, "2024年5月6日"), line(lines, "（联系人")
    above = line(lines, "附件：")
    assert date.x1 == pytest.approx(RIGHT - 4 * CELL, abs=0.3)
    assert (sig.x0 + sig.x1) / 2 == pytest.approx((date.x0 + date.x1) / 2, abs=0.3)
    assert (seal[0] + seal[2]) / 2 == pytest.approx((date.x0 + date.x1) / 2, abs=0.3)
    assert seal[2] - seal[0] == pytest.approx(LAYOUT.closing.seal_size_mm, abs=0.1)
    assert seal[1] < sig.top and seal[3] > date.bottom
    assert 0 <= seal[1] - above.bottom <= PITCH
    assert note.top > seal[3]


def test_joint_seals_one_per_organ_in_rows(pdfs):
    """§7.3.5.1 joint: one seal per organ pressing its 署名, the last also the date; seals in rows,
    not touching, inside the 版心."""
    pdf = pdfs["example-joint-notice"]
    page = next(i for i in range(len(page_lines(pdf))) if images(pdf, i))
    lines = page_lines(pdf)[page]
    seals = sorted(images(pdf, page), key=lambda b: (round(b[1]), b[0]))
    assert len(seals) == 3
    names = ["示例市人民政府", "示例市发展和改革委员会", "示例市应急管理局"]
    row = next(ln for ln in lines if ln.text == names[0] + names[1])
    for seal, name in zip(seals, names, strict=True):
        assert seal[2] - seal[0] == pytest.approx(42, abs=0.1)
        assert seal[0] >= LEFT and seal[2] <= RIGHT
        target = row if name in row.text else line(lines, name)
        start = target.text.index(name)
        x0, x1 = target.glyphs[start][0], target.glyphs[start + len(name) - 1][2]
        assert (x0 + x1) / 2 == pytest.approx((seal[0] + seal[2]) / 2, abs=0.3)  # centred on its 署名
        assert seal[1] < target.top and seal[3] > target.bottom
    for i, a in enumerate(seals):
        for b in seals[i + 1:]:
            distance = ((a[0] + a[2] - b[0] - b[2]) ** 2 + (a[1] + a[3] - b[1] - b[3]) ** 2) ** 0.5 / 2
            assert distance > 42  # not touching
    assert seals[0][1] == pytest.approx(seals[1][1], abs=0.01)  # a row
    date = line(lines, "2024年3月5日")
    assert seals[2][1] < date.top and seals[2][3] > date.bottom
    assert line(lines, "（此件公开发布）").top > max(s[3] for s in seals)


def faulty(tmp_path, name: str, settings: str):
    """Build an example in a project whose layout breaks a rule, for `verify` to catch."""
    project = tmp_path / "project"
    (project / "content").mkdir(parents=True)
    (project / "content" / f"{name}.yaml").write_text(
        (ROOT / "content" / f"{name}.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    shutil.copytree(ROOT / "content" / "seals", project / "content" / "seals")  # a link out would be refused
    (project / "gongwen.toml").write_text(settings, encoding="utf-8")
    return build_pdf(project / "content" / f"{name}.yaml", tmp_path / "out", Project.at(project))[0]


def verify_output(pdf, capsys) -> str:
    from gongwen.cli import main

    assert main(["verify", str(pdf), "--project", str(ROOT)]) == 1
    return capsys.readouterr().out


def test_verify_fails_on_a_letter_mark_at_72_mm(tmp_path, capsys):
    pdf = faulty(tmp_path, "example-letter", "[layout.letter]\nmark_top_mm = 72\n")
    out = verify_output(pdf, capsys)
    page1 = out.split("第2页")[0]
    assert "版式：信函格式" in page1
    assert "✗ 信函格式的发文机关标志上边缘在 71.8 mm，应在 30.0 mm（纸张上边缘下 30 mm）" in page1


def test_verify_fails_on_an_overprinted_signer(tmp_path, capsys, monkeypatch):
    """Six 签发人 on one line (the old layout) run over the 发文字号: the build refuses it, and a PDF
    made anyway fails `verify` with the page and the place."""
    from gongwen.errors import ContentError
    from gongwen.render.printing import PrintLayout

    settings = "[layout.masthead]\nsigners_per_line = 6\n"
    six = "signers: [冯建华, 陈立新, 何晓东, 欧阳明华, 王磊, 李四]\n"
    text = (ROOT / "content" / "example-request.yaml").read_text(encoding="utf-8")
    text = text.replace("signers:\n  - 冯建华\n  - 陈立新\n  - 何晓东\n", six)
    source = tmp_path / "example-request.yaml"
    source.write_text(text, encoding="utf-8")
    shutil.copytree(ROOT / "content" / "seals", tmp_path / "seals")
    (tmp_path / "gongwen.toml").write_text(settings, encoding="utf-8")
    with pytest.raises(ContentError, match=r"example-request\.yaml:9:10: 签发人姓名太长，与发文字号在同一行放不下"):
        build_pdf(source, tmp_path / "refused", Project.at(tmp_path))
    monkeypatch.setattr(PrintLayout, "_signers_fit", lambda self, doc, x: True)
    pdf, _ = build_pdf(source, tmp_path / "out", Project.at(tmp_path))
    out = verify_output(pdf, capsys)
    page1 = out.split("第2页")[0]
    assert "✗ 文字重叠：" in page1


def test_verify_fails_on_a_seal_over_the_body(tmp_path, capsys):
    pdf = faulty(tmp_path, "example-request", "[layout.closing]\nseal_top_lines = -1.5\n")
    out = verify_output(pdf, capsys)
    assert "✗ 印章（124.1,93.2 mm）压住了“附件：2024年度市”；印章只能压署名和成文日期" in out.split("第2页")[1]


@pytest.mark.parametrize(("name", "settings", "failure"), [
    ("example-joint-notice", "[layout.closing]\nseal_gap_mm = -30", "✗ 印章相交或相切"),
    ("example-request", "[layout.closing]\nseal_size_mm = 80", "✗ 印章超出版心"),
    ("example-order", "[layout.closing]\nname_seal_title_chars = -3", "压住了“市长”"),
    ("example-letter", "[layout.letter]\nfirst_page_number = true", "✗ 信函格式首页不显示页码"),
    ("example-request", "[layout.masthead]\nrule_gap_mm = -12", "在红色分隔线上或分隔线与标题之间"),
])
def test_verify_names_each_broken_rule(name, settings, failure, tmp_path, capsys):
    assert failure in verify_output(faulty(tmp_path, name, settings + "\n"), capsys)


def test_codes_that_run_into_the_mark_are_refused(write_yaml):
    from gongwen.errors import ContentError

    order = (ROOT / "content" / "example-order.yaml").read_text(encoding="utf-8")
    codes = 'format: 命令\ncopy_number: "000001"\nsecrecy: 秘密\nurgency: 特急\n'
    path = write_yaml(order.replace("format: 命令\n", codes))
    shutil.copytree(ROOT / "content" / "seals", path.parent / "seals")
    with pytest.raises(ContentError, match=r"doc\.yaml:9:10: 份号、密级、紧急程度与发文机关标志重叠"):
        build_pdf(path, path.parent / "out")


def test_a_closing_that_does_not_fit_takes_the_last_body_line_along(write_yaml, tmp_path):
    """§7.3.5.5: the seal never stands on a page without text of the body."""
    seal = "jiangbei-office.png"  # copied beside the file: an absolute path would be refused
    shutil.copy(ROOT / "content" / "seals" / seal, tmp_path)
    pages = []
    for count in (5, 6, 7):  # the closing fits page 1, then no longer does
        body = "".join(f"  - 第{i}段。\n" for i in range(count))
        text = MINIMAL.replace("  - 现将有关事项通知如下。\n", body) + f"seal: {seal}\n"
        pdf, _ = build_pdf(write_yaml(text, f"d{count}.yaml"), tmp_path / str(count))
        page = next(i for i in range(len(page_lines(pdf))) if images(pdf, i))
        (box,) = images(pdf, page)
        above = [ln for ln in page_lines(pdf)[page] if ln.bottom < box[1] and ln.text.startswith("第")]
        assert above and 0 <= box[1] - above[-1].bottom <= PITCH
        assert [f for r in measure(pdf) for f in r.failures] == []
        pages.append(page)
    assert pages == [0, 1, 1]


def test_verify_fails_on_an_order_with_a_rule_and_a_low_mark(tmp_path, capsys):
    pdf = faulty(tmp_path, "example-order", "[layout.order]\nmark_top_mm = 35\nnumber_gap_lines = 4\n")
    out = verify_output(pdf, capsys)
    assert "✗ 命令格式的发文机关标志上边缘在 71.8 mm，应在 57.0 mm（版心下 20 mm）" in out
    assert "“第12号”在发文机关标志下" in out
