"""Recognise the elements of a 公文 in the blocks a reader found, by their form and the format's hints.

Used by the checker (text, Word and PDF input) and by `import`. Every block gets a role: 版头
(份号, 密级, 紧急程度, 发文机关标志, 发文字号, 令号/期号), 标题 (over one or several lines), 主送机关,
headings of level 1–4 (standing alone or run in), 正文, 附件说明, 署名, 成文日期, 附注, 出席/请假/列席,
附件 and 印发的文件 with their titles, 名词解释, 抄送 and 印发 — or web-page furniture and the portal's
metadata table. Rules follow GB/T 9704-2012 (element order and forms, §7 and §10) and the layouts
of government portals; the reading is one pass over the blocks plus look-ups, linear in their number.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from gongwen.importing import webpage
from gongwen.importing.blocks import Block
from gongwen.importing.chinese import DAMAGED_DATE_LINE, DATE, DATE_LINE
from gongwen.importing.forms import (
    ARTICLE,
    ATTACHMENT_LABEL,
    ATTACHMENT_NOTE,
    ATTENDANCE,
    CHAPTER,
    DOC_NUMBER,
    GLOSSARY_ENTRY,
    ORDER_MARK,
    ORDER_NUMBER,
    ORGAN,
    PRINT_LINE,
    SENTENCE,
    TABLE_CAPTION,
    TABLE_NOTE,
    TABLE_UNIT,
    TITLE_END,
    TITLE_NUMBER,
    TITLE_VERB,
    clean,
    heading_marker,
    is_number_line,
    is_order_number,
    organ_like,
    run_in_length,
    signature_like,
)
from gongwen.model.document import SECRECY

SIGNERS = re.compile(r"^签发人\s*[：:]\s*")
_COLUMN = re.compile(r"[^\s\u3000]+(?: [^\s\u3000]+)*")  # a column: words a single space apart at most
NAMES = re.compile(r"[\u4e00-\u9fff·]{2,6}(?:[ \u3000]+[\u4e00-\u9fff·]{2,6})*")  # people's names, spaced apart


@dataclass(frozen=True)
class Line:
    """One block with the role recognised for it; headings carry their level and marker."""

    text: str
    role: str
    level: int = 0
    marker: str = ""
    number: int = 0
    skip: int = 0  # characters before the element itself (a web title's leading 文号, a table key)
    head: int = 0  # length of an emphasised start: a run-in heading (marker included) or a 段首句
    table: tuple = ()  # a table's rows of cells (gongwen.importing.blocks.CellText); the role is "table"
    header_rows: int = 1


@dataclass
class Recognised:
    """The roles of every block, and what the page said about the document outside its text."""

    lines: list[Line]
    metadata: dict[str, str] = field(default_factory=dict)  # the portal table: title, number, issuer, date, kind
    seals: dict[int, int] = field(default_factory=dict)  # block index → pictures on its 署名 or 成文日期 (seals)


# Word styles written by gongwen's own DOCX output, and the role each stands for; the docx writer's
# names live here only, so a renamed style is one edit. Character styles mark emphasised starts.
STYLE_ROLES = {"份号": "copy-number", "密级": "secrecy", "紧急程度": "urgency", "发文机关标志": "issuer-mark",
               "发文字号": "number", "公文标题": "title", "主送机关": "recipients", "正文": "body", "部分标题": "part",
               "一级标题": "heading", "二级标题": "heading", "三级标题": "heading", "四级标题": "heading",
               "附件说明": "attachment", "名单": "attendance", "发文机关署名": "signature", "成文日期": "date",
               "附注": "note", "印发文件题注": "subtitle", "报告人": "speaker", "称谓": "salutation",
               "名词解释": "glossary-entry", "名词解释说明": "glossary-note", "附件标识": "attachment-label",
               "抄送": "cc", "印发": "printer", "表题": "table-title", "表格单位": "table-unit", "表注": "table-note"}
STYLE_LEVELS = {"一级标题": 1, "二级标题": 2, "三级标题": 3, "四级标题": 4}
EMPHASIS_STYLES = frozenset({"段首句", "强调", "一级标题（段中）", "二级标题（段中）", "三级标题（段中）",
                             "四级标题（段中）"})


def recognise(blocks: list[Block]) -> Recognised:
    """Give every block a role, reading the document top to bottom."""
    return _Reader(blocks).read()


class _Reader:
    def __init__(self, blocks: list[Block]):
        self.blocks = blocks
        self.texts = [clean(b.text) for b in blocks]
        self.roles: list[str] = ["" for _ in blocks]
        self.extra: list[dict] = [{} for _ in blocks]
        self.metadata: dict[str, str] = {}
        # after[i + 1]: the first non-empty block after block i (one backward pass keeps look-ups O(1)).
        self.after = [len(blocks)] * (len(blocks) + 1)
        for index in range(len(blocks) - 1, -1, -1):
            self.after[index] = index if self.texts[index] else self.after[index + 1]

    # ── helpers ──

    def following(self, index: int) -> int:
        """Index of the next block that is neither blank nor furniture (len(blocks) at the end)."""
        index = self.after[index + 1]
        while index < len(self.blocks) and self.roles[index] in ("furniture", "metadata", "blank"):
            index = self.after[index + 1]
        return index

    def text(self, index: int) -> str:
        return self.texts[index] if index < len(self.texts) else ""

    def style_role(self, index: int) -> str | None:
        style = self.blocks[index].style
        return STYLE_ROLES.get(style) if style else None

    def set(self, index: int, role: str, **extra) -> None:
        self.roles[index] = role
        self.extra[index] = extra

    # ── passes ──

    def read(self) -> Recognised:
        self.page_furniture()
        body_start = self.head()
        self.rest(body_start)
        self.table_labels()
        seals = {i: block.pictures for i, block in enumerate(self.blocks)
                 if block.pictures and self.roles[i] in ("signature", "date")}
        return Recognised([self.line(i) for i in range(len(self.blocks))], self.metadata, seals)

    def table_labels(self) -> None:
        """Around each table: its title (表1　……, or a short centred line) and unit (单位：万元) above it, its
        notes (注：…, 资料来源：…) below."""
        for index, block in enumerate(self.blocks):
            if not block.table:
                continue
            above = index - 1
            for role, pattern in (("table-unit", TABLE_UNIT), ("table-title", TABLE_CAPTION)):
                while above >= 0 and self.roles[above] == "blank":
                    above -= 1
                if above < 0 or self.roles[above] not in ("", "body"):
                    break
                centred = role == "table-title" and self.blocks[above].align == "center" and \
                    len(self.texts[above]) <= 40 and not SENTENCE.search(self.texts[above])
                if pattern.match(self.texts[above]) or centred:
                    self.set(above, role)
                    above -= 1
            below = self.following(index)
            while below < len(self.blocks) and self.roles[below] in ("", "body") and \
                    TABLE_NOTE.match(self.texts[below]):
                self.set(below, "table-note")
                below = self.following(below)

    def line(self, index: int) -> Line:
        block = self.blocks[index]
        if block.table:  # a table has no text of its own: the passes above took it for a blank line
            return Line("", "table", table=block.table, header_rows=block.head)
        return Line(block.text, self.roles[index] or "body", **self.extra[index])

    def page_furniture(self) -> None:
        """Blank lines, web furniture and portal metadata rows, wherever they are."""
        pending = None
        for index, text in enumerate(self.texts):
            if not text:
                self.roles[index] = "blank"
                continue
            if pending is not None:
                if pending and not webpage.metadata(text):
                    self.metadata.setdefault(pending, text)
                    self.roles[index], pending = "metadata", None
                    continue
                pending = None
            if self.style_role(index):
                continue  # gongwen's own styles say what it is
            table = webpage.metadata(text) if len(text) < 300 else None
            if table is not None:
                fields, pending = table
                for key, value in fields.items():
                    self.metadata.setdefault(key, value)
                self.roles[index] = "metadata"
            elif webpage.is_furniture(text):
                self.roles[index] = "furniture"

    def head(self) -> int:
        """Roles of the 版头, title, 文号 and 主送; returns the index where the body starts.

        The title is found from the body backwards: the first line that is plainly the document's
        (a 主送, a sentence, a numbered heading) comes right after the title, or after the 文号 that
        follows it on portals. What stands above the title and is not 版头 is the page's.
        """
        if any(self.style_role(i) for i in range(len(self.blocks))):
            return self.styled_head()
        evidence = self.evidence()
        title = self.title_before(evidence) or self.printed_title(evidence) or self.serial_title(evidence)
        if title is None:
            self.page_above(evidence)
            return self.after_title(evidence, evidence)
        start, end = title
        cursor = start
        while cursor <= end:
            self.set(cursor, "title", skip=_head_number(self.texts[cursor]) if cursor == start else 0)
            cursor = self.following(cursor)
        self.page_above(start)
        return self.after_title(self.following(end), evidence)

    def styled_head(self) -> int:
        """gongwen's own Word file: the styles say what each paragraph of the 版头 and title is."""
        index = self.following(-1)
        while index < len(self.blocks) and self.style_role(index) in (
                "copy-number", "secrecy", "urgency", "issuer-mark", "number", "title", "recipients", None):
            role = self.style_role(index)
            if role is None and self.texts[index]:
                break
            if role in ("copy-number", "secrecy", "urgency", "number"):
                role = self.row_role(index) or role  # a row of them, or a 签发人 line (§7.2.6) in the 发文字号 style
            if role:
                self.set(index, role)
            index = self.following(index)
            if role == "recipients":
                break
        return index

    def evidence(self) -> int:
        """The first line that is plainly the document's: a 主送 right after a title (and 文号), else a
        sentence, a numbered heading, a date."""
        index = self.following(-1)
        while index < len(self.blocks):
            if self.recipients(index) and self.title_before(index, portal=False) is not None:
                return index
            index = self.following(index)
        index = self.following(-1)
        while index < len(self.blocks):
            text = self.texts[index]
            if self.recipients(index) or heading_marker(text) and len(text) > 4 or DATE_LINE.match(_compact(text)) \
                    or SENTENCE.search(text) and not self.title_end(index) \
                    or (len(text) >= 12 and re.search(r"[，,]", text) and not self.title_end(index)) \
                    or re.search(r"[\u4e00-\u9fff]\s*[：:]\s*\S", text) and not self.title_end(index) \
                    and not SIGNERS.match(text) \
                    or is_order_number(self.text(self.preceding(index)) if index else ""):
                return index  # a 主送, a sentence, a heading, a date, a name list's “组长：张三”, a 令's text
            index = self.following(index)
        first = self.following(-1)  # nothing plainly the document's: the body starts after a first title
        while first < len(self.blocks) and not self.title_end(first):
            first = self.following(first)
        return self.following(first) if first < len(self.blocks) else self.following(-1)

    def title_before(self, evidence: int, portal: bool = True) -> tuple[int, int] | None:
        """(first, last) line of the title standing before `evidence`, past any 文号 or 令号 between."""
        index = self.preceding(evidence)
        ordered = False
        while index >= 0 and (is_number_line(self.texts[index]) or ORDER_NUMBER.match(self.texts[index]) or
                              re.fullmatch(r"[（(].+[）)]", self.texts[index]) or self.addressee(index, evidence) or
                              CHAPTER.match(self.texts[index])):
            ordered = ordered or is_order_number(self.texts[index])
            index = self.preceding(index)
        if index < 0 or not self.title_end(index) or ORDER_MARK.match(_compact(self.texts[index])) or \
                (ordered and self.texts[index].endswith("令")):
            return self.portal_title(evidence) if portal else None  # a 命令 has its 标志 and 令号 instead
        start, joined = index, _compact(self.texts[index])
        while (previous := self.preceding(start)) >= 0 and self.title_part(previous, joined):
            start, joined = previous, _compact(self.texts[previous]) + joined
        return start, index

    def printed_title(self, evidence: int) -> tuple[int, int] | None:
        """(first, last) line of a title the print sets apart right before `evidence` — larger than the body
        and centred — whatever its words: a 纪要's title need not end with a 文种 (§10.3)."""
        sizes: Counter[float] = Counter()
        for block, text in zip(self.blocks, self.texts, strict=True):
            if block.size:
                sizes[block.size] += len(text)
        if not sizes:
            return None
        body = sizes.most_common(1)[0][0]

        def displayed(index: int) -> bool:
            block = self.blocks[index]
            return block.size >= body + 2 and block.align == "center" and not block.red and \
                self.masthead_role(index) is None

        end = self.preceding(evidence)
        if end < 0 or not displayed(end):
            return None
        start = end
        while (previous := self.preceding(start)) >= 0 and displayed(previous):
            start = previous
        return start, end

    def serial_title(self, evidence: int) -> tuple[int, int] | None:
        """(first, last) line of a 纪要's title right before `evidence`, in a copy that shows no layout: the short
        lines without sentence punctuation under its 期号 (§10.3), whatever their last word."""
        end = self.preceding(evidence)
        start, lines = end, 1
        while start >= 0 and (previous := self.preceding(start)) >= 0 and lines < 3 and \
                not ORDER_NUMBER.match(self.texts[previous]):
            start, lines = previous, lines + 1
        serial = self.text(self.preceding(start)) if start >= 0 else ""
        titled = start >= 0 and all(organ_like(self.texts[i]) for i in range(start, end + 1) if self.texts[i])
        return (start, end) if titled and ORDER_NUMBER.match(serial) and not is_order_number(serial) else None

    def addressee(self, index: int, evidence: int) -> bool:
        """A 主送 that lost its colon on the web: organ names alone on the line right before the text."""
        text = self.texts[index]
        return self.following(index) == evidence and organ_like(text.replace("、", "")) and \
            bool(ORGAN.search(text)) and not self.title_end(index) and self.masthead_role(index) is None

    def portal_title(self, evidence: int) -> tuple[int, int] | None:
        """The title the portal's metadata table gives, where the text has it as lines before `evidence`."""
        wanted = _comparable(self.metadata.get("title", ""))
        index = self.following(-1)
        while wanted and index < evidence:
            cursor, joined = index, ""
            while cursor < evidence and len(joined) < len(wanted):
                joined += _comparable(self.texts[cursor])
                last, cursor = cursor, self.following(cursor)
            if joined == wanted:
                return index, last
            index = self.following(index)
        return None

    def title_end(self, index: int) -> bool:
        """The line can end a title: it ends with a 文种 (or a kind of issued document), no sentence in it."""
        text = _compact(self.texts[index]).rstrip("。，；！？.,;")
        return bool(TITLE_END.search(TITLE_NUMBER.sub("", text))) and not SENTENCE.search(text) and \
            not re.search(r"[，：:]", text) and len(text) <= 150 and not self.blocks[index].red

    def title_part(self, index: int, joined: str) -> bool:
        """An earlier line of the title `joined` so far: the organ before a “关于…” line, or the first part
        of a title broken in the middle. A line that is a title itself is the page's heading."""
        text = _compact(self.texts[index])
        if not text or joined.startswith(text) or SENTENCE.search(text) or re.search(r"[，：:]", text) or \
                self.title_end(index) or \
                self.masthead_role(index) is not None or len(text) + len(joined) > 150:
            return False
        leading = re.match(r"^(.+?)(?:关于|转发|印发|批转)", joined)
        if leading and self.texts[index].strip() and re.search(r"[ \u3000]", self.texts[index]) and \
                all(ORGAN.search(name) for name in re.split(r"[ \u3000、]+", self.texts[index].strip()) + [
                    leading.group(1)]):
            return True  # a joint title's organs, spaced apart, broken after one of them
        if joined.startswith(("关于", "转发", "印发", "批转")):
            organs = all(organ_like(name) for name in re.split(r"[、]", text))
            # A 函 whose organ line stands between its 文号 and its title: that line is the 信函's 标志 (§10.1:
            # the organ's name alone), not the first words of the title.
            letter = joined.endswith("函") and is_number_line(self.text(self.preceding(index)))
            return "关于" in text or organs and not letter and not self.headed_without(index, joined)
        return not TITLE_VERB.search(joined) and (TITLE_VERB.search(text) is not None or len(text) <= 30)

    def headed_without(self, index: int, title: str) -> bool:
        """The page above writes this title without the organ named on the line before it (a database
        entry: its issuer, then the document's own title)."""
        title = _comparable(title)
        return any(_comparable(self.texts[i]) == title for i in range(index))

    def page_above(self, start: int) -> None:
        """Above the title: the 版头 right over it, and the page's own lines (furniture) above that."""
        index = self.preceding(start)
        above = self.preceding(index) if index >= 0 else -1
        if index >= 0 and self.masthead_role(index) is None and signature_like(self.texts[index]) and \
                above >= 0 and is_number_line(self.texts[above]):
            self.set(index, "issuer-mark")  # a 信函's 标志 between its 文号 and its title (see title_part)
            index = above
        while index >= 0 and self.masthead_role(index) is not None:
            self.set(index, self.masthead_role(index))
            index = self.preceding(index)
        while index >= 0:
            if self.roles[index] not in ("blank", "metadata"):
                self.set(index, "furniture")
            index -= 1

    def after_title(self, index: int, evidence: int) -> int:
        """After the title: 文号 (portal layout), 令号/期号, then 主送; returns where the body starts."""
        while index < len(self.blocks):
            text = self.texts[index]
            if is_number_line(text):
                self.set(index, "number")
            elif ORDER_NUMBER.match(text):
                self.set(index, "order-number")
            elif self.recipients(index) or self.addressee(index, evidence):
                self.set(index, "recipients")
                return self.following(index)
            elif re.fullmatch(r"[（(].+[）)]", text) and DATE.search(text):
                self.set(index, "title-note")  # （2009年2月8日……会议通过）: a 决议's or 决定's date
            else:
                return index
            index = self.following(index)
        return index

    def row_role(self, index: int) -> str | None:
        """A 版头 line by its form: one element, a row of several, or a line of 签发人 names under the line
        `签发人：` starts (§7.2.6: two names a line, the 发文字号 beside the last)."""
        text = self.texts[index]
        role = code_role(text) or ("masthead-row" if masthead_columns(text) else None)
        return role or ("signers" if NAMES.fullmatch(text) and self.signing_above(index) else None)

    def signing_above(self, index: int) -> bool:
        """The lines above, up to one that starts `签发人：`, hold names only."""
        above = self.preceding(index)
        while above >= 0 and not SIGNERS.match(self.texts[above]):
            if not NAMES.fullmatch(self.texts[above]):
                return False
            above = self.preceding(above)
        return above >= 0

    def masthead_role(self, index: int) -> str | None:
        text, block = self.texts[index], self.blocks[index]
        role = self.row_role(index)
        if role:
            return role
        if ORDER_MARK.match(_compact(text)):
            return "order-mark"
        nxt = self.text(self.following(index))
        named = len(re.findall(r"[\u4e00-\u9fff]", text)) >= 2 and (
            text.endswith(("文件", "纪要", "命令", "令")) or ORGAN.search(text) is not None)
        above_number = is_number_line(nxt) or ORDER_NUMBER.match(nxt)
        mark = "关于" not in text and organ_like(text) and named and (
            text.endswith(("文件", "纪要", "命令", "令")) or above_number)
        if block.red or mark and (not TITLE_END.search(text) or text.endswith(("文件", "纪要", "令"))):
            return "issuer-mark"
        return None

    def preceding(self, index: int) -> int:
        """Index of the content line before `index` (-1 at the start); scans back over blanks."""
        index -= 1
        while index >= 0 and self.roles[index] in ("blank", "furniture", "metadata"):
            index -= 1
        return index

    def recipients(self, index: int) -> bool:
        """A 主送 line: organ names ending in a colon, not a lead-in sentence (…如下：) or a page label."""
        text = self.texts[index]
        if not re.search(r"[：:]$", text) or len(text) > 300 or SENTENCE.search(text) or heading_marker(text):
            return False
        if re.search(r"如下|现将|通知|报告|请示|特此|为了|为进一步|根据|按照|经研究", text):
            return False
        return bool(ORGAN.search(text.rstrip("：: ")))

    def rest(self, start: int) -> None:
        """Body, closing, attachments, issued document, glossary and 版记, in one pass."""
        state = _State(names=self.issued_names())
        index = start
        while index < len(self.blocks):
            style = self.style_role(index)
            role, extra = self.styled(index, style) if style else self.classify(index, state)
            state.stage = _STAGE_AFTER.get(role, state.stage)
            if role in _STAGE_AFTER:
                state.articles = False  # a new text: its own structure
            if role == "issued-title":
                state.issued = True
            if role == "date" and not style:
                self.signatures(index)
            if role in ("cc", "printer", "record") and state.stage == "body" and not state.signed:
                self.undated_signature(index)  # a closing without a date: the 署名 stands over the 版记
                state.signed = True
            state.signed = state.signed or role in ("date", "signature")
            if self.roles[index] not in ("furniture", "metadata", "signature") or style:
                self.set(index, role, **extra)
            state.previous, state.previous_text = self.roles[index], self.texts[index]
            index = self.following(index)
        if state.stage == "body" and not state.signed:
            self.undated_signature(len(self.blocks))

    def undated_signature(self, end: int) -> None:
        """The 署名 of a text without a 成文日期 (cut short on the web, or never dated): the organ's name as
        the last line before `end`, or before a date that lost its 年月日 (2024228)."""
        index = self.preceding(end)
        if index >= 0 and re.fullmatch(r"\d{6,8}", self.texts[index]):
            index = self.preceding(index)
        if index >= 0 and self.roles[index] in ("", "body") and signature_like(self.texts[index]) and \
                not heading_marker(self.texts[index]):
            self.set(index, "signature")

    def classify(self, index: int, state: _State) -> tuple[str, dict]:
        """The role of a block after the head, from its text and what came before it."""
        text, stage, previous = self.texts[index], state.stage, state.previous
        if text.startswith(("抄送：", "抄送:")):
            return "cc", {}
        if stage != "body" and re.match(r"^(主送|抄报|分送)[：:]", text) or \
                re.match(r"^[（(]\s*共印\s*\d+\s*份\s*[）)]$", text):
            return "record", {}
        if PRINT_LINE.search(text) and len(text) <= 60:
            return "printer", {}
        if "名词解释" in text and len(text) <= 20 and organ_like(text) and not heading_marker(text):
            return "glossary-title", {}
        if stage == "glossary" and GLOSSARY_ENTRY.match(text):
            return "glossary-entry", {}
        if stage == "glossary" and re.match(r"^[（(].*[）)]$", text):
            return "glossary-note", {}
        if stage == "body" and (DATE_LINE.match(_compact(text)) or DAMAGED_DATE_LINE.match(_compact(text))):
            return "date", {}  # the 成文日期: the first date standing alone after the body (§7.3.5)
        if stage == "closing" and previous in ("date", "note") and re.match(r"^[（(].*[）)]$", text):
            return "note", {}
        if ATTENDANCE.match(text) and stage in ("body", "closing"):
            return "attendance", {}
        label = ATTACHMENT_LABEL.match(text)
        if label and (stage != "body" or label.group(1)):
            return "attachment-label", {}
        if (previous == "attachment-label" and not re.search(r"[：:]$", text)) or \
                (previous == "attachment-title" and self.title_continues(index)):
            return "attachment-title", {}  # not a label (备注：) under an attachment that opens with a table
        if stage != "body" and _may_be_name(text, state.names) and _comparable(text) in state.names:
            return ("part" if state.issued else "issued-title"), {}
        if stage == "closing" and state.names and previous != "issued-title" and self.issued_title_at(index):
            return "issued-title", {}  # the issued document's own title, as the notice's title words it or not
        if previous == "issued-title" and self.title_continues(index) and not self.title_end(self.preceding(index)):
            return "issued-title", {}  # its title over several lines
        if stage == "closing" and previous in ("date", "note") and self.following_is_subtitle(index):
            return "issued-title", {}
        if stage == "issued" and previous == "issued-title" and text.startswith(("——", "--")):
            return "subtitle", {}
        if stage == "issued" and previous == "subtitle" and len(text) <= 20:
            return "speaker", {}
        if stage == "issued" and previous in ("issued-title", "subtitle", "speaker") and \
                re.search(r"[：:]$", text) and len(text) <= 40:
            return "salutation", {}
        if self.attachment_runs_on(index, state):
            return "attachment-rest", {}
        if self.attachment_note(text, state):
            return "attachment", {}
        found = heading_marker(text)
        if found is not None and state.articles:
            return "item", {}  # a 项 of an article (（一）…；): numbered by the article, not a heading
        if found is not None:
            level, marker, number = found
            return "heading", {"level": level, "marker": marker, "number": number,
                               "head": run_in_length(text, marker)}
        if stage == "issued" and len(text) <= 20 and not re.search(r"[，。；：！？、]", text) and \
                self.blocks[index].align in ("", "center"):
            if ARTICLE.match(text):
                state.articles = True
            return "part", {}
        if ARTICLE.match(text):
            state.articles = True
        return "body", {"head": self.emphasis(index)}

    def attachment_note(self, text: str, state: _State) -> bool:
        """附件说明 (§7.3.4): `附件：名称`, or `附件：` and the names on the lines after it, `1.名称` …"""
        if ATTACHMENT_NOTE.match(text):
            return state.stage in ("body", "issued")
        if state.previous not in ("attachment", "attachment-rest") or len(text) > 60 or re.search(r"[。；]$", text):
            return False
        return bool(heading_marker(text)) or ATTACHMENT_NOTE.fullmatch(state.previous_text) is not None

    def styled(self, index: int, role: str) -> tuple[str, dict]:
        """Role and details of a paragraph in one of gongwen's own styles."""
        text = self.texts[index]
        if role == "heading":
            found = heading_marker(text)
            level = STYLE_LEVELS[self.blocks[index].style]
            marker, number = (found[1], found[2]) if found else ("", 0)
            return "heading", {"level": level, "marker": marker, "number": number}
        if role == "body":
            found = heading_marker(text)
            runs = self.blocks[index].runs
            run_in = next((s for s, _ in runs[:1] if s.endswith("（段中）")), None)
            if run_in and found:
                level = STYLE_LEVELS[run_in.removesuffix("（段中）")]
                return "heading", {"level": level, "marker": found[1], "number": found[2], "head": runs[0][1]}
            return "body", {"head": self.emphasis(index)}
        if role == "title" and self.previous_role(index) == "attachment-label":
            return "attachment-title", {}
        if role == "title":
            nxt = self.following(index)
            if nxt < len(self.blocks) and self.style_role(nxt) in ("glossary-entry", "glossary-note"):
                return "glossary-title", {}
            return "issued-title", {}
        return role, {}

    def previous_role(self, index: int) -> str:
        for back in range(index - 1, max(index - 4, -1), -1):
            if self.roles[back] not in ("", "blank", "furniture", "metadata"):
                return self.roles[back]
        return ""

    def emphasis(self, index: int) -> int:
        """Length of an emphasised start (段首句) the format marks with a style or another face."""
        runs = self.blocks[index].runs
        return runs[0][1] if runs and runs[0][0] in EMPHASIS_STYLES and runs[0][1] < len(self.texts[index]) else 0

    def signatures(self, date: int) -> None:
        """The short lines just above the date line are the 署名 (one or more organs, §7.3.5)."""
        back = date - 1
        found = 0
        while back >= 0 and found < 6:
            role, text = self.roles[back], self.texts[back]
            if role in ("blank", "furniture"):
                back -= 1
                continue
            if role in ("", "body") and signature_like(text) and not heading_marker(text) and \
                    not self.style_role(back):
                self.set(back, "signature")
                found += 1
                back -= 1
                continue
            break

    def attachment_runs_on(self, index: int, state: _State) -> bool:
        """The rest of a 附件说明's name in the paragraph right under it, where the office broke the name by hand
        (…机具种类范 / 围): a short line without punctuation or a number, under a full one."""
        previous, text = self.preceding(index), self.texts[index]
        return state.previous == "attachment" and previous >= 0 and \
            self.blocks[index].line == self.blocks[previous].line + 1 and len(self.texts[previous]) >= 24 and \
            len(text) <= 24 and not re.search(r"[，。；：！？、]", text) and heading_marker(text) is None and \
            not ATTACHMENT_NOTE.match(text) and not DATE_LINE.match(_compact(text)) and not ORGAN.search(text)

    def title_continues(self, index: int) -> bool:
        """An attachment title broken over lines: this line is short and has no sentence punctuation."""
        text = self.texts[index]
        return len(text) <= 25 and not re.search(r"[，。；：！？]", text) and heading_marker(text) is None and \
            self.blocks[index].align in ("", "center")

    def issued_title_at(self, index: int) -> bool:
        """A title after the closing of a 印发 notice: short lines without punctuation ending in a 文种 or a
        kind of issued document (…规定, …办法), with text after them."""
        cursor, lines = index, 0
        while cursor < len(self.blocks) and lines < 3:
            text = self.texts[cursor]
            if re.search(r"[，。；：！？、]", text) or len(text) > 40 or heading_marker(text):
                return False
            if self.title_end(cursor):
                return True
            cursor, lines = self.following(cursor), lines + 1
        return False

    def following_is_subtitle(self, index: int) -> bool:
        return self.text(self.following(index)).startswith(("——", "--", "—"))

    def issued_names(self) -> set[str]:
        """Names of the documents a 印发/转发 notice issues, from its title (关于印发《X》和《Y》的通知 → X, Y)."""
        title = "".join(self.texts[i][self.extra[i].get("skip", 0):]
                        for i in range(len(self.blocks)) if self.roles[i] == "title")
        match = re.search(r"(?:印发|转发|发布|颁布|批转|公布)(.+?)的(?:通知|决定|函|命令|令)$", _compact(title))
        if not match:
            return set()
        whole = match.group(1)
        parts = re.split(r"》[和、及与]?《|(?<=[^《》])[和及](?=[^《》])|、", whole)
        return {_comparable(name.strip("《》")) for name in (whole, *parts) if len(name.strip("《》")) >= 4}


def code_role(text: str) -> str | None:
    """The 版头 element a line (or a column of one) is by its form alone: 份号, 密级, 紧急程度, 发文字号,
    令号 or 期号, or the 签发人 (§7.2)."""
    if re.fullmatch(r"\d{1,8}", text):
        return "copy-number"
    if SECRECY.match(text) or (re.match(r"^(绝密|机密|秘密)", text) and len(text) <= 12):
        return "secrecy"
    if text in ("特急", "加急", "急件", "特提", "平急", "紧急", "特急件", "加急件"):
        return "urgency"
    if is_number_line(text):
        return "number"
    if ORDER_NUMBER.match(text):
        return "order-number"
    if SIGNERS.match(text):
        return "signers"
    return None


def masthead_columns(text: str) -> list[tuple[str, int, str]] | None:
    """(role, start, text) of each column of a printed 版头 row, the columns apart by tabs (as the PDF and OFD
    readers write wide gaps) or wide spaces (as Word files and copied text have them): 份号, 密级, 紧急程度 on
    the left and the 发文字号 on the right (信函, §10.1), or the 发文字号 beside the last row of 签发人 names
    (§7.2.6). None when a column is none of these."""
    columns = [(column.start(), column.group()) for column in _COLUMN.finditer(text)]
    if len(columns) < 2:
        return None
    roles = [code_role(piece) for _, piece in columns]
    if "number" in roles:  # names beside the 发文字号: the 签发人 row it stands on
        roles = [role or ("signers" if NAMES.fullmatch(piece) else None) for role, (_, piece) in zip(roles, columns,
                                                                                                    strict=True)]
    if None in roles:
        return None
    return [(role, start, piece) for role, (start, piece) in zip(roles, columns, strict=True)]


_STAGE_AFTER = {"date": "closing", "glossary-title": "glossary", "attachment-label": "attachment",
                "issued-title": "issued"}


@dataclass
class _State:
    """Where the reading is: the stage of the document and the line before."""

    names: set[str]
    stage: str = "body"  # body → closing → attachment / issued / glossary
    previous: str = ""
    previous_text: str = ""
    issued: bool = False
    signed: bool = False  # the notice's closing (署名 or 成文日期) has been read
    articles: bool = False  # the text is set out in articles (第一条 …): （一） are its 项


def _compact(text: str) -> str:
    return re.sub(r"[\s\u3000]", "", text)


def _comparable(text: str) -> str:
    """The text with spacing, character widths and dash forms ignored (to find the same words twice)."""
    return re.sub(r"[-—–－]+", "-", unicodedata.normalize("NFKC", _compact(text)))


def _may_be_name(text: str, names: set[str]) -> bool:
    """Whether `text` may read as one of `names` (as `_comparable` makes them): not when it holds more ideographs
    than the longest name has characters, since its comparable form keeps each ideograph as it is."""
    longest = max(map(len, names), default=0)
    return len(text) <= longest or not _ideographs(longest + 1).match(text)


@lru_cache(maxsize=8)
def _ideographs(count: int) -> re.Pattern:
    """A pattern that matches the start of a text up to its `count`th ideograph (reading no further)."""
    return re.compile(rf"(?:[^\u4e00-\u9fff]*[\u4e00-\u9fff]){{{count}}}")


def _head_number(text: str) -> int:
    """Characters of a 文号 in brackets before a web title: `(通政发〔2020〕1号)北京市…通知` → 14."""
    number = DOC_NUMBER.search(text)
    if number and number.start() <= 1 and TITLE_END.search(text) and len(text) > number.end() + 4:
        return number.end() + (1 if text[number.end():number.end() + 1] in ")）" else 0)
    return 0
