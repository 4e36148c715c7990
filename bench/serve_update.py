"""Time `gongwen serve` from a save to the notices the open page acts on: the web page, then the printed pages.

In-process, as serve runs (one warm process, the change loop watching the project): each run
edits one paragraph of the sample and waits for the notice that its HTML, then its PDF, changed,
then renders the first printed page as the page asks for it. Run: python bench/serve_update.py [--runs N]
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import threading
import time
from pathlib import Path

from timing import SAMPLE, report  # first: puts the repository on the import path

# isort: split

from gongwen.build.watch import follow
from gongwen.project import Project
from gongwen.serve.live import Preview


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    root = Path(tempfile.mkdtemp())
    (root / "content").mkdir()
    source = shutil.copy(SAMPLE, root / "content" / SAMPLE.name)
    preview, stop = Preview(root), threading.Event()
    loop = threading.Thread(target=follow, args=(Project.at(root), preview.rebuild, stop, 50))
    loop.start()
    try:
        with preview.events.subscribe() as inbox:
            wait_for(inbox, lambda: preview.state()["rounds"] >= 1)
            html, pdf, image = [], [], []
            original = Path(source).read_text(encoding="utf-8")
            for run in range(runs):
                Path(source).write_text(original.replace("现印发给你们", f"现第{run}次印发给你们", 1), encoding="utf-8")
                saved = time.perf_counter()
                view = preview.view(SAMPLE.stem)
                old_html, old_pdf = view.html, view.pages.sha
                wait_for(inbox, lambda: preview.view(SAMPLE.stem).html != old_html)
                html.append(time.perf_counter() - saved)
                wait_for(inbox, lambda: preview.view(SAMPLE.stem).pages.sha != old_pdf)
                pdf.append(time.perf_counter() - saved)
                preview.view(SAMPLE.stem).pages.image(1, 1.5)
                image.append(time.perf_counter() - saved)
                wait_for(inbox, lambda: preview.state()["building"] is None)
    finally:
        stop.set()
        loop.join()
        shutil.rmtree(root)
    pages = len(preview.view(SAMPLE.stem).pages.sizes)
    report("save → web page notice", html)
    report("save → printed pages notice", pdf)
    report("save → first page image (1.5×)", image)
    print(f"({SAMPLE.name}, {pages} pages; the Word file follows after the notices)")


def wait_for(inbox, condition, timeout: float = 120) -> None:
    """Read notices until `condition` holds."""
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError("no notice")
        message = inbox.get(timeout=timeout)
        json.loads(message)


if __name__ == "__main__":
    main()
