"""What every reader hands the recogniser: the paragraphs of a document, with what its format tells about them."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class CellText:
    """A table cell as a format gives it: its text, the columns and rows it spans, where it stands."""

    text: str
    colspan: int = 1
    rowspan: int = 1
    line: int = 0
    column: int = 1


@dataclass(frozen=True)
class Block:
    """One paragraph (or, for a PDF or OFD, one paragraph rebuilt from its lines) of a source document.

    `line` and `column` locate it for messages: a line of a text file, a paragraph of a Word file,
    a text line of a PDF or OFD counted from the first page. The other fields are hints the format gives
    and plain text does not; a reader leaves them at their defaults where it knows nothing.
    """

    text: str
    line: int
    column: int = 1
    offset: int | None = None  # where `text` starts in the file's text, when fixes can be written back
    style: str | None = None  # gongwen's own Word paragraph style
    runs: tuple[tuple[str, int], ...] = ()  # (character style, length) from the start: 段首句, run-in headings
    size: float = 0.0  # font size in pt
    red: bool = False  # printed in red (发文机关标志)
    align: str = ""  # "center", "right", "left" or "" when the format does not say
    page: int = 0  # page number in a PDF or OFD, from 1
    rule_above: bool = False  # a horizontal rule stands right above it (版记, the red line under the 版头)
    pictures: int = 0  # pictures placed on it: anchored in the Word paragraph, centred on the PDF lines (seals)
    table: tuple[tuple[CellText, ...], ...] = ()  # a table's rows (its text is then empty); cells under a span left out
    head: int = 1  # header rows at the top of `table`, where the format marks them (Word's repeated rows)


@dataclass
class Source:
    """A document as read: its blocks, its kind (txt, html, docx, doc, pdf, ofd) and, for plain text, its text."""

    path: str
    kind: str
    blocks: list[Block]
    text: str | None = None  # the file's text, for fixes; None where fixes cannot be written back
    encoding: str = "utf-8"  # how `text` is stored in the file ("utf-8-sig": with a byte-order mark)
    notes: list[str] = field(default_factory=list)  # what reading it changed (a converted encoding …)
