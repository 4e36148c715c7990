"""OFD (GB/T 33190-2016), read with the standard library: every character with its size, font, colour and
position, and the horizontal rules, from each page and the templates it uses.

A glyph stands at its text object's Boundary origin moved by the object's CTM; within a TextCode the
first glyph is at X, Y and each next one DeltaX/DeltaY further (`g N v` repeats v N times). Sizes and
positions are in mm in OFD and become pt here, so the page layout is read as for a PDF
(`gongwen.importing.printed`). Images (seals, scans) carry no text; signatures are not read.
"""

from __future__ import annotations

import math
import posixpath
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree as ET

from gongwen.importing.blocks import Source
from gongwen.importing.printed import Glyph, PrintedPage, read_pages
from gongwen.importing.readers import unreadable
from gongwen.typeset.layout import MM

Affine = tuple[float, float, float, float, float, float]  # x' = a x + c y + e, y' = b x + d y + f
IDENTITY: Affine = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
ARGUMENTS = {"S": 2, "M": 2, "L": 2, "Q": 4, "B": 6, "A": 7, "C": 0}  # AbbreviatedData commands (§9.3)
DEFAULT_LINE_WIDTH = 0.353  # mm, GB/T 33190 CT_DrawParam
CENTRE = 0.38  # a CJK glyph's vertical centre above its baseline, in em


class _Damaged(Exception):
    """Something the package should hold and does not, in words for the user."""


def read(path: Path) -> Source:
    try:
        with zipfile.ZipFile(path) as package:
            pages = _Package(package).pages()
    except zipfile.BadZipFile:
        raise unreadable(path, "不是 OFD 文件：OFD 是 ZIP 压缩包，这个文件不是") from None
    except _Damaged as exc:
        raise unreadable(path, f"无法读取 OFD：{exc}") from None
    except ET.ParseError as exc:
        raise unreadable(path, f"无法读取 OFD：XML 有误（{exc}）") from None
    except (ValueError, zipfile.LargeZipFile, OSError, EOFError) as exc:  # numbers, damaged members
        raise unreadable(path, f"无法读取 OFD（文件已损坏？）：{type(exc).__name__} {exc}") from None
    return read_pages(path, "ofd", pages)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(element: ET.Element | None, name: str) -> list[ET.Element]:
    return [] if element is None else [child for child in element if _local(child.tag) == name]


def _child(element: ET.Element | None, name: str) -> ET.Element | None:
    found = _children(element, name)
    return found[0] if found else None


def _numbers(text: str | None) -> list[float]:
    """An ST_Array of numbers, with the `g N value` shorthand expanded."""
    tokens, values, index = (text or "").split(), [], 0
    while index < len(tokens):
        if tokens[index] == "g":
            values += [float(tokens[index + 2])] * int(tokens[index + 1])
            index += 3
        else:
            values.append(float(tokens[index]))
            index += 1
    if not all(math.isfinite(v) for v in values):
        raise ValueError(f"不是有限的数：{text}")
    return values


def _box(text: str | None) -> tuple[float, float, float, float]:
    values = _numbers(text)
    if len(values) != 4:
        raise _Damaged(f"矩形“{text}”应有 4 个数")
    return values[0], values[1], values[2], values[3]


def _compose(outer: Affine, inner: Affine) -> Affine:
    """`inner` first, then `outer`."""
    a, b, c, d, e, f = outer
    p, q, r, s, t, u = inner
    return a * p + c * q, b * p + d * q, a * r + c * s, b * r + d * s, a * t + c * u + e, b * t + d * u + f


def _placement(element: ET.Element, outer: Affine) -> Affine:
    """A graphic unit's space to the page: its CTM, then its Boundary's origin, then the space it is in."""
    x, y, _, _ = _box(element.get("Boundary")) if element.get("Boundary") else (0.0, 0.0, 0.0, 0.0)
    ctm = _numbers(element.get("CTM")) if element.get("CTM") else list(IDENTITY)
    if len(ctm) != 6:
        raise _Damaged(f"CTM“{element.get('CTM')}”应有 6 个数")
    a, b, c, d, e, f = ctm
    return _compose(outer, (a, b, c, d, e + x, f + y))


def _apply(m: Affine, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


class _Package:
    """One OFD package: its first document, its resources and templates, read page by page."""

    def __init__(self, package: zipfile.ZipFile):
        self.zip = package
        self.names = {name.lstrip("/"): name for name in package.namelist()}
        entry = self._find("", "OFD.xml")
        if entry is None:
            raise _Damaged("包中没有 OFD.xml（不是 OFD 文件？）")
        root = self._xml(entry)
        if _local(root.tag) != "OFD":
            raise _Damaged(f"OFD.xml 的根元素是 {_local(root.tag)}，不是 OFD")
        doc_root = _child(_child(root, "DocBody"), "DocRoot")
        self.document = self._find(entry, doc_root.text or "") if doc_root is not None else None
        if self.document is None:
            raise _Damaged("OFD.xml 没有指向文档（DocBody/DocRoot）或所指文件不存在")
        self.fonts: dict[str, str] = {}  # ID → font name
        self.colour_spaces: dict[str, str] = {}
        self.templates: dict[str, str] = {}

    def _find(self, base: str, location: str) -> str | None:
        """The member a location names: from the package root when absolute, else beside `base` (or, as some
        producers write it, from the root)."""
        location = location.strip().replace("\\", "/")
        if not location:
            return None
        candidates = [location] if location.startswith("/") else [posixpath.join(posixpath.dirname(base), location),
                                                                  location]
        for candidate in candidates:
            name = posixpath.normpath(candidate).lstrip("/")
            if name in self.names:
                return name
        return None

    def _xml(self, name: str) -> ET.Element:
        return ET.fromstring(self.zip.read(self.names[name]))

    def _require(self, base: str, location: str | None, what: str) -> str:
        found = self._find(base, location or "")
        if found is None:
            raise _Damaged(f"{what}“{location}”不在包中")
        return found

    def pages(self) -> list[PrintedPage]:
        document = self._xml(self.document)
        common = _child(document, "CommonData")
        self.page_height = _height(common, "PageArea") or 297.0  # mm; a page may give its own
        for name in ("PublicRes", "DocumentRes"):
            for res in _children(common, name):
                self._resources(self._require(self.document, res.text, "资源文件"))
        for template in _children(common, "TemplatePage"):
            self.templates[template.get("ID", "")] = self._require(self.document, template.get("BaseLoc"), "模板页")
        pages = _children(_child(document, "Pages"), "Page")
        if not pages:
            raise _Damaged("文档中没有页（Document.xml 的 Pages 为空）")
        return [self._page(self._require(self.document, page.get("BaseLoc"), f"第{number}页的内容文件"))
                for number, page in enumerate(pages, 1)]

    def _resources(self, name: str) -> None:
        """Fonts and colour spaces of a resource file (§7.9), by ID."""
        root = self._xml(name)
        for element in root.iter():
            if _local(element.tag) == "Font":
                self.fonts[element.get("ID", "")] = element.get("FontName") or element.get("FamilyName") or ""
            elif _local(element.tag) == "ColorSpace":
                self.colour_spaces[element.get("ID", "")] = element.get("Type", "RGB")

    def _page(self, name: str) -> PrintedPage:
        root = self._xml(name)
        drawn = _Drawn()
        for template in _children(root, "Template"):  # a template's objects are drawn on the page (§7.7)
            location = self.templates.get(template.get("TemplateID", ""))
            if location is None:
                raise _Damaged(f"页 {name} 用了不存在的模板 {template.get('TemplateID')}")
            self._layers(self._xml(location), drawn)
        self._layers(root, drawn)
        return drawn.page(_height(root, "Area") or self.page_height)

    def _layers(self, root: ET.Element, drawn: _Drawn) -> None:
        for layer in _children(_child(root, "Content"), "Layer"):
            self._objects(layer, IDENTITY, drawn)

    def _objects(self, parent: ET.Element, space: Affine, drawn: _Drawn) -> None:
        for element in parent:
            kind = _local(element.tag)
            if kind == "TextObject":
                drawn.chars += self._text(element, _placement(element, space))
            elif kind == "PathObject":
                box = _path_box(element, _placement(element, space))
                if box is not None:
                    drawn.boxes.append(box)
            elif kind == "PageBlock":
                self._objects(element, space, drawn)

    def _text(self, element: ET.Element, place: Affine) -> list[_Char]:
        """Each character of a text object at its origin on the page, in mm, and whether it reads up the page."""
        size = float(element.get("Size") or 0)
        scale = math.sqrt(abs(place[0] * place[3] - place[1] * place[2])) or 1.0
        across = math.hypot(place[0], place[1]) or 1.0
        turned = place[1] < -abs(place[0])  # the text's x runs up the page (a 横排 table's, §8)
        font = self.fonts.get(element.get("Font", ""), "")
        red = self._red(_child(element, "FillColor"))
        chars, x, y = [], 0.0, 0.0
        for code in _children(element, "TextCode"):
            text = "".join(" " if c == "\t" else c for c in (code.text or "") if unicodedata.category(c) != "Cc")
            x, y = float(code.get("X", x)), float(code.get("Y", y))
            dx, dy = _numbers(code.get("DeltaX")), _numbers(code.get("DeltaY"))
            for index, char in enumerate(text):
                width = size if unicodedata.east_asian_width(char) in "WF" else size / 2
                px, py = _apply(place, x, y)
                shown = char if char.strip() or char == "\u3000" else " "
                chars.append(_Char(shown, px, py, width * across, size * scale, font, red, turned))
                x += dx[index] if index < len(dx) else width
                y += dy[index] if index < len(dy) else 0.0
        return chars

    def _red(self, colour: ET.Element | None) -> bool:
        """Whether a fill colour is the red of a 发文机关标志 (RGB 0–255 by default, §8.3)."""
        if colour is None or colour.get("Value") is None:
            return False
        values = _numbers(colour.get("Value"))
        space = self.colour_spaces.get(colour.get("ColorSpace", ""), "CMYK" if len(values) == 4 else "RGB")
        if space == "RGB" and len(values) == 3:
            r, g, b = values
            return r > 0.7 * 255 and g < 0.35 * 255 and b < 0.35 * 255
        if space == "CMYK" and len(values) == 4:
            c, m, y, k = values
            return c < 0.2 * 255 and m > 0.7 * 255 and y > 0.7 * 255 and k < 0.3 * 255
        return False


@dataclass
class _Char:
    """A character's origin on the page (mm, from the top left), its advance and size, and its look."""

    text: str
    x: float
    y: float
    width: float
    size: float
    font: str
    red: bool
    turned: bool


@dataclass
class _Drawn:
    """What a page draws, gathered from its templates and layers: characters and the boxes of its paths (mm)."""

    chars: list[_Char] = field(default_factory=list)
    boxes: list[tuple[float, float, float, float]] = field(default_factory=list)

    def page(self, height: float) -> PrintedPage:
        """The page as the layout reader takes it, in pt: a 横排 page (its text reading up the page) in the frame
        it reads in — along the text from the page's foot, down the lines from its left edge — with what
        stands upright on it (the page number) read after it."""
        turned = sum(c.turned for c in self.chars) * 2 > len(self.chars)
        thin = [b for b in self.boxes if min(b[2] - b[0], b[3] - b[1]) * MM < 2.5 and max(b[2] - b[0], b[3] - b[1])
                * MM > 10]
        upright = [Glyph(c.text, c.x * MM, (c.x + c.width) * MM, (c.y - CENTRE * c.size) * MM, c.size * MM, c.font,
                         c.red) for c in self.chars if not (turned and c.turned)]
        if not turned:
            return PrintedPage(upright, rules=[b[1] * MM for b in thin if (b[2] - b[0]) * MM > 100],
                               ruling=[tuple(v * MM for v in b) for b in thin])
        glyphs = [Glyph(c.text, (height - c.y) * MM, (height - c.y + c.width) * MM, (c.x - CENTRE * c.size) * MM,
                        c.size * MM, c.font, c.red) for c in self.chars if c.turned]
        ruling = [((height - b[3]) * MM, b[0] * MM, (height - b[1]) * MM, b[2] * MM) for b in thin]
        return PrintedPage(glyphs, ruling=ruling, after=upright)


def _height(parent: ET.Element | None, area: str) -> float | None:
    """The height (mm) of the PhysicalBox in `parent`'s `area`, if it gives one."""
    box = _child(_child(parent, area), "PhysicalBox")
    return _box(box.text)[3] if box is not None and box.text else None


def _path_box(element: ET.Element, place: Affine) -> tuple[float, float, float, float] | None:
    """The box (mm: x0, top, x1, bottom) of a path that draws something, its stroke's width included."""
    stroke = element.get("Stroke", "true") != "false"
    if not stroke and element.get("Fill", "false") != "true":
        return None
    tokens = re.findall(r"[A-Za-z]|[-+0-9.eE]+", _child(element, "AbbreviatedData").text or "") \
        if _child(element, "AbbreviatedData") is not None else []
    points, index = [], 0
    while index < len(tokens):
        command = tokens[index].upper()
        count = ARGUMENTS.get(command)
        if count is None:
            raise _Damaged(f"路径数据中有不认识的命令“{tokens[index]}”")
        values = [float(v) for v in tokens[index + 1:index + 1 + count]]
        if len(values) != count:
            raise _Damaged(f"路径命令“{command}”的参数不够")
        pairs = values[-2:] if command == "A" else values  # an arc: only its end point is a point
        points += [_apply(place, pairs[i], pairs[i + 1]) for i in range(0, len(pairs), 2)]
        index += 1 + count
    if not points:
        return None
    pad = float(element.get("LineWidth") or DEFAULT_LINE_WIDTH) / 2 if stroke else 0.0
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs) - pad, min(ys) - pad, max(xs) + pad, max(ys) + pad
