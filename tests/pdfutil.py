"""Helpers for tests that build and measure PDFs."""

from __future__ import annotations

from pathlib import Path

import pymupdf

from conftest import MINIMAL, ROOT
from gongwen.build.pipeline import Build, build_file
from gongwen.model.loader import load_document
from gongwen.project import Project
from gongwen.typeset.layout import load_layout
from gongwen.verify import read_lines, verify

RECORD = "cc: [市委办公厅]\nprinter:\n  organ: 某某市人民政府办公室\n  date: 2024-01-05\n"


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


def fill_page_two(write_yaml, tmp_path: Path) -> Path:
    """Write and build a notice whose text ends on the last line of page 2 and that has a 版记.

    Returns the PDF, whose page 3 is blank and page 4 carries the 版记. One-line paragraphs are
    added or removed until the text fills page 2 exactly.
    """
    count = 30
    for _ in range(6):
        text = MINIMAL.replace("  - 现将有关事项通知如下。\n", "".join(f"  - 第{i}段。\n" for i in range(count)))
        pdf, _ = build_pdf(write_yaml(text + RECORD, "filled.yaml"), tmp_path / str(count))
        reports = measure(pdf)
        if len(reports) == 4 and not reports[2].box:
            return pdf
        body = [r for r in reports if r.body_lines]
        count += 22 - body[1].body_lines if len(body) == 2 else -sum(r.body_lines for r in body[2:])
    raise AssertionError("could not fill page 2 exactly")
