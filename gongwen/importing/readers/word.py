"""Word (.docx): paragraphs in reading order, with their styles, sizes, alignment and colour.

gongwen's own styles say what each paragraph is (see STYLE_ROLES in gongwen.importing.recognize);
documents from elsewhere are read by their text and formatting, which the recogniser weighs. Word's
built-in styles gongwen restyles (Normal as 正文, heading 1–5 as 部分标题 and 一级–四级标题) are known
by the alias gongwen gives them, or, in a file saved again by LibreOffice or WPS (which drop aliases),
by their built-in name when the file carries gongwen's own styles as well.
"""

from __future__ import annotations

from pathlib import Path

from gongwen.importing.blocks import Block, Source
from gongwen.importing.readers import unreadable
from gongwen.project import Project

_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
ALIGNMENTS = {"left": "left", "start": "left", "center": "center", "right": "right", "end": "right", "both": "both",
              "distribute": "both", "justify": "both"}  # w:jc values, transitional and strict


def read(path: Path, kind: str = "docx", project: Project | None = None) -> Source:
    """The paragraphs of a Word file; gongwen's style names come from `project`'s templates."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, ValueError, KeyError, OSError) as exc:
        raise unreadable(path, f"无法读取 Word 文件：{exc}") from None
    except Exception as exc:  # a damaged package raises lxml and zipfile errors of many kinds
        raise unreadable(path, f"无法读取 Word 文件（文件已损坏？）：{type(exc).__name__}") from None
    return Source(str(path), kind, list(_blocks(document, project or Project.at(Path.cwd()))))


def _blocks(document, project: Project):
    """One block per line of each paragraph (a manual line break starts a new one), tables included."""
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    names = _style_names(document, project)
    for number, element in enumerate(document.element.body.iter(qn("w:p")), 1):
        if _in_fallback(element):
            continue
        paragraph = Paragraph(element, document)
        style = names.get(paragraph.style.style_id) if paragraph.style is not None else None
        runs = tuple((names.get(r.style.style_id, "") if r.style is not None and r.style.type == 2 else "",
                      len(r.text)) for r in paragraph.runs)
        hints = {"style": style, **_hints(paragraph, element)}
        pictures = _pictures(element)
        column = 1
        for index, line in enumerate(paragraph.text.split("\n")):
            text = line.strip()
            yield Block(text, number, column + len(line) - len(line.lstrip()),
                        runs=runs if index == 0 else (), pictures=pictures if index == 0 else 0, **hints)
            column += len(line) + 1


def _style_names(document, project: Project) -> dict[str, str]:
    """Each style id of the document → gongwen's name for the style, else the style's own name
    (character styles other than the default paragraph font only)."""
    from docx.oxml.ns import qn

    from gongwen.importing.recognize import EMPHASIS_STYLES, STYLE_ROLES
    from gongwen.render.docx_styles import builtin_names, load_styles

    specs = load_styles(project.templates_dir)
    builtins = builtin_names(specs)
    known = set(STYLE_ROLES) | EMPHASIS_STYLES | set(specs)
    styles = list(document.styles)
    ours = any(style.name in specs and not specs[style.name].builtin for style in styles)
    names = {}
    for style in styles:
        if style.name == "Default Paragraph Font" or style.element.get(qn("w:default")) == "1" and style.type == 2:
            continue
        aliases = style.element.find(qn("w:aliases"))
        listed = aliases.get(qn("w:val")).split(",") if aliases is not None else []
        name = next((alias for alias in listed if alias in known), style.name)
        names[style.style_id] = builtins.get(name.lower(), name) if ours else name
    return names


def _pictures(element) -> int:
    """Pictures drawn in the paragraph, inline or floating (a seal floats behind the text), each once."""
    from docx.oxml.ns import qn

    return sum(1 for drawing in element.iter(qn("w:drawing"))
               if drawing.find(".//" + qn("pic:pic")) is not None and not _in_fallback(drawing))


def _in_fallback(element) -> bool:
    """Inside the fallback of a markup-compatibility choice: text boxes and drawings come twice, read them once."""
    return any(ancestor.tag == _FALLBACK for ancestor in element.iterancestors())


def _hints(paragraph, element) -> dict:
    """Size, colour, alignment and a rule above; a value Word or LibreOffice wrote that python-docx does not
    know (LibreOffice writes jc="end", for one) leaves the hints unknown rather than the file unreadable."""
    try:
        return {"size": _size(paragraph), "red": _red(paragraph), "align": _align(element, paragraph.style),
                "rule_above": _top_border(element)}
    except (ValueError, KeyError, TypeError):
        return {}


def _size(paragraph) -> float:
    """The largest font size among its runs (else its style's), in pt; 0 when unknown."""
    sizes = [r.font.size.pt for r in paragraph.runs if r.font.size is not None and r.text.strip()]
    style = paragraph.style
    while not sizes and style is not None:
        if style.font.size is not None:
            sizes = [style.font.size.pt]
        style = style.base_style
    return max(sizes, default=0.0)


def _red(paragraph) -> bool:
    """Most of its text is in a red colour (the 发文机关标志)."""
    red = total = 0
    for run in paragraph.runs:
        total += len(run.text)
        rgb = run.font.color.rgb if run.font.color is not None and run.font.color.type is not None else None
        if rgb is None and paragraph.style is not None and paragraph.style.font.color.type is not None:
            rgb = paragraph.style.font.color.rgb
        if rgb is not None and rgb[0] >= 0xC0 and rgb[1] <= 0x60 and rgb[2] <= 0x60:
            red += len(run.text)
    return total > 0 and red * 2 > total


def _align(element, style) -> str:
    """The paragraph's alignment, else its style's (read from the XML: ECMA-376 and ISO values alike)."""
    from docx.oxml.ns import qn

    jc = element.find(f"{qn('w:pPr')}/{qn('w:jc')}")
    while jc is None and style is not None:
        jc = style.element.find(f"{qn('w:pPr')}/{qn('w:jc')}")
        style = style.base_style
    return ALIGNMENTS.get(jc.get(qn("w:val"), "") if jc is not None else "", "")


def _top_border(element) -> bool:
    from docx.oxml.ns import qn

    borders = element.find(qn("w:pPr") + "/" + qn("w:pBdr"))
    return borders is not None and borders.find(qn("w:top")) is not None
