"""Every rule is documented, cited and covered by passing and failing cases (and fixed ones if it fixes)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from gongwen.check.registry import all_rules

CASES = Path(__file__).parent / "cases"


@pytest.mark.parametrize("code", sorted(all_rules()))
def test_rule_has_cases_and_documentation(code):
    rule = all_rules()[code]
    for section in ("为什么：", "示例：", "改为：", "修复："):
        assert section in rule.doc, f"{code} documentation lacks {section}"
    assert rule.clause
    path = CASES / f"{code}.yaml"
    assert path.exists(), f"{code} has no case file"
    cases = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert cases["rule"] == code
    kinds = {name.split("_")[0] for name in cases["cases"]}
    assert {"pass", "fail"} <= kinds
    if rule.fix == "safe":
        assert any("fixed" in case for case in cases["cases"].values())
    if rule.fix == "unsafe":
        assert any("fixed_unsafe" in case for case in cases["cases"].values())


def test_codes_and_names_are_unique_and_stable():
    rules = all_rules()
    assert len({r.name for r in rules.values()}) == len(rules)
    assert all(r.name == r.name.lower() and " " not in r.name for r in rules.values())
