"""HTML from the Jinja2 templates in `templates/html/`."""

from __future__ import annotations

import base64
import mimetypes
from functools import lru_cache
from pathlib import Path

import jinja2

from gongwen import __version__
from gongwen.model.document import Document
from gongwen.typeset.textflow import title_words


@lru_cache(maxsize=8)
def environment(templates_dir: Path) -> jinja2.Environment:
    """One environment per template directory; content is autoescaped, never compiled."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir / "html"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_html(
    doc: Document, templates_dir: Path, *, base_dir: Path, css: str | None = None, print_ctx=None,
    record_place: str = "same-page",
) -> str:
    """The web page for `doc`; with `print_ctx` (a PrintLayout) the page the PDF is laid out from."""
    if css is None:
        css = (templates_dir / "css" / "screen.css").read_text(encoding="utf-8")
    template = environment(templates_dir).get_template("document.html.j2")
    return template.render(
        doc=doc, css=css, print=print_ctx, version=__version__, record_place=record_place,
        images={image: data_uri(base_dir / image) for image in doc.seal_images},
        title_words=lambda text: title_words(text, doc.proper_names),
    )


def data_uri(path: Path) -> str:
    """An image inlined, so the page needs no other file."""
    kind = mimetypes.guess_type(path.name)[0] or "image/png"
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"
