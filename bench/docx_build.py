"""Time the DOCX build of the sample and its conversion to PDF by LibreOffice (headless).

Run: python bench/docx_build.py [--runs N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gongwen.loader import load_document  # noqa: E402
from gongwen.office import docx_to_pdf  # noqa: E402
from gongwen.pipeline import Build  # noqa: E402
from gongwen.project import Project  # noqa: E402
from gongwen.render.docx import render_docx  # noqa: E402
from gongwen.render.pdf import layout_pdf  # noqa: E402
from timing import report, timed  # noqa: E402

SAMPLE = ROOT / "content" / "tongzhou-2020-notice.yaml"


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
        print(f"DOCX size {len(data) / 1024:.0f} KiB, LibreOffice PDF size {(Path(out) / 'sample.pdf').stat().st_size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
