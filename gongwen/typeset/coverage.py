"""Characters the chosen fonts cannot draw: a fallback keeps the grid and is reported; a box is an error."""

from __future__ import annotations

from collections.abc import Iterator

from gongwen.errors import Problem
from gongwen.model.document import Document
from gongwen.model.table import table_part
from gongwen.typeset.fonts import Choice

# Which font role draws a string, by the key that holds it.
_KEY_ROLES = {"title": ("title",), "lead": ("hei",), "term": ("hei",), "subtitle": ("kai",),
              "speaker": ("kai",), "secrecy": ("hei",), "urgency": ("hei",), "issuer": ("title",),
              "issuer_suffix": ("title",), "signers": ("kai",)}


def glyph_problems(doc: Document, fonts: dict[str, Choice]) -> tuple[list[Problem], list[Problem]]:
    """(warnings for characters drawn by a fallback font, errors for characters no font has)."""
    source = doc._source
    warnings, errors = [], []
    for loc, text in source.strings():
        for role in _roles(source.data, loc):
            choice = fonts[role]
            for offset, char, face in choice.misses(text):
                where = source.position(loc, offset)
                if face is None:
                    errors.append(Problem(where, f"没有字体能显示“{char}”（U+{ord(char):04X}），会印成方框；"
                                                 f"请安装含此字的字体，或在 [layout.fallback] 中加入"))
                else:
                    warnings.append(Problem(where, f"警告：{_ROLE_NAMES[role]}字体“{choice.face.family}”没有"
                                                   f"“{char}”（U+{ord(char):04X}），改用“{face.family}”"))
    return warnings, errors


_ROLE_NAMES = {"title": "标题", "body": "正文", "hei": "黑体", "kai": "楷体", "song": "宋体"}


def _roles(data: object, loc: tuple) -> Iterator[str]:
    """Font roles a string is set in: by its key, and for headings by their level."""
    key = next((k for k in reversed(loc) if isinstance(k, str)), "")
    part = table_part(data, loc)
    if part is not None:  # header cells and the table's title in 黑体, the rest in the body font
        if part != "setting":
            yield "hei" if part in ("head", "title") else "body"
        return
    if loc[:1] == ("signed_by",):  # a signer's 职务 and name are body text, not a title
        yield "body"
        return
    if key == "heading":
        level = sum(1 for depth in range(len(loc)) if _is_section(data, loc[:depth]))
        yield {1: "hei", 2: "kai"}.get(level, "body")
        return
    yield from _KEY_ROLES.get(key, ("body",))


def _is_section(data: object, loc: tuple) -> bool:
    node = data
    for part in loc:
        node = node[part]
    return bool(loc) and isinstance(loc[-1], int) and isinstance(node, dict) and "heading" in node
