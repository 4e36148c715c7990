"""Plain text: one paragraph per line, as copied from a web page or saved by an editor."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from gongwen.importing.blocks import Block, Source
from gongwen.importing.readers import unreadable
from gongwen.importing.text_tables import find_tables

# Chinese text files are UTF-8 or, from older Windows editors and portals, GB18030 (a superset of GBK/GB2312).
ENCODINGS = ("utf-8-sig", "gb18030")
LINE_BREAK = re.compile(r"\r\n|\r|\n")  # what ends a line in a text file: LF, CRLF or CR


def decode(path: Path, data: bytes) -> tuple[str, str]:
    """The text and the encoding it was in; an undecodable file is a ContentError."""
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise unreadable(path, "文件既不是 UTF-8 也不是 GB18030（GBK）编码的文字")


def read(path: Path) -> Source:
    """The file's lines as blocks; its text is kept as it is (line endings included), with the encoding it was
    read in, so that fixes are written back in the same bytes but for the characters they change."""
    data = path.read_bytes()
    text, encoding = decode(path, data)
    if encoding == "utf-8-sig" and not data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8"
    source = text_source(str(path), text)
    source.encoding = encoding
    if encoding == "gb18030":  # decoded and encoded again, every code gives its own bytes back
        source.notes.append(f"{path}: 按 GB18030 编码读取")
    return source


def text_source(path: str, text: str) -> Source:
    """Blocks of `text`, one per line (ended by LF, CRLF or CR), located by line and by offset in `text` (so
    fixes can be written back); the lines of a table written as text (pipes, or aligned columns) make one
    table block."""
    blocks, lines, start = [], [], 0
    for number, end in enumerate([*LINE_BREAK.finditer(text), None], 1):
        line = text[start:end.start() if end else len(text)]
        indent = len(line) - len(line.lstrip())
        blocks.append(Block(line.strip(), number, indent + 1, start + indent))
        lines.append(line)
        start = end.end() if end else len(text)
    return Source(path, "txt", find_tables(blocks, lines), text)
