"""A fresh full build of the sample (check, HTML, PDF, DOCX) against pandoc + LibreOffice, in one run.

gongwen runs as a user runs it: `python build.py build SAMPLE --force`, a fresh process each time. The
alternative is the pipeline a user would otherwise assemble: the same text as Markdown, `pandoc` to DOCX
and to HTML, then LibreOffice (headless, its own profile) to turn that DOCX into the PDF — three fresh
processes. Runs alternate (gongwen, alternative, gongwen, …) after one warm-up of each, so both meet the
same load; the ratio is of medians. CPU time is user + system of the process and every process it
waited for (getrusage RUSAGE_CHILDREN), which the other engineers' load disturbs far less than wall time.
gongwen runs with its bytecode compiled, as `pip install` leaves it: where PYTHONDONTWRITEBYTECODE is set
(so every fresh process would compile its sixty modules again), the bytecode goes to a folder of this run.

Also the floor under any build that prints through WeasyPrint: WeasyPrint alone, in a fresh process, laying out
and writing the very print HTML gongwen hands it for this document (nothing of gongwen's own: no loading,
checking, HTML, DOCX); and, for scale, the no-op build (everything current) and the interpreter's own start.

Run: python bench/full_build.py [--runs N] [--source content/x.yaml]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from timing import ROOT, SAMPLE, measured  # first: puts the repository on the import path

# isort: split

from gongwen.cli import GC_THRESHOLD
from gongwen.model.document import Document, Paragraph, Part, Section
from gongwen.model.loader import load_document
from gongwen.project import Project
from gongwen.render.html import render_html
from gongwen.render.metadata import carried_metadata
from gongwen.render.pdf import layout_pdf, print_layout

# WeasyPrint alone, as gongwen runs it (its native libraries found through gongwen's cache, its font configuration
# removed at exit, the collector set as `gongwen.cli.run` sets it): argv is the repository, the print HTML, the PDF
# to write and the thresholds.
FLOOR = """import gc, sys
gc.set_threshold(*map(int, sys.argv[4].split(",")))
sys.path.insert(0, sys.argv[1])
from gongwen.render.engine import font_config, weasyprint
html = open(sys.argv[2], encoding="utf-8").read()
weasyprint().HTML(string=html, base_url=sys.argv[2]).render(font_config=font_config()).write_pdf(sys.argv[3])
gc.freeze()
"""


def as_markdown(doc: Document) -> str:
    """All the text of `doc` as the Markdown a user would hand pandoc: headings, paragraphs, closing, appendices."""
    lines = [f"# {doc.display_title}", doc.recipients_line]
    lines += _nodes(doc.body, 2)
    lines += ["附件：" + "；".join(doc.attachment_items)] if doc.attachments else []
    lines += [*(doc.signature or []), *(f"{s.title} {s.name}" for s in doc.signed_by), doc.date_text, doc.note_line]
    for attachment in doc.attachments:
        lines += [f"# {attachment.title}", *_nodes(attachment.body, 2)]
    if doc.issued:
        issued = doc.issued
        lines += [f"# {issued.title}", issued.subtitle_line if issued.subtitle else "", issued.speaker or "",
                  issued.salutation or "", *_nodes(issued.body, 2)]
    if doc.glossary:
        lines += [f"# {doc.glossary.title}", doc.glossary.note_line if doc.glossary.note else ""]
        lines += [f"{t.number}. **{t.term}**：{t.full_text}" for t in doc.glossary.entries]
    if doc.cc:
        lines.append("抄送：" + "，".join(doc.cc) + "。")
    if doc.printer:
        lines.append(f"{doc.printer.organ}　{doc.printer.date_text}")
    return "\n\n".join(line for line in lines if line) + "\n"


def _nodes(body: list, rank: int) -> list[str]:
    lines = []
    for node in body:
        if isinstance(node, Part):
            lines += [f"{'#' * rank} {node.part}", *_nodes(node.body, rank + 1)]
        elif isinstance(node, Section):
            lines.append(f"{'#' * min(rank, 6)} {node.marker}{node.full_text}" if node.heading and not node.run_in
                         else node.marker + node.full_text)
            lines += _nodes(node.body, rank + 1)
        elif isinstance(node, Paragraph):
            lines.append(node.full_text)
        else:  # a table: its rows as text
            lines += ["｜".join(cell.text for cell in row) for row in node.table]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--source", type=Path, default=SAMPLE)
    options = parser.parse_args()
    source = options.source.resolve()
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        project = work / "project"
        (project / "content").mkdir(parents=True)
        sample = Path(shutil.copy(source, project / "content"))
        for image in load_document(source).seal_images:
            (project / "content" / image).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source.parent / image, project / "content" / image)
        markdown = work / "alternative" / f"{source.stem}.md"
        markdown.parent.mkdir()
        markdown.write_text(as_markdown(load_document(source)), encoding="utf-8")
        floor_script, printed = work / "floor.py", work / "content" / f"{source.stem}.print.html"
        floor_script.write_text(FLOOR, encoding="utf-8")
        printed.parent.mkdir()
        printed.write_text(print_html(sample, Project.at(project)), encoding="utf-8")
        floor = [sys.executable, str(floor_script), str(ROOT), str(printed), str(work / "floor.pdf"),
                 ",".join(map(str, GC_THRESHOLD))]
        ours = [sys.executable, str(ROOT / "build.py"), "build", str(sample), "--project", str(project),
                "--out", str(work / "output"), "--force"]
        profile = f"-env:UserInstallation=file://{work}/libreoffice"
        docx, html = markdown.with_suffix(".docx"), markdown.with_suffix(".html")
        theirs = [["pandoc", str(markdown), "-o", str(docx)],
                  ["pandoc", str(markdown), "-s", "-o", str(html), "--metadata", f"title={source.stem}"],
                  ["soffice", profile, "--headless", "--convert-to", "pdf", "--outdir", str(markdown.parent),
                   str(docx)]]
        scratch = {**os.environ, "TMPDIR": str(work)}  # LibreOffice leaves empty lu*.tmp folders there
        compiled = {**os.environ, "PYTHONPYCACHEPREFIX": str(work / "bytecode")}
        compiled.pop("PYTHONDONTWRITEBYTECODE", None)
        print(f"load average before: {_load()}")
        # Warm-up: caches on disk, gongwen's bytecode, LibreOffice's new profile.
        measured(ours, env=compiled), [measured(c, env=scratch) for c in theirs], measured(floor, env=compiled)
        gongwen, alternative, weasyprint_alone = [], [], []
        for _ in range(options.runs):
            gongwen.append(measured(ours, env=compiled))
            weasyprint_alone.append(measured(floor, env=compiled))
            steps = [measured(c, env=scratch) for c in theirs]
            alternative.append((sum(w for w, _ in steps), sum(c for _, c in steps)))
        noop = [measured(ours[:-1], env=compiled) for _ in range(7)]  # without --force: nothing to do
        bare = [measured([sys.executable, "-c", "pass"], env=compiled) for _ in range(7)]
        print(f"load average after:  {_load()}")
    for label, times in (("gongwen build (check+html+pdf+docx)", gongwen),
                         ("pandoc (docx, html) + LibreOffice (pdf)", alternative),
                         ("WeasyPrint alone, same print HTML", weasyprint_alone)):
        wall, cpu = zip(*times, strict=True)
        print(f"{label:<40} wall median {statistics.median(wall):.3f} s (min {min(wall):.3f}, max {max(wall):.3f})"
              f"  CPU median {statistics.median(cpu):.3f} s  n={len(times)}")
    for label, times in (("no-op build (outputs current)", noop), ("python -c pass (interpreter start)", bare)):
        wall, cpu = zip(*times, strict=True)
        print(f"{label:<40} wall median {statistics.median(wall):.3f} s  CPU median {statistics.median(cpu):.3f} s")
    for index, kind in ((0, "wall"), (1, "CPU")):
        theirs_median = statistics.median(t[index] for t in alternative)
        ratio = statistics.median(t[index] for t in gongwen) / theirs_median
        floor_ratio = statistics.median(t[index] for t in weasyprint_alone) / theirs_median
        print(f"ratio gongwen / (pandoc + LibreOffice), {kind}: {ratio:.2f}   "
              f"(WeasyPrint alone / (pandoc + LibreOffice): {floor_ratio:.2f})")


def print_html(source: Path, project: Project) -> str:
    """The print HTML gongwen lays out for `source`, for the place its PDF gives the 版记."""
    doc, printer = load_document(source, project), print_layout(project)
    placement = layout_pdf(doc, source, project, printer)[1]
    return render_html(doc, project.templates_dir, base_dir=source.parent, css=printer.css(doc), print_ctx=printer,
                       record_place=placement.place, metadata=carried_metadata(doc, project))


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


if __name__ == "__main__":
    main()
