"""Time check, check --fix and an HTML + DOCX build of one paragraph of 10,000 to 200,000 characters.

    python bench/long_line.py

Linear time shows as times that grow in step with the length (the issue saw no result in 60 s at 50,000).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from timing import report, timed

MINIMAL = ("issuer: 某某市人民政府\ntitle: 关于开展检查的通知\nbody:\n  - {text}\n"
           "signature: 某某市人民政府\ndate: 2024-01-05\n")


def run() -> None:
    from gongwen.cli import main  # after timing has put this checkout on the path

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "long.yaml"
        for length in (10_000, 50_000, 200_000):
            text = ("按时完成任务," * (length // 7 + 1))[:length]
            path.write_text(MINIMAL.format(text=text), encoding="utf-8")
            report(f"check, {length:,} characters", timed(3, lambda: main(["check", str(path)])))
            report(f"check --fix, {length:,} characters", timed(1, lambda: main(["check", "--fix", str(path)])))
            report(f"build html+docx, {length:,} characters", timed(3, lambda: main(
                ["build", "--out", str(Path(folder) / "out"), "--format", "html,docx", "--force", "--no-check",
                 str(path)])))


if __name__ == "__main__":
    run()
