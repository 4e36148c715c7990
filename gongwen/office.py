"""LibreOffice, headless: convert .doc/.wps files for import, and print a DOCX to PDF the way Word reads it.

The DOCX follows ECMA-376, as Word and WPS read it. LibreOffice 7.4 reads it differently in five ways
that move lines and pages, so the checks print a copy that undoes each:

- w:overflowPunct is inverted (LibreOffice/core, writerfilter/source/dmapper/DomainMapper.cxx:
  ``rContext->Insert(PROP_PARA_IS_HANGING_PUNCTUATION, uno::Any(nIntValue == 0))``), so the "0" that
  keeps punctuation inside the 版心 (§17.3.1.21) would hang it past the right edge: the copy flips it.
- w:autoSpaceDE and w:autoSpaceDN are ignored (same file: ``case NS_ooxml::LN_CT_PPrBase_autoSpaceDE:
  break;``), so LibreOffice keeps its own default gap between Chinese and Latin letters or digits
  (about 1.3 mm at 3号), which Word leaves out when they are "0": a Basic macro turns
  ParaIsCharacterDistance off in every paragraph style before exporting.
- Letter spacing (w:spacing) is left out after the last character of each run of one script
  (measured: 16.1 pt before a digit and 8.0 pt after it, against 15.8 and 7.8), so every change
  between Chinese and Latin text costs about 0.2 pt Word does not spend: the copy's spacing is 1/20 pt
  tighter per character, which pays for several such changes a line and never lets a line take a
  character more (the narrowest, a half-width digit, needs 7.8 pt).
- Its line grid (w:docGrid) snaps each paragraph to grid lines, where Word lets exact line spacing
  decide; measured, a paragraph whose first line would end a page then went to the next one, so a
  page held 21 lines instead of 22. The copy has no grid: every line is exact, as in Word.
- Measured: LibreOffice finds no line break between Chinese punctuation such as 。 and a following
  number or Latin word, where Word and gongwen break: the copy marks those places with a zero-width
  space.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from xml.sax.saxutils import escape

from gongwen.errors import ContentError, GongwenError, Location, Problem
from gongwen.typeset.fonts import Choice, find_face
from gongwen.typeset.layout import Layout

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_OVERFLOW_PUNCT = re.compile(rb'<w:overflowPunct(?: w:val="(\w+)")?\s*/>')
_DOC_GRID = re.compile(rb'<w:docGrid [^>]*/>')
_LETTER_SPACING = re.compile(rb'<w:spacing w:val="(-\d+)"/>')  # in w:rPr: twentieths of a point
_CHINESE = re.compile("[\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’]")
_LATIN = re.compile("[0-9A-Za-z]")
_BEFORE_LATIN = re.compile(f"(?<={_CHINESE.pattern})(?={_LATIN.pattern})")
_MACRO = """Sub ExportPdf(source As String, target As String)
  On Error GoTo Done
  Dim load(0) As New com.sun.star.beans.PropertyValue
  load(0).Name = "Hidden"
  load(0).Value = True
  document = StarDesktop.loadComponentFromURL(source, "_blank", 0, load())
  document.lockControllers()
  styles = document.StyleFamilies.getByName("ParagraphStyles")
  For i = 0 To styles.Count - 1
    styles.getByIndex(i).ParaIsCharacterDistance = False
  Next
  document.unlockControllers()
  Dim export(0) As New com.sun.star.beans.PropertyValue
  export(0).Name = "FilterName"
  export(0).Value = "writer_pdf_Export"
  document.storeToURL(target, export())
  document.close(True)
Done:
  StarDesktop.terminate()
End Sub
"""
_MODULE = ('<?xml version="1.0" encoding="UTF-8"?>\n<script:module xmlns:script="http://openoffice.org/2000/script"'
           ' script:name="Module1" script:language="StarBasic">{}</script:module>\n')


def alias_rules(layout: Layout, fonts: dict[str, Choice]) -> list[str]:
    """fontconfig rules that resolve each official font name to the face chosen for its role.

    Only names that are not installed are aliased: an installed stand-in (Noto Serif CJK SC) is
    also a candidate of other roles, and aliasing it would chain the title's face on to 仿宋.
    The face's style is pinned, since Fandol's Bold faces claim a regular weight.
    """
    rules = []
    for role, choice in fonts.items():
        for candidate in getattr(layout.fonts, role):
            name = candidate.split(":")[0]
            if find_face(name) is not None:
                continue
            families = [choice.face.family] + ([choice.fallback.family] if choice.fallback else [])
            prefer = "".join(f"<string>{escape(f)}</string>" for f in dict.fromkeys(families))
            weight = '<edit name="weight" binding="strong"><const>bold</const></edit>' if choice.face.bold else ""
            rules.append(f'<match target="pattern"><test name="family"><string>{escape(name)}</string></test>'
                         f'<edit name="family" mode="prepend" binding="strong">{prefer}</edit>{weight}'
                         f'<edit name="style" binding="strong"><string>{escape(choice.face.style)}</string></edit>'
                         "</match>")
    return list(dict.fromkeys(rules))


def fontconfig_aliases(layout: Layout, fonts: dict[str, Choice], include_system: bool = True) -> str:
    """A fonts.conf making the official font names in a DOCX resolve to the faces chosen here.

    With `include_system`, a complete configuration for FONTCONFIG_FILE; without, a file for
    /etc/fonts/conf.d (what scripts/setup.sh installs, so LibreOffice and WPS show the stand-ins).
    """
    include = '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n' if include_system else ""
    return ('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
            + include + "\n".join(alias_rules(layout, fonts)) + "\n</fontconfig>\n")


def system_aliases(root: Path) -> str:
    """The fonts.conf scripts/setup.sh installs in /etc/fonts/conf.d, for the project at `root`."""
    from gongwen.project import Project
    from gongwen.typeset.fonts import resolve_fonts
    from gongwen.typeset.layout import load_layout

    layout = load_layout(Project.at(root))
    return fontconfig_aliases(layout, resolve_fonts(layout), include_system=False)


def word_reading_copy(docx: Path, target: Path) -> None:
    """A copy of `docx` that LibreOffice lays out as Word lays out the original (see the module notes)."""

    def flip(match: re.Match) -> bytes:
        on = match.group(1) in (None, b"1", b"true", b"on")
        return b'<w:overflowPunct w:val="%s"/>' % (b"0" if on else b"1")

    def tighter(match: re.Match) -> bytes:
        return b'<w:spacing w:val="%d"/>' % (int(match.group(1)) - 1)

    with zipfile.ZipFile(docx) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in source.infolist():
            blob = source.read(info.filename)
            if info.filename.startswith("word/") and info.filename.endswith(".xml"):
                blob = _LETTER_SPACING.sub(tighter, _OVERFLOW_PUNCT.sub(flip, blob))
            if info.filename == "word/document.xml":
                blob = _mark_breaks(_DOC_GRID.sub(b"", blob))
            copy.writestr(info, blob)


def _mark_breaks(xml: bytes) -> bytes:
    """A zero-width space between Chinese text and a following Latin letter or digit, runs included."""
    from lxml import etree

    root = etree.fromstring(xml)
    for paragraph in root.iter(f"{{{_W}}}p"):
        texts = [t for t in paragraph.iter(f"{{{_W}}}t") if t.text]
        for index, text in enumerate(texts):
            marked = _BEFORE_LATIN.sub("\u200b", text.text)
            following = texts[index + 1].text if index + 1 < len(texts) else ""
            if following and _CHINESE.match(marked[-1]) and _LATIN.match(following[0]):
                marked += "\u200b"
            text.text = marked
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def docx_to_pdf(docx: Path, out_dir: Path, layout: Layout, fonts: dict[str, Choice], timeout: float = 180) -> Path:
    """Print `docx` to `out_dir`/<stem>.pdf through LibreOffice, read as Word reads it; return the PDF path."""
    pdf = _target(out_dir, docx, "pdf")
    with _office(fontconfig_aliases(layout, fonts)) as (base, env, work):
        _run([*base, "--terminate_after_init"], env, timeout, docx)  # creates the profile the macro goes into
        module = work / "profile" / "user" / "basic" / "Standard" / "Module1.xba"
        module.write_text(_MODULE.format(escape(_MACRO, {'"': "&quot;"})), encoding="utf-8")
        copy = work / f"word-reading{docx.suffix}"
        word_reading_copy(docx, copy)
        errors = _run([*base, f'macro:///Standard.Module1.ExportPdf("{copy.as_uri()}","{pdf.as_uri()}")'], env,
                      timeout, docx)
    return _made(pdf, docx, errors)


def convert(source: Path, out_dir: Path, target: str, fonts_conf: str | None = None, timeout: float = 180,
            infilter: str | None = None) -> Path:
    """`source` converted to the `target` format (pdf, docx, doc, odt …) in `out_dir`; return the new file.

    `fonts_conf` (a fonts.conf, see `fontconfig_aliases`) makes official font names resolve to the
    installed faces; `infilter` names LibreOffice's import filter, so a damaged file fails instead of
    being read as plain text.
    """
    converted = _target(out_dir, source, target.split(":")[0])
    with _office(fonts_conf) as (base, env, _):
        errors = _run([*base, *([f"--infilter={infilter}"] if infilter else []), "--convert-to", target,
                       "--outdir", str(converted.parent), str(source)], env, timeout, source)
    return _made(converted, source, errors)


@contextmanager
def _office(fonts_conf: str | None) -> Iterator[tuple[list[str], dict, Path]]:
    """soffice's command line with a private profile (and the font aliases), its environment, the work directory."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise GongwenError("找不到 LibreOffice（soffice）：运行 bash scripts/setup.sh test 安装")
    with tempfile.TemporaryDirectory(prefix="gongwen-office-") as work:
        env = {**os.environ, "HOME": work, "TMPDIR": work}  # LibreOffice leaves empty lu*.tmp folders in TMPDIR
        if fonts_conf:
            conf = Path(work) / "fonts.conf"
            conf.write_text(fonts_conf, encoding="utf-8")
            env["FONTCONFIG_FILE"] = str(conf)
        profile = Path(work) / "profile"
        yield [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore"], env, Path(work)


def _target(out_dir: Path, source: Path, suffix: str) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    target = (out_dir / f"{source.stem}.{suffix}").resolve()
    target.unlink(missing_ok=True)
    return target


def _made(target: Path, source: Path, errors: str) -> Path:
    if not target.exists():
        raise _failed(source, f"LibreOffice 无法转换：{errors or '文件已损坏或格式不对'}")
    return target


def _failed(source: Path, why: str) -> ContentError:
    return ContentError([Problem(Location(str(source), 1, 1), why)])


def _run(command: list[str], env: dict[str, str], timeout: float, source: Path) -> str:
    """Run soffice in its own process group, ended whole if it overruns; return its error output."""
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    try:
        _, errors = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise _failed(source, f"LibreOffice 转换超时（{timeout:.0f} 秒）") from None
    return errors.strip()
