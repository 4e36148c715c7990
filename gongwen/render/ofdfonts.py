"""Fonts for the OFD: the installed font file behind each font of the PDF, subset to the characters drawn."""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from gongwen.errors import GongwenError
from gongwen.typeset.fonts import Face, installed_faces


@dataclass(frozen=True)
class Names:
    """What a font file calls itself: PostScript name, family, and whether it is bold or serif."""

    postscript: str
    family: str
    bold: bool
    serif: bool


@cache
def _load(file: str, index: int):
    from fontTools.ttLib import TTFont

    return TTFont(file, fontNumber=index, lazy=True, recalcTimestamp=False, recalcBBoxes=False)


@cache
def names(file: str, index: int) -> Names:
    return _names(_load(file, index))


def _names(font) -> Names:
    table = font["name"]
    family = table.getDebugName(16) or table.getDebugName(1) or ""
    return Names(table.getDebugName(6) or "", family, font["OS/2"].usWeightClass >= 600,
                 font["OS/2"].panose.bSerifStyle not in (11, 12, 13))


def find_face(program: bytes, preferred: Iterable[Face]) -> Face:
    """The installed face a PDF's embedded font `program` was cut from (by PostScript name): the
    build's own faces first, then every installed face of the same family."""
    wanted = _names(_parse(program))
    family = wanted.family.casefold()
    candidates = [*preferred, *(f for f in installed_faces() if f.family.casefold() == family)]
    for face in dict.fromkeys(candidates):
        if names(face.file, face.index).postscript == wanted.postscript:
            return face
    raise GongwenError(f"OFD：找不到 PDF 所用字体“{wanted.postscript}”的字体文件")


def _parse(program: bytes):
    from fontTools.ttLib import TTFont

    return TTFont(io.BytesIO(program), recalcTimestamp=False, recalcBBoxes=False)


def changed_glyphs(program: bytes, face: Face, text: str) -> str:
    """Characters of `text` that the PDF's font `program` does not draw with `face`'s own glyph for them.

    The OFD names glyphs by character, through the font's character map; a PDF that drew another glyph
    for a character (a ligature, a regional form) would read the same but print differently. The PDF's
    fonts keep the glyph numbers of the installed file, so the two maps can be compared directly.
    """
    drawn, source = _parse(program), _load(face.file, face.index)
    drawn_map, source_map = drawn.getBestCmap(), source.getBestCmap()

    def glyph_id(font, cmap, char: str) -> int | None:
        name = cmap.get(ord(char))
        return None if name is None else font.getGlyphID(name)

    return "".join(c for c in dict.fromkeys(text)
                   if not c.isspace() and glyph_id(drawn, drawn_map, c) != glyph_id(source, source_map, c))


def subset(program: bytes, text: str) -> bytes:
    """A PDF's embedded font `program` cut down to the characters of `text` and renumbered, as an OpenType
    file; the same text gives the same bytes. The outlines are the installed file's, untouched."""
    from fontTools import subset as ft_subset

    options = ft_subset.Options()
    options.layout_features = []  # the PDF fixed every glyph's position: no shaping is left to do
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    font = _parse(program)
    font.recalcBBoxes = False
    subsetter = ft_subset.Subsetter(options)
    subsetter.populate(unicodes={ord(char) for char in text})
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()
