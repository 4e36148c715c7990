"""What a PDF draws, read back through PDFium: glyph runs, paths, images and bookmarks in drawing order.

Positions are in mm from the top-left corner of the page, as OFD wants them. The OFD writer copies
these, so the OFD has the PDF's geometry glyph for glyph.
"""

from __future__ import annotations

import ctypes
import io
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from gongwen.typeset.layout import MM
from gongwen.verify import _origin, _page_matrix, _rgb, visible

Colour = tuple[int, int, int]
BLACK: Colour = (0, 0, 0)


@dataclass
class GlyphRun:
    """Glyphs on one baseline in one font, size and colour: their text and each glyph's origin.

    A run turned a quarter to read up the page (a 横排 table, `angle` 90) has a vertical baseline: then
    `baseline` is its x and `xs` are the glyphs' origins down the page.
    """

    font: str  # PostScript name of the embedded font
    size: float  # mm
    colour: Colour
    baseline: float
    text: str = ""
    xs: list[float] = field(default_factory=list)
    visible: bool = True  # False: text that is not printed (the name under a 签名章), kept for search
    angle: int = 0


@dataclass(frozen=True)
class Shape:
    """A path: its commands (M, L, B for a cubic Bézier, C to close) with points, and how it is painted."""

    commands: tuple[tuple[str, tuple[float, ...]], ...]
    fill: Colour | None
    stroke: Colour | None
    line_width: float
    even_odd: bool


@dataclass(frozen=True)
class Picture:
    """An image placed in the box (x0, top, x1, bottom), as PNG with its transparency."""

    box: tuple[float, float, float, float]
    png: bytes


@dataclass
class PageDrawing:
    width: float
    height: float
    items: list[GlyphRun | Shape | Picture] = field(default_factory=list)


@dataclass(frozen=True)
class Bookmark:
    title: str
    level: int
    page: int
    top: float  # mm from the top of the page


@dataclass
class Drawing:
    """The pages of a PDF, its bookmarks and its embedded fonts (PostScript name → font program)."""

    pages: list[PageDrawing]
    bookmarks: list[Bookmark]
    fonts: dict[str, bytes]


def scan(pdf: bytes) -> Drawing:
    """Read every page of `pdf` in drawing order."""
    document = pdfium.PdfDocument(pdf)
    fonts: dict[int, tuple[str, bytes]] = {}
    pages = [_scan_page(page, fonts) for page in document]
    return Drawing(pages, list(_bookmarks(document)), dict(fonts.values()))


def _bookmarks(document: pdfium.PdfDocument):
    """The PDF's outline entries that go to a place in the document."""
    for item in document.get_toc():
        dest = item.get_dest()
        index = dest.get_index() if dest else None
        if index is None:
            continue
        _, view = dest.get_view()
        top = _from_top(document[index], view[1]) if len(view) > 1 else 0.0
        yield Bookmark(item.get_title(), item.level, index, top)


def _mm(points: float) -> float:
    return points / MM


def _from_top(page: pdfium.PdfPage, y: float) -> float:
    return _mm(_origin(page)[1] - y)


def _address(pointer) -> int:
    return ctypes.cast(pointer, ctypes.c_void_p).value or 0


def _scan_page(page: pdfium.PdfPage, fonts: dict[int, tuple[str, bytes]]) -> PageDrawing:
    drawing = PageDrawing(_mm(page.get_width()), _mm(page.get_height()))
    glyphs = _glyphs_by_object(page, fonts)
    for obj in page.get_objects():
        if obj.type == pdfium_c.FPDF_PAGEOBJ_TEXT:
            drawing.items += glyphs.get(_address(obj.raw), [])
        elif obj.type == pdfium_c.FPDF_PAGEOBJ_PATH:
            shape = _shape(page, obj)
            if shape:
                drawing.items.append(shape)
        elif obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            drawing.items.append(_picture(page, obj))
    return drawing


def _glyphs_by_object(page: pdfium.PdfPage, fonts: dict[int, tuple[str, bytes]]) -> dict[int, list[GlyphRun]]:
    """The page's glyphs grouped into runs, keyed by the text object that draws them."""
    textpage = page.get_textpage()
    left, top = _origin(page)
    x, y = ctypes.c_double(), ctypes.c_double()
    matrix = pdfium_c.FS_MATRIX()
    red, green, blue, alpha = (ctypes.c_uint() for _ in range(4))
    runs: dict[int, list[GlyphRun]] = {}
    for index in range(textpage.count_chars()):
        char = chr(pdfium_c.FPDFText_GetUnicode(textpage, index))
        if pdfium_c.FPDFText_IsGenerated(textpage, index) == 1 or char in "\r\n\0":
            continue
        obj = pdfium_c.FPDFText_GetTextObject(textpage, index)
        pdfium_c.FPDFText_GetCharOrigin(textpage, index, x, y)
        pdfium_c.FPDFText_GetMatrix(textpage, index, matrix)
        scale = abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5
        size = _mm(pdfium_c.FPDFText_GetFontSize(textpage, index) * scale)
        pdfium_c.FPDFText_GetFillColor(textpage, index, red, green, blue, alpha)
        shown = visible(textpage, index, alpha.value)
        font = _font(pdfium_c.FPDFTextObj_GetFont(obj), fonts)
        colour = (red.value, green.value, blue.value)
        angle = 90 if matrix.b > abs(matrix.a) else 0  # reading up the page, or across it
        baseline, origin = _mm(top - y.value), _mm(x.value - left)
        if angle:
            baseline, origin = origin, baseline
        owned = runs.setdefault(_address(obj), [])
        last = owned[-1] if owned else None
        if (last is None or last.font != font or abs(last.size - size) > 1e-4 or last.colour != colour
                or last.visible != shown or last.angle != angle or abs(last.baseline - baseline) > 1e-3
                or (origin > last.xs[-1] if angle else origin < last.xs[-1])):
            last = GlyphRun(font, size, colour, baseline, visible=shown, angle=angle)
            owned.append(last)
        last.text += char
        last.xs.append(origin)
    return runs


def _font(handle, fonts: dict[int, tuple[str, bytes]]) -> str:
    """The PostScript name of a PDF font (from its embedded program), reading each program once."""
    key = _address(handle)
    if key not in fonts:
        from fontTools.ttLib import TTFont

        size = ctypes.c_size_t()
        pdfium_c.FPDFFont_GetFontData(handle, None, 0, size)
        data = (ctypes.c_uint8 * size.value)()
        pdfium_c.FPDFFont_GetFontData(handle, data, size.value, size)
        program = bytes(data)
        fonts[key] = (TTFont(io.BytesIO(program), lazy=True)["name"].getDebugName(6), program)
    return fonts[key][0]


def _shape(page: pdfium.PdfPage, obj: pdfium.PdfObject) -> Shape | None:
    """A path object's outline in page mm and its paint; None for a path that paints nothing."""
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    pdfium_c.FPDFPath_GetDrawMode(obj.raw, fill_mode, stroke)
    filled = fill_mode.value != pdfium_c.FPDF_FILLMODE_NONE
    if not filled and not stroke.value:
        return None
    matrix = _page_matrix(obj)
    left, top = _origin(page)
    commands: list[tuple[str, tuple[float, ...]]] = []
    curve: list[float] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    for index in range(pdfium_c.FPDFPath_CountSegments(obj.raw)):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj.raw, index)
        pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
        px, py = matrix.on_point(x.value, y.value)
        point = (_mm(px - left), _mm(top - py))
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        if kind == pdfium_c.FPDF_SEGMENT_BEZIERTO:
            curve += point
            if len(curve) == 6:
                commands.append(("B", tuple(curve)))
                curve = []
        else:
            commands.append(("M" if kind == pdfium_c.FPDF_SEGMENT_MOVETO else "L", point))
        if pdfium_c.FPDFPathSegment_GetClose(segment):
            commands.append(("C", ()))
    width = ctypes.c_float()
    pdfium_c.FPDFPageObj_GetStrokeWidth(obj.raw, width)
    scale = abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5
    return Shape(tuple(commands),
                 _colour(obj, pdfium_c.FPDFPageObj_GetFillColor) if filled else None,
                 _colour(obj, pdfium_c.FPDFPageObj_GetStrokeColor) if stroke.value else None,
                 _mm(width.value * scale), fill_mode.value == pdfium_c.FPDF_FILLMODE_ALTERNATE)


def _colour(obj: pdfium.PdfObject, getter) -> Colour:
    return tuple(round(channel * 255) for channel in _rgb(obj.raw, getter))  # type: ignore[return-value]


def _picture(page: pdfium.PdfPage, obj: pdfium.PdfImage) -> Picture:
    """An image object's box and its pixels with the soft mask applied, at the image's own resolution.

    PDFium draws the image as its own matrix places it; the Form XObjects around it (WeasyPrint's
    page flip) may mirror it again, which is undone here.
    """
    from PIL import Image

    matrix = _page_matrix(obj)
    left, top = _origin(page)
    corners = [matrix.on_point(x, y) for x in (0, 1) for y in (0, 1)]
    xs, ys = [_mm(c[0] - left) for c in corners], [_mm(top - c[1]) for c in corners]
    outer = pdfium.PdfMatrix()
    container = obj.container
    while container is not None:
        outer, container = outer.multiply(container.get_matrix()), container.container
    pixels = obj.get_bitmap(render=True).to_pil()
    if outer.d < 0:
        pixels = pixels.transpose(Image.Transpose.FLIP_TOP_BOTTOM)
    if outer.a < 0:
        pixels = pixels.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    buffer = io.BytesIO()
    pixels.save(buffer, format="PNG", optimize=False)
    return Picture((min(xs), min(ys), max(xs), max(ys)), buffer.getvalue())
