"""Ruled tables on a printed page (PDF, OFD): the grid from its rules (as `verify` finds it), its cells with
their spans, and the characters standing in each."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from gongwen.importing.blocks import CellText
from gongwen.typeset.layout import MM
from gongwen.verify_tables import Grid, find_grids

Box = tuple[float, float, float, float]  # x0, top, x1, bottom in pt
SAME = 0.5 * MM  # rules this close stand at one place


@dataclass
class Table:
    """A table found on a page: where it stands and its rows of cells (text, spans)."""

    top: float
    bottom: float
    rows: list[list[tuple[str, int, int]]]


def find(chars: list, rules: list[Box], centre: Callable[[object], tuple[float, float]],
         text: Callable[[list], str]) -> tuple[list, list[Table]]:
    """The characters outside any ruled table, and the tables with the text of their cells. `centre` gives
    a character's centre (pt), `text` the text of the characters of one cell."""
    grids = find_grids([tuple(v / MM for v in box) for box in rules])
    tables, rest = [], list(chars)
    for grid in grids:
        inside = [c for c in rest if grid.holds(tuple(v / MM for v in centre(c) * 2))]
        if not inside:
            continue
        rest = [c for c in rest if c not in inside]
        tables.append(Table(grid.box[1] * MM, grid.box[3] * MM, _rows(grid, inside, centre, text)))
    return rest, tables


def _rows(grid: Grid, chars: list, centre, text) -> list[list[tuple[str, int, int]]]:
    """Cells of the grid: spaces between its rules, joined where a rule between them is missing."""
    down = [r for r in grid.rules if r[3] - r[1] > r[2] - r[0]]
    across = [r for r in grid.rules if r[2] - r[0] >= r[3] - r[1]]
    xs = _places([(r[0] + r[2]) / 2 for r in down])
    ys = _places([(r[1] + r[3]) / 2 for r in across])
    rows, columns = len(ys) - 1, len(xs) - 1
    owner = {(r, c): (r, c) for r in range(rows) for c in range(columns)}

    def root(cell):
        while owner[cell] != cell:
            cell = owner[cell]
        return cell

    for r in range(rows):
        middle_y = (ys[r] + ys[r + 1]) / 2
        for c in range(columns):
            middle_x = (xs[c] + xs[c + 1]) / 2
            if c + 1 < columns and not _ruled(down, xs[c + 1], middle_y, vertical=True):
                owner[root((r, c + 1))] = root((r, c))
            if r + 1 < rows and not _ruled(across, ys[r + 1], middle_x, vertical=False):
                owner[root((r + 1, c))] = root((r, c))
    spans: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for cell in owner:
        spans.setdefault(root(cell), []).append(cell)
    found: dict[tuple[int, int], list] = {first: [] for first in spans}
    for char in chars:
        x, y = (v / MM for v in centre(char))
        r = next((i for i in range(rows) if ys[i] <= y <= ys[i + 1]), None)
        c = next((i for i in range(columns) if xs[i] <= x <= xs[i + 1]), None)
        if r is not None and c is not None:
            found[root((r, c))].append(char)
    result: list[list[tuple[str, int, int]]] = [[] for _ in range(rows)]
    for first, members in sorted(spans.items(), key=lambda item: min(item[1])):
        top, left = min(m[0] for m in members), min(m[1] for m in members)
        height = max(m[0] for m in members) - top + 1
        width = max(m[1] for m in members) - left + 1
        result[top].append((text(found[first]), width, height))
    return [row for row in result if row]


def _places(values: list[float]) -> list[float]:
    """Distinct positions among `values` (mm): those within half a millimetre are one."""
    places: list[float] = []
    for value in sorted(values):
        if not places or value - places[-1] > SAME / MM:
            places.append(value)
    return places


def _ruled(rules: list[Box], at: float, middle: float, vertical: bool) -> bool:
    """Whether a rule stands at `at` (x for a vertical rule, y for one across) where `middle` is."""
    for x0, top, x1, bottom in rules:
        position = (x0 + x1) / 2 if vertical else (top + bottom) / 2
        low, high = (top, bottom) if vertical else (x0, x1)
        if abs(position - at) <= SAME / MM and low <= middle <= high:
            return True
    return False


def cells(table: Table, line: int) -> tuple[tuple[CellText, ...], ...]:
    """The table's rows as the blocks carry them, every cell located at the table's first text line."""
    return tuple(tuple(CellText(t, w, h, line) for t, w, h in row) for row in table.rows)
