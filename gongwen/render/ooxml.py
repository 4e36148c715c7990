"""WordprocessingML pieces python-docx has no API for, written in the order the schema requires."""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from gongwen.typeset.layout import MM

# Child order of w:pPr (ECMA-376 CT_PPrBase); Word repairs files that break it.
_PPR_ORDER = ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
              "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
              "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
              "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
              "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
              "sectPr", "pPrChange"]
# Child order of w:tblPr (CT_TblPr).
_TBLPR_ORDER = ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
                "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook"]


def element(tag: str, **attrs: str):
    """A `w:` element with `w:` attributes."""
    result = OxmlElement(tag)
    for name, value in attrs.items():
        result.set(qn(f"w:{name}"), value)
    return result


def put(parent, child, order: list[str] = _PPR_ORDER) -> None:
    """Insert (or replace) `child` at its place in the parent's schema order (w:pPr by default)."""
    tag = child.tag.split("}")[1]
    for old in parent.findall(child.tag):
        parent.remove(old)
    later = order[order.index(tag) + 1:]
    successor = next((c for c in parent if c.tag.split("}")[1] in later), None)
    if successor is not None:
        successor.addprevious(child)
    else:
        parent.append(child)


def put_table_property(table, child) -> None:
    put(table._tbl.tblPr, child, _TBLPR_ORDER)


def rule(side: str, width_mm: float, color: str, space_pt: float = 0):
    """A border edge: a rule `width_mm` thick (Word counts eighths of a point)."""
    return element(f"w:{side}", val="single", sz=str(max(2, round(width_mm * MM * 8))),
                   space=str(round(space_pt)), color=color.lstrip("#"))


def paragraph_border(paragraph, side: str, width_mm: float, color: str, space_pt: float = 0) -> None:
    p_pr = paragraph._element.get_or_add_pPr()
    borders = p_pr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        put(p_pr, borders)
    borders.append(rule(side, width_mm, color, space_pt))


def cell_margins(**twips: int):
    """w:tblCellMar with the given sides (top, left, bottom, right) in twips."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("top", "left", "bottom", "right"):
        if side in twips:
            margins.append(element(f"w:{side}", w=str(twips[side]), type="dxa"))
    return margins
