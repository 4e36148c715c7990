"""Import an existing document (.txt, .docx) as gongwen YAML, accounting for every line it drops."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from gongwen.errors import ContentError, Location, Problem
from gongwen.importing.recognize import DOC_NUMBER, GLOSSARY_ENTRY, Line, chinese_value, recognise

LEAD_MAX = 36  # a first sentence this short, with more text after it, is a lead sentence (段首句)
_SPLIT_NAMES = re.compile(r"[，,；;]")
_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "O": 0, "Ο": 0}

# Word styles written by gongwen's own DOCX output, and the role each stands for.
STYLE_ROLES = {"份号": "copy-number", "密级": "secrecy", "紧急程度": "urgency", "发文机关标志": "issuer-mark",
               "发文字号": "number", "标题": "title", "主送机关": "recipients", "正文": "body", "部分标题": "part",
               "一级标题": "heading", "二级标题": "heading", "三级标题": "heading", "四级标题": "heading",
               "附件说明": "attachment", "署名": "signature", "成文日期": "date", "附注": "note", "题注": "subtitle",
               "报告人": "speaker", "称谓": "salutation", "名词解释": "glossary-entry", "名词解释说明": "glossary-note",
               "附件标识": "attachment-label", "抄送": "cc", "印发": "printer"}


@dataclass
class ImportReport:
    """What the import dropped (and why) and what it could not place."""

    path: str
    dropped: list[tuple[int, str, str]] = field(default_factory=list)  # (line, text, reason)
    warnings: list[Problem] = field(default_factory=list)
    markers: list[str] = field(default_factory=list)  # typed heading numbers that became structure

    def lines(self) -> list[str]:
        out = [f"{self.path}:{n}: 未导入（{why}）：{text}" for n, text, why in self.dropped]
        out += [str(w) for w in self.warnings]
        if self.markers:
            out.append(f"{len(self.markers)} 个手写的标题序号已转为标题层级（序号由 gongwen 自动生成）")
        return out


def read_paragraphs(path: Path) -> tuple[list[str], list[str | None]]:
    """Paragraph texts of a .txt or .docx file, and the Word style of each (None for text)."""
    if path.suffix.lower() == ".docx":
        import docx

        try:
            document = docx.Document(str(path))
        except Exception as exc:  # python-docx raises several kinds for a broken package
            raise ContentError([Problem(Location(str(path), 1, 1), f"无法读取 Word 文件：{exc}")]) from None
        paragraphs = _docx_paragraphs(document)
        return [text for text, _ in paragraphs], [style for _, style in paragraphs]
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except FileNotFoundError:
        raise ContentError([Problem(Location(str(path), 1, 1), "文件不存在")]) from None
    except UnicodeDecodeError as exc:
        raise ContentError([Problem(Location(str(path), 1, 1), f"文件不是 UTF-8 编码：{exc.reason}")]) from None
    return lines, [None] * len(lines)


def _docx_paragraphs(document) -> list[tuple[str, str | None]]:
    """Body paragraphs in order, table cells included (a joint 发文机关标志 is a table)."""
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    result = []
    for element in document.element.body.iter(qn("w:p")):
        paragraph = Paragraph(element, document)
        text = paragraph.text.replace("\n", "")
        lead = "".join(r.text for r in paragraph.runs if r.style is not None and r.style.name == "段首句")
        style = paragraph.style.name if paragraph.style is not None else None
        result.append((text, f"{style}|{len(lead)}" if lead else style))
    return result


def import_document(path: Path) -> tuple[str, ImportReport]:
    """The YAML text for the document at `path`, and the report of what was not carried over."""
    texts, styles = read_paragraphs(path)
    lines = _roles(texts, styles)
    report = ImportReport(str(path))
    data = _Builder(lines, styles, report).build()
    return dump_yaml(data, path, report), report


def _roles(texts: list[str], styles: list[str | None]) -> list[Line]:
    """Recognised roles, overridden by gongwen's own Word styles where the file has them."""
    lines = recognise(texts)
    names = [(style or "").split("|")[0] for style in styles]
    result = []
    titles = 0
    for index, (line, name) in enumerate(zip(lines, names, strict=True)):
        role = STYLE_ROLES.get(name)
        if role == "title":
            titles += 1
            role = "title" if titles == 1 else _later_title(names, index)
        if role and line.role != "blank" and not (role == "body" and line.role == "furniture"):
            level = {"一级标题": 1, "二级标题": 2, "三级标题": 3, "四级标题": 4}.get(name, line.level)
            line = Line(line.text, role, level, line.marker, line.number, line.skip)
        result.append(line)
    return result


def _later_title(names: list[str], index: int) -> str:
    """A 2号 title after the first: an attachment's, the glossary's, or the issued document's."""
    before = next((n for n in reversed(names[:index]) if n), "")
    after = next((n for n in names[index + 1:] if n), "")
    if before == "附件标识":
        return "attachment-title"
    if after in ("名词解释", "名词解释说明"):
        return "glossary-title"
    return "issued-title"


class _Builder:
    """Turns recognised lines into the document model's YAML data."""

    def __init__(self, lines: list[Line], styles: list[str | None], report: ImportReport):
        self.lines, self.styles, self.report = lines, styles, report
        self.data: dict = {}

    def build(self) -> dict:
        data, report = self.data, self.report
        bodies: dict[str, list] = {"notice": [], "issued": []}
        stack: list[tuple[int, list]] = []
        target = "notice"
        marks: list[str] = []
        attachments, glossary_terms, signatures = [], [], []
        for number, line in enumerate(self.lines, 1):
            text = line.text.strip()
            role = line.role
            if role == "blank":
                continue
            if role == "furniture":
                report.dropped.append((number, text, "网页内容"))
                continue
            if role == "copy-number":
                data["copy_number"] = text
            elif role == "secrecy":
                data["secrecy"] = text
            elif role == "urgency":
                data["urgency"] = text
            elif role == "issuer-mark":
                marks.append(text)  # a joint mark comes as one line per organ, and 文件
            elif role == "number":
                self._number(text, number)
            elif role == "title" and "title" not in data:
                if line.skip:
                    report.dropped.append((number, text[:line.skip], "标题前的发文字号，与发文字号重复"))
                data["title"] = text[line.skip:]
            elif role == "recipients":
                data["recipients"] = [n.strip() for n in _SPLIT_NAMES.split(text.rstrip("：:")) if n.strip()]
            elif role == "attachment":
                item = re.sub(r"^附件[：:]\s*", "", text)
                item = re.sub(r"^\d+\s*[.．、]\s*", "", item).rstrip("。；;，,")
                attachments.append({"title": item})
            elif role == "signature":
                signatures += [name for name in text.split("\t") if name.strip()]  # joint 署名 share a line
            elif role == "date":
                data["date"] = _iso_date(text) or text
            elif role == "note":
                data["note"] = text.strip("（）() ")
            elif role == "issued-title":
                target = "issued"
                stack = []
                data["issued"] = {"title": text}
            elif role == "subtitle":
                data.setdefault("issued", {"title": ""})["subtitle"] = text.lstrip("—-－ ")
            elif role == "speaker":
                data["issued"]["speaker"] = text
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
                match = re.search(r"(\d{4}年\d{1,2}月\d{1,2}日)\s*印发$", text)
                data["printer"] = {"organ": text[:match.start()].strip(), "date": _iso_date(match.group(1))}
            elif role == "part":
                part = {"part": text, "body": []}
                bodies[target].append(part)
                stack = [(0, part["body"])]
            elif role == "heading":
                self._heading(line, text, stack, bodies[target])
            elif role == "attachment-label":
                report.dropped.append((number, text, "附件标识，由版式生成"))
            elif role == "attachment-title":
                match = next((a for a in attachments if a["title"] == text), None)
                if match is None:
                    match = {"title": text}
                    attachments.append(match)
                target, stack = f"attachment:{attachments.index(match)}", []
                bodies[target] = match.setdefault("body", [])
            else:
                if role not in ("body",):
                    report.warnings.append(Problem(Location(report.path, number, 1),
                                                   f"警告：无法识别的行（{role}），按正文段落导入"))
                container = stack[-1][1] if stack else bodies[target]
                container.append(self._paragraph(text, number, bool(stack and stack[-1][0] > 0)))
        if marks or signatures:
            data.update(_issuer(marks, signatures))
        data["body"] = bodies["notice"]
        if attachments:
            data["attachments"] = attachments
        if signatures:
            data["signature"] = signatures if len(signatures) > 1 else signatures[0]
        if "issued" in data:
            data["issued"]["body"] = bodies["issued"]
        if glossary_terms:
            data.setdefault("glossary", {})["terms"] = glossary_terms
        return data

    def _number(self, text: str, number: int) -> None:
        match = DOC_NUMBER.search(text)
        if match is None:
            self.data["number"] = text
            return
        organ = match.group().split(match.group(1))[0]
        organ = re.sub(r"[〔\[(（【\s]+$", "", organ)
        self.data["number"] = f"{organ}〔{match.group(1)}〕{int(match.group(2))}号"
        signers = re.search(r"签发人[：:]\s*(.+)$", text)
        if signers:
            self.data["signers"] = [s for s in re.split(r"[\s　、，,]+", signers.group(1)) if s]
        rest = (text[:match.start()] + text[match.end():]).strip("()（） ")
        if rest and not signers:
            self.report.dropped.append((number, rest, "发文字号两侧的括号，已规范为〔〕"))

    def _heading(self, line: Line, text: str, stack: list, body: list) -> None:
        if line.marker:
            self.report.markers.append(line.marker)
        heading = text[len(line.marker):].strip() if line.marker else text
        section = {"heading": heading, "body": []}
        level = line.level or 1
        while stack and stack[-1][0] >= level:
            stack.pop()
        (stack[-1][1] if stack else body).append(section)
        stack.append((level, section["body"]))

    def _paragraph(self, text: str, number: int, in_section: bool):
        style = self.styles[number - 1] or ""
        if "|" in style:  # gongwen's own DOCX marks the lead sentence with the 段首句 style
            length = int(style.split("|")[1])
            return {"lead": text[:length], "text": text[length:]}
        end = text.find("。")
        if in_section and 0 < end < LEAD_MAX and end + 1 < len(text):
            return {"lead": text[:end + 1], "text": text[end + 1:]}
        return text


def _issuer(marks: list[str], signatures: list[str]) -> dict:
    """发文机关标志 from its lines (one, or one per organ plus 文件), else from the 署名."""
    if not marks:
        return {"issuer": signatures if len(signatures) > 1 else signatures[0]}
    suffix = "文件" if marks[-1] == "文件" or marks[0].endswith("文件") else ""
    names = [m for m in marks if m != "文件"]
    if len(names) == 1 and names[0].endswith("文件"):
        names = [names[0][:-2]]
    result = {"issuer": names if len(names) > 1 else names[0]}
    if not suffix:
        result["issuer_suffix"] = ""
    return result


def _iso_date(text: str) -> str | None:
    match = re.search(r"(\d{4}|[〇零○OΟ一二三四五六七八九]{4})\s*年\s*"
                      r"([\d十一二三四五六七八九]{1,3})\s*月\s*([\d十一二三四五六七八九]{1,3})\s*日", text)
    if not match:
        return None
    year = match.group(1)
    year = int(year) if year.isdigit() else int("".join(str(_CN_DIGITS[c]) for c in year))
    month, day = (int(v) if v.isdigit() else chinese_value(v) for v in match.groups()[1:])
    return f"{year:04d}-{month:02d}-{day:02d}"


# ── writing YAML the way a person would ──

_KEY_ORDER = ["copy_number", "secrecy", "urgency", "issuer", "issuer_suffix", "number", "signers", "title",
              "recipients", "body", "attachments", "signature", "date", "seal", "note", "cc", "printer",
              "issued", "glossary"]


def dump_yaml(data: dict, source: Path, report: ImportReport) -> str:
    """Readable YAML: the documented keys in the usual order, plain scalars where YAML allows."""
    out = [f"# 由 gongwen import 从 {source.name} 导入。请核对后再发布；导入报告见文件末尾。", ""]
    for key in _KEY_ORDER:
        if key in data:
            _emit(out, key, data[key], 0)
    if report.lines():
        out += ["", "# 导入报告："] + [f"#   {line}" for line in report.lines()]
    return "\n".join(out) + "\n"


def _emit(out: list[str], key: str | None, value, indent: int, item: bool = False) -> None:
    pad = " " * indent
    head = f"{pad}- " if item else pad
    label = f"{key}:" if key is not None else ""
    if isinstance(value, dict):
        keys = list(value)
        keys = [k for k in keys if value[k] != []]
        if item:
            first, rest = keys[0], keys[1:]
            _emit_pair(out, f"{pad}- ", first, value[first], indent + 2)
            for k in rest:
                _emit_pair(out, f"{pad}  ", k, value[k], indent + 2)
        else:
            out.append(f"{head}{label}")
            for k in keys:
                _emit_pair(out, " " * (indent + 2), k, value[k], indent + 2)
    elif isinstance(value, list):
        out.append(f"{head}{label}")
        for element in value:
            _emit(out, None, element, indent + 2, item=True)
    else:
        text = _scalar(value)
        out.append(f"{head}{label + ' ' if label else ''}{text}")


def _emit_pair(out: list[str], prefix: str, key: str, value, indent: int) -> None:
    if value == []:
        return  # an empty body is the default
    if isinstance(value, (dict, list)):
        out.append(f"{prefix}{key}:")
        if isinstance(value, dict):
            for k, v in value.items():
                _emit_pair(out, " " * (indent + 2), k, v, indent + 2)
        else:
            for element in value:
                _emit(out, None, element, indent + 2, item=True)
    else:
        out.append(f"{prefix}{key}: {_scalar(value)}")


def _scalar(value) -> str:
    text = str(value)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return text
    try:
        if yaml.safe_load(f"k: {text}") == {"k": text} and not text.startswith(("“", "‘")) or \
                yaml.safe_load(f"k: {text}") == {"k": text}:
            return text
    except yaml.YAMLError:
        pass
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
