"""Measure a PDF against the GB/T 9704 page: geometry, the 22×28 grid, page numbers, 版头 and 版记.

Works on any PDF (ours, Word's, LibreOffice's): it reads positions of glyph ink and drawn rules
with PDFium (pypdfium2) and compares them with the layout profile.
"""

from __future__ import annotations

import ctypes
import re
import statistics
import weakref
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from gongwen.errors import GongwenError
from gongwen.typeset.layout import MM, Layout
from gongwen.typeset.textflow import NO_END, NO_START
from gongwen.verify_tables import Grid, check_tables, check_turned, find_grids, outside_tables

POSITION_TOLERANCE = 1.0  # mm, GB/T 9704 §5.2.2 / §5.3
FLUSH_TOLERANCE = 0.2  # mm
# Lines in another font (黑体 headings) sit up to ~0.3 mm off in Word and LibreOffice, which place
# the baseline by each font's ascent; a line in the wrong slot is off by a whole pitch (10 mm).
GRID_TOLERANCE = 0.5  # mm
PAGE_NUMBER = re.compile(r"^—\s*(\d+)\s*—$")
ORDER_NUMBER = re.compile(r"^第[0-9]+号$")
DATE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")
OVERPRINT = 0.2  # glyph boxes sharing more than this part of the smaller one are printed over each other
_FULL_WIDTH = re.compile(r"^[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’—…·]+$")


@dataclass
class Line:
    """Glyphs sharing a baseline: text, ink box in mm, size in pt, font names."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float
    size: float
    fonts: set[str]
    color: int
    glyphs: list[tuple[float, float, float, float]] = field(default_factory=list)  # x0, top, x1, bottom in mm
    angle: int = 0  # 90: turned to read upwards (a 横排 page's text, head to the left); -90 downwards

    @property
    def turned(self) -> bool:
        return self.angle != 0


@dataclass
class PageReport:
    number: int
    width: float
    height: float
    box: tuple[float, float, float, float] | None = None  # text block x0, y0, x1, y1 in mm
    body_lines: int = 0
    full_lines: int = 0
    full_lines_ok: int = 0
    flush_lines: int = 0
    flush_ok: int = 0
    page_number: str | None = None
    page_number_pos: tuple[float, float] | None = None
    last_slot_full: bool = False
    notes: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def line(self) -> str:
        box = "版心 {:.1f},{:.1f}–{:.1f},{:.1f} mm".format(*self.box) if self.box else "无文字"
        number = f"页码“{self.page_number}” %.1f,%.1f mm" % self.page_number_pos if self.page_number else "无页码"
        grid = (f"{self.body_lines}行  满行{self.full_lines_ok}/{self.full_lines}"
                f"  齐边{self.flush_ok}/{self.flush_lines}")
        return f"第{self.number}页  {self.width:.1f}×{self.height:.1f} mm  {box}  {grid}  {number}"


def _mm(value: float) -> float:
    return value / MM


_SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")
# Glyph outline extents by (font handle, character), per open document: fonts are shared by its pages.
_OUTLINES: weakref.WeakKeyDictionary[pdfium.PdfDocument, dict] = weakref.WeakKeyDictionary()


def _origin(page: pdfium.PdfPage) -> tuple[float, float]:
    """Left and top edges of the visible page: PDF space is y-up, we measure from the top-left."""
    left, _, _, top = page.get_cropbox()
    return left, top


def _landscape(page: pdfium.PdfPage) -> bool:
    return page.get_width() > page.get_height()


def _on_sheet(page: pdfium.PdfPage):
    """PDF points of `page` to points from the top-left of the A4 sheet it prints on. A landscape page (a
    横排 section from Word or LibreOffice) prints turned a quarter counter-clockwise, its top to the left."""
    left, top = _origin(page)
    if not _landscape(page):
        return lambda x, y: (x - left, top - y)
    width = page.get_width()
    return lambda x, y: (top - y, width - (x - left))


def sheet_size(page: pdfium.PdfPage) -> tuple[float, float]:
    """Width and height of the sheet a page prints on, in mm (a landscape page stands upright)."""
    width, height = _mm(page.get_width()), _mm(page.get_height())
    return (height, width) if width > height else (width, height)


def _font_name(textpage: pdfium.PdfTextPage, index: int) -> str:
    size = pdfium_c.FPDFText_GetFontInfo(textpage, index, None, 0, None)
    buffer = ctypes.create_string_buffer(size)
    pdfium_c.FPDFText_GetFontInfo(textpage, index, buffer, size, None)
    return _SUBSET_TAG.sub("", buffer.value.decode("utf-8", "replace"))


def _ink_extent(textpage: pdfium.PdfTextPage, index: int, cache: dict) -> tuple[float, float] | None:
    """Lowest and highest point of a glyph's outline, in em, or None for a glyph without one.

    PDFium's own tight character box sits about 1.3 % of the size too high for CFF fonts, so the
    outline is read instead (its control points, as a PDF viewer's hit box does).
    """
    font = pdfium_c.FPDFTextObj_GetFont(pdfium_c.FPDFText_GetTextObject(textpage, index))
    key = (ctypes.cast(font, ctypes.c_void_p).value, pdfium_c.FPDFText_GetUnicode(textpage, index))
    if key not in cache:
        path = pdfium_c.FPDFFont_GetGlyphPath(font, key[1], 1.0) if font else None
        x, y, heights = ctypes.c_float(), ctypes.c_float(), []
        for segment in range(pdfium_c.FPDFGlyphPath_CountGlyphSegments(path) if path else 0):
            pdfium_c.FPDFPathSegment_GetPoint(pdfium_c.FPDFGlyphPath_GetGlyphPathSegment(path, segment), x, y)
            heights.append(y.value)
        cache[key] = (min(heights), max(heights)) if heights else None
    return cache[key]


def visible(textpage: pdfium.PdfTextPage, index: int, alpha: int) -> bool:
    """The character is printed: neither in invisible render mode (3) nor filled fully transparent."""
    obj = pdfium_c.FPDFText_GetTextObject(textpage, index)
    return alpha > 0 and pdfium_c.FPDFTextObj_GetTextRenderMode(obj) != pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE


def read_lines(page: pdfium.PdfPage) -> list[Line]:
    """Glyph lines of a page, top to bottom: each glyph spans its advance across and its ink up and down.

    Text turned a quarter (a 横排 table) makes lines of its own, left to right, each glyph in its page box.
    """
    textpage = page.get_textpage()
    place = _on_sheet(page)
    landscape = _landscape(page)
    rows: dict[float, list] = {}
    columns: dict[tuple[int, float], list] = {}
    x, y = ctypes.c_double(), ctypes.c_double()
    matrix = pdfium_c.FS_MATRIX()
    red, green, blue, alpha = (ctypes.c_uint() for _ in range(4))
    outlines = _OUTLINES.setdefault(page.pdf, {})
    for index in range(textpage.count_chars()):
        char = chr(pdfium_c.FPDFText_GetUnicode(textpage, index))
        if char.isspace() or pdfium_c.FPDFText_IsGenerated(textpage, index) == 1:
            continue
        pdfium_c.FPDFText_GetFillColor(textpage, index, red, green, blue, alpha)
        if not visible(textpage, index, alpha.value):
            continue  # not printed (an OCR layer, the name under a 签名章): nothing to measure
        pdfium_c.FPDFText_GetCharOrigin(textpage, index, x, y)
        pdfium_c.FPDFText_GetMatrix(textpage, index, matrix)
        size = pdfium_c.FPDFText_GetFontSize(textpage, index)
        x0, y0, x1, y1 = textpage.get_charbox(index, loose=True)
        across, down = (-matrix.b, -matrix.a) if landscape else (matrix.a, -matrix.b)  # reading direction on the sheet
        turned = abs(down) > abs(across)
        ink = None if turned or landscape else _ink_extent(textpage, index, outlines)
        if ink:
            y0, y1 = (y.value + height * size * matrix.d for height in ink)
        (bx0, by0), (bx1, by1) = place(x0, y1), place(x1, y0)
        ox, oy = place(x.value, y.value)
        glyph = (char, ox, (min(bx0, bx1), min(by0, by1), max(bx0, bx1), max(by0, by1)),
                 size * abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5, _font_name(textpage, index),
                 (red.value << 16) | (green.value << 8) | blue.value, oy)
        if turned:  # reading up the sheet or down it; its baseline is a vertical line
            columns.setdefault((90 if down < 0 else -90, round(ox, 1)), []).append(glyph)
        else:
            rows.setdefault(round(oy, 1), []).append(glyph)
    lines = [_line(chars, baseline, 0, lambda c: c[1]) for baseline, chars in sorted(rows.items())]
    lines += [_line(chars, baseline, angle, lambda c, up=angle: -up * c[6])
              for (angle, baseline), chars in sorted(columns.items(), key=lambda item: item[0][1])]
    return lines


def _line(chars: list, baseline: float, angle: int, order) -> Line:
    """A line of glyphs (character, origin x, box, size, font, colour, origin y) in reading order."""
    chars.sort(key=order)
    boxes = [c[2] for c in chars]
    return Line(
        text="".join(c[0] for c in chars),
        x0=_mm(min(b[0] for b in boxes)), x1=_mm(max(b[2] for b in boxes)),
        top=_mm(min(b[1] for b in boxes)), bottom=_mm(max(b[3] for b in boxes)),
        baseline=_mm(baseline), size=statistics.median(c[3] for c in chars),
        fonts={c[4] for c in chars}, color=chars[0][5],
        glyphs=[(_mm(b[0]), _mm(b[1]), _mm(b[2]), _mm(b[3])) for b in boxes], angle=angle,
    )


def _page_matrix(obj: pdfium.PdfObject) -> pdfium.PdfMatrix:
    """The object's transform to page space, through the Form XObjects that hold it."""
    matrix, container = obj.get_matrix(), obj.container
    while container is not None:
        matrix, container = matrix.multiply(container.get_matrix()), container.container
    return matrix


def _to_page(page: pdfium.PdfPage, matrix: pdfium.PdfMatrix, x: float, y: float) -> tuple[float, float]:
    """A point in object space to points measured from the top-left of the sheet (see `_on_sheet`)."""
    return _on_sheet(page)(*matrix.on_point(x, y))


def _subpaths(page: pdfium.PdfPage, obj: pdfium.PdfObject) -> list[tuple[list[tuple[float, float]], list[bool]]]:
    """A path's subpaths: their points in page space, and for each point whether a straight line leads to it."""
    matrix = _page_matrix(obj)
    subpaths: list[tuple[list, list]] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    for index in range(pdfium_c.FPDFPath_CountSegments(obj)):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj, index)
        pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO or not subpaths:
            subpaths.append(([], []))
        points, straight = subpaths[-1]
        points.append(_to_page(page, matrix, x.value, y.value))
        straight.append(kind == pdfium_c.FPDF_SEGMENT_LINETO)
        if pdfium_c.FPDFPathSegment_GetClose(segment) and points[0] != points[-1]:
            points.append(points[0])
            straight.append(True)
    return subpaths


def _rectangle(points: list[tuple[float, float]], straight: list[bool]) -> tuple[float, float, float, float] | None:
    """x0, y0, x1, y1 of a closed axis-aligned four-sided subpath (the `re` operator, or four lines,
    also when it starts in the middle of an edge, as LibreOffice draws shapes)."""
    if len(points) < 5 or points[0] != points[-1] or not all(straight[1:]):
        return None
    ring = points[:-1]
    corners = [p for i, p in enumerate(ring) if not _on_edge(ring[i - 1], p, ring[(i + 1) % len(ring)])]
    points = corners + corners[:1]
    if len(points) != 5:
        return None
    xs, ys = {round(p[0], 3) for p in points}, {round(p[1], 3) for p in points}
    if len(xs) > 2 or len(ys) > 2:
        return None
    return min(xs), min(ys), max(xs), max(ys)


def _on_edge(before: tuple[float, float], point: tuple[float, float], after: tuple[float, float]) -> bool:
    """Whether `point` lies on the horizontal or vertical line from `before` to `after`."""
    return any(round(before[axis], 3) == round(point[axis], 3) == round(after[axis], 3) for axis in (0, 1))


def _rgb(obj: pdfium.PdfObject, getter) -> tuple[float, float, float]:
    red, green, blue, alpha = (ctypes.c_uint() for _ in range(4))
    getter(obj, red, green, blue, alpha)
    return red.value / 255, green.value / 255, blue.value / 255


def horizontal_rules(page: pdfium.PdfPage) -> list[tuple[float, float, float, float, tuple]]:
    """Thin horizontal rules: x0, x1, top, bottom in mm, and colour.

    Rules come as stroked lines, filled rectangles, or (CSS borders) even-odd rings of two
    rectangles whose filled bands are the rules.
    """
    rules = []
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH]):
        pdfium_c.FPDFPath_GetDrawMode(obj, fill_mode, stroke)
        subpaths = _subpaths(page, obj)
        if fill_mode.value == pdfium_c.FPDF_FILLMODE_NONE:
            if not stroke.value:
                continue
            matrix = _page_matrix(obj)
            width_value = ctypes.c_float()
            pdfium_c.FPDFPageObj_GetStrokeWidth(obj, width_value)
            width = width_value.value * abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5
            colour = _rgb(obj, pdfium_c.FPDFPageObj_GetStrokeColor)
            for points, straight in subpaths:
                if _rectangle(points, straight):
                    continue
                for (ax, ay), (bx, by), line in zip(points, points[1:], straight[1:], strict=False):
                    if line and abs(ay - by) < 0.1:
                        rules.append((min(ax, bx), max(ax, bx), ay - width / 2, ay + width / 2, colour))
            continue
        colour = _rgb(obj, pdfium_c.FPDFPageObj_GetFillColor)
        rects = [r for r in (_rectangle(*subpath) for subpath in subpaths) if r]
        edges = sorted({y for r in rects for y in (r[1], r[3])})
        for top, bottom in zip(edges, edges[1:], strict=False):
            middle = (top + bottom) / 2
            covering = [r for r in rects if r[1] <= middle <= r[3] and r[2] > r[0]]
            if covering and len(covering) % 2 == 1:
                rules.append((min(r[0] for r in covering), max(r[2] for r in covering), top, bottom, colour))
    return sorted((_mm(x0), _mm(x1), _mm(top), _mm(bottom), colour)
                  for x0, x1, top, bottom, colour in rules
                  if x1 - x0 > 20 * MM and 0 < bottom - top < 1.5 * MM)


def rule_segments(page: pdfium.PdfPage) -> list[tuple[float, float, float, float]]:
    """Thin straight rules of any length, across or down the page (a table's ruling): x0, top, x1, bottom
    in mm. They come as stroked lines or as thin filled rectangles."""
    segments = []
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH]):
        pdfium_c.FPDFPath_GetDrawMode(obj, fill_mode, stroke)
        if fill_mode.value == pdfium_c.FPDF_FILLMODE_NONE and not stroke.value:
            continue
        width = ctypes.c_float()
        pdfium_c.FPDFPageObj_GetStrokeWidth(obj, width)
        matrix = _page_matrix(obj)
        half = width.value * abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5 / 2
        for points, straight in _subpaths(page, obj):
            box = _rectangle(points, straight)
            if fill_mode.value != pdfium_c.FPDF_FILLMODE_NONE and box:
                segments.append(box)
            elif fill_mode.value == pdfium_c.FPDF_FILLMODE_NONE:
                for (ax, ay), (bx, by), line in zip(points, points[1:], straight[1:], strict=False):
                    across, down = abs(ay - by) < 0.1, abs(ax - bx) < 0.1
                    if line and (across or down):  # the stroke's width around its centre line
                        dx, dy = half * down, half * across
                        segments.append((min(ax, bx) - dx, min(ay, by) - dy, max(ax, bx) + dx, max(ay, by) + dy))
    thin = 1.5 * MM
    return sorted((_mm(x0), _mm(top), _mm(x1), _mm(bottom)) for x0, top, x1, bottom in segments
                  if min(x1 - x0, bottom - top) < thin and max(x1 - x0, bottom - top) > thin)


def image_boxes(page: pdfium.PdfPage) -> list[tuple[float, float, float, float]]:
    """Placed images: x0, top, x1, bottom in mm."""
    boxes = []
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]):
        matrix = _page_matrix(obj)
        corners = [_to_page(page, matrix, x, y) for x in (0, 1) for y in (0, 1)]
        xs, ys = [c[0] for c in corners], [c[1] for c in corners]
        boxes.append((_mm(min(xs)), _mm(min(ys)), _mm(max(xs)), _mm(max(ys))))
    return boxes


def verify(path: Path, layout: Layout, flush_tolerance: float = FLUSH_TOLERANCE) -> list[PageReport]:
    """Measure every page of `path`; failures are listed on each PageReport."""
    try:
        doc = list(pdfium.PdfDocument(path))  # pages; each keeps the document open
    except pdfium.PdfiumError as exc:
        raise GongwenError(f"{path}: 无法读取的 PDF（{exc}）") from None
    page = layout.page
    left, top = page.left_mm, page.top_mm
    right, bottom = left + page.text_width_mm, top + page.text_height_mm
    pitch, cell = _mm(layout.pitch), _mm(layout.cell)
    body = layout.sizes.body_pt
    reports = []
    all_lines = [read_lines(p) for p in doc]
    grids = [find_grids(rule_segments(p)) for p in doc]
    # Running text: upright lines outside tables. Tables and 横排 pages are measured on their own.
    running = [outside_tables([ln for ln in lines if not ln.turned], found)
               for lines, found in zip(all_lines, grids, strict=True)]
    first_rules = horizontal_rules(doc[0]) if len(doc) else []
    fmt = detect_format(all_lines[0], first_rules) if len(doc) else "文件"
    for index, pdf_page in enumerate(doc):
        # The 版头 of page 1 is placed by position, not on the grid.
        masthead_end = _masthead_end(all_lines[0], first_rules, layout) if index == 0 else 0.0
        report = PageReport(index + 1, *sheet_size(pdf_page))
        reports.append(report)
        if _landscape(pdf_page):
            report.notes.append("横向页面：按逆时针转90°、页面上边朝左印在纵向纸上测量")
        if max(abs(report.width - page.width_mm), abs(report.height - page.height_mm)) > POSITION_TOLERANCE:
            report.failures.append(f"纸张 {report.width:.1f}×{report.height:.1f} mm，"
                                   f"应为 {page.width_mm:g}×{page.height_mm:g} mm")
        lines = all_lines[index]
        footer = [ln for ln in lines if ln.top > bottom + 0.5]
        text = [ln for ln in lines if ln not in footer]
        if index == 0 and fmt == "信函":  # its 标志 stands above the 版心 (§10.1)
            text = [ln for ln in text if not _is_red(ln.color)]
        _check_page_number(report, footer, layout, right, bottom)
        if not text:
            continue
        report.box = (min(ln.x0 for ln in text), min(ln.top for ln in text),
                      max(ln.x1 for ln in text), max(ln.bottom for ln in text))
        x0, y0, x1, y1 = report.box
        for label, value, limit, outside in (("左", x0, left, x0 < left - POSITION_TOLERANCE),
                                             ("上", y0, top, y0 < top - POSITION_TOLERANCE),
                                             ("右", x1, right, x1 > right + POSITION_TOLERANCE),
                                             ("下", y1, bottom, y1 > bottom + POSITION_TOLERANCE)):
            if outside:
                report.failures.append(f"文字超出版心{label}边：{value:.1f} mm（版心边界 {limit:.1f} mm）")
        check_tables(report, text, grids[index], layout)
        check_turned(report, text)
        grid_lines = [ln for ln in running[index] if ln in text and abs(ln.size - body) < 0.6 and ln.top > masthead_end]
        _check_grid(report, grid_lines, top, pitch, layout.grid.lines)
        following = running[index + 1] if index + 1 < len(doc) else []
        _check_lines(report, grid_lines, following, left, right, cell, layout.grid.chars, body, flush_tolerance)
    if reports:
        reports[0].notes.insert(0, f"版式：{fmt}格式")
        _check_masthead(reports[0], running[0], first_rules, layout, fmt)
        _check_titles(reports, running, layout)
    _check_overprint(reports, all_lines)
    _check_seals(reports, doc, all_lines, layout)
    _check_stranded_headings(reports, running, layout, grids)
    _check_record(reports, doc, layout, grids[-1] if grids else [])
    return reports


def detect_format(lines: list[Line], rules: list) -> str:
    """The GB/T 9704 format of a document from its first page: 标志 word, or a red double rule (§10)."""
    red = [ln.text for ln in lines if _is_red(ln.color)]
    if any(text.endswith("令") for text in red):
        return "命令"
    if any(text.endswith("纪要") for text in red):
        return "纪要"
    if _double_rules(_distinct_rules(rules)):
        return "信函"
    return "文件"


def _distinct_rules(rules: list, red: bool = True) -> list:
    """Red (or other) rules top to bottom, each once (LibreOffice draws a border twice)."""
    distinct = {tuple(round(v, 1) for v in r[:4]): r for r in rules if _is_red_rgb(r[4]) == red}
    return sorted(distinct.values(), key=lambda r: (r[2], r[0]))


def _double_rules(rules: list) -> list[tuple]:
    """Pairs of rules that form a double rule: the second just below the first."""
    return [(a, b) for a, b in zip(rules, rules[1:], strict=False) if 0 <= b[2] - a[3] < 2]


def _masthead_end(lines: list[Line], rules: list, layout: Layout) -> float:
    """Where the 版头 of page 1 ends: the top of the title, else the lowest 版头 line or red rule above the body."""
    title = next((ln for ln in lines if _is_title(ln, layout) and not _is_red(ln.color)), None)
    if title:
        return title.top - 0.1
    red = [ln for ln in lines if _is_red(ln.color)]
    if not red:
        return 0.0
    below = [ln for ln in lines if ln.top > red[-1].bottom]
    numbered = next((ln for ln in below[:1] if ORDER_NUMBER.match(ln.text)), None)  # a 令's 令号
    if numbered:
        return numbered.bottom
    upper = [r for r in _distinct_rules(rules) if r[2] < red[-1].bottom + 40]
    return max((r[3] for r in upper), default=red[-1].bottom)


def _is_title(line: Line, layout: Layout) -> bool:
    return abs(line.size - layout.sizes.title_pt) < 0.6


def _check_page_number(report: PageReport, footer: list[Line], layout: Layout, right: float, bottom: float) -> None:
    if not footer:
        return
    line = footer[0]
    report.page_number = line.text
    report.page_number_pos = (line.x1 if report.number % 2 else line.x0, (line.top + line.bottom) / 2)
    match = PAGE_NUMBER.match(line.text)
    if not match:
        report.failures.append(f"页码“{line.text}”格式应为“— {report.number} —”")
    inset = layout.page_number.inset_chars * layout.sizes.page_number_pt / MM
    odd = report.number % 2 == 1
    expected_x = right - inset if odd else layout.page.left_mm + inset
    x = line.x1 if odd else line.x0
    if abs(x - expected_x) > POSITION_TOLERANCE:
        side = "右" if odd else "左"
        report.failures.append(f"页码{side}端在 {x:.1f} mm，"
                               f"应在 {expected_x:.1f} mm（{'单' if odd else '双'}页{side}空一字）")
    expected_y = bottom + layout.page_number.below_mm
    if abs(report.page_number_pos[1] - expected_y) > POSITION_TOLERANCE:
        report.failures.append(f"页码一字线在 {report.page_number_pos[1]:.1f} mm，"
                               f"应在版心下 {layout.page_number.below_mm:g} mm（{expected_y:.1f} mm）")


def _check_grid(report: PageReport, lines: list[Line], top: float, pitch: float, per_page: int) -> None:
    """Body-size lines sit on one grid of `per_page` lines filling the 版心."""
    if not lines:
        return
    offsets = [(ln.baseline - top) % pitch for ln in lines]
    origin = statistics.median(offsets)
    slots = set()
    for ln in lines:
        position = (ln.baseline - top - origin) / pitch
        slot = round(position)
        if abs(position - slot) * pitch > GRID_TOLERANCE:
            report.failures.append(f"“{ln.text[:8]}…”不在行格上（偏 {(position - slot) * pitch:+.2f} mm）")
        slots.add(slot)
    report.body_lines = len(slots)
    report.last_slot_full = max(slots) == per_page - 1
    if min(slots) < 0 or max(slots) >= per_page:
        report.failures.append(f"正文行超出每页 {per_page} 行的行格（第 {min(slots) + 1}–{max(slots) + 1} 行）")


def _check_lines(report: PageReport, lines: list[Line], following: list[Line], left: float, right: float,
                 cell: float, chars: int, body: float, flush_tolerance: float) -> None:
    """A line followed by a continuation line (starting at the left edge) must be full and flush."""
    for i, line in enumerate(lines):
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if nxt is None and report.last_slot_full:
            nxt = next((ln for ln in following if abs(ln.size - body) < 0.6), None)
        if nxt is None or abs(nxt.x0 - left) > 0.3 or abs(line.x0 - left) > 2 * cell + 0.3:
            continue
        report.flush_lines += 1
        if abs(line.x1 - right) <= flush_tolerance:
            report.flush_ok += 1
        else:
            report.failures.append(f"“{line.text[:8]}…”右端 {line.x1:.2f} mm，未与版心右边 {right:.1f} mm 对齐")
        if _FULL_WIDTH.match(line.text):
            report.full_lines += 1
            indent = round((line.x0 - left) / cell)
            count = len(line.text) + indent
            moved = chars - count  # characters pushed down by the line-start/line-end rules
            kinsoku = 0 < moved <= 3 and (nxt.text[moved:moved + 1] in NO_START
                                          or any(c in NO_END for c in nxt.text[:moved])
                                          or nxt.text[:1].isascii())  # a number kept whole
            if count == chars or kinsoku:
                report.full_lines_ok += 1
            else:
                report.failures.append(f"“{line.text[:8]}…”一行 {count} 字，应为 {chars} 字")


def _check_masthead(report: PageReport, lines: list[Line], rules: list, layout: Layout, fmt: str) -> None:
    """The 标志, rules and the lines under the 标志 on page 1, for the document's format (§7.2, §10)."""
    page, pitch = layout.page, _mm(layout.pitch)
    red = [ln for ln in lines if _is_red(ln.color)]
    red_rules = _distinct_rules(rules)
    if not red:
        return
    mark_top, mark_bottom = min(ln.top for ln in red), max(ln.bottom for ln in red)
    expected, clause = {
        "信函": (layout.letter.mark_top_mm, f"纸张上边缘下 {layout.letter.mark_top_mm:g} mm"),
        "命令": (page.top_mm + layout.order.mark_top_mm, f"版心下 {layout.order.mark_top_mm:g} mm"),
        "纪要": (page.top_mm + layout.minutes.mark_top_mm, f"版心下 {layout.minutes.mark_top_mm:g} mm"),
    }.get(fmt, (page.top_mm + layout.masthead.mark_top_mm, f"版心下 {layout.masthead.mark_top_mm:g} mm"))
    report.notes.append(f"发文机关标志上边缘 {mark_top:.1f} mm")
    if abs(mark_top - expected) > POSITION_TOLERANCE:
        report.failures.append(f"{fmt}格式的发文机关标志上边缘在 {mark_top:.1f} mm，应在 {expected:.1f} mm（{clause}）")
    under = [ln for ln in lines if ln.top > mark_bottom and not _is_red(ln.color) and not _is_title(ln, layout)]
    if fmt == "信函":
        _check_letter(report, lines, red_rules, mark_bottom, layout)
        return
    # The 发文字号 (令号, 期号, or the first 签发人 line): two blank lines below the 标志.
    numbered = [ln for ln in under[:1] if (ORDER_NUMBER.match(ln.text) if fmt == "命令" else
                                           red_rules and ln.bottom < red_rules[0][2])]
    if numbered:
        gap = numbered[0].top - mark_bottom
        if not 2 * pitch <= gap < 3 * pitch:
            report.failures.append(f"“{numbered[0].text[:10]}”在发文机关标志下 {gap:.1f} mm，应空二行"
                                   f"（{2 * pitch:.1f}–{3 * pitch:.1f} mm）")
    if fmt == "命令":
        if red_rules:
            report.failures.append(f"命令格式不加红色分隔线（{red_rules[0][2]:.1f} mm 处有一条）")
        number = next((ln for ln in under[:1] if ORDER_NUMBER.match(ln.text)), None)
        if number is None:
            report.failures.append("命令格式的发文机关标志下应为令号（如“第12号”）")
            return
        _check_centred(report, number, "令号", layout)
        body = under[1] if len(under) > 1 else None
        # 空二行: two empty grid lines; the 令号 is placed from the 标志, the body on the grid below it.
        if body and not 2 * pitch <= body.top - number.bottom < 3 * pitch + (pitch - _mm(layout.sizes.body_pt)):
            report.failures.append(f"正文在令号下 {body.top - number.bottom:.1f} mm，应空二行")
        return
    if not red_rules:
        report.failures.append(f"{fmt}格式在发文字号下应有红色分隔线")
        return
    x0, x1, rule_top, rule_bottom, _ = red_rules[0]
    report.notes.append(f"红色分隔线 {rule_top:.1f} mm，长 {x1 - x0:.1f} mm")
    if abs((x1 - x0) - page.text_width_mm) > POSITION_TOLERANCE:
        report.failures.append(f"红色分隔线长 {x1 - x0:.1f} mm，应与版心等宽 {page.text_width_mm:g} mm")
    above = [ln for ln in under if ln.bottom <= rule_top]
    if above:
        gap = rule_top - max(ln.bottom for ln in above)
        if abs(gap - layout.masthead.rule_gap_mm) > POSITION_TOLERANCE:
            report.failures.append(f"红色分隔线在发文字号下 {gap:.1f} mm，应为 {layout.masthead.rule_gap_mm:g} mm")
    title = next((ln for ln in lines if _is_title(ln, layout) and ln.top > rule_top), None)
    for ln in lines:
        if ln.bottom > rule_top and ln.top < rule_bottom + 0.2 or title and rule_bottom < ln.top < title.top:
            report.failures.append(f"“{ln.text[:10]}”在红色分隔线上或分隔线与标题之间（{ln.top:.1f} mm）")


def _check_letter(report: PageReport, lines: list[Line], red_rules: list, mark_bottom: float, layout: Layout) -> None:
    """信函格式 (§10.1): two red double rules of 170 mm, thick over thin 4 mm below the 标志 and thin
    over thick 20 mm above the paper bottom; 份号 etc. left and 发文字号 right, 7/8 字 under the first;
    no page number on page 1."""
    letter, page = layout.letter, layout.page
    pairs = _double_rules(red_rules)
    if len(pairs) < 2:
        report.failures.append(f"信函格式应有上下两条红色双线（找到 {len(pairs)} 条）")
    centre = page.left_mm + page.text_width_mm / 2
    for (upper, lower), where in zip(pairs, ("上", "下"), strict=False):
        thick_first = upper[3] - upper[2] > lower[3] - lower[2]
        if thick_first != (where == "上"):
            report.failures.append(f"信函格式{where}面的红色双线应为{'上粗下细' if where == '上' else '上细下粗'}"
                                   f"（{upper[2]:.1f} mm）")
        for rule in (upper, lower):
            length = rule[1] - rule[0]
            off_centre = abs((rule[0] + rule[1]) / 2 - centre) > POSITION_TOLERANCE
            if abs(length - letter.rule_length_mm) > POSITION_TOLERANCE or off_centre:
                report.failures.append(f"信函格式的红色双线长 {length:.1f} mm（{rule[0]:.1f}–{rule[1]:.1f} mm），"
                                       f"应为 {letter.rule_length_mm:g} mm 并居中")
    if pairs:
        top = pairs[0][0][2]
        length = pairs[0][0][1] - pairs[0][0][0]
        report.notes.append(f"红色双线 {top:.1f} mm 和 {pairs[-1][1][3]:.1f} mm，长 {length:.1f} mm")
        if abs(top - mark_bottom - letter.rule_below_mark_mm) > POSITION_TOLERANCE:
            report.failures.append(f"第一条红色双线在标志下 {top - mark_bottom:.1f} mm，"
                                   f"应为 {letter.rule_below_mark_mm:g} mm")
        bottom = page.height_mm - letter.rule_above_bottom_mm
        if len(pairs) > 1 and abs(pairs[-1][1][3] - bottom) > POSITION_TOLERANCE:
            report.failures.append(f"第二条红色双线下沿在 {pairs[-1][1][3]:.1f} mm，应在 {bottom:.1f} mm"
                                   f"（距纸张下边缘 {letter.rule_above_bottom_mm:g} mm）")
        first = [ln for ln in lines if pairs[0][1][3] < ln.top < pairs[0][1][3] + 8 and not _is_title(ln, layout)]
        for ln in first:
            gap = ln.top - pairs[0][1][3]
            if abs(gap - letter.element_gap_pt / MM) > POSITION_TOLERANCE:
                report.failures.append(f"“{ln.text[:10]}”在红色双线下 {gap:.1f} mm，"
                                       f"应为 {letter.element_gap_pt / MM:.1f} mm")
    if report.page_number and not letter.first_page_number:
        report.failures.append("信函格式首页不显示页码")


def _check_centred(report: PageReport, line: Line, what: str, layout: Layout) -> None:
    centre = (line.x0 + line.x1) / 2
    expected = layout.page.left_mm + layout.page.text_width_mm / 2
    if abs(centre - expected) > POSITION_TOLERANCE:
        report.failures.append(f"{what}“{line.text[:10]}”未居中：中心 {centre:.1f} mm，应为 {expected:.1f} mm")


def _check_titles(reports: list[PageReport], all_lines: list[list[Line]], layout: Layout) -> None:
    """Titles (2号, not red) are centred."""
    for report, lines in zip(reports, all_lines, strict=True):
        for ln in lines:
            if ln.size > layout.sizes.body_pt + 3 and not _is_red(ln.color):
                report.notes.append(f"标题“{ln.text[:10]}”居中于 {(ln.x0 + ln.x1) / 2:.1f} mm")
                _check_centred(report, ln, "标题", layout)


def _check_overprint(reports: list[PageReport], all_lines: list[list[Line]]) -> None:
    """No glyph is printed over another (签发人 over the 发文字号, a line over a line)."""
    for report, lines in zip(reports, all_lines, strict=True):
        boxes = sorted((box, ln.text[i] if i < len(ln.text) else "") for ln in lines for i, box in enumerate(ln.glyphs))
        found = 0
        for i, (a, char_a) in enumerate(boxes):
            for b, char_b in boxes[i + 1:]:
                if b[0] >= a[2]:
                    break
                width, height = min(a[2], b[2]) - b[0], min(a[3], b[3]) - max(a[1], b[1])
                smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
                if width > 0 and height > 0 and width * height > OVERPRINT * smaller > 0:
                    found += 1
                    if found <= 3:
                        report.failures.append(f"文字重叠：“{char_a}”与“{char_b}”印在一起（{b[0]:.1f},{b[1]:.1f} mm）")
        if found > 3:
            report.failures.append(f"另有 {found - 3} 处文字重叠")


def _check_seals(reports: list[PageReport], doc, all_lines: list[list[Line]], layout: Layout) -> None:
    """Seals (§7.3.5.1): inside the 版心, not touching each other, each pressing a 署名 and only 署名 and
    成文日期, the last one the date too, the first row's top within one line of the text above.
    Other images (签名章) press no text at all."""
    page, pitch, cell = layout.page, _mm(layout.pitch), _mm(layout.cell)
    left, right = page.left_mm, page.left_mm + page.text_width_mm
    for report, lines, pdf_page in zip(reports, all_lines, doc, strict=True):
        images = image_boxes(pdf_page)
        seals = [b for b in images if b[2] - b[0] > 25 and 0.8 < (b[2] - b[0]) / (b[3] - b[1]) < 1.25]
        for box in images:
            kind = "印章" if box in seals else "签名章"
            if box[0] < left - POSITION_TOLERANCE or box[2] > right + POSITION_TOLERANCE:
                report.failures.append(f"{kind}超出版心：{box[0]:.1f}–{box[2]:.1f} mm")
            if box[3] > page.top_mm + page.text_height_mm + POSITION_TOLERANCE:
                report.failures.append(f"{kind}下端 {box[3]:.1f} mm 超出版心下边缘")
            pressed = [ln for ln in lines if _covers(box, ln, round_=box in seals)]
            allowed = [ln for ln in pressed if box in seals and ln.x0 > left + 3 * cell]
            for ln in pressed:
                if ln not in allowed:
                    report.failures.append(f"{kind}（{box[0]:.1f},{box[1]:.1f} mm）压住了“{ln.text[:10]}”"
                                           "；印章只能压署名和成文日期")
            if box in seals and not allowed:
                report.failures.append(f"印章（{box[0]:.1f},{box[1]:.1f} mm）没有压住发文机关署名")
        for i, a in enumerate(seals):
            for b in seals[i + 1:]:
                distance = ((a[0] + a[2] - b[0] - b[2]) ** 2 + (a[1] + a[3] - b[1] - b[3]) ** 2) ** 0.5 / 2
                if distance <= (a[2] - a[0] + b[2] - b[0]) / 2:  # the sum of the radii
                    report.failures.append(f"印章相交或相切（{a[0]:.1f},{a[1]:.1f} 与 {b[0]:.1f},{b[1]:.1f} mm）")
        if not seals:
            continue
        dates = [ln for ln in lines if DATE.match(ln.text)]
        last = max(seals, key=lambda b: (b[1], b[0]))
        if dates and not any(_covers(last, ln) for ln in dates):
            report.failures.append("最后一个印章应同时压住成文日期")
        first_row = min(b[1] for b in seals)
        above = [ln for ln in lines if ln.bottom <= first_row + 0.1 and not any(_covers(b, ln) for b in seals)]
        if above and not 0 <= first_row - above[-1].bottom <= pitch + POSITION_TOLERANCE:
            report.failures.append(f"印章顶端距上方文字 {first_row - above[-1].bottom:.1f} mm，应在一行之内")


def _covers(box: tuple, line: Line, round_: bool = True) -> bool:
    """Whether an image box (a round seal's disc when `round_`) overlaps any glyph of `line`."""
    cx, cy, r = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2, (box[2] - box[0]) / 2
    for x0, top, x1, bottom in line.glyphs:
        if x1 <= box[0] or x0 >= box[2] or bottom <= box[1] or top >= box[3]:
            continue
        if not round_:
            return True
        nx, ny = min(max(cx, x0), x1), min(max(cy, top), bottom)
        if (nx - cx) ** 2 + (ny - cy) ** 2 < r * r:
            return True
    return False


def _check_stranded_headings(reports: list[PageReport], all_lines: list[list[Line]], layout: Layout,
                             grids: list[list[Grid]]) -> None:
    """A page must not end with a heading whose text (or table) starts on the next page (§7.3.3 practice)."""
    body = layout.sizes.body_pt
    grid = [[ln for ln in lines if abs(ln.size - body) < 0.6] for lines in all_lines]
    fonts = [font for lines in grid for ln in lines for font in ln.fonts]
    if not fonts:
        return
    body_font = max(set(fonts), key=fonts.count)
    for report, lines, following, tables in zip(reports, grid, grid[1:], grids, strict=False):
        last = [ln for ln in lines if ln.bottom < layout.page.top_mm + layout.page.text_height_mm + 0.5]
        if last and any(g.box[1] > last[-1].top for g in tables):
            continue  # a table follows it on the page
        if last and following and body_font not in last[-1].fonts and body_font in following[0].fonts:
            report.failures.append(f"标题“{last[-1].text[:12]}”孤悬页末，应与下文同页")


def _check_record(reports: list[PageReport], doc, layout: Layout, tables: list[Grid]) -> None:
    """版记: its last rule on the bottom of the 版心 of the last page, an even page (§7.4). A table's
    rules are not the 版记's."""
    if not len(doc):
        return
    last = reports[-1]
    rules = [r for r in _distinct_rules(horizontal_rules(doc[-1]), red=False)
             if not any(g.holds((r[0], r[2], r[1], r[3])) for g in tables)]
    if not rules:
        return
    bottom = layout.page.top_mm + layout.page.text_height_mm
    for x0, x1, top, _, _ in rules:
        if abs((x1 - x0) - layout.page.text_width_mm) > POSITION_TOLERANCE:
            last.failures.append(f"版记分隔线长 {x1 - x0:.1f} mm（{top:.1f} mm 处），"
                                 f"应与版心等宽 {layout.page.text_width_mm:g} mm")
    lowest = max(rules, key=lambda r: r[3])
    last.notes.append(f"版记末条线下沿 {lowest[3]:.1f} mm")
    if abs(lowest[3] - bottom) > POSITION_TOLERANCE:
        last.failures.append(f"版记末条线在 {lowest[3]:.1f} mm，应与版心下边缘 {bottom:.1f} mm 重合")
    if layout.record.even_page and last.number % 2:
        last.failures.append(f"版记在第{last.number}页（单页）；双面印刷时应在偶数页")
    if len(reports) > 2 and not reports[-2].box and (last.page_number or reports[-2].page_number):
        last.failures.append("版记页前有空白页时，空白页和版记页都不应编页码（§7.5）")


@dataclass(frozen=True)
class PageOutline:
    """What a page holds, to compare two prints of one document: its text lines, the bottom of the
    版记's last rule (mm) if the page has the 版记, and its pictures (x0, y0, x1, y1 in mm)."""

    lines: list[str]
    record: float | None
    pictures: list[tuple[float, float, float, float]]


def page_outlines(path: Path, layout: Layout) -> list[PageOutline]:
    """The text lines of each page's 版心 (page numbers left out), its 版记 and its pictures."""
    bottom = layout.page.top_mm + layout.page.text_height_mm
    outlines = []
    for page in pdfium.PdfDocument(path):
        lines = [ln.text.replace("\u200b", "") for ln in read_lines(page) if ln.top < bottom + 0.5]
        tables = find_grids(rule_segments(page))
        rules = [r for r in _distinct_rules(horizontal_rules(page), red=False)
                 if not any(g.holds((r[0], r[2], r[1], r[3])) for g in tables)]  # a table's rules are not the 版记's
        outlines.append(PageOutline(lines, max((r[3] for r in rules), default=None), image_boxes(page)))
    return outlines


def _is_red(color: int) -> bool:
    return _is_red_rgb(((color >> 16) & 255, (color >> 8) & 255, color & 255))


def _is_red_rgb(rgb) -> bool:
    r, g, b = (v / 255 if v > 1 else v for v in rgb[:3])
    return r > 0.6 and g < 0.3 and b < 0.3
