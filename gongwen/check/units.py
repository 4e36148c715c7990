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
from typing import TYPE_CHECKING

from pydantic import ValidationError

from gongwen.errors import Location
from gongwen.importing.forms import GLOSSARY_ENTRY, TITLE_NUMBER, document_format, is_order_number
from gongwen.model.document import kind_of_title
from gongwen.model.table import Table, table_part, tables_in
from gongwen.project import Project

if TYPE_CHECKING:
    from gongwen.model.document import Document as Model

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
    key: tuple = ()  # where a YAML unit's string stands in the data


@dataclass
class Document:
    """The units of one input file, its source text (for fixes) and its kind."""

    path: str
    kind: str  # "yaml", or the kind of document read: "txt", "html", "docx", "doc", "pdf", "ofd" …
    text: str | None
    units: list[Unit]
    disabled: dict[int, set[str]] = field(default_factory=dict)  # line → codes off by comment
    fonts: dict | None = None  # the print fonts, for the glyph rule (set by the runner)
    format: str = "文件"  # GB/T 9704 §10 format: 文件, 信函, 命令 or 纪要
    doc_kind: str | None = None  # 文种, where known
    tables: list[tuple[Table, dict[tuple, Unit]]] = field(default_factory=list)  # with their strings' units
    newline: str = "\n"  # the file's line ending, restored when fixes are written
    encoding: str = "utf-8"  # the file's encoding, kept when fixes are written
    data: object = None  # a YAML file's data, which fixes may change only where they say

    def role(self, *roles: str) -> Iterator[Unit]:
        return (u for u in self.units if u.role in roles)

    def first(self, role: str) -> Unit | None:
        return next(self.role(role), None)

    def runs(self, role: str) -> list[list[Unit]]:
        """Consecutive units of `role`: a title broken over several lines is one run."""
        runs: list[list[Unit]] = []
        for unit in self.units:
            if unit.role == role and runs and runs[-1][-1].index == unit.index - 1:
                runs[-1].append(unit)
            elif unit.role == role:
                runs.append([unit])
        return runs


_DISABLE = re.compile(r"#\s*gongwen:\s*disable=([A-Z0-9, ]+)")


def read_units(path: Path, project: Project | None = None) -> Document:
    """Read a .yaml file, or any document `import` reads (text, web page, Word, PDF, OFD; a Word file's styles
    as `project`'s), into units."""
    if path.suffix.lower() in (".yaml", ".yml"):
        return _yaml_units(path)
    from gongwen.importing.readers import read_source

    return source_units(read_source(path, project))


def source_units(source) -> Document:
    """Units of a document read by one of the import readers, roles from the recogniser."""
    from gongwen.importing.recognize import recognise  # the recogniser only for documents that are not YAML

    units: list[Unit] = []
    tables: list[tuple[Table, dict[tuple, Unit]]] = []
    issued = False
    for block, line in zip(source.blocks, recognise(source.blocks).lines, strict=True):
        if line.role in ("blank", "furniture", "metadata"):
            continue
        if line.role == "table":
            tables += _table_units(source.path, line, units)
            continue
        issued = issued or line.role == "issued-title"
        for role, start, piece, end in _split(line):
            def locate(offset: int, b=block, s=start) -> Location:
                return Location(source.path, b.line, b.column + s + offset)

            def offset_in_file(offset: int, b=block, s=start) -> int | None:
                return None if b.offset is None else b.offset + s + offset

            heading = role == "heading"
            units.append(Unit(piece, role, len(units), locate, offset_in_file, line.level if heading else 0,
                              line.marker if heading else "", line.number if heading else 0, issued, end))
    doc = Document(source.path, source.kind, source.text, units, tables=tables, encoding=source.encoding)
    marks = [u.text.strip() for u in doc.role("issuer-mark", "order-mark")]
    runs = doc.runs("title")
    title = "".join(u.text.strip() for u in runs[0]) if runs else ""
    number = next((u.text for u in doc.role("number")), "")
    ordered = any(u.role == "order-mark" or is_order_number(u.text) for u in doc.role("order-mark", "order-number"))
    doc.format = document_format(marks, title, number, ordered)
    doc.doc_kind = doc.format if doc.format in ("命令", "纪要") else kind_of_title(title) if title else None
    return doc


def _table_units(path: str, line, units: list[Unit]) -> list[tuple[Table, dict[tuple, Unit]]]:
    """A unit for each cell of a table read from a document (located at the cell), added to `units`; and
    the table as the model reads it, with its cells' units, where its rows make a table."""
    from gongwen.importing.builder import table_node

    node = table_node(line)
    written = {("table", r, c): cell for r, row in enumerate(line.table) for c, cell in enumerate(row)}
    if "total" in node:  # the last row became the totals row
        last = len(line.table) - 1
        written = {(("total", p[2]) if p[1] == last else p): cell for p, cell in written.items()}
    by_place = {}
    for place, cell in written.items():
        role = "table-total" if place[0] == "total" else "table-head" if place[1] < line.header_rows else \
            "table-cell"

        def locate(offset: int, c=cell) -> Location:
            return Location(path, c.line, c.column + offset)

        units.append(Unit(cell.text, role, len(units), locate, lambda offset: None))
        by_place[place] = units[-1]
    try:
        table = Table.model_validate(node)
    except ValidationError:
        return []
    return [] if table.problems else [(table, by_place)]


def _split(line) -> list[tuple[str, int, str, bool]]:
    """(role, start, text, ends the paragraph) of the pieces of a line: a glossary entry's term and
    definition, a run-in heading or 段首句 and the text after it, a web title after its 文号."""
    from gongwen.importing.recognize import masthead_columns

    text = line.text.rstrip()
    if line.role == "glossary-entry":
        match = GLOSSARY_ENTRY.match(text)
        if match:
            return [("glossary-term", match.start(2), match.group(2), False),
                    ("glossary-definition", match.end(2), text[match.end(2):], True)]
    if 0 < line.head < len(text):
        first = "heading" if line.role == "heading" else "lead"
        return [(first, 0, text[:line.head], False), ("body", line.head, text[line.head:], True)]
    columns = masthead_columns(text) if line.role == "masthead-row" else None
    if columns:  # a printed 版头 row: 紧急程度 and 发文字号, or 发文字号 and 签发人
        return [(role, start, piece, True) for role, start, piece in columns]
    number = TITLE_NUMBER.search(text) if line.role == "title" else None
    if number:  # “…的通知（岳办发〔2017〕2号）”: a web title followed by its own 文号
        return [("title", line.skip, text[line.skip:number.start()], True),
                ("number", number.start(1), number.group(1), True)]
    return [(line.role, line.skip, text[line.skip:], True)]



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

    return document_units(load_document(path), path)  # a file that does not load is reported as a content error


def document_units(doc: Model, path: Path) -> Document:
    """The units of a content file already loaded (a validated model document), as the rules read them."""
    source = doc._source
    units = []
    at: dict[tuple, Unit] = {}
    for loc, text in source.strings():
        keys = [k for k in loc if isinstance(k, str)]
        key = keys[-1] if keys else ""
        if key == "body" or isinstance(loc[-1], int) and key == "body":
            key = "text"  # a paragraph written as a plain string
        role = _SIGNED_BY_ROLES.get(key) if loc[0] == "signed_by" else _YAML_ROLES.get(key)
        part = table_part(source.data, loc)
        if part is not None:  # a table's strings have roles of their own
            role = None if part == "setting" else f"table-{part}"
        elif loc[0] == "issued" and key == "title":
            role = "issued-title"
        elif loc[0] == "glossary" and key == "title":
            role = "glossary-title"
        elif loc[0] == "glossary" and key == "note":
            role = "glossary-note"
        elif loc[0] == "attachments" and key == "title":
            role = "attachment"
        if role is None:
            continue
        level = _level(source.data, loc) if role == "heading" else 0

        def locate(offset: int, where=loc) -> Location:
            return source.position(where, offset)

        units.append(Unit(text, role, len(units), locate, lambda offset, where=loc: source.char_offset(where, offset),
                          level=level, issued=loc[0] == "issued", paragraph_end=key != "lead", key=loc))
        at[loc] = units[-1]
    for loc, text in ((("date",), doc.date_text), (("printer", "date"), doc.printer.date_text if doc.printer else "")):
        if text:  # dates are data in YAML; their written form is what the print shows
            units.append(Unit(text, "date" if len(loc) == 1 else "printed-date", len(units),
                              lambda offset, where=loc: source.locate(where), lambda offset: None))
    disabled = {}
    for number, line in enumerate(source.text.split("\n"), 1):
        match = _DISABLE.search(line)
        if match:
            disabled[number] = {c.strip() for c in match.group(1).split(",") if c.strip()}
    tables = [(table, {loc[len(place):]: unit for loc, unit in at.items() if loc[:len(place)] == place})
              for base, body in doc.bodies() for place, table in tables_in(body, base)]
    return Document(str(path), "yaml", source.text, units, disabled, format=doc.format, doc_kind=doc.doc_kind,
                    tables=tables, newline=source.newline, data=source.data)


def _level(data: object, loc: tuple) -> int:
    node, level = data, 0
    for depth, part in enumerate(loc[:-1]):
        node = node[part]
        if isinstance(part, int) and isinstance(node, dict) and "heading" in node and depth < len(loc) - 1:
            skip = node.get("skip", 0)
            level += 1 + (skip if isinstance(skip, int) else 0)  # a heading that leaves levels out
    return level
