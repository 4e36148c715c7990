"""Fuzz the command line with hostile inputs: YAML, text, Word files, options, file names.

    python bench/fuzz.py                  # 10,000 cases from seed 0
    python bench/fuzz.py --cases 500 --seed 7

Every case runs the commands that read it in this process (check, check --fix, build, import, verify)
and counts the promises broken: a traceback, a timeout (60 s), an exit code other than 0/1/2, and
any change of wording by --fix. The numbers go in docs/reliability.md.
"""

from __future__ import annotations

import argparse
import collections
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from timing import ROOT

sys.path.insert(0, str(ROOT / "tests"))

from fuzzing import run_case  # noqa: E402 - after the tests folder is on the path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    options = parser.parse_args()
    start = time.perf_counter()
    commands, kinds, broken, seconds = 0, collections.Counter(), collections.Counter(), []
    examples: dict[str, int] = {}
    for number in range(options.seed, options.seed + options.cases):
        with tempfile.TemporaryDirectory() as folder:
            for verdict in run_case(random.Random(number), Path(folder), number):
                commands += 1
                kinds[verdict.name] += 1
                seconds.append(verdict.seconds)
                if verdict.broken:
                    kind = verdict.broken.split(":")[0]
                    broken[kind] += 1
                    examples.setdefault(verdict.broken[:200], number)
        if (number - options.seed + 1) % 500 == 0:
            print(f"{number - options.seed + 1} cases, {commands} commands, {sum(broken.values())} broken",
                  file=sys.stderr)
    print(f"cases {options.cases} (seeds {options.seed}–{options.seed + options.cases - 1}), commands {commands}")
    print("by kind: " + ", ".join(f"{kind} {count}" for kind, count in sorted(kinds.items())))
    exits = sum(v for k, v in broken.items() if k.startswith("exit"))
    fixes = sum(v for k, v in broken.items() if not k.startswith(("traceback", "timeout", "exit")))
    print(f"tracebacks {broken['traceback'] + broken['traceback in the output']}, timeouts {broken['timeout']}, "
          f"other exit codes {exits}, --fix promises broken (wording, mode, line ends, links, convergence) {fixes}")
    print(f"per command: median {statistics.median(seconds) * 1000:.0f} ms, max {max(seconds):.1f} s; "
          f"total {time.perf_counter() - start:.0f} s")
    for example, number in examples.items():
        print(f"  seed {number}: {example}")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
