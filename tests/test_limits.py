"""Reading is bounded: each limit passed is a located message with exit 2, never a traceback or a hang."""

from __future__ import annotations

import pytest

from conftest import MINIMAL
from fuzzing import run_cli
from gongwen.model.source import MAX_BYTES, MAX_DEPTH, MAX_NODES, SHOWN_CHARS

BOMB = "".join(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}' if i else 'x'] * 9)}]\n" for i in range(7))


@pytest.mark.parametrize(("text", "where", "message"), [
    (MINIMAL.replace("  - 现将有关事项通知如下。", "  - " + "[" * 3000 + "]" * 3000), "4:", f"嵌套超过 {MAX_DEPTH} 层"),
    ("loop: &a [*a]\n" + MINIMAL, "1:11", "别名（*）引用了包含它自己的内容"),
    (BOMB + MINIMAL, "2:", f"别名（*）展开后超过 {MAX_NODES} 个值"),
    (MINIMAL.replace("现将有关事项通知如下。", "!!float abc"), "4:5", "不支持的 YAML 标签“!!float”"),
    (MINIMAL.replace("2024-01-05", "!!timestamp 2024-13-45"), "6:7", "不支持的 YAML 标签“!!timestamp”"),
    (MINIMAL.replace("现将有关事项通知如下。", "!!python/object:os.system ls"), "4:5", "不支持的 YAML 标签"),
    (MINIMAL.replace("现将有关事项通知如下。", "1" * 5000), "4:5", "数字超过 100 位"),
    (MINIMAL.replace("现将", "现\x07将"), "4:6", "含有控制字符 U+0007"),
    (MINIMAL.replace("现将有关事项通知如下。", '"现\\x07将"'), "4:5", "含有控制字符 U+0007"),
    (MINIMAL.replace("现将有关事项通知如下。", '"现\\ud800将"'), "4:5", "含有代理码位（无法编码） U+D800"),
    ("1: 数字键\n" + MINIMAL, "1:1", "键必须是文字"),
])
def test_limit_is_a_located_error(tmp_path, text, where, message):
    path = tmp_path / "doc.yaml"
    path.write_text(text, encoding="utf-8")
    for command in (["check", str(path)], ["build", "--out", str(tmp_path / "out"), "--format", "html", str(path)]):
        outcome = run_cli(command)
        assert outcome.code == 2 and not outcome.crash and not outcome.timed_out
        assert f"{path}:{where}" in outcome.stderr and message in outcome.stderr, outcome.stderr


def test_values_quoted_back_are_cut_short(tmp_path):
    """An alias bomb under `issuer` used to print a 3.8 MB message."""
    path = tmp_path / "doc.yaml"
    path.write_text("x: &a [甲, 甲, 甲, 甲, 甲, 甲, 甲, 甲, 甲]\ny: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                    + MINIMAL.replace("issuer: 某某市人民政府", "issuer: {a: *b, b: *b}"), encoding="utf-8")
    outcome = run_cli(["check", str(path)])
    assert outcome.code == 2 and f"{path}:3:9: “issuer”应为" in outcome.stderr
    assert max(len(line) for line in outcome.stderr.splitlines()) < len(str(path)) + SHOWN_CHARS + 80


def test_a_file_too_large_to_be_a_document(tmp_path):
    path = tmp_path / "doc.yaml"
    path.write_text(MINIMAL + "# " + "长" * (MAX_BYTES // 3) + "\n", encoding="utf-8")
    outcome = run_cli(["check", str(path)])
    assert outcome.code == 2 and f"{path}:1:1: 文件超过 4 MB" in outcome.stderr


def test_a_long_line_is_read_checked_and_built(tmp_path):
    """50,000 characters on one line: read, checked, fixed and built like any paragraph."""
    path = tmp_path / "doc.yaml"
    path.write_text(MINIMAL.replace("现将有关事项通知如下。", "按时完成任务," * 7000 + "a" * 1000), encoding="utf-8")
    assert run_cli(["check", "--fix", str(path)]).code in (0, 1)
    assert "按时完成任务，" * 7000 in path.read_text(encoding="utf-8")
    outcome = run_cli(["build", "--out", str(tmp_path / "out"), "--format", "html,docx", "--no-check", str(path)])
    assert outcome.code == 0, outcome.stderr


def test_a_title_longer_than_word_properties_allow(tmp_path):
    """Found by bench/fuzz.py (seeds 2184, 7900): python-docx refused properties over 255 characters (the DOCX
    writer now writes them itself, whole)."""
    import docx

    path = tmp_path / "doc.yaml"
    title = "关于" + "检查" * 300 + "的通知"
    number = f"number: 某政发〔2024〕{'1' * 300}号\n"
    text = MINIMAL.replace("某某市人民政府关于开展检查的通知", title).replace("body:", number + "body:")
    path.write_text(text, encoding="utf-8")
    outcome = run_cli(["build", "--out", str(tmp_path / "out"), "--format", "docx", "--no-check", str(path)])
    assert outcome.code == 0 and not outcome.crash, outcome.stderr
    document = docx.Document(str(tmp_path / "out" / "doc.docx"))
    assert document.core_properties.title == title
    assert "检查" * 300 in "".join(p.text for p in document.paragraphs).replace("\n", "")  # lines break with "\n"


def test_an_unwritable_output_folder_is_a_message(tmp_path):
    path = tmp_path / "doc.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "out").write_text("a file where the folder should be", encoding="utf-8")
    outcome = run_cli(["build", "--out", str(tmp_path / "out"), "--format", "html", str(path)])
    assert outcome.code == 2 and not outcome.crash and "错误：" in outcome.stderr


def test_import_survives_brackets_odd_numerals_and_misplaced_word_styles(tmp_path):
    """From the fuzz campaign: 3,000 '[' (recursion), 2020年十十月1日, gongwen's Word styles on the wrong paragraphs."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE

    text = tmp_path / "odd.txt"
    text.write_text("关于测试的通知\n" + "[" * 3000 + "\n某某市人民政府\n2020年十十月1日\n", encoding="utf-8")
    outcome = run_cli(["import", str(text), "-o", str(tmp_path / "odd.yaml")])
    assert outcome.code in (1, 2) and not outcome.crash, outcome.stderr
    assert "[" * 3000 in (tmp_path / "odd.yaml").read_text(encoding="utf-8")  # kept, as a quoted string
    word = docx.Document()
    for name in ("名词解释", "印发"):
        word.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    word.add_paragraph("关于测试的通知")
    word.add_paragraph("这一段不是名词解释。", style="名词解释")
    word.add_paragraph("这一段也不是印发机关和日期。", style="印发")
    word.save(str(tmp_path / "styled.docx"))
    outcome = run_cli(["import", str(tmp_path / "styled.docx"), "-o", str(tmp_path / "styled.yaml")])
    assert not outcome.crash and outcome.code in (1, 2)
    assert "段落样式与内容不符（glossary-entry），按正文段落导入" in outcome.stderr
    assert "这一段也不是印发机关和日期。" in (tmp_path / "styled.yaml").read_text(encoding="utf-8")


def test_an_organ_name_of_thousands_of_characters_is_built(tmp_path):
    """bench/fuzz.py seed 9216: the title breaker scanned such a name once per character (56 s)."""
    path = tmp_path / "doc.yaml"
    path.write_text(MINIMAL.replace("issuer: 某某市人民政府", "issuer: " + "长" * 20000), encoding="utf-8")
    outcome = run_cli(["build", "--out", str(tmp_path / "out"), "--format", "html,docx", "--no-check", str(path)])
    assert outcome.code == 0 and not outcome.crash and not outcome.timed_out, outcome.stderr
