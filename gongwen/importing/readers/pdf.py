"""Text PDFs (pdfminer.six): every character with its size, face, colour and position, and the rules.

The page layout is read from these by `gongwen.importing.printed`, as for OFD. A scanned PDF has no
text: that is reported, not guessed at.
"""

from __future__ import annotations

from pathlib import Path

from gongwen.importing.blocks import Source
from gongwen.importing.printed import Glyph, PrintedPage, read_pages
from gongwen.importing.readers import unreadable


def read(path: Path) -> Source:
    return read_pages(path, "pdf", _pages(path))


def _pages(path: Path) -> list[PrintedPage]:
    """Each page's characters, rules and the middles of its images, in pt from the page's top left; a 横排
    page's turned text in the frame it reads in (see `_turned`)."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LTChar, LTCurve, LTFigure, LTImage
    from pdfminer.pdfexceptions import PDFException
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.psexceptions import PSException

    manager = PDFResourceManager()
    device = PDFPageAggregator(manager, laparams=None)
    interpreter = PDFPageInterpreter(manager, device)
    pages = []
    try:
        with path.open("rb") as handle:
            for page in PDFPage.get_pages(handle):
                interpreter.process_page(page)
                layout = device.get_result()
                items: list = []

                def collect(found, items=items):
                    for item in found:
                        if isinstance(item, LTFigure):
                            collect(item, items)
                        elif isinstance(item, (LTChar, LTCurve, LTImage)):
                            items.append(item)

                collect(layout)
                chars = [item for item in items if isinstance(item, LTChar)]
                # A 横排 page reads up the page: its turned text is read in that frame, the head (the page's
                # left) on top; what stands upright on it (the page number) as it stands, after it.
                up = [item for item in chars if item.matrix[1] > abs(item.matrix[0])]
                turned = len(up) * 2 > len(chars)
                frame = _turned if turned else _upright(layout.height)
                printed = PrintedPage([_glyph(item, frame(item.bbox)) for item in (up if turned else chars)])
                thin = [frame(item.bbox) for item in items if isinstance(item, LTCurve)
                        and min(item.width, item.height) < 2.5 and max(item.width, item.height) > 10]
                printed.ruling = thin
                boxes = [frame(item.bbox) for item in items if isinstance(item, LTImage)]
                printed.images = [(box[1] + box[3]) / 2 for box in boxes]
                printed.rules = [box[1] for box in thin if box[2] - box[0] > 100 and not turned]
                if turned:
                    printed.after = [_glyph(item, _upright(layout.height)(item.bbox)) for item in chars
                                     if item not in up]
                pages.append(printed)
    except (PDFException, PSException, ValueError, KeyError, TypeError) as exc:
        raise unreadable(path, f"无法读取 PDF：{type(exc).__name__} {exc}") from None
    return pages


def _glyph(item, box: tuple[float, float, float, float]) -> Glyph:
    """A character in its box (x0, top, x1, bottom) on the page as it is read."""
    text = item.get_text()
    text = text if text.strip() or text == "\u3000" else " "
    return Glyph(text, box[0], box[2], (box[1] + box[3]) / 2, item.size, item.fontname,
                 _is_red(item.graphicstate.ncolor))


def _upright(height: float):
    """A box (x0, y0, x1, y1, PDF y-up) as x0, top, x1, bottom from the page's top left."""
    return lambda box: (box[0], height - box[3], box[2], height - box[1])


def _turned(box):
    """A box on a page turned to read upwards, in that frame: along the text from the page's foot, down the
    lines from the page's left edge."""
    return (box[1], box[0], box[3], box[2])


def _is_red(colour) -> bool:
    if not isinstance(colour, (tuple, list)):
        return False
    if len(colour) == 3:
        r, g, b = colour
        return r > 0.7 and g < 0.35 and b < 0.35
    if len(colour) == 4:
        c, m, y, k = colour
        return c < 0.2 and m > 0.7 and y > 0.7 and k < 0.3
    return False
