"""Output names: one document per name in an output folder, none of the folder's own, none hidden or unprintable."""

from __future__ import annotations

import re
from pathlib import Path

from gongwen.build.state import BuildState
from gongwen.errors import Location, Problem

RESERVED = {"index": "发布目录 index.html"}
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


def name_problems(files: list[Path], state: BuildState) -> dict[Path, Problem]:
    """A located problem for each content file whose outputs would be hidden, unprintable, or take the
    name of the folder's own files or of another document's outputs (in this build or an earlier one)."""
    problems: dict[Path, Problem] = {}
    seen: dict[str, Path] = {}
    earlier = {stem.casefold(): entry for stem, entry in state.documents.items()}
    for source in files:
        stem, folded = source.stem, source.stem.casefold()
        message = None
        if folded in RESERVED:
            message = f"文件名“{stem}”留给{RESERVED[folded]}，生成的网页会覆盖它；请改名"
        elif stem.startswith("."):
            message = "以“.”开头的隐藏文件不生成：输出也会隐藏，不列入 SHA256SUMS；请改名"
        elif _UNPRINTABLE.search(stem):
            message = "文件名含有换行或控制字符，不能用作输出文件名；请改名"
        elif folded in seen:
            message = f"与 {seen[folded]} 的输出同名（{stem}.*）；请改名，或用 --out 生成到不同目录"
        else:
            seen[folded] = source
            recorded = earlier.get(folded, {}).get("source")
            if recorded and recorded != str(source.resolve()) and Path(recorded).exists():
                message = f"输出目录中的 {stem}.* 已由 {recorded} 生成；同名文件不能生成到同一目录（用 --out 分开）"
        if message:
            problems[source] = Problem(Location(str(source), 1, 1), message)
    return problems
