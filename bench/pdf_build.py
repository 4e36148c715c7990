"""Time the PDF build of the sample: in-process (fonts resolved once) and as a fresh command; PDF size.

Run: python bench/pdf_build.py [--runs N]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from timing import ROOT, SAMPLE, report, timed  # first: puts the repository on the import path

# isort: split

from gongwen.build.pipeline import Build
from gongwen.model.loader import load_document
from gongwen.project import Project
from gongwen.render.pdf import render_pdf


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    build = Build(Project.at(ROOT), Path(tempfile.mkdtemp()))
    doc = load_document(SAMPLE)
    render_pdf(doc, SAMPLE, build.project, build.printer)  # warm-up: imports, fonts, caches
    report("PDF in-process", timed(runs, lambda: render_pdf(doc, SAMPLE, build.project, build.printer)))
    with tempfile.TemporaryDirectory() as out:
        command = [sys.executable, str(ROOT / "build.py"), "build", str(SAMPLE), "--format", "pdf", "--out", out]
        report("PDF fresh command", timed(runs, lambda: subprocess.run(command, check=True, capture_output=True, cwd=ROOT)))
    print(f"PDF size {len(render_pdf(doc, SAMPLE, build.project, build.printer)) / 1024:.0f} KiB ({SAMPLE.name})")


if __name__ == "__main__":
    main()
