"""How much work a build does: one layout per PDF (the 版记 placed without a second one), one load and check
per document, and only the outputs whose templates changed rebuilt."""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from conftest import MINIMAL, ROOT
from fuzzing import run_cli
from gongwen.model import loader
from gongwen.model.loader import load_document
from gongwen.project import Project
from gongwen.render import engine, pdf
from gongwen.render.engine import weasyprint

PROJECT = Project.at(ROOT)


@pytest.mark.parametrize("name, place", [("example-table", "after-blank"), ("example-joint-notice", "own-page"),
                                         ("example-request", "same-page")])
def test_the_record_is_placed_from_one_layout_as_a_second_would_place_it(monkeypatch, name, place):
    source = ROOT / "content" / f"{name}.yaml"
    doc, printer = load_document(source, PROJECT), pdf.print_layout(PROJECT)
    html, renders = weasyprint().HTML, []
    real = html.render
    monkeypatch.setattr(html, "render", lambda self, *a, **k: renders.append(1) or real(self, *a, **k))
    document, placement = pdf.layout_pdf(doc, source, PROJECT, printer)
    assert placement.place == place and len(renders) == 1
    one_pass = pdf.pdf_bytes(document, doc, source)
    # Laid out again with the 版记 only where it goes, as before this was done in one pass: the same bytes.
    monkeypatch.setattr(pdf, "_remove_box", lambda page, element_id: False)
    again, _ = pdf.layout_pdf(doc, source, PROJECT, printer)
    assert len(renders) == (2 if place == "same-page" else 3)  # the fallback lays out again where it must
    assert pdf.pdf_bytes(again, doc, source) == one_pass


@pytest.fixture
def project(tmp_path):
    """A project with its own copy of the templates and one content file with a half-width comma (GW201)."""
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "notice.yaml").write_text(MINIMAL.replace("如下。", "如下,请遵照执行。"), encoding="utf-8")
    return tmp_path


def build(project, *options: str):
    return run_cli(["build", "--project", str(project), "--out", str(project / "output"), *options])


def written(outcome) -> set[str]:
    return {line.split()[1].rsplit("/", 1)[-1] for line in outcome.stdout.splitlines() if line.startswith("写入")}


def test_a_build_loads_and_checks_each_document_once(project, monkeypatch):
    loads = []
    real = loader.load_document
    monkeypatch.setattr(loader, "load_document", lambda *a, **k: loads.append(a[0]) or real(*a, **k))
    outcome = build(project, "--format", "html")
    assert outcome.code == 0, outcome.stderr
    assert loads == [project / "content" / "notice.yaml"]
    assert f"{project}/content/notice.yaml:4:15: GW201" in outcome.stderr  # the checker's finding, from that load


def test_workers_check_what_they_build(project):
    (project / "content" / "second.yaml").write_text(MINIMAL.replace("如下。", "如下;"), encoding="utf-8")
    outcome = build(project, "--format", "html", "--jobs", "2")
    assert outcome.code == 0, outcome.stderr
    assert written(outcome) == {"notice.html", "second.html"}
    assert {line.split(":")[0].rsplit("/", 1)[-1] for line in outcome.stderr.splitlines() if "GW201" in line} == \
        {"notice.yaml", "second.yaml"}


@pytest.mark.parametrize("template, edit, rebuilt", [
    ("css/screen.css", "\n/* 网页样式 */\n", {"notice.html"}),  # the web page's stylesheet: the web page only
    ("css/print.css.j2", "\n/* 印刷样式 */\n", {"notice.pdf", "notice.docx"}),  # print: PDF, and the DOCX's 版记
    ("docx/styles.toml", "\n# Word 样式\n", {"notice.docx"}),
    ("html/document.html.j2", "\n{# 网页和印刷页面 #}\n", {"notice.html", "notice.pdf", "notice.docx"}),
])
def test_an_edited_template_rebuilds_the_outputs_made_from_it(project, template, edit, rebuilt):
    assert written(build(project, "--no-check")) == {"notice.html", "notice.pdf", "notice.docx"}
    before = {path.name: path.read_bytes() for path in (project / "output").glob("notice.*")}
    with (project / "templates" / template).open("a", encoding="utf-8") as file:
        file.write(edit)
    outcome = build(project, "--no-check")
    assert outcome.code == 0, outcome.stderr
    assert written(outcome) == rebuilt
    for name in {"notice.html", "notice.pdf", "notice.docx"} - rebuilt:
        assert (project / "output" / name).read_bytes() == before[name]


NO_OP = """
import json, sys
sys.path.insert(0, {root!r})
from gongwen.cli import main
code = main(["build", "--project", {project!r}, "--out", {out!r}, "--format", "html"])
heavy = ("weasyprint", "docx", "pydantic", "gongwen.model.document", "gongwen.check.runner")
print(json.dumps([code, [name for name in heavy if name in sys.modules]]))
"""


def test_a_build_with_nothing_to_do_loads_no_renderer_model_or_checker(project):
    assert build(project, "--format", "html").code == 0
    script = NO_OP.format(root=str(ROOT), project=str(project), out=str(project / "output"))
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert "全部输出都是最新的" in done.stdout
    assert json.loads(done.stdout.splitlines()[-1]) == [0, []]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_build_leaves_no_copies_of_font_files_behind(project, tmp_path, jobs):
    # WeasyPrint copies each @font-face file (the print stylesheet pins faces so) into a temporary folder it
    # removes only when collected: a batch worker (ended by os._exit) never removed it, ~100 MB per build.
    doc = load_document(project / "content" / "notice.yaml", Project.at(project))
    assert "@font-face" in pdf.print_layout(Project.at(project)).css(doc)  # so there are copies to remove
    shutil.copy(project / "content" / "notice.yaml", project / "content" / "second.yaml")
    temp = tmp_path / "temp"
    temp.mkdir()
    outcome = subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--project", str(project), "--out",
                              str(project / "output"), "--format", "pdf", "--jobs", jobs],
                             env={**os.environ, "TMPDIR": str(temp)}, capture_output=True, text=True, timeout=120)
    assert outcome.returncode == 0, outcome.stderr
    assert sorted(p.name for p in (project / "output").glob("*.pdf")) == ["notice.pdf", "second.pdf"]
    assert list(temp.iterdir()) == []


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="workers are not forked here")
def test_a_process_keeps_its_fonts_through_the_workers_it_forks(project):
    # One font configuration serves every layout of a process; a worker forked from it has a copy, which must
    # neither remove the parent's copies of the font files nor be used by the worker.
    first = build(project, "--format", "pdf", "--force")
    assert first.code == 0, first.stderr
    pdf_bytes = (project / "output" / "notice.pdf").read_bytes()
    shutil.copy(project / "content" / "notice.yaml", project / "content" / "second.yaml")
    batch = build(project, "--format", "pdf", "--jobs", "2", "--force")
    assert batch.code == 0 and written(batch) == {"notice.pdf", "second.pdf"}, batch.stderr
    again = build(project, str(project / "content" / "notice.yaml"), "--format", "pdf", "--force")
    assert again.code == 0 and written(again) == {"notice.pdf"}, again.stderr
    assert (project / "output" / "notice.pdf").read_bytes() == pdf_bytes


def test_a_forked_child_makes_its_own_font_configuration_and_leaves_the_parents(project):
    engine.release_fonts()  # start from no configuration: the folder of the one made below is the only new one
    before = set(Path(tempfile.gettempdir()).glob("weasyprint-*"))
    doc = load_document(project / "content" / "notice.yaml", Project.at(project))
    pdf.layout_pdf(doc, project / "content" / "notice.yaml", Project.at(project))  # the pinned faces are copied
    parent = engine.font_config()
    copies = set(Path(tempfile.gettempdir()).glob("weasyprint-*")) - before
    assert len(copies) == 1 and any(next(iter(copies)).iterdir()), "no copies of font files to keep"
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: a configuration of its own; its copy of the parent's, collected, removes nothing
        try:
            os.write(write, b"1" if engine.font_config() is not parent else b"0")
            parent.__del__()
            engine.release_fonts()
        finally:
            os._exit(0)
    os.waitpid(pid, 0)
    assert os.read(read, 1) == b"1"
    assert all(folder.is_dir() for folder in copies)
    assert engine.font_config() is parent


@pytest.mark.parametrize("stop, code", [("ctrl-c", 130), ("kill", 143)])
def test_a_stopped_batch_stops_at_once_and_leaves_the_output_folder_as_it_was(project, tmp_path, stop, code):
    for n in range(40):
        shutil.copy(project / "content" / "notice.yaml", project / "content" / f"copy-{n:02d}.yaml")
    out, temp = project / "output", tmp_path / "temp"
    temp.mkdir()
    command = [sys.executable, str(ROOT / "build.py"), "build", "--project", str(project), "--out", str(out),
               "--format", "pdf", "--jobs", "2"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True, env={**os.environ, "TMPDIR": str(temp)})
    first = process.stdout.readline()  # the first file written: the batch is under way
    assert first.startswith("写入"), first
    if stop == "ctrl-c":
        os.killpg(process.pid, signal.SIGINT)  # as in a terminal: the main process and its workers
    else:
        process.terminate()  # SIGTERM to the main process alone, as `kill` or a service manager sends it
    _, err = process.communicate(timeout=60)
    assert process.returncode == code and err.rstrip().endswith("已中断。") and "Traceback" not in err, err
    assert [p.name for p in out.iterdir()] == [".gongwen.lock"]  # nothing staged left, nothing committed
    assert list(temp.iterdir()) == []  # nor any copy of a font file
