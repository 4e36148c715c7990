"""Helpers for tests that read OFD packages: schema validation, package integrity, glyphs as an
independent reader (ofdkit) sees them, and the PDF's glyphs as another (pdfminer.six) sees them."""

from __future__ import annotations

import hashlib
import io
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

NS = "{http://www.ofdspec.org/2016}"
MM = 72 / 25.4
# GB/T 33190-2016 Annex A as transcribed in GreenYun/OFD-Schema (commit 888931f). The repository has no
# licence, so the files are not committed: scripts/setup.sh downloads them, checked against these hashes.
SCHEMA_SUMS = ROOT / "tests" / "fixtures" / "ofd-schema.sha256"
SCHEMA_FOR = {"OFD": "OFD.xsd", "Document": "Document.xsd", "Page": "Page.xsd", "Res": "Res.xsd"}


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
    """Per page, (character, x, baseline) of every glyph, as ofdkit reads the OFD (x from DeltaX)."""
    pages = []
    with ofdkit.open(path) as document, zipfile.ZipFile(path) as package:
        for page in document.pages:
            objects = {o.get("ID"): o for o in ET.fromstring(package.read(page.location)).iter(f"{NS}TextObject")}
            glyphs = []
            for run in page.runs:
                code = objects[run.object_id].find(f"{NS}TextCode")
                x = run.x
                for char, delta in zip(run.text, [*_parse_deltas(code.get("DeltaX"), len(run.text) - 1), 0.0],
                                       strict=True):
                    glyphs.append((char, x, run.y))
                    x += delta
            pages.append(glyphs)
    return pages


class _Glyphs(PDFLayoutAnalyzer):
    """A pdfminer device that records each glyph's character and origin, in content-stream order."""

    def __init__(self, manager: PDFResourceManager):
        super().__init__(manager, laparams=None)
        self.glyphs: list[tuple[str, float, float]] = []
        self.height = 0.0

    def render_char(self, matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate):
        _, _, _, _, x, y = matrix
        self.glyphs.append((font.to_unichr(cid), x / MM, (self.height - y) / MM))
        return font.char_width(cid) * fontsize * scaling


def pdf_glyphs(path: Path) -> list[list[tuple[str, float, float]]]:
    """Per page, (character, x, baseline) of every glyph, as pdfminer.six reads the PDF."""
    manager = PDFResourceManager()
    pages = []
    with open(path, "rb") as file:
        for page in PDFPage.get_pages(file):
            device = _Glyphs(manager)
            device.height = page.mediabox[3]
            PDFPageInterpreter(manager, device).process_page(page)
            pages.append(device.glyphs)
    return pages
