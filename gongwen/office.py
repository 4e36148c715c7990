"""LibreOffice, headless: print a DOCX to PDF, and convert .doc/.wps files for import."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

from gongwen.errors import ContentError, GongwenError, Location, Problem
from gongwen.typeset.fonts import Choice
from gongwen.typeset.layout import Layout


def fontconfig_aliases(layout: Layout, fonts: dict[str, Choice]) -> str:
    """A fonts.conf that makes the official font names in the DOCX resolve to the faces chosen here."""
    rules = []
    for role, choice in fonts.items():
        for candidate in getattr(layout.fonts, role):
            name = candidate.split(":")[0]
            if name == choice.face.family:
                continue
            families = [choice.face.family] + ([choice.fallback.family] if choice.fallback else [])
            prefer = "".join(f"<string>{escape(f)}</string>" for f in families)
            weight = '<edit name="weight" binding="strong"><const>bold</const></edit>' if choice.face.bold else ""
            rules.append(f'<match target="pattern"><test name="family"><string>{escape(name)}</string></test>'
                         f'<edit name="family" mode="prepend" binding="strong">{prefer}</edit>{weight}</match>')
    return ('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
            '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n' + "\n".join(rules) + "\n</fontconfig>\n")


def docx_to_pdf(docx: Path, out_dir: Path, layout: Layout, fonts: dict[str, Choice], timeout: float = 180) -> Path:
    """Convert with `soffice --headless --convert-to pdf` in a private profile; return the PDF path."""
    return convert(docx, out_dir, "pdf", fontconfig_aliases(layout, fonts), timeout)


def convert(source: Path, out_dir: Path, target: str, fonts_conf: str | None = None, timeout: float = 180,
            infilter: str | None = None) -> Path:
    """Convert `source` to the `target` format (pdf, docx, doc …) in a private LibreOffice profile.

    `fonts_conf` (a fonts.conf) makes official font names resolve to the installed faces; `infilter`
    names LibreOffice's import filter, so a damaged file fails instead of being read as plain text.
    """
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise GongwenError("找不到 LibreOffice（soffice）：运行 bash scripts/setup.sh test 安装")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="gongwen-office-") as work:
        env = {**os.environ, "HOME": work}
        if fonts_conf:
            conf = Path(work) / "fonts.conf"
            conf.write_text(fonts_conf, encoding="utf-8")
            env["FONTCONFIG_FILE"] = str(conf)
        try:
            result = subprocess.run(
                [soffice, f"-env:UserInstallation=file://{work}/profile", "--headless", "--norestore",
                 *([f"--infilter={infilter}"] if infilter else []),
                 "--convert-to", target, "--outdir", str(out_dir), str(source)],
                capture_output=True, text=True, env=env, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise _failed(source, f"LibreOffice 转换超时（{timeout:.0f} 秒）") from None
    converted = out_dir / f"{source.stem}.{target.split(':')[0]}"
    if result.returncode or not converted.exists():
        why = result.stderr.strip() or result.stdout.strip() or "文件已损坏或格式不对"
        raise _failed(source, f"LibreOffice 无法转换：{why}")
    return converted


def _failed(source: Path, why: str) -> ContentError:
    return ContentError([Problem(Location(str(source), 1, 1), why)])
