"""Open a DOCX in a real office suite (LibreOffice, headless) and print it to PDF."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

from gongwen.errors import GongwenError
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
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise GongwenError("找不到 LibreOffice（soffice）：运行 bash scripts/setup.sh test 安装")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="gongwen-office-") as work:
        conf = Path(work) / "fonts.conf"
        conf.write_text(fontconfig_aliases(layout, fonts), encoding="utf-8")
        env = {**os.environ, "FONTCONFIG_FILE": str(conf), "HOME": work}
        result = subprocess.run(
            [soffice, f"-env:UserInstallation=file://{work}/profile", "--headless", "--norestore",
             "--convert-to", "pdf", "--outdir", str(out_dir), str(docx)],
            capture_output=True, text=True, env=env, timeout=timeout, check=False)
    pdf = out_dir / (docx.stem + ".pdf")
    if result.returncode or not pdf.exists():
        raise GongwenError(f"LibreOffice 转换失败：{result.stderr.strip() or result.stdout.strip()}")
    return pdf
