"""Titles break between words only, never inside a number, an organ's name or a bracketed group, in a
梯形 or 菱形, the same in the PDF and the DOCX; the web page offers the same break points (§7.3.1)."""

from __future__ import annotations

import docx
import lxml.html
import pytest

from conftest import MINIMAL
from gongwen.typeset.textflow import title_lines, title_words
from pdfutil import page_lines

ORGANS = ["江北市人民政府", "江北市应急管理局"]


@pytest.mark.parametrize(("title", "expected"), [
    # rjieba alone breaks these inside 江北 / 市 and 2024 / 年
    ("省人民政府关于同意设立江北市高新技术产业开发区的批复",
     ["省人民政府关于同意设立江北市", "高新技术产业开发区的批复"]),
    ("江北市应急管理局关于申请安排2024年度防汛应急物资储备资金的请示",
     ["江北市应急管理局关于申请安排", "2024年度防汛应急物资储备资金的请示"]),
    ("关于印发《江北市防汛应急预案（2024年修订）》的通知",
     ["关于印发", "《江北市防汛应急预案（2024年修订）》", "的通知"]),
    ("江北市人民政府 江北市应急管理局关于开展2024年汛前安全检查的通知",
     ["江北市人民政府 江北市应急管理局", "关于开展2024年汛前安全检查的通知"]),
])
def test_breaks_keep_names_numbers_and_brackets_whole(title, expected):
    lines = title_lines(title, 20, ORGANS)
    assert lines == expected
    lengths = [len(line) for line in lines]
    assert max(lengths) <= 20
    assert not any(lengths[i] < lengths[i - 1] and lengths[i] < lengths[i + 1] for i in range(1, len(lines) - 1))


def test_web_break_points_are_the_same_word_boundaries():
    words = title_words("江北市应急管理局关于申请安排2024年度防汛应急物资储备资金的请示", ORGANS)
    assert words[0] == "江北市应急管理局" and "2024年度" in words


TITLE = "江北市应急管理局关于申请安排2024年度防汛应急物资储备资金的请示"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from conftest import ROOT
    from gongwen.build.pipeline import Build, build_file
    from gongwen.project import Project

    out = tmp_path_factory.mktemp("titles")
    source = out / "request.yaml"
    text = MINIMAL.replace("某某市人民政府关于开展检查的通知", TITLE).replace("某某市人民政府", "江北市应急管理局")
    source.write_text(text, encoding="utf-8")
    build = Build(Project.at(ROOT), out)
    written = list(build_file(source, ["html", "pdf", "docx"], build))
    build.staging.commit()
    return {w.path.suffix: w.path for w in written}


def test_pdf_and_docx_break_the_title_alike(built):
    expected = ["江北市应急管理局关于申请安排", "2024年度防汛应急物资储备资金的请示"]
    pdf_lines = [ln.text for ln in page_lines(built[".pdf"])[0] if abs(ln.size - 22) < 0.1]
    assert pdf_lines == expected
    title = next(p for p in docx.Document(built[".docx"]).paragraphs if p.style.name == "公文标题")
    assert title.text.split("\n") == expected  # lines separated by w:br


def test_web_title_breaks_only_at_word_boundaries(built):
    page = lxml.html.fromstring(built[".html"].read_bytes())
    (title,) = page.xpath("//h1[@id='doc-title']")
    pieces = [piece.strip() for piece in title.itertext()]  # libxml2 nests the <wbr>s; the order holds
    assert len(title.xpath(".//wbr")) == len(pieces) - 1
    assert "".join(pieces) == TITLE
    assert pieces == title_words(TITLE, ["江北市应急管理局"])
    assert "江北市应急管理局" in pieces and "2024年度" in pieces
    css = page.xpath("//style")[0].text
    assert "word-break: keep-all" in css  # the browser breaks nowhere else
