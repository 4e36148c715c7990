"""Print layout: the values the templates need to set a Document on the GB/T 9704 grid.

The same Jinja templates as the web page are used; in print mode they ask this object for
pre-broken, justified lines (see `gongwen.typeset.textflow`) and for the print stylesheet.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from gongwen.errors import ContentError, Problem
from gongwen.model.document import Document, Inline, Section, Term
from gongwen.model.table import Table, tables_in
from gongwen.render.jinja import environment as templates
from gongwen.render.tableset import SetTable, set_table
from gongwen.typeset.fonts import Choice, Face, chosen_faces, glyph_extent
from gongwen.typeset.layout import MM, Layout
from gongwen.typeset.textflow import flow, title_lines


@dataclass(frozen=True)
class Run:
    """Text in one font role, optionally part of a lead sentence or a glossary term link."""

    text: str
    role: str = "body"
    lead: bool = False
    term: int | None = None
    dfn: bool = False


@dataclass(frozen=True)
class Segment:
    """Characters of one line that share a font and a link."""

    text: str
    role: str
    lead: bool
    term: int | None
    term_start: bool  # the first piece of the term's link: carries the id
    dfn: bool
    fallback: str | None  # family drawing characters the role's font lacks


@dataclass(frozen=True)
class PrintLine:
    segments: list[Segment]
    spacing: float
    indent: float

    @property
    def style(self) -> str:
        indent = f";margin-left:{self.indent:.3f}pt" if self.indent else ""
        return f"letter-spacing:{self.spacing:.4f}pt{indent}"


class LineStyles:
    """The print lines' letter-spacing and indents as classes, one rule per distinct style: WeasyPrint parses
    and cascades a shared rule once, where an inline style costs it a parse per line."""

    def __init__(self):
        self.names: dict[str, str] = {}

    def of(self, line: PrintLine) -> str:
        """The class of `line`'s style."""
        return self.names.setdefault(line.style, f"sp{len(self.names)}")

    def rules(self) -> str:
        """The stylesheet rules of every class given out."""
        return "".join(f".{name} {{ {style}; }}\n" for style, name in self.names.items())


@dataclass(frozen=True)
class Placed:
    """A line of text set at a fixed place: the top of its grid line (in lines below the top of its block,
    whole or not) and its left edge in pt from the 版心's left edge."""

    cls: str
    line: float
    x: float
    text: str
    hidden: bool = False  # laid out but not printed: the name a 签名章 stands for, under it (found by search, import)


@dataclass(frozen=True)
class Box:
    """A rectangle in pt from the top left of its block (the 版心, or the closing block): a red rule."""

    x: float
    top: float
    width: float
    height: float

    @property
    def bottom(self) -> float:
        return self.top + self.height


@dataclass(frozen=True)
class SealBox(Box):
    """Where a seal goes: an organ's 印章 or a signer's 签名章, its image (path relative to the content file),
    or none where the unit's 电子签章 system puts it."""

    image: str = ""
    organ: str = ""  # the organ whose seal it is
    kind: str = "印章"  # or 签名章
    signer: str = ""  # a 签名章's signer

    @property
    def alt(self) -> str:
        return f"{self.kind}：{self.signer or self.organ}"


@dataclass(frozen=True)
class Masthead:
    """The 版头: the 标志 (see `PrintLayout.issuer_mark`), placed lines, red rules, and its height in pt."""

    mark: dict
    texts: list[Placed]
    rules: list[Box]
    height: float


@dataclass(frozen=True)
class Closing:
    """署名, 成文日期, 职务 lines and seals (印章 and 签名章) of the closing block, which is `lines` grid
    lines high."""

    texts: list[Placed]
    seals: list[SealBox]
    lines: int


@dataclass(frozen=True)
class Hanging:
    """Lines whose first one hangs out by a label; `padding` is the block's left padding in pt."""

    padding: float
    lines: list[PrintLine]


# How each kind of block is set: font role, first-line indent in 字, alignment.
BLOCKS = {
    "para": ("body", 2, "justify"),
    "recipients": ("body", 0, "justify"),
    "salutation": ("body", 0, "justify"),
    "note": ("body", 2, "justify"),
    "glossary-note": ("kai", 0, "center"),
    "subtitle": ("kai", 0, "center"),
    "speaker": ("kai", 0, "center"),
    "part-title": ("hei", 0, "center"),
    "attachment-label": ("hei", 0, "left"),
    "copy-number": ("body", 0, "left"),
    "secrecy": ("hei", 0, "left"),
    "urgency": ("hei", 0, "left"),
    "doc-number": ("body", 0, "center"),
    "signature": ("body", 0, "left"),
    "date": ("body", 0, "left"),
}
HEADING_ROLES = {1: "hei", 2: "kai", 3: "body", 4: "body"}
# Font roles of the lines the layout places (版头 elements, closing lines); the rest are body text.
PLACED_ROLES = {"secrecy": "hei", "urgency": "hei", "signer": "kai"}


class PrintLayout:
    """Breaks and measures text for the print templates; one per build of one document."""

    def __init__(self, layout: Layout, fonts: dict[str, Choice], templates_dir: Path):
        self.layout = layout
        self.fonts = fonts
        self.templates_dir = templates_dir
        self.size = layout.sizes.body_pt
        self.grid_spacing = layout.cell - self.size
        self._glyphs: dict[tuple[str, str], tuple[Face, float]] = {}
        self._tables: dict[tuple[int, str | None], SetTable] = {}

    @property
    def font_files(self) -> frozenset[Path]:
        """The files of the faces (and fallbacks) chosen: all the PDF renderer may read from disk."""
        faces = [face for choice in self.fonts.values() for face in (choice.face, choice.fallback) if face]
        return frozenset(Path(face.file).resolve() for face in faces)

    def line_styles(self) -> LineStyles:
        """A new set of line style classes, for one rendering of a document."""
        return LineStyles()

    # ── text ──

    def node(self, node: Inline) -> list[PrintLine]:
        """A paragraph or heading: marker, lead sentence or run-in heading, glossary links, justified lines."""
        if isinstance(node, Section):
            head = self.layout.headings.run_in[node.level - 1] if node.run_in else HEADING_ROLES[node.level]
            head = head if node.heading else "body"  # a numbered paragraph: nothing to emphasise
            text, runs = "body" if node.run_in else head, [Run(node.marker, head, bool(node.heading) and node.run_in)]
        else:
            head, text, runs = "hei", "body", []
        runs += [Run(s.text, head if s.lead else text, s.lead, s.term) for s in node.spans()]
        return self.lines(runs, indent_chars=2)

    def entry(self, term: Term) -> list[PrintLine]:
        """A glossary entry `1.术语：解释。`, the term in 黑体."""
        runs = [Run(f"{term.number}."), Run(term.term, "hei", dfn=True), Run("："),
                *(Run(s.text, term=s.term) for s in term.spans())]
        return self.lines(runs, indent_chars=2)

    def placed(self, item: Placed) -> list[PrintLine]:
        """A placed line in its font, on the character grid, starting `item.x` from the left."""
        run = Run(item.text, PLACED_ROLES.get(item.cls, "body"))
        return self.lines([run], indent_chars=item.x / self.layout.cell, justify=False)

    def block(self, cls: str, text: str) -> list[PrintLine]:
        role, indent, align = BLOCKS[cls]
        return self.lines([Run(text, role)], indent_chars=indent, justify=align == "justify")

    def text_lines(self, text: str, role: str, **how) -> list[PrintLine]:
        """`text` in one font role, broken as `lines` is told (width, size, justify, on_grid)."""
        return self.lines([Run(text, role)], **how)

    def lines(self, runs: list[Run], indent_chars: float = 0, justify: bool = True,
              width: float | None = None, size: float | None = None, on_grid: bool = True) -> list[PrintLine]:
        """Break runs into lines; every line but the last is justified when `justify`.

        Body-size text sits on the character grid; other sizes (`on_grid=False`) keep their
        natural spacing. A negative indent hangs the first line out to the left.
        """
        size = size or self.size
        width = width or self.layout.text_width
        grid = self.grid_spacing if on_grid else 0.0
        chars, faces, owners, advances = [], [], [], []
        for run_index, run in enumerate(runs):
            for char in run.text:
                face, advance = self._glyph(run.role, char)
                chars.append(char)
                faces.append(face)
                owners.append(run_index)
                advances.append(advance * size)
        text = "".join(chars)
        started: set[int] = set()
        result = []
        cell = self.layout.cell if on_grid else size
        for line in flow(text, advances, width, grid, indent_chars * cell, justify):
            segments = []
            i = line.start
            while i < line.end:
                run, face = runs[owners[i]], faces[i]
                j = i
                while j < line.end and owners[j] == owners[i] and faces[j] == face:
                    j += 1
                primary = self.fonts[run.role].face
                term_start = run.term is not None and run.term not in started
                if run.term is not None:
                    started.add(run.term)
                segments.append(Segment(text[i:j], run.role, run.lead, run.term, term_start, run.dfn,
                                        face.css_family if face != primary else None))
                i = j
            result.append(PrintLine(segments, line.spacing, line.indent))
        return result

    def _glyph(self, role: str, char: str) -> tuple[Face, float]:
        """The face drawing `char` in `role` and its advance in em (memoised: called per character)."""
        key = (role, char)
        if key not in self._glyphs:
            choice = self.fonts[role]
            face = choice.face_for(char) or choice.face
            self._glyphs[key] = (face, face.metrics().advance(char))
        return self._glyphs[key]

    def title(self, text: str, keep: list[str] = (), width: float | None = None) -> list[PrintLine]:
        """A 2号 title broken between words (keeping `keep` names whole) into a 梯形 or 菱形, centred
        in the 版心 (or `width`, on a 横排 page)."""
        size = self.layout.sizes.title_pt
        width = width or self.layout.text_width
        return [line for part in title_lines(text, int(width // size), keep)
                for line in self.lines([Run(part, "title")], justify=False, width=width, size=size, on_grid=False)]

    def hanging(self, label: str, items: list[str], left_chars: float = 0, right_chars: float = 0,
                size: float | None = None, on_grid: bool = True, label_role: str = "body") -> Hanging:
        """`label` then items, wrapped lines aligned after the label (附件说明 §7.3.4, 抄送 §7.4.2)."""
        size = size or self.size
        cell = self.layout.cell if on_grid else size
        padding = (left_chars + len(label)) * cell
        width = self.layout.text_width - padding - right_chars * cell
        lines = []
        for index, item in enumerate(items):
            runs = [Run(label, label_role), Run(item)] if index == 0 else [Run(item)]
            indent = -len(label) if index == 0 else 0
            lines += self.lines(runs, indent_chars=indent, width=width, size=size, on_grid=on_grid)
        return Hanging(padding, lines)

    def attendance(self, label: str, names: list[str]) -> Hanging:
        """A 纪要's 出席/请假/列席 list: the label in 黑体 2 字 in, names after it, wraps aligned (§10.3)."""
        return self.hanging(f"{label}：", ["、".join(names)], left_chars=self.layout.minutes.list_indent_chars,
                            label_role="hei")

    def record_lines(self, doc: Document) -> dict:
        """抄送 lines (4号, hanging after the colon) and the 印发 line's two ends."""
        size = self.layout.sizes.record_pt
        inset = self.layout.record.indent_chars
        cc = self.hanging("抄送：", ["，".join(doc.cc) + "。"], inset, inset, size, on_grid=False) if doc.cc else None
        return {"cc": cc, "inset": inset * size}

    # ── placed elements ──

    def closing(self, doc: Document) -> Closing | None:
        """署名, 成文日期 and seals per GB/T 9704 §7.3.5, placed on grid lines below the body."""
        if doc.signed_by:
            return self._signed_closing(doc)
        if doc.seal or doc.electronic_seal:
            return self._sealed_closing(doc)
        if doc.signature or doc.date:
            return self._unsealed_closing(doc)
        return None

    def _unsealed_closing(self, doc: Document) -> Closing:
        """§7.3.5.2: one blank line, 署名 2 字 from the right, the date starting 2 字 right of it; a longer
        date keeps 2 字 on its right and pushes the 署名 left. Joint 署名 stand one under another."""
        c, cell, width = self.layout.closing, self.layout.cell, self.layout.text_width
        names = doc.signature or []
        right = width - c.unsealed_right_chars * cell
        date_w = self._width(doc.date_text)
        sig_w = max((self._width(n) for n in names), default=date_w - c.date_offset_chars * cell)
        sig_x = right - sig_w
        date_x = min(sig_x + c.date_offset_chars * cell, right - date_w)
        sig_x = min(sig_x, date_x - c.date_offset_chars * cell)
        texts = [Placed("signature", 1 + i, sig_x + sig_w - self._width(n), n) for i, n in enumerate(names)]
        if doc.date:
            texts.append(Placed("date", 1 + len(names), date_x, doc.date_text))
        return Closing(texts, [], 1 + len(texts))

    def _sealed_closing(self, doc: Document) -> Closing:
        """§7.3.5.1: the date 4 字 from the right; each organ's seal pressing its 署名, the last also the
        date; seals in rows, right-aligned on one column grid, never touching, inside the 版心, the first
        row's top within one line of the body."""
        c, cell, pitch, width = self.layout.closing, self.layout.cell, self.layout.pitch, self.layout.text_width
        size, gap = c.seal_size_mm * MM, c.seal_gap_mm * MM
        date_w = self._width(doc.date_text)
        date_x = width - c.sealed_right_chars * cell - date_w
        centre = date_x + date_w / 2
        names = doc.signature
        span = max(size, *(self._width(n) for n in names))
        column = span + gap
        per_row = max(1, min(len(names), int((centre - span / 2) // column) + 1))
        step = math.ceil((size + gap) / pitch)  # lines from one row to the next
        texts, seals = [], []
        for index, (name, image) in enumerate(zip(names, doc.seal or [""] * len(names), strict=True)):
            row, place = divmod(index, per_row)
            in_row = min(per_row, len(names) - row * per_row)
            x = centre - (in_row - 1 - place) * column
            line = c.sealed_signature_lines + row * step
            texts.append(Placed("signature", line, x - self._width(name) / 2, name))
            seals.append(SealBox(x - size / 2, (c.seal_top_lines + row * step) * pitch, size, size, image, name))
        date_line = texts[-1].line + 1
        texts.append(Placed("date", date_line, date_x, doc.date_text))
        return Closing(texts, seals, max(date_line + 1, math.ceil(max(s.bottom for s in seals) / pitch)))

    def _signed_closing(self, doc: Document) -> Closing:
        """§7.3.5.3: two blank lines, each 签名章 4 字 from the right with the signer's 职务 2 字 to its left
        (the 职务 aligned on the first), one row per organ; the date a blank line below, 4 字 from the right."""
        c, cell, pitch, width = self.layout.closing, self.layout.cell, self.layout.pitch, self.layout.text_width
        right = width - c.name_seal_right_chars * cell
        height = c.name_seal_height_mm * MM
        step = math.ceil((height + c.name_seal_gap_mm * MM) / pitch)
        texts, seals, lefts = [], [], []
        for index, signer in enumerate(doc.signed_by):
            line = c.name_seal_gap_lines + index * step
            sealed = bool(signer.seal or doc.electronic_seal)  # the seal shows the name, or the 电子签章 will
            texts.append(Placed("signer-name", line, right - self._width(signer.name), signer.name, hidden=sealed))
            if sealed:
                seal_w = height * doc.resources.image(signer.seal).aspect if signer.seal else c.name_seal_width_mm * MM
                organ = doc.issuer[index] if index < len(doc.issuer) else doc.issuer[0]  # rows in the 标志's order
                seals.append(SealBox(right - seal_w, line * pitch + (pitch - height) / 2, seal_w, height,
                                     signer.seal or "", organ, "签名章", signer.name))
            else:
                seal_w = self._width(signer.name)
            lefts.append(right - seal_w - c.name_seal_title_chars * cell - self._width(signer.title))
        title_x = min(lefts)
        texts += [Placed("signer-title", c.name_seal_gap_lines + i * step, title_x, s.title)
                  for i, s in enumerate(doc.signed_by)]
        date_line = c.name_seal_gap_lines + (len(doc.signed_by) - 1) * step + 1 + c.name_seal_date_lines
        texts.append(Placed("date", date_line, right - self._width(doc.date_text), doc.date_text))
        bottom = max((s.bottom for s in seals), default=0)
        return Closing(texts, seals, max(date_line + 1, math.ceil(bottom / pitch)))

    def natural_width(self, text: str, role: str = "body", size: float | None = None) -> float:
        """Width of `text` in pt at `size` with no spacing added (off the character grid)."""
        return sum(self._glyph(role, c)[1] for c in text) * (size or self.size)

    def table(self, table: Table, doc: Document, heading: str | None = None) -> SetTable:
        """A table as printed (see `gongwen.render.tableset`); `heading` is the title of an attachment whose
        label and title stand on the table's first 横排 page."""
        key = (id(table), heading)
        if key not in self._tables:
            loc = next((loc for base, body in doc.bodies() for loc, t in tables_in(body, base) if t is table), ())
            lines = 3 + len(self.title(heading, doc.proper_names, self.layout.text_height)) if heading else 0
            self._tables[key] = set_table(self, table, doc.locate(loc), lines)
        return self._tables[key]

    def _width(self, text: str, role: str = "body") -> float:
        """Width of a line of `text` on the grid, in pt."""
        return sum(self._glyph(role, c)[1] * self.size + self.grid_spacing for c in text)

    def _baseline(self, role: str = "body") -> float:
        """Baseline of a body-size line below the top of its grid-high line box."""
        metrics = self.fonts[role].face.metrics()
        return (self.layout.pitch - (metrics.ascent + metrics.descent) * self.size) / 2 + metrics.ascent * self.size

    def issuer_mark(self, doc: Document, top: float | None = None) -> dict:
        """Size and placement of the 发文机关标志 (GB/T 9704 §7.2.4), its ink top `top` pt below the 版心 top."""
        names, suffix = doc.mark_names, doc.mark_suffix
        if top is None:
            top = self.layout.masthead.mark_top_mm * MM
        joint = len(names) > 1
        chars = max(map(len, names)) + len(suffix) if joint else len(names[0]) + len(suffix)
        size = min(self.layout.sizes.issuer_mark_max_pt, self.layout.text_width / (chars + 0.5))
        face = self.fonts["title"].face
        ink_bottom, ink_top = glyph_extent(face, "国")
        metrics = face.metrics()
        # With line-height equal to the size, the baseline stands this far below the box top.
        baseline = (size - (metrics.ascent + metrics.descent) * size) / 2 + metrics.ascent * size
        box_top = top - (baseline - ink_top * size)
        height = size * len(names) if joint else size
        # Joint names are stacked and spaced out to the longest one's width.
        longest = max(map(len, names))
        spacing = [(longest - len(n)) * size / (len(n) - 1) if len(n) > 1 else 0.0 for n in names]
        return {"size": size, "top": box_top, "height": height, "joint": joint, "spacing": spacing,
                "names": names, "suffix": suffix, "ink_top": top,
                "ink_bottom": top + height - size + (ink_top - ink_bottom) * size}

    def masthead(self, doc: Document) -> Masthead:
        """The 版头 of the document's format, in pt from the top of the 版心; it ends on a grid line."""
        if doc.format == "信函":
            return self._letter_masthead(doc)
        m, pitch = self.layout.masthead, self.layout.pitch
        order = doc.format == "命令"
        mark_top = {"命令": self.layout.order.mark_top_mm, "纪要": self.layout.minutes.mark_top_mm}.get(
            doc.format, m.mark_top_mm)
        mark = self.issuer_mark(doc, mark_top * MM)
        texts = self._codes(doc, 0.0, mark)
        mark_bottom = mark["top"] + mark["height"]
        first = mark_bottom + (self.layout.order.number_gap_lines if order else m.number_gap_lines) * pitch
        rows = [doc.signers[i:i + m.signers_per_line] for i in range(0, len(doc.signers), m.signers_per_line)]
        number_top = first + max(len(rows) - 1, 0) * pitch  # 发文字号 on the line of the last 签发人
        texts += self._signer_rows(doc, rows, first)
        if doc.number:
            x = self.layout.cell if rows else (self.layout.text_width - self._width(doc.number)) / 2
            texts.append(Placed("doc-number", number_top / pitch, x, doc.number))
        if order:  # 命令: no rule; the body two blank lines below the 令号 (§10.2)
            end = number_top + pitch if doc.number else mark_bottom
            return Masthead(mark, texts, [], (math.ceil(end / pitch) + self.layout.order.body_gap_lines) * pitch)
        body = self.fonts["body"].face.metrics()
        rule_top = number_top + self._baseline() + body.descent * self.size + m.rule_gap_mm * MM
        rule = Box(0.0, rule_top, self.layout.text_width, m.rule_width_mm * MM)
        return Masthead(mark, texts, [rule], (math.ceil(rule.bottom / pitch) + m.title_gap_lines) * pitch)

    def _letter_masthead(self, doc: Document) -> Masthead:
        """信函格式 (§10.1): the organ's name 30 mm from the paper top, red double rules of 170 mm (thick
        over thin 4 mm below it, thin over thick 20 mm above the paper bottom), 份号 etc. on the left and
        发文字号 on the right under the upper rule; the title two lines below the last of them."""
        letter, page, pitch = self.layout.letter, self.layout.page, self.layout.pitch
        mark = self.issuer_mark(doc, (letter.mark_top_mm - page.top_mm) * MM)
        left = -(letter.rule_length_mm - page.text_width_mm) / 2 * MM
        length = letter.rule_length_mm * MM
        thick, thin, space = letter.thick_rule_mm * MM, letter.thin_rule_mm * MM, letter.rule_spacing_mm * MM
        top = mark["ink_bottom"] + letter.rule_below_mark_mm * MM
        lower = (page.height_mm - letter.rule_above_bottom_mm - page.top_mm) * MM - (thin + space + thick)
        rules = [Box(left, top, length, thick), Box(left, top + thick + space, length, thin),
                 Box(left, lower, length, thin), Box(left, lower + thin + space, length, thick)]
        ink_top = self._baseline() - glyph_extent(self.fonts["body"].face, "国")[1] * self.size
        first = rules[1].bottom + letter.element_gap_pt - ink_top  # line box whose ink stands 7/8 字 below
        texts = self._codes(doc, first)
        if doc.number:
            texts.append(Placed("doc-number", first / pitch, self.layout.text_width - self._width(doc.number),
                                doc.number))
        end = max((t.line + 1) * pitch for t in texts) if texts else rules[1].bottom
        return Masthead(mark, texts, rules, (math.ceil(end / pitch) + letter.title_gap_lines) * pitch)

    def _codes(self, doc: Document, top: float, mark: dict | None = None) -> list[Placed]:
        """份号, 密级和保密期限, 紧急程度 flush left, one per line from `top` (§7.2.1–7.2.3)."""
        codes = [(key, text) for key in ("copy_number", "secrecy", "urgency") if (text := getattr(doc, key))]
        pitch = self.layout.pitch
        if mark and codes and top + len(codes) * pitch > mark["ink_top"]:
            raise _overprint(doc, (codes[-1][0],), "份号、密级、紧急程度与发文机关标志重叠："
                                                   "此格式的标志离版心上边缘太近，放不下这么多行")
        return [Placed(key.replace("_", "-"), top / pitch + i, 0.0, text) for i, (key, text) in enumerate(codes)]

    def _signers_fit(self, doc: Document, x: float) -> bool:
        """Whether the 发文字号, 1 字 from the left, ends at least 1 字 before the 签发人 block at `x`."""
        return not doc.number or 2 * self.layout.cell + self._width(doc.number) <= x

    def _signer_rows(self, doc: Document, rows: list[list[str]], top: float) -> list[Placed]:
        """签发人 (§7.2.6): `签发人：` then the names in issuing order, a fixed number per line in aligned
        columns, 1 字 from the right; the 发文字号 stands 1 字 from the left on the last line."""
        if not rows:
            return []
        cell, pitch = self.layout.cell, self.layout.pitch
        label = "签发人："
        column = max(self._width(name, "kai") for name in doc.signers)
        columns = max(map(len, rows))
        block = self._width(label) + columns * column + (columns - 1) * cell
        x = self.layout.text_width - cell - block
        if not self._signers_fit(doc, x):
            raise _overprint(doc, ("signers",), "签发人姓名太长，与发文字号在同一行放不下（GB/T 9704 §7.2.6）；"
                                                "请减少每行的签发人数（[layout.masthead] signers_per_line）")
        placed = [Placed("signer-label", top / pitch, x, label)]
        for index, row in enumerate(rows):
            placed += [Placed("signer", top / pitch + index, x + self._width(label) + j * (column + cell), name)
                       for j, name in enumerate(row)]
        return placed

    def page_number_padding(self) -> float:
        """Padding (pt) above the page number so the 一字线 centre lies `below_mm` under the 版心."""
        face = self.fonts["song"].face
        size = self.layout.sizes.page_number_pt
        low, high = glyph_extent(face, "—")
        metrics = face.metrics()
        # The margin box has line-height 1: the baseline is half-leading plus ascent below its top.
        baseline = (1 - metrics.ascent - metrics.descent) / 2 * size + metrics.ascent * size
        return self.layout.page_number.below_mm * MM - (baseline - (low + high) / 2 * size)

    def css(self, doc: Document) -> str:
        template = templates(self.templates_dir / "css", autoescape=False).get_template("print.css.j2")
        return template.render(L=self.layout, fonts=self.fonts, faces=chosen_faces(self.fonts), p=self, MM=MM, doc=doc)


def _overprint(doc: Document, loc: tuple, message: str) -> ContentError:
    """An element the layout cannot place without printing over another, located in the source."""
    return ContentError([Problem(doc.locate(loc), message)])

