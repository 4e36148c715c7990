"""The real documents of tests/corpus, imported and checked, compared with their answer files.

Shared by tests/test_corpus.py and bench/corpus.py (which prints the numbers the README quotes).
"""

from __future__ import annotations

import hashlib
import re
import tempfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from gongwen.check.runner import CheckConfig, Diagnostic, check_file
from gongwen.importing.importer import import_document
from gongwen.importing.readers import read_source
from gongwen.model.document import PLACEHOLDER
from gongwen.model.loader import load_document
from gongwen.project import Project

CORPUS = Path(__file__).resolve().parent / "corpus"
SOURCES = ("source.txt", "source.html", "source.docx", "source.doc", "source.wps", "source.pdf")
# Originals published as office files: imported from the file itself. They are not committed (third-party files are
# fetched, not kept in git); `python bench/corpus_originals.py` downloads each from its answer's `source` address and
# checks it against the answer's `sha256`.
ORIGINALS = ("original.docx", "original.doc", "original.wps", "original.pdf", "original.ofd")
# Fields of answer.yaml that `import` fills, compared after removing spaces (layout, not text).
FIELDS = ("title", "number", "date", "issuer", "signature", "recipients", "attachments", "note", "format", "kind")


@dataclass
class Case:
    """One corpus document: its folder, the file to import, and its answer."""

    folder: Path
    source: Path
    answer: dict

    @property
    def name(self) -> str:
        return self.folder.name

    @property
    def clean(self) -> bool:
        """Nothing wrong with it as published: no recorded defect, not cut short."""
        return not self.answer.get("defects") and not self.answer.get("truncated")


def cases() -> list[Case]:
    """Every document whose file to import is here (an original not yet fetched is left out: see `missing`)."""
    found = []
    for folder in sorted(p for p in CORPUS.iterdir() if (p / "answer.yaml").exists()):
        answer = yaml.safe_load((folder / "answer.yaml").read_text(encoding="utf-8"))
        source = folder / answer["original"] if answer.get("original") else \
            next((folder / name for name in SOURCES if (folder / name).exists()), None)
        if source is not None and source.exists():
            found.append(Case(folder, source, answer))
    return found


def missing() -> list[str]:
    """Documents whose original office file has not been fetched (`python bench/corpus_originals.py`)."""
    return [folder.name for folder in sorted(CORPUS.iterdir()) if (folder / "answer.yaml").exists()
            and (original := yaml.safe_load((folder / "answer.yaml").read_text(encoding="utf-8")).get("original"))
            and not (folder / original).exists()]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass
class Outcome:
    """What import and check made of one case."""

    case: Case
    yaml_text: str
    data: dict
    fields: dict[str, tuple[object, object]]  # field → (imported, expected), normalised
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def wrong(self) -> dict[str, tuple[object, object]]:
        return {k: v for k, v in self.fields.items() if v[0] != v[1]}

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    def found(self, defect: dict) -> bool:
        """A diagnostic of the defect's rule on a line where its text stands."""
        lines = defect_lines(self.case.source, defect["text"])
        return any(d.rule == defect["rule"] and d.line in lines for d in self.diagnostics)

    def false_errors(self) -> list[Diagnostic]:
        """Errors not explained by a recorded defect (of that rule, on that line)."""
        explained = set()
        for defect in self.case.answer.get("defects") or []:
            explained |= {(defect["rule"], line) for line in defect_lines(self.case.source, defect["text"])}
        return [d for d in self.errors if (d.rule, d.line) not in explained]


def defect_lines(source: Path, text: str) -> set[int]:
    """Lines of the source file on which `text` (a defect's excerpt) stands; in an office file, the paragraphs
    (the numbers the checker reports) whose text holds it."""
    if source.name in ORIGINALS:
        return {line for line, paragraph in _paragraphs(source) if text in paragraph}
    content = source.read_text(encoding="utf-8", errors="replace")
    lines, start = set(), content.find(text)
    while start >= 0:
        first = content.count("\n", 0, start) + 1
        lines |= set(range(first, first + text.count("\n") + 1))
        start = content.find(text, start + 1)
    return lines


def evaluate(case: Case, project: Project) -> Outcome:
    """Import the case's source and check it as it is."""
    text, _ = import_document(case.source)
    data = yaml.safe_load(text)
    with tempfile.TemporaryDirectory() as folder:  # the model says which format and 文种 the YAML makes
        path = Path(folder) / "imported.yaml"
        path.write_text(text, encoding="utf-8")
        doc = load_document(path)
    data |= {"format": doc.format, "kind": doc.doc_kind}
    fields = {name: (imported_field(data, name), expected_field(case.answer, name))
              for name in FIELDS if name in case.answer}
    diagnostics = check_file(case.source, CheckConfig.of(project)).diagnostics
    return Outcome(case, text, data, fields, diagnostics)


@cache
def _paragraphs(source: Path) -> tuple[tuple[int, str], ...]:
    """An office file's paragraphs as the checker numbers them (read once: .doc goes through LibreOffice)."""
    return tuple((block.line, block.text) for block in read_source(source).blocks)


LISTS = ("issuer", "signature", "recipients")


def number_form(text: str) -> str:
    """A 文号 in the form import writes it (GB/T 9704 §7.2.4: 〔〕, no 第, no leading zeros): answers keep
    the document's own writing, and import normalises it on purpose (and says so in its report)."""
    text = re.sub(r"[\[［【(（﹝]", "〔", re.sub(r"[\]］】)）﹞]", "〕", text))
    return re.sub(r"〕\s*第?\s*0*(\d+)\s*号", r"〕\1号", text)


def imported_field(data: dict, name: str):
    value = data.get(name)
    if name == "signature" and value is None and data.get("signed_by"):  # a 签名章: 职务 and name
        value = [f"{s['title']}{s['name']}" for s in data["signed_by"] if isinstance(s, dict)]
    if name in LISTS and isinstance(value, str):
        value = [value]
    if name == "attachments":
        value = [a["title"] for a in value or []]
    if name == "date" and value is not None:
        value = str(value)
    if name == "number" and value:
        value = number_form(value)
    return normal(value)


def expected_field(answer: dict, name: str):
    value = answer.get(name)
    if name == "kind" and value:
        value = value.split("（")[0]  # 命令（令）
    if name in LISTS and isinstance(value, str):
        value = [value]
    if name == "date" and value is not None:
        value = str(value)
    if name == "number" and value:
        value = number_form(value)
    return normal(value)


def normal(value):
    """Spaces removed, one name as a list of one, nothing as None: what a comparison should ignore."""
    if value is None or value == [] or value == "":
        return None
    if isinstance(value, str):
        return None if PLACEHOLDER.search(value) else re.sub(r"[\s\u3000]", "", value)
    if isinstance(value, list):
        values = [normal(v) for v in value]
        return None if all(v is None for v in values) else values
    return value
