"""gongwen's own DOCX, PDF and OFD, read back: `check` reports nothing, `import` gives back the document.

Every example in content/ is built to DOCX, PDF and OFD; each file is checked (no error, no warning)
and imported, and the imported YAML, loaded as a document, is compared field by field with the
YAML it was built from: format, 文种, the 版头, title, 主送, text, attachments, 出席/请假/列席,
署名 or 签名章, date, seals (counted where the reader lists pictures: those on the 署名 and 成文日期),
附注, 版记, the issued document and the glossary. Variants of the 版头 (签发人 rows, a 信函's
份号/密级/紧急程度 beside its 发文字号) are read back the same way.
"""

from __future__ import annotations

import ctypes
import re
import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
import yaml
from pdfminer.high_level import extract_text

from conftest import ROOT
from gongwen.build.pipeline import Build, build_file
from gongwen.check.units import read_units
from gongwen.cli import main
from gongwen.importing.importer import import_document
from gongwen.model.document import Paragraph, Part, Section
from gongwen.model.loader import load_document
from gongwen.project import Project
from gongwen.verify import read_lines

PROJECT = Project.at(ROOT)
CONTENT = ROOT / "content"
EXAMPLES = sorted(path.stem for path in CONTENT.glob("*.yaml"))
FORMATS = ["docx", "pdf", "ofd"]  # the OFD from the PDF of the same build
PICTURED = {"docx", "pdf"}  # formats whose reader lists pictures: there the seals are counted


def build(sources: list[Path], out: Path, project: Project = PROJECT) -> dict[str, dict[str, Path]]:
    """Each source built to DOCX and PDF: stem → format → file."""
    run = Build(project, out)
    built = {source.stem: {w.path.suffix.lstrip("."): w.path for w in build_file(source, FORMATS, run)}
             for source in sources}
    run.staging.commit()
    return built


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, dict[str, Path]]:
    return build([CONTENT / f"{name}.yaml" for name in EXAMPLES], tmp_path_factory.mktemp("own"))


@pytest.fixture(scope="module")
def variants(tmp_path_factory) -> dict[str, dict[str, Path]]:
    """The request with 1, 2, 3 and 5 签发人 (§7.2.6: two a line, the 发文字号 beside the last), and the letter
    with a 份号, 密级 and 紧急程度 at the left of its 发文字号 (§10.1)."""
    folder = tmp_path_factory.mktemp("variants")
    shutil.copytree(CONTENT / "seals", folder / "seals")
    request = (CONTENT / "example-request.yaml").read_text(encoding="utf-8")
    names = ["冯建华", "陈立新", "何晓东", "欧阳明远", "李娜"]
    for count in (1, 2, 3, 5):
        signers = "signers:\n" + "".join(f"  - {name}\n" for name in names[:count])
        (folder / f"request-{count}.yaml").write_text(re.sub(r"signers:\n(?:  - .*\n)+", signers, request),
                                                      encoding="utf-8")
    letter = (CONTENT / "example-letter.yaml").read_text(encoding="utf-8")
    (folder / "letter-codes.yaml").write_text(
        letter.replace("urgency: 加急", 'copy_number: "000123"\nsecrecy: 秘密★1年\nurgency: 特急'), encoding="utf-8")
    return build(sorted(folder.glob("*.yaml")), folder / "output")


def flat(body) -> list[tuple[str, ...]]:
    """A body as it reads: part titles, numbered headings (marker, heading, run-in text), paragraphs (段首句,
    text)."""
    texts = []
    for node in body:
        if isinstance(node, Part):
            texts += [(node.part,), *flat(node.body)]
        elif isinstance(node, Section):
            texts += [(node.marker, node.heading, node.text), *flat(node.body)]
        elif isinstance(node, Paragraph):
            texts.append((node.lead, node.text))
    return texts


def fields(doc, seals: int) -> dict:
    """What a reader of the document sees of each element (nesting the print does not show is left out)."""
    issued, glossary = doc.issued, doc.glossary
    return {
        "format": doc.format, "文种": doc.doc_kind, "份号": doc.copy_number, "密级": doc.secrecy,
        "紧急程度": doc.urgency, "发文机关标志": (doc.mark_names, doc.mark_suffix), "发文字号": doc.number,
        "签发人": doc.signers, "标题": doc.title, "主送": doc.recipients, "正文": flat(doc.body),
        "附件": [(a.title, flat(a.body)) for a in doc.attachments],
        "出席、请假、列席": (doc.attendees, doc.on_leave, doc.observers),
        "署名": doc.signature, "签名章": [(s.title, s.name) for s in doc.signed_by], "成文日期": doc.date,
        "印章": seals, "附注": doc.note, "抄送": doc.cc,
        "印发": (doc.printer.organ, doc.printer.date) if doc.printer else None,
        "印发的文件": (issued.title, issued.subtitle, issued.speaker, issued.salutation, flat(issued.body))
        if issued else None,
        "名词解释": (glossary.title, glossary.note, sorted((t.number, t.term, t.definition) for t in glossary.terms))
        if glossary else None,
    }


def differences(path: Path, source: Path, tmp_path: Path) -> dict:
    """The fields in which the document `import` makes of `path` differs from the YAML it was built from."""
    text, report = import_document(path, PROJECT)
    assert report.missing == []
    out = tmp_path / f"{path.stem}-{path.suffix.lstrip('.')}.yaml"
    out.write_text(text, encoding="utf-8")
    got = fields(load_document(out), sum(count for _, count in report.seals))
    doc = load_document(source)
    want = fields(doc, len(doc.seal or []) + sum(1 for signer in doc.signed_by if signer.seal))
    if path.suffix.lstrip(".") not in PICTURED:
        del got["印章"], want["印章"]
    return {key: (value, want[key]) for key, value in got.items() if value != want[key]}


def test_every_example_is_covered():
    assert {"example-letter", "example-order", "example-minutes", "example-request", "example-joint-notice",
            "tongzhou-2020-notice"} <= set(EXAMPLES)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", EXAMPLES)
def test_check_reports_nothing_on_gongwens_own_output(built, name, fmt, capsys):
    assert main(["check", str(built[name][fmt]), "--project", str(ROOT)]) == 0
    assert capsys.readouterr().out.strip() == "未发现问题"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", EXAMPLES)
def test_import_gives_back_the_document_it_was_built_from(built, name, fmt, tmp_path):
    assert differences(built[name][fmt], CONTENT / f"{name}.yaml", tmp_path) == {}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", ["request-1", "request-2", "request-3", "request-5", "letter-codes"])
def test_masthead_rows_read_back(variants, name, fmt, tmp_path, capsys):
    """签发人 two to a line with the 发文字号 beside the last, and a 信函's codes beside its 发文字号, come back
    as themselves: the first 签发人 line is not taken for the 发文字号 (GW101), no name is lost."""
    path = variants[name][fmt]
    assert differences(path, path.parent.parent / f"{name}.yaml", tmp_path) == {}
    assert main(["check", str(path), "--project", str(ROOT)]) == 0
    assert capsys.readouterr().out.strip() == "未发现问题"


def test_a_name_seals_signer_is_in_the_pdf_text_but_not_printed(built):
    """The 签名章 shows the name; the PDF keeps it in its text, under the seal, transparent — as the DOCX
    keeps it hidden — so search and import find it, and `verify` measures only what is printed."""
    pdf = built["example-order"]["pdf"]
    assert re.search(r"市长\s*李明远", extract_text(pdf))
    page = pdfium.PdfDocument(pdf)[0]
    textpage = page.get_textpage()
    red, green, blue, alpha = (ctypes.c_uint() for _ in range(4))
    alphas = {}
    for index in range(textpage.count_chars()):
        pdfium_c.FPDFText_GetFillColor(textpage, index, red, green, blue, alpha)
        alphas.setdefault(chr(pdfium_c.FPDFText_GetUnicode(textpage, index)), set()).add(alpha.value)
    assert alphas["李"] == alphas["远"] == {0} and alphas["市"] == {255}
    printed = "".join(line.text for line in read_lines(page))
    assert "市长" in printed and "李明远" not in printed


def test_import_and_check_read_word_styles_from_the_given_project(tmp_path, monkeypatch, capsys):
    """A project whose template makes Word's 标题 1 its 一级标题 (a common office template) and gives its
    styles no aliases: its DOCX imports with headings when `--project` names it, wherever the command runs;
    read with the styles of the directory it runs in, the same headings would be taken for 部分标题."""
    project_dir = tmp_path / "project"
    shutil.copytree(ROOT / "templates", project_dir / "templates")
    styles = project_dir / "templates" / "docx" / "styles.toml"
    text = styles.read_text(encoding="utf-8")
    text = text.replace('[styles."部分标题"]\nid = "Heading1"\nbuiltin = "heading 1"\nalias = true\n',
                        '[styles."部分标题"]\nid = "PartHeading"\n')
    text = text.replace('[styles."一级标题"]\nid = "Heading2"\nbuiltin = "heading 2"\nalias = true\n',
                        '[styles."一级标题"]\nid = "Heading1"\nbuiltin = "heading 1"\n')
    assert text.count("PartHeading") == 1 and text.count('builtin = "heading 1"') == 1
    styles.write_text(text, encoding="utf-8")
    project = Project.at(project_dir)
    source = project_dir / "content" / "example-request.yaml"
    shutil.copytree(CONTENT / "seals", source.parent / "seals")
    shutil.copy(CONTENT / "example-request.yaml", source)
    docx = build([source], project_dir / "output", project)["example-request"]["docx"]

    monkeypatch.chdir(ROOT)  # the repository's own templates are in the current directory
    assert main(["import", str(docx), "-o", str(tmp_path / "theirs.yaml"), "--project", str(project_dir)]) == 0
    assert main(["check", str(docx), "--project", str(project_dir)]) == 0
    capsys.readouterr()
    theirs = load_document(tmp_path / "theirs.yaml")
    assert [node.heading for node in theirs.body if isinstance(node, Section)] == ["物资储备现状", "资金需求"]
    assert not any(isinstance(node, Part) for node in theirs.body)
    ours, _ = import_document(docx, PROJECT)
    assert "part: 一、物资储备现状" in ours  # what reading it as the current directory's did
    # `check` reads the file the same way: headings by the project's styles, parts by the other's.
    assert [u.role for u in read_units(docx, project).units if u.text.startswith("一、")] == ["heading"]
    assert [u.role for u in read_units(docx, PROJECT).units if u.text.startswith("一、")] == ["part"]


@pytest.mark.parametrize("fmt", sorted(PICTURED))
def test_import_reports_the_seals_it_does_not_copy(built, fmt, tmp_path, capsys):
    """Three organs, three seals on their 署名: reported where they stand, not copied into the YAML."""
    out = tmp_path / "joint.yaml"
    assert main(["import", str(built["example-joint-notice"][fmt]), "-o", str(out), "--project", str(ROOT)]) == 0
    reported = re.findall(r":(\d+): 未导入 (\d) 枚印章（图片）", capsys.readouterr().err)
    assert sum(int(count) for _, count in reported) == 3
    assert "seal" not in yaml.safe_load(out.read_text(encoding="utf-8"))
