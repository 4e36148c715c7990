"""Hostile and odd inputs, and what must hold for each: shared by the fuzz tests and bench/fuzz.py.

Everything here is deterministic for a given `random.Random`, so a failing case can be made again
from its seed.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import os
import random
import re
import signal
import stat
import traceback
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from gongwen.cli import main
from gongwen.errors import GongwenError
from gongwen.importing.readers.text import LINE_BREAK, decode
from gongwen.importing.recognize import STYLE_ROLES
from gongwen.model.source import parse_source

# Pieces of 公文 text, chosen to wake the fixing rules: half-width marks, dates with zeros,
# brackets, quotes, dashes and ellipses, next to words a fix must never touch.
WORDS = ["按时完成", "任务", "通知", "各区", "人民政府", "落实", "工作", "漷县", "第3号", "附件"]
MARKS = [",", ".", ";", ":", "?", "!", "(", ")", '"', "'", "...", "--", "~", "、", "，", "。", "“", "”",
         "《", "》", "〔", "〕", "[", "]", "——", "……", "·", "/", "%"]
NUMBERS = ["2020年02月05日", "20年", "2020年2月30日", "12345", "３", "〇", "十十月", "1-3", "01号", "1.5万"]
ODD = ["\u2028", "\x85", "\u3000", " ", "  ", "\t", "\n", "#", "&a", "*a", "!", "|", ">", "- ", "? ", ": ", "{", "}",
       "\\", "'", '"', "%", "@", "`", "\u200b", "\ufeff", "ｱ", "Ａ", "\U00020000"]


# The numbers of a date in Chinese numerals, which the date rule writes in Arabic ones (GB/T 9704 §7.3.5.4).
_DATE_NUMERALS = re.compile(r"[〇零一二三四五六七八九十]+(?=[年月日])")


def wording(text: str) -> str:
    """The letters of `text` (Han characters included, but not a date's numerals), compatibility-normalised:
    what fixes never change."""
    text = _DATE_NUMERALS.sub("", unicodedata.normalize("NFKC", text))
    return "".join(c for c in text if unicodedata.category(c).startswith("L"))


def paragraph(rng: random.Random, odd: bool = False) -> str:
    """A run of words, marks and numbers (and, if `odd`, characters that trouble YAML)."""
    pools = [WORDS, WORDS, MARKS, NUMBERS] + ([ODD] if odd else [])
    return "".join(rng.choice(rng.choice(pools)) for _ in range(rng.randint(1, 14)))


class _Styled(yaml.SafeDumper):
    """A dumper that writes each string in the style its generator chose."""


def _represent(dumper: _Styled, value: str):
    style = dumper.styles.get(value, None)
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Styled.add_representer(str, _represent)
STYLES = [None, "'", '"', "|", ">"]


def styled_yaml(data: dict, styles: dict[str, str | None], width: int) -> str:
    """`data` as YAML with each string in its chosen style (where YAML allows it) and lines folded at `width`."""
    stream = io.StringIO()
    dumper = _Styled(stream, allow_unicode=True, width=width, sort_keys=False)
    dumper.styles = styles
    try:
        dumper.open()
        dumper.represent(data)
        dumper.close()
    finally:
        dumper.dispose()
    return stream.getvalue()


def indicated_block(text: str, indent: int, chomp: str, extra: int) -> str:
    """A literal block scalar as a list item (its dash in column 1, as PyYAML writes them), with an
    explicit indentation indicator, chomping, and `extra` spaces kept in the value."""
    body = "".join(" " * (indent + extra) + line + "\n" for line in text.split("\n"))
    return f"- |{indent}{chomp}\n{body}"


def document(body: list[str]) -> dict:
    return {"issuer": "某某市人民政府", "title": "关于开展检查的通知", "body": body, "signature": "某某市人民政府",
            "date": "2024-01-05"}


@dataclass
class Outcome:
    """What running the command line on one case did."""

    code: int | None
    stdout: str
    stderr: str
    crash: str | None = None  # the traceback, if anything escaped
    timed_out: bool = False


class _Timeout(Exception):
    pass


def run_cli(args: list[str], seconds: int = 60) -> Outcome:
    """Run `gongwen ARGS` in this process: its exit code and output, or the traceback, or a timeout."""
    out, err = io.StringIO(), io.StringIO()

    def expire(signum, frame):
        raise _Timeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(args)
        return Outcome(code, out.getvalue(), err.getvalue())
    except _Timeout:
        return Outcome(None, out.getvalue(), err.getvalue(), timed_out=True)
    except SystemExit as exc:  # argparse refusing options
        return Outcome(exc.code if isinstance(exc.code, int) else 2, out.getvalue(), err.getvalue())
    except BaseException:  # noqa: BLE001 - a crash is what this looks for
        return Outcome(None, out.getvalue(), err.getvalue(), crash=traceback.format_exc())
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def fix_violations(path: Path, project: Path) -> list[str]:
    """Run `check --fix` twice on `path` (YAML, or plain text) and list every promise broken.

    Promised: exit 0 or 1 (or 2 with a located message for a file that does not load); the letters
    of every string (every line of a text file) unchanged and no string added, lost or moved; a second
    run changes nothing; the file keeps its permissions, encoding, line endings and (if `path` is a
    link) stays a link.
    """
    real = path.resolve()
    before_bytes = real.read_bytes()
    before_mode = stat.S_IMODE(os.stat(real).st_mode)
    first = run_cli(["check", "--fix", "--project", str(project), str(path)])
    if first.crash or first.timed_out or first.code not in (0, 1, 2):
        return [f"check --fix: {first.crash or 'timeout' if first.timed_out else first.code}"]
    after_bytes = real.read_bytes()
    if first.code == 2:
        located = f"{path}:" in first.stderr
        return ([] if located else [f"exit 2 without a location: {first.stderr[:200]}"]) + (
            [] if after_bytes == before_bytes else ["a file that does not load was changed"])
    same = _same_yaml_wording if path.suffix == ".yaml" else _same_text_wording
    problems = same(path, before_bytes, after_bytes)
    if stat.S_IMODE(os.stat(real).st_mode) != before_mode:
        problems.append("file mode changed")
    if path.is_symlink() != (path != real):
        problems.append("the link was replaced")
    again = run_cli(["check", "--fix", "--project", str(project), str(path)])
    if real.read_bytes() != after_bytes:
        problems.append("a second --fix changed the file again (no convergence)")
    if again.crash:
        problems.append(f"second run crashed: {again.crash}")
    return problems


def _same_yaml_wording(path: Path, before_bytes: bytes, after_bytes: bytes) -> list[str]:
    """The strings of the YAML file before and after fixing: the same keys, the same letters; CRLF kept."""
    problems = []
    before = dict(parse_source(str(path), before_bytes.decode("utf-8")).strings())
    try:
        after = dict(parse_source(str(path), after_bytes.decode("utf-8")).strings())
    except GongwenError as exc:
        return [f"the fixed file does not load: {exc}"]
    if before.keys() != after.keys():
        problems.append(f"strings added or lost: {sorted(map(str, before.keys() ^ after.keys()))}")
    for loc in before.keys() & after.keys():
        if wording(before[loc]) != wording(after[loc]):
            problems.append(f"wording changed at {loc}: {before[loc]!r} -> {after[loc]!r}")
    crlf = b"\r\n" in before_bytes and before_bytes.count(b"\r\n") == before_bytes.count(b"\n")
    if crlf and after_bytes.count(b"\r\n") != after_bytes.count(b"\n"):
        problems.append("CRLF line endings lost")
    return problems


def _same_text_wording(path: Path, before_bytes: bytes, after_bytes: bytes) -> list[str]:
    """A text file before and after fixing: in the encoding it was read in (byte-order mark and all), the same
    line ends in the same places, the same letters on every line."""
    text, encoding = decode(path, before_bytes)
    encoding = encoding if before_bytes.startswith(codecs.BOM_UTF8) or encoding == "gb18030" else "utf-8"
    try:
        after = after_bytes.decode(encoding)
    except UnicodeDecodeError:
        return [f"the fixed file is no longer {encoding}"]
    if after_bytes.startswith(codecs.BOM_UTF8) != before_bytes.startswith(codecs.BOM_UTF8):
        return ["byte-order mark added or lost"]
    if LINE_BREAK.findall(after) != LINE_BREAK.findall(text):
        return ["line ends changed"]
    return [f"wording changed on line {number}: {old!r} -> {new!r}"
            for number, (old, new) in enumerate(zip(LINE_BREAK.split(text), LINE_BREAK.split(after), strict=True), 1)
            if wording(old) != wording(new)]


# ── hostile cases for the whole command line ──

SEED_YAML = """\
copy_number: "000001"
secrecy: 秘密★1年
urgency: 加急
issuer: [某某市人民政府, 某某市发展和改革委员会]
number: 某政发〔2024〕3号
title: 某某市人民政府关于开展2024年安全生产大检查的通知
recipients: [各区人民政府, 市政府各委、办、局]
body:
  - 现将安全生产大检查有关事项通知如下。
  - heading: 检查范围
    body:
      - lead: 全面覆盖。
        text: 各类企业都要检查。
      - heading: 重点行业
        body: [危险化学品、矿山、建筑施工。]
  - part: 工作要求
    body:
      - heading: 加强领导
attachments:
  - title: 检查重点内容清单
signature: [某某市人民政府, 某某市发展和改革委员会]
date: 2024-03-05
note: 此件公开发布
cc: [市委办公厅, 市人大常委会办公厅]
printer:
  organ: 某某市人民政府办公厅
  date: 2024-03-05
glossary:
  title: 名词解释
  terms:
    - term: 安全生产
      definition: 为预防生产过程中发生事故而采取的措施。
"""

HOSTILE_VALUES = [
    "&a [x, x, x, x, x, x, x, x, x]", "*a", "&a [*a]", "[" * 3000 + "]" * 3000, "{" * 200, "!!float abc",
    "!!timestamp 2024-13-45", "!!binary abc", "!!set {a, b}", "!!python/object:os.system ls", "!foo bar",
    "1" * 5000, "\"\\x07响铃\"", "\"\\ud800\"", "\"\\u0000\"", "'''", "|2\n      按时完成2020年02月05日的任务。",
    "|\n    甲\u2028乙", ">-\n    折叠,\n    行.", "<script>alert(1)</script>", "{{ 7*7 }}", "../../../../etc/passwd",
    "/etc/passwd", "seal.svg", "~", "null", "true", "0x1F", "1e999", ".nan", "2020年2月30日", "2020-02-30",
    "长" * 20000, "a" * 50000, "\t制表", "\"" + "\\" * 3, "？" * 100, "- - - -", "? a\n: b", "<<: *a",
]
BYTE_NOISE = [b"\x00", b"\x07", b"\xff\xfe", b"\xed\xa0\x80", b"\xef\xbb\xbf", b"\r", b"\r\n", b"\x85",
              b"\xe2\x80\xa8", b"\t", b"  ", b"\n", b"\n  ", b"- ", b": ", b"#", b"&a ", b"*a", b"!!", b"|", b">", b"'",
              b'"', b"%YAML 1.1\n", b"---\n", b"...\n", b"[", b"]", b"{", b"}", b",", b"?"]


def mutate_yaml(rng: random.Random, text: str) -> bytes:
    """The seed document with a few mutations: hostile values put in place of values, bytes inserted,
    lines deleted, doubled or swapped, line endings changed."""
    lines = text.split("\n")
    for _ in range(rng.choice([1, 1, 2, 3])):
        kind = rng.random()
        index = rng.randrange(len(lines))
        if kind < 0.35 and ":" in lines[index]:
            key = lines[index].split(":", 1)[0]
            lines[index] = f"{key}: {rng.choice(HOSTILE_VALUES)}"
        elif kind < 0.5:
            lines.insert(index, lines[rng.randrange(len(lines))])
        elif kind < 0.6:
            del lines[index]
        elif kind < 0.7:
            other = rng.randrange(len(lines))
            lines[index], lines[other] = lines[other], lines[index]
        elif kind < 0.9:  # text typed into a value: usually still a document, with things to check and fix
            line = lines[index]
            at = rng.randint(len(line) - len(line.lstrip()) + 1, len(line)) if line.strip() else 0
            lines[index] = line[:at] + paragraph(rng, odd=rng.random() < 0.3) + line[at:]
        else:
            lines[index] = lines[index] + "\n" + rng.choice(["a: &a [x, x]\nb: &b [*a, *a, *a]", "seal: seal.svg",
                                                           "unknown_key: 值", "body: []"])
    data = "\n".join(lines).encode("utf-8", "surrogatepass")
    for _ in range(rng.choice([0, 0, 0, 1, 2])):
        at = rng.randint(0, len(data))
        data = data[:at] + rng.choice(BYTE_NOISE) + data[at:]
    if rng.random() < 0.1:
        data = data.replace(b"\n", b"\r\n")
    return data


def text_document(rng: random.Random) -> str:
    """A plain-text 公文 as people paste it, with noise."""
    pieces = ["北京市通州区人民政府", "通政发〔2020〕1号", "通政发(2020)01号", "关于开展检查的通知", "各区人民政府：",
              "一、总体要求", "（一）检查范围", "1.重点行业", "(1)危险化学品", "附件：1.清单", "2020年十十月1日",
              "2020年2月29日", "二〇二〇年二月二十九日", "（此件公开发布）", "抄送：市委办公厅，市政协。",
              "某某市人民政府办公厅2020年3月1日印发", "名词解释", "1.术语：解释。", "[" * 3000, "分享到：", "——",
              "政府工作报告", "——2020年1月4日", "各位代表：", "十十、标题", "一一、标题", "第二十三条"]
    lines = [rng.choice(pieces) if rng.random() < 0.7 else paragraph(rng, odd=True) for _ in range(rng.randint(1, 30))]
    return "\n".join(lines)


def stored_text(rng: random.Random, text: str) -> bytes:
    """`text` as a file may hold it: UTF-8 (with or without a byte-order mark) or GB18030, with LF, CRLF, CR
    or all three mixed."""
    encoding = rng.choice(["utf-8", "utf-8", "utf-8-sig", "gb18030"])
    breaks = rng.choice([["\n"], ["\n"], ["\r\n"], ["\r"], ["\n", "\r\n", "\r"]])
    lines = text.split("\n")
    text = "".join(line + rng.choice(breaks) for line in lines[:-1]) + lines[-1]
    return text.encode(encoding, errors="surrogatepass" if encoding.startswith("utf") else "strict")


WORD_STYLES = list(STYLE_ROLES)


def word_document(rng: random.Random, path: Path) -> None:
    """A Word file whose paragraphs carry gongwen's style names, often on the wrong paragraphs."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE

    document = docx.Document()
    for name in WORD_STYLES:
        document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    lead = document.styles.add_style("段首句", WD_STYLE_TYPE.CHARACTER)
    for line in text_document(rng).split("\n"):
        clean = "".join(c for c in line if c in "\t\n" or (ord(c) >= 32 and not 0xD800 <= ord(c) <= 0xDFFF
                                                         and c not in "\x7f\ufffe\uffff"))
        para = document.add_paragraph(style=rng.choice(WORD_STYLES) if rng.random() < 0.8 else None)
        if rng.random() < 0.2:
            para.add_run(clean[:5], style=lead)
            para.add_run(clean[5:])
        else:
            para.add_run(clean)
    document.save(str(path))


OPTIONS = [["--format", "odt"], ["--format", ""], ["--format", "html,,pdf"], ["--copies", "5-1"], ["--copies", "x"],
           ["--copies", "0"], ["--copies", "1-9999999"], ["--jobs", "0"], ["--jobs", "-3"], ["--jobs", "abc"],
           ["--pdf-variant", "pdf/x"], ["--flush-tolerance", "nan"], ["--nonexistent"], ["--out"], ["--project"]]


@dataclass
class Verdict:
    """What one fuzz case did: the command, and the promise it broke (None: kept)."""

    name: str
    command: list[str]
    broken: str | None
    seconds: float


def run_case(rng: random.Random, folder: Path, number: int, build_every: int = 4, pdf_every: int = 40) -> list[Verdict]:
    """Make one hostile case in `folder` and run the commands that read it; report each command."""
    import time

    (folder / "content").mkdir()
    kind = rng.choice(["yaml", "yaml", "yaml", "yaml", "text", "word", "options", "name"])
    commands: list[list[str]] = []
    target = folder / "content" / "doc.yaml"
    fix = False
    if kind in ("yaml", "name"):
        if kind == "name":
            target = folder / "content" / (rng.choice(["index", ".hidden", "javascript:alert(1)", "换行\n名",
                                                       "back\\slash", "-dash", " space", "a" * 200]) + ".yaml")
        target.write_bytes(mutate_yaml(rng, SEED_YAML) if kind == "yaml" else SEED_YAML.encode())
        (folder / "seal.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>')
        (folder / "content" / "seal.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><circle r="9"/></svg>')
        commands.append(["check", "--project", str(folder), str(target)])
        fix = kind == "yaml"
        if number % build_every == 0 or kind == "name":
            formats = "html,pdf,docx" if number % pdf_every == 0 else "html,docx"
            commands.append(["build", "--project", str(folder), "--format", formats, "--no-check", str(target)])
    elif kind == "text":
        target = folder / "doc.txt"
        target.write_bytes(stored_text(rng, text_document(rng)))
        commands += [["check", str(target)], ["import", str(target), "-o", str(folder / "out.yaml"), "--fix"]]
        fix = True
    elif kind == "word":
        target = folder / "doc.docx"
        word_document(rng, target)
        commands += [["check", str(target)], ["import", str(target), "-o", str(folder / "out.yaml")]]
    else:
        target.write_text(SEED_YAML, encoding="utf-8")
        (folder / "junk.pdf").write_bytes(rng.choice([b"", b"%PDF-1.7\n", b"not a pdf", bytes(range(256))]))
        commands += [["build", "--project", str(folder), *rng.choice(OPTIONS), str(target)],
                     ["verify", str(folder / "junk.pdf"), *rng.choice([[], ["--flush-tolerance", "-1"]])]]
    verdicts = []
    for command in commands:
        start = time.perf_counter()
        outcome = run_cli(command)
        verdicts.append(Verdict(kind, command, _broken(outcome, target), time.perf_counter() - start))
    if fix and target.exists():
        start = time.perf_counter()
        problems = fix_violations(target, folder)
        verdicts.append(Verdict("fix", ["check", "--fix", str(target)], "; ".join(problems) or None,
                                time.perf_counter() - start))
    return verdicts


def _broken(outcome: Outcome, target: Path) -> str | None:
    if outcome.crash:
        return "traceback: " + outcome.crash.strip().splitlines()[-1]
    if outcome.timed_out:
        return "timeout"
    if outcome.code not in (0, 1, 2):
        return f"exit {outcome.code}"
    if outcome.code == 2 and "Traceback" in outcome.stderr:
        return "traceback in the output"
    return None
