"""Chinese numerals and dates as 公文 write them: 二〇二〇年一月五日, 第十二条, 十一、."""

from __future__ import annotations

import datetime as dt
import re

DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "O": 0, "Ο": 0, "０": 0, "Ｏ": 0}
_YEAR = r"(\d{4}|[〇零○OΟ０Ｏ一二三四五六七八九]{4})"
_PART = r"(\d{1,2}|[一二三四五六七八九十]{1,3})"
DATE = re.compile(rf"{_YEAR}\s*年\s*{_PART}\s*月\s*{_PART}\s*日")
DATE_LINE = re.compile(rf"^[（(]?{DATE.pattern}[）)]?$")
# A date line as damaged copies show it: the year cut to two figures (二三年十月十五日 for 二〇〇三年…).
DAMAGED_DATE_LINE = re.compile(rf"^[〇零○OΟ一二三四五六七八九]{{2,3}}\s*年\s*{_PART}\s*月\s*{_PART}\s*日$")


def chinese_value(text: str) -> int:
    """一 → 1, 十二 → 12, 二十 → 20, 三十一 → 31 (sequence numbers and days up to 99); 0 if not a number."""
    digits = "一二三四五六七八九"
    if "十" not in text:
        return digits.index(text) + 1 if len(text) == 1 and text in digits else 0
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1 or (tens and tens not in digits) or (ones and ones not in digits):
        return 0
    return (digits.index(tens) + 1 if tens else 1) * 10 + (digits.index(ones) + 1 if ones else 0)


def number_value(text: str) -> int:
    """An Arabic or Chinese number's value (0 when it is neither)."""
    return int(text) if text.isdigit() else chinese_value(text)


def parse_date(text: str) -> dt.date | None:
    """The first date written in `text` (Arabic or Chinese numerals), if it exists."""
    match = DATE.search(text)
    if not match:
        return None
    year_text, month_text, day_text = match.groups()
    year = int(year_text) if year_text.isdigit() else int("".join(str(DIGITS[c]) for c in year_text))
    try:
        return dt.date(year, number_value(month_text), number_value(day_text))
    except ValueError:
        return None


def written_in_chinese(text: str) -> bool:
    """The date in `text` is written in Chinese numerals (the pre-2012 form of a 成文日期)."""
    match = DATE.search(text)
    return bool(match) and not match.group(1).isdigit()
