"""Run the rules over files: configuration, inline suppression, diagnostics, and fixes until stable."""

from __future__ import annotations

import copy
import fnmatch
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from gongwen.check.registry import Finding, Rule, all_rules
from gongwen.check.units import Document, read_units
from gongwen.errors import GongwenError
from gongwen.model.document import PLACEHOLDER
from gongwen.project import Project

MAX_PASSES = 10


@dataclass(frozen=True)
class Diagnostic:
    """One finding, located in the source file, with its rule's identity and the fix text if any."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    rule: str
    name: str
    severity: str
    message: str
    fix: str | None  # replacement text of a safe (or, with unsafe fixes, unsafe) fix
    fix_safety: str  # "safe", "unsafe" or "none"

    def __str__(self) -> str:
        star = " [*]" if self.fix is not None and self.fix_safety == "safe" else ""
        return f"{self.path}:{self.line}:{self.column}: {self.rule}{star} {self.message}"


@dataclass
class CheckConfig:
    """`[check]` of gongwen.toml or `[tool.gongwen.check]`: select, ignore, severity, per-file-ignores."""

    select: set[str] | None = None
    ignore: set[str] = field(default_factory=set)
    severity: dict[str, str] = field(default_factory=dict)
    per_file_ignores: dict[str, set[str]] = field(default_factory=dict)
    project: Project | None = None  # whose templates name gongwen's Word styles (None: the current directory's)

    @classmethod
    def of(cls, project: Project) -> CheckConfig:
        settings = project.settings.get("check", {})
        known = all_rules()
        config = cls(
            select=_codes(settings["select"], known) if "select" in settings else None,
            ignore=_codes(settings.get("ignore", []), known),
            severity={_codes([k], known).pop(): v for k, v in settings.get("severity", {}).items()},
            per_file_ignores={pattern: _codes(codes, known)
                              for pattern, codes in settings.get("per-file-ignores", {}).items()},
            project=project,
        )
        bad = {v for v in config.severity.values() if v not in ("error", "warning")}
        if bad:
            raise GongwenError(f"检查配置有误：severity 只能是 error 或 warning，不能是 {'、'.join(sorted(bad))}")
        return config

    def rules_for(self, path: str) -> list[Rule]:
        rules = all_rules()
        chosen = self.select if self.select is not None else set(rules)
        ignored = set(self.ignore)
        for pattern, codes in self.per_file_ignores.items():
            if fnmatch.fnmatch(path, pattern) or fnmatch.fnmatch(Path(path).name, pattern):
                ignored |= codes
        return [rule for code, rule in rules.items() if code in chosen and code not in ignored]


def _codes(values: list[str], known: dict[str, Rule]) -> set[str]:
    """Rule codes from codes, names or prefixes (GW2 selects every 2xx rule)."""
    names = {rule.name: code for code, rule in known.items()}
    codes = set()
    for value in values:
        matched = {code for code in known if code.startswith(value)} or ({names[value]} if value in names else set())
        if not matched:
            raise GongwenError(f"检查配置有误：没有规则“{value}”（运行 gongwen rules 查看全部规则）")
        codes |= matched
    return codes


def check_document(doc: Document, config: CheckConfig, unsafe: bool = False) -> list[Diagnostic]:
    """Every finding of the selected rules, minus those switched off by inline comments."""
    diagnostics = []
    for rule in config.rules_for(doc.path):
        for finding in _findings(rule, doc):
            severity = config.severity.get(rule.code) or finding.severity or rule.severity
            start, end = finding.unit.locate(finding.start), finding.unit.locate(max(finding.end, finding.start))
            disabled = doc.disabled.get(start.line, set())
            if rule.code in disabled or "all" in disabled:
                continue
            offered = finding.edit is not None and (rule.fix == "safe" or (unsafe and rule.fix == "unsafe"))
            diagnostics.append(Diagnostic(
                doc.path, start.line, start.column, end.line, end.column, rule.code, rule.name, severity,
                finding.message, finding.edit.text if offered else None, rule.fix))
    return sorted(diagnostics, key=lambda d: (d.line, d.column, d.rule))


@dataclass(frozen=True, order=True)
class _Edit:
    """A fix as it applies to the file (start, end, new text) and to its unit's string."""

    start: int
    end: int
    text: str
    unit: int
    unit_start: int
    unit_end: int


def _findings(rule: Rule, doc: Document):
    """The rule's findings, less those inside an import's placeholder (【待填写：正文】): GW113 reports the
    placeholder; its words are not the document's, so no other rule weighs their punctuation."""
    if rule.code == "GW113":
        yield from rule.check(doc)
        return
    spans: dict[int, list[tuple[int, int]]] = {}  # each unit's placeholders, found once
    for finding in rule.check(doc):
        unit = finding.unit
        if id(unit) not in spans:
            spans[id(unit)] = [m.span() for m in PLACEHOLDER.finditer(unit.text)]
        if not any(start <= finding.start and finding.end <= end for start, end in spans[id(unit)]):
            yield finding


def fixed_text(doc: Document, config: CheckConfig, unsafe: bool = False) -> str | None:
    """The source text with every applicable fix made once; None when nothing changes.

    In YAML a fix must change its string and nothing else: the fixed file is parsed again and its
    data compared with the data the fixes intend; a unit whose fixes do anything more keeps its text.
    """
    if doc.text is None:
        return None
    edits: list[_Edit] = []
    for rule in config.rules_for(doc.path):
        if rule.fix == "none" or (rule.fix == "unsafe" and not unsafe):
            continue
        for finding in _findings(rule, doc):
            span = _source_span(finding)
            if span and doc.disabled.get(finding.unit.locate(finding.start).line, set()).isdisjoint({rule.code, "all"}):
                edits.append(_Edit(*span, finding.edit.text, finding.unit.index, finding.edit.start, finding.edit.end))
    applied = _without_overlaps(edits)
    if doc.kind == "yaml":
        applied = _faithful(doc, applied)
    text = _apply(doc.text, applied)
    return text if text != doc.text else None


def _without_overlaps(edits: list[_Edit]) -> list[_Edit]:
    """The edits to make in one pass, last first; one overlapping another waits for the next pass."""
    kept: list[_Edit] = []
    for edit in sorted(set(edits), reverse=True):
        if not kept or edit.end <= kept[-1].start:
            kept.append(edit)
    return kept


def _apply(text: str, edits: list[_Edit]) -> str:
    return _spliced(text, [(edit.start, edit.end, edit.text) for edit in edits])


def _spliced(text: str, edits: list[tuple[int, int, str]]) -> str:
    """`text` with non-overlapping (start, end, new) replacements, given last first; in linear time."""
    pieces, end = [], len(text)
    for start, stop, new in edits:
        pieces += [text[stop:end], new]
        end = start
    pieces.append(text[:end])
    return "".join(reversed(pieces))


def _faithful(doc: Document, edits: list[_Edit]) -> list[_Edit]:
    """The edits whose fixed file parses to exactly the intended data: first all together, else unit by unit."""
    if not edits or _parses_as_intended(doc, edits):
        return edits
    kept = [edit for group in _by_unit(edits).values() if _parses_as_intended(doc, group) for edit in group]
    return kept if kept and _parses_as_intended(doc, kept) else []


def _by_unit(edits: list[_Edit]) -> dict[int, list[_Edit]]:
    """The edits grouped by the unit they change, each group in the order given (last first)."""
    groups: dict[int, list[_Edit]] = {}
    for edit in edits:
        groups.setdefault(edit.unit, []).append(edit)
    return groups


def _parses_as_intended(doc: Document, edits: list[_Edit]) -> bool:
    from gongwen.model.source import parse_source

    try:
        data = parse_source(doc.path, _apply(doc.text, edits)).data
    except GongwenError:
        return False
    intended = copy.deepcopy(doc.data)
    for unit_index, group in _by_unit(edits).items():
        unit = doc.units[unit_index]
        value = _spliced(unit.text, [(e.unit_start, e.unit_end, e.text) for e in group])
        *parents, last = unit.key
        holder = intended
        for part in parents:
            holder = holder[part]
        holder[last] = value
    return data == intended


def _source_span(finding: Finding) -> tuple[int, int] | None:
    edit = finding.edit
    if edit is None:
        return None
    start = finding.unit.source_offset(edit.start)
    end = finding.unit.source_offset(edit.end) if edit.end > edit.start else start
    if start is None or end is None or end - start != edit.end - edit.start:
        return None  # the characters do not stand verbatim in the file (escaped or folded YAML)
    return start, end


@dataclass
class FileResult:
    path: Path
    diagnostics: list[Diagnostic]
    fixed: str | None = None  # the fixed source text, when fixing changed it
    fixes: int = 0
    original: str | None = None  # the source text before fixing
    newline: str = "\n"  # the file's line ending and encoding, for writing `fixed` back
    encoding: str = "utf-8"


def check_file(path: Path, config: CheckConfig, *, fix: bool = False, unsafe: bool = False,
               fonts: dict | None = None) -> FileResult:
    """Check one file; with `fix`, fix and re-check until nothing changes (the file is not written)."""
    doc = read_units(path, config.project)
    doc.fonts = fonts
    original = doc.text
    fixes = 0
    if fix:
        for _ in range(MAX_PASSES):
            changed = fixed_text(doc, config, unsafe)
            if changed is None:
                break
            fixes += 1
            doc = replace(_reread(path, changed, config.project), fonts=fonts, newline=doc.newline,
                          encoding=doc.encoding)
        else:
            raise GongwenError(f"{path}: 修复在 {MAX_PASSES} 轮后仍未稳定（这是 gongwen 的缺陷，请报告）")
    result = FileResult(path, check_document(doc, config, unsafe), doc.text if doc.text != original else None, fixes,
                        original, doc.newline, doc.encoding)
    if result.fixed is not None:  # report positions in the file as it will be written
        result.diagnostics = [replace(d, path=str(path)) for d in result.diagnostics]
    return result


def _reread(path: Path, text: str, project: Project | None) -> Document:
    """Units of `text` as if it were the file at `path` (it is written beside it, then removed)."""
    with tempfile.NamedTemporaryFile("w", suffix=path.suffix, dir=path.parent, encoding="utf-8",
                                     delete=False, prefix=".gongwen-fix-") as handle:
        handle.write(text)
    temp = Path(handle.name)
    try:
        doc = read_units(temp, project)
    finally:
        temp.unlink(missing_ok=True)
    doc.path = str(path)
    return doc
