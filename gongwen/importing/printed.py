"""Printed pages (PDF, OFD): characters with their size, face, colour and position, made into paragraphs.

A 公文 page is a grid (GB/T 9704 §5.2): body lines fill the 版心 from its left to its right edge, a
paragraph's first line is indented 2 字, titles are larger and centred, the 发文机关标志 is red, and
horizontal rules stand under the 版头 and around the 版记. Lines are joined into paragraphs by those
facts; sizes, colour, alignment and rules go to the recogniser as hints. Page numbers are dropped.
Each reader (PDF, OFD) only lists what its pages draw; this module reads the layout the same way for both.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from gongwen.importing import printed_tables
from gongwen.importing.blocks import Block, Source
from gongwen.importing.readers import unreadable
from gongwen.typeset.textflow import NO_START

PAGE_NUMBER = re.compile(r"^[-—–－―\s]*\d{1,4}[-—–－―\s]*$|^第\s*\d+\s*页(\s*共\s*\d+\s*页)?$|^\d+\s*/\s*\d+$")
EMPHASIS = "强调"  # a run in another face at the start of a paragraph: a 段首句 or a run-in heading


@dataclass
class Glyph:
    """One drawn character: its advance from x0 to x1 and vertical centre `y`, in pt from the page's top left."""

    text: str
    x0: float
    x1: float
    y: float
    size: float  # pt
    font: str
    red: bool


@dataclass
class PrintedPage:
    """What a page draws that the layout tells by: its characters, the tops of its horizontal rules, the
    vertical middles of its images (pt), every thin rule across or down it as a box (x0, top, x1, bottom: a
    table's ruling), and characters to read after the rest in a frame of their own (the upright page number of
    a 横排 page read in its turned frame)."""

    glyphs: list[Glyph] = field(default_factory=list)
    rules: list[float] = field(default_factory=list)
    images: list[float] = field(default_factory=list)
    ruling: list[tuple[float, float, float, float]] = field(default_factory=list)
    after: list[Glyph] = field(default_factory=list)


@dataclass
class _Line:
    chars: list[Glyph]
    page: int
    top: float
    bottom: float
    rule_above: bool = False
    text: str = ""
    size: float = 0.0
    table: printed_tables.Table | None = None  # a ruled table standing here (its characters are not the line's)

    def __post_init__(self):
        self.chars.sort(key=lambda c: c.x0)
        sizes = Counter(round(c.size * 2) / 2 for c in self.chars if c.text.strip())
        self.size = sizes.most_common(1)[0][0] if sizes else 0.0
        parts, previous = [], None
        for char in self.chars:
            gap = char.x0 - previous.x1 if previous is not None else 0.0
            if gap > 2 * max(char.size, 1):
                parts.append("\t")  # columns: 发文字号 and 签发人, the organs of a joint 署名
            elif gap > 0.8 * max(char.size, 1):
                parts.append(" ")  # a space the layout widened
            parts.append(char.text)
            previous = char
        self.text = "".join(parts).strip()

    @property
    def x0(self) -> float:
        return self.chars[0].x0

    @property
    def x1(self) -> float:
        return self.chars[-1].x1

    @property
    def red(self) -> bool:
        return sum(c.red for c in self.chars) * 2 > len(self.chars)


@dataclass
class _Paragraph:
    lines: list[_Line] = field(default_factory=list)


def read_pages(path, kind: str, pages: Iterable[PrintedPage]) -> Source:
    """The blocks of a printed document of `kind` ("pdf", "ofd"); a document without text is an error."""
    lines: list[_Line] = []
    rules: list[tuple[int, float]] = []
    images: list[tuple[int, float]] = []
    for number, page in enumerate(pages, 1):
        glyphs, tables = printed_tables.find(page.glyphs, page.ruling, lambda g: ((g.x0 + g.x1) / 2, g.y), _cell_text)
        found = _group(glyphs, number) + [_Line([], number, t.top, t.bottom, table=t) for t in tables]
        lines += sorted(found, key=lambda line: line.top) + _group(page.after, number)
        rules += [(number, top) for top in page.rules]
        images += [(number, middle) for middle in page.images]
    body = [line for line in lines if not PAGE_NUMBER.match(line.text)]
    if not body:
        raise unreadable(path, f"{kind.upper()} 中没有文字（扫描件？）：请先做文字识别（OCR），或导入 Word 版本")
    sizes = Counter(line.size for line in body for _ in line.chars)
    size = sizes.most_common(1)[0][0]  # the body size: most characters are body text
    normal = [line for line in body if abs(line.size - size) < 0.6]
    left = _percentile([line.x0 for line in normal], 0.05)
    right = _percentile([line.x1 for line in normal], 0.95)
    for line in body:
        line.rule_above = any(page == line.page and above < line.top and line.top - above < 3 * line.size
                              for page, above in rules)
    blocks: list[Block | None] = []
    numbers = {id(line): index for index, line in enumerate(lines, 1)}
    paragraphs = _paragraphs(body, left, right, size)
    pictures = _pictures(paragraphs, images)
    for index, paragraph in enumerate(paragraphs):
        first = paragraph.lines[0]
        if first.table is not None:
            blocks.append(_table_block(blocks, first, numbers[id(first)]))
            continue
        text = "".join(line.text for line in paragraph.lines)
        blocks.append(Block(text, numbers[id(first)], size=first.size, red=first.red,
                            align=_alignment(paragraph, left, right, size), page=first.page,
                            rule_above=first.rule_above, runs=_emphasis(paragraph), pictures=pictures[index]))
    return Source(str(path), kind, [b for b in blocks if b is not None])


def _table_block(blocks: list[Block | None], line: _Line, number: int) -> Block | None:
    """A table's block; a table going on from the page before (its header printed again) joins that one."""
    rows = printed_tables.cells(line.table, number)
    before = blocks[-1] if blocks else None
    if before is not None and before.table and before.page == line.page - 1:
        repeated = next((k for k in range(len(rows), 0, -1) if [[c.text for c in r] for r in rows[:k]] ==
                         [[c.text for c in r] for r in before.table[:k]]), 0)
        if repeated:
            blocks[-1] = replace(before, table=before.table + rows[repeated:], head=repeated, page=line.page)
            return None
    return Block("", number, page=line.page, table=rows)


def _cell_text(glyphs: list[Glyph]) -> str:
    """A cell's characters as text: its lines top to bottom, each left to right, joined."""
    return "".join(line.text for line in _group(glyphs, 0))


def _pictures(paragraphs: list[_Paragraph], images: list[tuple[int, float]]) -> Counter:
    """How many images are centred on each paragraph: the one whose line lies nearest an image's middle
    on its page (a seal is centred on the 署名 and 成文日期 it presses, a 签名章 on its 职务's line)."""
    lines = [(line.page, (line.top + line.bottom) / 2, index)
             for index, paragraph in enumerate(paragraphs) for line in paragraph.lines]
    counts: Counter = Counter()
    for page, middle in images:
        nearest = min(((abs(centre - middle), index) for on, centre, index in lines if on == page), default=None)
        if nearest is not None:
            counts[nearest[1]] += 1
    return counts


def _group(chars: list[Glyph], page: int) -> list[_Line]:
    """Characters sharing a baseline band form a line; lines top to bottom."""
    chars.sort(key=lambda c: (c.y, c.x0))
    lines: list[list[Glyph]] = []
    for char in chars:
        if lines and abs(char.y - lines[-1][0].y) < 0.35 * max(char.size, lines[-1][0].size):
            lines[-1].append(char)
        else:
            lines.append([char])
    return [_Line(group, page, min(c.y - c.size / 2 for c in group), max(c.y + c.size / 2 for c in group))
            for group in lines]


def _paragraphs(lines: list[_Line], left: float, right: float, size: float) -> list[_Paragraph]:
    """Join lines into paragraphs.

    A line continues the one before when that one ran to the right edge of the 版心 (justified text
    wraps there), it is the same size, and it does not start 2 字 in (a new paragraph's indent).
    A title's lines stay apart: the recogniser joins them, and knows where a joint title's organs break.
    """
    paragraphs: list[_Paragraph] = []
    for line in lines:
        current = paragraphs[-1] if paragraphs else None
        if current is not None and line.table is None and current.lines[-1].table is None \
                and _continues(current, line, left, right, size):
            current.lines.append(line)
        else:
            paragraphs.append(_Paragraph([line]))
    return paragraphs


def _continues(paragraph: _Paragraph, line: _Line, left: float, right: float, size: float) -> bool:
    previous = paragraph.lines[-1]
    if abs(previous.size - line.size) > 0.6 or previous.red != line.red or line.rule_above:
        return False
    near = line.page == previous.page and line.top - previous.bottom < 1.2 * line.size
    near = near or line.page == previous.page + 1
    if not near:
        return False
    if line.size > size + 2:  # a larger, centred title: each line a block, as a copy of the text has them
        return False
    # The line before ran to the right edge, or nearly: a character the line-start rule (禁则) pushed
    # down takes the one before it along (…直属机 / 构：).
    pushed = any(c in NO_START for c in line.text[:2])
    if previous.x1 < right - (2.5 if pushed else 1.2) * line.size:
        return False  # the line before ended its paragraph
    # A wrapped line starts at the left edge, or under the text after a label (附件：…, 抄送：…).
    return abs(line.x0 - left) < 0.5 * size or abs(line.x0 - _hanging(paragraph.lines[0])) < 0.5 * size


def _hanging(first: _Line) -> float:
    """Where the text after a label (附件：, 抄送：) starts on the first line; -inf when there is none."""
    for index, char in enumerate(first.chars[:6]):
        if char.text in "：:" and index + 1 < len(first.chars):
            return first.chars[index + 1].x0
    return float("-inf")


def _centred(line: _Line, left: float, right: float) -> bool:
    margin_left, margin_right = line.x0 - left, right - line.x1
    return margin_left > line.size / 2 and abs(margin_left - margin_right) < 1.5 * line.size


def _alignment(paragraph: _Paragraph, left: float, right: float, size: float) -> str:
    first = paragraph.lines[0]
    if len(paragraph.lines) == 1 and _centred(first, left, right):
        return "center"
    if first.x1 < right - size / 2 and first.x0 - left > (right - left) / 2:
        return "right"  # 署名 and 成文日期 stand in the right half
    return "both" if len(paragraph.lines) > 1 else "left"


def _emphasis(paragraph: _Paragraph) -> tuple[tuple[str, int], ...]:
    """The length of a leading run in another face than the rest of the paragraph (a lead sentence)."""
    chars = [c for line in paragraph.lines for c in line.chars]
    faces = Counter(_family(c.font) for c in chars)
    if len(faces) < 2:
        return ()
    main = faces.most_common(1)[0][0]
    count = 0
    for char in chars:
        if _family(char.font) == main:
            break
        count += 1
    return ((EMPHASIS, count),) if 0 < count < len(chars) else ()


def _family(font: str) -> str:
    """The face name without the subset prefix (ABCDEF+FandolFang-Regular → FandolFang-Regular)."""
    return font.split("+", 1)[-1]


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0
