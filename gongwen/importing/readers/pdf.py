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
    """Each page's characters, the tops of its horizontal rules and the middles of its images, in pt from the
    page's top."""
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
                height = layout.height
                printed = PrintedPage()

                def collect(items, height=height, printed=printed):
                    for item in items:
                        if isinstance(item, LTChar):
                            text = item.get_text()
                            text = text if text.strip() or text == "\u3000" else " "
                            printed.glyphs.append(Glyph(text, item.x0, item.x1, height - (item.y0 + item.y1) / 2,
                                                        item.size, item.fontname, _is_red(item.graphicstate.ncolor)))
                        elif isinstance(item, LTImage):
                            printed.images.append(height - (item.y0 + item.y1) / 2)
                        elif isinstance(item, LTFigure):
                            collect(item)
                        elif isinstance(item, LTCurve) and item.height < 2.5 and item.width > 100:
                            printed.rules.append(height - item.y1)

                collect(layout)
                pages.append(printed)
    except (PDFException, PSException, ValueError, KeyError, TypeError) as exc:
        raise unreadable(path, f"无法读取 PDF：{type(exc).__name__} {exc}") from None
    return pages


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
