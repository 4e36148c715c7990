"""Repeat an action and report the median, as every bench script does."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def timed(runs: int, action: Callable[[], object]) -> list[float]:
    """Wall-clock seconds of `runs` calls of `action`."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def report(label: str, times: list[float]) -> None:
    print(f"{label:<34} median {statistics.median(times):.3f} s  (min {min(times):.3f}, max {max(times):.3f}, n={len(times)})")
