"""Saved web pages (.html): the text of block elements in reading order, with alignment and colour.

Portals wrap a 公文 in navigation, share buttons and metadata tables; everything is read here and
the recogniser decides what is the document and what is the page around it. Table rows become one
block with their cells separated by tabs, so a metadata table reads as `key<TAB>value` pairs.
"""

from __future__ import annotations

import re
from pathlib import Path

from gongwen.importing.blocks import Block, Source
from gongwen.importing.readers import unreadable
from gongwen.importing.readers.text import decode

BLOCK_TAGS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "table", "section", "article",
                        "header", "footer", "blockquote", "pre", "ul", "ol", "dl", "dt", "dd", "center", "main", "nav",
                        "aside", "form", "figure", "figcaption", "caption", "address", "hr"})
CELL_TAGS = frozenset(("td", "th"))
SKIPPED = frozenset({"script", "style", "noscript", "head", "iframe", "select", "option", "button", "input",
                     "textarea", "svg", "template"})
_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.I)
_SPACE = re.compile(r"[ \t\r\n\f]+")
_RED = re.compile(r"(?<![-\w])color\s*:\s*(red|#f00\b|#ff0000|#e60012|#c00000|#cc0000"
                  r"|rgb\(\s*2[0-5]\d\s*,\s*\d{1,2}\s*,\s*\d{1,2}\s*\))", re.I)
_ALIGN = re.compile(r"text-align\s*:\s*(center|right|left|justify)", re.I)


def read(path: Path) -> Source:
    import lxml.html

    data = path.read_bytes()
    declared = _CHARSET.search(data[:4096])
    text = None
    if declared:
        name = declared.group(1).decode("ascii").lower()
        name = "gb18030" if name in ("gb2312", "gbk", "gb18030") else name
        try:
            text = data.decode(name)
        except (LookupError, UnicodeDecodeError):
            text = None
    if text is None:
        text, _ = decode(path, data)
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8"))
    except Exception as exc:  # lxml raises ParserError for an empty document, and others for worse
        raise unreadable(path, f"无法读取网页：{exc}") from None
    walker = _Walker()
    walker.walk(root, "", False)
    walker.flush(None)
    return Source(str(path), "html", walker.blocks)


class _Walker:
    """Collects text, flushing a block at each block-level boundary and line break."""

    def __init__(self):
        self.blocks: list[Block] = []
        self.parts: list[tuple[str, bool]] = []  # (text, red)
        self.line = 1
        self.align = ""

    def walk(self, element, align: str, red: bool) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if not tag or tag in SKIPPED:
            return
        style = element.get("style", "")
        found = _ALIGN.search(style)
        align = (found.group(1).lower() if found else element.get("align", "").lower() or
                 ("center" if tag == "center" else align))
        red = red or bool(_RED.search(style)) or element.get("color", "").lower() in ("red", "#ff0000", "#f00")
        block = tag in BLOCK_TAGS
        if block or tag == "br":
            self.flush(element)
        if block:
            self.align = align
        if element.text:
            self._add(element.text, red, element)
        for child in element:
            self.walk(child, align, red)
            if child.tail:  # text after a child is the parent's, in the parent's colour
                self._add(child.tail, red, child)
        if block:
            self.flush(element)
        elif tag in CELL_TAGS:
            self.parts.append(("\t", False))

    def _add(self, text: str, red: bool, element) -> None:
        if not self.parts and element.sourceline:
            self.line = element.sourceline
        self.parts.append((_SPACE.sub(" ", text.replace("\xa0", " ")), red))

    def flush(self, element) -> None:
        text = "".join(t for t, _ in self.parts)
        cells = [c.strip() for c in text.split("\t")]
        text = "\t".join(c for c in cells if c)
        if text:
            visible = sum(len(t.strip()) for t, _ in self.parts)
            red = sum(len(t.strip()) for t, r in self.parts if r)
            self.blocks.append(Block(text, self.line, align=self.align, red=visible > 0 and red * 2 > visible))
        self.parts = []
        if element is not None and element.sourceline:
            self.line = element.sourceline
