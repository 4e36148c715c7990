"""Import an existing document (text, web page, Word, .doc/.wps, PDF, OFD) as YAML, accounting for every line."""

from __future__ import annotations

from pathlib import Path

from gongwen.importing.blocks import Source
from gongwen.importing.builder import Builder, ImportReport
from gongwen.importing.readers import read_source
from gongwen.importing.recognize import recognise
from gongwen.importing.yaml_text import dump_yaml
from gongwen.project import Project


def import_document(path: Path, project: Project | None = None) -> tuple[str, ImportReport]:
    """The YAML text for the document at `path` (a Word file's styles read as `project`'s), and the report of
    what was not carried over."""
    return import_source(read_source(path, project))


def import_source(source: Source) -> tuple[str, ImportReport]:
    report = ImportReport(source.path)
    recognised = recognise(source.blocks)
    data = Builder(recognised, [b.line for b in source.blocks], report).build()
    header = [f"由 gongwen import 从 {Path(source.path).name} 导入。请核对后再发布；导入报告见文件末尾。"]
    if report.missing:
        header.append(f"原文中没有找到：{'、'.join(report.missing)}——已填入“【待填写：…】”，"
                      "填写后才能正式生成（check 报错）。")
    footer = ["导入报告：", *(f"  {line}" for line in source.notes + report.lines())] if report.lines() or \
        source.notes else []
    return dump_yaml(data, header, footer), report
