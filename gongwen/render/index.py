"""The publishing index: `output/index.html` lists every document built into the folder, newest first.

It is made from what the build state keeps of each document, so it never loads a document again and
stays complete after a build of a single file.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from gongwen import __version__
from gongwen.build.state import BuildState
from gongwen.build.writer import Staging
from gongwen.project import Project
from gongwen.render.html import environment

LINKS = (("html", "网页"), ("pdf", "PDF"), ("docx", "Word"))


def index_entries(state: BuildState, staging: Staging, publish_classified: bool = False) -> list[dict]:
    """The documents to list, newest first, each with links to the outputs the folder will hold."""
    entries = []
    for stem, document in state.documents.items():
        if document.get("withheld") and not publish_classified:
            continue
        links = [(label, "./" + quote(f"{stem}.{ext}")) for ext, label in LINKS if staging.current(f"{stem}.{ext}")]
        if links:
            entries.append(document | {"links": links})
    return sorted(entries, key=lambda e: (e["date"], e["number"], e["title"]), reverse=True)


def write_index(project: Project, out_dir: Path, entries: list[dict], staging: Staging) -> Path:
    """Stage the index page of `entries`."""
    css = (project.templates_dir / "css" / "screen.css").read_text(encoding="utf-8")
    html = environment(project.templates_dir).get_template("index.html.j2").render(
        entries=entries, css=css, version=__version__)
    target = out_dir / "index.html"
    staging.write(target, html)
    return target
