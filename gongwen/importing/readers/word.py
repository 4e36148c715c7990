"""Word (.docx): paragraphs in reading order, with their styles, sizes, alignment and colour.

gongwen's own styles say what each paragraph is (see STYLE_ROLES in gongwen.importing.recognize);
documents from elsewhere are read by their text and formatting, which the recogniser weighs. Word's
built-in styles gongwen restyles (Normal as 正文, heading 1–5 as 部分标题 and 一级–四级标题) are known
by the alias gongwen gives them, or, in a file saved again by LibreOffice or WPS (which drop aliases),
by their built-in name when the file carries gongwen's own styles as well.
"""

from __future__ import annotations

import re
from pathlib import Path

from gongwen.importing.blocks import Block, CellText, Source
from gongwen.importing.readers import unreadable
from gongwen.importing.recognize import STYLE_ROLES
from gongwen.project import Project

_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
ALIGNMENTS = {"left": "left", "start": "left", "center": "center", "right": "right", "end": "right", "both": "both",
              "distribute": "both", "justify": "both"}  # w:jc values, transitional and strict


def read(path: Path, kind: str = "docx", project: Project | None = None, converted: bool = False) -> Source:
    """The paragraphs of a Word file; gongwen's style names come from `project`'s templates; `converted`: written
    by LibreOffice from a .doc or .wps (see `_unflatten`)."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, ValueError, KeyError, OSError) as exc:
        raise unreadable(path, f"无法读取 Word 文件：{exc}") from None
    except Exception as exc:  # a damaged package raises lxml and zipfile errors of many kinds
        raise unreadable(path, f"无法读取 Word 文件（文件已损坏？）：{type(exc).__name__}") from None
    if converted:
        _drop_field_codes(document)
    return Source(str(path), kind, list(_blocks(document, project or Project.at(Path.cwd()))))


def _blocks(document, project: Project):
    """One block per line of each paragraph (a manual line break starts a new one); a data table is one
    table block, a table used for layout (a 版记, a joint 标志) gives its paragraphs."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    _drop_invisible(document)
    names = _style_names(document, project)
    placed = {style_id for style_id, name in names.items() if STYLE_ROLES.get(name, "body") != "body"}
    tables = {id(t): t for t in document.element.body.iterchildren(qn("w:tbl")) if _data_table(t, placed)}
    # Styles by id, looked up once: python-docx searches every style on each `.style` (a 30,000-paragraph
    # file took minutes).
    styles = {style.style_id: style for style in document.styles}
    default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
    for number, element in enumerate(document.element.body.iter(qn("w:p")), 1):
        if _in_fallback(element):
            continue
        table = next((a for a in element.iterancestors(qn("w:tbl")) if id(a) in tables), None)
        if table is not None:
            if table.find(f".//{qn('w:p')}") is element:  # at its first paragraph, the whole table
                rows, head = _rows(table, number)
                yield Block("", number, table=rows, head=head)
            continue
        paragraph = Paragraph(element, document)
        paragraph_style = styles.get(element.style) if element.style else default
        style = names.get(paragraph_style.style_id) if paragraph_style is not None else None
        runs = tuple((names.get(r._r.style, "") if r._r.style in styles and styles[r._r.style].type == 2 else "",
                      len(r.text)) for r in paragraph.runs)
        hints = {"style": style, **_hints(paragraph, element, paragraph_style)}
        pictures = _pictures(element)
        column = 1
        for index, line in enumerate(paragraph.text.split("\n")):
            text = line.strip()
            yield Block(text, number, column + len(line) - len(line.lstrip()),
                        runs=runs if index == 0 else (), pictures=pictures if index == 0 else 0, **hints)
            column += len(line) + 1


# A field's code that LibreOffice leaves as text in a field's result (an OA system's mail-merge template).
_FIELD_CODE = re.compile(r"^\s*MERGEFIELD\s+\S+(?:\s+\\\S+)*\s*$")


def _drop_field_codes(document) -> None:
    """Drop the text of nested merge-field codes (` MERGEFIELD title `) that LibreOffice writes into a field's
    result when it converts a .doc: Word shows the result, not the code."""
    from docx.oxml.ns import qn

    for text in list(document.element.body.iter(qn("w:t"))):
        if _FIELD_CODE.match(text.text or ""):
            text.getparent().remove(text)


def _drop_invisible(document) -> None:
    """Empty the runs set in white with nothing behind them: text left over from a template (a 文种 word of the
    版头 whitened out) is not on the printed page, so it is not part of the document."""
    from docx.oxml.ns import qn

    for run in document.element.body.iter(qn("w:r")):
        properties = run.find(qn("w:rPr"))
        colour = properties.find(qn("w:color")) if properties is not None else None
        if colour is None or colour.get(qn("w:val"), "").upper() != "FFFFFF":
            continue
        paragraph = next(run.iterancestors(qn("w:p")), None)
        shaded = properties.find(qn("w:shd")) is not None or properties.find(qn("w:highlight")) is not None or \
            any(a.tag == qn("w:tc") for a in run.iterancestors()) or \
            (paragraph is not None and paragraph.find(f"{qn('w:pPr')}/{qn('w:shd')}") is not None)
        if not shaded:
            for text in run.findall(qn("w:t")):
                text.text = ""


def _style_names(document, project: Project) -> dict[str, str]:
    """Each style id of the document → gongwen's name for the style, else the style's own name
    (character styles other than the default paragraph font only)."""
    from docx.oxml.ns import qn

    from gongwen.importing.recognize import EMPHASIS_STYLES
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


def _data_table(table, placed: set[str]) -> bool:
    """A table of data: two rows and two columns at least, not red, holding no 版记 (抄送, 印发) and no
    paragraph in one of gongwen's styles for the 版头 or 版记 (`placed`: a joint 标志 is set as a table)."""
    from docx.oxml.ns import qn

    rows = table.findall(qn("w:tr"))
    columns = table.findall(f"{qn('w:tblGrid')}/{qn('w:gridCol')}")
    texts = ["".join(t.text or "" for t in cell.iter(qn("w:t"))).strip() for cell in table.iter(qn("w:tc"))]
    red = any(c.get(qn("w:val"), "").upper() in ("FF0000", "E60012", "C00000") for c in table.iter(qn("w:color")))
    record = any(text.startswith("抄送") or text.endswith("印发") for text in texts)
    styled = any(style.get(qn("w:val")) in placed for style in table.iter(qn("w:pStyle")))
    return len(rows) >= 2 and len(columns) >= 2 and not (red or record or styled)


def _rows(table, first: int) -> tuple[tuple[tuple[CellText, ...], ...], int]:
    """The table's rows (cells under a vertical merge left out, the cell above spanning them) and how many
    rows at its top repeat as a header (at least one)."""
    from docx.oxml.ns import qn

    rows: list[list[list]] = []  # [text, colspan, rowspan, paragraph number]
    above: dict[int, list] = {}  # grid column → the cell that started there
    number = first
    head, heading = 0, True
    for tr in table.findall(qn("w:tr")):
        properties = tr.find(qn("w:trPr"))
        heading = heading and properties is not None and properties.find(qn("w:tblHeader")) is not None
        head += heading
        before = properties.find(qn("w:gridBefore")) if properties is not None else None
        column = int(before.get(qn("w:val"), 0)) if before is not None else 0
        row = []
        for tc in tr.findall(qn("w:tc")):
            tc_pr = tc.find(qn("w:tcPr"))
            span = tc_pr.find(qn("w:gridSpan")) if tc_pr is not None else None
            merge = tc_pr.find(qn("w:vMerge")) if tc_pr is not None else None
            colspan = int(span.get(qn("w:val"), 1)) if span is not None else 1
            paragraphs = tc.findall(qn("w:p"))
            if merge is not None and merge.get(qn("w:val"), "continue") == "continue" and column in above:
                above[column][2] += 1
            else:
                text = "".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in paragraphs).strip()
                cell = [text, colspan, 1, number]
                row.append(cell)
                for c in range(column, column + colspan):
                    above[c] = cell
            number += len(tc.findall(f".//{qn('w:p')}"))
            column += colspan
        rows.append(row)
    cells = tuple(tuple(CellText(t, cs, rs, line) for t, cs, rs, line in row) for row in rows if row)
    return cells, max(head, 1)


def _hints(paragraph, element, style) -> dict:
    """Size, colour, alignment and a rule above; a value Word or LibreOffice wrote that python-docx does not
    know (LibreOffice writes jc="end", for one) leaves the hints unknown rather than the file unreadable."""
    try:
        return {"size": _size(paragraph, style), "red": _red(paragraph, style), "align": _align(element, style),
                "rule_above": _top_border(element)}
    except (ValueError, KeyError, TypeError):
        return {}


def _size(paragraph, style) -> float:
    """The largest font size among its runs (else its style's), in pt; 0 when unknown."""
    sizes = [r.font.size.pt for r in paragraph.runs if r.font.size is not None and r.text.strip()]
    while not sizes and style is not None:
        if style.font.size is not None:
            sizes = [style.font.size.pt]
        style = style.base_style
    return max(sizes, default=0.0)


def _red(paragraph, style) -> bool:
    """Most of its text is in a red colour (the 发文机关标志)."""
    red = total = 0
    for run in paragraph.runs:
        total += len(run.text)
        rgb = run.font.color.rgb if run.font.color is not None and run.font.color.type is not None else None
        if rgb is None and style is not None and style.font.color.type is not None:
            rgb = style.font.color.rgb
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
