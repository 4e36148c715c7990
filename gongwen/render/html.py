"""HTML from the Jinja2 templates in `templates/html/`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import jinja2

from gongwen import __version__
from gongwen.errors import ContentError, Location, Problem
from gongwen.render.jinja import environment as templates
from gongwen.render.metadata import EVERYTHING
from gongwen.typeset.textflow import title_words

if TYPE_CHECKING:  # the index renders from this module's templates without the document model
    from gongwen.model.document import Document


def environment(templates_dir: Path) -> jinja2.Environment:
    """The HTML templates' environment; content is autoescaped, never compiled."""
    return templates(templates_dir / "html", autoescape=True, trim_blocks=True, lstrip_blocks=True,
                     keep_trailing_newline=True)


def render_html(
    doc: Document, templates_dir: Path, *, base_dir: Path, css: str | None = None, print_ctx=None,
    record_place: str = "same-page", metadata: frozenset[str] = EVERYTHING,
) -> str:
    """The web page for `doc`; with `print_ctx` (a PrintLayout) the page the PDF is laid out from.

    `metadata` names the document information the page (and so the PDF) carries (render/metadata.py)."""
    if css is None:
        css = (templates_dir / "css" / "screen.css").read_text(encoding="utf-8")
    template = environment(templates_dir).get_template("document.html.j2")
    return template.render(
        doc=doc, css=css, print=print_ctx, version=__version__, record_place=record_place,
        images=image_uris(doc), metadata=metadata,
        title_words=lambda text: title_words(text, doc.proper_names),
        line_styles=print_ctx.line_styles() if print_ctx else None,
    )


def image_uris(doc: Document) -> dict[str, str]:
    """Every image the document prints, inlined so the page needs no other file; checked again as it is read."""
    from gongwen.model.resources import ResourceError

    uris = {}
    for image in doc.seal_images:
        try:
            uris[image] = doc.resources.image(image).data_uri()
        except ResourceError as exc:
            where = doc._source.locate(("seal",)) if doc._source else Location(str(doc.base_dir), 1, 1)
            raise ContentError([Problem(where, str(exc))]) from None
    return uris
