"""Tables written as text: pipe tables (| 地区 | 投资 |, a |---| rule under the header) and rows whose cells
are set apart by tabs or runs of spaces and stand in aligned columns, as copied from a spreadsheet or
typed in a fixed-width editor. Found among a document's lines, each becomes one table block."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from gongwen.importing.blocks import Block, CellText

_PIPE = "|｜"
_RULE_CELL = re.compile(r"^:?[-－—]{2,}:?$")
_GAP = re.compile(r"\t+| {2,}|\u3000{2,}")
LEAST_ROWS = 3  # an aligned table needs a header and two rows: fewer aligned lines are text, not a table
ALIGNED = 1  # display columns two cells may stand apart and still count as one column


@dataclass(frozen=True)
class _Row:
    cells: list[tuple[int, str]]  # (character offset in the line, text)
    rule: bool = False  # a pipe table's rule line (|---|---|)


def find_tables(blocks: list[Block], lines: list[str]) -> list[Block]:
    """`blocks` (one per line of `lines`) with each run of table rows replaced by one table block."""
    result: list[Block] = []
    index = 0
    while index < len(blocks):
        end, table = _table_at(blocks, lines, index)
        if table is None:
            result.append(blocks[index])
            index += 1
        else:
            result.append(table)
            index = end
    return result


def _table_at(blocks: list[Block], lines: list[str], start: int) -> tuple[int, Block | None]:
    for reader, least in ((_pipe_row, 2), (_aligned_row, LEAST_ROWS)):
        rows: list[_Row] = []
        index = start
        while index < len(blocks) and (row := reader(lines[index])) is not None:
            if rows and not row.rule and len(row.cells) != len(rows[0].cells):
                break
            rows.append(row)
            index += 1
        if reader is _aligned_row and not _columns_line_up(lines[start:index], rows):
            continue
        body = [r for r in rows if not r.rule]
        if len(body) >= least and len(body[0].cells) >= 2:
            return index, _block(blocks, start, rows)
    return start, None


def _pipe_row(line: str) -> _Row | None:
    text = line.strip()
    if sum(text.count(p) for p in _PIPE) < 2:
        return None
    lead = len(line) - len(line.lstrip())
    cells, begin = [], lead
    for position, char in enumerate(line[lead:], lead):
        if char in _PIPE:
            cells.append((begin, line[begin:position]))
            begin = position + 1
    cells.append((begin, line[begin:]))
    if text[0] in _PIPE:
        cells = cells[1:]
    if text[-1] in _PIPE:
        cells = cells[:-1]
    cells = [(at + len(cell) - len(cell.lstrip()), cell.strip()) for at, cell in cells]
    rule = all(_RULE_CELL.match(cell) for _, cell in cells)
    return _Row(cells, rule)


def _aligned_row(line: str) -> _Row | None:
    text = line.rstrip()
    lead = len(text) - len(text.lstrip())
    if not text.strip():
        return None
    cells, begin = [], lead
    for gap in _GAP.finditer(text, lead):
        cells.append((begin, text[begin:gap.start()]))
        begin = gap.end()
    cells.append((begin, text[begin:]))
    return _Row(cells) if len(cells) >= 2 else None


def _columns_line_up(lines: list[str], rows: list[_Row]) -> bool:
    """Rows split by tabs are a table as they are; rows split by spaces only where each column's cells
    start (or, for figures set flush right, end) at the same display column."""
    if len(rows) < LEAST_ROWS:
        return False
    if all("\t" in line for line in lines):
        return True
    for column in range(1, len(rows[0].cells)):
        starts = [_width(line[:row.cells[column][0]]) for line, row in zip(lines, rows, strict=True)]
        ends = [_width(line[:row.cells[column][0]]) + _width(row.cells[column][1])
                for line, row in zip(lines, rows, strict=True)]
        if max(starts) - min(starts) > ALIGNED and max(ends) - min(ends) > ALIGNED:
            return False
    return True


def _width(text: str) -> int:
    """Display width in a fixed-width font: Chinese characters and full-width forms take two columns."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _block(blocks: list[Block], start: int, rows: list[_Row]) -> Block:
    first = blocks[start]
    head = next((i for i, r in enumerate(rows) if r.rule), 1)
    cells = tuple(tuple(CellText(text, line=blocks[start + i].line, column=at + 1) for at, text in row.cells)
                  for i, row in enumerate(rows) if not row.rule)
    return Block("", first.line, first.column, table=cells, head=head)
