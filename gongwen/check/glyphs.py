"""5xx — what the print fonts can draw."""

from __future__ import annotations

from collections.abc import Iterator

from gongwen.check.registry import Finding, rule
from gongwen.check.units import Document

_ROLE_FONTS = {"title": "title", "issued-title": "title", "glossary-title": "title", "lead": "hei",
               "glossary-term": "hei", "subtitle": "kai", "speaker": "kai"}


@rule("GW501", "glyph-coverage", severity="warning", clause="GB/T 9704-2012 §5.3 (3号仿宋)")
def glyph_coverage(doc: Document) -> Iterator[Finding]:
    """配置的印刷字体中没有的字。

    为什么：仿宋_GB2312 等 GB2312 字体缺少生僻字（如“漷县”的“漷”）；PDF 会用后备字体显示这些字，字形不同；没有后备字体时会印成方框。
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
            yield Finding(unit, offset, offset + 1, f"字体“{choice.face.family}”没有“{char}”（U+{ord(char):04X}），{shown}")
