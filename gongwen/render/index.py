"""The publishing index: `output/index.html` lists every document, newest first, searchable."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from gongwen import __version__
from gongwen.build.writer import write_atomic
from gongwen.errors import ContentError
from gongwen.model.document import Document
from gongwen.model.loader import load_document
from gongwen.project import Project
from gongwen.render.html import environment


@dataclass(frozen=True)
class Entry:
    doc: Document
    links: list[tuple[str, str]]  # (label, file name)


def write_index(project: Project, out_dir: Path, sources: list[Path]) -> Path:
    """Render the index of the documents whose outputs are in `out_dir`."""
    entries = []
    for source in sources:
        try:
            doc = load_document(source)
        except ContentError:
            continue  # reported by the build
        links = [(label, f"{source.stem}.{ext}") for ext, label in (("html", "网页"), ("pdf", "PDF"), ("docx", "Word"))
                 if (out_dir / f"{source.stem}.{ext}").exists()]
        if links:
            entries.append(Entry(doc, links))
    entries.sort(key=lambda e: (e.doc.day or dt.date.min, e.doc.number or "", e.doc.display_title), reverse=True)
    css = (project.templates_dir / "css" / "screen.css").read_text(encoding="utf-8")
    html = environment(project.templates_dir).get_template("index.html.j2").render(
        entries=entries, css=css, version=__version__)
    target = out_dir / "index.html"
    write_atomic(target, html)
    return target
