"""4xx — numbers and dates (GB/T 15835-2011, GB/T 9704 §7.3.5.4): real dates, full years, ranges."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator

from gongwen.check.registry import Edit, Finding, each_match, rule
from gongwen.check.units import Document
from gongwen.importing.chinese import DATE, parse_date, written_in_chinese

_FULL_DATE = re.compile(r"(?<!\d)(\d{4})年(\d{1,2})月(\d{1,2})日")
_MONTH_DAY = re.compile(r"(?<![\d年])(\d{1,2})月(\d{1,2})日")
_RUN_DAY = re.compile(r"(?<![\d月年])(\d{3,})日")
# The year lost: 年八月二十八日.
_NO_YEAR = re.compile(r"^年[\d一二三四五六七八九十]{1,3}月[\d一二三四五六七八九十]{1,3}日")
_RUN_DATE = re.compile(r"^(?:19|20)\d{4,6}$")  # a 落款 date that lost 年, 月 and 日: 2024228
_PADDED = re.compile(r"(?<!\d)(\d{4})年0(\d)月(0?\d{1,2})日|(?<!\d)(\d{4})年(\d{1,2})月0(\d)日")
_TWO_DIGIT_YEAR = re.compile(r"(?<![\d〔\[（(])(\d{2})年(\d{1,2})月"
                             r"|(?<![〇零○OΟ一二三四五六七八九十])([〇零○OΟ一二三四五六七八九]{2})年[一二三四五六七八九十]{1,2}月")
_CN_YEAR = re.compile(r"[〇零○OΟ0一二三四五六七八九]{4}年")
_SPAN = re.compile(r"(?<!\d)(\d{4})\s*[-~～－]\s*(\d{4})年")
_RANGE = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)(%|万|亿)?\s*[-~－]\s*(\d+(?:\.\d+)?)(%|万|亿)?(?=[\u4e00-\u9fff%])")
_UNIT_ONCE = re.compile(r"(?<![\d.%万亿])(\d+(?:\.\d+)?)～(\d+(?:\.\d+)?)(%|万|亿)")
_MIXED_DATE = re.compile(r"[〇零一二三四五六七八九]{4}年\d{1,2}月|\d{4}年[一二三四五六七八九十]{1,2}月")
_APPROX = re.compile(r"[一二三四五六七八九十]、[一二三四五六七八九十][个天年月日次人种多余]")


def _date_ok(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


@rule("GW401", "invalid-date", clause="GB/T 9704-2012 §7.3.5.4")
def invalid_date(doc: Document) -> Iterator[Finding]:
    """正文中写的每个日期都真实存在：没有“2月30日”“13月”，也没有“202014日”。

    为什么：公文中不存在的日期是输入或提取错误，会改变文意（丢了“年”“月”，2020年1月4日就成了“202014日”）。
    示例：2021年2月29日召开
    改为：实际的日期，如 2021年3月1日召开
    修复：无。
    """
    for unit in doc.units:
        days = "日" in unit.text  # what the patterns but the last look for
        for match in _FULL_DATE.finditer(unit.text) if days else ():
            year, month, day = map(int, match.groups())
            if not _date_ok(year, month, day):
                yield Finding(unit, match.start(), match.end(), f"日期不存在：{match.group()}")
        for match in _MONTH_DAY.finditer(unit.text) if days else ():
            month, day = map(int, match.groups())
            if not _date_ok(2020, month, day):  # a leap year: 2月29日 alone may be right
                yield Finding(unit, match.start(), match.end(), f"日期不存在：{match.group()}")
        for match in _RUN_DAY.finditer(unit.text) if days else ():
            yield Finding(unit, match.start(), match.end(), f"“{match.group()}”不是有效日期，可能缺少“年”“月”")
        for pattern, why in ((_NO_YEAR, "缺少年份"), (_RUN_DATE, "缺少“年”“月”“日”")):
            match = pattern.match(unit.text.strip())
            if match:
                yield Finding(unit, 0, match.end(), f"“{match.group()}”不是有效日期，{why}")


@rule("GW402", "date-zero-padding", clause="GB/T 9704-2012 §7.3.5.4", fix="safe")
def date_zero_padding(doc: Document) -> Iterator[Finding]:
    """日期不编虚位：2024年1月5日，而不是2024年01月05日。

    为什么：GB/T 9704 §7.3.5.4 规定成文日期用阿拉伯数字、不编虚位。
    示例：2024年01月05日
    改为：2024年1月5日
    修复：安全。
    """
    def unpad(match: re.Match) -> str:
        year, month, day = (int(x) for x in re.findall(r"\d+", match.group()))
        return f"{year}年{month}月{day}日"

    yield from each_match(_PADDED, doc.units, lambda m: f"日期不编虚位：“{m.group()}”改为“{unpad(m)}”", unpad,
                          needs=("年0", "月0"))


@rule("GW403", "two-digit-year", clause="GB/T 15835-2011 §5.2.1")
def two_digit_year(doc: Document) -> Iterator[Finding]:
    """年份写全：2024年，而不是24年。

    为什么：GB/T 15835 不允许简写年份；“24年”存档后会有歧义。
    示例：24年3月
    改为：2024年3月
    修复：无——世纪无法确定。
    """
    yield from each_match(_TWO_DIGIT_YEAR, doc.units, lambda m: f"年份应写全：“{m.group(1) or m.group(3)}年”",
                          needs="年")


@rule("GW404", "chinese-numeral-zero", clause="GB/T 15835-2011 §4.1.3", fix="safe")
def chinese_numeral_zero(doc: Document) -> Iterator[Finding]:
    """汉字数字年份中的零写作“〇”（U+3007）：二〇二四年，而不是二零二四年或二○二四年。

    为什么：GB/T 15835 规定数字“0”用汉字书写时写作“〇”；“零”表示数量，“○”“O”是别的符号。
    示例：二零二四年
    改为：二〇二四年
    修复：安全。
    """
    def zero(match: re.Match) -> str | None:
        fixed = re.sub(r"[零○OΟ0]", "〇", match.group())
        return fixed if fixed != match.group() else None

    for finding in each_match(_CN_YEAR, doc.units, "汉字数字年份中的“零”应写作“〇”", zero, needs="年"):
        if finding.edit is not None:
            yield finding


@rule("GW405", "time-span-hyphen", clause="GB/T 15834-2011 §4.13.3.2", fix="safe")
def time_span_hyphen(doc: Document) -> Iterator[Finding]:
    """年份起止用一字线“—”：2021—2025年，而不是2021-2025年或2021~2025年。

    为什么：GB/T 15834 规定时间、地域的起止用一字线；短横线用于产品型号、电话号码等。
    示例：明确了2019-2022年100项重点任务
    改为：明确了2019—2022年100项重点任务
    修复：安全。
    """
    yield from each_match(_SPAN, doc.units, lambda m: f"年份起止应使用一字线：“{m.group(1)}—{m.group(2)}年”",
                          lambda m: f"{m.group(1)}—{m.group(2)}年", needs="年")


@rule("GW406", "numeric-range", severity="warning", clause="GB/T 15834-2011 §4.13.3.3; GB/T 15835-2011 §5.3",
      fix="safe")
def numeric_range(doc: Document) -> Iterator[Finding]:
    """数值范围用浪纹线“～”，%、万、亿在两端都要写：15%～30%，3万～5万。

    为什么：GB/T 15834 规定数值范围用浪纹线；“15～30%”可以读成“15到30%”，也可以读成“15和30%”。
    示例：水质提升1-2个类别；增长15～30%
    改为：水质提升1～2个类别；增长15%～30%
    修复：安全——只把连接号改为浪纹线。缺的单位只报告、不自动补：补哪个由人判断（“1-31.5万”
    也许是“1～3”和“1.5万”连写），自动补上就改了文字。
    """
    def tilde(match: re.Match) -> str:
        first, unit1, second, unit2 = match.groups()
        unit = unit2 or unit1 or ""
        return f"{first}{unit}～{second}{unit}" if unit else f"{first}～{second}"

    def dash_only(match: re.Match) -> str:
        first, unit1, second, unit2 = match.groups()
        return f"{first}{unit1 or ''}～{second}{unit2 or ''}"

    for finding in each_match(_RANGE, doc.units, lambda m: f"数值范围应使用浪纹线：“{tilde(m)}”", dash_only,
                              needs="-~－"):
        if not _SPAN.match(finding.unit.text, finding.start):
            yield finding
    def both_units(match: re.Match) -> str:
        first, second, unit = match.groups()
        return f"范围两端都要写“{unit}”：“{first}{unit}～{second}{unit}”"

    yield from each_match(_UNIT_ONCE, doc.units, both_units, needs="～")


@rule("GW407", "mixed-numerals", severity="warning", clause="GB/T 15835-2011 §4.2")
def mixed_numerals(doc: Document) -> Iterator[Finding]:
    """同一个日期只用一种数字：2008年8月8日 或 二〇〇八年八月八日，不写二〇〇八年8月8日。

    为什么：GB/T 15835 规定同类数字在同一文件中形式一致。
    示例：二〇〇八年8月8日
    改为：2008年8月8日
    修复：无。
    """
    yield from each_match(_MIXED_DATE, doc.units, "同一日期中汉字数字和阿拉伯数字混用", needs="年")


@rule("GW408", "approximate-number-comma", severity="warning", clause="GB/T 15835-2011 §4.1.2")
def approximate_number_comma(doc: Document) -> Iterator[Finding]:
    """相邻数字表示概数时不用顿号：三五天，而不是三、五天。

    为什么：GB/T 15835 规定概数中的相邻数字之间不加标点。
    示例：用三、五天时间
    改为：用三五天时间
    修复：无——“一、二等奖”这样的并列是对的。
    """
    yield from each_match(_APPROX, [u for u in doc.units if u.role != "heading"], "表示概数的相邻数字之间不用顿号",
                          needs="、")


_STANDARD_2012 = dt.date(2012, 7, 1)  # GB/T 9704-2012 took effect


@rule("GW409", "chinese-numeral-date", clause="GB/T 9704-2012 §7.3.5.4", fix="safe")
def chinese_numeral_date(doc: Document) -> Iterator[Finding]:
    """成文日期用阿拉伯数字：2024年5月8日，而不是二〇二四年五月八日。

    为什么：GB/T 9704-2012 §7.3.5.4 规定成文日期用阿拉伯数字，改变了 1999 年版用汉字数字的规定。
    2012年7月1日以前成文的公文当时就该用汉字，只作提示（警告），不算错误，也不修改。
    示例：二〇二四年五月八日
    改为：2024年5月8日
    修复：安全（2012年7月1日以后的日期）。
    """
    for unit in doc.role("date"):
        match = DATE.search(unit.text)
        date = parse_date(unit.text)
        if match is None or date is None or not written_in_chinese(match.group()):
            continue
        if date < _STANDARD_2012:
            yield Finding(unit, match.start(), match.end(), "成文日期用汉字数字是 GB/T 9704-2012 施行（2012年7月1日）"
                          "以前的写法；现行标准用阿拉伯数字", severity="warning")
        else:
            arabic = f"{date.year}年{date.month}月{date.day}日"
            yield Finding(unit, match.start(), match.end(), f"成文日期应用阿拉伯数字：“{arabic}”",
                          Edit(match.start(), match.end(), arabic))


_PLACE = r"[\u4e00-\u9fff]{1,8}(?:路|街|道|巷|站|桥|港|口|市|省|县|区|镇|乡|村)"
_PLACE_DASH = re.compile(rf"{_PLACE}(——)(?={_PLACE})")


@rule("GW410", "place-span-dash", severity="warning", clause="GB/T 15834-2011 §4.13.3.2", fix="safe")
def place_span_dash(doc: Document) -> Iterator[Finding]:
    """地名相连、起止用一字线“—”：天山西路—申昆路，北京—上海，不用破折号“——”。

    为什么：GB/T 15834 规定标示地域的起止用一字线；破折号表示解释说明或话题转换，连在两个地名之间会被读成注释。
    示例：天山西路——申昆路
    改为：天山西路—申昆路
    修复：安全——两个一字线改为一个。（警告：极少数句子确实在地名后用破折号作解释。）
    """
    yield from each_match(_PLACE_DASH, doc.units, "地名起止用一字线“—”，不用破折号“——”", lambda m: "—", group=1,
                          needs=("——",))
