"""Shared fixtures: the repository, the sample document, and small content files written on demand."""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
import textwrap
import time
from pathlib import Path

import pytest

from gongwen.build.writer import write_atomic
from gongwen.model.document import Paragraph, Part, Section
from gongwen.model.loader import load_document
from gongwen.model.table import Table

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "content" / "tongzhou-2020-notice.yaml"
EXAMPLE = ROOT / "content" / "example-joint-notice.yaml"
# The shared sample beside the repository (or beside the folder of work trees the repository is in).
RAW_SAMPLE = next((p for p in (base / "shared" / "samples" / "tongzhou-2020-notice.raw.txt"
                               for base in (ROOT.parent, ROOT.parent.parent)) if p.exists()),
                  ROOT.parent / "shared" / "samples" / "tongzhou-2020-notice.raw.txt")
CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
# The longest any test waits for something that takes a while: a build, a server's start or stop, a browser's
# update. One number, generous for a two-core CI machine under load (where a preview round takes more than
# ten times as long as on an idle one: docs/performance.md); a wait ends as soon as what it waits for
# happens, so only a failure pays for it.
PATIENCE = float(os.environ.get("GONGWEN_TEST_PATIENCE", "120"))

# A test run started in the background by a non-interactive shell (`bash … &`) inherits SIGINT ignored, and so
# would every `gongwen serve` the tests start: Ctrl-C would rightly do nothing (gongwen keeps an ignored SIGINT
# ignored). The tests of Ctrl-C need it delivered, as a terminal delivers it; the servers they start inherit this.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

MINIMAL = """\
issuer: 某某市人民政府
title: 某某市人民政府关于开展检查的通知
body:
  - 现将有关事项通知如下。
signature: 某某市人民政府
date: 2024-01-05
"""


def wait_for(condition, timeout: float = PATIENCE):
    """The first true value of `condition()`, asked again every 50 ms; fails after `timeout` seconds."""
    end = time.monotonic() + timeout
    while not (result := condition()):
        if time.monotonic() > end:
            code = condition.__code__
            raise AssertionError(f"waited {timeout:.0f} s in vain for {code.co_filename}:{code.co_firstlineno}")
        time.sleep(0.05)
    return result


def save(path: Path, text: str) -> None:
    """Save a file as an editor's safe save does: a new file renamed over the old, never seen half written.
    (A save in place truncates the file first: a round may read it empty, a failing round the test did not make.)"""
    write_atomic(path, text)


@pytest.fixture(scope="session")
def sample_doc():
    return load_document(SAMPLE)


@pytest.fixture(scope="session")
def example_doc():
    return load_document(EXAMPLE)


@pytest.fixture
def write_yaml(tmp_path):
    """Write dedented YAML text into a content file and return its path."""

    def write(text: str, name: str = "doc.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


def outline_texts(body):
    """Part titles, numbered headings, paragraphs and tables (title, unit, cells row by row, notes) of a body
    tree as they read, in order."""
    for node in body:
        if isinstance(node, Table):
            yield from (text for text in (node.caption, node.unit_line) if text)
            yield from (at.text for at in node.cells if at.text)
            yield from node.notes
        elif isinstance(node, Part):
            yield node.part
            yield from outline_texts(node.body)
        elif isinstance(node, Section):
            yield node.marker + node.heading
            yield from outline_texts(node.body)
        elif isinstance(node, Paragraph):
            yield node.full_text


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium through its WebDriver, headless, with a fresh profile."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not os.path.exists(p)]
    assert not missing, f"{'、'.join(missing)} 未安装：运行 bash scripts/setup.sh test"
    profile = tempfile.mkdtemp(prefix="gongwen-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", f"--user-data-dir={profile}",
                 "--window-size=1400,860", "--force-device-scale-factor=1"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
