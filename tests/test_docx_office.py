"""The DOCX in a real office suite. LibreOffice prints a copy as Word reads the file (gongwen/office.py);
that print passes `verify` and matches gongwen's PDF page for page. The .dotx opens in LibreOffice with
every style, and documents written in it import."""

from __future__ import annotations

import io
import os
import re
import subprocess
import zipfile

import docx
import pytest
import yaml
from lxml import etree

from conftest import EXAMPLE, MINIMAL, ROOT, SAMPLE
from gongwen.build.pipeline import Build, build_file
from gongwen.cli import main
from gongwen.importing.importer import import_document
from gongwen.model.loader import load_document
from gongwen.office import convert, docx_to_pdf, fontconfig_aliases, word_reading_copy
from gongwen.project import Project
from gongwen.render.docx_styles import load_styles
from gongwen.typeset.layout import MM, load_layout
from gongwen.verify import page_outlines, verify
from pdfutil import build_outputs, fill_page_two, measure, page_lines, page_rules, write_seal

EXAMPLES = sorted((ROOT / "content").glob("*.yaml"))
LAYOUT = load_layout(Project.at(ROOT))
SPECS = load_styles(ROOT / "templates")
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def office_print(path, out_dir, result):
    return docx_to_pdf(path, out_dir, result.printer.layout, result.printer.fonts)


@pytest.fixture(scope="module")
def prints(tmp_path_factory):
    """Every example: gongwen's PDF and LibreOffice's print of the DOCX, by name."""
    out = tmp_path_factory.mktemp("prints")
    found = {}
    for source in EXAMPLES:
        (pdf, path), result = build_outputs(source, out)
        found[source.stem] = (pdf, office_print(path, out / "office", result))
    return found


@pytest.fixture(scope="module")
def printer(tmp_path_factory):
    return build_outputs(EXAMPLE, tmp_path_factory.mktemp("printer"), ["html"])[1].printer


# LibreOffice stretches only the Chinese text of a justified line: lines with digits or Latin words end
# up to 0.3 mm short of the right edge (gongwen's PDF is flush within 0.2 mm).
OFFICE_FLUSH_MM = 0.3


@pytest.mark.parametrize("source", EXAMPLES, ids=lambda p: p.stem)
def test_libreoffice_print_passes_verify(source, prints):
    office = prints[source.stem][1]
    assert [f for r in verify(office, LAYOUT, OFFICE_FLUSH_MM) for f in r.failures] == []


def test_libreoffice_print_of_the_sample_keeps_the_grid(prints):
    office = prints[SAMPLE.stem][1]
    reports = verify(office, LAYOUT, OFFICE_FLUSH_MM)
    plain = [all(abs(ln.size - 16) < 0.1 or abs(ln.size - 14) < 0.1 for ln in lines) for lines in page_lines(office)]
    full = [r for r, p in zip(reports, plain, strict=True) if r.last_slot_full and p]
    assert len(full) >= 20 and all(r.body_lines == 22 for r in full)
    assert sum(r.full_lines_ok for r in reports) == sum(r.full_lines for r in reports) > 250


# Pages where LibreOffice cannot paginate as the PDF (and, by ECMA-376, Word) does. The joint notice's
# 附件说明 must not start a page, so the PDF carries the last line of the paragraph before it to page 3;
# the DOCX cannot ask LibreOffice for that: it moves a whole keep-with-next paragraph, where ECMA-376
# (§17.3.1.14) keeps it "at least partly" with the next, and the paragraph is not marked (see
# `_Writer._closing`). LibreOffice's page 2 ends one line later and its page 3 starts with the 附件说明.
NOT_LIKE_THE_PDF = {"example-joint-notice": {2, 3}, "example-table": {3, 4}}  # the same reason in both


@pytest.mark.parametrize("source", EXAMPLES, ids=lambda p: p.stem)
def test_libreoffice_print_matches_the_pdf_page_for_page(source, prints):
    """Same pages, and on each the same lines (so each page starts with the same words); the 版记's
    last rule on the same page within 1 mm; the same pictures within 1 mm."""
    ours, office = (page_outlines(path, LAYOUT) for path in prints[source.stem])
    assert len(office) == len(ours)
    unlike = {number for number, (a, b) in enumerate(zip(ours, office, strict=True), 1) if b.lines != a.lines}
    assert unlike == NOT_LIKE_THE_PDF.get(source.stem, set())
    for number, (a, b) in enumerate(zip(ours, office, strict=True), 1):
        assert (a.record is None) == (b.record is None), number
        if a.record is not None:
            assert b.record == pytest.approx(a.record, abs=1), number
        assert len(b.pictures) == len(a.pictures), number
        if number not in unlike:
            for x, y in zip(a.pictures, b.pictures, strict=True):
                assert y == pytest.approx(x, abs=1), number


def test_record_rules_span_the_text_width_with_the_text_1_char_inside(prints):
    office = prints[EXAMPLE.stem][1]
    rules = {(round(x0, 1), round(x1, 1), round(top, 1)) for x0, x1, top, _, _ in page_rules(office, -1)}
    lines = page_lines(office)[-1]
    assert len(rules) == 3
    for x0, x1, _ in rules:
        assert x1 - x0 == pytest.approx(LAYOUT.page.text_width_mm, abs=0.5)
    inset = LAYOUT.page.left_mm + LAYOUT.record.indent_chars * LAYOUT.sizes.record_pt / MM
    cc, printed = (next(ln for ln in lines if ln.text.startswith(t)) for t in ("抄送：", "示例市人民政府办公厅"))
    assert cc.x0 == pytest.approx(inset, abs=0.3) and printed.x0 == pytest.approx(inset, abs=0.3)
    right = LAYOUT.page.left_mm + LAYOUT.page.text_width_mm - LAYOUT.record.indent_chars * LAYOUT.sizes.record_pt / MM
    assert printed.x1 == pytest.approx(right, abs=0.5)  # the 印发 date ends 1 字 inside


def test_blank_page_and_record_page_have_no_page_numbers(write_yaml, tmp_path):
    pdf = fill_page_two(write_yaml, tmp_path)
    (path,), result = build_outputs(pdf.parent.parent / "filled.yaml", tmp_path / "docx", ["docx"])
    document = docx.Document(path)
    assert len(document.sections) == 2
    last = document.sections[1]
    for footer in (last.footer, last.even_page_footer):
        assert not footer.is_linked_to_previous and "PAGE" not in footer._element.xml
    reports = measure(office_print(path, tmp_path / "office", result))
    assert len(reports) == 4 and not reports[2].box
    assert [r.page_number is None for r in reports] == [False, False, True, True]
    assert [f for r in reports for f in r.failures] == []


def test_signature_and_date_never_stand_alone_on_a_page(write_yaml, tmp_path):
    """When the 署名 would start a page, the last line of text goes with it, in the PDF and the DOCX."""
    body = "".join(f"  - 第{i}段。\n" for i in range(53)) + "  - 创新管理服务机制，营商环境持续优化。\n"
    source = write_yaml(MINIMAL.replace("  - 现将有关事项通知如下。\n", body))
    (pdf, path), result = build_outputs(source, tmp_path / "out")
    ours, theirs = (page_outlines(p, LAYOUT) for p in (pdf, office_print(path, tmp_path / "office", result)))
    assert ours[-1].lines[0] == "创新管理服务机制，营商环境持续优化。" and ours[-2].lines[-1] == "第52段。"
    assert [p.lines for p in theirs] == [p.lines for p in ours]


def test_seal_floats_behind_the_text_where_the_pdf_has_it(write_yaml, tmp_path):
    write_seal(tmp_path / "seal.png")
    (pdf, path), result = build_outputs(write_yaml(MINIMAL + "seal: seal.png\n"), tmp_path / "out")
    anchor = docx.Document(path).element.body.find(f".//{{{W}}}drawing/*")
    assert anchor.tag.endswith("anchor") and anchor.get("behindDoc") == "1"
    office = office_print(path, tmp_path / "office", result)
    ours, theirs = (page_outlines(p, LAYOUT)[0] for p in (pdf, office))
    (box,), (seal,) = ours.pictures, theirs.pictures
    assert seal == pytest.approx(box, abs=1)
    assert seal[2] - seal[0] == pytest.approx(LAYOUT.closing.seal_size_mm, abs=0.1)
    assert theirs.lines == ours.lines  # the text over it is all there


def test_word_reading_copy_undoes_what_libreoffice_reads_differently(tmp_path):
    source = Build(Project.at(ROOT), tmp_path)
    (path,) = [w.path for w in build_file(SAMPLE, ["docx"], source)]
    source.staging.commit()
    before = zipfile.ZipFile(path).read("word/styles.xml").decode()
    copy = tmp_path / "copy.docx"
    word_reading_copy(path, copy)
    styles = zipfile.ZipFile(copy).read("word/styles.xml").decode()
    body = zipfile.ZipFile(copy).read("word/document.xml").decode()
    assert '<w:overflowPunct w:val="0"/>' in before and '<w:overflowPunct w:val="1"/>' in styles
    assert '<w:overflowPunct w:val="0"/>' not in styles
    assert '<w:spacing w:val="-4"/>' in before and '<w:spacing w:val="-5"/>' in styles
    assert "增长\u200b6.6%" in body and "同比增长6.6%" in zipfile.ZipFile(path).read("word/document.xml").decode()
    assert zipfile.ZipFile(path).read("word/styles.xml").decode() == before  # the DOCX itself is untouched


def test_official_font_names_resolve_to_the_stand_ins(printer, tmp_path):
    """The aliases LibreOffice gets here, and setup.sh installs system-wide, resolve each official name
    to the face gongwen chose for its role: the title to the bold serif, not to 仿宋."""
    system = tmp_path / "99-gongwen-aliases.conf"
    system.write_text(fontconfig_aliases(printer.layout, printer.fonts, include_system=False), encoding="utf-8")
    wrapper = tmp_path / "fonts.conf"
    wrapper.write_text('<?xml version="1.0"?>\n<fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf'
                       f'</include><include>{system}</include></fontconfig>\n', encoding="utf-8")
    for role, name in (("title", "方正小标宋简体"), ("body", "仿宋_GB2312"), ("hei", "黑体"), ("kai", "楷体_GB2312"),
                       ("song", "宋体")):
        face = printer.fonts[role].face
        found = subprocess.run(["fc-match", "--format", "%{family}|%{style}", name], capture_output=True, text=True,
                               env={**os.environ, "FONTCONFIG_FILE": str(wrapper)}, check=True).stdout
        families, styles = found.split("|")
        assert face.family in families.split(",") and face.style in styles.split(","), (name, found)


@pytest.fixture(scope="module")
def dotx(tmp_path_factory):
    path = tmp_path_factory.mktemp("template") / "公文模板.dotx"
    assert main(["template", "--project", str(ROOT), "-o", str(path)]) == 0
    return path


def test_template_opens_in_libreoffice_with_every_style(dotx, printer, tmp_path):
    odt = convert(dotx, tmp_path, "odt", fontconfig_aliases(printer.layout, printer.fonts))
    styles = etree.fromstring(zipfile.ZipFile(odt).read("styles.xml"))
    ns = {"style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
          "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
          "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0"}
    named = {s.get(f"{{{ns['style']}}}display-name") or s.get(f"{{{ns['style']}}}name")
             for s in styles.iterfind(".//style:style", ns)}
    # The table style 公文表格 is not among the styles LibreOffice lists for the .dotx (measured: .odt export).
    custom = {name for name, spec in SPECS.items() if not spec.builtin and spec.kind != "table"}
    assert custom <= named and {f"Heading {n}" for n in range(1, 6)} <= named
    (page,) = [p for p in styles.iterfind(".//style:page-layout-properties", ns)
               if p.get(f"{{{ns['fo']}}}page-width")][:1]
    size = {key: _mm(page.get(f"{{{ns['fo']}}}{key}")) for key in ("page-width", "page-height", "margin-top",
                                                                   "margin-left")}
    assert size == pytest.approx({"page-width": 210, "page-height": 297, "margin-top": 37, "margin-left": 28},
                                 abs=0.1)
    assert styles.findall(".//style:master-page//text:page-number", ns)  # the page-number footers


def _mm(length: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(in|cm|mm|pt)", length).groups()
    return float(value) * {"in": 25.4, "cm": 10, "mm": 1, "pt": 25.4 / 72}[unit]


def _written_in(dotx, path):
    """A document as a unit drafts it from the template: Word's new document, text typed in its styles."""
    data = io.BytesIO()
    with zipfile.ZipFile(dotx) as source, zipfile.ZipFile(data, "w") as target:
        for info in source.infolist():
            blob = source.read(info.filename)
            if info.filename == "[Content_Types].xml":
                blob = blob.replace(b"template.main+xml", b"document.main+xml")
            target.writestr(info, blob)
    document = docx.Document(data)
    document.paragraphs[0].text = ""
    for text, style in (("某某市人民政府关于做好防汛工作的通知", "公文标题"), ("各区人民政府：", "主送机关"),
                        ("为做好今年防汛工作，现将有关事项通知如下。", "正文"), ("一、总体要求", "一级标题"),
                        ("各单位要高度重视。", "正文"), ("（一）落实责任", "二级标题"), ("层层压实责任。", "正文"),
                        ("某某市人民政府", "发文机关署名"), ("2024年5月6日", "成文日期")):
        spec = SPECS[style]
        paragraph = document.add_paragraph(text, style=next(s for s in document.styles if s.style_id == spec.id))
        assert paragraph.style.style_id == spec.id
    document.save(path)
    return path


def test_documents_written_in_the_template_import(dotx, printer, tmp_path):
    """Written in Word (styles with gongwen's aliases) or saved again by LibreOffice or WPS (which
    drop the aliases), the document imports with its title, headings and closing."""
    written = _written_in(dotx, tmp_path / "起草.docx")
    resaved = convert(written, tmp_path / "resaved", "docx", fontconfig_aliases(printer.layout, printer.fonts))
    assert b"<w:aliases" not in zipfile.ZipFile(resaved).read("word/styles.xml")
    for path in (written, resaved):
        text, _ = import_document(path)
        out = tmp_path / f"{path.parent.name}.yaml"
        out.write_text(text, encoding="utf-8")
        doc = load_document(out)
        assert doc.title == "某某市人民政府关于做好防汛工作的通知" and doc.recipients == ["各区人民政府"]
        assert [(n.level, n.heading) for n in _sections(doc.body)] == [(1, "总体要求"), (2, "落实责任")]
        assert doc.signature == ["某某市人民政府"] and doc.date.isoformat() == "2024-05-06"
        assert yaml.safe_load(text)["body"][0] == "为做好今年防汛工作，现将有关事项通知如下。"


def _sections(body):
    for node in body:
        if hasattr(node, "heading"):
            yield node
        yield from _sections(getattr(node, "body", []))


def test_unknown_style_names_fall_back_to_recognising_the_text(tmp_path):
    """A Word file not written in gongwen's styles: Heading 1 is not taken for a 部分标题."""
    document = docx.Document()
    for text, style in (("某某市人民政府关于开展检查的通知", "Title"), ("一、总体要求", "Heading 1"),
                        ("认真落实。", "Normal"), ("某某市人民政府", "Normal"), ("2024年1月5日", "Normal")):
        document.add_paragraph(text, style=style)
    document.save(tmp_path / "word.docx")
    text, _ = import_document(tmp_path / "word.docx")
    assert re.search(r"heading: 总体要求", text) and "part:" not in text
