"""Time the DOCX build of the sample and its conversion to PDF by LibreOffice (headless).

Run: python bench/docx_build.py [--runs N]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from timing import ROOT, SAMPLE, report, timed  # first: puts the repository on the import path

# isort: split

from gongwen.build.pipeline import Build
from gongwen.model.loader import load_document
from gongwen.office import docx_to_pdf
from gongwen.project import Project
from gongwen.render.docx import render_docx
from gongwen.render.pdf import layout_pdf


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    build = Build(Project.at(ROOT), Path(tempfile.mkdtemp()))
    doc = load_document(SAMPLE)
    placement = layout_pdf(doc, SAMPLE, build.project, build.printer)[1]
    templates = build.project.templates_dir
    data = render_docx(doc, build.printer, placement, templates)  # warm-up
    report("DOCX build (in-process)", timed(runs, lambda: render_docx(doc, build.printer, placement, templates)))
    with tempfile.TemporaryDirectory() as out:
        path = Path(out) / "sample.docx"
        path.write_bytes(data)
        layout, fonts = build.printer.layout, build.printer.fonts
        times = timed(max(3, runs // 2), lambda: docx_to_pdf(path, Path(out), layout, fonts))
        report("LibreOffice DOCX→PDF (headless)", times)
        printed = (Path(out) / "sample.pdf").stat().st_size
        print(f"DOCX size {len(data) / 1024:.0f} KiB, LibreOffice PDF size {printed / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
