"""Import from Word 97–2003 (.doc), WPS and text PDFs, on real files made by a real office suite.

The corpus holds texts as published on portals, not .doc or PDF files, so the files are made here
from corpus texts the way an office makes them: a Word document with the 公文 fonts and direct
formatting (no gongwen styles), saved as .doc and printed to PDF by LibreOffice. gongwen's own
DOCX and PDF are imported and checked too: `check` finds nothing in them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest
import yaml
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from conftest import EXAMPLE, ROOT, SAMPLE
from corpusutil import CORPUS, Case, evaluate
from gongwen.build.pipeline import Build, build_file
from gongwen.cli import main
from gongwen.importing.importer import import_document
from gongwen.office import convert, fontconfig_aliases
from gongwen.project import Project
from gongwen.typeset.fonts import resolve_fonts
from gongwen.typeset.layout import load_layout

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


@pytest.mark.parametrize("source", [EXAMPLE, SAMPLE], ids=["joint-notice", "tongzhou-sample"])
@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_check_finds_nothing_in_gongwens_own_output(source, fmt, tmp_path, capsys):
    (written,) = build_file(source, [fmt], Build(PROJECT, tmp_path))
    assert main(["check", str(written.path), "--project", str(ROOT)]) == 0
    assert capsys.readouterr().out.strip() == "未发现问题"


def _answer(name: str) -> dict:
    return yaml.safe_load((CORPUS / name / "answer.yaml").read_text(encoding="utf-8"))


def test_a_pdf_without_text_asks_for_ocr(tmp_path, capsys):
    """A scanned page has no characters to read: said so, located, not guessed at."""
    import weasyprint

    scan = tmp_path / "scan.pdf"
    weasyprint.HTML(string='<div style="width:10cm;height:5cm;background:#888"></div>').write_pdf(scan)
    assert main(["import", str(scan), "-o", str(tmp_path / "scan.yaml")]) == 2
    assert f"{scan}:1:1: PDF 中没有文字（扫描件？）" in capsys.readouterr().err
