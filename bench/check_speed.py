"""Checking and importing large texts: MB/s at 1, 10 and 100 MB, and whether the time grows linearly.

The text is the shared sample as copied from the web (tongzhou-2020-notice.raw.txt) repeated to each size:
"clean" after `check --fix` (a finding every 2.4 KB, as a drafted document has), "raw" as copied (a finding
every 70 bytes: half-width punctuation throughout). Each measurement runs in a fresh process, which prints its
CPU time (user + system), wall time and peak memory; the parent prints the load average before and after.

Run: python bench/check_speed.py [--sizes 1,10,100] [--import-sizes 1,10]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timing import ROOT  # first: puts the repository on the import path

# The shared sample beside the repository (or beside the folder of work trees it is in).
RAW = next(p for p in (base / "shared" / "samples" / "tongzhou-2020-notice.raw.txt"
                       for base in (ROOT.parent, ROOT.parent.parent)) if p.exists())


def one(kind: str, path: Path) -> dict:
    """In this process: check (or import) `path` once; what it cost."""
    from gongwen.check.runner import CheckConfig, check_file
    from gongwen.importing.importer import import_document
    from gongwen.project import Project

    project = Project.at(ROOT)
    config = CheckConfig.of(project)
    start, cpu = time.perf_counter(), time.process_time()
    if kind == "import":
        text, _ = import_document(path, project)
        found = text.count("\n")
    else:
        found = len(check_file(path, config).diagnostics)
    return {"wall": time.perf_counter() - start, "cpu": time.process_time() - cpu, "found": found,
            "rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def texts(work: Path, sizes: list[int]) -> dict[tuple[str, int], Path]:
    """The raw sample and its fixed copy, each repeated to every size (MB)."""
    fixed = work / "clean.txt"
    shutil.copy(RAW, fixed)
    subprocess.run([sys.executable, str(ROOT / "build.py"), "check", "--fix", str(fixed)], capture_output=True)
    made = {}
    for kind, source in (("clean", fixed), ("raw", RAW)):
        unit = source.read_text(encoding="utf-8") + "\n"
        for size in sizes:
            path = work / f"{kind}-{size}mb.txt"
            with path.open("w", encoding="utf-8") as file:
                for _ in range(size * 1_000_000 // len(unit.encode()) + 1):
                    file.write(unit)
            made[kind, size] = path
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1,10,100")
    parser.add_argument("--import-sizes", default="1,10")
    parser.add_argument("--one", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.one:
        print(json.dumps(one(options.one[0], Path(options.one[1]))))
        return
    sizes = [int(s) for s in options.sizes.split(",")]
    imports = [int(s) for s in options.import_sizes.split(",")]
    print(f"load average before: {_load()}")
    with tempfile.TemporaryDirectory() as work:
        made = texts(Path(work), sorted(set(sizes) | set(imports)))
        runs = [("check", "clean", s) for s in sizes] + [("check", "raw", s) for s in sizes if s <= 10] + \
            [("import", "clean", s) for s in imports]
        for action, kind, size in runs:
            path = made[kind, size]
            done = subprocess.run([sys.executable, __file__, "--one", action, str(path)], capture_output=True,
                                  text=True, check=True)
            result = json.loads(done.stdout)
            mb = path.stat().st_size / 1e6
            what = "findings" if action == "check" else "YAML lines"
            print(f"{action} {kind:<5} {mb:6.1f} MB  CPU {result['cpu']:7.2f} s  {mb / result['cpu']:5.2f} MB/s  "
                  f"({result['cpu'] / mb:.3f} s per MB)  wall {result['wall']:7.2f} s  peak {result['rss_mib']:.0f} MiB"
                  f"  {result['found']} {what}")
    print(f"load average after:  {_load()}")


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


if __name__ == "__main__":
    main()
