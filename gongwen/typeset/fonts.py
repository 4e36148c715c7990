"""Which installed font each role gets, and what each font can draw (via fontconfig and fontTools)."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from gongwen.cache import remembered
from gongwen.project import ConfigError
from gongwen.typeset.layout import Layout


@dataclass(frozen=True)
class Face:
    """One installed font face: what CSS asks for (family, weight) and where fontTools finds it."""

    family: str
    style: str
    file: str
    index: int
    postscript: str = ""  # the face's own name, unique where family names are not

    @property
    def pinned(self) -> bool:
        """Whether the print stylesheet names this face alone (an @font-face rule by its PostScript name).

        Faces of a collection (.ttc) are not: WeasyPrint's local() loads a collection's first face (the
        Japanese one of Noto CJK); they go by family and weight, which fontconfig tells apart for them.
        """
        return bool(self.postscript) and self.index == 0 and not self.file.lower().endswith((".ttc", ".otc"))

    @property
    def css_family(self) -> str:
        return self.postscript if self.pinned else self.family

    @property
    def bold(self) -> bool:
        return "bold" in self.style.lower()

    @property
    def css_weight(self) -> int:
        """Weight to ask for: a pinned face is the only face of its own family (normal)."""
        return 700 if self.bold and not self.pinned else 400

    def metrics(self) -> Metrics:
        return _metrics(self.file, self.index)


@dataclass(frozen=True)
class Choice:
    """The face chosen for a role, whether it is the official font, and the fallback for missing glyphs."""

    role: str
    face: Face
    official: bool
    fallback: Face | None

    def face_for(self, char: str) -> Face | None:
        """The face that draws `char`: the chosen one, else the fallback, else None (a box)."""
        if self.face.metrics().covers(char) or char.isspace():
            return self.face
        if self.fallback and self.fallback.metrics().covers(char):
            return self.fallback
        return None

    def misses(self, text: str) -> Iterator[tuple[int, str, Face | None]]:
        """(offset, character, face drawing it instead or None) for each character the face lacks."""
        covers = self.face.metrics().covers
        if all(covers(char) or char.isspace() for char in set(text)):
            return  # the usual case, decided once per distinct character
        for offset, char in enumerate(text):
            face = self.face_for(char)
            if face is not self.face:
                yield offset, char, face


def chosen_faces(choices: dict[str, Choice]) -> list[Face]:
    """Every face the chosen fonts draw with (each role's face and its fallback), once each."""
    return list(dict.fromkeys(f for c in choices.values() for f in (c.face, c.fallback) if f))


@dataclass(frozen=True)
class Metrics:
    """Advance widths and coverage of one face, in em, plus the ink extent of a few glyphs."""

    widths: dict[int, float]  # code point -> advance
    ascent: float
    descent: float
    extents: dict[str, tuple[float, float]]  # char -> (bottom, top) of its ink

    def covers(self, char: str) -> bool:
        return ord(char) in self.widths

    def advance(self, char: str) -> float:
        return self.widths.get(ord(char), 1.0)


# Glyphs whose ink extent placement needs: the 一字线 of page numbers, a typical ideograph.
_EXTENT_CHARS = "—国"
_CACHE_VERSION = 2  # bump when Metrics (or its module path) changes


@cache
def _metrics(file: str, index: int) -> Metrics:
    """Read a face's metrics once; parsing a CJK font takes ~0.3 s, so they are cached on disk."""
    stat = os.stat(file)
    key = hashlib.sha256(f"{_CACHE_VERSION}:{file}:{index}:{stat.st_mtime_ns}:{stat.st_size}".encode()).hexdigest()
    return remembered("fonts", key[:32], lambda: _read_metrics(file, index))


def _read_metrics(file: str, index: int) -> Metrics:
    from fontTools.pens.boundsPen import BoundsPen  # fontTools is needed only when the cache is cold
    from fontTools.ttLib import TTCollection, TTFont

    font = TTCollection(file, lazy=True).fonts[index] if file.lower().endswith(".ttc") else TTFont(file, lazy=True)
    upm = font["head"].unitsPerEm
    hmtx = font["hmtx"].metrics
    cmap = font.getBestCmap()
    hhea = font["hhea"]
    glyph_set = font.getGlyphSet()
    extents = {}
    for char in _EXTENT_CHARS:
        if ord(char) in cmap:
            pen = BoundsPen(glyph_set)
            glyph_set[cmap[ord(char)]].draw(pen)
            if pen.bounds:
                extents[char] = (pen.bounds[1] / upm, pen.bounds[3] / upm)
    return Metrics(
        widths={cp: hmtx[name][0] / upm for cp, name in cmap.items()},
        ascent=hhea.ascent / upm,
        descent=abs(hhea.descent) / upm,  # FandolSong writes its descent with the wrong sign
        extents=extents,
    )


def glyph_extent(face: Face, char: str) -> tuple[float, float]:
    """(bottom, top) of a glyph's ink in em above the baseline, e.g. to place the page-number dash."""
    return face.metrics().extents[char]


@cache
def installed_faces() -> tuple[Face, ...]:
    """Every face fontconfig knows, one entry per family name it answers to."""
    if not shutil.which("fc-list"):
        raise ConfigError("找不到 fc-list：请安装 fontconfig（运行 bash scripts/setup.sh）")
    out = subprocess.run(["fc-list", "--format", "%{family}\t%{style}\t%{file}\t%{index}\t%{postscriptname}\n"],
                         capture_output=True, text=True, check=True).stdout
    faces = []
    for line in out.splitlines():
        families, styles, file, index, postscript = (line.split("\t") + ["", "", "", "0", ""])[:5]
        style = styles.split(",")[0]
        for family in families.split(","):
            faces.append(Face(family.strip(), style, file, int(index or 0), postscript))
    return tuple(faces)


def find_face(candidate: str) -> Face | None:
    """The face named by `Family` or `Family:Style` (Regular preferred when no style is given)."""
    family, _, style = candidate.partition(":")
    matches = [f for f in installed_faces() if f.family.casefold() == family.casefold()]
    if style:
        matches = [f for f in matches if f.style.casefold() == style.casefold()]
    else:
        matches.sort(key=lambda f: (f.style not in ("Regular", "Book", "R"), f.bold, f.style))
    return matches[0] if matches else None


def resolve_fonts(layout: Layout) -> dict[str, Choice]:
    """Pick, for every role, the first installed candidate; raise if a role has none."""
    choices = {}
    official_names = {role: candidates[0] for role, candidates in layout.fonts}
    for role, candidates in layout.fonts:
        fallback = next((f for f in map(find_face, getattr(layout.fallback, role)) if f), None)
        for candidate in candidates:
            face = find_face(candidate)
            if face:
                choices[role] = Choice(role, face, candidate == official_names[role],
                                       fallback if fallback != face else None)
                break
        else:
            raise ConfigError(f"没有可用的“{role}”字体：{'、'.join(candidates)} 都未安装（运行 bash scripts/setup.sh）")
    return choices


ROLE_NAMES = {"title": "标题（小标宋）", "body": "正文（仿宋）", "hei": "一级标题（黑体）",
              "kai": "二级标题（楷体）", "song": "页码（宋体）"}


def font_report(choices: dict[str, Choice]) -> list[str]:
    """One line per role: the face it got, and whether that is the official font or a stand-in."""
    lines = []
    for role, choice in choices.items():
        face = choice.face
        got = face.family + ("" if face.style in ("Regular", "R", "Book") else f" {face.style}")
        kind = "" if choice.official else "（替代字体）"
        fallback = f"，缺字用 {choice.fallback.family}" if choice.fallback else ""
        lines.append(f"字体：{ROLE_NAMES[role]} → {got}{kind}{fallback}")
    return lines
