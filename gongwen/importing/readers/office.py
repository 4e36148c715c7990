"""Word 97–2003 (.doc), WPS (.wps), RTF and OpenDocument files: converted to .docx by LibreOffice, then read as Word."""

from __future__ import annotations

import re
import tempfile
import zipfile
from pathlib import Path

from gongwen.importing.blocks import Source
from gongwen.importing.readers import unreadable, word
from gongwen.office import convert
from gongwen.project import Project

# LibreOffice import filters by what the file holds (a “.doc” may be RTF or a web page saved by Word).
FILTERS = ((bytes.fromhex("d0cf11e0a1b11ae1"), "MS Word 97"),  # OLE compound file: Word 97–2003, WPS 文字
           (b"{\\rtf", "Rich Text Format"),
           (b"PK", None),  # a zip package (.docx, .odt): LibreOffice tells which
           (b"<", "HTML (StarWriter)"))


def read(path: Path, project: Project | None = None) -> Source:
    head = path.read_bytes()[:16].lstrip(b"\xef\xbb\xbf \r\n\t")
    known = next(((magic, name) for magic, name in FILTERS if head.startswith(magic)), None)
    if known is None:
        raise unreadable(path, "不是 Word、WPS、RTF 或 OpenDocument 文件（文件头不对）")
    with tempfile.TemporaryDirectory(prefix="gongwen-import-") as work:
        converted = convert(path, Path(work), "docx", infilter=known[1])
        if flattened(converted):  # read the paragraphs LibreOffice keeps in OpenDocument instead
            opened = convert(path, Path(work) / "odt", "odt", infilter=known[1])
            converted = convert(opened, Path(work) / "docx", "docx")
        source = word.read(converted, kind=path.suffix.lower().lstrip("."), project=project, converted=True)
    source.path = str(path)
    return source


def flattened(docx: Path) -> bool:
    """LibreOffice's Word export wrote a field result that spans paragraphs (an OA system fills a .doc's body,
    署名 and date into merge fields) as one run with a w:t for each paragraph: the paragraphs are lost."""
    try:
        with zipfile.ZipFile(docx) as package:
            body = package.read("word/document.xml").decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile):
        return False
    return any(run.count("<w:t>") + run.count("<w:t ") > 1 for run in re.findall(r"<w:r[ >].*?</w:r>", body, re.S))
