"""OFD (GB/T 33190-2016) from gongwen's own PDF: the same pages, glyph for glyph.

The PDF already fixes where every glyph stands; this copies each page's glyph runs as text objects
(per-glyph DeltaX, so search and copy work), rules and other paths as path objects, seals as
images, and the PDF's bookmarks as the outline; where each seal goes is a custom tag for the unit's
电子签章 system. Fonts are embedded and matched to the installed files the build chose: the PDF's own
subsets (the installed files' outlines and glyph numbers) cut down again to the characters drawn.
Everything — IDs, file names, the ZIP — follows from the input, so the same document gives the same bytes.
"""

from __future__ import annotations

import hashlib
import itertools
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from io import BytesIO

from gongwen import __version__
from gongwen.model.document import Document
from gongwen.render.metadata import EVERYTHING
from gongwen.render.ofdfonts import changed_glyphs, find_face, names, subset
from gongwen.render.pdfscan import BLACK, Bookmark, Drawing, GlyphRun, PageDrawing, Picture, Shape, scan
from gongwen.render.seals import CLAUSES, SealAnchor
from gongwen.typeset.fonts import Face

NS = "http://www.ofdspec.org/2016"
ET.register_namespace("ofd", NS)
# The seal anchors' custom tag (GB/T 33190-2016 §16 自定义标引): gongwen's own vocabulary, named by this namespace.
SEALS_NS = "urn:gongwen:seal-anchors:1"
ET.register_namespace("gw", SEALS_NS)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # no build time in the file: stable bytes
DOC = "Doc_0"


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def _num(value: float) -> str:
    """A length in mm to the micrometre, without trailing zeros."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _nums(values: Iterable[float]) -> str:
    return " ".join(map(_num, values))


@dataclass
class OfdResult:
    """The OFD's bytes and what the reader should know about it (glyphs that differ from the PDF)."""

    data: bytes
    warnings: list[str] = field(default_factory=list)


class _Ids:
    """IDs in the order objects are written: unique across the document, as the standard requires."""

    def __init__(self):
        self._counter = itertools.count(1)
        self.last = 0

    def next(self) -> str:
        self.last = next(self._counter)
        return str(self.last)


def render_ofd(pdf: bytes, doc: Document, source_sha: str, faces: Iterable[Face] = (),
               content_box: tuple[float, float, float, float] | None = None,
               seals: Iterable[SealAnchor] = (), metadata: frozenset[str] = EVERYTHING) -> OfdResult:
    """The OFD of `doc` from its PDF; `faces` are the build's fonts, tried first when matching the PDF's;
    `content_box` is the 版心 (x, y, width, height in mm), recorded as every page's content box; `seals` are
    the places of the seals in the PDF, recorded as a custom tag; `metadata` names the document information
    OFD.xml carries (render/metadata.py)."""
    drawing = scan(pdf)
    writer = _Writer(drawing, list(faces), content_box, list(seals))
    parts = writer.parts(doc, source_sha, metadata)
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            package.writestr(info, data)
    return OfdResult(buffer.getvalue(), writer.warnings)


class _Writer:
    def __init__(self, drawing: Drawing, faces: list[Face], content_box: tuple[float, ...] | None,
                 seals: list[SealAnchor]):
        self.drawing = drawing
        self.faces = faces
        self.content_box = content_box
        self.seals = seals
        self.ids = _Ids()
        self.fonts: dict[str, str] = {}  # PostScript name → font ID
        self.images: list[tuple[str, bytes]] = []  # (ID, PNG)
        self.placed: list[tuple[int, tuple[float, ...], str]] = []  # image objects: (page, box, ID)
        self.page = 0  # the page being written
        self.warnings: list[str] = []

    def parts(self, doc: Document, source_sha: str, metadata: frozenset[str]) -> dict[str, bytes]:
        font_text: dict[str, str] = {}
        for page in self.drawing.pages:
            for item in page.items:
                if isinstance(item, GlyphRun):
                    font_text[item.font] = font_text.get(item.font, "") + item.text
        for postscript in sorted(font_text):
            self.fonts[postscript] = self.ids.next()
        page_ids = [self.ids.next() for _ in self.drawing.pages]
        parts = {}
        for number, page in enumerate(self.drawing.pages):
            self.page = number
            parts[f"{DOC}/Pages/Page_{number}/Content.xml"] = _xml(self._page(page))
        parts[f"{DOC}/PublicRes.xml"] = _xml(self._fonts(font_text, parts))
        if self.images:
            parts[f"{DOC}/DocumentRes.xml"] = _xml(self._images(parts))
        if self.seals:
            parts[f"{DOC}/CustomTags.xml"] = _xml(_custom_tags())
            parts[f"{DOC}/SealAnchors.xml"] = _xml(self._seal_anchors(page_ids))
        parts[f"{DOC}/Document.xml"] = _xml(self._document(page_ids, bool(self.images)))
        parts["OFD.xml"] = _xml(_ofd_xml(doc, source_sha, metadata))
        return dict(sorted(parts.items(), key=lambda item: (item[0] != "OFD.xml", item[0])))

    # ── document ──

    def _document(self, page_ids: list[str], has_images: bool) -> ET.Element:
        root = ET.Element(_q("Document"))
        common = ET.SubElement(root, _q("CommonData"))
        ET.SubElement(common, _q("MaxUnitID")).text = str(self.ids.last)
        first = self.drawing.pages[0] if self.drawing.pages else PageDrawing(210, 297)
        area = ET.SubElement(common, _q("PageArea"))
        ET.SubElement(area, _q("PhysicalBox")).text = _nums((0, 0, first.width, first.height))
        if self.content_box:
            ET.SubElement(area, _q("ContentBox")).text = _nums(self.content_box)
        ET.SubElement(common, _q("PublicRes")).text = "PublicRes.xml"
        if has_images:
            ET.SubElement(common, _q("DocumentRes")).text = "DocumentRes.xml"
        pages = ET.SubElement(root, _q("Pages"))
        for number, page_id in enumerate(page_ids):
            ET.SubElement(pages, _q("Page"), ID=page_id, BaseLoc=f"Pages/Page_{number}/Content.xml")
        if self.drawing.bookmarks:
            _outlines(ET.SubElement(root, _q("Outlines")), self.drawing.bookmarks, page_ids)
        if self.seals:
            ET.SubElement(root, _q("CustomTags")).text = "CustomTags.xml"
        return root

    def _seal_anchors(self, page_ids: list[str]) -> ET.Element:
        """Each seal's page and box, for the 电子签章 system; a printed seal also refers to its image object."""
        root = ET.Element(f"{{{SEALS_NS}}}SealAnchors")
        for seal in self.seals:
            box = (seal.x_mm, seal.y_mm, seal.width_mm, seal.height_mm)
            element = ET.SubElement(root, f"{{{SEALS_NS}}}Seal", Organ=seal.organ, Kind=seal.kind,
                                    Clause=CLAUSES[seal.kind], PageRef=page_ids[seal.page - 1], Boundary=_nums(box))
            if seal.signer:
                element.set("Signer", seal.signer)
            image = next((object_id for page, placed, object_id in self.placed if page == seal.page - 1 and
                          max(abs(a - b) for a, b in zip(placed, box, strict=True)) < 0.05), None)
            if image is not None:
                ET.SubElement(element, _q("ObjectRef"), PageRef=page_ids[seal.page - 1]).text = image
        return root

    def _fonts(self, font_text: dict[str, str], parts: dict[str, bytes]) -> ET.Element:
        root = ET.Element(_q("Res"), BaseLoc="Res")
        fonts = ET.SubElement(root, _q("Fonts"))
        for postscript, font_id in self.fonts.items():
            program = self.drawing.fonts[postscript]
            face = find_face(program, self.faces)
            text = "".join(sorted(set(font_text[postscript])))
            changed = changed_glyphs(program, face, text)
            if changed:
                self.warnings.append(f"警告：OFD 中“{changed}”的字形与 PDF 不同（字体 {postscript}）")
            about = names(face.file, face.index)
            font = ET.SubElement(fonts, _q("Font"), ID=font_id, FontName=postscript, FamilyName=about.family)
            if about.bold:
                font.set("Bold", "true")
            if about.serif:
                font.set("Serif", "true")
            file = f"font_{font_id}.otf"
            ET.SubElement(font, _q("FontFile")).text = file
            parts[f"{DOC}/Res/{file}"] = subset(program, text)
        return root

    def _images(self, parts: dict[str, bytes]) -> ET.Element:
        root = ET.Element(_q("Res"), BaseLoc="Res")
        media = ET.SubElement(root, _q("MultiMedias"))
        for image_id, png in self.images:
            item = ET.SubElement(media, _q("MultiMedia"), ID=image_id, Type="Image", Format="PNG")
            ET.SubElement(item, _q("MediaFile")).text = f"image_{image_id}.png"
            parts[f"{DOC}/Res/image_{image_id}.png"] = png
        return root

    # ── pages ──

    def _page(self, page: PageDrawing) -> ET.Element:
        root = ET.Element(_q("Page"))
        area = ET.SubElement(root, _q("Area"))
        ET.SubElement(area, _q("PhysicalBox")).text = _nums((0, 0, page.width, page.height))
        layer = ET.SubElement(ET.SubElement(root, _q("Content")), _q("Layer"), ID=self.ids.next())
        for item in page.items:
            if isinstance(item, GlyphRun):
                self._text(layer, item)
            elif isinstance(item, Shape):
                self._path(layer, item)
            elif isinstance(item, Picture):
                self._image(layer, item)
        return root

    def _text(self, layer: ET.Element, run: GlyphRun) -> None:
        """One text object per run: the baseline origin of the first glyph, then each glyph's advance.

        A run reading up the page is set the same way and turned by the object's CTM, its head to the left.
        """
        length = abs(run.xs[-1] - run.xs[0]) + 2 * run.size  # room for the ink on every side
        if run.angle:
            x0, y0 = run.baseline - 1.2 * run.size, run.xs[-1] - run.size
            boundary, origin = (x0, y0, 1.6 * run.size, length), (0.0, 0.0)
        else:
            x0, y0 = run.xs[0] - run.size, run.baseline - 1.2 * run.size
            boundary, origin = (x0, y0, length, 1.6 * run.size), (run.xs[0] - x0, run.baseline - y0)
        text = ET.SubElement(layer, _q("TextObject"), ID=self.ids.next(), Boundary=_nums(boundary),
                             Font=self.fonts[run.font], Size=_num(run.size))
        if run.angle:  # text space x runs up the page, its y (down the glyphs) to the right
            text.set("CTM", _nums((0, -1, 1, 0, run.baseline - x0, run.xs[0] - y0)))
        if not run.visible:
            text.set("Fill", "false")  # in the text, not printed (GB/T 33190 CT_Text: Fill, default true)
        if run.colour != BLACK:
            ET.SubElement(text, _q("FillColor"), Value=" ".join(map(str, run.colour)))
        code = ET.SubElement(text, _q("TextCode"), X=_num(origin[0]), Y=_num(origin[1]))
        if len(run.xs) > 1:
            code.set("DeltaX", _deltas([abs(b - a) for a, b in zip(run.xs, run.xs[1:], strict=False)]))
        code.text = run.text

    def _path(self, layer: ET.Element, shape: Shape) -> None:
        points = [(p[i], p[i + 1]) for _, p in shape.commands for i in range(0, len(p), 2)]
        if not points:
            return
        pad = shape.line_width / 2 if shape.stroke else 0.0
        x0, y0 = min(p[0] for p in points) - pad, min(p[1] for p in points) - pad
        x1, y1 = max(p[0] for p in points) + pad, max(p[1] for p in points) + pad
        path = ET.SubElement(layer, _q("PathObject"), ID=self.ids.next(),
                             Boundary=_nums((x0, y0, max(x1 - x0, 0.001), max(y1 - y0, 0.001))))
        if shape.stroke:
            path.set("LineWidth", _num(shape.line_width))
        else:
            path.set("Stroke", "false")
        if shape.fill:
            path.set("Fill", "true")
            if shape.even_odd:
                path.set("Rule", "Even-Odd")
        if shape.stroke:
            ET.SubElement(path, _q("StrokeColor"), Value=" ".join(map(str, shape.stroke)))
        if shape.fill:
            ET.SubElement(path, _q("FillColor"), Value=" ".join(map(str, shape.fill)))
        data = []
        for command, values in shape.commands:
            relative = [v - (x0 if i % 2 == 0 else y0) for i, v in enumerate(values)]
            data.append(" ".join([command, *map(_num, relative)]))
        ET.SubElement(path, _q("AbbreviatedData")).text = " ".join(data)

    def _image(self, layer: ET.Element, picture: Picture) -> None:
        resource = next((i for i, png in self.images if png == picture.png), None)
        if resource is None:
            resource = self.ids.next()
            self.images.append((resource, picture.png))
        x0, y0, x1, y1 = picture.box
        object_id = self.ids.next()
        ET.SubElement(layer, _q("ImageObject"), ID=object_id, Boundary=_nums((x0, y0, x1 - x0, y1 - y0)),
                      CTM=_nums((x1 - x0, 0, 0, y1 - y0, 0, 0)), ResourceID=resource)
        self.placed.append((self.page, (x0, y0, x1 - x0, y1 - y0), object_id))


def _deltas(values: list[float]) -> str:
    """DeltaX with runs of equal advances written as `g N value` (GB/T 33190 §11.3)."""
    out = []
    for value, group in itertools.groupby(_num(v) for v in values):
        count = len(list(group))
        out += ["g", str(count), value] if count > 2 else [value] * count
    return " ".join(out)


def _outlines(parent: ET.Element, bookmarks: list[Bookmark], page_ids: list[str]) -> None:
    """Nested outline entries, each going to its heading's page and height."""
    stack: list[tuple[int, ET.Element]] = [(-1, parent)]
    for mark in bookmarks:
        while stack[-1][0] >= mark.level:
            stack.pop()
        elem = ET.SubElement(stack[-1][1], _q("OutlineElem"), Title=mark.title)
        action = ET.SubElement(ET.SubElement(elem, _q("Actions")), _q("Action"), Event="CLICK")
        ET.SubElement(ET.SubElement(action, _q("Goto")), _q("Dest"), Type="XYZ", PageID=page_ids[mark.page],
                      Left="0", Top=_num(mark.top))
        stack.append((mark.level, elem))


def _custom_tags() -> ET.Element:
    """The document's custom tags (GB/T 33190-2016 §16, Annex A.9): the seal anchors."""
    root = ET.Element(_q("CustomTags"))
    tag = ET.SubElement(root, _q("CustomTag"), NameSpace=SEALS_NS)
    ET.SubElement(tag, _q("FileLoc")).text = "SealAnchors.xml"
    return root


def _ofd_xml(doc: Document, source_sha: str, metadata: frozenset[str]) -> ET.Element:
    """OFD.xml: the entry point, with the document information `metadata` names."""
    root = ET.Element(_q("OFD"), Version="1.0", DocType="OFD")
    body = ET.SubElement(root, _q("DocBody"))
    info = ET.SubElement(body, _q("DocInfo"))
    ET.SubElement(info, _q("DocID")).text = hashlib.sha256(source_sha.encode()).hexdigest()[:32]
    fields = [("title", "Title", doc.display_title), ("author", "Author", "、".join(doc.issuer)),
              ("created", "CreationDate", doc.day.isoformat() if doc.day else "")]  # no placeholder date
    for name, tag, value in fields:
        if name in metadata and value:
            ET.SubElement(info, _q(tag)).text = value
    ET.SubElement(info, _q("Creator")).text = "gongwen"
    ET.SubElement(info, _q("CreatorVersion")).text = __version__
    custom = [("author", "发文机关", "、".join(doc.issuer)), ("keywords", "发文字号", doc.number),
              ("created", "成文日期", doc.date_text), ("marks", "密级", doc.secrecy),
              ("marks", "紧急程度", doc.urgency), ("marks", "份号", doc.copy_number)]
    shown = [(label, value) for name, label, value in custom if name in metadata and value]
    if shown:  # CustomDatas holds at least one CustomData (GB/T 33190 Annex A.2)
        datas = ET.SubElement(info, _q("CustomDatas"))
        for label, value in shown:
            ET.SubElement(datas, _q("CustomData"), Name=label).text = value
    ET.SubElement(body, _q("DocRoot")).text = f"{DOC}/Document.xml"
    return root


def _xml(root: ET.Element) -> bytes:
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True)
