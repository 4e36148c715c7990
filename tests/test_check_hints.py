"""The checker's fast paths find what a full search finds: units skipped because they lack what every match of a
rule's pattern needs (each_match's `needs`) would have given no finding."""

from __future__ import annotations

from pathlib import Path

import yaml

from conftest import RAW_SAMPLE, ROOT
from gongwen.check import registry
from gongwen.check.runner import CheckConfig, check_file
from gongwen.project import Project

CORPUS = sorted((ROOT / "tests" / "corpus").glob("*/source.txt"))
CASES = sorted((ROOT / "tests" / "rules" / "cases").glob("GW*.yaml"))


def findings(paths: list[Path]) -> list[str]:
    config = CheckConfig.of(Project.at(ROOT))
    return [str(d) for path in paths for d in check_file(path, config).diagnostics]


def case_files(folder: Path) -> list[Path]:
    """Every rule case's source as a file of its kind."""
    paths = []
    for case_file in CASES:
        for name, case in yaml.safe_load(case_file.read_text(encoding="utf-8"))["cases"].items():
            path = folder / f"{case_file.stem}-{name}.{case.get('kind', 'txt')}"
            path.write_text(case["source"], encoding="utf-8")
            paths.append(path)
    return paths


def test_needs_lose_no_finding(tmp_path, monkeypatch):
    raw = [RAW_SAMPLE] if RAW_SAMPLE.exists() else []  # shared/samples beside the repository, where it is
    paths = [*raw, ROOT / "content" / "tongzhou-2020-notice.yaml", *CORPUS, *case_files(tmp_path)]
    assert len(CORPUS) > 80
    fast = findings(paths)
    monkeypatch.setattr(registry, "_hint", lambda needs: None)  # every unit searched
    assert findings(paths) == fast
    assert len(fast) > 500
