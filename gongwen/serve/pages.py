"""A built PDF as the preview shows it: page images at any zoom, and where a quoted text stands on them."""

from __future__ import annotations

import hashlib
import io
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import pypdfium2 as pdfium

from gongwen.typeset.layout import MM
from gongwen.verify import Line, read_lines

# PDFium is not thread-safe, not even across documents: every call into it holds this lock.
PDFIUM = threading.Lock()
SCALES = (0.25, 4.0)  # image pixels per PDF point, quantised to quarters
_IMAGES: OrderedDict[tuple[str, int, float], bytes] = OrderedDict()
_IMAGE_CACHE = 48  # page images kept (about 250 kB each at 2×)
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Quote:
    """A finding's text with a little of what stands before and after it, to find it among many."""

    before: str
    text: str
    after: str


class PrintedPages:
    """One version of a PDF, kept in memory so its images match the version the page was told about."""

    def __init__(self, data: bytes):
        self.data = data
        self.sha = hashlib.sha256(data).hexdigest()[:16]
        with PDFIUM:
            pdf = pdfium.PdfDocument(data)
            try:
                self.sizes = [pdf.get_page_size(index) for index in range(len(pdf))]  # points
            finally:
                pdf.close()

    def image(self, number: int, scale: float, wanted: Callable[[], bool] = lambda: True) -> bytes | None:
        """Page `number` (from 1) as PNG, `scale` pixels per point; None if not `wanted` any more when its
        turn comes (pages are drawn one at a time)."""
        scale = min(max(round(scale * 4) / 4, SCALES[0]), SCALES[1])
        key = (self.sha, number, scale)
        with PDFIUM:  # also guards the cache
            if key not in _IMAGES:
                if not wanted():
                    return None
                pdf = pdfium.PdfDocument(self.data)
                try:
                    picture = pdf[number - 1].render(scale=scale).to_pil()
                finally:
                    pdf.close()
                buffer = io.BytesIO()
                picture.save(buffer, "PNG", compress_level=1)
                _IMAGES[key] = buffer.getvalue()
                while len(_IMAGES) > _IMAGE_CACHE:
                    _IMAGES.popitem(last=False)
            _IMAGES.move_to_end(key)
            return _IMAGES[key]

    @cached_property
    def lines(self) -> list[list[Line]]:
        """The text lines of every page, as `verify` reads them."""
        with PDFIUM:
            pdf = pdfium.PdfDocument(self.data)
            try:
                return [read_lines(page) for page in pdf]
            finally:
                pdf.close()

    def find(self, quote: Quote) -> dict | None:
        """The page (from 1) and boxes (fractions of the page) where `quote.text` stands, or None."""
        chars: list[tuple[int, int, int]] = []  # (page, line, index in line) of each character
        text = []
        for page, lines in enumerate(self.lines):
            for row, line in enumerate(lines):
                chars += [(page, row, index) for index in range(len(line.text))]
                text.append(line.text)
        found = _search("".join(text), quote)
        if found is None:
            return None
        start, end = found
        page = chars[start][0]
        width, height = (size / MM for size in self.sizes[page])
        boxes = []
        for row in sorted({r for p, r, _ in chars[start:end] if p == page}):
            line = self.lines[page][row]
            indexes = [i for p, r, i in chars[start:end] if (p, r) == (page, row)]
            # Characters are placed by their share of the line: half-width ones take half a cell.
            edges = [0.0]
            for char in line.text:
                edges.append(edges[-1] + (0.5 if char.isascii() else 1.0))
            step = (line.x1 - line.x0) / edges[-1]
            left, right = line.x0 + step * edges[indexes[0]], line.x0 + step * edges[indexes[-1] + 1]
            boxes.append({"left": left / width, "right": right / width,
                          "top": line.top / height, "bottom": line.bottom / height})
        return {"page": page + 1, "boxes": boxes}


def _search(haystack: str, quote: Quote) -> tuple[int, int] | None:
    """Start and end of `quote.text` in `haystack` (no spaces), preferring the place its context matches."""
    before, text, after = (_SPACE.sub("", part) for part in (quote.before, quote.text, quote.after))
    if not text:
        return None
    tries = [(before, after), ("", after), (before, "")] + ([("", "")] if len(text) >= 4 else [])
    for lead, tail in tries:
        at = haystack.find(lead + text + tail)
        if at >= 0:
            return at + len(lead), at + len(lead) + len(text)
    return None
