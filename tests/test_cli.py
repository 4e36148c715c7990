"""The command line: builds, progress lines, exit codes, atomic outputs, untouched content."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import MINIMAL, ROOT
from gongwen.build import pipeline
from gongwen.cli import main


@pytest.fixture
def project(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "notice.yaml").write_text(MINIMAL, encoding="utf-8")
    return tmp_path


def test_build_all_content_files(project, monkeypatch, capsys):
    monkeypatch.chdir(project)
    assert main(["--format", "html"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1 and out[0].startswith("写入 output/notice.html") and out[0].endswith(" ms")
    assert main(["--format", "html"]) == 0
    assert capsys.readouterr().out.startswith("全部输出都是最新的")
    assert "某某市人民政府关于开展检查的通知" in (project / "output" / "notice.html").read_text(encoding="utf-8")


def test_build_some_files_into_another_directory(project, tmp_path, capsys):
    other = tmp_path / "other.yaml"
    other.write_text(MINIMAL.replace("开展检查", "另一件事"), encoding="utf-8")
    code = main(["build", str(other), "--format", "html", "--out", str(tmp_path / "pub"), "--project", str(project)])
    assert code == 0
    assert "另一件事" in (tmp_path / "pub" / "other.html").read_text(encoding="utf-8")
    assert not (project / "output").exists()


def test_bad_input_exit_2_with_locations_and_no_output(project, monkeypatch, capsys):
    bad = project / "content" / "bad.yaml"
    bad.write_text(MINIMAL.replace("2024-01-05", "2020-02-30") + "titel: x\n", encoding="utf-8")
    before = bad.read_bytes()
    monkeypatch.chdir(project)
    assert main(["build", "content/bad.yaml"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("content/bad.yaml:6:7: 日期不存在")
    assert err[1].startswith("content/bad.yaml:7:1: 未知的键“titel”")
    assert not (project / "output" / "bad.html").exists()
    assert bad.read_bytes() == before


def test_other_files_still_build_when_one_is_bad(project, monkeypatch, capsys):
    (project / "content" / "bad.yaml").write_text("title: [\n", encoding="utf-8")
    monkeypatch.chdir(project)
    assert main(["--format", "html"]) == 2
    assert (project / "output" / "notice.html").exists()


def test_unknown_format_is_a_usage_error(project, monkeypatch, capsys):
    monkeypatch.chdir(project)
    assert main(["--format", "odt"]) == 2
    assert "odt" in capsys.readouterr().err


@pytest.mark.parametrize("jobs", ["0", "-1", "two"])
def test_jobs_must_be_a_positive_number(project, monkeypatch, capsys, jobs):
    monkeypatch.chdir(project)
    with pytest.raises(SystemExit) as exit_:
        main(["build", "--jobs", jobs])
    assert exit_.value.code == 2
    assert f"--jobs: 应为正整数，不能是“{jobs}”" in capsys.readouterr().err
    assert not (project / "output").exists()


def test_failed_render_leaves_previous_output_intact(project, monkeypatch):
    monkeypatch.chdir(project)
    assert main(["--format", "html"]) == 0
    good = (project / "output" / "notice.html").read_bytes()

    def broken(doc, source, build):
        raise RuntimeError("renderer crashed")

    monkeypatch.setitem(pipeline.RENDERERS, "html", broken)
    with pytest.raises(RuntimeError):
        main(["--format", "html", "--force"])
    assert (project / "output" / "notice.html").read_bytes() == good
    names = sorted(p.name for p in (project / "output").iterdir())
    assert names == [".gongwen-state.json", ".gongwen.lock", "SHA256SUMS", "index.html", "manifest.json",
                     "notice.html"]  # no temporary files


def test_help_and_version_as_a_fresh_command():
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    assert "build" in result.stdout and "schema" in result.stdout
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--help"], capture_output=True, text=True)
    assert "--format" in result.stdout and "--out" in result.stdout


def test_content_error_from_fresh_command_has_no_traceback(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("issuer: [\n", encoding="utf-8")
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "build", str(bad)],
                            capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"{bad}:2:1: YAML 语法错误")
