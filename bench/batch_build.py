"""Batch builds: the sample and 100 generated documents, full and no-op, against pandoc + LibreOffice.

The alternative is the pipeline a user would otherwise assemble on this machine: the same text as
Markdown, pandoc for DOCX and HTML, LibreOffice for PDF (it needs `apt-get install pandoc`).
Run: python bench/batch_build.py [--documents N]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from timing import ROOT, SAMPLE, report, timed  # first: puts the repository on the import path

# isort: split

from gongwen.model.document import walk
from gongwen.model.loader import load_document

EXAMPLE = ROOT / "content" / "example-joint-notice.yaml"


def generate(content: Path, count: int) -> None:
    """`count` documents: the full example with its number, title and date varied."""
    text = EXAMPLE.read_text(encoding="utf-8")
    for n in range(1, count + 1):
        varied = (text.replace("示政发〔2024〕3号", f"示政发〔2024〕{n}号")
                  .replace("2024年安全生产大检查的通知", f"2024年第{n}批安全生产大检查的通知")
                  .replace("date: 2024-03-05", f"date: 2024-{1 + n % 12:02d}-{1 + n % 28:02d}"))
        (content / f"doc-{n:03d}.yaml").write_text(varied, encoding="utf-8")


def as_markdown(source: Path) -> str:
    doc = load_document(source)
    lines = [f"# {doc.title}", "", doc.recipients_line, ""]
    for node in walk(doc.body):
        lines += [getattr(node, "marker", "") + getattr(node, "heading", "") or node.full_text, ""]
    return "\n".join(lines + [" ".join(doc.signature), "", doc.date_text, ""])


def gongwen(project: Path, *args: str) -> None:
    subprocess.run([sys.executable, str(ROOT / "build.py"), "--project", str(project), *args],
                   check=True, capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=100)
    count = parser.parse_args().documents
    with tempfile.TemporaryDirectory() as work:
        sample = Path(work) / "sample"
        (sample / "content").mkdir(parents=True)
        shutil.copy(SAMPLE, sample / "content")
        report("sample: full build (check+html+pdf+docx)", timed(3, lambda: gongwen(sample, "--force")))
        report("sample: no-op build", timed(5, lambda: gongwen(sample)))

        batch = Path(work) / "batch"
        (batch / "content").mkdir(parents=True)
        generate(batch / "content", count)
        report(f"{count} documents: full build, all cores", timed(1, lambda: gongwen(batch, "--force")))
        report(f"{count} documents: full build, one core", timed(1, lambda: gongwen(batch, "--force", "--jobs", "1")))
        report(f"{count} documents: no-op build", timed(3, lambda: gongwen(batch)))

        if not (shutil.which("pandoc") and shutil.which("soffice")):
            print("pandoc or LibreOffice missing: the comparison is skipped (apt-get install pandoc libreoffice-writer-nogui)")
            return
        alt = Path(work) / "alternative"
        alt.mkdir()
        for source in sorted((batch / "content").glob("*.yaml")):
            (alt / f"{source.stem}.md").write_text(as_markdown(source), encoding="utf-8")

        def alternative() -> None:
            for md in sorted(alt.glob("*.md")):
                subprocess.run(["pandoc", str(md), "-o", str(md.with_suffix(".docx"))], check=True)
                subprocess.run(["pandoc", str(md), "-s", "-o", str(md.with_suffix(".html")),
                                "--metadata", f"title={md.stem}"], check=True, capture_output=True)
            subprocess.run(["soffice", f"-env:UserInstallation=file://{work}/lo", "--headless", "--convert-to", "pdf",
                            "--outdir", str(alt), *map(str, sorted(alt.glob("*.docx")))], check=True, capture_output=True)

        report(f"{count} documents: pandoc (docx, html) + LibreOffice (pdf)", timed(1, alternative))


if __name__ == "__main__":
    main()
