"""Helpers for tests that build and measure PDFs."""

from __future__ import annotations

from pathlib import Path

import pymupdf

from gongwen.layout import load_layout
from gongwen.loader import load_document
from gongwen.pipeline import Build, build_file
from gongwen.project import Project
from gongwen.verify import read_lines, verify

from conftest import ROOT


def build_pdf(source: Path, out_dir: Path, project: Project | None = None) -> tuple[Path, Build]:
    """Build `source` to PDF through the real pipeline; return the PDF path and the build."""
    build = Build(project or Project.at(ROOT), out_dir)
    (written,) = build_file(source, ["pdf"], build)
    return written.path, build


def measure(pdf: Path, project: Project | None = None):
    return verify(pdf, load_layout(project or Project.at(ROOT)))


def page_lines(pdf: Path):
    with pymupdf.open(pdf) as doc:
        return [read_lines(page) for page in doc]


def loaded(path: Path):
    return load_document(path)
