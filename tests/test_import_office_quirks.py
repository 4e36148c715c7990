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
from docx.shared import Pt, RGBColor

from conftest import ROOT
from corpusutil import CORPUS
from gongwen.importing.importer import import_document
from gongwen.importing.readers import read_source
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
