"""The output folder: names refused or escaped, an index that is always complete, one build at a time,
SHA256SUMS true to the files even after a kill, classified documents kept off the web."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from xml.etree import ElementTree as ET

import lxml.html
import pytest

from conftest import EXAMPLE, MINIMAL, ROOT, SAMPLE
from fuzzing import run_cli
from gongwen.build import writer
from gongwen.model.loader import load_document
from ofdutil import NS
from pdfutil import catalog


@pytest.fixture
def project(tmp_path):
    (tmp_path / "content").mkdir()
    return tmp_path


def write(project, name: str, title: str = "开展检查", extra: str = "", folder: str = "content"):
    path = project / folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(MINIMAL.replace("开展检查", title) + extra, encoding="utf-8")
    return path


def build(project, *args: str, formats: str = "html"):
    return run_cli(["build", "--project", str(project), "--out", str(project / "output"), "--format", formats,
                    "--no-check", *map(str, args)])


def index_titles(project) -> list[str]:
    page = lxml.html.parse(str(project / "output" / "index.html"))
    return [a.text for a in page.xpath("//tbody/tr/td[2]/a")]


def sums_verify(project) -> subprocess.CompletedProcess:
    """What a recipient runs: `sha256sum -c SHA256SUMS` in the folder."""
    return subprocess.run(["sha256sum", "--strict", "-c", "SHA256SUMS"], cwd=project / "output",
                          capture_output=True, text=True)


def test_index_yaml_is_refused_with_its_location(project):
    write(project, "index.yaml", "目录")
    write(project, "notice.yaml")
    outcome = build(project)
    assert outcome.code == 2 and not outcome.crash
    assert f"{project}/content/index.yaml:1:1: 文件名“index”留给发布目录 index.html" in outcome.stderr
    assert index_titles(project) == ["某某市人民政府关于开展检查的通知"]  # the other file is built, the index intact


def test_two_files_with_one_name_are_refused(project):
    first = write(project, "same.yaml", "甲", folder="a")
    second = write(project, "same.yaml", "乙", folder="b")
    outcome = build(project, first, second)
    assert outcome.code == 2 and f"{second}:1:1: 与 {first} 的输出同名（same.*）" in outcome.stderr
    assert "甲" in (project / "output" / "same.html").read_text(encoding="utf-8")
    outcome = build(project, second)  # and in a later build, while the first one still exists
    assert outcome.code == 2 and f"{second}:1:1: 输出目录中的 same.* 已由 {first} 生成" in outcome.stderr
    assert "甲" in (project / "output" / "same.html").read_text(encoding="utf-8")


def test_odd_file_names_are_escaped_or_refused(project):
    write(project, "javascript:alert(1).yaml", "链接")
    write(project, "back\\slash.yaml", "反斜杠")
    write(project, "line\nbreak.yaml", "换行")
    write(project, ".hidden.yaml", "隐藏")
    outcome = build(project)
    assert outcome.code == 2
    assert "line\nbreak.yaml:1:1: 文件名含有换行或控制字符" in outcome.stderr
    assert not (project / "output" / ".hidden.html").exists()  # hidden content files are not built
    assert build(project, project / "content" / ".hidden.yaml").stderr.count("隐藏文件不生成") == 1
    page = lxml.html.parse(str(project / "output" / "index.html"))
    hrefs = page.xpath("//tbody//a/@href")
    assert "./javascript%3Aalert%281%29.html" in hrefs and all(h.startswith("./") for h in hrefs)
    sums = (project / "output" / "SHA256SUMS").read_text(encoding="utf-8")
    (escaped,) = [line for line in sums.splitlines() if "slash" in line]
    assert escaped.startswith("\\") and escaped.endswith("  back\\\\slash.html") and "break" not in sums
    assert sums_verify(project).returncode == 0, sums_verify(project).stdout
    manifest = json.loads((project / "output" / "manifest.json").read_text(encoding="utf-8"))
    assert {f["name"] for f in manifest["files"]} >= {"javascript:alert(1).html", "back\\slash.html"}


def test_index_is_complete_after_a_single_file_build(project):
    first, second = write(project, "first.yaml", "第一次检查"), write(project, "second.yaml", "第二次检查")
    assert build(project, first).code == 0
    assert build(project, second).code == 0
    assert sorted(index_titles(project)) == ["某某市人民政府关于第一次检查的通知", "某某市人民政府关于第二次检查的通知"]
    second.write_text(second.read_text(encoding="utf-8").replace("第二次", "第三次"), encoding="utf-8")
    assert build(project, second).code == 0  # a rebuild updates its own entry and keeps the other
    assert sorted(index_titles(project)) == ["某某市人民政府关于第一次检查的通知", "某某市人民政府关于第三次检查的通知"]
    assert sums_verify(project).returncode == 0


def test_concurrent_builds_keep_every_document(project):
    names = [f"n{i}" for i in range(4)]
    for i, name in enumerate(names):
        write(project, f"{name}.yaml", f"第{i}次检查")
    runs = [subprocess.Popen([sys.executable, str(ROOT / "build.py"), "build", "--project", str(project),
                              "--format", "html", "--no-check", str(project / "content" / f"{name}.yaml")],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for name in names]
    assert [run.wait(timeout=300) for run in runs] == [0, 0, 0, 0], [run.stderr.read() for run in runs]
    assert len(index_titles(project)) == 4
    state = json.loads((project / "output" / ".gongwen-state.json").read_text(encoding="utf-8"))
    assert set(state["documents"]) == set(names)
    assert sums_verify(project).returncode == 0


def test_sums_and_manifest_are_never_left_stale_by_a_kill(project, monkeypatch):
    """A build killed halfway through putting files into place is finished by the next run."""
    source = write(project, "notice.yaml", "第一次检查")
    assert build(project).code == 0
    source.write_text(source.read_text(encoding="utf-8").replace("第一次", "第二次"), encoding="utf-8")
    renames, real = [], os.replace

    def killed_after_one(src, dst):
        if len(renames) == 2:  # the journal, then one output
            raise KeyboardInterrupt  # the process dies between two renames
        renames.append(dst)
        real(src, dst)

    monkeypatch.setattr(writer.os, "replace", killed_after_one)
    assert build(project).crash  # killed
    monkeypatch.setattr(writer.os, "replace", real)
    assert sums_verify(project).returncode != 0  # as the kill left it: SHA256SUMS does not match
    outcome = build(project)
    assert outcome.code == 0 and "全部输出都是最新的" in outcome.stdout
    assert sums_verify(project).returncode == 0
    assert "第二次" in (project / "output" / "notice.html").read_text(encoding="utf-8")
    assert not list((project / "output").glob(".*.tmp"))


def test_classified_documents_are_withheld_from_the_web(project):
    shutil.copy(SAMPLE, project / "content")
    shutil.copy(EXAMPLE, project / "content")  # 秘密★1年
    shutil.copytree(EXAMPLE.parent / "seals", project / "content" / "seals")
    outcome = build(project, formats="html,pdf,ofd,docx")
    assert outcome.code == 0
    assert (f"{project}/content/{EXAMPLE.name}:1:1: 密级文件（秘密★1年），未生成网页、不列入发布目录；"
            f"确需公开发布时加 --publish-classified") in outcome.stderr
    assert not (project / "output" / "example-joint-notice.html").exists()
    assert (project / "output" / "example-joint-notice.pdf").exists()  # printed for those entitled to it
    (title,) = index_titles(project)
    assert title.startswith("北京市通州区人民政府关于印发赵磊同志")
    assert "example-joint-notice" not in (project / "output" / "index.html").read_text(encoding="utf-8")
    # Its PDF, OFD and DOCX say nothing about it in their document information; the public notice's do.
    assert file_metadata(project / "output", "example-joint-notice") == {}
    public = file_metadata(project / "output", "tongzhou-2020-notice")
    notice, organ = load_document(SAMPLE), "北京市通州区人民政府"
    assert public == {"pdf": {"Title": notice.title, "Author": organ, "Keywords": notice.number},
                      "ofd": {"Title": notice.title, "Author": organ, "CreationDate": "2020-02-29",
                              "发文机关": organ, "发文字号": notice.number, "成文日期": "2020年2月29日"},
                      "docx": {"title": notice.title, "creator": organ, "subject": notice.number,
                               "created": "2020-02-29T00:00:00", "Company": organ}}
    # Asked for, it is published; classified again, its page is taken down.
    assert build(project, "--publish-classified", formats="html").code == 0
    assert len(index_titles(project)) == 2 and (project / "output" / "example-joint-notice.html").exists()
    assert build(project, formats="html").code == 0
    assert len(index_titles(project)) == 1 and not (project / "output" / "example-joint-notice.html").exists()
    assert sums_verify(project).returncode == 0


def test_classified_files_carry_the_metadata_the_unit_configures(project):
    """`[publish] classified_metadata` names what a 密级 document's PDF, OFD and DOCX say about it."""
    shutil.copy(EXAMPLE, project / "content")  # 秘密★1年, 加急, 份号 000001
    shutil.copytree(EXAMPLE.parent / "seals", project / "content" / "seals")
    (project / "gongwen.toml").write_text('[publish]\nclassified_metadata = ["title", "marks"]\n', encoding="utf-8")
    assert build(project, formats="pdf,ofd,docx").code == 0
    title = load_document(EXAMPLE).title
    assert file_metadata(project / "output", "example-joint-notice") == {
        "pdf": {"Title": title}, "docx": {"title": title},
        "ofd": {"Title": title, "密级": "秘密★1年", "紧急程度": "加急", "份号": "000001"}}
    (project / "gongwen.toml").write_text('[publish]\nclassified_metadata = ["titel"]\n', encoding="utf-8")
    outcome = build(project, formats="pdf")
    assert outcome.code == 2 and not outcome.crash
    assert "配置 [publish] classified_metadata 中的“titel”无效；可用：title（标题）" in outcome.stderr


def file_metadata(folder, stem: str) -> dict[str, dict[str, str]]:
    """The non-empty document information of `stem`'s PDF (Info), OFD (DocInfo, CustomDatas) and DOCX (core
    and app properties) in `folder`, by format; only the files there."""
    found = {}
    if (folder / f"{stem}.pdf").exists():
        found["pdf"] = {key: value for key, value in catalog(folder / f"{stem}.pdf")["info"].items()
                        if key in ("Title", "Author", "Subject", "Keywords") and value}
    if (folder / f"{stem}.ofd").exists():
        with zipfile.ZipFile(folder / f"{stem}.ofd") as package:
            info = ET.fromstring(package.read("OFD.xml")).find(f"{NS}DocBody/{NS}DocInfo")
        found["ofd"] = {child.tag.removeprefix(NS): child.text for child in info
                        if child.tag.removeprefix(NS) not in ("DocID", "Creator", "CreatorVersion", "CustomDatas")}
        found["ofd"] |= {data.get("Name"): data.text for data in info.iter(f"{NS}CustomData")}
    if (folder / f"{stem}.docx").exists():
        with zipfile.ZipFile(folder / f"{stem}.docx") as package:
            core, app = (ET.fromstring(package.read(f"docProps/{part}.xml")) for part in ("core", "app"))
        found["docx"] = {child.tag.split("}")[1]: child.text for child in [*core, *app]
                         if child.tag.split("}")[1] not in ("language", "revision", "modified", "Application",
                                                              "DocSecurity") and child.text}
        if "created" in found["docx"]:
            found["docx"]["created"] = found["docx"]["created"].removesuffix("Z")
    return {fmt: values for fmt, values in found.items() if values}


def test_a_note_saying_not_public_withholds_too(project):
    write(project, "internal.yaml", extra="note: 此件不予公开\n")
    assert "附注为“此件不予公开”的文件" in build(project).stderr
    assert not (project / "output" / "internal.html").exists()


def test_strict_checks_even_when_outputs_are_current(project):
    source = write(project, "n.yaml")
    source.write_text(source.read_text(encoding="utf-8").replace("如下。", "如下,"), encoding="utf-8")
    assert build(project).code == 0
    outcome = run_cli(["build", "--project", str(project), "--out", str(project / "output"), "--format", "html",
                       "--strict"])
    assert outcome.code == 1 and "按 --strict 不生成" in outcome.stderr
