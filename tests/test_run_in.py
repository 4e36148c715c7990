"""Run-in headings (（一）强化监督。正文……): one paragraph, a computed number, an emphasised heading, in every output.

The emphasis per level comes from templates/layout.toml [headings] run_in: 一、 in 黑体, （一） in 楷体,
1. and （1） in 黑体 (like a 段首句); a numbered paragraph without a heading emphasises nothing.
"""

from __future__ import annotations

from collections import defaultdict

import docx
import pytest
from lxml import html as lxml_html

from conftest import ROOT
from gongwen.build.pipeline import Build, build_file
from gongwen.model.document import Section, walk
from gongwen.model.loader import load_document
from gongwen.project import Project
from gongwen.render.docx import RUN_IN_STYLES
from gongwen.typeset.fonts import resolve_fonts
from gongwen.typeset.layout import load_layout
from pdfutil import pdf_font_name

RUN_IN = """\
issuer: 某某市人民政府
title: 某某市人民政府关于加强学前教育的意见
recipients: 各区人民政府
body:
  - 为加强学前教育，提出以下意见。
  - heading: 总体要求
    body:
      - heading: 强化监督。
        text: 各区要建立健全监督机制，定期开展检查。
      - heading: 城镇小区严格依标配建幼儿园。
        text: 严格遵循有关标准，配套建设幼儿园。
        body:
          - heading: 严格规划。
            text: 新建小区应当同步规划。
            body:
              - heading: 细化要求。
                text: 第四级的段中标题。
      - heading: ""
        text: 各区要于年底前报送落实情况。
signature: 某某市人民政府
date: 2024-03-05
"""


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("run-in")
    source = folder / "run-in.yaml"
    source.write_text(RUN_IN, encoding="utf-8")
    build = Build(Project.at(ROOT), folder / "out")
    written = list(build_file(source, ["html", "pdf", "docx"], build))
    build.staging.commit()
    return {w.path.suffix[1:]: w.path for w in written} | {"yaml": source}


def test_model_numbers_run_in_headings_with_the_plain_ones(outputs):
    sections = [n for n in walk(load_document(outputs["yaml"]).body) if isinstance(n, Section)]
    assert [(s.marker, s.heading, s.run_in) for s in sections] == [
        ("一、", "总体要求", False), ("（一）", "强化监督。", True), ("（二）", "城镇小区严格依标配建幼儿园。", True),
        ("1.", "严格规划。", True), ("（1）", "细化要求。", True), ("（三）", "", True)]


def test_html_sets_heading_and_text_in_one_paragraph(outputs):
    page = lxml_html.parse(str(outputs["html"])).getroot()
    paragraphs = page.find_class("run-in")
    run_in = [p for p in paragraphs if p.tag == "p"]
    assert [p.text_content() for p in run_in] == [
        "（一）强化监督。各区要建立健全监督机制，定期开展检查。",
        "（二）城镇小区严格依标配建幼儿园。严格遵循有关标准，配套建设幼儿园。",
        "1.严格规划。新建小区应当同步规划。", "（1）细化要求。第四级的段中标题。", "（三）各区要于年底前报送落实情况。"]
    emphasised = [p.find("strong") for p in run_in]
    assert [s.text_content() if s is not None else None for s in emphasised] == [
        "（一）强化监督。", "（二）城镇小区严格依标配建幼儿园。", "1.严格规划。", "（1）细化要求。", None]
    assert [s.get("class") for s in emphasised if s is not None] == [
        "run-in level-2", "run-in level-2", "run-in level-3", "run-in level-4"]
    plain = page.xpath("//*[contains(@class, 'heading level-1')]")[0]
    assert (plain.tag, plain.text_content()) == ("h2", "一、总体要求")  # a plain heading stays a heading


def test_pdf_prints_each_heading_in_its_levels_font_beside_its_text(outputs):
    """On the printed line, the heading's glyphs are in the level's run-in face, the text's in 仿宋."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar, LTTextContainer

    fonts = resolve_fonts(load_layout(Project.at(ROOT)))
    lines = defaultdict(list)  # baseline → (char, font)
    for page_number, page in enumerate(extract_pages(outputs["pdf"])):
        for box in page:
            if isinstance(box, LTTextContainer):
                for line in box:
                    for char in getattr(line, "_objs", []):
                        if isinstance(char, LTChar):
                            lines[(page_number, round(char.y0))].append((char.get_text(), char.fontname))
    text_of = {key: "".join(c for c, _ in chars) for key, chars in lines.items()}

    def fonts_of(start: str, heading: str) -> tuple[set[str], set[str]]:
        key = next(k for k, t in text_of.items() if t.startswith(start))
        chars = lines[key]
        cut = len(heading)
        return {f.split("+")[-1] for _, f in chars[:cut]}, {f.split("+")[-1] for _, f in chars[cut:]}

    for start, role in (("（一）强化监督。", "kai"), ("1.严格规划。", "hei"), ("（1）细化要求。", "hei")):
        head, rest = fonts_of(start, start)
        assert all(_same_face(f, fonts[role].face) for f in head), (start, head)
        assert all(_same_face(f, fonts["body"].face) for f in rest), (start, rest)
    numbered, rest = fonts_of("（三）各区", "（三）")
    assert all(_same_face(f, fonts["body"].face) for f in numbered | rest)  # nothing to emphasise


def _same_face(pdf_name: str, face) -> bool:
    """The PDF's font is the chosen face (the print stylesheet names each face by its PostScript name)."""
    return pdf_name == pdf_font_name(face)


def test_docx_keeps_one_paragraph_with_a_character_style_per_level(outputs):
    document = docx.Document(str(outputs["docx"]))
    runs = {p.text: [(r.text, r.style.name) for r in p.runs]
            for p in document.paragraphs if p.style.style_id == "Normal"}  # Word's 正文
    assert runs["1.严格规划。新建小区应当同步规划。"] == [("1.严格规划。", RUN_IN_STYLES[3]),
                                                     ("新建小区应当同步规划。", "Default Paragraph Font")]
    assert runs["（一）强化监督。各区要建立健全监督机制，定期开展检查。"][0] == ("（一）强化监督。", RUN_IN_STYLES[2])
    assert runs["（三）各区要于年底前报送落实情况。"][0][1] == "Default Paragraph Font"
    fonts = {name: document.styles[name].element.rPr.rFonts.get(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") for name in RUN_IN_STYLES.values()}
    layout = load_layout(Project.at(ROOT))
    official = {role: getattr(layout.fonts, role)[0] for role in ("hei", "kai")}
    assert fonts == {RUN_IN_STYLES[1]: official["hei"], RUN_IN_STYLES[2]: official["kai"],
                     RUN_IN_STYLES[3]: official["hei"], RUN_IN_STYLES[4]: official["hei"]}


def test_layout_toml_decides_the_emphasis(outputs, tmp_path):
    """A project that sets 1. run-in headings in 楷体 gets 楷体 in the DOCX style (one place, every output)."""
    (tmp_path / "gongwen.toml").write_text('[layout.headings]\nrun_in = ["hei", "kai", "kai", "kai"]\n',
                                           encoding="utf-8")
    build = Build(Project.at(tmp_path), tmp_path / "out")
    (written,) = build_file(outputs["yaml"], ["docx"], build)
    build.staging.commit()
    style = docx.Document(str(written.path)).styles[RUN_IN_STYLES[3]]
    kai = load_layout(Project.at(ROOT)).fonts.kai[0]
    assert style.element.rPr.rFonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == kai


def test_importing_a_run_in_paragraph_keeps_it_one_paragraph(tmp_path):
    from gongwen.cli import main

    source = tmp_path / "opinion.txt"
    source.write_text("某某市人民政府关于加强学前教育的意见\n各区人民政府：\n一、总体要求\n"
                      "（一）强化监督。各区要建立健全监督机制，定期开展检查。\n"
                      "1.城镇小区严格依标配建幼儿园。严格遵循有关标准，配套建设幼儿园。\n"
                      "某某市人民政府\n2024年3月5日\n", encoding="utf-8")
    out = tmp_path / "opinion.yaml"
    assert main(["import", str(source), "-o", str(out)]) == 0
    sections = [n for n in walk(load_document(out).body) if isinstance(n, Section)]
    assert [(s.marker, s.heading, s.text) for s in sections] == [
        ("一、", "总体要求", ""), ("（一）", "强化监督。", "各区要建立健全监督机制，定期开展检查。"),
        ("1.", "城镇小区严格依标配建幼儿园。", "严格遵循有关标准，配套建设幼儿园。")]
