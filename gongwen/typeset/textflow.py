"""Break Chinese text into grid lines the way Word does, so every full line is flush with the 版心.

WeasyPrint only stretches spaces when justifying, so CJK lines broken early by the line-start and
line-end rules would stay short. Lines are therefore broken here and each is justified with
letter-spacing (shared/reference/toolchain.md §5).
"""

from __future__ import annotations

import hashlib
import importlib.util
import math
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import combinations

from gongwen.cache import remembered

# GB/T 15834 and common 禁则: these never start a line …
NO_START = frozenset("，。、；：？！”’）》〉」』〕】］｝％‰·～,.;:?!)]}%")
# … and these never end one.
NO_END = frozenset("“‘（《〈「『〔【［｛([{")
# Runs kept whole: numbers and Latin words (2.8%, PM2.5, 5G), 破折号 and 省略号.
_ATOM = re.compile(r"[0-9A-Za-z][0-9A-Za-z.,%+\-/:·'’]*[0-9A-Za-z%]|[0-9A-Za-z]|——|……|.", re.S)

EPSILON = 0.01  # pt
MAX_TITLE_BREAKS = 20_000  # ways to break a title weighed one by one; a real title has a few hundred


@dataclass(frozen=True)
class Line:
    """Characters [start, end) of the text, the letter-spacing that justifies them, and the indent."""

    start: int
    end: int
    spacing: float
    indent: float


def atoms(text: str) -> list[tuple[int, int]]:
    """Unbreakable runs of `text` as (start, end) offsets."""
    return [m.span() for m in _ATOM.finditer(text)]


def flow(text: str, advances: list[float], width: float, grid_spacing: float,
         first_indent: float = 0.0, justify: bool = True) -> list[Line]:
    """Break `text` (with per-character advances in pt) into lines of `width` pt.

    A line fits when its characters, each taking its advance plus `grid_spacing` (so that a
    full-width character takes one grid cell), fit the width. Every line but the last is then
    justified to the full width; the last keeps the grid spacing.
    """
    runs = atoms(text)
    lines: list[list[tuple[int, int]]] = [[]]
    for run in runs:
        current = lines[-1]
        indent = first_indent if len(lines) == 1 else 0.0
        if current and _natural(current + [run], advances, grid_spacing) > width - indent + EPSILON:
            lines.append(_push_out(current, run, text))
        else:
            current.append(run)
    result = []
    for number, line in enumerate(lines):
        if not line:
            continue
        indent = first_indent if number == 0 else 0.0
        start, end = line[0][0], line[-1][1]
        last = number == len(lines) - 1
        count = end - start
        if justify and not last and count > 1:
            spacing = (width - indent - sum(advances[start:end])) / (count - 1)
        else:
            spacing = grid_spacing
        result.append(Line(start, end, spacing, indent))
    return result


def _natural(line: list[tuple[int, int]], advances: list[float], spacing: float) -> float:
    start, end = line[0][0], line[-1][1]
    return sum(advances[start:end]) + (end - start) * spacing


def _push_out(line: list[tuple[int, int]], run: tuple[int, int], text: str) -> list[tuple[int, int]]:
    """Start a new line with `run`, first moving down what may not end `line` or must go with `run`.

    No line may start with a closing mark (，。”）…) or end with an opening one (“（《…); like
    Word, the characters are pushed to the next line and the shortened line is justified.
    """
    carried = [run]
    while len(line) > 1 and (text[carried[0][0]] in NO_START or text[line[-1][1] - 1] in NO_END):
        carried.insert(0, line.pop())
    return carried


def title_lines(text: str, capacity: int, keep: Iterable[str] = ()) -> list[str]:
    """Break a title into lines of at most `capacity` characters between words.

    GB/T 9704 §7.3.1: a multi-line title keeps words whole and is shaped as a 梯形 or 菱形,
    never an hourglass. Among all breaks into the fewest lines, pick the most even one whose
    shape qualifies; a break next to a particle costs extra. A break never falls inside a
    number, a bracketed group or a name in `keep` (organ names), unless no other break fits.
    """
    if len(text) <= capacity:
        return [text]
    words = _word_cuts(text)
    protected = _protected(text, keep)
    strict = [cut for cut in words if cut not in protected]
    for cuts in (strict, words):
        lines = _shaped(text, capacity, cuts)
        if lines:
            return lines
    return _filled_lines(text, words, capacity)


def title_words(text: str, keep: Iterable[str] = ()) -> list[str]:
    """The title cut where a line may break (for the web page, whose width is not known)."""
    protected = _protected(text, keep)
    bounds = [0, *(cut for cut in _word_cuts(text) if cut not in protected), len(text)]
    return [text[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]


@lru_cache(maxsize=256)
def _word_cuts(text: str) -> tuple[int, ...]:
    """Offsets between the words of `text`, kept on disk: the segmenter (rjieba) builds its dictionary when
    imported (0.1 s and 32 MiB), so it is loaded only for a title not segmented before."""
    key = hashlib.sha256(f"{_segmenter()}\0{text}".encode()).hexdigest()[:32]
    return remembered("titles", key, lambda: _segmented(text))


def _segmented(text: str) -> tuple[int, ...]:
    import rjieba  # imported here: only titles need word segmentation

    cuts, offset = [], 0
    for word in rjieba.cut(text):
        offset += len(word)
        cuts.append(offset)
    return tuple(cuts[:-1])


@cache
def _segmenter() -> str:
    """The installed segmenter's file, which changes when rjieba (and its dictionary) is upgraded."""
    origin = importlib.util.find_spec("rjieba").origin
    stat = os.stat(origin)
    return f"{origin}:{stat.st_mtime_ns}:{stat.st_size}"


def _shaped(text: str, capacity: int, cuts: list[int]) -> list[str] | None:
    """The best-shaped break at `cuts`, or None when none fits or there are too many breaks to weigh."""
    for count in range(-(-len(text) // capacity), len(cuts) + 2):
        if math.comb(len(cuts), count - 1) > MAX_TITLE_BREAKS:
            return None
        best = None
        for breaks in combinations(cuts, count - 1):
            bounds = [0, *breaks, len(text)]
            lengths = [b - a for a, b in zip(bounds, bounds[1:], strict=False)]
            if max(lengths) > capacity or _hourglass(lengths):
                continue
            mean = len(text) / count
            cost = sum((n - mean) ** 2 for n in lengths) + sum(
                40 * (text[b] in _WEAK_START or text[b - 1] in _WEAK_END) for b in breaks)
            if best is None or cost < best[0]:
                best = (cost, bounds)
        if best:
            bounds = best[1]
            return [text[a:b].strip() for a, b in zip(bounds, bounds[1:], strict=False)]
    return None


def _filled_lines(text: str, cuts: list[int], capacity: int) -> list[str]:
    """Lines filled to `capacity` at word boundaries (a word longer than a line is cut): for titles no
    shape fits or too long to weigh every break, in linear time."""
    lines, start, index, ends = [], 0, 0, [*cuts, len(text)]
    while start < len(text):
        end = None
        while index < len(ends) and ends[index] <= start + capacity:
            end = ends[index] if ends[index] > start else end
            index += 1
        end = end or min(start + capacity, len(text))
        lines.append(text[start:end].strip())
        start = end
    return [line for line in lines if line]


# Particles that should not begin a title line, and prepositions that should not end one.
_WEAK_START = frozenset("的之上下中了着过和与及或等")
_WEAK_END = frozenset("在对从向把被为与和及的")
# Numbers with what belongs to them: 2024年3月5日, 第12号, 6.6%, 第十四届.
_NUMBER = re.compile(r"第?[0-9]+(?:[.,][0-9]+)*(?:[年月日号期届次%个项条批万亿元]|[0-9]+)*"
                     r"|第[一二三四五六七八九十百千〇零]+[届次期号批]")
_BRACKETS = {"《": "》", "“": "”", "‘": "’", "（": "）", "〔": "〕", "〈": "〉", "「": "」", "【": "】"}
# An organ name's places: 北京市, 北京市通州区 … (the parts a segmenter splits: 江北 / 市). Bounded, so a
# name of thousands of characters without one is scanned in linear time (bench/fuzz.py seed 9216: 56 s).
_PLACE = re.compile(r".{1,30}?[省市区县州盟旗镇乡]")


def _hourglass(lengths: list[int]) -> bool:
    return any(lengths[i] < lengths[i - 1] and lengths[i] < lengths[i + 1] for i in range(1, len(lengths) - 1))


def _protected(text: str, keep: Iterable[str]) -> set[int]:
    """Offsets a title line may not break at: inside numbers, bracketed groups and kept names."""
    spans = [m.span() for m in _NUMBER.finditer(text)]
    opened: list[tuple[str, int]] = []
    for i, char in enumerate(text):
        if opened and char == _BRACKETS[opened[-1][0]]:
            start = opened.pop()[1]
            if not opened:
                spans.append((start, i + 1))
        elif char in _BRACKETS:
            opened.append((char, i))
    for name in keep:
        places = _PLACE.findall(name)
        pieces = {name, *places, *("".join(places[:n]) for n in range(2, len(places) + 1))}
        for piece in (p for p in pieces if len(p) > 1):
            spans += [(m.start(), m.end()) for m in re.finditer(re.escape(piece), text)]
    return {offset for start, end in spans for offset in range(start + 1, end)}
