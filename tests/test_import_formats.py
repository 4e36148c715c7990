"""Import from Word 97–2003 (.doc), WPS, text PDFs and OFD, on real files made by a real office suite.

The corpus holds texts as published on portals, not .doc, PDF or OFD files, so the files are made here
from corpus texts the way an office makes them: a Word document with the 公文 fonts and direct
formatting (no gongwen styles), saved as .doc and printed to PDF by LibreOffice, and that print written
as an OFD the way other producers write theirs. gongwen's own DOCX, PDF and OFD are read back in
tests/test_own_output.py.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
import yaml
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from conftest import EXAMPLE, ROOT
from corpusutil import CORPUS, Case, evaluate
from gongwen.build.pipeline import Build, build_file
from gongwen.cli import main
from gongwen.importing.importer import import_document
from gongwen.importing.readers import read_source
from gongwen.office import convert, fontconfig_aliases
from gongwen.project import Project
from gongwen.typeset.fonts import resolve_fonts
from gongwen.typeset.layout import load_layout
from ofdutil import office_ofd, schema_dir, schema_errors

PROJECT = Project.at(ROOT)
# Three kinds, three layouts: a title over two lines with a 汉字 date (1981), run-in headings and
# continuous numbering (意见, 2018), a 批复 with a short body (函格式 number).
OFFICE_CASES = ["cn-guofa-1981-88", "cn-guobanfa-2018-115", "cn-guohan-2018-144"]
requires_office = pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")


def office_docx(folder: Path, target: Path) -> Path:
    """The corpus text as an office types it in Word: 仿宋 3号, a 2号 centred title, the 发文字号 centred,
    indented body paragraphs, 署名 and date set right — formatting by hand, no named styles."""
    answer = yaml.safe_load((folder / "answer.yaml").read_text(encoding="utf-8"))
    furniture = set(answer.get("furniture") or [])
    lines = [line.strip() for line in (folder / "source.txt").read_text(encoding="utf-8").splitlines()
             if line.strip() and line.strip() not in furniture]
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = document.styles["Normal"]
    normal.font.size = Pt(16)
    _font(normal.element.get_or_add_rPr(), "仿宋_GB2312")
    normal.paragraph_format.line_spacing, normal.paragraph_format.space_after = Pt(28.95), Pt(0)
    title, signatures = _bare(answer["title"] or ""), {_bare(s) for s in answer["signature"] or []}
    placed = ""
    for text in lines:
        paragraph = document.add_paragraph()
        run = paragraph.add_run(text)
        words = _bare(text)
        if words and words in title[len(placed):len(placed) + len(words)] and len(placed) < len(title):
            placed += _bare(text)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run.font.size = Pt(22)
            _font(run._element.get_or_add_rPr(), "方正小标宋简体")
        elif _bare(text) == _bare(answer.get("number") or ""):
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif _bare(text) in signatures or (text.endswith("日") and "年" in text and len(text) < 16):
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            paragraph.paragraph_format.right_indent = Pt(64)
        elif text.endswith("：") and len(text) < 80 and placed:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
        else:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            paragraph.paragraph_format.first_line_indent = Pt(32)
    document.save(target)
    return target


def _bare(text: str) -> str:
    return text.replace(" ", "").replace("\u3000", "")


def _font(r_pr, name: str) -> None:
    fonts = r_pr.get_or_add_rFonts()
    for attr in ("ascii", "hAnsi", "eastAsia"):
        fonts.set(qn(f"w:{attr}"), name)


@pytest.fixture(scope="module")
def office_files(tmp_path_factory):
    """For each case: the .doc LibreOffice saved and the PDF it printed from that .doc."""
    if not shutil.which("soffice"):
        pytest.skip("LibreOffice is not installed")
    work = tmp_path_factory.mktemp("office")
    layout = load_layout(PROJECT)
    fonts_conf = fontconfig_aliases(layout, resolve_fonts(layout))
    files = {}
    for name in OFFICE_CASES:
        written = office_docx(CORPUS / name, work / f"{name}.docx")
        doc = convert(written, work / "doc", "doc")
        files[name] = (doc, convert(doc, work / "pdf", "pdf", fonts_conf))
    return files


@requires_office
@pytest.mark.parametrize("name", OFFICE_CASES)
def test_doc_saved_by_an_office_suite_imports_like_its_text(name, office_files):
    doc, _ = office_files[name]
    assert doc.read_bytes()[:8] == bytes.fromhex("d0cf11e0a1b11ae1")  # an OLE compound file: a real .doc
    outcome = evaluate(Case(CORPUS / name, doc, _answer(name)), PROJECT)
    assert outcome.wrong() == {}
    assert outcome.errors == []


@requires_office
@pytest.mark.parametrize("name", OFFICE_CASES)
def test_text_pdf_printed_by_an_office_suite_imports_like_its_text(name, office_files):
    _, pdf = office_files[name]
    assert pdf.read_bytes()[:5] == b"%PDF-"
    outcome = evaluate(Case(CORPUS / name, pdf, _answer(name)), PROJECT)
    assert outcome.wrong() == {}
    assert outcome.errors == []


@requires_office
def test_wps_in_the_word_compatible_format_imports(office_files, tmp_path):
    """WPS 文字 saves .wps in the Word 97 compound format; LibreOffice reads it by its content."""
    doc, _ = office_files[OFFICE_CASES[0]]
    wps = tmp_path / "notice.wps"
    shutil.copy(doc, wps)
    text, report = import_document(wps)
    assert yaml.safe_load(text)["title"] == _answer(OFFICE_CASES[0])["title"]
    assert report.missing == []


@requires_office
@pytest.mark.parametrize("target", ["rtf", "odt"])
def test_rtf_and_opendocument_import_like_the_doc(target, office_files, tmp_path):
    name = OFFICE_CASES[1]
    converted = convert(office_files[name][0], tmp_path, target)
    outcome = evaluate(Case(CORPUS / name, converted, _answer(name)), PROJECT)
    assert outcome.wrong() == {}


def test_gb18030_text_imports_like_utf8(tmp_path):
    """Older editors and portals save Chinese text as GBK/GB18030; it reads the same, and the report says so."""
    name = "cn-guobanfa-2018-115"
    source = tmp_path / "gbk.txt"
    source.write_bytes((CORPUS / name / "source.txt").read_text(encoding="utf-8").encode("gb18030"))
    outcome = evaluate(Case(CORPUS / name, source, _answer(name)), PROJECT)
    assert outcome.wrong() == {}
    assert "按 GB18030 编码读取" in outcome.yaml_text


def test_unreadable_doc_is_a_located_error(tmp_path, capsys):
    broken = tmp_path / "broken.doc"
    broken.write_bytes(b"\xd0\xcf\x11\xe0 not really a document")
    assert main(["import", str(broken), "-o", str(tmp_path / "x.yaml")]) == 2
    assert f"{broken}:1:1:" in capsys.readouterr().err
    assert not (tmp_path / "x.yaml").exists()


def _answer(name: str) -> dict:
    return yaml.safe_load((CORPUS / name / "answer.yaml").read_text(encoding="utf-8"))


def test_a_pdf_without_text_asks_for_ocr(tmp_path, capsys):
    """A scanned page has no characters to read: said so, located, not guessed at."""
    import weasyprint

    scan = tmp_path / "scan.pdf"
    weasyprint.HTML(string='<div style="width:10cm;height:5cm;background:#888"></div>').write_pdf(scan)
    assert main(["import", str(scan), "-o", str(tmp_path / "scan.yaml")]) == 2
    assert f"{scan}:1:1: PDF 中没有文字（扫描件？）" in capsys.readouterr().err


@requires_office
@pytest.mark.parametrize("name", OFFICE_CASES)
def test_ofd_of_an_office_suites_print_imports_like_its_text(name, office_files, tmp_path):
    """The PDF LibreOffice printed, written as an OFD the way other producers do (a text object per glyph,
    sizes in the CTM, fonts not embedded): a valid OFD, imported with every field of the answer."""
    ofd = office_ofd(office_files[name][1], tmp_path / f"{name}.ofd")
    if schema_dir() is not None:
        assert {part: errors for part, errors in schema_errors(ofd.read_bytes(), schema_dir()).items() if errors} == {}
    outcome = evaluate(Case(CORPUS / name, ofd, _answer(name)), PROJECT)
    assert outcome.wrong() == {}
    assert outcome.errors == []


@pytest.fixture(scope="module")
def own_ofd(tmp_path_factory) -> Path:
    """gongwen's OFD of the joint notice, to damage."""
    build = Build(PROJECT, tmp_path_factory.mktemp("printed"))
    (ofd,) = [w.path for w in build_file(EXAMPLE, ["pdf", "ofd"], build) if w.path.suffix == ".ofd"]
    build.staging.commit()
    return ofd


def _damaged(ofd: Path, target: Path, change) -> Path:
    """A copy of the package `ofd` with `change(name, data)` applied to each member (None drops it)."""
    with zipfile.ZipFile(ofd) as source, zipfile.ZipFile(target, "w") as copy:
        for name in source.namelist():
            data = change(name, source.read(name))
            if data is not None:
                copy.writestr(name, data)
    return target


DAMAGE = {
    "truncated": ("不是 OFD 文件", None),
    "no-ofd-xml": ("包中没有 OFD.xml", lambda name, data: None if name == "OFD.xml" else data),
    "broken-xml": ("XML 有误", lambda name, data: data[:-20] if name.endswith("Page_0/Content.xml") else data),
    "missing-page": ("第1页的内容文件“Pages/Page_0/Content.xml”不在包中",
                     lambda name, data: None if name.endswith("Page_0/Content.xml") else data),
    "bad-number": ("无法读取 OFD", lambda name, data: data.replace(b'Size="5.644"', b'Size="5,6"')),
    "no-text": ("OFD 中没有文字（扫描件？）", lambda name, data: re.sub(rb"<ofd:TextObject .*?</ofd:TextObject>", b"",
                                                                 data) if name.endswith("Content.xml") else data),
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_damaged_ofd_is_a_located_error(damage, own_ofd, tmp_path, capsys):
    """A damaged package is `path:1:1: message` and exit 2, for import and check alike; nothing is written."""
    said, change = DAMAGE[damage]
    ofd = tmp_path / "damaged.ofd"
    if change is None:
        ofd.write_bytes(own_ofd.read_bytes()[:3000])
    else:
        _damaged(own_ofd, ofd, change)
    assert main(["import", str(ofd), "-o", str(tmp_path / "x.yaml")]) == 2
    err = capsys.readouterr().err
    assert f"{ofd}:1:1: " in err and said in err and "Traceback" not in err
    assert not (tmp_path / "x.yaml").exists()
    assert main(["check", str(ofd)]) == 2
    assert f"{ofd}:1:1: " in capsys.readouterr().err


def _xml(root: str, body: str, attributes: str = "") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?><ofd:{root} xmlns:ofd="http://www.ofdspec.org/2016" {attributes}>'
            f"{body}</ofd:{root}>")


def _text(object_id: int, x: float, y: float, size: float, text: str, extra: str = "", fill: str = "") -> str:
    """A text object at (x, y) mm, its glyphs a full size apart."""
    return (f'<ofd:TextObject ID="{object_id}" Boundary="{x} {y - size} {size * (len(text) + 1)} {size * 1.5}" '
            f'Font="3" Size="{size}"{extra}>{fill}<ofd:TextCode X="0" Y="{size}" '
            f'DeltaX="g {len(text) - 1} {size}">{text}</ofd:TextCode></ofd:TextObject>')


def test_ofd_reader_follows_templates_colour_spaces_and_page_blocks(tmp_path):
    """What other producers write and gongwen does not: the red 标志 and the page number on a template page,
    the red in a CMYK colour space, the text inside a page block, a rule drawn as a filled rectangle."""
    size, title = 5.644, 7.761
    template = _xml("Page", "<ofd:Content><ofd:Layer ID=\"10\">" + _text(
        11, 37, 80, 15, "江北市人民政府文件", fill='<ofd:FillColor ColorSpace="4" Value="0 255 255 0"/>') +
        '<ofd:PathObject ID="12" Boundary="28 100 156 1" Stroke="false" Fill="true">'
        '<ofd:FillColor ColorSpace="4" Value="0 255 255 0"/><ofd:AbbreviatedData>M 0 0 L 156 0 L 156 0.5 L 0 0.5 C'
        '</ofd:AbbreviatedData></ofd:PathObject>' + _text(13, 170, 275, 4.94, "— 1 —") + "</ofd:Layer></ofd:Content>")
    lines = [_text(21, 42, 120, title, "江北市人民政府关于开展检查的通知"),
             _text(22, 28, 140, size, "各区人民政府："),
             _text(23, 28 + 2 * size, 150, size, "现将有关事项通知如下，请认真贯彻执行。"),
             _text(24, 130, 175, size, "江北市人民政府"), _text(25, 130, 185, size, "2024年5月15日")]
    page = _xml("Page", '<ofd:Template TemplateID="2"/><ofd:Content><ofd:Layer ID="20"><ofd:PageBlock ID="26">' +
                "".join(lines) + "</ofd:PageBlock></ofd:Layer></ofd:Content>")
    document = _xml("Document", '<ofd:CommonData><ofd:MaxUnitID>30</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>'
                    '0 0 210 297</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes>'
                    '<ofd:TemplatePage ID="2" BaseLoc="Tpls/Tpl_0/Content.xml"/></ofd:CommonData>'
                    '<ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages>')
    res = _xml("Res", '<ofd:ColorSpaces><ofd:ColorSpace ID="4" Type="CMYK"/></ofd:ColorSpaces><ofd:Fonts>'
                      '<ofd:Font ID="3" FontName="FangSong" FamilyName="FangSong"/></ofd:Fonts>', 'BaseLoc="Res"')
    entry = _xml("OFD", '<ofd:DocBody><ofd:DocInfo><ofd:DocID>0</ofd:DocID></ofd:DocInfo>'
                        '<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody>', 'Version="1.0" DocType="OFD"')
    ofd = tmp_path / "other.ofd"
    with zipfile.ZipFile(ofd, "w") as package:
        for name, text in (("OFD.xml", entry), ("Doc_0/Document.xml", document), ("Doc_0/PublicRes.xml", res),
                           ("Doc_0/Tpls/Tpl_0/Content.xml", template), ("Doc_0/Pages/Page_0/Content.xml", page)):
            package.writestr(name, text)
    if schema_dir() is not None:
        assert {part: errors for part, errors in schema_errors(ofd.read_bytes(), schema_dir()).items() if errors} == {}
    blocks = read_source(ofd).blocks
    assert (blocks[0].text, blocks[0].red, blocks[0].size) == ("江北市人民政府文件", True, 42.5)  # 15 mm
    assert blocks[1].text == "江北市人民政府关于开展检查的通知" and blocks[1].rule_above and blocks[1].size == 22
    text, report = import_document(ofd)
    data = yaml.safe_load(text)
    assert (data["issuer"], data["title"], data["recipients"]) == ("江北市人民政府", "江北市人民政府关于开展检查的通知",
                                                                   ["各区人民政府"])
    assert (data["body"], data["signature"], str(data["date"])) == (
        ["现将有关事项通知如下，请认真贯彻执行。"], "江北市人民政府", "2024-05-15")
    assert report.missing == [] and "— 1 —" not in text  # the page number is not content
