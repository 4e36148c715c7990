"""Import and check every document of tests/corpus: field accuracy, false errors per clean document, defect recall.

Run: python bench/corpus.py [-v]      (-v lists every wrong field, false error and missed defect)
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter

from timing import ROOT  # first: puts the repository on the import path

# isort: split

sys.path.insert(0, str(ROOT / "tests"))

from corpusutil import FIELDS, cases, evaluate  # noqa: E402
from gongwen.project import Project  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true")
    verbose = parser.parse_args().verbose
    project = Project.at(ROOT)
    outcomes = [evaluate(case, project) for case in cases()]
    right, total = Counter(), Counter()
    for outcome in outcomes:
        for name, (got, expected) in outcome.fields.items():
            total[name] += 1
            right[name] += got == expected
            if verbose and got != expected:
                print(f"  {outcome.case.name}: {name}: {got!r} ≠ {expected!r}")
    kinds = len({o.case.answer["kind"] for o in outcomes if o.case.answer.get("kind")})
    print(f"语料 {len(outcomes)} 件，{kinds} 个文种")
    print("导入字段准确率：")
    for name in FIELDS:
        if total[name]:
            print(f"  {name:<12} {right[name]:>3}/{total[name]:<3} {right[name] / total[name]:6.1%}")
    print(f"  {'全部':<11} {sum(right.values()):>3}/{sum(total.values()):<3} "
          f"{sum(right.values()) / max(sum(total.values()), 1):6.1%}")
    clean = [o for o in outcomes if o.case.clean]
    false = sum(len(o.false_errors()) for o in clean)
    print(f"干净文档 {len(clean)} 件：误报错误 {false} 个，平均每件 {false / max(len(clean), 1):.2f} 个")
    if verbose:
        for o in clean:
            for d in o.false_errors():
                print(f"  {o.case.name}: {d}")
    defects = [(o, d) for o in outcomes for d in o.case.answer.get("defects") or []]
    found = sum(o.found(d) for o, d in defects)
    print(f"缺陷召回率：{found}/{len(defects)} = {found / max(len(defects), 1):.1%}")
    if verbose:
        for o, d in defects:
            if not o.found(d):
                print(f"  未发现 {o.case.name}: {d['rule']} {d['text']}")


if __name__ == "__main__":
    main()
