"""What the rules read: a document as text units, each with a role and a way back to its source.

A unit is one string of the document (a paragraph, a title, a 发文字号 …). Offsets inside a unit
map back to line and column of the source file and, where the characters stand there verbatim,
to offsets for fixes. YAML, plain text and Word files all become the same units.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from gongwen.errors import ContentError, Location, Problem
from gongwen.importing.recognize import GLOSSARY_ENTRY, recognise
from gongwen.model.document import kind_of_title

# Roles whose text is running prose, where sentence-level rules apply.
PROSE = frozenset({"body", "note", "glossary-definition", "lead"})


@dataclass(frozen=True)
class Unit:
    """One string of the document, its role (see gongwen.importing.recognize) and its place in the source."""

    text: str
    role: str
    index: int
    locate: Callable[[int], Location] = field(compare=False, repr=False)
    source_offset: Callable[[int], int | None] = field(compare=False, repr=False)
    level: int = 0
    marker: str = ""  # a typed sequence marker (text and Word input); YAML computes its own
    number: int = 0
    issued: bool = False  # in the issued document (e.g. the 政府工作报告) rather than the notice
    paragraph_end: bool = True  # the unit ends its paragraph (a lead sentence does not)


@dataclass
class Document:
    """The units of one input file, its source text (for fixes) and its kind."""

    path: str
    kind: str  # "yaml", "txt" or "docx"
    text: str | None
    units: list[Unit]
    disabled: dict[int, set[str]] = field(default_factory=dict)  # line → codes off by comment
    fonts: dict | None = None  # the print fonts, for the glyph rule (set by the runner)
    format: str = "文件"  # GB/T 9704 §10 format: 文件, 信函, 命令 or 纪要
    doc_kind: str | None = None  # 文种, where known

    def role(self, *roles: str) -> Iterator[Unit]:
        return (u for u in self.units if u.role in roles)

    def first(self, role: str) -> Unit | None:
        return next(self.role(role), None)


_DISABLE = re.compile(r"#\s*gongwen:\s*disable=([A-Z0-9, ]+)")


def read_units(path: Path) -> Document:
    """Read a .yaml, .txt or .docx file into units; unreadable input raises ContentError."""
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return _yaml_units(path)
    if suffix == ".docx":
        return _docx_units(path)
    if suffix in (".txt", ".text", ""):
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ContentError([Problem(Location(str(path), 1, 1), "文件不存在")]) from None
        except UnicodeDecodeError as exc:
            raise ContentError([Problem(Location(str(path), 1, 1), f"文件不是 UTF-8 编码：{exc.reason}")]) from None
        return text_units(str(path), text)
    raise ContentError([Problem(Location(str(path), 1, 1), "只能检查 .yaml、.txt 和 .docx 文件")])


def text_units(path: str, text: str, kind: str = "txt") -> Document:
    """Units of plain text, one paragraph per line, roles recognised from the text."""
    raw_lines = text.split("\n")
    starts, offset = [], 0
    for line in raw_lines:
        starts.append(offset)
        offset += len(line) + 1
    units = []
    issued = False
    for number, line in enumerate(recognise(raw_lines)):
        if line.role in ("blank", "furniture"):
            continue
        issued = issued or line.role == "issued-title"
        lead = len(line.text) - len(line.text.lstrip())
        begin = lead + line.skip
        content = line.text[begin:].rstrip()
        for role, start, piece in _split(line.role, content):
            base = starts[number] + begin + start
            column = begin + start

            def locate(offset: int, row=number, col=column) -> Location:
                return Location(path, row + 1, col + offset + 1)

            units.append(Unit(piece, role, len(units), locate, lambda offset, b=base: b + offset,
                              line.level, line.marker, line.number, issued))
    mark = next((u.text for u in units if u.role == "issuer-mark"), "")
    title = next((u.text for u in units if u.role == "title"), "")
    fmt = "命令" if mark.endswith("令") else "纪要" if mark.endswith("纪要") else "文件"
    return Document(path, kind, text, units, format=fmt, doc_kind=kind_of_title(title) if title else None)


def _split(role: str, text: str) -> list[tuple[str, int, str]]:
    """A glossary entry `1.术语：解释` becomes its term and its definition (from the colon on)."""
    if role == "glossary-entry":
        match = GLOSSARY_ENTRY.match(text)
        if match:
            return [("glossary-term", match.start(2), match.group(2)),
                    ("glossary-definition", match.end(2), text[match.end(2):])]
    return [(role, 0, text)]


def _docx_units(path: Path) -> Document:
    """Units of a Word file: one per paragraph; lines are paragraph numbers. Read only."""
    import docx

    try:
        paragraphs = [p.text for p in docx.Document(str(path)).paragraphs]
    except Exception as exc:  # python-docx raises several kinds for a broken package
        raise ContentError([Problem(Location(str(path), 1, 1), f"无法读取 Word 文件：{exc}")]) from None
    document = text_units(str(path), "\n".join(paragraphs), kind="docx")
    document.text = None  # fixes are not written back into Word files
    return document


# Roles of YAML keys; headings get their level from the tree.
_YAML_ROLES = {"title": "title", "number": "number", "recipients": "recipients", "text": "body",
               "lead": "lead", "heading": "heading", "part": "part", "signature": "signature",
               "note": "note", "cc": "cc", "organ": "printer", "subtitle": "subtitle", "speaker": "speaker",
               "salutation": "salutation", "term": "glossary-term", "also": "glossary-term",
               "definition": "glossary-definition", "issuer": "issuer-mark", "signers": "signers",
               "copy_number": "copy-number", "secrecy": "secrecy", "urgency": "urgency",
               "attendees": "attendance", "on_leave": "attendance", "observers": "attendance"}

_SIGNED_BY_ROLES = {"title": "signer-title", "name": "signer-name"}


def _yaml_units(path: Path) -> Document:
    from gongwen.model.loader import load_document

    doc = load_document(path)  # a file that does not load is reported as a content error
    source = doc._source
    units = []
    for loc, text in source.strings():
        keys = [k for k in loc if isinstance(k, str)]
        key = keys[-1] if keys else ""
        if key == "body" or isinstance(loc[-1], int) and key == "body":
            key = "text"  # a paragraph written as a plain string
        role = _SIGNED_BY_ROLES.get(key) if loc[0] == "signed_by" else _YAML_ROLES.get(key)
        if role is None:
            continue
        if loc[0] == "issued" and key == "title":
            role = "issued-title"
        elif loc[0] == "glossary" and key == "title":
            role = "glossary-title"
        elif loc[0] == "glossary" and key == "note":
            role = "glossary-note"
        elif loc[0] == "attachments" and key == "title":
            role = "attachment"
        level = _level(source.data, loc) if role == "heading" else 0

        def locate(offset: int, where=loc) -> Location:
            return source.position(where, offset)

        units.append(Unit(text, role, len(units), locate, lambda offset, where=loc: source.char_offset(where, offset),
                          level=level, issued=loc[0] == "issued", paragraph_end=key != "lead"))
    for loc, text in ((("date",), doc.date_text), (("printer", "date"), doc.printer.date_text if doc.printer else "")):
        if text:  # dates are data in YAML; their written form is what the print shows
            units.append(Unit(text, "date" if len(loc) == 1 else "printed-date", len(units),
                              lambda offset, where=loc: source.locate(where), lambda offset: None))
    disabled = {}
    for number, line in enumerate(source.text.splitlines(), 1):
        match = _DISABLE.search(line)
        if match:
            disabled[number] = {c.strip() for c in match.group(1).split(",") if c.strip()}
    return Document(str(path), "yaml", source.text, units, disabled, format=doc.format, doc_kind=doc.doc_kind)


def _level(data: object, loc: tuple) -> int:
    node, level = data, 0
    for depth, part in enumerate(loc[:-1]):
        node = node[part]
        if isinstance(part, int) and isinstance(node, dict) and "heading" in node and depth < len(loc) - 1:
            level += 1
    return level
