"""The build: load → check → render → write, one content file at a time, skipping what is current.

Renderers and the loader are imported when first needed: a build with nothing to do should not pay
for WeasyPrint, python-docx or the document model.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from gongwen import __version__
from gongwen.build.manifest import SUMS, write_manifest
from gongwen.build.state import BuildState, installed_fonts_hash, source_hash
from gongwen.build.writer import Staging
from gongwen.errors import ContentError
from gongwen.project import Project

if TYPE_CHECKING:
    from gongwen.check.runner import CheckConfig, Diagnostic
    from gongwen.model.document import Document
    from gongwen.render.pdf import Placement
    from gongwen.render.printing import PrintLayout
    from gongwen.render.seals import SealAnchor


@dataclass
class Build:
    """One run of the build over some content files: options, shared fonts, state and notes."""

    project: Project
    out_dir: Path
    force: bool = False
    pdf_variant: str | None = None  # e.g. "pdf/a-3b" for the archive
    copies: list[int] = field(default_factory=list)  # numbered copies (份号) to print as PDFs
    publish_classified: bool = False  # 密级 documents get web pages and index entries too
    check: bool = False  # check each document as it is loaded for building
    notes: list[str] = field(default_factory=list)
    findings: list[Diagnostic] = field(default_factory=list)  # the checker's, of the documents built
    placements: dict[Path, Placement] = field(default_factory=dict)  # where the PDF put each 版记
    seals: dict[Path, list[SealAnchor]] = field(default_factory=dict)  # where the PDF put each seal (§7.3.5)
    last_pdf: tuple[Document, bytes] | None = None  # the PDF just made, for the OFD of the same document

    @cached_property
    def staging(self) -> Staging:
        """This run's outputs, renamed into place together when the run ends."""
        return Staging(self.out_dir)

    @cached_property
    def printer(self) -> PrintLayout:
        """Layout profile and fonts, resolved once per run (and reported)."""
        from gongwen.render.pdf import print_layout
        from gongwen.typeset.fonts import font_report

        printer = print_layout(self.project)
        self.notes.extend(font_report(printer.fonts))
        return printer

    @cached_property
    def check_config(self) -> CheckConfig:
        """The project's `[check]` configuration, read when the first document is checked."""
        from gongwen.check.runner import CheckConfig

        return CheckConfig.of(self.project)

    @cached_property
    def state(self) -> BuildState:
        return BuildState.load(self.out_dir)

    @cached_property
    def _templates(self) -> dict[str, str]:
        """A hash per format of the templates it is made from (see TEMPLATE_INPUTS)."""
        return template_hashes(self.project.templates_dir)

    @cached_property
    def _fonts(self) -> str:
        # The fonts chosen follow from the layout profile (in the templates and settings, hashed
        # already) and from what fontconfig has installed.
        return installed_fonts_hash()

    def fingerprint(self, source_sha: str, fmt: str, copy: int | None = None) -> str:
        """Everything an output depends on, hashed."""
        parts = [__version__, fmt, source_sha, self._templates[fmt], self.project.settings]
        if fmt in ("html", "index"):
            parts += [self.publish_classified]
        if fmt in ("pdf", "docx", "ofd"):
            parts += [self._fonts]
        if fmt == "pdf":
            parts += [self.pdf_variant, copy]
        return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


# The templates each format is made from, as paths below the templates folder. The print pages are laid out
# from the same HTML templates as the web page; the DOCX takes the 版记's place from the print layout. Whatever
# else the folder holds counts for every format.
_PRINT = ("html", "css/print.css.j2", "layout.toml")
TEMPLATE_INPUTS = {"html": ("html", "css/screen.css"), "index": ("html", "css/screen.css"),
                   "pdf": _PRINT, "ofd": _PRINT, "docx": ("docx", *_PRINT)}


def template_hashes(folder: Path) -> dict[str, str]:
    """For each format, one hash over the template files it is made from and any files no format claims."""
    files = {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*"))
             if p.is_file() and "__pycache__" not in p.parts}
    claimed = {path for inputs in TEMPLATE_INPUTS.values() for path in inputs}

    def owner(name: str) -> str | None:
        return next((path for path in claimed if name == path or name.startswith(path + "/")), None)

    digests = {path: hashlib.sha256() for path in (*claimed, "")}
    for name, path in files.items():
        digests[owner(name) or ""].update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    common = digests[""].hexdigest()
    return {fmt: hashlib.sha256("\0".join([common, *(digests[p].hexdigest() for p in inputs)]).encode()).hexdigest()
            for fmt, inputs in TEMPLATE_INPUTS.items()}


Renderer = Callable[["Document", Path, "Build"], "bytes | str"]


def _html(doc: Document, source: Path, build: Build) -> str:
    from gongwen.render.html import render_html

    return render_html(doc, build.project.templates_dir, base_dir=source.parent)


def _pdf(doc: Document, source: Path, build: Build) -> bytes:
    from gongwen.render.pdf import layout_pdf, pdf_bytes
    from gongwen.render.seals import seal_anchors
    from gongwen.typeset.coverage import glyph_problems

    if build.last_pdf and build.last_pdf[0] is doc:
        return build.last_pdf[1]
    warnings, errors = glyph_problems(doc, build.printer.fonts)
    if errors:
        raise ContentError(errors)
    build.notes.extend(map(str, warnings))
    document, build.placements[source] = layout_pdf(doc, source, build.project, build.printer)
    build.seals[source] = seal_anchors(document, build.printer.closing(doc))
    data = pdf_bytes(document, doc, source, build.pdf_variant)
    build.last_pdf = (doc, data)
    return data


def _ofd(doc: Document, source: Path, build: Build) -> bytes:
    from gongwen.render.metadata import carried_metadata
    from gongwen.render.ofd import render_ofd

    faces = [face for choice in build.printer.fonts.values() for face in (choice.face, choice.fallback) if face]
    page = build.printer.layout.page
    result = render_ofd(_pdf(doc, source, build), doc, source_hash(source), faces,
                        (page.left_mm, page.top_mm, page.text_width_mm, page.text_height_mm), build.seals[source],
                        carried_metadata(doc, build.project))
    build.notes.extend(result.warnings)
    return result.data


def _docx(doc: Document, source: Path, build: Build) -> bytes:
    from gongwen.render.docx import render_docx
    from gongwen.render.metadata import carried_metadata
    from gongwen.render.pdf import layout_pdf

    placement = build.placements.get(source)
    if placement is None and (doc.cc or doc.printer):
        placement = layout_pdf(doc, source, build.project, build.printer)[1]  # pagination as in the PDF
    return render_docx(doc, build.printer, placement, build.project.templates_dir, carried_metadata(doc, build.project))


RENDERERS: dict[str, Renderer] = {"html": _html, "pdf": _pdf, "docx": _docx, "ofd": _ofd}
DEFAULT_FORMATS = ("html", "pdf", "docx")  # OFD on request: most readers of a build want these three
FIXED_LAYOUT = ("pdf", "ofd")  # the formats whose pages are the PDF's: their seals' places are known


@dataclass(frozen=True)
class Written:
    """One output: written (with the time its rendering took) or skipped as current."""

    path: Path
    seconds: float
    skipped: bool = False


def outputs(source: Path, formats: list[str], build: Build) -> list[tuple[str, Path, int | None]]:
    """(format, target, copy number) of every output of `source`."""
    result = [(fmt, build.out_dir / f"{source.stem}.{fmt}", None) for fmt in formats]
    if "pdf" in formats:
        result += [("pdf", build.out_dir / f"{source.stem}-{n:06d}.pdf", n) for n in build.copies]
    return result


def stale(source: Path, formats: list[str], build: Build) -> bool:
    """Whether any output of `source` needs building (or the index does not know the document yet)."""
    if build.force or source.stem not in build.state.documents:
        return True
    sha = source_hash(source)
    return any(not build.state.current(target, build.fingerprint(sha, fmt, copy))
               for fmt, target, copy in outputs(source, formats, build))


def build_file(source: Path, formats: list[str], build: Build, doc: Document | None = None) -> Iterator[Written]:
    """Load and validate `source` once (if anything is stale; `doc` if the caller has just loaded it), check
    it (with `build.check`), then render and write each output."""
    from gongwen.model.loader import load_document

    try:
        sha = source_hash(source)
    except FileNotFoundError:
        load_document(source)  # reports the missing file as a content error
        raise
    loaded = False
    for fmt, target, copy in outputs(source, formats, build):
        inputs = build.fingerprint(sha, fmt, copy)
        if not build.force and build.state.current(target, inputs):
            yield Written(target, 0.0, skipped=True)
            continue
        if not loaded:
            doc, loaded = doc or load_document(source, build.project), True
            build.state.documents[source.stem] = index_entry(doc, source, formats, build)
            build.findings += checked(doc, source, build.check_config) if build.check else []
        start = time.perf_counter()
        if fmt == "html" and doc.withheld and not build.publish_classified:
            build.staging.remove(target)
            build.state.record(target, inputs, source, sha, None)
            build.notes.append(f"{source}:1:1: {withheld_note(doc)}，未生成网页、不列入发布目录；"
                               f"确需公开发布时加 --publish-classified")
            yield Written(target, 0.0, skipped=True)
            continue
        numbered = doc if copy is None else numbered_copy(doc, copy)
        data = RENDERERS[fmt](numbered, source, build)
        build.staging.write(target, data)
        seals = [seal.as_json() for seal in build.seals[source]] if fmt in FIXED_LAYOUT else None
        build.state.record(target, inputs, source, sha, data, seals)
        yield Written(target, time.perf_counter() - start)
    if not loaded and source.stem not in build.state.documents:
        doc = doc or load_document(source, build.project)
        build.state.documents[source.stem] = index_entry(doc, source, formats, build)


def checked(doc: Document, source: Path, config: CheckConfig) -> list[Diagnostic]:
    """The checker's findings on a loaded document."""
    from gongwen.check.runner import check_document
    from gongwen.check.units import document_units

    return check_document(document_units(doc, source), config)


def index_entry(doc: Document, source: Path, formats: list[str], build: Build) -> dict:
    """What the publishing index shows of `doc`, kept in the build state (the index never reloads documents)."""
    return {"source": str(source.resolve()), "title": doc.display_title, "number": doc.number or "",
            "date": doc.day.isoformat() if doc.day else "", "date_text": doc.date_text, "status": doc.status,
            "withheld": doc.withheld, "outputs": [target.name for _, target, _ in outputs(source, formats, build)]}


def withheld_note(doc: Document) -> str:
    return f"密级文件（{doc.secrecy}）" if doc.secrecy else f"附注为“{doc.note}”的文件"


def finish(build: Build, changed: bool) -> None:
    """After a round: stage the publishing index (of every document the state knows: complete after a build
    of one file), the state and, where anything changed, the checksums; then put everything in place together."""
    from gongwen.render.index import index_entries, write_index

    build.out_dir.mkdir(parents=True, exist_ok=True)
    entries = index_entries(build.state, build.staging, build.publish_classified)
    index_inputs = build.fingerprint(json.dumps(entries, ensure_ascii=False, sort_keys=True), "index")
    index = build.out_dir / "index.html"
    if changed or not build.state.current(index, index_inputs):
        write_index(build.project, build.out_dir, entries, build.staging)
        build.state.record(index, index_inputs, index, "", build.staging.pending[index.name].read_bytes())
        changed = True
    build.state.save(build.staging)
    if changed or build.staging.pending or not (build.out_dir / SUMS).exists():
        write_manifest(build.out_dir, build.state, build.staging)
    build.staging.commit()


def numbered_copy(doc: Document, number: int) -> Document:
    """The same document with the 份号 of copy `number` (GB/T 9704 §7.2.1: six digits)."""
    copy = doc.model_copy(update={"copy_number": f"{number:06d}"})
    copy._source = doc._source
    return copy
