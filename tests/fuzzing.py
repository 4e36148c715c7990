"""Hostile and odd inputs, and what must hold for each: shared by the fuzz tests and bench/fuzz.py.

Everything here is deterministic for a given `random.Random`, so a failing case can be made again
from its seed.
"""

from __future__ import annotations

import contextlib
import io
import os
import random
import signal
import stat
import traceback
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from gongwen.cli import main

# Pieces of 公文 text, chosen to wake the fixing rules: half-width marks, dates with zeros,
# brackets, quotes, dashes and ellipses, next to words a fix must never touch.
WORDS = ["按时完成", "任务", "通知", "各区", "人民政府", "落实", "工作", "漷县", "第3号", "附件"]
MARKS = [",", ".", ";", ":", "?", "!", "(", ")", '"', "'", "...", "--", "~", "、", "，", "。", "“", "”",
         "《", "》", "〔", "〕", "[", "]", "——", "……", "·", "/", "%"]
NUMBERS = ["2020年02月05日", "20年", "2020年2月30日", "12345", "３", "〇", "十十月", "1-3", "01号", "1.5万"]
ODD = ["\u2028", "\x85", "\u3000", " ", "  ", "\t", "\n", "#", "&a", "*a", "!", "|", ">", "- ", "? ", ": ", "{", "}",
       "\\", "'", '"', "%", "@", "`", "\u200b", "\ufeff", "ｱ", "Ａ", "\U00020000"]


def wording(text: str) -> str:
    """The letters of `text` (Han characters included), compatibility-normalised: what fixes never change."""
    return "".join(c for c in unicodedata.normalize("NFKC", text) if unicodedata.category(c).startswith("L"))


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


def strings(data: object, loc: tuple = ()) -> Iterator[tuple[tuple, str]]:
    if isinstance(data, str):
        yield loc, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from strings(value, (*loc, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from strings(value, (*loc, index))


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
    """Run `check --fix` twice on the YAML file `path` and list every promise broken.

    Promised: exit 0 or 1 (or 2 with a located message for a file that does not load); the letters
    of every string unchanged and no string added, lost or moved; a second run changes nothing; the
    file keeps its permissions, line endings and (if `path` is a link) stays a link.
    """
    real = path.resolve()
    before_bytes = real.read_bytes()
    before_mode = stat.S_IMODE(os.stat(real).st_mode)
    problems = []
    first = run_cli(["check", "--fix", "--project", str(project), str(path)])
    if first.crash or first.timed_out or first.code not in (0, 1, 2):
        return [f"check --fix: {first.crash or 'timeout' if first.timed_out else first.code}"]
    after_bytes = real.read_bytes()
    if first.code == 2:
        located = f"{path}:" in first.stderr
        return ([] if located else [f"exit 2 without a location: {first.stderr[:200]}"]) + (
            [] if after_bytes == before_bytes else ["a file that does not load was changed"])
    before = dict(strings(yaml.safe_load(before_bytes.decode("utf-8"))))
    try:
        after = dict(strings(yaml.safe_load(after_bytes.decode("utf-8"))))
    except yaml.YAMLError as exc:
        return [f"the fixed file is not YAML: {exc}"]
    if before.keys() != after.keys():
        problems.append(f"strings added or lost: {sorted(map(str, before.keys() ^ after.keys()))}")
    for loc in before.keys() & after.keys():
        if wording(before[loc]) != wording(after[loc]):
            problems.append(f"wording changed at {loc}: {before[loc]!r} -> {after[loc]!r}")
    if stat.S_IMODE(os.stat(real).st_mode) != before_mode:
        problems.append("file mode changed")
    if path.is_symlink() != (path != real):
        problems.append("the link was replaced")
    crlf = b"\r\n" in before_bytes and before_bytes.count(b"\r\n") == before_bytes.count(b"\n")
    if crlf and after_bytes.count(b"\r\n") != after_bytes.count(b"\n"):
        problems.append("CRLF line endings lost")
    again = run_cli(["check", "--fix", "--project", str(project), str(path)])
    if real.read_bytes() != after_bytes:
        problems.append("a second --fix changed the file again (no convergence)")
    if again.crash:
        problems.append(f"second run crashed: {again.crash}")
    return problems
