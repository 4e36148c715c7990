"""Parity report: every example's DOCX printed by LibreOffice (as Word reads it) against gongwen's PDF.

Per example and page: lines in the 版心, the words each page starts with, where the 版记's last rule
and the seals land. Prints Markdown; the kept copy is docs/docx-parity.md.

Run: python bench/docx_parity.py [content/x.yaml …] > docs/docx-parity.md
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
from pathlib import Path

from timing import ROOT  # first: puts the repository on the import path

# isort: split

from gongwen.build.pipeline import Build, build_file
from gongwen.office import docx_to_pdf
from gongwen.project import Project
from gongwen.verify import PageOutline, page_outlines, verify

FLUSH_MM = 0.3  # LibreOffice stretches only the Chinese text of a justified line (tests/test_docx_office.py)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("sources", nargs="*", type=Path, help="content files (default content/*.yaml)")
    sources = parser.parse_args().sources or sorted((ROOT / "content").glob("*.yaml"))
    office = subprocess.run(["soffice", "--version"], capture_output=True, text=True).stdout.strip()
    print("# DOCX 与 PDF 逐页对照 / DOCX parity report\n")
    print(f"由 `python bench/docx_parity.py` 生成。LibreOffice：{office}。")
    print("左为 gongwen 的 PDF，右为 LibreOffice 按 Word 的读法打印 DOCX 的结果（见 gongwen/office.py）。")
    print("“行”为版心内的文字行数，“开头”为该页第一行的前 12 个字；✗ 的页为何不同，见 tests/test_docx_office.py"
          "（NOT_LIKE_THE_PDF）。\n")
    project = Project.at(ROOT)
    with tempfile.TemporaryDirectory() as out:
        for source in sources:
            build = Build(project, Path(out))
            pdf, docx = (w.path for w in build_file(source, ["pdf", "docx"], build))
            build.staging.commit()  # the outputs are staged until put in place
            office_pdf = docx_to_pdf(docx, Path(out) / "office", build.printer.layout, build.printer.fonts)
            layout = build.printer.layout
            report(source, page_outlines(pdf, layout), page_outlines(office_pdf, layout),
                   sum(len(r.failures) for r in verify(office_pdf, layout, FLUSH_MM)))


def report(source: Path, ours: list[PageOutline], office: list[PageOutline], failures: int) -> None:
    print(f"## {source.name}\n")
    print("| 页 | 行 | 开头（PDF） | 行 | 开头（LibreOffice） | 逐行相同 |")
    print("|---:|---:|---|---:|---|:-:|")
    same = 0
    for number in range(max(len(ours), len(office))):
        a = ours[number] if number < len(ours) else PageOutline([], None, [])
        b = office[number] if number < len(office) else PageOutline([], None, [])
        same += a.lines == b.lines
        print(f"| {number + 1} | {len(a.lines)} | {_start(a)} | {len(b.lines)} | {_start(b)} | "
              f"{'✓' if a.lines == b.lines else '✗'} |")
    lines = sum(len(p.lines) for p in ours), sum(len(p.lines) for p in office)
    print(f"\n页数 {len(ours)} / {len(office)}；逐行相同的页 {same}/{max(len(ours), len(office))}；"
          f"文字行 {lines[0]} / {lines[1]}；")
    print(f"LibreOffice 打印件 `verify`（齐边容差 {FLUSH_MM} mm）：{failures} 处超差。\n")
    print(f"- 版记末条线：PDF {_record(ours)}；LibreOffice {_record(office)}")
    print(f"- 印章：PDF {_pictures(ours)}；LibreOffice {_pictures(office)}\n")


def _start(page: PageOutline) -> str:
    return page.lines[0][:12] if page.lines else "（空白页）"


def _record(pages: list[PageOutline]) -> str:
    found = [(n, p.record) for n, p in enumerate(pages, 1) if p.record is not None]
    return "、".join(f"第{n}页 {y:.1f} mm" for n, y in found) or "无"


def _pictures(pages: list[PageOutline]) -> str:
    found = [(n, box) for n, p in enumerate(pages, 1) for box in p.pictures]
    shown = (f"第{n}页 ({x0:.1f}, {y0:.1f})–({x1:.1f}, {y1:.1f}) mm" for n, (x0, y0, x1, y1) in found)
    return "、".join(shown) or "无"


if __name__ == "__main__":
    main()
