"""Readers, one per source format, each turning a file into blocks for the one recogniser.

A new format is a module here with a `read(path) -> Source` and a line in READERS; a reader that knows
gongwen's own Word styles takes `read(path, project=...)` and is listed in STYLED.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

from gongwen.errors import ContentError, Location, Problem
from gongwen.importing.blocks import Source
from gongwen.project import Project

# Suffix → reader module (imported on demand: the PDF and Word libraries take time to load).
READERS = {".txt": "text", ".text": "text", "": "text", ".html": "html", ".htm": "html", ".docx": "word",
           ".doc": "office", ".wps": "office", ".rtf": "office", ".odt": "office", ".pdf": "pdf", ".ofd": "ofd"}

# Readers that know gongwen's own Word styles, from the project's templates (its styles.toml).
STYLED = frozenset({"word", "office"})


def read_source(path: Path, project: Project | None = None) -> Source:
    """Read any supported file (gongwen's styles from `project`, else the one in the current directory);
    unreadable input raises ContentError located at the file."""
    module = READERS.get(path.suffix.lower())
    if module is None:
        known = "、".join(sorted(s for s in READERS if s))
        raise ContentError([Problem(Location(str(path), 1, 1), f"不能读取这种文件；可以读取：{known}")])
    if not path.is_file():
        raise ContentError([Problem(Location(str(path), 1, 1), "文件不存在")])
    reader = import_module(f"gongwen.importing.readers.{module}")
    if module in STYLED:
        return reader.read(path, project=project or Project.at(Path.cwd()))
    return reader.read(path)


def unreadable(path: Path, why: str) -> ContentError:
    """The error for a file its reader cannot make sense of."""
    return ContentError([Problem(Location(str(path), 1, 1), why)])
