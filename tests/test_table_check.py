"""The checker reads table cells: punctuation, numbers and dates in cells are found at their cell, a
totals row that does not add up is a warning at its cell, and the example is silent."""

from __future__ import annotations

from conftest import MINIMAL, ROOT
from gongwen.check.runner import CheckConfig, check_file

BODY = "  - 现将有关事项通知如下。\n"


def diagnostics(write_yaml, table: str):
    path = write_yaml(MINIMAL.replace(BODY, BODY + table))
    return [(d.line, d.column, d.rule, d.severity) for d in check_file(path, CheckConfig()).diagnostics]


def test_punctuation_and_dates_in_cells_are_found_at_the_cell(write_yaml):
    found = diagnostics(write_yaml,
                        "  - table:\n"
                        "      - [地区, 说明]\n"
                        "      - [东城区, '道路,桥梁']\n"            # line 7: half-width comma
                        "      - [西城区, 2024年2月30日开工]\n")     # line 8: no such date
    assert (7, 18, "GW201", "error") in found
    assert (8, 15, "GW401", "error") in found


def test_cells_are_not_sentences(write_yaml):
    """Header cells, figures and names need no full stop (GW210 is for paragraphs)."""
    found = diagnostics(write_yaml, "  - table:\n      - [{text: 地区}, 投资]\n      - [东城区, 12]\n"
                                    "    notes: 注：投资为计划数\n")
    assert found == []


def test_a_total_that_does_not_add_up_is_a_warning_at_its_cell(write_yaml):
    found = diagnostics(write_yaml, "  - table:\n      - [地区, 投资]\n      - [东城区, 12]\n      - [西城区, 8]\n"
                                    "    total: [合计, {text: 21}]\n")
    assert found == [(9, 24, "GW411", "warning")]


def test_the_table_example_is_silent():
    result = check_file(ROOT / "content" / "example-table.yaml", CheckConfig())
    assert result.diagnostics == []
