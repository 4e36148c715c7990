"""5xx — the characters themselves: what the print fonts can draw, and what a conversion left behind."""

from __future__ import annotations

import re
from collections.abc import Iterator

from gongwen.check.registry import Finding, each_match, rule
from gongwen.check.units import Document

_ROLE_FONTS = {"title": "title", "issued-title": "title", "glossary-title": "title", "lead": "hei",
               "glossary-term": "hei", "subtitle": "kai", "speaker": "kai"}


@rule("GW501", "glyph-coverage", severity="warning", clause="GB/T 9704-2012 §5.3 (3号仿宋)")
def glyph_coverage(doc: Document) -> Iterator[Finding]:
    """配置的印刷字体中没有的字。

    为什么：仿宋_GB2312 等 GB2312 字体缺少生僻字（如“漷县”的“漷”）；PDF 会用后备字体显示这些字，字形不同；
    没有后备字体时会印成方框。
    示例：正文字体为 FandolFang 时的“漷县镇”
    改为：安装含有该字的字体（如仿宋_GBK），或接受后备字体
    修复：无。
    """
    fonts = doc.fonts
    if fonts is None:
        return
    for unit in doc.units:
        role = _ROLE_FONTS.get(unit.role, {1: "hei", 2: "kai"}.get(unit.level, "body"))
        choice = fonts[role]
        for offset, char, fallback in choice.misses(unit.text):
            shown = f"将用“{fallback.family}”代替" if fallback else "没有字体能显示，会印成方框"
            message = f"字体“{choice.face.family}”没有“{char}”（U+{ord(char):04X}），{shown}"
            yield Finding(unit, offset, offset + 1, message)


# Left by converters: HTML entities (&nbsp; &sp;) and pinyin put in brackets after a character (區(qū)).
_STRAY = re.compile(r"&#?[A-Za-z0-9]{1,8};|(?<=[\u4e00-\u9fff])[（(][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}[）)]")


@rule("GW502", "conversion-debris", clause="《通用规范汉字表》；GB/T 15834-2011 §4")
def conversion_debris(doc: Document) -> Iterator[Finding]:
    """文字中没有转换留下的残片：HTML 实体（&nbsp;、&sp;）、字后括注的拼音（區(qū)）。

    为什么：网页发布或转码时出错，会把实体或拼音注音留在正文里；印出来就是错字。
    示例：国务院办公厅 &sp;
    改为：国务院办公厅
    修复：无——要对照原件确定原字。
    """
    yield from each_match(_STRAY, doc.units, lambda m: f"“{m.group()}”是网页转换留下的残片，不是正文", needs="&（(")
