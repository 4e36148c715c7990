"""A seeded fuzz run over every kind of hostile input (the long run is bench/fuzz.py).

Each case is made from its seed, so a failure names the seed that makes it again.
"""

from __future__ import annotations

import random

import pytest

from fuzzing import run_case

CASES = 240  # about a minute; bench/fuzz.py runs 10,000


@pytest.mark.parametrize("block", range(8))
def test_no_traceback_timeout_or_wording_change(tmp_path, block):
    broken = []
    for number in range(block * CASES // 8, (block + 1) * CASES // 8):
        folder = tmp_path / str(number)
        folder.mkdir()
        broken += [(number, v.command, v.broken) for v in run_case(random.Random(number), folder, number) if v.broken]
    assert broken == []
