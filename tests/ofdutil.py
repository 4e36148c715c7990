"""Helpers for tests that read OFD packages: schema validation, package integrity, glyphs as an
independent reader (ofdkit) sees them, and the PDF's glyphs as another (pdfminer.six) sees them."""

from __future__ import annotations

import hashlib
import io
import itertools
import os
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import ofdkit
from fontTools.ttLib import TTFont
from ofdkit.document import _parse_deltas
from pdfminer.converter import PDFLayoutAnalyzer
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from PIL import Image

from conftest import ROOT
from gongwen.verify import horizontal_rules
from pdfutil import pages as pdf_pages

NS = "{http://www.ofdspec.org/2016}"
MM = 72 / 25.4
# GB/T 33190-2016 Annex A as transcribed in GreenYun/OFD-Schema (commit 888931f). The repository has no
# licence, so the files are not committed: scripts/setup.sh downloads them, checked against these hashes.
SCHEMA_SUMS = ROOT / "tests" / "fixtures" / "ofd-schema.sha256"
SCHEMA_FOR = {"OFD": "OFD.xsd", "Document": "Document.xsd", "Page": "Page.xsd", "Res": "Res.xsd",
              "CustomTags": "CustomTags.xsd"}


def schema_dir() -> Path | None:
    """Where the GB/T 33190 XSD files are, if they are there with the expected contents."""
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "gongwen" / "ofd-schema"
    folder = Path(os.environ.get("GONGWEN_OFD_SCHEMAS") or cache)
    for line in SCHEMA_SUMS.read_text().splitlines():
        digest, name = line.split()
        file = folder / name
        if not file.is_file() or hashlib.sha256(file.read_bytes()).hexdigest() != digest:
            return None
    return folder


def schema_errors(ofd: bytes, folder: Path) -> dict[str, list[str]]:
    """Each XML part of the package validated against the XSD of its root element: part → errors."""
    from lxml import etree

    schemas: dict[str, etree.XMLSchema] = {}
    found = {}
    with zipfile.ZipFile(io.BytesIO(ofd)) as package:
        for name in package.namelist():
            if not name.endswith(".xml"):
                continue
            root = etree.fromstring(package.read(name))
            if etree.QName(root).namespace != NS.strip("{}"):
                continue  # a custom tag's own file: its vocabulary is its producer's (GB/T 33190 §16)
            xsd = SCHEMA_FOR[etree.QName(root).localname]
            schema = schemas.setdefault(xsd, etree.XMLSchema(etree.parse(str(folder / xsd))))
            schema.validate(root)
            found[name] = [f"{e.line}: {e.message}" for e in schema.error_log]
    return found


def package_problems(ofd: bytes) -> list[str]:
    """What the schemas cannot see: unique IDs, MaxUnitID, references, files, fonts and images."""
    problems = []
    package = zipfile.ZipFile(io.BytesIO(ofd))
    names = set(package.namelist())
    xml = {name: ET.fromstring(package.read(name)) for name in names if name.endswith(".xml")}
    ids: list[int] = [int(e.get("ID")) for root in xml.values() for e in root.iter() if e.get("ID") is not None]
    if len(ids) != len(set(ids)):
        problems.append("duplicate IDs")
    max_id = int(xml["Doc_0/Document.xml"].find(f"{NS}CommonData/{NS}MaxUnitID").text)
    if max(ids) > max_id:
        problems.append(f"MaxUnitID {max_id} < {max(ids)}")
    fonts, media = {}, {}
    for root in xml.values():
        base = root.get("BaseLoc")
        for font in root.iter(f"{NS}Font"):
            fonts[font.get("ID")] = f"Doc_0/{base}/{font.find(f'{NS}FontFile').text}"
        for item in root.iter(f"{NS}MultiMedia"):
            media[item.get("ID")] = f"Doc_0/{base}/{item.find(f'{NS}MediaFile').text}"
    document = xml["Doc_0/Document.xml"]
    pages = {p.get("ID"): f"Doc_0/{p.get('BaseLoc')}" for p in document.iter(f"{NS}Page")}
    for location in [*fonts.values(), *media.values(), *pages.values()]:
        if location not in names:
            problems.append(f"missing file {location}")
    for dest in document.iter(f"{NS}Dest"):
        if dest.get("PageID") not in pages:
            problems.append(f"outline goes to unknown page {dest.get('PageID')}")
    tags = document.find(f"{NS}CustomTags")
    for tag in xml[f"Doc_0/{tags.text}"].iter(f"{NS}CustomTag") if tags is not None else ():
        location = f"Doc_0/{tag.find(f'{NS}FileLoc').text}"
        if location not in names:
            problems.append(f"missing file {location}")
            continue
        for element in (e for e in xml[location].iter() if e.get("PageRef") is not None):
            page = pages.get(element.get("PageRef"))
            if page is None:
                problems.append(f"custom tag refers to unknown page {element.get('PageRef')}")
            elif element.tag == f"{NS}ObjectRef" and element.text not in {o.get("ID") for o in xml[page].iter()}:
                problems.append(f"custom tag refers to unknown object {element.text}")
    cmaps = {font_id: TTFont(io.BytesIO(package.read(path))).getBestCmap() if path in names else {}
             for font_id, path in fonts.items()}
    for page in pages.values():
        for text in xml[page].iter(f"{NS}TextObject"):
            cmap = cmaps[text.get("Font")]
            lacking = {c for code in text.iter(f"{NS}TextCode") for c in code.text if ord(c) not in cmap}
            if lacking:
                problems.append(f"font {text.get('Font')} lacks {''.join(sorted(lacking))}")
        for image in xml[page].iter(f"{NS}ImageObject"):
            if image.get("ResourceID") not in media:
                problems.append(f"image {image.get('ID')} uses unknown resource {image.get('ResourceID')}")
    for path in (p for p in media.values() if p in names):
        Image.open(io.BytesIO(package.read(path))).verify()
    return problems


def ofd_glyphs(path: Path) -> list[list[tuple[str, float, float]]]:
    """Per page, (character, x, y) of every glyph's origin, as ofdkit reads the OFD (x from DeltaX); in a
    text object turned by its CTM, the origins are carried through it (ofdkit leaves the CTM out)."""
    pages = []
    with ofdkit.open(path) as document, zipfile.ZipFile(path) as package:
        for page in document.pages:
            objects = {o.get("ID"): o for o in ET.fromstring(package.read(page.location)).iter(f"{NS}TextObject")}
            glyphs = []
            for run in page.runs:
                obj = objects[run.object_id]
                code = obj.find(f"{NS}TextCode")
                left, top = (float(v) for v in obj.get("Boundary").split()[:2])
                a, b, c, d, e, f = (float(v) for v in (obj.get("CTM") or "1 0 0 1 0 0").split())
                x, y = float(code.get("X")), float(code.get("Y"))
                for char, delta in zip(run.text, [*_parse_deltas(code.get("DeltaX"), len(run.text) - 1), 0.0],
                                       strict=True):
                    glyphs.append((char, left + a * x + c * y + e, top + b * x + d * y + f))
                    x += delta
            pages.append(glyphs)
    return pages


class _Glyphs(PDFLayoutAnalyzer):
    """A pdfminer device that records each glyph in content-stream order: character, origin and baseline,
    size (mm), font and fill colour (0–255)."""

    def __init__(self, manager: PDFResourceManager):
        super().__init__(manager, laparams=None)
        self.glyphs: list[tuple[str, float, float, float, str, tuple[int, ...]]] = []
        self.height = 0.0

    def render_char(self, matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate):
        a, b, c, d, x, y = matrix
        colour = graphicstate.ncolor if isinstance(graphicstate.ncolor, (list, tuple)) else [graphicstate.ncolor or 0]
        self.glyphs.append((font.to_unichr(cid), x / MM, (self.height - y) / MM,
                            fontsize * abs(a * d - b * c) ** 0.5 / MM, font.fontname.split("+")[-1],
                            tuple(round(v * 255) for v in (colour * 3 if len(colour) == 1 else colour))))
        return font.char_width(cid) * fontsize * scaling


def pdf_glyphs(path: Path, detail: bool = False) -> list[list[tuple]]:
    """Per page, (character, x, baseline) of every glyph as pdfminer.six reads the PDF; with `detail`, also
    its size in mm, font and colour."""
    manager = PDFResourceManager()
    pages = []
    with open(path, "rb") as file:
        for page in PDFPage.get_pages(file):
            device = _Glyphs(manager)
            device.height = page.mediabox[3]
            PDFPageInterpreter(manager, device).process_page(page)
            pages.append(device.glyphs if detail else [g[:3] for g in device.glyphs])
    return pages


def office_ofd(pdf: Path, target: Path) -> Path:
    """`pdf` as an OFD written the way other producers write theirs, unlike gongwen's: one text object per
    glyph with its size in the CTM (Size 1) and the page as its Boundary, fonts named but not embedded,
    locations from the package root, rules as stroked lines."""
    ids = itertools.count(1)
    fonts: dict[str, str] = {}
    contents = []
    for page, glyphs in zip(pdf_pages(pdf), pdf_glyphs(pdf, detail=True), strict=True):
        root = ET.Element(f"{NS}Page")
        layer = ET.SubElement(ET.SubElement(root, f"{NS}Content"), f"{NS}Layer", ID=str(next(ids)))
        for char, x, baseline, size, name, colour in glyphs:
            font = fonts.setdefault(name, str(next(ids)))
            text = ET.SubElement(layer, f"{NS}TextObject", ID=str(next(ids)), Boundary="0 0 210 297", Font=font,
                                 Size="1", CTM=f"{size:.4f} 0 0 {size:.4f} 0 0")
            if any(colour):
                ET.SubElement(text, f"{NS}FillColor", Value=" ".join(map(str, colour)))
            code = ET.SubElement(text, f"{NS}TextCode", X=f"{x / size:.4f}", Y=f"{baseline / size:.4f}")
            code.text = char
        for x0, x1, top, bottom, _ in horizontal_rules(page):
            path = ET.SubElement(layer, f"{NS}PathObject", ID=str(next(ids)),
                                 Boundary=f"{x0:.3f} {top:.3f} {x1 - x0:.3f} {bottom - top:.3f}",
                                 LineWidth=f"{bottom - top:.3f}")
            middle = (bottom - top) / 2
            ET.SubElement(path, f"{NS}AbbreviatedData").text = f"M 0 {middle:.3f} L {x1 - x0:.3f} {middle:.3f}"
        contents.append(root)
    document = ET.Element(f"{NS}Document")
    common = ET.SubElement(document, f"{NS}CommonData")
    ET.SubElement(common, f"{NS}MaxUnitID").text = str(next(ids) - 1)
    ET.SubElement(ET.SubElement(common, f"{NS}PageArea"), f"{NS}PhysicalBox").text = "0 0 210 297"
    ET.SubElement(common, f"{NS}PublicRes").text = "/Doc_0/PublicRes.xml"
    listed = ET.SubElement(document, f"{NS}Pages")
    for number in range(len(contents)):
        ET.SubElement(listed, f"{NS}Page", ID=str(next(ids)), BaseLoc=f"/Doc_0/Pages/Page_{number}/Content.xml")
    resources = ET.Element(f"{NS}Res", BaseLoc="Res")
    names = ET.SubElement(resources, f"{NS}Fonts")
    for name, font_id in fonts.items():
        ET.SubElement(names, f"{NS}Font", ID=font_id, FontName=name, FamilyName=name)
    ofd = ET.Element(f"{NS}OFD", Version="1.0", DocType="OFD")
    body = ET.SubElement(ofd, f"{NS}DocBody")
    ET.SubElement(ET.SubElement(body, f"{NS}DocInfo"), f"{NS}DocID").text = "0" * 32
    ET.SubElement(body, f"{NS}DocRoot").text = "/Doc_0/Document.xml"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("OFD.xml", ET.tostring(ofd, xml_declaration=True, encoding="UTF-8"))
        package.writestr("Doc_0/Document.xml", ET.tostring(document, xml_declaration=True, encoding="UTF-8"))
        package.writestr("Doc_0/PublicRes.xml", ET.tostring(resources, xml_declaration=True, encoding="UTF-8"))
        for number, root in enumerate(contents):
            package.writestr(f"Doc_0/Pages/Page_{number}/Content.xml",
                             ET.tostring(root, xml_declaration=True, encoding="UTF-8"))
    return target
