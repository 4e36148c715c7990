"""PDF through WeasyPrint, from the same templates in print mode, with the 版记 on an even last page."""

from __future__ import annotations

import datetime
import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

import pydyf

from gongwen.model.document import Document
from gongwen.project import Project
from gongwen.render.engine import font_config, weasyprint
from gongwen.render.html import render_html
from gongwen.render.metadata import carried_metadata
from gongwen.render.printing import PrintLayout
from gongwen.typeset.fonts import resolve_fonts
from gongwen.typeset.layout import MM, Layout, load_layout

PX = 0.75  # points per CSS pixel
# WeasyPrint reports CSS it ignores at WARNING; the print stylesheet is ours and tested.
logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.ERROR)


def print_layout(project: Project) -> PrintLayout:
    layout = load_layout(project)
    return PrintLayout(layout, resolve_fonts(layout), project.templates_dir)


def render_pdf(doc: Document, source: Path, project: Project, printer: PrintLayout | None = None,
               variant: str | None = None) -> bytes:
    """The PDF of `doc` (in an archival `variant` such as "pdf/a-3b" if asked)."""
    return pdf_bytes(layout_pdf(doc, source, project, printer)[0], doc, source, variant)


def pdf_bytes(document, doc: Document, source: Path, variant: str | None = None) -> bytes:
    """Write the laid-out document. The PDF identifier comes from the content, so the same input
    gives the same bytes; an archival variant also carries the YAML source as an attachment."""
    identifier = hashlib.sha256(source.read_bytes() + (variant or "").encode()).hexdigest()[:32].encode()
    options = {"pdf_identifier": identifier}
    if variant:
        day = doc.day or (doc.printer.date if doc.printer else datetime.date(1980, 1, 1))
        dated = datetime.datetime.combine(day, datetime.time(), datetime.UTC)  # no build time: stable bytes
        source_file = weasyprint().Attachment(string=source.read_text(encoding="utf-8"), base_url=str(source.parent),
                                              name=source.name, description="gongwen 内容文件（YAML 源文件）",
                                              relationship="Source", created=dated, modified=dated)
        options |= {"pdf_variant": variant, "attachments": [source_file]}
    return document.write_pdf(finisher=_compress_once, **options)


def _compress_once(_document, pdf) -> None:
    """Write each stream from bytes compressed once: pydyf compresses a stream (at level 9) every time its bytes
    are asked for, and asks twice — once more to hash the whole file for its identifier."""
    pdf.objects = [_Compressed(obj) if isinstance(obj, pydyf.Stream) else obj for obj in pdf.objects]


class _Compressed(pydyf.Object):
    """A stream standing in the file as its bytes, computed once."""

    def __init__(self, stream):
        super().__init__()
        self.number, self.generation, self.free = stream.number, stream.generation, stream.free
        self._data = stream.data

    @property
    def data(self) -> bytes:
        return self._data

    @property
    def compressible(self) -> bool:
        return False  # a stream is never put in an object stream


def layout_pdf(doc: Document, source: Path, project: Project, printer: PrintLayout | None = None):
    """Lay the document out once, with the 版记 in every place it may go, and keep the pages of the place §7.4
    chooses (see `record_place`); only if WeasyPrint's pages cannot be taken apart is it laid out again.

    Returns the laid-out WeasyPrint document and where the 版记 went.
    """
    printer = printer or print_layout(project)
    css = printer.css(doc)

    def laid_out(place: str):
        html = render_html(doc, project.templates_dir, base_dir=source.parent, css=css,
                           print_ctx=printer, record_place=place, metadata=carried_metadata(doc, project))
        html = weasyprint().HTML(string=html, url_fetcher=local_only_fetcher(printer.font_files))
        return html.render(font_config=font_config())

    document = laid_out("every-place")
    place = record_place(document, printer.layout)
    content_page, _, end = anchor(document, "content-end")
    if place == "same-page":
        content_end = end * PX - printer.layout.page.top_mm * MM
        return document.copy(document.pages[:content_page + 1]), Placement(place, content_end)
    kept = document.pages[content_page + 1:content_page + 2] if place == "own-page" else \
        document.pages[content_page + 2:content_page + 4]
    if not _remove_box(document.pages[content_page], "record"):
        return laid_out(place), Placement(place, 0.0)  # a WeasyPrint whose pages are built otherwise
    return document.copy([*document.pages[:content_page + 1], *kept]), Placement(place, 0.0)


def _remove_box(page, element_id: str) -> bool:
    """Take the box of the element `element_id` (and what it draws) off a laid-out page; False if it is not found.

    WeasyPrint draws a page from its box tree (`Page._page_box`, not public: hence the check and the fallback)."""
    stack = [getattr(page, "_page_box", None)]
    while stack:
        box = stack.pop()
        children = getattr(box, "children", None) or ()
        for index, child in enumerate(children):
            element = getattr(child, "element", None)
            if element is not None and element.get("id") == element_id:
                if not isinstance(children, list):
                    return False
                del children[index]
                page.anchors.pop(element_id, None)
                return True
            stack.append(child)
    return False


def local_only_fetcher(fonts: frozenset[Path] = frozenset()):
    """A WeasyPrint URL fetcher that fetches nothing from outside the page: `data:` URLs (the seals,
    checked and sanitised, are inlined as such) and the font files of this build (WeasyPrint reads a
    `local()` font through its fetcher), nothing else. An SVG's links to files or servers fail."""
    from urllib.parse import unquote, urlparse

    from weasyprint.urls import URLFetcher

    class LocalOnly(URLFetcher):
        def fetch(self, url, headers=None):
            parsed = urlparse(url)
            if parsed.scheme.lower() == "file" and Path(unquote(parsed.path)).resolve() not in fonts:
                raise ValueError(f"URI uses disallowed protocol: {url} (only this build's fonts are read)")
            return super().fetch(url, headers)

    return LocalOnly(allowed_protocols={"data", "file"}, allow_redirects=False, timeout=1)


@dataclass(frozen=True)
class Placement:
    """Where the 版记 goes, and how far (pt) below the top of the 版心 the content above it ends."""

    place: str
    content_end: float


def record_place(document, layout: Layout) -> str:
    """Where the 版记 must go (§7.4): at the foot of the content's last page if it fits and that
    page is even; else on the next page if that one is even; else after a blank page."""
    content_page, _, content_end = anchor(document, "content-end")
    found = anchor(document, "record")
    if found is None:
        return "same-page"
    record_page, _, record_top = found
    even = (content_page + 1) % 2 == 0
    if record_page == content_page and record_top >= content_end - 0.5 and (even or not layout.record.even_page):
        return "same-page"
    return "own-page" if not even or not layout.record.even_page else "after-blank"


def anchor(document, name: str) -> tuple[int, float, float] | None:
    """Page index and position (CSS px from the page's top left) of the element with id `name`."""
    for index, page in enumerate(document.pages):
        if name in page.anchors:
            x, y = page.anchors[name][:2]  # WeasyPrint 70 gives the whole box, earlier versions its corner
            return index, x, y
    return None
