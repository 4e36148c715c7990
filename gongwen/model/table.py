"""Tables (表格): written as a list of rows, validated, and laid out on a grid of cells.

A plain table is just its rows, the first being the header. A cell is text as written (the loader
keeps `1.50` as “1.50”) or a mapping that spans columns or rows. What follows from the rows — the
cell grid, each column's alignment, the table's number (表1) and a computed totals row — is computed
here once, for every renderer and the checker.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any, Literal, get_args

from pydantic import BeforeValidator, Field, PrivateAttr, model_validator

from gongwen.model.base import Element, one_or_many

Align = Literal["left", "center", "right", "decimal"]
ALIGNS = get_args(Align)

# A figure as statistical tables write it: 1234, 1,234.50, -3.2, 12.5%.
_NUMBER = re.compile(r"^([-−+]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(%|‰)?$")


@dataclass(frozen=True)
class Figure:
    """A cell's text read as a number: its value, decimal places, thousands grouping and percent sign."""

    value: Decimal
    decimals: int
    grouped: bool
    percent: str

    def format(self, value: Decimal) -> str:
        """`value` written the way this figure is written."""
        text = f"{value:,.{self.decimals}f}" if self.grouped else f"{value:.{self.decimals}f}"
        return text + self.percent


def figure(text: str) -> Figure | None:
    """The number a cell holds, or None when it holds text (or nothing)."""
    match = _NUMBER.match(text.strip())
    if not match:
        return None
    sign, whole, fraction, percent = match.groups()
    value = Decimal(whole.replace(",", "") + ("." + fraction if fraction else ""))
    return Figure(-value if sign in "-−" and sign else value, len(fraction or ""), "," in whole, percent or "")


def _scalar_cell(schema: dict[str, Any]) -> None:
    """In the JSON Schema, a cell may also be written as plain text or a number."""
    whole = dict(schema)
    schema.clear()
    schema["anyOf"] = [{"type": ["string", "number", "integer", "boolean", "null"]}, whole]


class Cell(Element):
    """One cell: its text, and how many columns and rows it spans."""

    model_config = {"json_schema_extra": _scalar_cell}

    text: str = Field("", description="单元格文字；数字照写，如 1,234.50、12.5%")
    colspan: int = Field(1, ge=1, description="向右合并的列数（含本格）")
    rowspan: int = Field(1, ge=1, description="向下合并的行数（含本格）")
    align: Align | None = Field(None, description="本格的对齐方式，省略时随所在列")

    @model_validator(mode="before")
    @classmethod
    def _from_scalar(cls, value: Any) -> Any:
        if value is None:
            return {"text": ""}
        return {"text": str(value)} if isinstance(value, str | int | float) else value

    @property
    def content(self) -> str:
        """The text as it is set: surrounding space removed, inner runs of space made one."""
        return " ".join(self.text.split())


def _column_shorthand(schema: dict[str, Any]) -> None:
    """In the JSON Schema, a column may be written as its alignment or its relative width."""
    whole = dict(schema)
    schema.clear()
    schema["anyOf"] = [{"enum": list(ALIGNS)}, {"type": "number", "exclusiveMinimum": 0}, whole]


class Column(Element):
    """A column's relative width and alignment; either may be left to be derived from the content."""

    model_config = {"json_schema_extra": _column_shorthand}

    width: float | None = Field(None, gt=0, description="相对宽度，如各列写 1、3、2；省略时按内容计算")
    align: Align | None = Field(
        None, description="对齐：left（左）、center（居中）、right（右）、decimal（按小数点）；"
                          "省略时数字列右对齐（小数位数不同时按小数点），文字列左对齐")

    @model_validator(mode="before")
    @classmethod
    def _from_shorthand(cls, value: Any) -> Any:
        if isinstance(value, str):
            return {"align": value}
        return {"width": value} if isinstance(value, int | float) and not isinstance(value, bool) else value


Row = list[Cell]


@dataclass(frozen=True)
class CellAt:
    """A cell at its place in the grid: first row and column, rows and columns spanned, and its part."""

    cell: Cell
    row: int
    col: int
    rows: int
    cols: int
    part: Literal["head", "body", "total"]
    text: str
    source: tuple  # where it is written below the table node: ("table", row, index) or ("total", index)

    @property
    def figure(self) -> Figure | None:
        return figure(self.text)


class Table(Element):
    """A table: header rows, body rows, an optional totals row, title, unit and notes."""

    table: list[Row] = Field(min_length=1, description="表格各行，每行是单元格列表；前 head 行是表头")
    head: int = Field(1, ge=0, description="表头行数（前几行），默认 1；多行表头中的单元格可用 colspan、rowspan 合并")
    title: str = Field("", description="表题，如“2024年重点项目完成情况”")
    numbered: bool = Field(False, description="是否编号：true 时表题前加“表1”“表2”……（按在同一正文中的先后自动编号）")
    unit: str = Field("", description="计量单位，印在表格右上方，如“万元”印为“单位：万元”")
    columns: list[Column] = Field(
        default_factory=list, description="各列的相对宽度和对齐方式，每列一项；如 [1, 3, right] 或 "
                                          "[{width: 1, align: center}, …]；省略时按内容计算")
    total: Row | str | None = Field(
        None, description="合计行：写一个标签（如“合计”）时，数字列的合计由程序计算；写成单元格列表时照印，"
                          "检查时核对合计")
    notes: Annotated[list[str], BeforeValidator(one_or_many, json_schema_input_type=str | list[str])] = Field(
        default_factory=list, description="表下的注释，如“注：……”“资料来源：……”，每条一段")
    landscape: bool | None = Field(
        None, description="横排（GB/T 9704 §8）：true 时表格横排在单独的页面上；省略时表格比版心宽才横排")
    _number: int = PrivateAttr(default=0)
    _grid: list[CellAt] = PrivateAttr(default_factory=list)
    _problems: list[tuple[tuple, str]] = PrivateAttr(default_factory=list)

    def model_post_init(self, context: Any, /) -> None:
        self._grid, self._problems = _place(self)
        total = _total_row(self)  # computed from the body just placed
        if total is not None:
            more, problems = _place(self, total)
            self._grid += more
            self._problems += problems
        if self.columns and len(self.columns) != self.width:
            self._problems.append((("columns",), f"columns 列出了{len(self.columns)}列，表格有{self.width}列"))

    # ── what the rows say ──

    @property
    def width(self) -> int:
        """Number of columns: the cells of the first row, with their column spans."""
        return sum(c.colspan for c in self.table[0])

    @property
    def head_count(self) -> int:
        return min(self.head, len(self.table))

    @property
    def body_count(self) -> int:
        return len(self.table) - self.head_count

    @property
    def row_count(self) -> int:
        """Rows of the grid: header, body and the totals row."""
        return len(self.table) + (self.total is not None)

    @property
    def problems(self) -> list[tuple[tuple, str]]:
        """What is wrong with the rows, each with its place below the table node (for the loader)."""
        return self._problems

    @property
    def cells(self) -> list[CellAt]:
        """Every cell at its place, row by row (the totals row last)."""
        return self._grid

    def part(self, part: str) -> list[list[CellAt]]:
        """The rows of one part (head, body or total), each a list of its cells left to right."""
        rows: dict[int, list[CellAt]] = {}
        for at in self._grid:
            if at.part == part:
                rows.setdefault(at.row, []).append(at)
        return [rows[r] for r in sorted(rows)]

    # ── derived ──

    @property
    def number(self) -> int:
        return self._number

    @property
    def caption(self) -> str:
        """The title line: 表1　标题, or the title alone, or nothing."""
        label = f"表{self._number}" if self.numbered else ""
        return "　".join(part for part in (label, self.title.strip()) if part)

    @property
    def unit_line(self) -> str:
        unit = self.unit.strip()
        return unit if not unit or unit.startswith("单位") else f"单位：{unit}"

    def column_figures(self, col: int) -> list[tuple[CellAt, Figure | None]]:
        """The body cells standing in column `col` alone (not spanning), each with its number if any."""
        return [(at, at.figure) for at in self._grid
                if at.part == "body" and at.col == col and at.cols == 1 and at.text]

    def numeric(self, col: int) -> bool:
        """Whether every body cell of the column that holds something holds a number."""
        found = self.column_figures(col)
        return bool(found) and all(f is not None for _, f in found)

    def align(self, col: int) -> str:
        """The column's alignment as written, else numbers right (on the decimal point if their
        decimal places differ) and text left."""
        if col < len(self.columns) and self.columns[col].align:
            return self.columns[col].align
        if not self.numeric(col):
            return "left"
        places = {f.decimals for _, f in self.column_figures(col)}
        return "decimal" if len(places) > 1 else "right"

    def fraction_chars(self, col: int) -> int:
        """Characters after the integer part of the column's longest figure tail (“.50%” is 4)."""
        return max((len(at.text) - len(at.text.split(".")[0].rstrip("%‰")) for at, f in self.column_figures(col)
                    if f is not None), default=0)

    def cell_align(self, at: CellAt) -> str:
        """Header cells and the totals label are centred; other cells follow their column."""
        if at.cell.align:
            return at.cell.align
        if at.part == "head" or (at.part == "total" and at.figure is None):
            return "center"
        aligns = {self.align(c) for c in range(at.col, at.col + at.cols)}
        return aligns.pop() if len(aligns) == 1 else "left"

    def summed_columns(self) -> list[int]:
        """Columns a computed total adds up: numeric, not percentages, right of the first text column."""
        first_text = next((c for c in range(self.width) if not self.numeric(c)), None)
        if first_text is None:
            return []
        return [c for c in range(first_text + 1, self.width)
                if self.numeric(c) and not any(f.percent for _, f in self.column_figures(c))]

    def column_total(self, col: int) -> str:
        """The sum of a column, written as its figures are (decimal places, grouping)."""
        figures = [f for _, f in self.column_figures(col) if f is not None]
        style = Figure(Decimal(0), max(f.decimals for f in figures), any(f.grouped for f in figures), "")
        return style.format(sum((f.value for f in figures), Decimal(0)))


def _place(table: Table, total: Row | None = None) -> tuple[list[CellAt], list[tuple[tuple, str]]]:
    """Put each written cell on the grid (or, given `total`, the totals row below the body), finding
    rows of the wrong length and spans that run off."""
    width, head = table.width, table.head_count
    problems: list[tuple[tuple, str]] = []
    grid: list[CellAt] = []
    taken: set[tuple[int, int]] = set()
    written = True
    if total is None:
        rows = [(("table", r), r, row, "head" if r < head else "body") for r, row in enumerate(table.table)]
        if table.body_count == 0:
            problems.append((("table",), f"表格只有表头（head: {table.head}），没有数据行"))
    else:
        rows = [(("total",), len(table.table), total, "total")]
        written = isinstance(table.total, list)
    end_of = {"head": head, "body": len(table.table), "total": len(table.table) + 1}
    for loc, r, row, part in rows:
        col = 0
        spans_off = False
        covered = sum(1 for c in range(width) if (r, c) in taken)  # by cells spanning down from above
        for c, cell in enumerate(row):
            while (r, col) in taken:
                col += 1
            if col < width < col + cell.colspan:
                problems.append(((*loc, c), f"单元格跨{cell.colspan}列，超出表格右边（表格共{width}列）"))
                spans_off = True
            if r + cell.rowspan > end_of[part]:
                where = {"head": "表头", "body": "表格", "total": "合计行"}[part]
                problems.append(((*loc, c), f"单元格跨{cell.rowspan}行，超出{where}下边"))
            rows_spanned = min(cell.rowspan, end_of[part] - r)
            source = (*loc, c) if written else loc  # a computed total is written as its label only
            grid.append(CellAt(cell, r, col, rows_spanned, max(1, min(cell.colspan, width - col)), part, cell.content,
                               source))
            taken |= {(r + dr, col + dc) for dr in range(cell.rowspan) for dc in range(cell.colspan)}
            col += cell.colspan
        filled = sum(1 for c in range(width) if (r, c) in taken)
        written = sum(x.colspan for x in row)
        if (filled != width or col > width) and not spans_off:
            told = f"（其中{covered}格被上方跨行的单元格占用）" if covered > 0 else ""
            name = "合计行" if part == "total" else f"第{r + 1}行"
            problems.append((loc, f"{name}共{written}格，表格有{width}列{told}"))
    return grid, problems


def _total_row(table: Table) -> Row | None:
    """The totals row as written, or computed from a label: the label across the leading columns,
    the sums of the figure columns."""
    if table.total is None or isinstance(table.total, list):
        return table.total
    sums = table.summed_columns()
    if not sums:
        return [Cell(text=table.total, colspan=table.width)]
    first = sums[0]
    row = [Cell(text=table.total, colspan=first)]
    for col in range(first, table.width):
        row.append(Cell(text=table.column_total(col) if col in sums else ""))
    return row


def table_part(data: object, loc: tuple) -> str | None:
    """What a string at `loc` of the YAML data is in a table: "head", "cell" or "total" (cells), "title",
    "unit", "note" or "setting" (an alignment word); None when it is not in a table."""
    node, table, depth = data, None, 0
    for index, part in enumerate(loc):
        if isinstance(node, dict) and "table" in node and isinstance(node["table"], list):
            table, depth = node, index
        node = node[part] if isinstance(node, (dict, list)) else None
    if table is None or len(loc) <= depth:
        return None
    key, rest = loc[depth], loc[depth + 1:]
    if key == "table" and rest and isinstance(rest[0], int):
        if rest[-1] not in ("text",) and not isinstance(rest[-1], int):
            return "setting"
        head = table.get("head", 1)
        return "head" if isinstance(head, int) and rest[0] < head else "cell"
    if key == "total":
        return "total" if not rest or isinstance(rest[-1], int) or rest[-1] == "text" else "setting"
    return {"title": "title", "unit": "unit", "notes": "note"}.get(key, "setting")


def tables_in(body: list, loc: tuple = ()) -> Iterator[tuple[tuple, Table]]:
    """Every table in a body tree with its place, depth first, in reading order."""
    for i, node in enumerate(body):
        if isinstance(node, Table):
            yield (*loc, i), node
        elif hasattr(node, "body"):
            yield from tables_in(node.body, (*loc, i, "body"))


def number_tables(body: list) -> None:
    """Number the numbered tables of one body 表1, 表2 … in reading order."""
    numbered = [table for _, table in tables_in(body) if table.numbered]
    for count, table in enumerate(numbered, 1):
        table._number = count
