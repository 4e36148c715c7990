"""The DOCX as a file: gongwen's own minimal package, its styles, fonts, settings, schema validity and content.

What LibreOffice makes of it (the print, the .dotx, documents written in it) is in test_docx_office.py.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
import yaml
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph as DocxParagraph
from lxml import etree
from openxml_audit import FileFormat, OpenXmlValidator
from openxml_audit.verdict import AppPrediction, predict

from conftest import EXAMPLE, ROOT, SAMPLE, outline_texts
from gongwen.cli import main
from gongwen.importing.importer import import_document
from gongwen.model.document import Section
from gongwen.model.loader import load_document
from gongwen.project import Project
from gongwen.render.docx_styles import load_styles, style_role
from gongwen.typeset.layout import MM, load_layout
from pdfutil import build_outputs

OFFICIAL = {"title": "方正小标宋简体", "body": "仿宋_GB2312", "hei": "黑体", "kai": "楷体_GB2312", "song": "宋体"}
EXAMPLES = sorted((ROOT / "content").glob("*.yaml"))
SPECS = load_styles(ROOT / "templates")
LAYOUT = load_layout(Project.at(ROOT))
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W, "a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
PARTS = {"[Content_Types].xml", "_rels/.rels", "docProps/app.xml", "docProps/core.xml", "word/_rels/document.xml.rels",
         "word/document.xml", "word/styles.xml", "word/settings.xml", "word/fontTable.xml", "word/theme/theme1.xml",
         "word/footer1.xml", "word/footer2.xml"}
# Word's built-in styles: their names in the file, and how Chinese Word displays them. A custom style
# named like one of them is listed twice in Word's style pane, or renamed on opening.
BUILTIN_NAMES = {
    "normal", "title", "subtitle", "caption", "header", "footer", "page number", "date", "signature",
    "salutation", "closing", "body text", "body text indent", "normal indent", "footnote text", "endnote text",
    "annotation text", "macro", "plain text", "list paragraph", "no spacing", "quote", "intense quote", "strong",
    "emphasis", "hyperlink", "table grid", "block text", "note heading", "message header", "toc heading",
    *(f"heading {n}" for n in range(1, 10)), *(f"toc {n}" for n in range(1, 10))}
BUILTIN_DISPLAY_NAMES_ZH = {
    "正文", "标题", "副标题", "题注", "页眉", "页脚", "页码", "日期", "签名", "称呼", "结束语", "正文文本",
    "正文文本缩进", "正文缩进", "脚注文本", "尾注文本", "批注文字", "宏文本", "纯文本", "列出段落", "无间隔", "引用",
    "明显引用", "要点", "强调", "超链接", "网格型", "文本块", "注释标题", "信息标题", "TOC 标题", "普通表格",
    "默认段落字体", "无列表", *(f"标题 {n}" for n in range(1, 10)), *(f"目录 {n}" for n in range(1, 10))}


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """Every example built to PDF and DOCX: {name: ((pdf, docx), build)}."""
    out = tmp_path_factory.mktemp("examples")
    return {source.stem: build_outputs(source, out) for source in EXAMPLES}


@pytest.fixture(scope="module")
def built(builds):
    """{name: (pdf, docx)}."""
    return {name: tuple(paths) for name, (paths, _) in builds.items()}


@pytest.fixture(scope="module")
def printer(builds):
    return builds[SAMPLE.stem][1].printer


@pytest.fixture(scope="module")
def sample(built):
    return built[SAMPLE.stem][1]


@pytest.fixture(scope="module")
def example(built):
    return built[EXAMPLE.stem][1]


@pytest.fixture(scope="module")
def dotx(tmp_path_factory):
    path = tmp_path_factory.mktemp("template") / "公文模板.dotx"
    assert main(["template", "--project", str(ROOT), "-o", str(path)]) == 0
    return path


def part(path, name: str) -> etree._Element:
    return etree.fromstring(zipfile.ZipFile(path).read(name))


def style(styles: etree._Element, style_id: str) -> etree._Element:
    (found,) = styles.xpath(f"w:style[@w:styleId='{style_id}']", namespaces=NS)
    return found


def body_texts(document) -> list[str]:
    """Paragraph texts in document order, table cells included, line breaks removed."""
    texts = [DocxParagraph(p, document).text.replace("\n", "") for p in document.element.body.iter(qn("w:p"))]
    return [t for t in texts if t]


def expected_texts(doc, printer) -> list[str]:
    """What the DOCX must say, paragraph by paragraph, computed from the model and its print layout."""
    masthead = printer.masthead(doc)
    if masthead.mark["ink_top"] < 0:  # a 信函: the 标志 is in the first page's header, the rest in a table
        texts = [t.text for t in sorted(masthead.texts, key=lambda t: (t.line, t.x))]
    else:
        texts = [x for x in (doc.copy_number, doc.secrecy, doc.urgency) if x]
        if len(doc.mark_names) > 1:  # a table: the first row holds the first name and the merged 文件
            texts += [doc.mark_names[0], doc.mark_suffix, *doc.mark_names[1:]]
        else:
            texts.append(doc.mark_names[0] + doc.mark_suffix)
        per_line = printer.layout.masthead.signers_per_line
        rows = [doc.signers[i:i + per_line] for i in range(0, len(doc.signers), per_line)]
        for index, row in enumerate(rows):  # 签发人 rows; the 发文字号 on the last
            number = doc.number if index == len(rows) - 1 else ""
            texts.append(f"\t{number}\t{'签发人：' if index == 0 else '　' * 4}{'　'.join(row)}")
        texts += [doc.number] if doc.number and not rows else []
    texts += [doc.title] if doc.title else []
    texts += [doc.recipients_line] if doc.recipients else []
    texts += list(outline_texts(doc.body))
    items = doc.attachment_items
    texts += [("附件：" if i == 0 else "") + item for i, item in enumerate(items)]
    texts += [f"{label}：{'、'.join(names)}" for label, names in doc.attendance]
    closing = printer.closing(doc)  # joint 署名 under seals share a line
    if closing:  # a 签名章's name follows its 职务, hidden
        texts += ["\t".join(t.text for t in sorted(closing.texts, key=lambda t: t.x) if t.line == line)
                  for line in sorted({t.line for t in closing.texts})]
    texts += [doc.note_line] if doc.note else []
    if doc.issued:
        i = doc.issued
        texts += [x for x in (i.title, i.subtitle_line, i.speaker, i.salutation) if x] + list(outline_texts(i.body))
    if doc.glossary:
        g = doc.glossary
        texts += [g.title] + ([g.note_line] if g.note else [])
        texts += [f"{t.number}.{t.term}：{t.definition}" for t in g.entries]
    bodies = [a for a in doc.attachments if a.body]
    for n, a in enumerate(bodies, 1):
        texts += ["附件" + (str(n) if len(doc.attachments) > 1 else ""), a.title] + list(outline_texts(a.body))
    if doc.cc:
        texts.append("抄送：" + "，".join(doc.cc) + "。")
    if doc.printer:
        texts.append(doc.printer.organ + "\t" + doc.printer.date_text)
    return texts


# ── the package ──

@pytest.mark.parametrize("source", EXAMPLES, ids=lambda p: p.stem)
def test_only_gongwens_parts(source, built, printer):
    """The package's parts, plus one picture per seal image, the empty footers of an unnumbered last
    section, a 信函's first-page header and footer, and the page numbers of landscape (横排) sections."""
    doc, path = load_document(source), built[source.stem][1]
    closing = printer.closing(doc)
    images = sorted({seal.image for seal in closing.seals} if closing else set())
    expected = PARTS | {f"word/media/image{n}{Path(image).suffix}" for n, image in enumerate(images, 1)}
    if doc.format == "信函":
        expected |= {"word/header1.xml", "word/footer4.xml"}
    document = docx.Document(path)
    if any(s.orientation == WD_ORIENT.LANDSCAPE for s in document.sections):
        expected |= {"word/footer5.xml", "word/footer6.xml"}
    footers = {ref.get(qn("r:id")) for ref in document.element.body.iter(qn("w:footerReference"))}
    if "rId7" in footers:  # the unnumbered blank and 版记 pages
        expected.add("word/footer3.xml")
    assert set(zipfile.ZipFile(path).namelist()) == expected


def test_template_has_only_gongwens_parts(dotx):
    assert set(zipfile.ZipFile(dotx).namelist()) == PARTS


def test_only_gongwens_styles_each_with_official_fonts_in_every_slot(sample):
    styles = part(sample, "word/styles.xml")
    ids = styles.xpath("w:style/@w:styleId", namespaces=NS)
    assert sorted(ids) == sorted([spec.id for spec in SPECS.values()] + ["DefaultParagraphFont", "TableNormal"])
    for name, spec in SPECS.items():
        if spec.kind == "table":  # 公文表格: rules and cell margins, the fonts are its paragraphs' styles'
            continue
        (fonts,) = style(styles, spec.id).xpath("w:rPr/w:rFonts", namespaces=NS)
        slots = {fonts.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "eastAsia", "cs")}
        assert slots == {OFFICIAL[style_role(spec, LAYOUT)]}, name
    (defaults,) = styles.xpath("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", namespaces=NS)
    assert len(defaults.attrib) == 4 and set(defaults.attrib.values()) == {OFFICIAL["body"]}


@pytest.mark.parametrize("name", ["word/styles.xml", "word/document.xml"])
def test_no_theme_fonts_or_colours(sample, example, name):
    for path in (sample, example):
        xml = zipfile.ZipFile(path).read(name).decode()
        assert not re.search(r'w:\w*[Tt]heme\w*="', xml), path.name


def test_headings_are_words_builtin_heading_styles_restyled(sample):
    styles = part(sample, "word/styles.xml")
    expected = {"部分标题": ("heading 1", "0", "黑体"), "一级标题": ("heading 2", "1", "黑体"),
                "二级标题": ("heading 3", "2", "楷体_GB2312"), "三级标题": ("heading 4", "3", "仿宋_GB2312"),
                "四级标题": ("heading 5", "4", "仿宋_GB2312")}
    for alias, (name, level, font) in expected.items():
        element = style(styles, SPECS[alias].id)
        assert element.find("w:name", NS).get(qn("w:val")) == name
        assert element.find("w:aliases", NS).get(qn("w:val")) == alias
        assert element.find("w:pPr/w:outlineLvl", NS).get(qn("w:val")) == level
        assert element.find("w:next", NS).get(qn("w:val")) == "Normal"  # Enter goes on in body text
        assert element.find("w:rPr/w:rFonts", NS).get(qn("w:eastAsia")) == font
    document = docx.Document(sample)
    by_style = {}
    for p in document.paragraphs:
        by_style.setdefault(p.style.style_id, []).append(p.text)
    assert by_style["Heading2"][0] == "一、城市副中心建设全面进入控规实施阶段"
    assert len(by_style["Heading2"]) == 14 and len(by_style["Heading1"]) == 2


def test_every_style_has_a_next_style_and_no_name_collides_with_a_builtin(sample):
    styles = part(sample, "word/styles.xml")
    for element in styles.xpath("w:style[@w:type='paragraph']", namespaces=NS):
        assert element.find("w:next", NS) is not None, element.get(qn("w:styleId"))
    custom = styles.xpath("w:style[@w:customStyle='1']/w:name/@w:val", namespaces=NS)
    assert len(custom) == sum(not spec.builtin for spec in SPECS.values()) > 20
    for name in custom:
        assert name.lower() not in BUILTIN_NAMES and name not in BUILTIN_DISPLAY_NAMES_ZH, name
    normal = style(styles, "Normal")
    assert normal.get(qn("w:default")) == "1" and normal.find("w:aliases", NS) is None  # Chinese Word shows 正文


def test_word_typography_follows_ecma_376(sample):
    """No hanging punctuation, no automatic space around Latin text, no widow control, in Normal
    (which every paragraph style is based on); full-width punctuation never compressed."""
    normal = style(part(sample, "word/styles.xml"), "Normal").find("w:pPr", NS)
    for flag in ("overflowPunct", "autoSpaceDE", "autoSpaceDN", "widowControl"):
        assert normal.find(f"w:{flag}", NS).get(qn("w:val")) == "0", flag
    settings = part(sample, "word/settings.xml")
    assert settings.find("w:characterSpacingControl", NS).get(qn("w:val")) == "doNotCompress"
    assert settings.find("w:evenAndOddHeaders", NS) is not None
    compat = {s.get(qn("w:name")): s.get(qn("w:val")) for s in settings.iterfind("w:compat/w:compatSetting", NS)}
    assert compat["compatibilityMode"] == "15"  # not Word's 兼容模式
    lang = part(sample, "word/styles.xml").find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert (lang.get(qn("w:val")), lang.get(qn("w:eastAsia"))) == ("en-US", "zh-CN")


def test_theme_fonts_are_the_official_ones(sample):
    theme = part(sample, "word/theme/theme1.xml")
    for kind, font in (("major", "黑体"), ("minor", "仿宋_GB2312")):
        faces = theme.find(f"a:themeElements/a:fontScheme/a:{kind}Font", NS)
        assert {faces.find(f"a:{slot}", NS).get("typeface") for slot in ("latin", "ea", "cs")} == {font}
        assert faces.find("a:font[@script='Hans']", NS).get("typeface") == font
    settings = part(sample, "word/settings.xml")
    assert settings.find("w:themeFontLang", NS).get(qn("w:eastAsia")) == "zh-CN"


def test_font_table_has_every_font_used_with_substitution_hints(sample):
    used = {name for n in ("word/styles.xml", "word/document.xml") for fonts in part(sample, n).iter(qn("w:rFonts"))
            for name in fonts.attrib.values()}
    table = part(sample, "word/fontTable.xml")
    entries = {f.get(qn("w:name")): f for f in table.iterfind("w:font", NS)}
    assert set(entries) == used == set(OFFICIAL.values())
    for name, entry in entries.items():
        assert entry.find("w:charset", NS).get(qn("w:val")) == "86", name  # GB2312
        assert entry.find("w:altName", NS) is not None and entry.find("w:panose1", NS) is not None, name
        assert entry.find("w:family", NS).get(qn("w:val")) in ("modern", "roman", "auto"), name
    assert entries["仿宋_GB2312"].find("w:altName", NS).get(qn("w:val")).split(",")[:2] == ["FangSong_GB2312", "仿宋"]
    assert entries["黑体"].find("w:altName", NS).get(qn("w:val")) == "SimHei"


def test_core_and_app_properties_are_honest(sample, sample_doc, dotx):
    props = docx.Document(sample).core_properties
    assert props.title == sample_doc.title and props.author == "北京市通州区人民政府"
    assert props.subject == sample_doc.number and props.language == "zh-CN"
    assert props.created.date() == sample_doc.date == props.modified.date()
    assert props.last_modified_by == ""  # no program posing as a person
    app = part(sample, "docProps/app.xml")
    ns = {"p": "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"}
    assert app.find("p:Application", ns).text.startswith("gongwen ")
    assert app.find("p:Company", ns).text == "北京市通州区人民政府"
    assert part(dotx, "docProps/core.xml").find("{http://purl.org/dc/elements/1.1/}title") is None


@pytest.mark.parametrize("source", EXAMPLES, ids=lambda p: p.stem)
def test_schema_valid_for_word_2013_with_no_repair_predicted(source, built):
    """openxml-audit, strict, Word 2013 rules: no error, and Word is predicted to open it cleanly."""
    result = OpenXmlValidator(file_format=FileFormat.OFFICE_2013, strict=True).validate(built[source.stem][1])
    assert [e.description for e in result.errors] == []
    assert predict(result).prediction == AppPrediction.OPENS_CLEAN


def test_template_command_refuses_to_overwrite_and_reports_unwritable_paths(dotx, tmp_path, capsys):
    before = dotx.read_bytes()
    assert main(["template", "--project", str(ROOT), "-o", str(dotx)]) == 2
    assert dotx.read_bytes() == before  # a unit's own edits to its template are not lost
    blocked = tmp_path / "a-file"
    blocked.write_text("", encoding="utf-8")
    assert main(["template", "--project", str(ROOT), "-o", str(blocked / "x.dotx")]) == 2
    assert "无法写入" in capsys.readouterr().err


def test_template_is_schema_valid_and_declared_a_template(dotx):
    result = OpenXmlValidator(file_format=FileFormat.OFFICE_2013, strict=True).validate(dotx)
    assert [e.description for e in result.errors] == [] and predict(result).prediction == AppPrediction.OPENS_CLEAN
    types = zipfile.ZipFile(dotx).read("[Content_Types].xml").decode()
    assert "wordprocessingml.template.main+xml" in types and "document.main+xml" not in types
    assert part(dotx, "word/styles.xml").xpath("count(w:style)", namespaces=NS) == len(SPECS) + 2


def test_title_lines_break_inside_runs_as_in_the_pdf(sample, sample_doc):
    body = part(sample, "word/document.xml")
    assert body.xpath("//w:p/w:br", namespaces=NS) == []  # a w:br belongs in a run
    (title,) = [p for p in body.iter(qn("w:p")) if p.find("w:pPr/w:pStyle", NS) is not None
                and p.find("w:pPr/w:pStyle", NS).get(qn("w:val")) == "GongwenTitle"][:1]
    lines = "".join(t.text if t.tag == qn("w:t") else "\n" for t in title.iter(qn("w:t"), qn("w:br"))).split("\n")
    assert "".join(lines) == sample_doc.title and len(lines) == 3


# ── content ──

@pytest.mark.parametrize("source", EXAMPLES, ids=lambda p: p.stem)
def test_round_trip_paragraph_by_paragraph(source, built, printer):
    assert body_texts(docx.Document(built[source.stem][1])) == expected_texts(load_document(source), printer)


SEALED = [s for s in EXAMPLES if (doc := load_document(s)).seal or any(signer.seal for signer in doc.signed_by)]
EMU_PER_PT = 12700
LETTER = ROOT / "content" / "example-letter.yaml"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"


@pytest.mark.parametrize("source", SEALED, ids=lambda p: p.stem)
def test_seals_and_name_seals_are_pictures_behind_the_text(source, built, printer):
    """Each 印章 and 签名章 of the print layout floats behind the text at its size, named for screen readers."""
    seals = printer.closing(load_document(source)).seals
    anchors = part(built[source.stem][1], "word/document.xml").iter(f"{{{WP}}}anchor")
    found = [(a.get("behindDoc"), a.find(f"{{{WP}}}docPr").get("descr"),
              int(a.find(f"{{{WP}}}extent").get("cx")), int(a.find(f"{{{WP}}}extent").get("cy"))) for a in anchors]
    assert [(behind, descr) for behind, descr, _, _ in found] == [("1", seal.alt) for seal in seals]
    for (_, _, cx, cy), seal in zip(found, seals, strict=True):
        assert (cx / EMU_PER_PT, cy / EMU_PER_PT) == pytest.approx((seal.width, seal.height), abs=0.01)


def test_letter_head_is_the_first_pages_header(built, printer):
    """信函 (§10.1): the 标志 framed 30 mm below the paper's top, the red double rules as shapes of 170 mm,
    on the first page only, which has no page number."""
    path = built[LETTER.stem][1]
    layout = printer.layout
    section = docx.Document(path).sections[0]
    assert section.different_first_page_header_footer
    assert section.first_page_footer.paragraphs[0].text == "" and "PAGE" not in section.first_page_footer._element.xml
    assert "PAGE" in section.footer._element.xml  # the pages after it are numbered
    header = part(path, "word/header1.xml")
    (mark,) = header.xpath("w:p[w:pPr/w:framePr]", namespaces=NS)
    frame = mark.find("w:pPr/w:framePr", NS)
    assert "".join(mark.itertext()) == "江北市人民政府办公室"
    assert mark.find("w:pPr/w:pStyle", NS).get(qn("w:val")) == "IssuerMark"
    assert (frame.get(qn("w:hAnchor")), frame.get(qn("w:vAnchor"))) == ("page", "page")
    top, line = int(frame.get(qn("w:y"))) / 20, int(frame.get(qn("w:h"))) / 20
    assert top < layout.letter.mark_top_mm * MM < top + line - printer.masthead(load_document(LETTER)).mark["size"]
    rules = [(int(a.find(f"{{{WP}}}extent").get("cx")) / 36000, int(a.find(f"{{{WP}}}extent").get("cy")) / 36000,
              a.xpath(".//a:srgbClr/@val", namespaces=NS)) for a in header.iter(f"{{{WP}}}anchor")]
    assert [round(w, 2) for w, _, _ in rules] == [layout.letter.rule_length_mm] * 4
    assert [round(h, 2) for _, h, _ in rules] == [layout.letter.thick_rule_mm, layout.letter.thin_rule_mm,
                                                  layout.letter.thin_rule_mm, layout.letter.thick_rule_mm]
    assert {tuple(c) for _, _, c in rules} == {(layout.masthead.mark_color.lstrip("#").upper(),)}


def test_paragraphs_use_styles_and_text_numbers(sample):
    document = docx.Document(sample)
    by_style = {}
    for p in document.paragraphs:
        by_style.setdefault(p.style.style_id, []).append(p.text)
    assert len(by_style["Normal"]) == 64  # the body paragraphs (the sample has no 版记 spacer)
    assert "<w:numPr>" not in zipfile.ZipFile(sample).read("word/document.xml").decode()
    lead = next(p for p in document.paragraphs if p.text.startswith("高位统筹"))
    assert lead.runs[0].style.style_id == "LeadSentence" and lead.runs[0].text == "高位统筹持续加强，顶层设计更加明确。"
    assert not any(r.font.name for p in document.paragraphs for r in p.runs)  # fonts come from styles only


def test_page_setup_grid_and_spacing(sample):
    document = docx.Document(sample)
    section = document.sections[0]
    assert (round(section.page_width.mm, 1), round(section.page_height.mm, 1)) == (210, 297)
    assert abs(section.top_margin.mm - 37) < 0.05 and abs(section.left_margin.mm - 28) < 0.05
    assert abs(section.bottom_margin.mm - 35) < 0.05 and 25.7 < section.right_margin.mm <= 26
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "lines" and grid.get(qn("w:linePitch")) == "579"
    normal = document.styles["Normal"].paragraph_format
    assert normal.line_spacing.pt == pytest.approx(28.95) and normal.widow_control is False
    # 2 grid cells in twips: Word's character unit counts the 16 pt size, which would push a character down.
    assert normal.first_line_indent.pt == pytest.approx(31.6, abs=0.1)
    assert normal.element.pPr.find(qn("w:ind")).get(qn("w:firstLineChars")) is None


def test_footers_page_fields_odd_right_even_left(sample):
    document = docx.Document(sample)
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    for footer, align in ((section.footer, 2), (section.even_page_footer, 0)):
        paragraph = footer.paragraphs[0]
        assert "PAGE" in paragraph._element.xml and paragraph.text.startswith("— ") and paragraph.text.endswith(" —")
        assert paragraph.alignment == align and paragraph.style.style_id == "Footer"
    assert document.styles["Footer"].font.size.pt == 14


def test_record_is_a_table_with_rules_across_the_text_width(example):
    (table,) = [t for t in docx.Document(example).tables if "抄送" in t.rows[0].cells[0].text]
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    sizes = {edge.tag.split("}")[1]: edge.get(qn("w:sz")) for edge in borders}
    assert sizes == {"top": "8", "bottom": "8", "insideH": "6"}  # 0.35 / 0.25 mm in eighths of a point
    margins = table._tbl.tblPr.find(qn("w:tblCellMar"))
    assert {m.tag.split("}")[1]: m.get(qn("w:w")) for m in margins if m.tag.endswith(("left", "right"))} == {
        "left": "280", "right": "280"}  # 1 字 of 4号 inside the rules


def test_same_content_same_bytes(tmp_path):
    first, _ = build_outputs(EXAMPLE, tmp_path / "a", ["docx"])
    second, _ = build_outputs(EXAMPLE, tmp_path / "b", ["docx"])
    assert first[0].read_bytes() == second[0].read_bytes()
    names = zipfile.ZipFile(io.BytesIO(first[0].read_bytes())).infolist()
    assert {i.date_time for i in names} == {(1980, 1, 1, 0, 0, 0)}


@pytest.mark.skipif(not shutil.which("pandoc"), reason="pandoc is not installed")
def test_pandoc_reads_the_headings(sample, sample_doc):
    ast = json.loads(subprocess.run(["pandoc", "-f", "docx", "-t", "json", str(sample)],
                                    capture_output=True, text=True, check=True).stdout)

    def text(inlines) -> str:
        return "".join(i["c"] if i["t"] == "Str" else " " if i["t"] == "Space" else "" for i in inlines)

    headers = [(b["c"][0], text(b["c"][2])) for b in ast["blocks"] if b["t"] == "Header"]
    parts = [n.part for n in sample_doc.issued.body if hasattr(n, "part")]
    first_level = [n.marker + n.heading for n in _walk(sample_doc) if isinstance(n, Section) and n.level == 1]
    assert [t for level, t in headers if level == 1] == parts
    assert [t for level, t in headers if level == 2] == first_level
    assert {level for level, _ in headers} <= {1, 2, 3, 4, 5}


def _walk(doc):
    def nodes(body):
        for node in body:
            yield node
            yield from nodes(getattr(node, "body", []))

    yield from nodes(doc.body)
    if doc.issued:
        yield from nodes(doc.issued.body)



def test_a_name_seal_keeps_its_signers_name_hidden_in_the_text(built):
    """The 签名章 shows the name; the text keeps it after the 职务, hidden, so the DOCX imports whole."""
    path = built["example-order"][1]
    (line,) = [p for p in docx.Document(path).paragraphs if p.text.startswith("市长")]
    assert [(r.text, bool(r.font.hidden)) for r in line.runs if r.text] == [("市长", False), ("\t李明远", True)]
    text, _ = import_document(path)
    assert yaml.safe_load(text)["signed_by"] == [{"title": "市长", "name": "李明远"}]
