"""Batch builds: how a forced build of N documents scales from one process to two, and what each worker holds.

The documents are the joint-notice example (6 pages, three seals, a 版记) with number, title and date varied.
Runs alternate `--jobs 1` and `--jobs 2` (a fresh `gongwen build --force` each, as a user runs it), so both
meet the same load; scaling efficiency = median wall(1 job) / (2 × median wall(2 jobs)), 1.0 being perfect.
It means something only on an otherwise idle machine: the load average is printed before and after, and a
run is refused (unless --anyway) while the 1-minute load is above --max-load. The peak memory of every
gongwen process (VmHWM, read from /proc while it runs) is printed per worker. Also: the no-op build.

Run: python bench/batch_build.py [--documents 24] [--runs 3] [--max-load 0.5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timing import ROOT, measured  # first: puts the repository on the import path

EXAMPLE = ROOT / "content" / "example-joint-notice.yaml"


def generate(project: Path, count: int) -> None:
    """`count` documents: the joint-notice example with its number, title and date varied, and its seals."""
    content = project / "content"
    shutil.copytree(ROOT / "content" / "seals", content / "seals")
    text = EXAMPLE.read_text(encoding="utf-8")
    for n in range(1, count + 1):
        varied = (text.replace("示政发〔2024〕3号", f"示政发〔2024〕{n}号")
                  .replace("2024年安全生产大检查的通知", f"2024年第{n}批安全生产大检查的通知")
                  .replace("date: 2024-03-05", f"date: 2024-{1 + n % 12:02d}-{1 + n % 28:02d}"))
        (content / f"doc-{n:03d}.yaml").write_text(varied, encoding="utf-8")


def watched(command: list[str]) -> tuple[float, float, list[float]]:
    """Run `command`; its wall seconds, its peak resident memory (MiB) and that of each process under it."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peaks: dict[int, float] = {}
    while process.poll() is None:
        for pid in _tree(process.pid):
            peak = _peak_mib(pid)
            if peak:
                peaks[pid] = max(peaks.get(pid, 0.0), peak)
        time.sleep(0.05)
    wall = time.perf_counter() - start
    if process.returncode:
        raise SystemExit(f"{command} failed ({process.returncode})")
    return wall, peaks.pop(process.pid, 0.0), list(peaks.values())


def _tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                todo += map(int, Path(f"/proc/{current}/task/{task}/children").read_text().split())
        except OSError:
            continue
    return found


def _peak_mib(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=24)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--max-load", type=float, default=0.5)
    parser.add_argument("--anyway", action="store_true", help="measure even on a loaded machine")
    options = parser.parse_args()
    load = os.getloadavg()
    print(f"load average before: {' '.join(f'{v:.2f}' for v in load)}")
    if load[0] > options.max_load and not options.anyway:
        raise SystemExit(f"the machine is not idle (1-minute load {load[0]:.2f} > {options.max_load}); try later")
    with tempfile.TemporaryDirectory() as work:
        project = Path(work)
        generate(project, options.documents)
        base = [sys.executable, str(ROOT / "build.py"), "build", "--project", str(project), "--force"]
        subprocess.run(base, check=True, capture_output=True)  # warm-up: caches on disk
        walls: dict[int, list[float]] = {1: [], 2: []}
        peaks: dict[int, list[float]] = {1: [], 2: []}
        for _ in range(options.runs):
            for jobs in (1, 2):
                wall, own, workers = watched([*base, "--jobs", str(jobs)])
                walls[jobs].append(wall)
                peaks[jobs] += workers if jobs == 2 else [own]
        noop = [measured(base[:-1])[0] for _ in range(5)]
        print(f"load average after:  {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    one, two = statistics.median(walls[1]), statistics.median(walls[2])
    count = options.documents
    print(f"{count} documents, --jobs 1: wall median {one:.2f} s ({one / count:.3f} s per document), "
          f"runs {', '.join(f'{w:.2f}' for w in walls[1])}")
    print(f"{count} documents, --jobs 2: wall median {two:.2f} s ({two / count:.3f} s per document), "
          f"runs {', '.join(f'{w:.2f}' for w in walls[2])}")
    print(f"speed-up {one / two:.2f}, scaling efficiency at 2 jobs: {one / (2 * two):.2f}")
    print(f"peak memory: one process (--jobs 1) {max(peaks[1]):.0f} MiB; "
          f"each worker (--jobs 2) at most {max(peaks[2]):.0f} MiB")
    print(f"no-op build of {count} documents: median {statistics.median(noop):.3f} s")


if __name__ == "__main__":
    main()
