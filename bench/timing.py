"""What every bench script shares: the repository on the import path, the sample, and timing."""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout without installing
SAMPLE = ROOT / "content" / "tongzhou-2020-notice.yaml"


def timed(runs: int, action: Callable[[], object]) -> list[float]:
    """Wall-clock seconds of `runs` calls of `action`."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def report(label: str, times: list[float]) -> None:
    print(f"{label:<34} median {statistics.median(times):.3f} s  "
          f"(min {min(times):.3f}, max {max(times):.3f}, n={len(times)})")


def measured(command: list[str], **options) -> tuple[float, float]:
    """Run `command`; its wall-clock seconds and CPU seconds (user + system, with every process it waited for)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, **options)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
