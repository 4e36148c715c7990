"""Heading sequence markers (一、 （一） 1. （1）), computed from position, never typed."""

from __future__ import annotations

import re

_DIGITS = "〇一二三四五六七八九"

MAX_LEVEL = 4

# A heading whose text already starts with a marker (typed by hand or pasted).
TYPED_MARKER = re.compile(r"^\s*(?:[一二三四五六七八九十百]+[、.．，]|[（(][一二三四五六七八九十百\d]+[）)]"
                          r"|\d+[.．、﹒])")


def chinese_number(n: int) -> str:
    """Write 1–999 the way sequence markers do: 一, 十, 十一, 二十, 一百零五."""
    if not 0 < n < 1000:
        raise ValueError(f"sequence number out of range: {n}")
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    text = ""
    if hundreds:
        text += _DIGITS[hundreds] + "百"
        if rest and tens == 0:
            text += "零"
    if tens:
        text += ("" if tens == 1 and not hundreds else _DIGITS[tens]) + "十"
    if ones:
        text += _DIGITS[ones]
    return text


def marker(level: int, n: int) -> str:
    """The marker of the n-th heading at `level` (1–4), per GB/T 9704 §7.3.3."""
    if level == 1:
        return f"{chinese_number(n)}、"
    if level == 2:
        return f"（{chinese_number(n)}）"
    if level == 3:
        return f"{n}."
    if level == 4:
        return f"（{n}）"
    raise ValueError(f"heading level out of range: {level}")
