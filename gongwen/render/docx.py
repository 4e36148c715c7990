"""DOCX with python-docx from the same model: named styles, official font names, the 28×22 grid.

The grid is expressed the way both Word and LibreOffice honour it (toolchain.md §4): a line grid
with exact 28.95 pt lines, and characters tightened by 0.25 pt so 28 fit a line. Pagination
decisions that need a layout (where the 版记 goes) come from the PDF's layout of the same model.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path

from docx import Document as new_document
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor, Twips

from gongwen.model.document import Document, Paragraph, Part, Section
from gongwen.render.pdf import Placement
from gongwen.render.printing import PrintLayout
from gongwen.typeset.layout import MM, Layout

ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
         "right": WD_ALIGN_PARAGRAPH.RIGHT, "both": WD_ALIGN_PARAGRAPH.JUSTIFY}
HEADING_STYLES = {1: "一级标题", 2: "二级标题", 3: "三级标题", 4: "四级标题"}
# Character styles of run-in headings (“（一）强化监督。正文……”), in the fonts of the layout's [headings].
RUN_IN_STYLES = {level: f"{name}（段中）" for level, name in HEADING_STYLES.items()}
CHAR_SPACING = -0.2  # pt (whole twentieths): 16 pt characters on a 15.8 pt advance
# LibreOffice adds 0.2 pt where a line changes font; runs in a second font (a lead sentence in
# 黑体) are set 0.05 pt per character tighter to pay for it, so such lines still hold 28.
RUN_SPACING = -0.25
FIXED_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class StyleSpec:
    role: str = "body"
    size: str = "body"
    align: str = "both"
    indent: float = 0
    outline: int | None = None
    color: str | None = None
    grid: bool = True
    keep: bool = False
    character: bool = False


def load_styles(templates_dir: Path) -> dict[str, StyleSpec]:
    data = tomllib.loads((templates_dir / "docx" / "styles.toml").read_text(encoding="utf-8"))
    return {name: StyleSpec(**spec) for name, spec in data["styles"].items()}


def official_font(layout: Layout, role: str) -> str:
    """The font name written into the DOCX for a role: its first (official) candidate."""
    return getattr(layout.fonts, role)[0].split(":")[0]


def render_docx(doc: Document, printer: PrintLayout, placement: Placement | None, templates_dir: Path) -> bytes:
    """The DOCX of `doc`; `placement` is where the PDF layout put the 版记 (None: there is none)."""
    writer = _Writer(doc, printer, load_styles(templates_dir))
    writer.write(placement)
    buffer = io.BytesIO()
    writer.docx.save(buffer)
    return stable_zip(buffer.getvalue())


def stable_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps, so the same content gives the same bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename == "docProps/thumbnail.jpeg":
                continue  # python-docx's template thumbnail shows an empty page
            fixed = zipfile.ZipInfo(info.filename, FIXED_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            blob = source.read(info.filename)
            if info.filename == "_rels/.rels":
                blob = re.sub(rb'<Relationship [^>]*Target="docProps/thumbnail.jpeg"/>', b"", blob)
            target.writestr(fixed, blob)
    return out.getvalue()


class _Writer:
    def __init__(self, doc: Document, printer: PrintLayout, styles: dict[str, StyleSpec]):
        self.doc = doc
        self.printer = printer
        self.layout = printer.layout
        self.specs = styles
        self.docx = new_document()
        self.pitch = int(self.layout.pitch * 20) / 20  # exact line height; rounding down keeps 22 lines
        self.cell = self.layout.cell
        # 28 characters at 15.8 pt reach 442.6 pt, 0.4 pt past 156 mm: the text area grows by
        # 0.15 mm on the right (GB/T 9704 allows 1 mm) so that Word and LibreOffice both fit 28.
        chars, body = self.layout.grid.chars, self.layout.sizes.body_pt
        needed = math.ceil(((chars - 1) * (body + CHAR_SPACING) + body) * 20) + 1  # twips
        self.text_width = max(self.layout.text_width, needed / 20)

    # ── document ──

    def write(self, placement: Placement | None) -> None:
        self._setup()
        doc = self.doc
        used = self._masthead()
        # The title starts where the PDF's does, 2 blank lines below the red rule; 2 mm spare keep
        # the lines after it in the same grid slots, as Word and LibreOffice snap them downwards.
        gap = max(self.printer.masthead(doc).height - used - 2 * MM, 0) / self.pitch
        if doc.title:
            self._title(doc.title, "标题", space_before=gap, space_after=1)
        else:  # a 令: the body follows the 令号 (§10.2)
            self._para("", "正文").paragraph_format.space_after = Pt(max(gap - 1, 0) * self.pitch)
        if doc.recipients:
            self._para(doc.recipients_line, "主送机关")
        self._nodes(doc.body)
        self._attachment_list()
        self._attendance()
        self._closing()
        if doc.note:
            self._para(doc.note_line, "附注")
        if doc.issued:
            issued = doc.issued
            self._title(issued.title, "标题", new_page=True)
            for text, style in ((issued.subtitle_line, "题注"), (issued.speaker, "报告人")):
                if text:
                    self._para(text, style)
            if issued.salutation:
                self._para(issued.salutation, "称谓", space_before=1)
            self._nodes(issued.body)
        if doc.glossary:
            self._title(doc.glossary.title, "标题", new_page=True)
            if doc.glossary.note:
                self._para(doc.glossary.note_line, "名词解释说明")
            for term in doc.glossary.entries:
                paragraph = self._para(f"{term.number}.", "名词解释")
                paragraph.add_run(term.term, style="名词")
                paragraph.add_run("：" + term.definition)
        for index, attachment in enumerate((a for a in doc.attachments if a.body), 1):
            label = "附件" + (str(index) if len(doc.attachments) > 1 else "")
            self._para(label, "附件标识", new_page=True)
            self._title(attachment.title, "标题", space_before=1, space_after=1)
            self._nodes(attachment.body)
        if doc.cc or doc.printer:
            self._record(placement)

    def _setup(self) -> None:
        d, layout = self.docx, self.layout
        page = layout.page
        section = d.sections[0]
        section.page_width, section.page_height = Mm(page.width_mm), Mm(page.height_mm)
        left = round(page.left_mm * MM * 20)
        section.top_margin, section.left_margin = Mm(page.top_mm), Twips(left)
        section.bottom_margin = Mm(layout.bottom_mm)
        section.right_margin = Twips(round(page.width_mm * MM * 20) - left - round(self.text_width * 20))
        section.header_distance = Mm(15)
        section.footer_distance = Mm(self._footer_distance())
        grid = section._sectPr.find(qn("w:docGrid"))
        if grid is None:
            grid = OxmlElement("w:docGrid")
            section._sectPr.append(grid)
        grid.set(qn("w:type"), "lines")
        grid.set(qn("w:linePitch"), str(int(self.pitch * 20)))
        d.settings.odd_and_even_pages_header_footer = True
        self._defaults()
        for name, spec in self.specs.items():
            self._style(name, spec)
        for level, name in RUN_IN_STYLES.items():
            self._style(name, StyleSpec(role=layout.headings.run_in[level - 1], character=True))
        self._footers(section)
        props = d.core_properties
        issued_at = dt.datetime.combine(self.doc.day or dt.date(*FIXED_TIME[:3]), dt.time())
        props.title, props.author = self.doc.display_title, "、".join(self.doc.issuer)
        props.last_modified_by = "gongwen"
        props.created = props.modified = issued_at
        props.revision, props.subject = 1, self.doc.number or ""
        props.language, props.comments, props.keywords = "zh-CN", "", ""

    def _defaults(self) -> None:
        """Document defaults: the body font in every script slot, no theme fonts, exact lines."""
        styles = self.docx.styles.element
        r_pr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
        _set_fonts(r_pr.find(qn("w:rFonts")), official_font(self.layout, "body"))
        for attr in ("val", "eastAsia"):
            r_pr.find(qn("w:lang")).set(qn(f"w:{attr}"), "zh-CN")
        normal = self.docx.styles["Normal"]
        normal.font.size = Pt(self.layout.sizes.body_pt)
        _char_spacing(normal.element.get_or_add_rPr(), CHAR_SPACING)
        fmt = normal.paragraph_format
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(self.pitch)
        fmt.widow_control = False
        # Punctuation hanging past the 版心: LibreOffice 7.4 reads w:overflowPunct inverted against
        # ECMA-376 §17.3.1.21 (writerfilter maps val=0 to hanging), so "1" keeps its lines inside the
        # 版心; in Word "1" is its own default for Chinese text.
        _put(normal.element.get_or_add_pPr(), _element("w:overflowPunct", val="1"))
        # No automatic gap between Chinese and digits or Latin letters: it would break the grid.
        for tag in ("w:autoSpaceDE", "w:autoSpaceDN"):
            _put(normal.element.get_or_add_pPr(), _element(tag, val="0"))
        for name in ("Header", "Footer"):
            fmt = self.docx.styles[name].paragraph_format
            fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE

    def _style(self, name: str, spec: StyleSpec) -> None:
        kind = WD_STYLE_TYPE.CHARACTER if spec.character else WD_STYLE_TYPE.PARAGRAPH
        style = self.docx.styles.add_style(name, kind)
        style.quick_style = True
        font = style.font
        _set_fonts(style.element.get_or_add_rPr().get_or_add_rFonts(), official_font(self.layout, spec.role))
        if spec.character:
            _char_spacing(style.element.get_or_add_rPr(), RUN_SPACING)
            return
        style.base_style = self.docx.styles["Normal"]
        size = getattr(self.layout.sizes, f"{spec.size}_pt")
        font.size = Pt(size)
        if spec.color:
            font.color.rgb = RGBColor.from_string(spec.color)
        fmt = style.paragraph_format
        fmt.alignment = ALIGN[spec.align]
        fmt.keep_with_next = spec.keep
        if spec.indent:
            fmt.first_line_indent = Twips(round(spec.indent * self.cell * 20))
            fmt.element.get_or_add_pPr().get_or_add_ind().set(qn("w:firstLineChars"), str(int(spec.indent * 100)))
        if not spec.grid or size != self.layout.sizes.body_pt:
            _put(style.element.get_or_add_pPr(), _element("w:snapToGrid", val="0"))
        if spec.size != "body":
            _char_spacing(style.element.get_or_add_rPr(), 0)
        if spec.outline is not None:
            _put(style.element.get_or_add_pPr(), _element("w:outlineLvl", val=str(spec.outline)))

    def _footer_distance(self) -> float:
        """Footer distance (mm) that puts the centre of the 一字线 `below_mm` under the 版心."""
        size = self.layout.sizes.page_number_pt
        low, high = self.printer.fonts["song"].face.metrics().extents["—"]
        dash_above_bottom = size * 0.2 + (low + high) / 2 * size  # line bottom to dash centre
        return self.layout.bottom_mm - self.layout.page_number.below_mm - dash_above_bottom / MM

    def _footers(self, section) -> None:
        inset = Pt(self.layout.page_number.inset_chars * self.layout.sizes.page_number_pt)
        for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
                              (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
            footer.is_linked_to_previous = False
            paragraph = footer.paragraphs[0]
            paragraph.style = self.docx.styles["页码"]
            paragraph.alignment = align
            fmt = paragraph.paragraph_format
            fmt.right_indent, fmt.left_indent = (inset, None) if align == WD_ALIGN_PARAGRAPH.RIGHT else (None, inset)
            fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(self.layout.sizes.page_number_pt)
            paragraph.add_run("— ")
            _page_field(paragraph)
            paragraph.add_run(" —")

    # ── blocks ──

    def _para(self, text: str, style: str, *, new_page: bool = False, space_before: float = 0,
              space_after: float = 0, indent_pt: float | None = None):
        paragraph = self.docx.add_paragraph(style=style)
        if text:
            paragraph.add_run(text)
        fmt = paragraph.paragraph_format
        if new_page:
            fmt.page_break_before = True
        if space_before:
            fmt.space_before = Pt(space_before * self.pitch)
        if space_after:
            fmt.space_after = Pt(space_after * self.pitch)
        if indent_pt is not None:
            fmt.left_indent = Pt(indent_pt)
        return paragraph

    def _title(self, text: str, style: str, *, new_page: bool = False, space_before: float = 0,
               space_after: float = 0) -> None:
        """A 2号 title, broken at the same word boundaries as in the PDF."""
        paragraph = self._para("", style, new_page=new_page, space_before=space_before, space_after=space_after)
        start = 0
        for index, line in enumerate(self.printer.title(text, self.doc.proper_names)):
            words = "".join(s.text for s in line.segments)
            at = text.index(words, start)
            if index:
                if at > start:  # the space the line broke at stays in the text, hidden: it would shift the centre
                    paragraph.add_run(text[start:at]).font.hidden = True
                paragraph.runs[-1].add_break()  # inside the run: a w:br directly in w:p is invalid OOXML
            paragraph.add_run(words)
            start = at + len(words)

    def _nodes(self, body: list) -> None:
        for node in body:
            if isinstance(node, Part):
                self._para(node.part, "部分标题")
                self._nodes(node.body)
            elif isinstance(node, Section) and node.run_in:
                paragraph = self._para("", "正文")
                paragraph.add_run(node.marker + node.heading, style=RUN_IN_STYLES[node.level] if node.heading else None)
                paragraph.add_run(node.text)
                self._nodes(node.body)
            elif isinstance(node, Section):
                self._para(node.marker + node.heading, HEADING_STYLES[node.level])
                self._nodes(node.body)
            elif isinstance(node, Paragraph):
                paragraph = self._para("", "正文")
                if node.lead:
                    paragraph.add_run(node.lead, style="段首句")
                paragraph.add_run(node.text)

    def _attachment_list(self) -> None:
        items = self.doc.attachment_items
        cell = self.cell
        for index, item in enumerate(items):
            paragraph = self._para(("附件：" if index == 0 else "") + item, "附件说明",
                                   space_before=1 if index == 0 else 0, indent_pt=5 * cell)
            paragraph.paragraph_format.first_line_indent = Pt(-3 * cell if index == 0 else 0)

    def _attendance(self) -> None:
        """纪要: 出席/请假/列席, the label in 黑体, wrapped names aligned after the colon (§10.3)."""
        indent = self.layout.minutes.list_indent_chars
        for index, (label, names) in enumerate(self.doc.attendance):
            paragraph = self._para("", "名单", space_before=self.layout.minutes.list_gap_lines if index == 0 else 0,
                                   indent_pt=(indent + 3) * self.cell)
            paragraph.paragraph_format.first_line_indent = Pt(-3 * self.cell)
            paragraph.add_run(f"{label}：", style="名单标签")
            paragraph.add_run("、".join(names))

    def _closing(self) -> None:
        """署名, 成文日期 and 职务 on the lines the print layout chose; the seals are not in the DOCX yet,
        the signers' names stand in for their 签名章."""
        closing = self.printer.closing(self.doc)
        if closing is None:
            return
        texts = closing.texts + closing.stand_ins
        previous = -1
        for line in sorted({t.line for t in texts}):
            items = sorted((t for t in texts if t.line == line), key=lambda t: t.x)
            style = "成文日期" if items[0].cls == "date" else "署名"
            paragraph = self._para("", style, space_before=line - previous - 1, indent_pt=items[0].x)
            for index, item in enumerate(items):
                if index:
                    paragraph.paragraph_format.tab_stops.add_tab_stop(Pt(item.x), WD_TAB_ALIGNMENT.LEFT)
                paragraph.add_run(("\t" if index else "") + item.text)
            paragraph.paragraph_format.keep_with_next = items[0].cls != "date"
            previous = line

    def _masthead(self) -> float:
        """The 版头; returns its height in pt."""
        doc, layout, pitch = self.doc, self.layout, self.pitch
        lines = 0
        for text, style in ((doc.copy_number, "份号"), (doc.secrecy, "密级"), (doc.urgency, "紧急程度")):
            if text:
                self._para(text, style)
                lines += 1
        masthead = self.printer.masthead(doc)
        mark = masthead.mark
        size = mark["size"]
        # The mark's line is 1.2 times its size; where its ink top lands was calibrated on
        # LibreOffice's rendering (a table for joint marks sits lower) and is checked by `verify`.
        before = mark["ink_top"] - lines * pitch - 0.12 * size
        if mark["joint"]:
            before += 1.2 * MM
            self._joint_mark(mark, before)
            used = lines * pitch + max(before - size * 0.2, 0) + 1 + len(mark["names"]) * size * 1.2
        else:
            before -= 0.8 * MM
            paragraph = self._para(mark["names"][0] + mark["suffix"], "发文机关标志")
            self._mark_format(paragraph, size, before)
            used = lines * pitch + max(before, 0) + size * 1.2
        per_line = layout.masthead.signers_per_line
        rows = [doc.signers[i:i + per_line] for i in range(0, len(doc.signers), per_line)] or [[]]
        for index, row in enumerate(rows):
            number = self._para("", "发文字号", space_before=layout.masthead.number_gap_lines if index == 0 else 0)
            last = index == len(rows) - 1
            if row:  # 上行文: 发文字号 1 字 from the left, 签发人 1 字 from the right (§7.2.6)
                number.alignment = WD_ALIGN_PARAGRAPH.LEFT
                tabs = number.paragraph_format.tab_stops
                tabs.add_tab_stop(Pt(self.cell), WD_TAB_ALIGNMENT.LEFT)
                tabs.add_tab_stop(Pt(self.text_width - self.cell), WD_TAB_ALIGNMENT.RIGHT)
                label = "签发人：" if index == 0 else "　" * 4
                number.add_run(f"\t{(doc.number or '') if last else ''}\t{label}")
                number.add_run("　".join(row)).font.name = official_font(layout, "kai")
            else:
                number.add_run(doc.number or "")
        used += (layout.masthead.number_gap_lines + len(rows)) * pitch
        if not masthead.rules:  # 命令: no rule (§10.2)
            return used
        # Word and LibreOffice put a bottom border this far below the line box, which ends ~1 mm
        # below the glyphs' ink.
        space = (layout.masthead.rule_gap_mm - 1.2) * MM
        _border(number, "bottom", layout.masthead.rule_width_mm, space, layout.masthead.mark_color)
        return used + round(space) + layout.masthead.rule_width_mm * MM

    def _mark_format(self, paragraph, size: float, before: float) -> None:
        fmt = paragraph.paragraph_format
        fmt.space_before = Pt(max(before, 0))
        fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(size * 1.2)
        paragraph.runs[0].font.size = Pt(size)

    def _joint_mark(self, mark: dict, before: float) -> None:
        """联合行文: the issuers stacked and spread to one width, 文件 beside them, centred."""
        size = mark["size"]
        spacer = self._para("", "发文机关标志")
        spacer.paragraph_format.space_before = Pt(max(before - size * 0.2, 0))
        spacer.paragraph_format.line_spacing = Pt(1)
        longest = max(map(len, mark["names"]))
        widths = (longest * size + 2, (len(mark["suffix"]) + 0.5) * size)
        table = self._fixed_table(len(mark["names"]), widths)
        for row_index, name in enumerate(mark["names"]):
            cell = table.rows[row_index].cells[0].paragraphs[0]
            cell.style = self.docx.styles["发文机关标志"]
            cell.add_run(name)
            cell.alignment = WD_ALIGN_PARAGRAPH.DISTRIBUTE
            self._mark_format(cell, size, 0)
        suffix = table.cell(0, 1).merge(table.cell(len(mark["names"]) - 1, 1))
        suffix.vertical_alignment = 1  # centre
        paragraph = suffix.paragraphs[0]
        paragraph.style = self.docx.styles["发文机关标志"]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.add_run(mark["suffix"])
        self._mark_format(paragraph, size, 0)

    def _fixed_table(self, rows: int, widths: tuple[float, ...]):
        """A borderless table with fixed column widths (pt) and no cell padding, centred."""
        table = self.docx.add_table(rows=rows, cols=len(widths))
        table.alignment = 1
        table.autofit = False
        margins = OxmlElement("w:tblCellMar")
        for side in ("top", "left", "bottom", "right"):
            margins.append(_element(f"w:{side}", w="0", type="dxa"))
        table._tbl.tblPr.find(qn("w:tblLook")).addprevious(margins)  # tblLook comes last
        for column, width in zip(table.columns, widths, strict=True):
            column.width = Pt(width)
            for cell in column.cells:
                cell.width = Pt(width)
        return table

    def _record(self, placement: Placement) -> None:
        """版记: a table whose last rule stands on the bottom of the 版心 (§7.4), on the page the PDF
        layout chose; a blank page before it and the 版记 page carry no page number (§7.5).

        A spacer paragraph, sized from the PDF's layout of the same grid, brings it down; floating
        tables and frames would be simpler for Word, but LibreOffice 7.4 lays them out inline.
        """
        doc, layout = self.doc, self.layout
        place = placement.place
        if place == "after-blank":
            section = self.docx.add_section(WD_SECTION.NEW_PAGE)
            for footer in (section.footer, section.even_page_footer):
                footer.is_linked_to_previous = False
                for run in footer.paragraphs[0].runs:
                    run._element.getparent().remove(run._element)
            self._para("", "正文")  # the blank page
        size = layout.sizes.record_pt
        inset = layout.record.indent_chars * size
        cc_lines = len(self.printer.record_lines(doc)["cc"].lines) if doc.cc else 0
        outer, inner = layout.record.outer_rule_mm, layout.record.inner_rule_mm
        rules = (2 * outer + (inner if doc.cc and doc.printer else 0)) * MM
        height = (cc_lines + (1 if doc.printer else 0)) * self.pitch + rules
        # The spacer brings the 版记 down to the foot of the 版心; 2 pt spare absorb rounding.
        spacer = self._para("", "正文", new_page=place != "same-page")
        spacer.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        spacer.paragraph_format.line_spacing = Pt(max(layout.text_height - placement.content_end - height - 2, 1))
        _put(spacer._element.get_or_add_pPr(), _element("w:snapToGrid", val="0"))
        rows = []
        if doc.cc:
            cc = self._para("抄送：" + "，".join(doc.cc) + "。", "抄送")
            fmt = cc.paragraph_format
            fmt.left_indent, fmt.first_line_indent, fmt.right_indent = Pt(inset + 3 * size), Pt(-3 * size), Pt(inset)
            rows.append(cc)
        if doc.printer:
            printed = self._para(doc.printer.organ + "\t" + doc.printer.date_text, "印发")
            fmt = printed.paragraph_format
            fmt.left_indent, fmt.right_indent = Pt(inset), Pt(inset)
            fmt.tab_stops.add_tab_stop(Pt(self.text_width - 2 * inset), WD_TAB_ALIGNMENT.RIGHT)
            rows.append(printed)
        _border(rows[0], "top", outer, 0, "000000")
        if len(rows) == 2:
            _border(rows[0], "bottom", inner, 0, "000000")
        _border(rows[-1], "bottom", outer, 0, "000000")


# ── OOXML helpers ──

def _set_fonts(r_fonts, name: str) -> None:
    """The same font for every script, so quotes, digits and Latin letters are not left in a Western font."""
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        r_fonts.set(qn(f"w:{attr}"), name)
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        r_fonts.attrib.pop(qn(f"w:{attr}"), None)


def _char_spacing(r_pr, points: float) -> None:
    spacing = r_pr.find(qn("w:spacing"))
    if spacing is None:
        spacing = OxmlElement("w:spacing")
        # rPr children have a schema order; w:spacing comes before w:w/kern/position/sz.
        anchor = next((r_pr.find(qn(f"w:{tag}")) for tag in ("w", "kern", "position", "sz", "szCs")
                       if r_pr.find(qn(f"w:{tag}")) is not None), None)
        if anchor is not None:
            anchor.addprevious(spacing)
        else:
            r_pr.append(spacing)
    spacing.set(qn("w:val"), str(round(points * 20)))


# Child order of w:pPr in the OOXML schema; Word rejects files that break it.
_PPR_ORDER = ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
              "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
              "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
              "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
              "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
              "sectPr", "pPrChange"]


def _element(tag: str, **attrs: str):
    element = OxmlElement(tag)
    for name, value in attrs.items():
        element.set(qn(f"w:{name}"), value)
    return element


def _put(p_pr, element) -> None:
    """Insert (or replace) a w:pPr child at its place in the schema order."""
    tag = element.tag.split("}")[1]
    for old in p_pr.findall(element.tag):
        p_pr.remove(old)
    later = _PPR_ORDER[_PPR_ORDER.index(tag) + 1:]
    successor = next((child for child in p_pr if child.tag.split("}")[1] in later), None)
    if successor is not None:
        successor.addprevious(element)
    else:
        p_pr.append(element)


def _border(paragraph, side: str, width_mm: float, space_pt: float, color: str) -> None:
    p_pr = paragraph._element.get_or_add_pPr()
    borders = p_pr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        _put(p_pr, borders)
    edge = _element(f"w:{side}", val="single", sz=str(max(2, round(width_mm * MM * 8))),  # eighths of a point
                    space=str(round(space_pt)), color=color.lstrip("#"))
    if side == "top":
        borders.insert(0, edge)  # top, left, bottom, right, between
    else:
        borders.append(edge)


def _page_field(paragraph) -> None:
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._element.append(char)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._element.append(instr)
        else:
            t = OxmlElement("w:t")
            t.text = text
            run._element.append(t)
