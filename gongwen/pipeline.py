"""The build: load → render → write, one content file at a time."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from gongwen.loader import load_document
from gongwen.model import Document
from gongwen.project import Project
from gongwen.render.html import render_html
from gongwen.writer import write_atomic

Renderer = Callable[[Document, Path, Project], bytes | str]


def _html(doc: Document, source: Path, project: Project) -> str:
    return render_html(doc, project.templates_dir, base_dir=source.parent)


RENDERERS: dict[str, Renderer] = {"html": _html}


@dataclass(frozen=True)
class Written:
    """One output written, with the time its rendering took."""

    path: Path
    seconds: float


def build_file(source: Path, formats: list[str], out_dir: Path, project: Project) -> Iterator[Written]:
    """Load and validate `source` once, then render and write each format in turn."""
    doc = load_document(source)
    for fmt in formats:
        start = time.perf_counter()
        data = RENDERERS[fmt](doc, source, project)
        target = out_dir / f"{source.stem}.{fmt}"
        write_atomic(target, data)
        yield Written(target, time.perf_counter() - start)
