"""Ctrl-C `gongwen serve` at random moments of its first round: how long each stop takes, and whether any is lost.

Each run serves a copy of the six-page example (a fresh process: start-up, then HTML, PDF and DOCX),
sends SIGINT after a random delay, and waits for the process to end. A stop that takes longer than
--limit seconds is printed with the server's output. Run: python bench/serve_stop.py [--runs N] [--seed S]
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timing import ROOT, report

EXAMPLE = ROOT / "content" / "example-joint-notice.yaml"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--limit", type=float, default=30, help="seconds after which a stop counts as lost")
    options = parser.parse_args()
    chance = random.Random(options.seed)
    times, lost = [], 0
    for _ in range(options.runs):
        seconds, output = stop_after(chance.uniform(0, 8), options.limit)
        if seconds is None or "Traceback" in output:
            lost += 1
            print(output, file=sys.stderr)
        else:
            times.append(seconds)
    report("Ctrl-C → process ended", times)
    print(f"lost or unclean stops: {lost} of {options.runs} (each waited for {options.limit:.0f} s, then killed)")


def stop_after(delay: float, limit: float) -> tuple[float | None, str]:
    """Seconds from SIGINT to the end of a fresh `gongwen serve` (None if it ran on), and its output."""
    root = Path(tempfile.mkdtemp())
    try:
        (root / "content").mkdir()
        text = re.sub(r"^secrecy:.*\n", "", EXAMPLE.read_text(encoding="utf-8"), flags=re.M)  # public: a web page too
        (root / "content" / "notice.yaml").write_text(text, encoding="utf-8")
        shutil.copytree(EXAMPLE.parent / "seals", root / "content" / "seals")
        process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--project", str(root),
                                    "--port", "0"], stderr=subprocess.PIPE, text=True)
        lines = [process.stderr.readline()]  # the address: serving has begun
        time.sleep(delay)
        process.send_signal(signal.SIGINT)
        sent = time.perf_counter()
        try:
            process.wait(timeout=limit)
            seconds = time.perf_counter() - sent
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            seconds = None
        lines += process.stderr.readlines()
        return seconds, "".join(lines)
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
