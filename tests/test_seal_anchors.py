"""Seal anchors (GB/T 9704 §7.3.5): each seal's page and box in manifest.json and in the OFD, taken from the
printed layout, so that a unit's 电子签章 system can put its e-seal where the standard wants it — checked
against the seals measured in the PDF, and for documents whose seals the 电子签章 system applies."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from conftest import MINIMAL, ROOT
from gongwen.cli import main
from gongwen.model.loader import load_document
from gongwen.project import Project
from gongwen.typeset.layout import MM, load_layout
from gongwen.verify import image_boxes
from ofdutil import NS, package_problems, schema_dir, schema_errors
from pdfutil import measure, page_lines, pages

CONTENT = ROOT / "content"
SEALED = {"example-joint-notice": 3, "example-request": 1, "example-order": 1}  # name → seals measured
TOLERANCE = 0.01  # mm
SEALS_NS = "{urn:gongwen:seal-anchors:1}"
LAYOUT = load_layout(Project.at(ROOT))


def _electronic(source: Path, target: Path) -> Path:
    """`source` with its seal images left out and `electronic_seal: true`: the e-seal system seals it."""
    text = re.sub(r"^seal:.*\n(?:  - .*\n)*", "", source.read_text(encoding="utf-8"), flags=re.M)
    text = re.sub(r"^    seal: .*\n", "", text, flags=re.M)
    target.write_text(text + "electronic_seal: true\n", encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, dict[str, dict]]:
    """The sealed examples, their electronic-seal versions and an unsealed notice, built to every format by the
    command line (the 秘密 joint notice's web page too): the output folder and manifest.json's entries by file name."""
    folder = tmp_path_factory.mktemp("seals")
    shutil.copytree(CONTENT / "seals", folder / "seals")
    sources = [shutil.copy(CONTENT / f"{name}.yaml", folder) for name in SEALED]
    sources += [_electronic(CONTENT / f"{name}.yaml", folder / f"{name}-e.yaml")
                for name in ("example-joint-notice", "example-order")]
    (folder / "unsealed.yaml").write_text(MINIMAL, encoding="utf-8")
    out = folder / "out"
    assert main(["build", *map(str, sources), str(folder / "unsealed.yaml"), "--format", "html,pdf,docx,ofd",
                 "--out", str(out), "--no-check", "--publish-classified", "--project", str(ROOT)]) == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return out, {entry["name"]: entry for entry in manifest["files"]}


def _box(anchor: dict) -> tuple[float, float, float, float]:
    return anchor["x_mm"], anchor["y_mm"], anchor["x_mm"] + anchor["width_mm"], anchor["y_mm"] + anchor["height_mm"]


@pytest.mark.parametrize("name", SEALED)
def test_anchors_are_the_seals_measured_in_the_pdf(built, name):
    """Every image the PDF draws is a seal of the manifest, on its page, in its box; organs in 署名 order."""
    out, entries = built
    measured = [(number, box) for number, page in enumerate(pages(out / f"{name}.pdf"), 1)
                for box in image_boxes(page)]
    anchors = entries[f"{name}.pdf"]["seals"]
    assert len(anchors) == len(measured) == SEALED[name]
    for anchor, (page, box) in zip(anchors, measured, strict=True):
        assert anchor["page"] == page and anchor["image"] is True
        assert max(abs(a - b) for a, b in zip(_box(anchor), box, strict=True)) <= TOLERANCE, (anchor, box)
    doc = load_document(CONTENT / f"{name}.yaml")
    if doc.signed_by:
        assert [(a["kind"], a["organ"], a["signer"], a["clause"]) for a in anchors] == [
            ("签名章", doc.issuer[0], s.name, "GB/T 9704-2012 §7.3.5.3") for s in doc.signed_by]
    else:
        assert [(a["kind"], a["organ"], a["clause"]) for a in anchors] == [
            ("印章", organ, "GB/T 9704-2012 §7.3.5.1") for organ in doc.signature]
    assert entries[f"{name}.ofd"]["seals"] == anchors  # the OFD has the PDF's pages
    assert "seals" not in entries[f"{name}.html"] and "seals" not in entries[f"{name}.docx"]


def test_joint_seals_stand_in_rows_one_per_organ(built):
    """§7.3.5.1: one seal per organ, in rows inside the 版心, never touching; the last one over the date."""
    _, entries = built
    first, second, third = map(_box, entries["example-joint-notice.pdf"]["seals"])
    assert first[1] == second[1] < third[1] and second[0] == third[0]  # two in the first row, one below
    assert second[0] - first[2] >= LAYOUT.closing.seal_gap_mm - TOLERANCE and third[1] - second[3] > 0
    left, right = LAYOUT.page.left_mm, LAYOUT.page.left_mm + LAYOUT.page.text_width_mm
    assert all(left <= box[0] and box[2] <= right for box in (first, second, third))


def test_electronic_seal_keeps_the_sealed_layout_with_the_places_empty(built):
    """A document sealed by the 电子签章 system is laid out as sealed (§7.3.5.1) with no image: its anchors are the
    boxes the seals have when printed, its text stands where the sealed document's does, and it measures clean."""
    out, entries = built
    printed, electronic = entries["example-joint-notice.pdf"]["seals"], entries["example-joint-notice-e.pdf"]["seals"]
    assert [{**a, "image": False} for a in printed] == electronic
    pdf = out / "example-joint-notice-e.pdf"
    assert [image_boxes(page) for page in pages(pdf)] == [[] for _ in pages(pdf)]
    page = electronic[0]["page"] - 1

    def lines(path):
        return [(ln.text, round(ln.x0, 2), round(ln.baseline, 2)) for ln in page_lines(path)[page]]

    assert lines(pdf) == lines(out / "example-joint-notice.pdf")
    assert all(not report.failures for report in measure(pdf))


def test_electronic_signature_seal_keeps_its_place_and_prints_no_name(built):
    """§7.3.5.3: the 签名章's place 4 字 from the right on the signer's line, as wide as the layout keeps for
    it; the 职务 is printed, the name is left to the 签名章."""
    out, entries = built
    (printed,) = entries["example-order.pdf"]["seals"]
    (electronic,) = entries["example-order-e.pdf"]["seals"]
    assert electronic["image"] is False and electronic["width_mm"] == LAYOUT.closing.name_seal_width_mm
    assert _box(electronic)[1:] == pytest.approx(_box(printed)[1:], abs=TOLERANCE)  # right edge, top, bottom
    cell = LAYOUT.cell / MM
    assert _box(electronic)[2] == pytest.approx(LAYOUT.page.left_mm + LAYOUT.page.text_width_mm - 4 * cell,
                                                abs=0.2)
    text = "".join(ln.text for lines in page_lines(out / "example-order-e.pdf") for ln in lines)
    assert "市长" in text and "李明远" not in text


def test_unsealed_document_has_no_seal_places(built):
    """§7.3.5.2: a document not sealed has no place for a seal; the manifest says so rather than guess one."""
    _, entries = built
    assert entries["unsealed.pdf"]["seals"] == entries["unsealed.ofd"]["seals"] == []


@pytest.mark.parametrize("name", ["example-joint-notice", "example-joint-notice-e", "example-order"])
def test_ofd_custom_tag_records_the_anchors(built, name):
    """GB/T 33190-2016 §16 (自定义标引): Document.xml's CustomTags names the seal anchors' file; each seal has
    its page (PageRef) and Boundary, and a printed one refers to its image object (ObjectRef)."""
    out, entries = built
    ofd = out / f"{name}.ofd"
    assert package_problems(ofd.read_bytes()) == []
    if schema_dir() is not None:  # CustomTags.xml against Annex A.9
        errors = schema_errors(ofd.read_bytes(), schema_dir())
        assert "Doc_0/CustomTags.xml" in errors and {part: e for part, e in errors.items() if e} == {}
    with zipfile.ZipFile(ofd) as package:
        document = ET.fromstring(package.read("Doc_0/Document.xml"))
        tags = ET.fromstring(package.read(f"Doc_0/{document.find(f'{NS}CustomTags').text}"))
        (tag,) = tags.iter(f"{NS}CustomTag")
        assert tag.get("NameSpace") == SEALS_NS.strip("{}")
        anchors = ET.fromstring(package.read(f"Doc_0/{tag.find(f'{NS}FileLoc').text}"))
        page_ids = [p.get("ID") for p in document.iter(f"{NS}Page")]
        images = {o.get("ID"): o for page in range(len(page_ids))
                  for o in ET.fromstring(package.read(f"Doc_0/Pages/Page_{page}/Content.xml")).iter(f"{NS}ImageObject")}
    seals = list(anchors.iter(f"{SEALS_NS}Seal"))
    expected = entries[f"{name}.pdf"]["seals"]
    assert [(s.get("Organ"), s.get("Kind"), s.get("Signer", "")) for s in seals] == [
        (a["organ"], a["kind"], a["signer"]) for a in expected]
    for seal, anchor in zip(seals, expected, strict=True):
        assert page_ids.index(seal.get("PageRef")) == anchor["page"] - 1
        x, y, w, h = map(float, seal.get("Boundary").split())
        assert (x, y, x + w, y + h) == pytest.approx(_box(anchor), abs=0.001)
        ref = seal.find(f"{NS}ObjectRef")
        assert (ref is not None) == anchor["image"]
        if ref is not None:
            assert ref.get("PageRef") == seal.get("PageRef")
            assert images[ref.text].get("Boundary") == seal.get("Boundary")


def test_unchanged_outputs_keep_their_anchors(built, capsys):
    """An incremental build that skips every output writes the same manifest, anchors included."""
    out, entries = built
    before = (out / "manifest.json").read_text(encoding="utf-8")
    folder = out.parent
    sources = sorted(str(p) for p in folder.glob("*.yaml"))
    assert main(["build", *sources, "--format", "html,pdf,docx,ofd", "--out", str(out), "--no-check",
                 "--publish-classified", "--project", str(ROOT)]) == 0
    assert "全部输出都是最新的" in capsys.readouterr().out
    assert (out / "manifest.json").read_text(encoding="utf-8") == before


@pytest.mark.parametrize("text, said", [
    (MINIMAL + "seal: seal.png\nelectronic_seal: true\n", "印章图片（seal）和电子签章（electronic_seal）只用一种"),
    (MINIMAL.replace("signature: 某某市人民政府\n", "format: 纪要\n") + "electronic_seal: true\n",
     "电子签章要盖在发文机关署名"),
], ids=["with-images", "nothing-to-seal"])
def test_electronic_seal_misuse_is_a_located_error(text, said, write_yaml, tmp_path, capsys):
    shutil.copy(CONTENT / "seals" / "jiangbei-office.png", tmp_path / "seal.png")
    source = write_yaml(text)
    line = text.splitlines().index("electronic_seal: true") + 1
    assert main(["build", str(source), "--out", str(tmp_path / "out"), "--no-check"]) == 2
    assert f"{source}:{line}:1: {said}" in capsys.readouterr().err
    assert not list((tmp_path / "out").glob("doc.*"))  # nothing written for it
