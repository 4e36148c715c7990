"""Print layout: the values the templates need to set a Document on the GB/T 9704 grid.

The same Jinja templates as the web page are used; in print mode they ask this object for
pre-broken, justified lines (see `gongwen.typeset.textflow`) and for the print stylesheet.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2

from gongwen.model.document import Document, Inline, Section, Term
from gongwen.typeset.fonts import Choice, Face, glyph_extent
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


class PrintLayout:
    """Breaks and measures text for the print templates; one per build of one document."""

    def __init__(self, layout: Layout, fonts: dict[str, Choice], templates_dir: Path):
        self.layout = layout
        self.fonts = fonts
        self.templates_dir = templates_dir
        self.size = layout.sizes.body_pt
        self.grid_spacing = layout.cell - self.size
        self._glyphs: dict[tuple[str, str], tuple[Face, float]] = {}

    # ── text ──

    def node(self, node: Inline) -> list[PrintLine]:
        """A paragraph or heading: marker, lead sentence, glossary links, justified lines."""
        role = HEADING_ROLES[node.level] if isinstance(node, Section) else "body"
        runs = [Run(node.marker, role)] if isinstance(node, Section) else []
        runs += [Run(s.text, "hei" if s.lead else role, s.lead, s.term) for s in node.spans()]
        return self.lines(runs, indent_chars=2)

    def entry(self, term: Term) -> list[PrintLine]:
        """A glossary entry `1.术语：解释。`, the term in 黑体."""
        runs = [Run(f"{term.number}."), Run(term.term, "hei", dfn=True), Run("："),
                *(Run(s.text, term=s.term) for s in term.spans())]
        return self.lines(runs, indent_chars=2)

    def block(self, cls: str, text: str) -> list[PrintLine]:
        role, indent, align = BLOCKS[cls]
        return self.lines([Run(text, role)], indent_chars=indent, justify=align == "justify")

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
                                        face.family if face != primary else None))
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

    def title(self, text: str) -> list[PrintLine]:
        """A 2号 title broken at word boundaries into a 梯形 or 菱形, each line centred."""
        size = self.layout.sizes.title_pt
        capacity = int(self.layout.text_width // size)
        return [line for part in title_lines(text, capacity)
                for line in self.lines([Run(part, "title")], justify=False, size=size, on_grid=False)]

    def hanging(self, label: str, items: list[str], left_chars: float = 0, right_chars: float = 0,
                size: float | None = None, on_grid: bool = True) -> Hanging:
        """`label` then items, wrapped lines aligned after the label (附件说明 §7.3.4, 抄送 §7.4.2)."""
        size = size or self.size
        cell = self.layout.cell if on_grid else size
        padding = (left_chars + len(label)) * cell
        width = self.layout.text_width - padding - right_chars * cell
        lines = []
        for index, item in enumerate(items):
            text = (label if index == 0 else "") + item
            indent = -len(label) if index == 0 else 0
            lines += self.lines([Run(text)], indent_chars=indent, width=width, size=size, on_grid=on_grid)
        return Hanging(padding, lines)

    def record_lines(self, doc: Document) -> dict:
        """抄送 lines (4号, hanging after the colon) and the 印发 line's two ends."""
        size = self.layout.sizes.record_pt
        inset = self.layout.record.indent_chars
        cc = self.hanging("抄送：", ["，".join(doc.cc) + "。"], inset, inset, size, on_grid=False) if doc.cc else None
        return {"cc": cc, "inset": inset * size}

    # ── placed elements ──

    def closing(self, doc: Document) -> list[tuple[str, float, str]]:
        """(class, left offset in pt, text) of 署名 and 成文日期 lines per GB/T 9704 §7.3.5.

        With a seal, the seal's own box is the first entry, as ("seal", left, top).
        """
        c, cell = self.layout.closing, self.layout.cell
        width = self.layout.text_width
        date_w = self._width(doc.date_text)
        sig_w = max(self._width(name) for name in doc.signature)
        if doc.seal:
            # §7.3.5.1: date 4 字 from the right; 署名 centred over the date.
            date_x = width - c.sealed_right_chars * cell - date_w
            centre = date_x + date_w / 2
            sigs = [("signature", centre - self._width(n) / 2, n) for n in doc.signature]
            # The seal is centred on them, its top half a line below the body (within one line).
            seal = c.seal_size_mm * MM
            sigs.insert(0, ("seal", centre - seal / 2, -1.5 * self.layout.pitch))
        else:
            # §7.3.5.2: 署名 2 字 from the right, date starting 2 字 right of it; a longer date
            # keeps 2 字 on its right and pushes the 署名 left.
            sig_x = width - c.unsealed_right_chars * cell - sig_w
            date_x = sig_x + c.date_offset_chars * cell
            if date_x + date_w > width - c.unsealed_right_chars * cell:
                date_x = width - c.unsealed_right_chars * cell - date_w
                sig_x = date_x - c.date_offset_chars * cell
            sigs = [("signature", sig_x + (sig_w - self._width(n)), n) for n in doc.signature]
        return [*sigs, ("date", date_x, doc.date_text)]

    def _width(self, text: str, role: str = "body") -> float:
        """Width of a line of `text` on the grid, in pt."""
        return sum(self._glyph(role, c)[1] * self.size + self.grid_spacing for c in text)

    def issuer_mark(self, doc: Document) -> dict:
        """Size and placement of the 发文机关标志 (GB/T 9704 §7.2.4)."""
        names, suffix = doc.issuer, doc.issuer_suffix
        joint = len(names) > 1
        chars = max(map(len, names)) + len(suffix) if joint else len(names[0]) + len(suffix)
        size = min(self.layout.sizes.issuer_mark_max_pt, self.layout.text_width / (chars + 0.5))
        face = self.fonts["title"].face
        _, ink_top = glyph_extent(face, "国")
        metrics = face.metrics()
        # With line-height equal to the size, the baseline stands this far below the box top.
        baseline = (size - (metrics.ascent + metrics.descent) * size) / 2 + metrics.ascent * size
        top = self.layout.masthead.mark_top_mm * MM - (baseline - ink_top * size)
        height = size * len(names) if joint else size
        # Joint names are stacked and spaced out to the longest one's width.
        longest = max(map(len, names))
        spacing = [(longest - len(n)) * size / (len(n) - 1) if len(n) > 1 else 0.0 for n in names]
        return {"size": size, "top": top, "height": height, "joint": joint, "spacing": spacing}

    def masthead(self, doc: Document) -> dict:
        """Vertical positions (pt from the top of the 版心) of the 版头 parts; the block ends on the grid."""
        m, pitch = self.layout.masthead, self.layout.pitch
        mark = self.issuer_mark(doc)
        mark_bottom = mark["top"] + mark["height"]
        number_top = mark_bottom + m.number_gap_lines * pitch
        body = self.fonts["body"].face.metrics()
        number_baseline = number_top + (pitch - (body.ascent + body.descent) * self.size) / 2 + body.ascent * self.size
        rule_top = number_baseline + body.descent * self.size + m.rule_gap_mm * MM
        lines_to_rule = -(-(rule_top + m.rule_width_mm * MM) // pitch)
        height = (lines_to_rule + m.title_gap_lines) * pitch
        return {"mark": mark, "number_top": number_top, "rule_top": rule_top, "height": height}

    def page_number_padding(self) -> float:
        """Padding (pt) above the page number so the 一字线 centre lies `below_mm` under the 版心."""
        face = self.fonts["song"].face
        size = self.layout.sizes.page_number_pt
        low, high = glyph_extent(face, "—")
        metrics = face.metrics()
        # The margin box has line-height 1: the baseline is half-leading plus ascent below its top.
        baseline = (1 - metrics.ascent - metrics.descent) / 2 * size + metrics.ascent * size
        return self.layout.page_number.below_mm * MM - (baseline - (low + high) / 2 * size)

    def css(self) -> str:
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(self.templates_dir / "css"),
                                 autoescape=False, undefined=jinja2.StrictUndefined)
        return env.get_template("print.css.j2").render(L=self.layout, fonts=self.fonts, p=self, MM=MM)

