"""Recognise the elements of a 公文 written as plain paragraphs (text or Word), by their form.

Used by the checker for .txt and .docx input and by `import`: each paragraph gets a role
(份号, 发文字号, 标题, 主送机关, heading of level 1–4, 正文, 附件说明, 署名, 成文日期, 附注, the issued
document's title block, 名词解释 entries, 抄送, 印发, or web-page furniture).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gongwen.model.document import SECRECY

CN = "一二三四五六七八九十百"
HEADING_MARKERS = (
    (1, re.compile(rf"^([{CN}]+)\s*[、.．，,]")),
    (2, re.compile(rf"^[（(]\s*([{CN}]+)\s*[）)]\s*[、.．]?")),
    (3, re.compile(r"^(\d{1,2})\s*[.．、](?!\d)")),
    (4, re.compile(r"^[（(]\s*(\d{1,2})\s*[）)]\s*[、.．]?")),
)
DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]+\s*[〔\[(（【]\s*(\d{4})\s*[〕\])）】]\s*第?\s*0*(\d+)\s*号")
BARE_NUMBER = re.compile(r"^[〔\[(（【]\s*\d{4}\s*[〕\])）】]\s*第?\s*\d+\s*[号期]$")  # 纪要: 〔2024〕3号
DATE_LINE = re.compile(r"^(\d{4}|[〇零○OΟ一二三四五六七八九]{4})\s*年\s*[\d一二三四五六七八九十]{1,3}\s*月\s*[\d一二三四五六七八九十]{1,3}\s*日$")
PRINT_LINE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日\s*印发$")
GLOSSARY_ENTRY = re.compile(r"^(\d+)\s*[.．、]\s*([^：:]{1,30})[：:](.+)$")
FURNITURE = re.compile(r"^(分享|字号|打印|关闭|相关解读|【打印】|主办[:：]|承办[:：]|.*ICP备|.*公网安备|.*网站标识码)")
DOC_KINDS = ("通知", "通报", "决定", "意见", "请示", "报告", "函", "批复", "纪要", "方案", "办法", "规定", "公告", "通告", "命令", "决议")


@dataclass(frozen=True)
class Line:
    """One paragraph with the role recognised for it; headings carry their level and marker."""

    text: str
    role: str
    level: int = 0
    marker: str = ""
    number: int = 0
    skip: int = 0  # characters before the element itself (a web title's leading 文号)


def heading_marker(text: str) -> tuple[int, str, int] | None:
    """(level, marker text, its number) when `text` opens with a sequence marker."""
    for level, pattern in HEADING_MARKERS:
        match = pattern.match(text)
        if match:
            value = match.group(1)
            number = int(value) if value.isdigit() else chinese_value(value)
            return level, match.group(), number
    return None


def chinese_value(text: str) -> int:
    """一 → 1, 十二 → 12, 二十 → 20 (sequence numbers up to 99)."""
    digits = "一二三四五六七八九"
    if "十" not in text:
        return digits.index(text) + 1 if len(text) == 1 and text in digits else 0
    tens, _, ones = text.partition("十")
    return (digits.index(tens) + 1 if tens else 1) * 10 + (digits.index(ones) + 1 if ones else 0)


def recognise(paragraphs: list[str]) -> list[Line]:
    """Give every paragraph a role, reading the document top to bottom."""
    lines: list[Line] = []
    stage = "head"  # head → body → closing → issued → glossary
    seen_title = False
    for index, raw in enumerate(paragraphs):
        text = raw.strip()
        role, level, marker, number, skip = "body", 0, "", 0, 0
        following = next((p.strip() for p in paragraphs[index + 1:] if p.strip()), "")
        previous = next((line.role for line in reversed(lines) if line.role not in ("blank", "furniture")), "")
        if not text:
            role = "blank"
        elif FURNITURE.match(text):
            role = "furniture"
        elif stage == "head" and not seen_title:
            role, skip = _head_role(text, following)
            seen_title = role == "title"
            stage = "body" if seen_title else stage
        elif previous == "title" and _is_number_line(text):
            role = "number"
        elif text.startswith(("抄送：", "抄送:")):
            role = "cc"
        elif PRINT_LINE.search(text):
            role = "printer"
        elif "名词解释" in text and len(text) <= 20:
            role, stage = "glossary-title", "glossary"
        elif stage == "glossary" and GLOSSARY_ENTRY.match(text):
            role = "glossary-entry"
        elif stage == "glossary" and re.match(r"^[（(].*[）)]$", text):
            role = "glossary-note"
        elif DATE_LINE.match(text) and stage in ("body", "closing"):
            role, stage = "date", "closing"
            _mark_signatures(lines)
        elif stage == "closing" and re.match(r"^[（(].*[）)]$", text):
            role = "note"
        elif stage == "closing" and following.startswith(("——", "--", "—")) and len(text) <= 30:
            role, stage = "issued-title", "issued"
        elif stage == "issued" and text.startswith(("——", "--")) and previous == "issued-title":
            role = "subtitle"
        elif stage == "issued" and previous == "subtitle" and len(text) <= 20:
            role = "speaker"
        elif previous in ("title", "number", "speaker", "subtitle") and re.search(r"[：:]$", text) and len(text) <= 80:
            role = "salutation" if stage == "issued" else "recipients"
        elif text.startswith(("附件：", "附件:")) or (previous == "attachment" and heading_marker(text)
                                                     and len(text) <= 40 and not re.search(r"[。；]$", text)):
            role = "attachment"
        elif (found := heading_marker(text)) is not None:
            role = "heading"
            level, marker, number = found
        elif stage == "issued" and len(text) <= 20 and not re.search(r"[，。；：！？、]", text):
            role = "part"
        lines.append(Line(raw, role, level, marker, number, skip))
    return lines


def _head_role(text: str, following: str) -> tuple[str, int]:
    """Role of a line above the title, and how many leading characters are not part of it."""
    if re.fullmatch(r"\d{1,8}", text):
        return "copy-number", 0
    if SECRECY.match(text) or re.match(r"^(绝密|机密|秘密)", text) and len(text) <= 10:
        return "secrecy", 0
    if text in ("特急", "加急", "急件", "特提", "平急", "紧急"):
        return "urgency", 0
    number = DOC_NUMBER.search(text)
    if _is_number_line(text):
        return "number", 0
    if number and text.endswith(DOC_KINDS):
        # A web page's title line, "(文号)标题": the title follows the bracketed 文号.
        return "title", number.end() + (1 if text[number.end():number.end() + 1] in ")）" else 0)
    if len(text) <= 40 and DOC_NUMBER.search(following) and not DOC_NUMBER.search(text) \
            and (text.endswith(("文件", "纪要")) or not text.endswith(DOC_KINDS)):
        return "issuer-mark", 0  # 发文机关标志: "×××文件", or a 信函's bare organ name
    return "title", 0


def _is_number_line(text: str) -> bool:
    """A 发文字号 line: the number alone (perhaps bracketed), or with the 签发人 of a 上行文."""
    number = DOC_NUMBER.search(text)
    if number:
        rest = text[:number.start()] + text[number.end():]
        return len(rest.strip("()（）　 ")) == 0 or bool(re.match(r"^[　\s]*签发人[：:]", text[number.end():]))
    return bool(BARE_NUMBER.match(text))


def _mark_signatures(lines: list[Line]) -> None:
    """The short lines just above a date line are the 署名 (one per organ)."""
    for back in range(len(lines) - 1, -1, -1):
        line = lines[back]
        if line.role == "blank":
            continue
        text = line.text.strip()
        if line.role == "body" and len(text) <= 30 and not re.search(r"[，。；：！？、]", text):
            lines[back] = Line(line.text, "signature")
        else:
            break
