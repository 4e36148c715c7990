"""Time the PDF build of the sample: in-process (fonts resolved once) and as a fresh command; PDF size.

Run: python bench/pdf_build.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gongwen.loader import load_document  # noqa: E402
from gongwen.pipeline import Build  # noqa: E402
from gongwen.project import Project  # noqa: E402
from gongwen.render.pdf import render_pdf  # noqa: E402

SAMPLE = ROOT / "content" / "tongzhou-2020-notice.yaml"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    build = Build(Project.at(ROOT), Path(tempfile.mkdtemp()))
    doc = load_document(SAMPLE)
    render_pdf(doc, SAMPLE, build.project, build.printer)  # warm-up: imports, fonts, caches
    times, size = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        size = len(render_pdf(doc, SAMPLE, build.project, build.printer))
        times.append(time.perf_counter() - start)
    fresh = []
    with tempfile.TemporaryDirectory() as out:
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run([sys.executable, str(ROOT / "build.py"), "build", str(SAMPLE), "--format", "pdf",
                            "--out", out], check=True, capture_output=True, cwd=ROOT)
            fresh.append(time.perf_counter() - start)
    print(f"sample: {SAMPLE.name}")
    print(f"PDF in-process   median {statistics.median(times):.2f} s  (min {min(times):.2f}, max {max(times):.2f}, n={runs})")
    print(f"PDF fresh command median {statistics.median(fresh):.2f} s  (min {min(fresh):.2f}, max {max(fresh):.2f}, n={runs})")
    print(f"PDF size {size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
