"""Time the PDF build of the sample (or another content file): in-process (fonts resolved once) and as a fresh
command; PDF size.

Run: python bench/pdf_build.py [--runs N] [--source content/example-table.yaml]
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
    parser.add_argument("--source", type=Path, default=SAMPLE)
    options = parser.parse_args()
    runs, source = options.runs, options.source.resolve()
    build = Build(Project.at(ROOT), Path(tempfile.mkdtemp()))
    doc = load_document(source)
    render_pdf(doc, source, build.project, build.printer)  # warm-up: imports, fonts, caches
    report("PDF in-process", timed(runs, lambda: render_pdf(doc, source, build.project, build.printer)))
    with tempfile.TemporaryDirectory() as out:
        command = [sys.executable, str(ROOT / "build.py"), "build", str(source), "--format", "pdf", "--force",
                   "--out", out]
        fresh = timed(runs, lambda: subprocess.run(command, check=True, capture_output=True, cwd=ROOT))
        report("PDF fresh command", fresh)
    print(f"PDF size {len(render_pdf(doc, source, build.project, build.printer)) / 1024:.0f} KiB ({source.name})")


if __name__ == "__main__":
    main()
