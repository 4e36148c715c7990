"""Turn recognised lines into the document model's data, noting what was dropped, converted or missing."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from gongwen.errors import Location, Problem
from gongwen.importing.chinese import DATE, number_value, parse_date, written_in_chinese
from gongwen.importing.forms import (
    ATTACHMENT_LABEL,
    ATTENDANCE,
    DOC_NUMBER,
    GLOSSARY_ENTRY,
    ORDER_MARK,
    ORDER_NUMBER,
    ORGAN,
    POSITIONS,
    PRINT_LINE,
    RUN_IN_MAX,
    SIGNED,
    TABLE_CAPTION,
    TITLE_NUMBER,
    WIDE_GAP,
    YEAR_OPEN,
    attachment_items,
    clean,
    document_format,
    is_order_number,
    organ_like,
)
from gongwen.importing.recognize import SIGNERS, Line, Recognised, masthead_columns
from gongwen.model.document import MARK_SUFFIX, placeholder

_SPLIT_NAMES = re.compile(r"[，,；;]")
POSITION = re.compile(rf"\S{{0,20}}(?:{POSITIONS})")  # a 职务 alone
# The 纪要's lists (§10.3) and the fields that hold them.
ATTENDANCE_FIELDS = {"出席": "attendees", "请假": "on_leave", "列席": "observers"}
_LETTER_SPACED = re.compile(r"(?:\S[ \u3000]+){2,}\S")
# An issuer named at the start of a title: 国务院办公厅关于……, 教育部 财政部关于……, 国务院办公厅转发……
_TITLE_ISSUER = re.compile(r"^(.{2,60}?)(?:关于|转发|批转|印发)")
_LEADING_ORGAN = re.compile(r"^([\u4e00-\u9fff][^，。、\s\d年对在为向]{0,19}?"
                            r"(?:人民政府|政府|委员会|办公厅|办公室|局|厅|部|院|署)"
                            r"(?:办公厅|办公室|党组)?)(?=[^，。]{2,}$)")


@dataclass
class ImportReport:
    """What the import dropped (and why), converted, could not place, and what the document lacks."""

    path: str
    dropped: list[tuple[int, str, str]] = field(default_factory=list)  # (line, text, reason)
    notes: list[tuple[int, str]] = field(default_factory=list)  # (line, what was converted)
    warnings: list[Problem] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # elements the YAML holds a placeholder for
    seals: list[tuple[int, int]] = field(default_factory=list)  # (line, how many) seal pictures not carried over
    markers: int = 0  # typed heading numbers that became structure

    def lines(self) -> list[str]:
        out = [f"{self.path}:{n}: 未导入（{why}）：{text}" for n, text, why in self.dropped]
        out += [f"{self.path}:{n}: {what}" for n, what in self.notes]
        out += [str(w) for w in self.warnings]
        out += [f"{self.path}:{n}: 未导入 {count} 枚印章（图片）：正式文本的印章由发文机关加盖；需要时在 seal"
                f"（签名章在 signed_by 的 seal）中写印章图片" for n, count in self.seals]
        if self.markers:
            out.append(f"{self.markers} 个手写的标题序号已转为标题层级（序号由 gongwen 自动生成）")
        return out


# The form a line must have for the role it was given (a Word style can be put on any paragraph).
_FORMS = {"glossary-entry": GLOSSARY_ENTRY.match, "printer": PRINT_LINE.search, "order-number": ORDER_NUMBER.match,
          "attendance": ATTENDANCE.match, "order-mark": lambda text: ORDER_MARK.match(re.sub(r"[\s\u3000]", "", text))}


def _fits(role: str, text: str) -> bool:
    form = _FORMS.get(role)
    return form is None or form(text) is not None


class Builder:
    """Builds the YAML data of one document from its recognised lines."""

    def __init__(self, recognised: Recognised, numbers: list[int], report: ImportReport):
        self.lines: list[Line] = []
        self.numbers: list[int] = []  # the source line of each recognised line
        for line, number in zip(recognised.lines, numbers, strict=True):  # a printed 版头 row: each column
            columns = masthead_columns(line.text) if line.role == "masthead-row" else None
            pieces = [Line(text, role) for role, _, text in columns] if columns else [line]
            self.lines += pieces
            self.numbers += [number] * len(pieces)
        self.metadata = recognised.metadata
        self.report = report
        report.seals = [(numbers[index], count) for index, count in recognised.seals.items()]
        self.data: dict = {}
        self.bodies: dict[str, list] = {"notice": []}
        self.target = "notice"
        self.stack: list[tuple[int, list]] = []
        self.header_date: tuple[int, str] | None = None
        self.listed: int | None = None  # how many attachments the 附件说明 names
        self.titled = False  # the attachment being read has its name from the 附件说明
        self.last_numbers: dict[tuple[str, int], int] = {}  # the last typed number at each level of each body
        self.continuous: set[int] = set()
        self.labels: dict[str, str] = {}  # a table's title and unit, read before the table itself

    def build(self) -> dict:
        data, report = self.data, self.report
        marks, signatures, titles, recipients = [], [], [], []
        attachments: list[dict] = []
        glossary_terms: list[dict] = []
        previous = ""
        for index, line in enumerate(self.lines):
            text, role, where = clean(line.text), line.role, self.numbers[index]
            if not _fits(role, text):  # a Word style put on a paragraph that is not what it names
                report.warnings.append(Problem(Location(report.path, where, 1),
                                               f"警告：段落样式与内容不符（{role}），按正文段落导入"))
                role = "body"
            if role == "blank":
                continue
            prior, previous = previous, role if role not in ("furniture", "metadata") else previous
            if role == "furniture":
                report.dropped.append((where, text, "网页内容"))
            elif role == "metadata":
                report.dropped.append((where, text, "网页上的文件信息表"))
            elif role in ("copy-number", "secrecy", "urgency"):
                data[role.replace("-", "_")] = text
            elif role == "issuer-mark":
                marks.append(text)  # a joint mark comes as one line per organ, and 文件
            elif role == "number":
                self.number(text, where)
            elif role == "signers":  # 签发人：A B, and the names beside the 发文字号 (§7.2.6)
                data.setdefault("signers", []).extend(n for n in re.split(r"[\s　、，,]+", SIGNERS.sub("", text)) if n)
            elif role == "order-number":
                data.setdefault("number", ORDER_NUMBER.match(text).group(0).strip("（）() "))
            elif role == "order-mark":  # 湖北省人民政府令（第52号）: the 标志 and the 令号
                match = ORDER_MARK.match(re.sub(r"[\s\u3000]", "", text))
                marks.append(match.group(1))
                data.setdefault("number", match.group(2))
            elif role == "title":
                if line.skip:
                    report.dropped.append((where, text[:line.skip], "标题前的发文字号，与发文字号重复"))
                titles.append(text[line.skip:].strip())
            elif role == "recipients" or (role == "record" and text.startswith("主送")):
                recipients.append(re.sub(r"^主送[：:]", "", text))
            elif role == "attachment-rest" and attachments:
                attachments[-1]["title"] += text  # the name broken by hand over two paragraphs
            elif role == "attachment":
                items, organs = attachment_items(re.sub(r"^附\s*(?:件|图|表)?\s*[：:]\s*", "", text))
                attachments += [{"title": item} for item in items]
                signatures += organs
            elif role == "signature":
                signatures += _names(text)
            elif role == "date":
                self.date(text, where)
            elif role == "note":  # 附注 (§7.3.6); a second bracketed line under it belongs to it too
                note = text.strip("（）() ")
                data["note"] = f"{data['note']}；{note}" if data.get("note") else note
            elif role == "title-note":
                if DATE.search(text) and parse_date(DATE.search(text).group()):
                    self.header_date = (where, DATE.search(text).group())
                self.container().append(text)
            elif role == "issued-title" and "issued" in data and prior == "issued-title":
                data["issued"]["title"] += text  # a title over several lines
            elif role == "issued-title":
                self.begin("issued")
                data["issued"] = {"title": text}
            elif role == "subtitle":
                data.setdefault("issued", {"title": ""})["subtitle"] = text.lstrip("—-－ ")
            elif role == "speaker":
                data.setdefault("issued", {"title": ""})["speaker"] = text
            elif role == "salutation":
                data.setdefault("issued", {"title": ""})["salutation"] = text
            elif role == "glossary-title":
                data["glossary"] = {"title": text}
            elif role == "glossary-note":
                data.setdefault("glossary", {})["note"] = text.strip("（）() ")
            elif role == "glossary-entry":
                match = GLOSSARY_ENTRY.match(text)
                glossary_terms.append({"term": match.group(2).strip(), "definition": match.group(3).strip()})
            elif role == "cc":
                names = re.sub(r"^抄送[：:]\s*", "", text).rstrip("。.")
                data["cc"] = [n.strip() for n in _SPLIT_NAMES.split(names) if n.strip()]
            elif role == "printer":
                match = PRINT_LINE.search(text)
                date = parse_date(match.group(1))
                data["printer"] = {"organ": text[:match.start()].strip() or placeholder("印发机关"),
                                   "date": date.isoformat() if date else placeholder("印发日期")}
            elif role == "record":
                report.dropped.append((where, text, "版记中的其他事项"))
            elif role == "part":
                part = {"part": text, "body": []}
                self.container(top=True).append(part)
                self.stack = [(0, part["body"])]
            elif role in ("table-title", "table-unit"):
                self.labels[role] = text
            elif role == "table":
                node = table_node(line)
                caption = TABLE_CAPTION.match(self.labels.pop("table-title", ""))
                title = self.labels.pop("table-title", None) if caption is None else None
                if caption or title:
                    node = {"title": caption.group(2) if caption else title, **node}
                if caption:
                    node["numbered"] = True
                unit = self.labels.pop("table-unit", None)
                if unit:
                    node["unit"] = re.sub(r"^(?:计量)?单位\s*[：:]\s*", "", unit)
                self.labels.clear()
                self.container().append(node)
            elif role == "table-note":
                last = self.container()[-1] if self.container() else None
                if isinstance(last, dict) and "table" in last:
                    last.setdefault("notes", []).append(text)
                else:
                    self.container().append(text)
            elif role == "heading":
                self.heading(line, text)
            elif role == "attachment-label" and self.target == "issued" and not attachments:
                part = {"part": text, "body": []}  # the issued document's own attachment
                self.bodies["issued"].append(part)
                self.stack = [(0, part["body"])]
            elif role == "attachment-label":
                report.dropped.append((where, text, "附件标识，由版式生成"))
                self.attachment_label(text, attachments)
            elif role == "attachment-title":
                self.attachment_title(text, attachments)
            elif role == "attendance" and ATTENDANCE_FIELDS.get(ATTENDANCE.match(text).group(1)):
                names = re.sub(r"^[^：:]*[：:]\s*", "", text).rstrip("。.；; ")
                data[ATTENDANCE_FIELDS[ATTENDANCE.match(text).group(1)]] = [
                    n.strip() for n in re.split(r"[，,、；;]", names) if n.strip()]
            else:  # body, and lists a 纪要 has no field for (缺席、记录)
                self.container().append(self.paragraph(line, text))
        self.finish(marks, signatures, titles, recipients, attachments, glossary_terms)
        return data

    # ── elements ──

    def number(self, text: str, where: int) -> None:
        match = DOC_NUMBER.search(text)
        dated = DATE.search(text)
        if dated and parse_date(dated.group()):
            self.header_date = (where, dated.group())  # a date printed beside the number: used if no closing date
        if match is None:
            bare = text.strip(" 　")
            self.data.setdefault("number", bare[1:-1].strip() if re.fullmatch(r"[（(].*[）)]", bare) else bare)
            return
        organ = re.sub(rf"(?:{YEAR_OPEN}|\s)+$", "", match.group().split(match.group(1))[0])
        number = f"{organ}〔{match.group(1)}〕{int(match.group(2))}号"
        if "number" in self.data:
            return
        self.data["number"] = number
        if re.sub(r"\s", "", match.group()) != number:
            self.report.notes.append((where, f"发文字号原为“{match.group()}”，"
                                             f"已按 GB/T 9704-2012 §7.2.4 写作“{number}”"))
        signers = re.search(r"签发人[：:]\s*(.+)$", text)
        if signers:
            self.data["signers"] = [s for s in re.split(r"[\s　、，,]+", signers.group(1)) if s]
        rest = DATE.sub("", text[:match.start()] + text[match.end():]).strip("()（）　 ")
        if rest and not signers:
            self.report.dropped.append((where, rest, "发文字号两侧的括号"))

    def date(self, text: str, where: int) -> None:
        date = parse_date(text)
        if date is None:
            self.report.warnings.append(Problem(Location(self.report.path, where, 1), f"警告：日期不存在：{text}"))
            return
        if "date" in self.data:
            return
        self.data["date"] = date.isoformat()
        if written_in_chinese(text):
            self.report.notes.append((where, f"成文日期原文为汉字数字“{text}”，已按 GB/T 9704-2012 §7.3.5.4 "
                                             f"改用阿拉伯数字（2012 年以前的公文用汉字数字，不算错误）"))

    def heading(self, line: Line, text: str) -> None:
        """A numbered heading: standing alone, run in (heading + text), or a numbered paragraph."""
        self.report.markers += bool(line.marker)
        rest = text[len(line.marker):].strip()
        section: dict = {"heading": rest}
        if line.head > len(line.marker):
            section = {"heading": text[len(line.marker):line.head].strip(), "text": text[line.head:].strip()}
        elif re.search(r"[。！？；]", rest[:-1]) or (re.search(r"[。；]$", rest) and len(rest) > RUN_IN_MAX):
            section = {"heading": "", "text": rest}  # a numbered paragraph: no heading to emphasise
        while self.stack and self.stack[-1][0] >= line.level:
            self.stack.pop()
        parent = self.stack[-1][0] if self.stack else 0
        self.numbering(line, first=not any(isinstance(n, dict) and "heading" in n for n in (
            self.stack[-1][1] if self.stack else self.container(top=True))))
        if line.level - parent > 1:
            section["skip"] = line.level - parent - 1
        section["body"] = []
        (self.stack[-1][1] if self.stack else self.container(top=True)).append(section)
        self.stack.append((line.level, section["body"]))

    def numbering(self, line: Line, first: bool) -> None:
        """Note a level whose typed numbers run on under a new parent (（三） under 二、): continuous numbering."""
        last = self.last_numbers.get((self.target, line.level), 0)
        if first and line.number > 1 and line.number == last + 1 and line.marker:
            self.continuous.add(line.level)
        self.last_numbers[(self.target, line.level)] = line.number

    def paragraph(self, line: Line, text: str):
        """A paragraph, with its 段首句 where the format marked one."""
        if 0 < line.head < len(text):
            return {"lead": text[:line.head], "text": text[line.head:]}
        return text

    def attachment_label(self, text: str, attachments: list[dict]) -> None:
        """附件N (§7.3.7): the Nth attachment of the 附件说明 is set out here; without a list, a new one."""
        if self.listed is None:
            self.listed = len(attachments)
        found = ATTACHMENT_LABEL.match(re.sub(r"\s", "", text))
        number = number_value(found.group(1)) if found and found.group(1) else (1 if self.listed == 1 else 0)
        if 0 < number <= self.listed:
            index, self.titled = number - 1, True
        else:
            attachments.append({"title": "", "body": []})
            index, self.titled = len(attachments) - 1, False
        attachments[index]["body"] = []
        self.begin(f"attachment:{index}", attachments[index]["body"])

    def attachment_title(self, text: str, attachments: list[dict]) -> None:
        """The title of the attachment whose label came last (over one or more lines)."""
        if self.target == "issued":  # an attachment of the issued document: a part of it, “附件　名称”
            part = self.bodies["issued"][-1]
            part["part"] += ("　" if part["part"].startswith("附件") and "　" not in part["part"] else "") + text
            return
        if not attachments or not self.target.startswith("attachment:"):
            attachments.append({"title": "", "body": []})
            self.begin(f"attachment:{len(attachments) - 1}", attachments[-1]["body"])
            self.titled = False
        if not self.titled:  # a listed attachment keeps the name the 附件说明 gives it
            attachments[int(self.target.split(":")[1])]["title"] += text

    # ── containers ──

    def begin(self, target: str, body: list | None = None) -> None:
        self.target, self.stack = target, []
        self.bodies[target] = body if body is not None else []

    def container(self, top: bool = False) -> list:
        if self.stack and not top:
            return self.stack[-1][1]
        return self.bodies[self.target]

    def finish(self, marks, signatures, titles, recipients, attachments, glossary_terms) -> None:
        data, meta, report = self.data, self.metadata, self.report
        ordered = any(line.role == "order-mark" or line.role == "order-number" and is_order_number(line.text)
                      for line in self.lines)
        title = _title_text(titles) or ("" if ordered else meta.get("title", ""))  # a 令's portal 标题: what it issues
        trailing = TITLE_NUMBER.search(title)
        if trailing:  # “…的通知（岳办发〔2017〕2号）”: the 文号 written after the title on a web page
            title = title[:trailing.start()].rstrip()
            if "number" not in data:
                self.number(trailing.group(1), 1)
        if not titles and title:
            report.notes.append((1, f"标题取自网页上的文件信息表：{title}"))
        if "number" not in data and meta.get("number") and DOC_NUMBER.search(meta["number"]):
            self.number(meta["number"], 1)
        fmt = document_format(marks, title, data.get("number", ""), ordered)
        if fmt == "纪要" and title.endswith("纪要") and "关于" not in title and not marks:
            marks, title = [title], ""  # “×××会议纪要”: the 纪要's 标志, not its title (§10.3)
        if fmt != "文件":
            data["format"] = fmt
        if title.endswith("答复"):
            data["kind"] = "函"  # the reply to a proposal or motion is written as a 函
        if title or fmt != "命令":  # a 令 has no title (§10.2)
            data["title"] = title or self.missing("标题")
        if recipients:
            data["recipients"] = [n.strip() for n in _SPLIT_NAMES.split("".join(recipients).rstrip("：: "))
                                  if n.strip()]
        issuer = _issuer(marks, fmt) or _title_issuer(title) or _names(meta.get("issuer", "")) or signatures
        if isinstance(issuer, list) and len(issuer) == 1 and len(signatures) > 1 and issuer[0] == "".join(signatures):
            issuer = signatures  # a joint title names the organs without a break: the 署名 lists them
        if isinstance(issuer, dict):
            data.update(issuer)
        else:
            data["issuer"] = _one(issuer) if issuer else self.missing("发文机关")
        data["body"] = self.bodies["notice"] or [self.missing("正文")]
        if self.continuous:
            data["continue_numbering"] = sorted(self.continuous)
        attachments = _merge_attachments(attachments)
        for attachment in attachments:
            if not attachment["title"]:
                attachment["title"] = self.missing("附件标题")
            if not attachment.get("body"):
                attachment.pop("body", None)
        if attachments:
            data["attachments"] = attachments
        if fmt == "命令":  # signed by 签名章, 职务 and name (§7.3.5.3)
            data["signed_by"] = [self.signer(name) for name in signatures] or \
                [{"title": self.missing("签发人职务"), "name": self.missing("签发人姓名")}]
        elif signatures:
            data["signature"] = _one(signatures)
        elif fmt != "纪要":
            data["signature"] = self.missing("署名")
        if "date" not in data and self.header_date:
            self.date(self.header_date[1], self.header_date[0])
        if "date" not in data and meta.get("date") and parse_date(meta["date"]):
            data["date"] = parse_date(meta["date"]).isoformat()
            report.notes.append((1, f"成文日期取自网页上的文件信息表：{meta['date']}"))
        if "date" not in data and fmt != "纪要":
            data["date"] = self.missing("成文日期")
        if "issued" in data:
            data["issued"]["body"] = self.bodies.get("issued") or [self.missing("印发的文件正文")]
        if glossary_terms:
            data.setdefault("glossary", {})["terms"] = glossary_terms

    def signer(self, line: str) -> dict:
        """A 签名章 line as 职务 and name (部 长 尉健行 → 部长, 尉健行); a line that is not one asks for the 职务."""
        text = re.sub(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff][ \u3000\t])", "", line.strip())
        match = SIGNED.match(text)
        if match:
            return {"title": text[:match.start(1)].strip(), "name": match.group(1)}
        if POSITION.fullmatch(text):  # the 职务 alone: the name is in the 签名章's image
            return {"title": text, "name": self.missing("签发人姓名")}
        return {"title": self.missing("签发人职务"), "name": text}

    def missing(self, what: str) -> str:
        self.report.missing.append(what)
        return placeholder(what)


TOTAL_LABEL = re.compile(r"^(?:合\s*计|总\s*计)$")


def table_node(line: Line) -> dict:
    """A table node: its rows of cells, plain text unless a cell spans; the header rows if not one; a last
    row labelled 合计 or 总计 as its totals row (which `check` adds up)."""
    rows = [[clean(c.text) if c.colspan == c.rowspan == 1 else
             {"text": clean(c.text), **({"colspan": c.colspan} if c.colspan > 1 else {}),
              **({"rowspan": c.rowspan} if c.rowspan > 1 else {})} for c in row] for row in line.table]
    node: dict = {"table": rows}
    head = _covering_head(line.table, line.header_rows)
    if head != 1:
        node["head"] = head
    last = rows[-1][0] if len(rows) > head + 1 else None
    if last is not None and TOTAL_LABEL.match(last if isinstance(last, str) else last["text"]):
        node["total"] = rows.pop()
    return node


def _covering_head(table, head: int) -> int:
    """The header rows, grown until no header cell reaches below them: a Word table that marks no header row
    but whose first row has cells spanning two (序号 and 被鉴定人 over a two-row heading)."""
    while True:
        bottom = min(max((r + cell.rowspan for r, row in enumerate(table[:head]) for cell in row), default=head),
                     len(table))
        if bottom <= head:
            return head
        head = bottom


def _names(text: str) -> list[str]:
    """Organ names on one line: separated by wide spaces (a joint 署名) or standing alone.

    A 签名章 line, 职务 and name (总理　李克强), is one signature.
    """
    if SIGNED.match(text.strip()):
        return [text.strip()]
    parts = [p.strip() for p in WIDE_GAP.split(text.strip()) if p.strip()]
    return parts if len(parts) > 1 and all(organ_like(p) and len(p) >= 2 for p in parts) else \
        ([text.strip()] if text.strip() else [])


def _title_text(lines: list[str]) -> str:
    """The title's lines as one: spacing inside words dropped (几 个 问 题 的 通 知, 2020 年), the space
    between the organs of a joint title kept (教育部 财政部关于……)."""
    title = ""
    for line in lines:
        line = re.sub(r"[\u00a0\u2002\u2003]", " ", line)  # Word's no-break, en and em spaces: spaces
        line = line.replace(" ", "").replace("\u3000", "") if _LETTER_SPACED.fullmatch(line) else line
        # A joint title's organs, spaced apart, broken after one of them: the break is one of the spaces.
        joint = title and "关于" not in title and re.search(r"[ \u3000]", title) and ORGAN.search(title)
        title += (" " if joint else "") + line
    head, found, rest = title.partition("关于")
    if not found:
        head, rest = "", title
    return re.sub(r"[ \u3000]{2,}", " ", head.strip()) + found + re.sub(r"[ \u3000]+", "", rest)


def _one(names: list[str]):
    return names if len(names) > 1 else names[0]


def _issuer(marks: list[str], fmt: str) -> dict | None:
    """发文机关标志 from its lines (one, or one per organ plus 文件/令/纪要, §7.2.4, §10)."""
    if not marks:
        return None
    # The suffix stands alone or beside one of the names (a joint mark's 文件 sits level with the middle name).
    suffix = next((word for word in ("文件", "命令", "令", "纪要") if any(m.endswith(word) for m in marks)), "")
    names = [m.removesuffix(suffix).strip() for m in marks if m != suffix]
    if len(names) == 1:
        names = _names(names[0])
    result: dict = {"issuer": _one(names)}
    if suffix != MARK_SUFFIX[fmt]:
        result["issuer_suffix"] = suffix
    return result


def _title_issuer(title: str) -> list[str]:
    """The organs a title names before 关于 (国务院办公厅关于… → 国务院办公厅; joint: 教育部 财政部关于…), or
    the organ its first words name (方城县人民政府拟征收土地启动公告 → 方城县人民政府)."""
    match = _TITLE_ISSUER.match(title) or _LEADING_ORGAN.match(title)
    if not match:
        return []
    names = [n for n in re.split(r"[、\s\u3000]+|(?<=[部委厅局办院])和", match.group(1)) if n]
    return names if all(organ_like(n) and len(n) >= 2 and "关于" not in n and ORGAN.search(n) for n in names) else []


def _merge_attachments(attachments: list[dict]) -> list[dict]:
    """The 附件说明's items with the attachments set out after the closing under their names."""
    merged: list[dict] = []
    for attachment in attachments:
        listed = next((a for a in merged if _same(a["title"], attachment["title"])), None)
        if listed is None:
            merged.append(attachment)
        elif attachment.get("body"):
            listed["body"] = attachment["body"]
    return merged


def _same(a: str, b: str) -> bool:
    return re.sub(r"[\s\u3000]", "", a) == re.sub(r"[\s\u3000]", "", b)
