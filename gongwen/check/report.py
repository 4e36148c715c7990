"""Diagnostics as text for people, JSON for scripts and SARIF 2.1.0 for code-scanning tools."""

from __future__ import annotations

import json
from collections import Counter

from gongwen import __version__
from gongwen.check.registry import all_rules
from gongwen.check.runner import Diagnostic


def summary(diagnostics: list[Diagnostic]) -> dict:
    counts = Counter(d.severity for d in diagnostics)
    return {"total": len(diagnostics), "errors": counts["error"], "warnings": counts["warning"],
            "fixable": sum(d.fix is not None for d in diagnostics),
            "by_rule": dict(sorted(Counter(d.rule for d in diagnostics).items()))}


def as_text(diagnostics: list[Diagnostic]) -> str:
    lines = [str(d) for d in diagnostics]
    total = summary(diagnostics)
    if diagnostics:
        fixable = f"；{total['fixable']} 处标有 [*]，可用 --fix 自动修复" if total["fixable"] else ""
        lines.append(f"共 {total['total']} 处：{total['errors']} 个错误，{total['warnings']} 个警告{fixable}")
    else:
        lines.append("未发现问题")
    return "\n".join(lines)


def as_json(diagnostics: list[Diagnostic]) -> str:
    items = [{"rule": d.rule, "name": d.name, "severity": d.severity, "message": d.message, "path": d.path,
              "line": d.line, "column": d.column, "end_line": d.end_line, "end_column": d.end_column, "fix": d.fix}
             for d in diagnostics]
    return json.dumps({"diagnostics": items, "summary": summary(diagnostics)}, ensure_ascii=False, indent=2)


def as_sarif(diagnostics: list[Diagnostic]) -> str:
    rules = all_rules()
    used = sorted({d.rule for d in diagnostics} | set(rules))
    index = {code: i for i, code in enumerate(used)}
    driver = {
        "name": "gongwen", "version": __version__, "informationUri": "https://github.com/gongwen/gongwen",
        "rules": [{"id": code, "name": rules[code].name,
                   "shortDescription": {"text": rules[code].summary},
                   "fullDescription": {"text": rules[code].doc},
                   "defaultConfiguration": {"level": rules[code].severity},
                   "properties": {"clause": rules[code].clause, "fix": rules[code].fix}} for code in used],
    }
    results = []
    for d in diagnostics:
        region = {"startLine": d.line, "startColumn": d.column, "endLine": d.end_line, "endColumn": d.end_column}
        result = {"ruleId": d.rule, "ruleIndex": index[d.rule], "level": d.severity, "message": {"text": d.message},
                  "locations": [{"physicalLocation": {"artifactLocation": {"uri": d.path}, "region": region}}]}
        if d.fix is not None:
            result["fixes"] = [{"description": {"text": "gongwen --fix"}, "artifactChanges": [{
                "artifactLocation": {"uri": d.path},
                "replacements": [{"deletedRegion": region, "insertedContent": {"text": d.fix}}]}]}]
        results.append(result)
    sarif = {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0",
             "runs": [{"tool": {"driver": driver}, "columnKind": "unicodeCodePoints", "results": results}]}
    return json.dumps(sarif, ensure_ascii=False, indent=2)


FORMATS = {"text": as_text, "json": as_json, "sarif": as_sarif}
