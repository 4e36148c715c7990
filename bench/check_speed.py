"""Checking speed: the sample YAML, the raw sample text, a 1 MB text, against one full build of the sample.

Run: python bench/check_speed.py [--runs N]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from timing import ROOT, SAMPLE, report, timed  # first: puts the repository on the import path

# isort: split

from gongwen.check.runner import CheckConfig, check_file
from gongwen.project import Project
from gongwen.typeset.fonts import resolve_fonts
from gongwen.typeset.layout import load_layout

RAW = ROOT.parent / "shared" / "samples" / "tongzhou-2020-notice.raw.txt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    project = Project.at(ROOT)
    config = CheckConfig.of(project)
    fonts = resolve_fonts(load_layout(project))
    with tempfile.TemporaryDirectory() as work:
        raw = RAW.read_text(encoding="utf-8")
        big = Path(work) / "big.txt"
        big.write_text((raw + "\n") * (1_000_000 // len(raw.encode()) + 1), encoding="utf-8")
        for label, path in (("check sample YAML", SAMPLE), ("check raw sample text", RAW), ("check 1 MB text", big)):
            report(f"{label} ({path.stat().st_size / 1024:.0f} KiB)", timed(runs, lambda p=path: check_file(p, config, fonts=fonts)))
        report("check 1 MB text with --fix", timed(max(1, runs // 2), lambda: check_file(big, config, fix=True, fonts=fonts)))
        command = [sys.executable, str(ROOT / "build.py"), "build", str(SAMPLE), "--out", work, "--no-check"]
        report("one full build of the sample (fresh)", timed(max(1, runs // 2), lambda: subprocess.run(command, check=True, capture_output=True)))
        check = [sys.executable, str(ROOT / "build.py"), "check", str(SAMPLE)]
        report("check sample (fresh command)", timed(max(1, runs // 2), lambda: subprocess.run(check, capture_output=True)))


if __name__ == "__main__":
    main()
