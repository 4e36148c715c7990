"""OFD output: schemas, package integrity, text and glyph positions as independent readers see them,
metadata, outline, rules and seals against the PDF, deterministic bytes, incremental builds."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import ofdkit
import pytest
from PIL import Image, ImageDraw

from conftest import EXAMPLE, MINIMAL, ROOT, SAMPLE
from gongwen.build.pipeline import Build, build_file
from gongwen.cli import main
from gongwen.model.loader import load_document
from gongwen.project import Project
from gongwen.typeset.layout import load_layout
from ofdutil import NS, ofd_glyphs, package_problems, pdf_glyphs, schema_dir, schema_errors
from pdfutil import page_images, page_lines, page_rules, pages

TOLERANCE = 0.1  # mm


def _seal(path: Path) -> None:
    """A red ring with a mark at its top-left, so a flipped or turned copy shows."""
    seal = Image.new("RGBA", (300, 300), (0, 0, 0, 0))
    draw = ImageDraw.Draw(seal)
    draw.ellipse((8, 8, 292, 292), outline=(220, 0, 0, 255), width=14)
    draw.rectangle((40, 40, 90, 70), fill=(220, 0, 0, 255))
    seal.save(path)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    """The sample, the full example, a sealed notice, a 令 with a 签名章 and the table example (横排 pages) built
    to PDF and OFD: name → (pdf, ofd)."""
    folder = tmp_path_factory.mktemp("ofd")
    _seal(folder / "seal.png")
    sealed = folder / "sealed.yaml"
    sealed.write_text(MINIMAL + "seal: seal.png\n", encoding="utf-8")
    build = Build(Project.at(ROOT), folder / "out")
    result = {}
    for source in (SAMPLE, EXAMPLE, sealed, ROOT / "content" / "example-order.yaml",
                   ROOT / "content" / "example-table.yaml"):
        written = {w.path.suffix: w.path for w in build_file(source, ["pdf", "ofd"], build)}
        result[source.stem] = (written[".pdf"], written[".ofd"])
    build.staging.commit()
    return result


NAMES = ["tongzhou-2020-notice", "example-joint-notice", "sealed", "example-order", "example-table"]


@pytest.mark.parametrize("name", NAMES)
def test_parts_valid_against_gbt33190_schemas(built, name):
    folder = schema_dir()
    if folder is None:
        pytest.skip("GB/T 33190 XSD files not installed (bash scripts/setup.sh test downloads them)")
    errors = schema_errors(built[name][1].read_bytes(), folder)
    assert {"OFD.xml", "Doc_0/Document.xml", "Doc_0/PublicRes.xml", "Doc_0/Pages/Page_0/Content.xml"} <= set(errors)
    assert {part: problems for part, problems in errors.items() if problems} == {}


@pytest.mark.parametrize("name", NAMES)
def test_package_integrity(built, name):
    assert package_problems(built[name][1].read_bytes()) == []


def test_integrity_check_catches_a_broken_package(built):
    """The integrity check is not a formality: a dangling font reference and a stale MaxUnitID fail it."""
    data = built["sealed"][1].read_bytes()
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as broken:
        for name in source.namelist():
            blob = source.read(name)
            if name == "Doc_0/Document.xml":
                root = ET.fromstring(blob)
                root.find(f"{NS}CommonData/{NS}MaxUnitID").text = "1"
                blob = ET.tostring(root)
            if name == "Doc_0/PublicRes.xml":
                blob = blob.replace(b"font_1.otf", b"font_missing.otf")
            broken.writestr(name, blob)
    problems = package_problems(out.getvalue())
    assert any("MaxUnitID 1" in p for p in problems) and any("font_missing" in p for p in problems)


@pytest.mark.parametrize("name", NAMES)
def test_text_and_glyph_positions_match_the_pdf(built, name):
    """ofdkit reads the OFD, pdfminer.six the PDF: same pages, same characters in the same order, every
    glyph's origin within 0.1 mm."""
    pdf, ofd = built[name]
    ofd_pages, pdf_pages = ofd_glyphs(ofd), pdf_glyphs(pdf)
    assert len(ofd_pages) == len(pdf_pages) >= 1
    for page, (ours, theirs) in enumerate(zip(ofd_pages, pdf_pages, strict=True), 1):
        theirs = [g for g in theirs if not g[0].isspace()]
        ours = [g for g in ours if not g[0].isspace()]
        assert "".join(g[0] for g in ours) == "".join(g[0] for g in theirs), f"page {page}"
        worst = max((max(abs(a[1] - b[1]), abs(a[2] - b[2])) for a, b in zip(ours, theirs, strict=True)), default=0)
        assert worst <= TOLERANCE, f"page {page}: a glyph is {worst:.3f} mm off"


def test_reading_order_with_ofdkit(built):
    """ofdkit's own reading order gives the document's text from 份号 to the last page number."""
    text = ofdkit.extract_text(built["example-joint-notice"][1])
    doc = load_document(EXAMPLE)
    lines = [line for line in text.splitlines() if line.strip()]
    assert lines[:3] == ["000001", "秘密★1年", "加急"]
    assert doc.number in lines and lines[-1] == f"— {len(pages(built['example-joint-notice'][0]))} —"
    assert "各区人民政府，市政府各委、办、局，各有关单位：" in lines
    assert "为深入贯彻落实安全生产工作部署，切实防范化解重大安全" in lines


def test_metadata_and_boxes(built):
    """As ofdkit reads them: a public notice's document information; a 秘密 document's none (what a unit
    may configure for it is tested with the output folder); every page's boxes."""
    doc = load_document(SAMPLE)
    with ofdkit.open(built["tongzhou-2020-notice"][1]) as document:
        info = document.info
    assert info.title == doc.title and info.author == "、".join(doc.issuer)
    assert info.creation_date == doc.date.isoformat() and info.creator == "gongwen"
    assert info.custom_data == {"发文机关": "、".join(doc.issuer), "发文字号": doc.number, "成文日期": doc.date_text}
    assert len(info.doc_id) == 32
    with ofdkit.open(built["example-joint-notice"][1]) as document:
        info = document.info
        assert [p.box for p in document.pages] == [(0.0, 0.0, 210.0, 297.0)] * len(document.pages)
    assert (info.title, info.author, info.creation_date, info.keywords, info.custom_data) == (None, None, None, (), {})
    assert info.creator == "gongwen" and len(info.doc_id) == 32
    with zipfile.ZipFile(built["example-joint-notice"][1]) as package:
        area = ET.fromstring(package.read("Doc_0/Document.xml")).find(f"{NS}CommonData/{NS}PageArea")
    page = load_layout(Project.at(ROOT)).page
    assert area.find(f"{NS}ContentBox").text.split() == [  # the 版心 of layout.toml
        f"{v:g}" for v in (page.left_mm, page.top_mm, page.text_width_mm, page.text_height_mm)]


def test_outline_follows_the_headings(built):
    """The OFD outline has the PDF's bookmarks: title, then the numbered headings in order, nested."""
    with zipfile.ZipFile(built["example-joint-notice"][1]) as package:
        root = ET.fromstring(package.read("Doc_0/Document.xml"))
    top = root.find(f"{NS}Outlines")
    titles = [e.get("Title") for e in top.iter(f"{NS}OutlineElem")]
    doc = load_document(EXAMPLE)
    assert titles[0] == doc.title and "一、总体要求" in titles and "名词解释" in titles
    first = top.find(f"{NS}OutlineElem")
    assert [e.get("Title") for e in first.findall(f"{NS}OutlineElem")][:2] == ["一、总体要求", "二、检查内容"]
    pages = {p.get("ID"): i for i, p in enumerate(root.iter(f"{NS}Page"))}
    dests = [pages[d.get("PageID")] for d in top.iter(f"{NS}Dest")]
    titled = [i for i, lines in enumerate(page_lines(built["example-joint-notice"][0]))
              if any(abs(ln.size - 22) < 0.1 for ln in lines)]
    assert dests == sorted(dests) and dests[-1] == titled[-1]  # the last title (an attachment's)


def test_red_mark_and_rule_are_red_text_and_paths_where_the_pdf_has_them(built):
    pdf, ofd = built["example-joint-notice"]
    with zipfile.ZipFile(ofd) as package:
        page = ET.fromstring(package.read("Doc_0/Pages/Page_0/Content.xml"))
    red_text = [t for t in page.iter(f"{NS}TextObject") if _red(t.find(f"{NS}FillColor"))]
    doc = load_document(EXAMPLE)
    assert "".join(t.find(f"{NS}TextCode").text for t in red_text) == "".join(doc.issuer) + doc.mark_suffix
    red_paths = [p for p in page.iter(f"{NS}PathObject") if _red(p.find(f"{NS}FillColor"))]
    (rule,) = [r for r in page_rules(pdf, 0) if r[4][0] > 0.8 and r[4][1] < 0.1]
    boxes = [tuple(map(float, p.get("Boundary").split())) for p in red_paths]
    assert any(abs(x - rule[0]) <= TOLERANCE and abs(x + w - rule[1]) <= TOLERANCE and abs(y - rule[2]) <= TOLERANCE
               and abs(y + h - rule[3]) <= TOLERANCE for x, y, w, h in boxes)


def _red(colour: ET.Element | None) -> bool:
    if colour is None:
        return False
    red, green, blue = map(int, colour.get("Value").split())
    return red > 200 and green < 30 and blue < 60


def test_text_the_pdf_does_not_print_is_unfilled_text(built):
    """The name under a 签名章 is transparent text in the PDF; in the OFD it is text with Fill="false"
    (GB/T 33190 CT_Text), so both find it and neither prints it."""
    _, ofd = built["example-order"]
    with zipfile.ZipFile(ofd) as package:
        content = next(name for name in package.namelist() if name.endswith("Content.xml"))
        root = ET.fromstring(package.read(content))
    unfilled = [t for t in root.iter(f"{NS}TextObject") if t.get("Fill") == "false"]
    assert ["".join(code.text for code in t.iter(f"{NS}TextCode")) for t in unfilled] == ["李明远"]


def test_seal_is_an_image_in_the_pdf_box_with_the_source_pixels(built, tmp_path):
    pdf, ofd = built["sealed"]
    with zipfile.ZipFile(ofd) as package:
        pages = [ET.fromstring(package.read(f"Doc_0/Pages/Page_{i}/Content.xml"))
                 for i in range(len([n for n in package.namelist() if n.endswith("Content.xml")]))]
        images = [(i, o) for i, page in enumerate(pages) for o in page.iter(f"{NS}ImageObject")]
        assert len(images) == 1
        index, image = images[0]
        (png,) = [n for n in package.namelist() if n.endswith(".png")]
        pixels = Image.open(io.BytesIO(package.read(png))).convert("RGBA")
    x, y, w, h = map(float, image.get("Boundary").split())
    (box,) = page_images(pdf, index)
    assert max(abs(a - b) for a, b in zip((x, y, x + w, y + h), box, strict=True)) <= TOLERANCE
    _seal(tmp_path / "seal.png")
    source = Image.open(tmp_path / "seal.png").convert("RGBA")
    assert pixels.size == source.size
    assert pixels.getpixel((60, 55)) == source.getpixel((60, 55)) == (220, 0, 0, 255)  # the mark, top-left
    for transparent in ((150, 150), (65, 235), (230, 60)):  # centre; where the mark would be if flipped
        assert pixels.getpixel(transparent)[3] == source.getpixel(transparent)[3] == 0


def test_same_input_same_bytes_in_any_folder(built, tmp_path):
    moved = tmp_path / "elsewhere"
    moved.mkdir()
    shutil.copy(EXAMPLE, moved / EXAMPLE.name)
    shutil.copytree(EXAMPLE.parent / "seals", moved / "seals")
    build = Build(Project.at(ROOT), tmp_path / "out")
    (written,) = build_file(moved / EXAMPLE.name, ["ofd"], build)
    build.staging.commit()
    assert written.path.read_bytes() == built["example-joint-notice"][1].read_bytes()


def test_cli_builds_ofd_incrementally_and_lists_it_in_the_checksums(tmp_path, capsys):
    source = tmp_path / "notice.yaml"
    source.write_text(MINIMAL, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", str(source), "--format", "ofd", "--out", str(out), "--no-check"]) == 0
    assert "notice.ofd" in capsys.readouterr().out
    data = (out / "notice.ofd").read_bytes()
    sums = dict(reversed(line.split("  ")) for line in (out / "SHA256SUMS").read_text().splitlines())
    assert sums["notice.ofd"] == hashlib.sha256(data).hexdigest()
    manifest = json.loads((out / "manifest.json").read_text())
    assert {"name": "notice.ofd", "source": "notice.yaml"}.items() <= next(
        f for f in manifest["files"] if f["name"] == "notice.ofd").items()
    assert main(["build", str(source), "--format", "ofd", "--out", str(out), "--no-check"]) == 0
    assert "全部输出都是最新的" in capsys.readouterr().out
    source.write_text(MINIMAL.replace("开展检查", "开展复查"), encoding="utf-8")
    assert main(["build", str(source), "--format", "ofd", "--out", str(out), "--no-check"]) == 0
    assert "notice.ofd" in capsys.readouterr().out and (out / "notice.ofd").read_bytes() != data


def test_default_formats_leave_ofd_out(tmp_path, capsys):
    source = tmp_path / "notice.yaml"
    source.write_text(MINIMAL, encoding="utf-8")
    assert main(["build", str(source), "--out", str(tmp_path / "out"), "--no-check"]) == 0
    assert sorted(p.suffix for p in (tmp_path / "out").glob("notice.*")) == [".docx", ".html", ".pdf"]
