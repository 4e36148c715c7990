"""2xx — punctuation (GB/T 15834-2011): full-width marks in Chinese, quotes, brackets, ellipses, dashes."""

from __future__ import annotations

import re
from collections.abc import Iterator

from gongwen.check.registry import Edit, Finding, each_match, rule
from gongwen.check.units import PROSE, Document, Unit
from gongwen.importing.forms import CLOSING_FORMULA

CJK = r"\u4e00-\u9fff\u3000-\u303f\uff00-\uffef“”‘’《》"
HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？", "(": "（", ")": "）"}
_HALF = re.compile(rf"(?<=[{CJK}])[,;:!?]|[,;:!?](?=[{CJK}])|\((?=[^()]*[\u4e00-\u9fff])[^()]*\)")
_PERIOD = re.compile(r"(?<=[\u4e00-\u9fff”’）)])\.(?=[\u4e00-\u9fff“‘（]|$)")
_STRAIGHT = re.compile(r"[\"']")
_FULL_ALNUM = re.compile(r"[０-９Ａ-Ｚａ-ｚ]+")
_BETWEEN_QUOTED = re.compile(r"(?<=[”》])、(?=[“《])")
_ELLIPSIS = re.compile(r"\.{3,}|。{3,}|…{3,}|(?<!…)…(?!…)|(?<=…)…(?=…)")
_DASH = re.compile(r"(?<![-—－])(?:--|－－|—\s+—|-—|—-)(?![-—－])")
# The same mark twice, a pause then a stop, a stop then a pause; written to begin with a character set, which the
# regular expression engine scans for fast.
_DOUBLED = re.compile(r"([，。、；：！？])(?:\1+|(?<=[，、；：])[。！？]|(?<=[。！？])[，、；：])")
_PAIRS = {"“": "”", "‘": "’", "（": "）", "《": "》", "〈": "〉", "【": "】", "(": ")"}
_PAIR_MARKS = re.compile("[" + re.escape("".join(_PAIRS) + "".join(_PAIRS.values())) + "]")
_QUOTE_MARKS = re.compile("[“”《》]")


@rule("GW201", "halfwidth-punctuation", clause="GB/T 15834-2011 §4, §5.1", fix="safe")
def halfwidth_punctuation(doc: Document) -> Iterator[Finding]:
    """中文中使用全角标点：，；：！？（），而不是半角的 , ; : ! ? ( )。

    为什么：GB/T 15834 规定中文标点占一个字的位置；半角标点破坏行格，也是从网页复制时最常见的损坏。
    示例：会议于3月召开,请准时参加:
    改为：会议于3月召开，请准时参加：
    修复：安全——只改紧挨汉字的标点和括住中文的括号；“PM2.5”“15:40”和英文不变。
    """
    def full(match: re.Match) -> str:
        return "".join(HALF_TO_FULL.get(c, c) for c in match.group())

    yield from each_match(_HALF, _text_units(doc), lambda m: f"中文中应使用全角标点：“{m.group()}”改为“{full(m)}”",
                          full, needs=",;:!?(")
    yield from each_match(_PERIOD, _prose(doc), "中文句末应使用句号“。”，而不是“.”", lambda m: "。", needs=".")


@rule("GW202", "straight-quotes", clause="GB/T 15834-2011 §4.9", fix="safe")
def straight_quotes(doc: Document) -> Iterator[Finding]:
    """中文中使用弯引号“…”‘…’，而不是直引号 " 和 '。

    为什么：直引号是英文字符；GB/T 15834 规定引文用“”，引文中再引用用‘’。
    示例：实施"老城双修"工程
    改为：实施“老城双修”工程
    修复：安全——同一段中的直引号成对时，依次改为前引号和后引号。
    """
    for unit in _text_units(doc):
        marks = list(_STRAIGHT.finditer(unit.text))
        if not marks or not re.search(r"[\u4e00-\u9fff]", unit.text):
            continue
        pairs = len(marks) % 2 == 0
        for index, match in enumerate(marks):
            double = match.group() == '"'
            right = ("“" if index % 2 == 0 else "”") if double else ("‘" if index % 2 == 0 else "’")
            yield Finding(unit, match.start(), match.end(), f"中文中应使用弯引号“{right}”，而不是直引号",
                          Edit(match.start(), match.end(), right) if pairs else None)


@rule("GW203", "fullwidth-alphanumeric", clause="GB/T 15835-2011 §5.1", fix="safe")
def fullwidth_alphanumeric(doc: Document) -> Iterator[Finding]:
    """数字和拉丁字母用半角：2024，而不是２０２４。

    为什么：GB/T 15835 规定阿拉伯数字用半角；全角数字多是输入法误用，也检索不到。
    示例：２０２４年
    改为：2024年
    修复：安全。
    """
    def half(match: re.Match) -> str:
        return "".join(chr(ord(c) - 0xFEE0) for c in match.group())

    yield from each_match(_FULL_ALNUM, _text_units(doc),
                          lambda m: f"数字和字母应为半角：“{m.group()}”改为“{half(m)}”", half)


@rule("GW204", "unbalanced-pairs", clause="GB/T 15834-2011 §4.9, §4.10, §4.15")
def unbalanced_pairs(doc: Document) -> Iterator[Finding]:
    """引号、括号、书名号成对出现并正确嵌套：“…‘…’…”《…〈…〉…》。

    为什么：印出来的文件里缺了后引号或后括号一目了然，通常是编辑时丢了字。
    示例：推进“两翼齐飞，加强合作。
    改为：推进“两翼齐飞”，加强合作。
    修复：无——后引号该放在哪里要看文意。
    """
    closing = {v: k for k, v in _PAIRS.items()}
    for run in _runs(doc):
        stack: list[tuple[str, Unit, int]] = []
        for unit in run:
            for match in _PAIR_MARKS.finditer(unit.text):
                offset, char = match.start(), match.group()
                if char in _PAIRS:
                    stack.append((char, unit, offset))
                elif char in closing:
                    if stack and stack[-1][0] == closing[char]:
                        stack.pop()
                    else:
                        yield Finding(unit, offset, offset + 1, f"“{char}”没有对应的“{closing[char]}”")
        for char, unit, offset in stack:
            yield Finding(unit, offset, offset + 1, f"“{char}”没有对应的“{_PAIRS[char]}”")


@rule("GW205", "nested-quotes", clause="GB/T 15834-2011 §4.9.3.3")
def nested_quotes(doc: Document) -> Iterator[Finding]:
    """引号内再引用用单引号‘’，书名号内再用书名号用〈〉。

    为什么：GB/T 15834 规定双引号和单引号交替嵌套；两层“会被读成两处引文。
    示例：他说：“要落实“三个必须”要求。”
    改为：他说：“要落实‘三个必须’要求。”
    修复：无。
    """
    for unit in _text_units(doc):
        depth = {"“": 0, "《": 0}
        for match in _QUOTE_MARKS.finditer(unit.text):
            offset, char = match.start(), match.group()
            if char in depth:
                if depth[char]:
                    inner = "‘" if char == "“" else "〈"
                    yield Finding(unit, offset, offset + 1, f"引号或书名号内再引用应使用“{inner}”")
                depth[char] += 1
            elif char in ("”", "》"):
                key = "“" if char == "”" else "《"
                depth[key] = max(0, depth[key] - 1)


@rule("GW206", "enumeration-comma-between-quotes", severity="warning", clause="GB/T 15834-2011 §4.5.3.5", fix="safe")
def comma_between_quotes(doc: Document) -> Iterator[Finding]:
    """并列的引号或书名号之间不用顿号：《A》《B》，“A”“B”。

    为什么：GB/T 15834 规定标有引号、书名号的并列成分之间通常不用顿号（括注隔开时除外）。
    示例：《通知》、《方案》
    改为：《通知》《方案》
    修复：安全——删去顿号。
    """
    yield from each_match(_BETWEEN_QUOTED, _text_units(doc), "并列的引号或书名号之间不用顿号", lambda m: "", needs="、")


@rule("GW207", "ellipsis-form", clause="GB/T 15834-2011 §4.11", fix="safe")
def ellipsis_form(doc: Document) -> Iterator[Finding]:
    """省略号是两个“…”连写的“……”，不是 ...、。。。或单个“…”。

    为什么：GB/T 15834 规定省略号占两个字的位置，共六个点。
    示例：等等...
    改为：等等……
    修复：安全。
    """
    yield from each_match(_ELLIPSIS, _text_units(doc), lambda m: f"省略号应为“……”，而不是“{m.group()}”", lambda m: "……",
                          needs=("...", "。。。", "…"))


@rule("GW208", "dash-form", clause="GB/T 15834-2011 §4.12", fix="safe")
def dash_form(doc: Document) -> Iterator[Finding]:
    """破折号是连写的两个一字线“——”，不是 --、－－或中间有空格的线。

    为什么：GB/T 15834 规定破折号占两个字的位置，中间不断开。
    示例：城市副中心--北京的新两翼
    改为：城市副中心——北京的新两翼
    修复：安全。
    """
    yield from each_match(_DASH, _text_units(doc), lambda m: f"破折号应为“——”，而不是“{m.group()}”", lambda m: "——",
                          needs="-—－")


@rule("GW209", "doubled-punctuation", clause="GB/T 15834-2011 §4")
def doubled_punctuation(doc: Document) -> Iterator[Finding]:
    """不连用标点，如“，，”“，。”。

    为什么：连用的标点是编辑残留，读者不知道哪一个是作者的本意。
    示例：全面推进，，确保完成。
    改为：全面推进，确保完成。
    修复：无——保留哪一个由作者决定。
    """
    yield from each_match(_DOUBLED, _text_units(doc), lambda m: f"标点重复：“{m.group()}”")


_SENTENCE_END = re.compile(r"([。！？!?；;]|……)[”’）》\")]*$")
_LEAD_IN = re.compile(r"[：:][”’）》]*$")
_CLAUSE = re.compile(r"[，、；：,;]")
_COLUMNS = re.compile(r"[ \u3000\t]{2,}")
_BRACKETED = re.compile(r"（[^（）]*）|\([^()]*\)")
# What follows the last paragraph of a text: a colon there introduces nothing.
_CLOSING = frozenset({"", "signature", "date", "note", "cc", "printer", "record", "issued-title", "attachment-label",
                      "glossary-title", "attendance", "signer-title", "signer-name"})
_NOTE_AFTER = re.compile(r"(?<=[。！？；])\s*(?:（[^（）]*）)+$")


@rule("GW210", "sentence-end", clause="GB/T 15834-2011 §4.1", fix="unsafe")
def sentence_end(doc: Document) -> Iterator[Finding]:
    """正文中的句子以句末标点结束：。！？（或“……”，其后可有后引号、后括号、括注；列项可以用“；”）。

    为什么：段末没有句末标点，多半是复制时丢了，印出来像没写完。不是句子的段落不算：引出下文的
    “……通知如下：”（后面没有下文时冒号改为句号），名单、表格的行（用空格分栏），没有任何句内标点的名称、
    标签、图表标题和日期；“特此通知”“此复”这样的结束语是句子，要有句号。
    示例：区政府坚持以人民为中心，49个海绵城市改造项目顺利完工
    改为：区政府坚持以人民为中心，49个海绵城市改造项目顺利完工。
    修复：需确认——补“。”；疑问句、感叹句应补“？”“！”。
    """
    units = doc.units
    for index, unit in enumerate(units):
        if unit.role not in ("body", "glossary-definition"):
            continue
        text = unit.text.rstrip()
        following = units[index + 1].role if index + 1 < len(units) else ""
        leads_in = _LEAD_IN.search(text) and following not in _CLOSING  # “……通知如下：” and what it introduces
        sentence = _NOTE_AFTER.sub("", text)  # “……。（省商务厅负责）”: a bracketed note after the last sentence
        if not text or not unit.paragraph_end or _SENTENCE_END.search(sentence) or leads_in:
            continue
        bare = _BRACKETED.sub("", text)  # punctuation in a bracketed note (（单位：毫米）) makes no sentence
        if (_CLAUSE.search(bare) or CLOSING_FORMULA.match(text)) and not _COLUMNS.search(text):
            start = len(text) - (1 if text[-1] in "：:，," else 0)  # a dangling colon or comma becomes the stop
            yield Finding(unit, len(text) - 1, len(text), "段落末尾缺少句末标点（。！？）",
                          Edit(start, len(text), "。"))


def _runs(doc: Document) -> list[list[Unit]]:
    """Units checked as one text: a title broken over lines is one, so is a 附件说明 line and the rest of its
    name an office broke into the next paragraph; every other unit stands alone."""
    titles = {u.index: run for role in ("title", "issued-title", "attachment-title") for run in doc.runs(role)
              for u in run[:1]}
    for rest in doc.runs("attachment-rest"):
        note = doc.units[rest[0].index - 1] if rest[0].index else None
        if note is not None and note.role == "attachment":
            titles[note.index] = [note, *rest]
    runs, skip = [], set()
    for unit in _text_units(doc):
        if unit.index in skip:
            continue
        run = titles.get(unit.index, [unit])
        skip |= {u.index for u in run}
        runs.append(run)
    return runs


def _text_units(doc: Document):
    """Units in Chinese text (everything but the 份号/密级/紧急 codes)."""
    return [u for u in doc.units if u.role not in ("copy-number", "secrecy", "urgency")]


def _prose(doc: Document):
    return [u for u in doc.units if u.role in PROSE]
