"""What real offices' Word files do that gongwen's own do not, read the way the page shows them.

Found on the office originals of tests/corpus (published .doc files; see tests/corpus/README.md): a template's
文种 word left in white between the title and the 发文字号, and a joint 署名 spaced out with Word's no-break and
en spaces. Each is shown on a Word file written here (runs in CI) and on the real file when it has been fetched.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
import yaml
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from conftest import ROOT
from corpusutil import CORPUS
from gongwen.check.runner import CheckConfig, check_file
from gongwen.importing.importer import import_document
from gongwen.importing.readers import read_source, word
from gongwen.importing.readers.office import flattened
from gongwen.model.loader import load_document
from gongwen.project import Project

PROJECT = Project.at(ROOT)


def _word(path: Path, lines: list[tuple[str, str]]) -> Path:
    """A Word file of (alignment, text) paragraphs; text between ⟦ ⟧ is set in white."""
    document = docx.Document()
    for align, text in lines:
        paragraph = document.add_paragraph()
        paragraph.alignment = {"c": WD_ALIGN_PARAGRAPH.CENTER, "r": WD_ALIGN_PARAGRAPH.RIGHT,
                               "j": WD_ALIGN_PARAGRAPH.JUSTIFY}[align]
        for index, part in enumerate(text.replace("⟧", "⟦").split("⟦")):
            run = paragraph.add_run(part)
            run.font.size = Pt(22 if align == "c" and index == 0 and "号" not in part else 16)
            if index % 2:
                run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    document.save(path)
    return path


def _imported(path: Path) -> dict:
    text, _ = import_document(path, project=PROJECT)
    return yaml.safe_load(text)


def test_white_template_text_is_not_read(tmp_path):
    """A 文种 word whitened out in the template is not on the page: not the title, not the 文种, not the body."""
    path = _word(tmp_path / "white.docx", [
        ("c", "关于做好防汛工作的通知"), ("c", "⟦批复⟧"), ("c", "江防发〔2024〕3号"), ("j", "各区县："),
        ("j", "请做好防汛工作。"), ("r", "江北市防汛办公室"), ("r", "2024年5月6日")])
    assert "批复" not in [b.text for b in read_source(path, PROJECT).blocks]
    data = _imported(path)
    assert data["title"] == "关于做好防汛工作的通知"
    assert "批复" not in yaml.safe_dump(data, allow_unicode=True)


def test_joint_signature_spaced_with_word_spaces(tmp_path):
    """Two organs on one 署名 line, apart by a no-break space and en spaces (U+00A0, U+2002), are two 署名."""
    path = _word(tmp_path / "joint.docx", [
        ("c", "江北市农业农村局\u00a0\u2002江北市财政局关于印发补贴方案的通知"), ("j", "各区县农业农村局、财政局："),
        ("j", "现将方案印发给你们。"), ("r", "江北市农业农村局\u00a0" + "\u2002" * 12 + "江北市财政局"),
        ("r", "2024年7月1日")])
    assert _imported(path)["signature"] == ["江北市农业农村局", "江北市财政局"]


def _original(name: str) -> Path:
    answer = yaml.safe_load((CORPUS / name / "answer.yaml").read_text(encoding="utf-8"))
    path = CORPUS / name / answer["original"]
    if not path.exists():
        pytest.skip(f"{name}：原件未取回（python bench/corpus_originals.py）")
    return path


def test_real_doc_with_white_template_word():
    """浙保监发[2009]33号: “批复” in white between the title and the 文号 (a .doc made from an older template)."""
    data = _imported(_original("prov-zhebaojianfa-2009-33-doc"))
    assert data["title"] == "关于加强浙江省打击保险领域违法犯罪协调配合工作的通知"
    assert data.get("kind", "通知") == "通知" and data["number"] == "浙保监发〔2009〕33号"


def test_real_doc_with_joint_signature_in_en_spaces():
    """海南省农业农村厅、海南省财政厅's notice: the 署名 line is spaced with U+00A0 and U+2002."""
    assert _imported(_original("prov-hainan-nongji-2024-doc"))["signature"] == ["海南省农业农村厅", "海南省财政厅"]


def test_small_bracket_doc_number(tmp_path):
    """A 文号 typed with Word's small ﹝﹞ (U+FE5D/FE5E) is a 文号: the title above it is found, the number is written
    with 〔〕 (and the report says so)."""
    path = _word(tmp_path / "small.docx", [
        ("c", "江北市应急管理局 江北市财政局"), ("c", "关于做好防汛物资储备工作的通知"), ("j", "江应急发﹝2013﹞36号"),
        ("j", "各区县应急管理局、财政局："), ("j", "请做好防汛物资储备工作。"),
        ("r", "江北市应急管理局      江北市财政局"), ("r", "2013年7月16日")])
    data = _imported(path)
    assert data["title"] == "江北市应急管理局 江北市财政局关于做好防汛物资储备工作的通知"
    assert data["number"] == "江应急发〔2013〕36号"


def test_signature_typed_on_the_attachment_line(tmp_path):
    """附件：1. A      2. B          机关 in one paragraph: two attachments and the 署名, for import and check."""
    path = _word(tmp_path / "inline.docx", [
        ("c", "江北市应急管理局关于印发考评办法的通知"), ("c", "江应急发〔2018〕189号"), ("j", "各区县应急管理局："),
        ("j", "现将考评办法印发给你们，请认真执行。"),
        ("c", "附件：1. 考评指标表      2. 考评操作表                         江北市应急管理局"),
        ("r", "2018年9月11日")])
    data = _imported(path)
    assert [a["title"] for a in data["attachments"]] == ["考评指标表", "考评操作表"]
    assert data["signature"] in ("江北市应急管理局", ["江北市应急管理局"])
    checked = check_file(path, CheckConfig.of(PROJECT)).diagnostics
    assert "GW114" not in [d.rule for d in checked]


def test_attachment_name_broken_into_the_next_paragraph(tmp_path):
    """…机具种类范 / 围, …指导目录（2020 / 年）: a name typed on, by hand, into a paragraph of its own is one name,
    for import and for the checker (its brackets pair across the break)."""
    path = _word(tmp_path / "broken.docx", [
        ("c", "江北市农业农村局关于印发补贴实施方案的通知"), ("j", "各区县农业农村局："), ("j", "现将方案印发给你们。"),
        ("j", "附件：1.2024—2026年江北市农机购置与应用补贴机具种类范"), ("j", "围"),
        ("j", "2.江北市农机购置与应用补贴机具分类指导目录（2024"), ("j", "年）"),
        ("r", "江北市农业农村局"), ("r", "2024年7月1日")])
    assert [a["title"] for a in _imported(path)["attachments"]] == [
        "2024—2026年江北市农机购置与应用补贴机具种类范围", "江北市农机购置与应用补贴机具分类指导目录（2024年）"]
    assert check_file(path, CheckConfig.of(PROJECT)).diagnostics == []


def test_a_label_under_an_attachment_that_opens_with_a_table(tmp_path):
    """附件2, then a table, then 备注：: the 备注 is the table's note, not the attachment's title (no GW105)."""
    document = docx.Document()
    for text in ("江北市应急管理局关于报送物资清单的通知", "各区县应急管理局：", "请按附件报送。", "江北市应急管理局",
                 "2024年5月6日", "附件2"):
        document.add_paragraph(text)
    table = document.add_table(rows=2, cols=2)
    for column, text in enumerate(("物资", "数量")):
        table.cell(0, column).text = text
    table.cell(1, 0).text, table.cell(1, 1).text = "帐篷", "20"
    for text in ("备注：", "1.数量以顶为单位。"):
        document.add_paragraph(text)
    document.save(tmp_path / "note.docx")
    assert "GW105" not in [d.rule for d in check_file(tmp_path / "note.docx", CheckConfig.of(PROJECT)).diagnostics]


def test_regulation_title_over_its_first_chapter(tmp_path):
    """A 办法 published alone: centred title, 第一章, 第一条…: the title is the title, nothing is dropped."""
    path = _word(tmp_path / "rules.docx", [
        ("c", "江北市应急物资储备"), ("c", "管理办法"), ("c", "第一章  总 则"),
        ("j", "第一条 为加强应急物资储备管理，制定本办法。"), ("j", "第二条 本办法适用于本市应急物资的储备。")])
    text, report = import_document(path, project=PROJECT)
    data = yaml.safe_load(text)
    assert data["title"] == "江北市应急物资储备管理办法"
    assert data["body"][0] == "第一章  总 则"
    assert not report.dropped


def test_table_whose_first_row_spans_two(tmp_path):
    """A Word table that marks no header row, its 序号 cell spanning the two heading rows: the header is two
    rows, and the imported YAML builds."""
    document = docx.Document()
    for text in ("江北市应急管理局关于报送鉴定情况的通知", "各区县应急管理局：", "请按下表报送。"):
        document.add_paragraph(text)
    table = document.add_table(rows=3, cols=4)
    table.cell(0, 0).merge(table.cell(1, 0)).text = "序号"
    table.cell(0, 1).merge(table.cell(0, 3)).text = "鉴定情况"
    for column, text in enumerate(("机构", "文书编号", "等级"), 1):
        table.cell(1, column).text = text
    table.cell(2, 0).text = "1"
    for text in ("江北市应急管理局", "2024年5月6日"):
        document.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.save(tmp_path / "table.docx")
    text, _ = import_document(tmp_path / "table.docx", project=PROJECT)
    (tmp_path / "table.yaml").write_text(text, encoding="utf-8")
    node = next(p for p in load_document(tmp_path / "table.yaml").body if getattr(p, "table", None))
    assert node.head == 2


def test_real_files_with_these_quirks():
    """On the originals: ﹝﹞ 文号 (浙保监发﹝2013﹞36号, whose table also spans its heading), the 署名 on the
    附件说明's line (浙银监发〔2018〕189号), a 办法 published alone, a name broken over two paragraphs (海南)."""
    joint = _imported(_original("prov-zhebaojianfa-2013-36-doc"))
    assert joint["number"] == "浙保监发〔2013〕36号"
    assert joint["signature"] == ["浙江保监局", "浙江省司法厅", "宁波保监局"]
    inline = _imported(_original("prov-zheyinjianfa-2018-189-doc"))
    assert len(inline["attachments"]) == 2
    assert inline["signature"] in ("中国银监会浙江监管局", ["中国银监会浙江监管局"])
    rules = _imported(_original("prov-hubaojian-2018-kaoshi-docx"))
    assert rules["title"] == "上海保险分支机构高级管理人员任职资格考试管理办法"
    assert _imported(_original("prov-hainan-nongji-2024-doc"))["attachments"][0]["title"].endswith("种类范围")


def test_placeholders_are_reported_once(tmp_path):
    """A Word file with no text (two WPS-saved .doc files published by a regulator are such): the import holds
    placeholders, and `check` reports each as missing (GW113) — not the colon or the missing full stop inside
    【待填写：正文】 as the document's punctuation."""
    docx.Document().save(tmp_path / "empty.docx")
    text, _ = import_document(tmp_path / "empty.docx", project=PROJECT)
    (tmp_path / "empty.yaml").write_text(text, encoding="utf-8")
    rules = {d.rule for d in check_file(tmp_path / "empty.yaml", CheckConfig.of(PROJECT)).diagnostics}
    assert rules == {"GW113"}


def test_merge_field_codes_left_as_text_are_dropped(tmp_path):
    """What LibreOffice writes for an OA system's .doc: a run with a w:t for each paragraph of a merge field's
    result (so the .doc is read through OpenDocument instead) and nested codes left as text."""
    document = docx.Document()
    run = document.add_paragraph().add_run("根据《")
    for text in (" MERGEFIELD title ", "关于加快农业保险高质量发展的指导意见", "》，制定本方案。"):
        element = OxmlElement("w:t")
        element.text = text
        element.set(qn("xml:space"), "preserve")
        run._r.append(element)
    document.save(tmp_path / "merged.docx")
    assert flattened(tmp_path / "merged.docx")
    texts = [b.text for b in word.read(tmp_path / "merged.docx", project=PROJECT, converted=True).blocks]
    assert texts == ["根据《关于加快农业保险高质量发展的指导意见》，制定本方案。"]
    assert not flattened(_word(tmp_path / "plain.docx", [("j", "正文。")]))


def test_real_doc_filled_by_merge_fields():
    """浙银保监办发〔2021〕171号: body, 署名 and date in merge fields; LibreOffice's Word export ran them into one
    paragraph with ` MERGEFIELD title ` in it."""
    data = _imported(_original("prov-zheyinbaojianbanfa-2021-171-doc"))
    assert data["signature"] in ("中国银保监会浙江监管局办公室", ["中国银保监会浙江监管局办公室"])
    assert str(data["date"]) == "2021-11-26"
    assert "MERGEFIELD" not in yaml.safe_dump(data, allow_unicode=True)
