"""Plain text: one paragraph per line, as copied from a web page or saved by an editor."""

from __future__ import annotations

from pathlib import Path

from gongwen.importing.blocks import Block, Source
from gongwen.importing.readers import unreadable
from gongwen.importing.text_tables import find_tables

# Chinese text files are UTF-8 or, from older Windows editors and portals, GB18030 (a superset of GBK/GB2312).
ENCODINGS = ("utf-8-sig", "gb18030")


def decode(path: Path, data: bytes) -> tuple[str, str]:
    """The text and the encoding it was in; an undecodable file is a ContentError."""
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise unreadable(path, "文件既不是 UTF-8 也不是 GB18030（GBK）编码的文字")


def read(path: Path) -> Source:
    text, encoding = decode(path, path.read_bytes())
    source = text_source(str(path), text.replace("\r\n", "\n").replace("\r", "\n"))
    if encoding != "utf-8-sig" or "\r" in text:
        source.text = None  # fixes are written as UTF-8 with \n: only for a file already so
        source.notes.append(f"{path}: 按 {encoding.upper()} 编码读取；修复不写回此文件" if encoding != "utf-8-sig"
                            else f"{path}: 文件用 CR 或 CRLF 换行；修复不写回此文件")
    return source


def text_source(path: str, text: str) -> Source:
    """Blocks of `text`, one per line, located by line and by offset (so fixes can be written back); the
    lines of a table written as text (pipes, or aligned columns) make one table block."""
    blocks, offset = [], 0
    lines = text.split("\n")
    for number, line in enumerate(lines, 1):
        indent = len(line) - len(line.lstrip())
        blocks.append(Block(line.strip(), number, indent + 1, offset + indent))
        offset += len(line) + 1
    return Source(path, "txt", find_tables(blocks, lines), text)
