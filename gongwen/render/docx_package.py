"""The DOCX package, rendered from the text templates in templates/docx/package/.

Every part (content types, relationships, document, styles, settings, font table, theme, footers,
core and app properties) comes from a template filled with the layout profile's numbers, so the file
holds only what gongwen uses; python-docx then opens it to add the content. `finish` makes the bytes
stable and, for a .dotx, declares the main part a template.
"""

from __future__ import annotations

import io
import math
import zipfile
from dataclasses import dataclass
from pathlib import Path

import jinja2

from gongwen.render.docx_styles import Tuning, font_entries, load_styles, official_font, style_entries
from gongwen.render.jinja import environment as templates
from gongwen.render.printing import PrintLayout
from gongwen.typeset.layout import MM
from gongwen.typeset.textflow import NO_END, NO_START

FIXED_TIME = (1980, 1, 1, 0, 0, 0)
DOCUMENT_TYPE = b"wordprocessingml.document.main+xml"
TEMPLATE_TYPE = b"wordprocessingml.template.main+xml"
ROLES = ("title", "body", "hei", "kai", "song")


@dataclass(frozen=True)
class Rule:
    """A filled rectangle floating on the page, in EMU from the paper's top left."""

    name: str
    x: int
    y: int
    width: int
    height: int
    fill: str


@dataclass(frozen=True)
class Frame:
    """One line of text in a paragraph style, framed at a place on the page (twips from the paper's
    top left; size in half-points, the exact line in twips)."""

    text: str
    style: str
    size: int
    x: int
    y: int
    width: int
    line: int


@dataclass(frozen=True)
class Header:
    """The first page's header: nothing but what the layout places outside the 版心 there."""

    frame: Frame | None
    rules: tuple[Rule, ...]
    part: str = "header1.xml"
    rid: str = "rId9"
    type: str = "first"


@dataclass(frozen=True)
class Footer:
    """One footer part: the page number on odd (default) or even pages, or none."""

    part: str
    rid: str
    type: str  # default, even or first
    section: str  # main: the document's pages; last: the blank and 版记 pages after them; landscape: 横排 pages
    numbered: bool
    side: str = "right"
    inset: int = 0  # twips
    turned: dict | None = None  # on a landscape page: the box (mm on the page) the number reads down in


def footers(printer: PrintLayout, unnumbered_end: bool, first_page: str = "", landscape: bool = False
            ) -> list[Footer]:
    """Page numbers odd right, even left, 1 字 in (§7.5); empty footers for an unnumbered last section.
    A first page of its own (`first_page` "numbered" or "blank": a 信函's, §10.1) gets its own footer.
    With `landscape` pages (横排 tables, §8), footers for them print the number where the portrait pages
    have it once the sheet is turned: reading down the page's left edge (see `turned_number_box`)."""
    inset = round(printer.layout.page_number.inset_chars * printer.layout.sizes.page_number_pt * 20)
    result = [Footer("footer1.xml", "rId5", "default", "main", True, "right", inset),
              Footer("footer2.xml", "rId6", "even", "main", True, "left", inset)]
    if unnumbered_end:
        result.append(Footer("footer3.xml", "rId7", "default", "last", False))
    if first_page:
        result.append(Footer("footer4.xml", "rId8", "first", "main", first_page == "numbered", "right", inset))
    if landscape:
        box = turned_number_box(printer)
        result += [Footer("footer5.xml", "rId10", "default", "landscape", True, "right", inset, box),
                   Footer("footer6.xml", "rId11", "even", "landscape", True, "left", inset, box)]
    return result


def turned_number_box(printer: PrintLayout) -> dict:
    """Where a landscape page carries its page number: the sheet prints it turned a quarter counter-clockwise
    (its top to the binding, §8), so the portrait pages' number line — the width of the 版心, `below_mm` under
    it — lies along the page's left edge, read downwards. In mm from the landscape page's top left."""
    layout = printer.layout
    page, size = layout.page, layout.sizes.page_number_pt
    centre = page.height_mm - (page.top_mm + page.text_height_mm + layout.page_number.below_mm)
    width = size / MM
    return {"left": round(centre - width / 2, 2), "top": page.left_mm, "width": round(width, 2),
            "height": page.text_width_mm, "line": round(size * 20)}


def text_width(printer: PrintLayout, tuning: Tuning) -> float:
    """The 版心 width in pt, widened where needed so 28 characters at the DOCX's spacing fit a line.

    28 characters at 15.8 pt reach 0.4 pt past 156 mm: the text area grows by 0.15 mm on the right
    (GB/T 9704 allows 1 mm) so that Word and LibreOffice both fit 28.
    """
    layout = printer.layout
    chars, body = layout.grid.chars, layout.sizes.body_pt
    needed = math.ceil(((chars - 1) * (body + tuning.char_spacing_pt) + body) * 20) + 1  # twips
    return max(layout.text_width, needed / 20)


def footer_distance(printer: PrintLayout) -> float:
    """Footer distance (mm) that puts the centre of the 一字线 `below_mm` under the 版心."""
    layout = printer.layout
    size = layout.sizes.page_number_pt
    low, high = printer.fonts["song"].face.metrics().extents["—"]
    dash_above_bottom = size * 0.2 + (low + high) / 2 * size  # line bottom to dash centre
    return layout.bottom_mm - layout.page_number.below_mm - dash_above_bottom / MM


def page_setup(printer: PrintLayout, tuning: Tuning) -> dict[str, int]:
    """Page size, margins and line pitch in twips."""
    layout = printer.layout
    twips = lambda mm: round(mm * MM * 20)  # noqa: E731
    width, left = twips(layout.page.width_mm), twips(layout.page.left_mm)
    return {"width": width, "height": twips(layout.page.height_mm), "top": twips(layout.page.top_mm),
            "left": left, "right": width - left - round(text_width(printer, tuning) * 20),
            "bottom": twips(layout.bottom_mm), "header": twips(tuning.header_mm),
            "footer": twips(footer_distance(printer)), "pitch": int(layout.pitch * 20)}


def context(printer: PrintLayout, templates_dir: Path, tuning: Tuning, *, unnumbered_end: bool = False,
            first_page: str = "", landscape: bool = False, header: Header | None = None, core: dict | None = None,
            app: dict | None = None, paragraphs: tuple[str, ...] = ()) -> dict:
    """Everything the package templates need."""
    layout = printer.layout
    return {
        "page": page_setup(printer, tuning),
        "footers": footers(printer, unnumbered_end, first_page, landscape),
        "headers": [header] if header else [],
        "styles": style_entries(load_styles(templates_dir), layout, tuning),
        "fonts": font_entries([official_font(layout, role) for role in ROLES], templates_dir),
        "defaults": {"font": official_font(layout, "body"), "size": round(layout.sizes.body_pt * 2)},
        "theme": {"major": official_font(layout, "hei"), "minor": official_font(layout, "body"),
                  "red": layout.masthead.mark_color.lstrip("#")},
        "settings": {"tab": round(tuning.tab_chars * layout.cell * 20),
                     "no_end": "".join(sorted(NO_END)), "no_start": "".join(sorted(NO_START))},
        "core": {"title": "", "subject": "", "creator": "", "date": "", **(core or {})},
        "app": {"name": "", "company": "", **(app or {})}, "paragraphs": paragraphs,
    }


def environment(templates_dir: Path) -> jinja2.Environment:
    return templates(templates_dir / "docx", autoescape=True, trim_blocks=True, lstrip_blocks=True)


def package(templates_dir: Path, values: dict) -> bytes:
    """The package rendered from templates/docx/package/, zipped."""
    env = environment(templates_dir)
    parts = {}
    for name in sorted(env.list_templates(filter_func=lambda n: n.startswith("package/"))):
        part = name.removeprefix("package/").removesuffix(".j2")
        if part not in ("word/footer.xml", "word/header.xml"):
            parts[part] = env.get_template(name).render(**values)
    footer = env.get_template("package/word/footer.xml.j2")
    for item in values["footers"]:
        parts[f"word/{item.part}"] = footer.render(footer=item)
    header = env.get_template("package/word/header.xml.j2")
    for item in values["headers"]:
        parts[f"word/{item.part}"] = header.render(header=item)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for part, text in parts.items():
            target.writestr(part, text.encode("utf-8"))
    return out.getvalue()


def finish(data: bytes, template: bool = False) -> bytes:
    """Rewrite the zip python-docx saved with fixed timestamps (same content, same bytes); a .dotx
    declares its main part a template."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            blob = source.read(info.filename)
            if template and info.filename == "[Content_Types].xml":
                blob = blob.replace(DOCUMENT_TYPE, TEMPLATE_TYPE)
            fixed = zipfile.ZipInfo(info.filename, FIXED_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, blob)
    return out.getvalue()
