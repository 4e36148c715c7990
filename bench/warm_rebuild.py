"""The warm path: `gongwen watch` on a copy of the sample, one process with the libraries loaded.

Each run saves an edit and waits until the round that follows has written its outputs; it prints the time
from the save (the watcher's 50 ms debounce included) and the round's own time. Edits: one character of a
paragraph (HTML, PDF and DOCX are rebuilt), the web stylesheet (only the web page: see README “重新生成”).
CPU time is this process's (the build runs in it). Run: python bench/warm_rebuild.py [--runs N]
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import os
import queue
import shutil
import statistics
import tempfile
import threading
import time
from pathlib import Path

from timing import ROOT, SAMPLE  # first: puts the repository on the import path

# isort: split

from gongwen.build.watch import follow
from gongwen.cli import GC_THRESHOLD
from gongwen.cli import main as gongwen
from gongwen.project import Project


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    gc.set_threshold(*GC_THRESHOLD)  # as in `gongwen watch` (gongwen.cli.run)
    root = Path(tempfile.mkdtemp())
    shutil.copytree(ROOT / "templates", root / "templates")
    (root / "content").mkdir()
    source = Path(shutil.copy(SAMPLE, root / "content" / SAMPLE.name))
    rounds: queue.Queue = queue.Queue()

    def rebuild() -> None:
        out, start, cpu = io.StringIO(), time.perf_counter(), time.process_time()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            gongwen(["build", "--project", str(root)])
        written = sorted(line.split()[1].rsplit(".", 1)[-1] for line in out.getvalue().splitlines()
                         if line.startswith("写入"))
        rounds.put((time.perf_counter(), time.perf_counter() - start, time.process_time() - cpu, written))

    stop = threading.Event()
    loop = threading.Thread(target=follow, args=(Project.at(root), rebuild, stop, 50))
    print(f"load average before: {_load()}")
    loop.start()
    try:
        rounds.get(timeout=120)  # the first build
        original = source.read_text(encoding="utf-8")
        stylesheet = root / "templates" / "css" / "screen.css"
        css = stylesheet.read_text(encoding="utf-8")
        edits = {"paragraph": lambda n: source.write_text(original.replace("现印发", f"现第{n}次印发", 1),
                                                           encoding="utf-8"),
                 "web stylesheet": lambda n: stylesheet.write_text(css + f"\n/* {n} */\n", encoding="utf-8")}
        for name, save in edits.items():
            results = []
            for n in range(runs):
                time.sleep(0.3)
                saved = time.perf_counter()
                save(n)
                ended, wall, cpu, written = rounds.get(timeout=120)
                results.append((ended - saved, wall, cpu))
            since, wall, cpu = (statistics.median(values) for values in zip(*results, strict=True))
            print(f"edit of the {name}: save → outputs written {since:.3f} s (median of {runs}); the round itself "
                  f"{wall:.3f} s wall, {cpu:.3f} s CPU; written: {', '.join(written)}")
    finally:
        stop.set()
        loop.join()
        shutil.rmtree(root)
    print(f"load average after:  {_load()}")


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


if __name__ == "__main__":
    main()
