"""Every rule against its case file: the codes and positions found, the fix, and that fixing is stable."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from gongwen.check.runner import CheckConfig, check_file
from gongwen.project import Project
from gongwen.typeset.fonts import resolve_fonts
from gongwen.typeset.layout import load_layout

CASES = Path(__file__).parent / "cases"
FONTS = resolve_fonts(load_layout(Project.at(ROOT)))


def all_cases():
    for path in sorted(CASES.glob("GW*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for name, case in data["cases"].items():
            yield pytest.param(data["rule"], case, id=f"{data['rule']}-{name}")


def run(code: str, case: dict, tmp_path: Path, *, fix: bool = False, unsafe: bool = False):
    path = tmp_path / f"doc.{case.get('kind', 'txt')}"
    path.write_text(case["source"], encoding="utf-8")
    return check_file(path, CheckConfig(select={code}), fix=fix, unsafe=unsafe, fonts=FONTS)


@pytest.mark.parametrize(("code", "case"), list(all_cases()))
def test_case(code, case, tmp_path):
    found = run(code, case, tmp_path).diagnostics
    assert [f"{d.line}:{d.column}" for d in found] == case["expect"]
    assert {d.rule for d in found} <= {code}
    if "severity" in case:  # warnings where the standard says 一般/可以, notes on pre-2012 forms
        assert [d.severity for d in found] == case["severity"]
    fixed = run(code, case, tmp_path, fix=True)
    expected = case.get("fixed")
    assert (fixed.fixed or case["source"]) == (expected or case["source"])
    if expected:
        again = run(code, {**case, "source": expected}, tmp_path, fix=True)
        assert again.fixed is None  # fixing twice changes nothing
        assert [d for d in again.diagnostics if d.fix is not None] == []  # fixed text passes what it fixed
    if "fixed_unsafe" in case:
        assert run(code, case, tmp_path, fix=True, unsafe=True).fixed == case["fixed_unsafe"]
