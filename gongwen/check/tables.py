"""4xx — figures in tables: totals that add up, one precision and one unit per column.

Punctuation, numbers and dates inside cells are checked by the other families: a cell is a unit like
any other string (roles table-head, table-cell, table-total, table-title, table-unit, table-note).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal

from gongwen.check.registry import Finding, rule
from gongwen.check.units import Document, Unit
from gongwen.model.table import CellAt, Table

# A number followed by its unit: 12万元, 3.5亿元, 20人, 15 km.
_WITH_UNIT = re.compile(r"^[-−+]?\d[\d,]*(?:\.\d+)?\s*([^\d\s.,%‰（）()]{1,4})$")


def _unit_of(units: dict[tuple, Unit], at: CellAt) -> Unit | None:
    """The unit holding a cell's text, written plainly or as `text:` of a mapping."""
    return units.get(at.source) or units.get((*at.source, "text"))


@rule("GW411", "table-total", severity="warning", clause="practice (统计表：合计等于各分项之和)")
def table_total(doc: Document) -> Iterator[Finding]:
    """表格合计行的每个数等于该栏各数之和（按合计的小数位数计）。

    为什么：合计算错是统计表最常见、最损害公信力的错误；分项改过而合计没改时尤其容易出现。
    示例：东城区 12、西城区 8，合计 21
    改为：合计 20；或写 total: 合计，由程序计算合计
    修复：无——不知道错的是合计还是分项。百分比栏不核对。
    """
    for table, units in doc.tables:
        for row in table.part("total"):
            for at in row:
                found, unit = at.figure, _unit_of(units, at)
                if found is None or found.percent or unit is None or at.cols != 1:
                    continue
                figures = [f for _, f in table.column_figures(at.col) if f is not None]
                if not figures:
                    continue
                added = sum((f.value for f in figures), Decimal(0))
                step = Decimal(1).scaleb(-found.decimals)
                if abs(added.quantize(step) - found.value) >= step / 2:
                    yield Finding(unit, 0, len(unit.text),
                                  f"合计“{at.text}”与本栏各数之和 {found.format(added)} 不符")


@rule("GW412", "table-decimals", severity="warning", clause="practice (统计表：同一栏数字的小数位数一致)")
def table_decimals(doc: Document) -> Iterator[Finding]:
    """表格同一栏中的数字保留相同的小数位数：35.20、21.05，而不是35.2、21.05。

    为什么：同一栏数字精度不一，读者无法判断是实际精度不同还是漏写了末尾的0；按小数点对齐时也参差不齐。
    示例：35.2（同栏其他数为21.05、8.40）
    改为：35.20
    修复：无——末尾补0改变了数的精度，需核对原始数据。
    """
    for table, units in doc.tables:
        for col in range(table.width):
            cells = [(at, f) for at, f in table.column_figures(col) if f is not None and not f.percent]
            if len(cells) < 2:
                continue
            usual, _ = Counter(f.decimals for _, f in cells).most_common(1)[0]
            for at, found in cells:
                unit = _unit_of(units, at)
                if found.decimals != usual and unit is not None:
                    yield Finding(unit, 0, len(unit.text),
                                  f"“{at.text}”有{found.decimals}位小数，本栏其他数字有{usual}位")


@rule("GW413", "table-units", severity="warning", clause="GB 3100-1993; practice (统计表：计量单位统一标注)")
def table_units(doc: Document) -> Iterator[Finding]:
    """表格中的计量单位统一标注：同一栏用同一单位；表上或栏目中已注明单位时，数字后不再写。

    为什么：同一栏混用“万元”和“亿元”，合计和比较都会出错；表上写了“单位：万元”，数字后再写一遍是重复。
    示例：单位：万元 … 120万元；或同一栏中 120万元、1.5亿元
    改为：120；或统一为 1.5亿元 → 15000
    修复：无——换算单位要改数字。
    """
    for table, units in doc.tables:
        stated = _stated_units(table)
        for col in range(table.width):
            cells = [(at, m.group(1)) for at in _column(table, col) if (m := _WITH_UNIT.match(at.text))]
            header = " ".join(at.text for at in table.cells if at.part == "head" and at.col <= col < at.col + at.cols)
            for at, name in cells:
                unit = _unit_of(units, at)
                if unit is not None and (name in stated or name in header):
                    where = "表上" if name in stated else "栏目中"
                    yield Finding(unit, 0, len(unit.text), f"{where}已注明单位“{name}”，数字后不再写单位")
            names = Counter(name for _, name in cells)
            if len(names) > 1:
                usual = names.most_common(1)[0][0]
                for at, name in cells:
                    unit = _unit_of(units, at)
                    if name != usual and unit is not None:
                        yield Finding(unit, 0, len(unit.text), f"同一栏的计量单位不一致：“{name}”与“{usual}”")


def _column(table: Table, col: int) -> list[CellAt]:
    return [at for at in table.cells if at.part != "head" and at.col == col and at.cols == 1 and at.text]


def _stated_units(table: Table) -> set[str]:
    """The unit written above the table (单位：万元), and its parts when it names several (万元、人)."""
    text = table.unit_line.removeprefix("单位：").removeprefix("单位:")
    return {part.strip() for part in re.split(r"[、，,；;/]", text) if part.strip()}
