"""3xx — sequence markers and heading structure (GB/T 9704-2012 §7.3.3; GB/T 15834-2011 Annex B)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from gongwen.check.registry import Edit, Finding, rule
from gongwen.check.units import Document
from gongwen.model.numbering import marker

CN = "一二三四五六七八九十百"
_WRONG = (
    (re.compile(rf"^([{CN}]+)([.．，,:：])"), lambda m: f"{m.group(1)}、"),
    (re.compile(rf"^[(（]\s*([{CN}]+)\s*[)）]\s*[、.．，]?"), lambda m: f"（{m.group(1)}）"),
    (re.compile(r"^(\d{1,2})([、，,．﹒:：])(?!\d)"), lambda m: f"{m.group(1)}."),
    (re.compile(r"^[(（]\s*(\d{1,2})\s*[)）]\s*[、.．，]?"), lambda m: f"（{m.group(1)}）"),
)


@rule("GW301", "marker-punctuation", clause="GB/T 15834-2011 Annex B; GB/T 9704-2012 §7.3.3", fix="safe")
def marker_punctuation(doc: Document) -> Iterator[Finding]:
    """序号写作“一、”“（一）”“1.”“（1）”：汉字数字后用顿号，括号后不加标点，阿拉伯数字后用下脚点，括号用全角。

    为什么：GB/T 15834 附录 B 规定了序次语的标点；“1、”“(一)”是最常见的写法错误。
    示例：1、加强领导  (一)、总体要求
    改为：1.加强领导  （一）总体要求
    修复：安全。
    """
    for unit in doc.units:
        if unit.role not in ("heading", "item", "body", "attachment"):
            continue
        for pattern, right in _WRONG:
            match = pattern.match(unit.text)
            if match and match.group() != right(match):
                yield Finding(unit, 0, match.end(), f"序号应写作“{right(match)}”", Edit(0, match.end(), right(match)))
                break


@rule("GW302", "heading-order", severity="warning", clause="GB/T 9704-2012 §7.3.3（“可以”）")
def heading_order(doc: Document) -> Iterator[Finding]:
    """标题层级依次为“一、”→“（一）”→“1.”→“（1）”；跳级是警告，不是错误。

    为什么：GB/T 9704 §7.3.3 说结构层次序数“可以”依次用这四种，没有禁止跳级；短文件直接用“1.”很常见。
    但“一、”下直接出现“1.”时，读者会找缺失的“（一）”，值得看一眼。
    示例：一、总体要求 之后直接是 1.加强领导
    改为：一、总体要求 / （一）组织领导 / 1.加强领导（或保留原样）
    修复：无。
    """
    level = 0
    for unit in doc.units:
        if unit.role in ("part", "issued-title", "attachment-title"):
            level = 0
        if unit.role != "heading" or not unit.marker:
            continue
        if unit.level > level + 1:
            yield Finding(unit, 0, len(unit.marker),
                          f"标题层级跳过了“{marker(level + 1, 1)}”一级（标准用语为“可以”，不算错误）")
        level = unit.level




@rule("GW303", "heading-continuity", clause="GB/T 9704-2012 §7.3.3")
def heading_continuity(doc: Document) -> Iterator[Finding]:
    """同一层级的序号逐个递增：一、二、三，不会一、三；在上级标题下从一开始，或者全文连续编号。

    为什么：跳号或重号说明删掉或重复了一节。“（一）”到“（十二）”贯穿全文、不在每个“一、”下重新开始，
    是国务院文件常见的编法，不算跳号。条文（第×条）中的“（一）”是条下的项，各自从“（一）”开始，不是标题。
    示例：一、…… 三、……
    改为：一、…… 二、……
    修复：无——重新编号可能还要改正文（YAML 内容的序号由程序生成，不会出错）。
    """
    counters = [0, 0, 0, 0, 0]  # the last number at each level under the current parent
    running = [0, 0, 0, 0, 0]  # the last number at each level anywhere (continuous numbering)
    for unit in doc.units:
        if unit.role in ("part", "issued-title", "glossary-title", "attachment-title"):
            counters, running = [0, 0, 0, 0, 0], [0, 0, 0, 0, 0]
        if unit.role != "heading" or not unit.marker:
            continue
        expected = counters[unit.level] + 1
        if unit.number not in (expected, running[unit.level] + 1):
            yield Finding(unit, 0, len(unit.marker), f"序号不连续：应为“{marker(unit.level, expected)}”")
        counters[unit.level] = running[unit.level] = unit.number
        for deeper in range(unit.level + 1, 5):
            counters[deeper] = 0
