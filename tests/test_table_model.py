"""Tables in the model: as light as a list of rows, spans on a grid, derived alignment and totals,
and every mistake in the rows reported at its line and column."""

from __future__ import annotations

from decimal import Decimal

import pytest

from conftest import MINIMAL
from gongwen.errors import ContentError
from gongwen.model.document import Part, Section
from gongwen.model.loader import load_document
from gongwen.model.table import Table, figure

BODY = "  - 现将有关事项通知如下。\n"


def with_body(text: str) -> str:
    return MINIMAL.replace(BODY, text)


def problems(path):
    with pytest.raises(ContentError) as info:
        load_document(path)
    return [(p.location.line, p.location.column, p.message) for p in info.value.problems]


def test_a_plain_table_is_a_list_of_rows_whose_first_is_the_header(write_yaml):
    doc = load_document(write_yaml(with_body(
        "  - table:\n"
        "      - [地区, 项目数, 投资]\n"
        "      - [东城区, 12, 35.20]\n"
        "      - [西城区, 8, 1.05]\n")))
    table = doc.body[0]
    assert isinstance(table, Table)
    assert [[c.text for c in row] for row in table.part("head")] == [["地区", "项目数", "投资"]]
    # Cells are text as written: 35.20 keeps its zero, 12 is not an int.
    assert [[c.text for c in row] for row in table.part("body")] == [["东城区", "12", "35.20"], ["西城区", "8", "1.05"]]
    assert table.caption == "" and table.unit_line == "" and not table.notes


def test_cells_keep_what_yaml_would_turn_into_other_things(write_yaml):
    doc = load_document(write_yaml(with_body(
        "  - table:\n"
        "      - [a, b, c, d, e]\n"
        "      - [on, ~, 2024-01-05, 1.50, {text: 0.10}]\n")))
    assert [c.text for c in doc.body[0].part("body")[0]] == ["on", "", "2024-01-05", "1.50", "0.10"]


def test_tables_stand_wherever_a_paragraph_may(write_yaml):
    table = "{table: [[a, b], [1, 2]]}"
    text = MINIMAL.replace(BODY, f"  - {table}\n  - part: 第一部分\n    body:\n      - {table}\n"
                                 f"  - heading: 标题\n    body:\n      - {table}\n")
    text += (f"attachments:\n  - title: 附件名称\n    body:\n      - {table}\n"
             f"issued:\n  title: 报告\n  body:\n    - {table}\n")
    doc = load_document(write_yaml(text))
    part = next(n for n in doc.body if isinstance(n, Part))
    section = next(n for n in doc.body if isinstance(n, Section))
    found = [doc.body[0], part.body[0], section.body[0], doc.attachments[0].body[0], doc.issued.body[0]]
    assert all(isinstance(t, Table) for t in found)
    assert not any(isinstance(n, Table) for n in doc.text_nodes())  # the glossary reads text nodes


def test_numbered_tables_count_per_body_in_reading_order(write_yaml):
    numbered = "{title: 项目表, numbered: true, table: [[a], [1]]}"
    text = MINIMAL.replace(BODY, f"  - {numbered}\n  - table: [[a], [1]]\n  - heading: 标题\n"
                                 f"    body:\n      - {numbered}\n")
    text += f"attachments:\n  - title: 附件\n    body:\n      - {numbered}\n"
    doc = load_document(write_yaml(text))
    assert doc.body[0].caption == "表1　项目表"
    assert doc.body[1].caption == ""
    assert doc.body[2].body[0].caption == "表2　项目表"
    assert doc.attachments[0].body[0].caption == "表1　项目表"  # an attachment counts its own


def test_spans_are_placed_on_the_grid(write_yaml):
    doc = load_document(write_yaml(with_body(
        "  - head: 2\n"
        "    table:\n"
        "      - [{text: 地区, rowspan: 2}, {text: 2023年, colspan: 2}, {text: 2024年, colspan: 2}]\n"
        "      - [项目, 投资, 项目, 投资]\n"
        "      - [{text: 东城区, rowspan: 2}, 1, 2, 3, 4]\n"
        "      - [5, 6, 7, 8]\n")))
    table = doc.body[0]
    assert table.width == 5 and table.head_count == 2 and table.body_count == 2
    places = {(at.text, at.row, at.col, at.rows, at.cols) for at in table.cells}
    assert ("地区", 0, 0, 2, 1) in places and ("2024年", 0, 3, 1, 2) in places
    assert ("项目", 1, 1, 1, 1) in places and ("东城区", 2, 0, 2, 1) in places and ("5", 3, 1, 1, 1) in places


def test_alignment_derives_from_the_figures_unless_written(write_yaml):
    doc = load_document(write_yaml(with_body(
        "  - table:\n"
        "      - [地区, 个数, 金额, 比例, 备注]\n"
        "      - [东城区, 12, 35.2, 86.5%, 无]\n"
        "      - [西城区, 8, 1.05, 91.0%, 有]\n"
        "    columns: [center, 1, 2, 1, 3]\n")))
    table = doc.body[0]
    assert [table.align(c) for c in range(5)] == ["center", "right", "decimal", "right", "left"]
    assert [col.width for col in table.columns] == [None, 1, 2, 1, 3]
    head = table.part("head")[0]
    assert {table.cell_align(at) for at in head} == {"center"}


def test_a_total_label_sums_the_figure_columns_after_the_first_text_column(write_yaml):
    doc = load_document(write_yaml(with_body(
        "  - table:\n"
        "      - [序号, 地区, 投资, 完成率]\n"
        "      - [1, 东城区, '1,200.5', 86.5%]\n"
        "      - [2, 西城区, 35.25, 91%]\n"
        "    total: 合计\n")))
    table = doc.body[0]
    (total,) = table.part("total")
    assert [(at.text, at.col, at.cols) for at in total] == [("合计", 0, 2), ("1,235.75", 2, 1), ("", 3, 1)]
    assert table.cell_align(total[0]) == "center"


def test_a_written_total_row_is_printed_as_written(write_yaml):
    doc = load_document(write_yaml(with_body(
        "  - table:\n      - [地区, 投资]\n      - [东城区, 12]\n      - [西城区, 8]\n    total: [合计, 21]\n")))
    assert [at.text for at in doc.body[0].part("total")[0]] == ["合计", "21"]


def test_figures_read_as_statistical_tables_write_them():
    assert figure("1,234.50").value == Decimal("1234.50") and figure("1,234.50").decimals == 2
    assert figure("-3.2").value == Decimal("-3.2") and figure("12.5%").percent == "%"
    assert figure("12 万") is None and figure("约12") is None and figure("") is None
    assert figure("1,23") is None  # not a thousands grouping


def test_mistakes_in_the_rows_are_located(write_yaml):
    path = write_yaml(with_body(
        "  - table:\n"                                    # line 4
        "      - [区, {text: 投资, colspan: 2}]\n"
        "      - [东城区, 12]\n"                          # 6: too short
        "      - [{text: 朝阳区, rowspan: 3}, 1, 2]\n"    # 7: spans off the bottom
        "      - [1, {text: x, colspan: 3}]\n"            # 8: spans off the right
        "    columns: [1, 2]\n"                           # 9: wrong count
        "  - table:\n      - [a, b]\n"                    # 11: header only
        "  - table:\n      - [a, b]\n      - [1, 2]\n    total: [合计]\n"))  # 15: short total
    assert problems(path) == [
        (6, 9, "第2行共2格，表格有3列"),
        (7, 10, "单元格跨3行，超出表格下边"),
        (8, 13, "单元格跨3列，超出表格右边（表格共3列）"),
        (9, 14, "columns 列出了2列，表格有3列"),
        (11, 7, "表格只有表头（head: 1），没有数据行"),
        (15, 12, "合计行共1格，表格有2列"),
    ]


def test_an_empty_table_and_an_unknown_key_are_located(write_yaml):
    path = write_yaml(with_body("  - table: []\n    titel: 表题\n"))
    assert problems(path) == [(4, 12, "“table”不能为空"), (5, 5, "未知的键“titel”，是否应为“title”？")]


def test_a_cell_covered_by_a_span_from_above_is_not_written_again(write_yaml):
    path = write_yaml(with_body(
        "  - table:\n      - [a, b]\n      - [{text: x, rowspan: 2}, 1]\n      - [y, 2]\n"))
    assert problems(path) == [(7, 9, "第3行共2格，表格有2列（其中1格被上方跨行的单元格占用）")]
