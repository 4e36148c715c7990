"""The build: load → render → write, one content file at a time."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from gongwen.coverage import glyph_problems
from gongwen.errors import ContentError
from gongwen.fonts import font_report
from gongwen.loader import load_document
from gongwen.model import Document
from gongwen.project import Project
from gongwen.render.docx import render_docx
from gongwen.render.html import render_html
from gongwen.render.pdf import Placement, layout_pdf, print_layout
from gongwen.render.printing import PrintLayout
from gongwen.writer import write_atomic


@dataclass
class Build:
    """One run of the build over some content files: shared settings, fonts and notes."""

    project: Project
    out_dir: Path
    notes: list[str] = field(default_factory=list)
    placements: dict[Path, Placement] = field(default_factory=dict)  # where the PDF put each 版记

    @cached_property
    def printer(self) -> PrintLayout:
        """Layout profile and fonts, resolved once per run (and reported)."""
        printer = print_layout(self.project)
        self.notes.extend(font_report(printer.fonts))
        return printer


Renderer = Callable[[Document, Path, Build], bytes | str]


def _html(doc: Document, source: Path, build: Build) -> str:
    return render_html(doc, build.project.templates_dir, base_dir=source.parent)


def _pdf(doc: Document, source: Path, build: Build) -> bytes:
    warnings, errors = glyph_problems(doc, build.printer.fonts)
    if errors:
        raise ContentError(errors)
    build.notes.extend(map(str, warnings))
    document, build.placements[source] = layout_pdf(doc, source, build.project, build.printer)
    return document.write_pdf()


def _docx(doc: Document, source: Path, build: Build) -> bytes:
    placement = build.placements.get(source)
    if placement is None and (doc.cc or doc.printer):
        placement = layout_pdf(doc, source, build.project, build.printer)[1]  # pagination as in the PDF
    return render_docx(doc, build.printer, placement, build.project.templates_dir)


RENDERERS: dict[str, Renderer] = {"html": _html, "pdf": _pdf, "docx": _docx}


@dataclass(frozen=True)
class Written:
    """One output written, with the time its rendering took."""

    path: Path
    seconds: float


def build_file(source: Path, formats: list[str], build: Build) -> Iterator[Written]:
    """Load and validate `source` once, then render and write each format in turn."""
    doc = load_document(source)
    for fmt in formats:
        start = time.perf_counter()
        data = RENDERERS[fmt](doc, source, build)
        target = build.out_dir / f"{source.stem}.{fmt}"
        write_atomic(target, data)
        yield Written(target, time.perf_counter() - start)
