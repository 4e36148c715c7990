"""`import`: the raw sample and documents of other kinds become YAML that builds; nothing is lost."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import docx
import pytest
import yaml

from conftest import RAW_SAMPLE, ROOT, outline_texts
from gongwen.cli import main
from gongwen.model.document import Paragraph, Part, Section, walk
from gongwen.model.loader import load_document

FIXTURES = Path(__file__).parent / "fixtures" / "import"
IDEOGRAPH = re.compile(r"[\u4e00-\u9fff]")


def imported(source: Path, tmp_path: Path, *args: str):
    out = tmp_path / (source.stem + ".yaml")
    code = main(["import", str(source), "-o", str(out), *args])
    return code, out


@pytest.fixture(scope="module")
def raw_import(tmp_path_factory):
    if not RAW_SAMPLE.exists():
        pytest.skip("shared/samples is not beside the repository")
    out = tmp_path_factory.mktemp("import") / "sample.yaml"
    assert main(["import", str(RAW_SAMPLE), "-o", str(out), "--fix"]) == 1  # wording errors remain, reported
    return load_document(out), out


def test_raw_sample_has_the_structure_of_the_hand_made_content(raw_import, sample_doc):
    doc, _ = raw_import
    for ours, theirs in ((doc, sample_doc), (doc.issued, sample_doc.issued)):
        nodes, expected = list(walk(ours.body)), list(walk(theirs.body))
        assert sum(isinstance(n, Section) for n in nodes) == sum(isinstance(n, Section) for n in expected)
        assert sum(isinstance(n, Paragraph) for n in nodes) == sum(isinstance(n, Paragraph) for n in expected)
    assert [p.part for p in doc.issued.body if isinstance(p, Part)] == [
        "2019年工作回顾", "2020年工作的总体思路和主要任务"]
    assert [t.term for t in doc.glossary.entries] == [t.term for t in sample_doc.glossary.entries]
    assert (doc.number, doc.title, doc.recipients, doc.date, doc.note) == (
        sample_doc.number, sample_doc.title, sample_doc.recipients, sample_doc.date, sample_doc.note)


def test_raw_sample_text_equals_hand_made_but_for_its_recorded_repairs(raw_import, sample_doc):
    """After --fix the text is the hand-made content's, except where the YAML records a wording repair."""
    doc, _ = raw_import
    ours = list(outline_texts(doc.issued.body))
    theirs = list(outline_texts(sample_doc.issued.body))
    assert len(ours) == len(theirs)
    differing = [(a, b) for a, b in zip(ours, theirs, strict=True) if a != b]
    repairs = (ROOT / "content" / "tongzhou-2020-notice.yaml").read_text(encoding="utf-8").count("# 修复：")
    assert len(differing) <= repairs
    for a, b in differing:  # each difference only adds what the extraction lost
        chars = iter(b)
        assert all(c in chars for c in a), (a[:20], b[:20])


def test_report_accounts_for_every_character(raw_import):
    _, out = raw_import
    text = out.read_text(encoding="utf-8")
    report = "\n".join(line for line in text.splitlines() if line.startswith("#   "))
    values = yaml.safe_load(text)
    kept = _strings(values)
    raw = RAW_SAMPLE.read_text(encoding="utf-8")
    markers = "".join(re.findall(r"^[一二三四五六七八九十]+、", raw, flags=re.M))
    accounted = Counter(IDEOGRAPH.findall(kept + report + markers))
    missing = Counter(IDEOGRAPH.findall(raw)) - accounted
    assert not missing, missing.most_common(5)
    for dropped in ("分享", "字号", "相关解读", "京ICP备20015255号-1"):
        assert dropped in report


def _strings(value) -> str:
    if isinstance(value, dict):
        return "".join(_strings(v) for v in value.values())
    if isinstance(value, list):
        return "".join(_strings(v) for v in value)
    if hasattr(value, "isoformat"):  # dates are data in YAML; the text had them as 2020年2月29日
        return f"{value.year}年{value.month}月{value.day}日"
    return str(value)


@pytest.mark.parametrize(("name", "expected"), [
    ("letter", {"format": "信函", "issuer": "某某市人民政府办公厅", "number": "某政办函〔2024〕12号",
                "title": "某某市人民政府办公厅关于商请支持开展联合检查的函", "recipients": ["某某省应急管理厅"],
                "note": "联系人：张三，电话：12345678"}),
    ("request", {"number": "某县政〔2024〕7号", "signers": ["张三", "李四"], "recipients": ["某某市人民政府"],
                 "attachments": [{"title": "防汛资金使用计划"}], "date": "2024-06-10"}),
    ("reply", {"number": "某政函〔2024〕30号", "title": "某某市人民政府关于同意设立某某产业园的批复",
               "signature": "某某市人民政府", "date": "2024-05-08"}),
    ("decision", {"issuer": "某某市人民政府", "note": "此件公开发布",
                  "recipients": ["各区人民政府", "市政府各委、办、局"]}),
    ("bulletin", {"number": "某政办发〔2024〕9号", "signature": "某某市人民政府办公室"}),
    ("minutes", {"format": "纪要", "issuer": "某某市人民政府常务会议", "number": "〔2024〕3号",  # its 标志, no title
                 "title": "【待填写：标题】", "attendees": ["张三", "李四", "王五"], "date": "2024-03-02"}),
    ("notice-attachments", {"copy_number": "000001", "secrecy": "秘密★1年", "urgency": "加急",
                            "attachments": [{"title": "安全生产大检查重点内容清单"},
                                            {"title": "安全生产大检查情况汇总表"}],
                            "cc": ["市委办公厅", "市人大常委会办公厅"],
                            "printer": {"organ": "示例市人民政府办公厅", "date": "2024-03-05"}}),
])
def test_documents_of_other_kinds(name, expected, tmp_path):
    code, out = imported(FIXTURES / f"{name}.txt", tmp_path)
    assert code in (0, 1)
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    for key, value in expected.items():
        assert json.dumps(data[key], default=str, ensure_ascii=False) == json.dumps(value, ensure_ascii=False), key
    load_document(out)  # it builds


MINUTES = ["江北市人民政府常务会议纪要", "第42期", "研究部署防汛备汛", "和城市供水安全工作",
           "2024年5月8日上午，市长李明远主持召开市政府常务会议，研究部署防汛备汛工作。现将会议议定事项纪要如下：",
           "一、关于防汛备汛工作", "会议要求，各区要于5月20日前完成隐患排查。", "出席：李明远、王建国"]
MINUTES_FIELDS = {"format": "纪要", "issuer": "江北市人民政府常务会议", "number": "第42期",
                  "title": "研究部署防汛备汛和城市供水安全工作", "attendees": ["李明远", "王建国"]}


def test_a_minutes_title_under_its_serial_number(tmp_path):
    """A 纪要's title names its subject, not a 文种: in plain text it is the short lines under the 期号 (§10.3);
    the 期号 makes it no 令."""
    source = tmp_path / "minutes.txt"
    source.write_text("\n".join(MINUTES) + "\n", encoding="utf-8")
    code, out = imported(source, tmp_path)
    assert code == 0
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert {key: data.get(key) for key in MINUTES_FIELDS} == MINUTES_FIELDS


def test_a_title_the_layout_shows_in_a_word_file(tmp_path):
    """Typed in Word without gongwen's styles: the centred lines in 2号 under the 版头 are the title, whatever
    their last word (GB/T 9704 §7.3.1)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    document = docx.Document()
    document.styles["Normal"].font.size = Pt(16)
    lines = [MINUTES[0], "〔2024〕3号", *MINUTES[2:]]  # a number that is no 期号: only the layout shows the title
    for index, text in enumerate(lines):
        paragraph = document.add_paragraph()
        run = paragraph.add_run(text)
        if index < 4:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if index == 0:
            run.font.size, run.font.color.rgb = Pt(26), RGBColor(0xE6, 0, 0)
        elif index in (2, 3):
            run.font.size = Pt(22)
    document.save(tmp_path / "minutes.docx")
    code, out = imported(tmp_path / "minutes.docx", tmp_path)
    assert code == 0
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert {key: data.get(key) for key in MINUTES_FIELDS} == MINUTES_FIELDS | {"number": "〔2024〕3号"}


def test_heading_levels_become_structure(tmp_path):
    _, out = imported(FIXTURES / "bulletin.txt", tmp_path)
    doc = load_document(out)
    assert [n.marker + n.heading for n in walk(doc.body) if isinstance(n, Section)] == [
        "一、基本情况", "（一）检查范围", "（二）发现问题", "1.部分企业责任制不健全。", "2.隐患整改不到位。",
        "二、工作要求"]


def test_existing_output_is_not_overwritten(tmp_path, capsys):
    out = tmp_path / "x.yaml"
    out.write_text("keep", encoding="utf-8")
    assert main(["import", str(FIXTURES / "reply.txt"), "-o", str(out)]) == 2
    assert out.read_text(encoding="utf-8") == "keep"


TRUNCATED = ROOT / "tests" / "corpus" / "cn-guofa-2020-6-web" / "source.txt"  # a web copy cut short: no 署名, no date


def test_a_document_cut_short_imports_with_visible_placeholders(tmp_path, capsys):
    """Never stuck: what the copy lacks becomes a placeholder the report locates; the YAML builds,
    every output shows the placeholder, and `check` and `build --strict` refuse it."""
    out = tmp_path / "content" / "cut.yaml"
    out.parent.mkdir()
    assert main(["import", str(TRUNCATED), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    text = out.read_text(encoding="utf-8")
    lines = text.splitlines()
    located = re.findall(rf"{re.escape(str(out))}:(\d+):(\d+): 缺少(署名|成文日期)", err)
    assert sorted(what for _, _, what in located) == ["成文日期", "署名"]
    for line, column, what in located:  # each points at its placeholder in the YAML
        assert lines[int(line) - 1][int(column) - 1:].startswith(f"【待填写：{what}】")
    assert main(["check", str(out), "--format", "json"]) == 1
    found = json.loads(capsys.readouterr().out)["diagnostics"]
    assert sorted((d["rule"], d["line"]) for d in found if d["rule"] == "GW113") == \
        sorted(("GW113", int(line)) for line, _, _ in located)
    assert main(["build", str(out), "--strict", "--out", str(tmp_path / "strict")]) == 1
    assert not (tmp_path / "strict").exists()
    assert main(["build", str(out), "--out", str(tmp_path / "out")]) == 0
    page = (tmp_path / "out" / "cut.html").read_text(encoding="utf-8")
    word = "\n".join(p.text for p in docx.Document(str(tmp_path / "out" / "cut.docx")).paragraphs)
    from pdfminer.high_level import extract_text

    printed = extract_text(str(tmp_path / "out" / "cut.pdf")).replace(" ", "")
    for shown in (page, word, printed):
        assert "【待填写：署名】" in shown and "【待填写：成文日期】" in shown


def test_a_complete_document_imports_with_exit_0(tmp_path, capsys):
    clean = ROOT / "tests" / "corpus" / "cn-guobanfa-2018-115" / "source.txt"
    out = tmp_path / "complete.yaml"
    assert main(["import", str(clean), "-o", str(out)]) == 0
    assert "【待填写" not in out.read_text(encoding="utf-8")
    assert capsys.readouterr().out.strip() == "未发现问题"
