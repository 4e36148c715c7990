"""Time `gongwen serve` from a save to the notices the open page acts on: the web page, then the printed pages.

In-process, as serve runs (one warm process, the change loop watching the project): each run
edits one paragraph of the sample and waits for the notice that its HTML, then its PDF, changed,
then renders the first printed page as the page asks for it. Run: python bench/serve_update.py [--runs N]
"""

from __future__ import annotations

import argparse
import gc
import shutil
import tempfile
import threading
import time
from pathlib import Path

from timing import SAMPLE, report  # first: puts the repository on the import path

# isort: split

from gongwen.build.watch import follow
from gongwen.cli import GC_THRESHOLD
from gongwen.project import Project
from gongwen.serve.live import Preview


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    gc.set_threshold(*GC_THRESHOLD)  # as in `gongwen serve` (gongwen.cli.run)
    root = Path(tempfile.mkdtemp())
    (root / "content").mkdir()
    source = shutil.copy(SAMPLE, root / "content" / SAMPLE.name)
    preview, stop = Preview(root), threading.Event()
    loop = threading.Thread(target=follow, args=(Project.at(root), preview.rebuild, stop, 50))
    loop.start()
    try:
        with preview.events.subscribe() as inbox:
            wait_for(inbox, lambda: preview.state()["rounds"] >= 1)
            original = Path(source).read_text(encoding="utf-8")
            times = [edit(preview, inbox, Path(source), original.replace("现印发", f"现第{run}次印发", 1))
                     for run in range(runs)]
    finally:
        stop.set()
        loop.join()
        shutil.rmtree(root)
    pages = len(preview.view(SAMPLE.stem).pages.sizes)
    html, pdf, image = zip(*times, strict=True)
    report("save → web page notice", list(html))
    report("save → printed pages notice", list(pdf))
    report("save → first page image (1.5×)", list(image))
    print(f"({SAMPLE.name}, {pages} pages; the Word file follows after the notices)")


def edit(preview: Preview, inbox, source: Path, text: str) -> tuple[float, float, float]:
    """Save `text`; seconds until the web page notice, the printed pages notice, and the first page image."""
    view = preview.view(source.stem)
    old_html, old_pdf = view.html, view.pages.sha
    source.write_text(text, encoding="utf-8")
    saved = time.perf_counter()
    wait_for(inbox, lambda: preview.view(source.stem).html != old_html)
    html = time.perf_counter() - saved
    wait_for(inbox, lambda: preview.view(source.stem).pages.sha != old_pdf)
    pdf = time.perf_counter() - saved
    preview.view(source.stem).pages.image(1, 1.5)
    image = time.perf_counter() - saved
    wait_for(inbox, lambda: preview.state()["building"] is None)
    return html, pdf, image


def wait_for(inbox, condition, timeout: float = 120) -> None:
    """Read notices until `condition` holds."""
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError("no notice")
        inbox.get(timeout=timeout)


if __name__ == "__main__":
    main()
