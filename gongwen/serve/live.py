"""What the preview shows, kept current by build rounds: the documents, their outputs, findings and errors.

A round reads the project again, checks the content files whose text or configuration changed,
and builds what is stale through the ordinary pipeline (into the same output folder and state as
`gongwen build`), telling the open pages after every output written: the web page first, then
the printed pages, then the Word file. A file that fails keeps its last good outputs on show.
"""

from __future__ import annotations

import json
import sys
import threading
import traceback
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pypdfium2 as pdfium

from gongwen.build.lock import output_lock
from gongwen.build.pipeline import Build, build_file, finish, stale
from gongwen.build.state import file_hash, source_hash
from gongwen.build.writer import recover
from gongwen.check.runner import CheckConfig, Diagnostic, check_document
from gongwen.check.units import Document as Units
from gongwen.check.units import document_units
from gongwen.errors import ContentError, GongwenError, Location
from gongwen.model.document import Document
from gongwen.model.loader import load_document
from gongwen.project import Project
from gongwen.serve.events import Broadcaster
from gongwen.serve.pages import PrintedPages, Quote

FORMATS = ["html", "pdf", "docx"]  # the web page first: it shows while the PDF is laid out
_CONTEXT = 8  # characters quoted either side of a finding, to find its place in the outputs


@dataclass
class DocumentView:
    """One content file as the page shows it."""

    source: Path
    title: str = ""
    number: str = ""
    date: str = ""
    day: str = ""  # the date as ISO text, for the order of the index
    html: str | None = None  # hash of the web page on show
    pages: PrintedPages | None = None
    docx: bool = False
    findings: list[dict] = field(default_factory=list)
    quotes: list[Quote | None] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)  # why the last round could not build it
    notes: list[str] = field(default_factory=list)  # warnings of its last build (fonts, glyphs)
    checked: str = ""  # what the findings were computed from
    described: str = ""  # what the title, number and date were read from

    def summary(self, show) -> dict:
        pages = self.pages
        return {
            "stem": self.source.stem, "source": show(self.source), "title": self.title or self.source.stem,
            "number": self.number, "date": self.date, "html": self.html, "docx": self.docx,
            "pdf": {"sha": pages.sha, "sizes": pages.sizes} if pages else None,
            "findings": self.findings, "errors": self.errors, "notes": self.notes,
        }


class Preview:
    """The served project: documents in the order of the publishing index, and a stream of change notices."""

    def __init__(self, project_root: Path, out_dir: Path | None = None, files: list[Path] | None = None):
        self.root = project_root.resolve()
        self.out_dir = out_dir.resolve() if out_dir else self.root / "output"
        self.files = [f.resolve() for f in files or []]
        self.events = Broadcaster()
        self.documents: dict[str, DocumentView] = {}
        self.error: str | None = None  # the project itself cannot be read (configuration, fonts)
        self.notes: list[str] = []  # the font report
        self.building: str | None = None
        self.rounds = 0
        self._version = 0
        self._lock = threading.Lock()

    def show(self, path: Path | str) -> str:
        """A path as the user reads it: relative to the project where it lies inside."""
        try:
            return str(Path(path).resolve().relative_to(self.root))
        except ValueError:
            return str(path)

    def state(self) -> dict:
        """Everything the page shows, as JSON-ready data."""
        with self._lock:
            documents = sorted(self.documents.values(), key=lambda v: (v.day, v.number, v.title), reverse=True)
            return {"version": self._version, "project": str(self.root), "output": str(self.out_dir),
                    "error": self.error, "notes": self.notes, "building": self.building, "rounds": self.rounds,
                    "documents": [view.summary(self.show) for view in documents]}

    def view(self, stem: str) -> DocumentView | None:
        with self._lock:
            return self.documents.get(stem)

    def _changed(self, **fields) -> None:
        with self._lock:
            for name, value in fields.items():
                setattr(self, name, value)
            self._version += 1
            version = self._version
        self.events.publish(json.dumps({"version": version}))

    def rebuild(self) -> None:
        """One round; errors in it are shown on the page (and printed), never raised."""
        try:
            self._round()
        except GongwenError as exc:
            print(f"错误：{exc}", file=sys.stderr)
            self._changed(error=str(exc), building=None)
        except Exception as exc:  # a defect must not stop the preview; show it and keep watching
            traceback.print_exc()
            self._changed(error=f"内部错误（这是 gongwen 的缺陷，请报告）：{exc!r}", building=None)
        finally:
            self._changed(rounds=self.rounds + 1)

    def _round(self) -> None:
        """One round, holding the output folder's lock (a command-line build into it waits, and is waited for)."""
        with output_lock(self.out_dir):
            recover(self.out_dir)  # what a killed build or round left half put in place
            self._round_locked()

    def _round_locked(self) -> None:
        project = Project.at(self.root)
        config = CheckConfig.of(project)
        sources = self.files or project.content_files()
        build = Build(project, self.out_dir)
        fonts = build.printer.fonts
        self._changed(error=None, notes=list(build.notes))
        with self._lock:
            self.documents = {s.stem: self.documents.get(s.stem) or self._shown_outputs(s) for s in sources}
        loaded = {source.stem: self._check(self.documents[source.stem], project, config, fonts) for source in sources}
        todo = [s for s in sources if not s.exists() or stale(s, FORMATS, build)]
        todo.sort(key=lambda s: s.stat().st_mtime if s.exists() else 0, reverse=True)  # the one just saved first
        try:
            for source in todo:
                self._build(self.documents[source.stem], build, loaded.get(source.stem))
        finally:  # also when Ctrl-C ends the round: the checksums then list the outputs already shown
            finish(build, changed=bool(todo))

    def _shown_outputs(self, source: Path) -> DocumentView:
        """A document new to the preview, with the outputs an earlier build left (shown until rebuilt)."""
        view = DocumentView(source)
        html, pdf = (self.out_dir / f"{source.stem}.{ext}" for ext in ("html", "pdf"))
        view.html = file_hash(html)[:16] if html.is_file() else None
        try:
            view.pages = PrintedPages(pdf.read_bytes()) if pdf.is_file() else None
        except pdfium.PdfiumError:
            view.pages = None  # damaged: the state no longer matches it, so this round rebuilds it
        view.docx = (self.out_dir / f"{source.stem}.docx").is_file()
        return view

    def _check(self, view: DocumentView, project: Project, config: CheckConfig, fonts: dict) -> Document | None:
        """Findings and the index entry of a content file, again only when it or the configuration changed;
        the document loaded to check it (for the build to use), if it was."""
        if not view.source.exists():
            return None
        key = source_hash(view.source) + json.dumps(project.settings, sort_keys=True, default=str)
        if key == view.checked:
            return None
        try:
            doc = load_document(view.source, project)
            units = document_units(doc, view.source)
        except ContentError:
            view.findings, view.quotes = [], []  # the build shows why
            return None
        units.fonts = fonts
        diagnostics = check_document(units, config)
        quotes = [_quote(units, d) for d in diagnostics]
        findings = [self._finding(d, units, q) for d, q in zip(diagnostics, quotes, strict=True)]
        with self._lock:
            view.title, view.number = doc.display_title, doc.number or ""
            view.date, view.day = doc.date_text, doc.day.isoformat() if doc.day else ""  # a placeholder has no day
            view.quotes, view.findings, view.checked = quotes, findings, key
        self._changed()
        return doc

    def _finding(self, diagnostic: Diagnostic, units: Units, quote: Quote | None) -> dict:
        lines = (units.text or "").splitlines()
        excerpt = lines[diagnostic.line - 1].strip() if 0 < diagnostic.line <= len(lines) else ""
        location = Location(self.show(diagnostic.path), diagnostic.line, diagnostic.column)
        return {"rule": diagnostic.rule, "name": diagnostic.name, "severity": diagnostic.severity,
                "message": diagnostic.message, "location": str(location), "excerpt": excerpt[:120],
                "fixable": diagnostic.fix is not None, "quote": asdict(quote) if quote else None}

    def _build(self, view: DocumentView, build: Build, doc: Document | None = None) -> None:
        """Build one file's outputs (from `doc` if this round loaded it), telling the pages after each;
        on failure keep the last good ones."""
        stem, known = view.source.stem, len(build.notes)
        self._changed(building=stem)
        try:
            for written in build_file(view.source, FORMATS, build, doc):
                if written.skipped:
                    continue
                build.staging.commit()  # the page shows it now; the checksums follow at the end of the round
                print(f"写入 {self.show(written.path)}  {written.seconds * 1000:.0f} ms", file=sys.stderr)
                fmt = written.path.suffix[1:]
                if fmt == "html":
                    update = {"html": file_hash(written.path)[:16]}
                elif fmt == "pdf":
                    update = {"pages": PrintedPages(written.path.read_bytes())}
                else:
                    update = {"docx": True}
                with self._lock:
                    for name, value in update.items():
                        setattr(view, name, value)
                    view.errors = []  # it loaded: whatever failed before is mended
                self._changed()
            errors = []
        except ContentError as exc:
            print(exc, file=sys.stderr)
            errors = [{"location": str(Location(self.show(p.location.path), p.location.line, p.location.column)),
                       "message": p.message} for p in exc.problems]
        except GongwenError as exc:
            print(f"错误：{exc}", file=sys.stderr)
            errors = [{"location": self.show(view.source), "message": str(exc)}]
        with self._lock:
            view.errors, view.notes = errors, [self._shown_note(n) for n in build.notes[known:]]
        self._changed(building=None)

    def _shown_note(self, note: str) -> str:
        return note.replace(str(self.root) + "/", "")


def _quote(units: Units, diagnostic: Diagnostic) -> Quote | None:
    """The finding's characters in its text unit, with a little context, or None if it has no unit."""
    start, end = (diagnostic.line, diagnostic.column), (diagnostic.end_line, diagnostic.end_column)
    for unit in units.units:
        first, last = unit.locate(0), unit.locate(len(unit.text))
        if not (first.line, first.column) <= start <= (last.line, last.column):
            continue
        where = [(at.line, at.column) for at in map(unit.locate, range(len(unit.text) + 1))]
        if start in where:
            first = where.index(start)
            last = where.index(end) if end in where[first:] else first + 1
            last = max(last, first + 1)
            text = unit.text
            return Quote(text[max(0, first - _CONTEXT):first], text[first:last], text[last:last + _CONTEXT])
    return None
