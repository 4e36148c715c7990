"""Tables in the DOCX: until the DOCX writer sets them, every table left out is reported at its place."""

from __future__ import annotations

from conftest import ROOT
from gongwen.build.pipeline import Build, build_file
from gongwen.project import Project


def test_each_table_the_docx_leaves_out_is_reported_at_its_place(tmp_path):
    build = Build(Project.at(ROOT), tmp_path)
    list(build_file(ROOT / "content" / "example-table.yaml", ["docx"], build))
    warned = [note for note in build.notes if "DOCX 中暂不含表格" in note]
    assert [note.split(": ")[0].rsplit("/", 1)[-1] for note in warned] == ["example-table.yaml:17:9",
                                                                         "example-table.yaml:59:9"]
