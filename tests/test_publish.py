"""Regenerate and distribute: byte-stable outputs, incremental builds, manifest, PDF/A, copies, index, watch."""

from __future__ import annotations

import json
import shutil
import signal
import threading
import weakref

import lxml.html
import pytest
from pdfminer.pdftypes import resolve1

from conftest import EXAMPLE, MINIMAL, PATIENCE, SAMPLE, save, wait_for
from gongwen.build.watch import follow, watch
from gongwen.cli import main
from gongwen.project import Project
from pdfutil import attachments, catalog, page_lines


@pytest.fixture
def project(tmp_path):
    """A project directory with the two real content files (and the seals the example names)."""
    (tmp_path / "content").mkdir()
    for source in (SAMPLE, EXAMPLE):
        shutil.copy(source, tmp_path / "content" / source.name)
    shutil.copytree(EXAMPLE.parent / "seals", tmp_path / "content" / "seals")
    return tmp_path


def build(project, *args):
    return main(["build", "--project", str(project), "--out", str(project / "output"), *args])


def test_two_builds_in_different_directories_are_byte_identical(project, tmp_path_factory, capsys):
    other = tmp_path_factory.mktemp("other")
    shutil.copytree(project / "content", other / "content")
    assert build(project) == 0 and build(other) == 0
    sums = (project / "output" / "SHA256SUMS").read_text()
    assert sums == (other / "output" / "SHA256SUMS").read_text()
    assert len(sums.splitlines()) == 6  # 2 × (pdf, docx) + the public notice's html + index.html
    assert (project / "output" / "manifest.json").read_bytes() == (other / "output" / "manifest.json").read_bytes()


def test_manifest_lists_sizes_hashes_sources_and_version(project, capsys):
    build(project, "--format", "html")
    manifest = json.loads((project / "output" / "manifest.json").read_text())
    assert manifest["generator"].startswith("gongwen ")
    entry = next(f for f in manifest["files"] if f["name"] == "tongzhou-2020-notice.html")
    path = project / "output" / entry["name"]
    assert entry["size"] == path.stat().st_size
    assert entry["source"] == "tongzhou-2020-notice.yaml" and len(entry["source_sha256"]) == 64
    assert f"{entry['sha256']}  tongzhou-2020-notice.html" in (project / "output" / "SHA256SUMS").read_text()


def test_incremental_builds_rebuild_only_what_changed(project, capsys):
    assert build(project, "--format", "html,docx", "--publish-classified") == 0
    capsys.readouterr()
    stamp = {p.name: p.stat().st_mtime_ns for p in (project / "output").glob("*.*")}
    assert build(project, "--format", "html,docx", "--publish-classified") == 0
    assert capsys.readouterr().out.startswith("全部输出都是最新的")
    assert {p.name: p.stat().st_mtime_ns for p in (project / "output").glob("*.*")} == stamp
    # One content file changes: only its outputs are written again.
    example = project / "content" / EXAMPLE.name
    example.write_text(example.read_text(encoding="utf-8").replace("精心组织", "认真组织"), encoding="utf-8")
    build(project, "--format", "html,docx", "--publish-classified")
    assert sorted(w.split("/")[-1] for w in _written(capsys)) == [f"example-joint-notice.{x}" for x in ("docx", "html")]
    # A seal image it names changes: its outputs are written again.
    seals = project / "content" / "seals"
    (seals / "shili-emergency.png").write_bytes((seals / "shili-government.png").read_bytes())
    build(project, "--format", "html,docx", "--publish-classified")
    assert sorted(w.split("/")[-1] for w in _written(capsys)) == [f"example-joint-notice.{x}" for x in ("docx", "html")]
    # A damaged output is noticed and rewritten; --force rewrites everything.
    (project / "output" / "tongzhou-2020-notice.html").write_text("tampered", encoding="utf-8")
    build(project, "--format", "html,docx", "--publish-classified")
    assert [w.split("/")[-1] for w in _written(capsys)] == ["tongzhou-2020-notice.html"]
    build(project, "--format", "html,docx", "--publish-classified", "--force")
    assert len(_written(capsys)) == 4


def test_template_or_configuration_change_rebuilds_everything(project, capsys):
    build(project, "--format", "html", "--publish-classified")
    capsys.readouterr()
    (project / "gongwen.toml").write_text("[layout.grid]\npitch_pt = 29\n", encoding="utf-8")
    build(project, "--format", "html", "--publish-classified")
    assert len(_written(capsys)) == 2


def _written(capsys) -> list[str]:
    return [line.split()[1] for line in capsys.readouterr().out.splitlines() if line.startswith("写入")]


def test_archival_pdf_carries_metadata_output_intent_and_source(project, capsys):
    # The example is 秘密: its PDF says what the unit allows, here everything.
    (project / "gongwen.toml").write_text('[publish]\nclassified_metadata = ["title", "author", "keywords"]\n',
                                          encoding="utf-8")
    assert build(project, "--format", "pdf", "--pdf-variant", "pdf/a-3b", "--jobs", "1",
                 str(project / "content" / EXAMPLE.name)) == 0
    pdf = project / "output" / "example-joint-notice.pdf"
    root = catalog(pdf)
    assert root["info"]["Title"] == ("示例市人民政府 示例市发展和改革委员会 示例市应急管理局"
                                     "关于开展2024年安全生产大检查的通知")
    assert root["info"]["Author"] == "示例市人民政府、示例市发展和改革委员会、示例市应急管理局"
    assert root["info"]["Keywords"] == "示政发〔2024〕3号"
    assert [resolve1(intent)["S"].name for intent in root["OutputIntents"]] == ["GTS_PDFA1"]
    assert root["Lang"] == b"zh-CN"
    assert b'pdfaid:part="3"' in root["Metadata"] and b'pdfaid:conformance="B"' in root["Metadata"]
    assert attachments(pdf) == {"example-joint-notice.yaml": EXAMPLE.read_bytes()}


def test_numbered_copies_carry_their_copy_number(project, capsys):
    assert build(project, "--format", "pdf", "--copies", "1-3", str(project / "content" / SAMPLE.name)) == 0
    for number in (1, 2, 3):
        path = project / "output" / f"tongzhou-2020-notice-{number:06d}.pdf"
        first_line = page_lines(path)[0][0]
        assert first_line.text == f"{number:06d}" and first_line.x0 == pytest.approx(28, abs=0.3)
    assert "tongzhou-2020-notice-000003.pdf" in (project / "output" / "SHA256SUMS").read_text()
    assert page_lines(project / "output" / "tongzhou-2020-notice.pdf")[0][0].text != "000001"
    assert main(["build", "--copies", "5-1", "--project", str(project)]) == 2


def test_publishing_index_lists_documents_newest_first(project, capsys):
    build(project, "--format", "html,pdf", "--publish-classified")
    page = lxml.html.fromstring((project / "output" / "index.html").read_text(encoding="utf-8"))
    rows = page.xpath("//tbody/tr")
    cells = [[td.text_content().strip() for td in row.xpath("td")] for row in rows]
    assert [c[0] for c in cells] == ["示政发〔2024〕3号", "通政发〔2020〕1号"]  # 2024 before 2020
    assert cells[1][2:4] == ["2020年2月29日", "此件公开发布"]
    assert rows[1].xpath(".//a/@href") == ["./tongzhou-2020-notice.html", "./tongzhou-2020-notice.html",
                                            "./tongzhou-2020-notice.pdf"]
    assert page.get("lang") == "zh-CN" and page.xpath("//input[@type='search']") and page.xpath("//script")
    assert all(row.get("data-search") for row in rows)


def test_parallel_batch_builds_every_file(tmp_path, capsys):
    (tmp_path / "content").mkdir()
    for n in range(4):
        (tmp_path / "content" / f"d{n}.yaml").write_text(MINIMAL.replace("开展检查", f"第{n}次检查"), encoding="utf-8")
    assert main(["build", "--project", str(tmp_path), "--out", str(tmp_path / "output"), "--jobs", "2"]) == 0
    for n in range(4):
        assert f"第{n}次检查" in (tmp_path / "output" / f"d{n}.html").read_text(encoding="utf-8")
        assert (tmp_path / "output" / f"d{n}.pdf").stat().st_size > 10_000
    state = json.loads((tmp_path / "output" / ".gongwen-state.json").read_text())
    assert {f"d{n}.{x}" for n in range(4) for x in ("html", "pdf", "docx")} <= set(state["outputs"])


def test_watch_rebuilds_on_save_and_survives_broken_yaml(tmp_path, capsys):
    (tmp_path / "content").mkdir()
    source = tmp_path / "content" / "n.yaml"
    source.write_text(MINIMAL, encoding="utf-8")
    output = tmp_path / "output" / "n.html"
    stop, results = threading.Event(), []

    def build_html(args):
        results.append(main(["build", "--format", "html", "--out", str(tmp_path / "output"), *args]))
        return results[-1]

    thread = threading.Thread(target=watch, args=(tmp_path, build_html, stop), kwargs={"debounce_ms": 50})
    thread.start()
    try:
        wait_for(lambda: output.exists())
        save(source, MINIMAL.replace("通知如下", "通知如下，请遵照执行"))
        wait_for(lambda: "请遵照执行" in output.read_text(encoding="utf-8"))
        rounds = len(results)
        save(source, MINIMAL + "title: [\n")
        wait_for(lambda: 2 in results[rounds:])  # a round after this save failed: it read the broken file
        assert "请遵照执行" in output.read_text(encoding="utf-8")  # the last good output stays
        save(source, MINIMAL.replace("通知如下", "通知如下，恢复"))
        wait_for(lambda: "恢复" in output.read_text(encoding="utf-8"))
    finally:
        stop.set()
        thread.join(PATIENCE)
    assert not thread.is_alive()  # the loop ends when asked to
    assert "n.yaml:8:1: YAML 语法错误" in capsys.readouterr().err


@pytest.mark.parametrize("where", ["in the build", "in a weakref callback"])
def test_ctrl_c_ends_the_change_loop_even_where_python_drops_the_interrupt(tmp_path, capsys, where):
    """Ctrl-C during a build interrupts it. Python may run the SIGINT handler inside a weakref callback or
    `__del__` (a build drops many objects), where the KeyboardInterrupt raised is dropped: the build goes
    on, and the loop (of `watch` and `serve`) must end after it all the same, without a word."""
    (tmp_path / "content").mkdir()
    rounds, stop, given_up = [], threading.Event(), threading.Event()

    def rebuild():
        rounds.append("started")
        if where == "in the build":
            signal.raise_signal(signal.SIGINT)
        else:
            thing = Disposable()
            dead = weakref.ref(thing, lambda _: signal.raise_signal(signal.SIGINT))
            del thing  # the callback runs now, and the SIGINT handler inside it
            assert dead() is None
        rounds.append("finished")

    def give_up():
        given_up.set()
        stop.set()

    handler = signal.getsignal(signal.SIGINT)
    backstop = threading.Timer(PATIENCE, give_up)  # without the fix the loop would run on: end it, and fail
    backstop.start()
    try:
        follow(Project.at(tmp_path), rebuild, stop, debounce_ms=50)
    finally:
        backstop.cancel()
    assert not given_up.is_set()
    assert rounds == (["started"] if where == "in the build" else ["started", "finished"])
    assert signal.getsignal(signal.SIGINT) is handler
    err = capsys.readouterr().err
    assert "KeyboardInterrupt" not in err and "Traceback" not in err and "Exception ignored" not in err


class Disposable:
    pass


def test_tagged_pdf_ua(project, capsys):
    assert build(project, "--format", "pdf", "--pdf-variant", "pdf/ua-1", str(project / "content" / EXAMPLE.name)) == 0
    root = catalog(project / "output" / "example-joint-notice.pdf")
    assert root["MarkInfo"]["Marked"] is True and root["Lang"] == b"zh-CN"
    assert resolve1(root["StructTreeRoot"])["Type"].name == "StructTreeRoot"
