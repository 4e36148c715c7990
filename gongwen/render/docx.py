"""DOCX from the same model: gongwen's own styles and page set-up, the content added with python-docx.

The package comes from gongwen's templates (`docx_package`), not python-docx's default document. The
grid is expressed the way Word, WPS and LibreOffice all honour it (toolchain.md §4): a line grid with
exact lines, and characters tightened so 28 fit a line. Pagination decisions that need a layout
(where the 版记 goes, where the seal lands) come from the PDF's layout of the same model.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import docx
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Pt

from gongwen import __version__
from gongwen.model.document import Document, Paragraph, Part, Section
from gongwen.model.table import Table, tables_in
from gongwen.render.docx_package import Frame, Header, Rule, context, environment, finish, package, text_width
from gongwen.render.docx_styles import load_styles, load_tuning
from gongwen.render.docx_tables import write_table
from gongwen.render.metadata import EVERYTHING
from gongwen.render.ooxml import cell_margins, element, paragraph_border, put, put_table_property, rule
from gongwen.render.pdf import Placement
from gongwen.render.printing import PrintLayout
from gongwen.typeset.layout import MM

HEADING_STYLES = {1: "一级标题", 2: "二级标题", 3: "三级标题", 4: "四级标题"}
# Character styles of run-in headings (“（一）强化监督。正文……”), in the fonts of the layout's [headings].
RUN_IN_STYLES = {level: f"{name}（段中）" for level, name in HEADING_STYLES.items()}
APPLICATION = f"gongwen {__version__}"
EMU_PER_MM = 36000


def render_docx(doc: Document, printer: PrintLayout, placement: Placement | None, templates_dir: Path,
                metadata: frozenset[str] = EVERYTHING) -> bytes:
    """The DOCX of `doc`; `placement` is where the PDF layout put the 版记 (None: there is none); `metadata`
    names the document information its properties carry (render/metadata.py)."""
    writer = _Writer(doc, printer, placement, templates_dir, metadata)
    writer.write()
    buffer = io.BytesIO()
    writer.docx.save(buffer)
    return finish(buffer.getvalue())


def render_dotx(printer: PrintLayout, templates_dir: Path) -> bytes:
    """The Word template (.dotx): every style, the page set-up, grid and page-number footers."""
    values = context(printer, templates_dir, load_tuning(templates_dir), app={"name": APPLICATION},
                     paragraphs=("Normal",))
    return finish(package(templates_dir, values), template=True)


class _Writer:
    def __init__(self, doc: Document, printer: PrintLayout, placement: Placement | None, templates_dir: Path,
                 metadata: frozenset[str]):
        self.doc, self.printer, self.layout = doc, printer, printer.layout
        self.placement = placement if (doc.cc or doc.printer) else None
        self.tuning = load_tuning(templates_dir)
        self.env = environment(templates_dir)
        issuer = "、".join(doc.issuer) if "author" in metadata else ""
        core = {"title": doc.display_title if "title" in metadata else "",
                "subject": doc.number or "" if "keywords" in metadata else "", "creator": issuer,
                "date": dt.datetime.combine(doc.day, dt.time()).strftime("%Y-%m-%dT%H:%M:%SZ")
                if doc.day and "created" in metadata else ""}
        self.pitch = int(self.layout.pitch * 20) / 20  # the exact line height of the styles
        self.cell = self.layout.cell
        self.text_width = text_width(printer, self.tuning)
        specs = load_styles(templates_dir)
        self.masthead = printer.masthead(doc)
        self.header = self._letterhead({name: spec.id for name, spec in specs.items()})
        first_page = ""
        if self.header:
            numbered = doc.format != "信函" or self.layout.letter.first_page_number
            first_page = "numbered" if numbered else "blank"
        landscape = any(printer.table(t, doc).landscape for _, body in doc.bodies() for _, t in tables_in(body))
        values = context(printer, templates_dir, self.tuning, core=core, header=self.header, first_page=first_page,
                         unnumbered_end=self.placement is not None and self.placement.place == "after-blank",
                         landscape=landscape, app={"name": APPLICATION, "company": issuer})
        self.footers, self.page_setup = values["footers"], values["page"]
        self.docx = docx.Document(io.BytesIO(package(templates_dir, values)))
        by_id = {style.style_id: style for style in self.docx.styles}
        self.style = {name: by_id[spec.id] for name, spec in specs.items()}
        # Ids as python-docx writes them (none for its type's default style), looked up once here: python-docx
        # scans every style of the document for each lookup, half the time of writing the sample.
        defaults = [self.docx.styles.default(kind) for kind in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER)]
        self.style_id = {name: None if style in defaults else style.style_id for name, style in self.style.items()}
        self.drawings = len(self.header.rules) if self.header else 0  # drawing ids are unique in the file

    # ── document ──

    def write(self) -> None:
        doc = self.doc
        used = self._masthead()
        # The title starts where the PDF's does, 2 blank lines below the red rule; a little spare
        # keeps the lines after it in the same grid slots, as Word and LibreOffice snap them down.
        gap = max(self.masthead.height - used - self.tuning.title_spare_mm * MM, 0) / self.pitch
        if doc.title:
            self._title(doc.title, space_before=gap, space_after=1)
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
            self._title(issued.title, new_page=True)
            for text, style in ((issued.subtitle_line, "印发文件题注"), (issued.speaker, "报告人")):
                if text:
                    self._para(text, style)
            if issued.salutation:
                self._para(issued.salutation, "称谓", space_before=1)
            self._nodes(issued.body)
        if doc.glossary:
            self._title(doc.glossary.title, new_page=True)
            if doc.glossary.note:
                self._para(doc.glossary.note_line, "名词解释说明")
            for term in doc.glossary.entries:
                paragraph = self._para(f"{term.number}.", "名词解释")
                self._styled(paragraph.add_run(term.term), "名词")
                paragraph.add_run("：" + term.definition)
        for index, attachment in enumerate((a for a in doc.attachments if a.body), 1):
            label = "附件" + (str(index) if len(doc.attachments) > 1 else "")
            first = attachment.body[0]
            if isinstance(first, Table) and self.printer.table(first, doc).landscape:
                write_table(self, first, (label, attachment.title))  # label and title on its first 横排 page
                self._nodes(attachment.body[1:])
                continue
            self._para(label, "附件标识", new_page=True)
            self._title(attachment.title, space_before=1, space_after=1)
            self._nodes(attachment.body)
        if self.placement:
            self._record(self.placement)

    # ── blocks ──

    def _styled(self, item, style: str | None):
        """`item` (a paragraph or run) in the named style (kept as it is for None)."""
        if style is not None:
            item._element.style = self.style_id[style]
        return item

    def _para(self, text: str, style: str, *, new_page: bool = False, space_before: float = 0,
              space_after: float = 0, indent_pt: float | None = None):
        paragraph = self._styled(self.docx.add_paragraph(), style)
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

    def _title(self, text: str, *, new_page: bool = False, space_before: float = 0, space_after: float = 0,
               width: float | None = None) -> None:
        """A 2号 title, broken at the same word boundaries as in the PDF (a line break inside the run);
        the space a line broke at stays in the text, hidden, so the title reads back whole. `width`: a 横排
        page's, where the title stands on one."""
        paragraph = self._para("", "公文标题", new_page=new_page, space_before=space_before, space_after=space_after)
        start = 0
        for index, line in enumerate(self.printer.title(text, self.doc.proper_names, width)):
            words = "".join(s.text for s in line.segments)
            at = text.index(words, start)
            if index:
                paragraph.runs[-1].add_break()  # in the visible run: a hidden run hides its break too
                if at > start:
                    paragraph.add_run(text[start:at]).font.hidden = True
            paragraph.add_run(words)
            start = at + len(words)

    def _nodes(self, body: list) -> None:
        for node in body:
            if isinstance(node, Table):
                write_table(self, node)
            elif isinstance(node, Part):
                self._para(node.part, "部分标题")
                self._nodes(node.body)
            elif isinstance(node, Section) and node.run_in:  # one paragraph: the heading's run, then the text
                paragraph = self._para("", "正文")
                run_in = RUN_IN_STYLES[node.level] if node.heading else None
                self._styled(paragraph.add_run(node.marker + node.heading), run_in)
                paragraph.add_run(node.text)
                self._nodes(node.body)
            elif isinstance(node, Section):
                self._para(node.marker + node.heading, HEADING_STYLES[node.level])
                self._nodes(node.body)
            elif isinstance(node, Paragraph):
                paragraph = self._para("", "正文")
                if node.lead:
                    self._styled(paragraph.add_run(node.lead), "段首句")
                paragraph.add_run(node.text)

    def _attachment_list(self) -> None:
        items = self.doc.attachment_items
        cell = self.cell
        for index, item in enumerate(items):
            paragraph = self._para(("附件：" if index == 0 else "") + item, "附件说明",
                                   space_before=1 if index == 0 else 0, indent_pt=5 * cell)
            paragraph.paragraph_format.first_line_indent = Pt(-3 * cell if index == 0 else 0)
            paragraph.paragraph_format.keep_with_next = True  # with the 署名, as in the PDF

    def _attendance(self) -> None:
        """纪要: 出席/请假/列席, the label in 黑体, wrapped names aligned after the colon (§10.3)."""
        indent = self.layout.minutes.list_indent_chars
        for index, (label, names) in enumerate(self.doc.attendance):
            paragraph = self._para("", "名单", space_before=self.layout.minutes.list_gap_lines if index == 0 else 0,
                                   indent_pt=(indent + 3) * self.cell)
            paragraph.paragraph_format.first_line_indent = Pt(-3 * self.cell)
            self._styled(paragraph.add_run(f"{label}："), "名单标签")
            paragraph.add_run("、".join(names))

    def _lines_before_closing(self) -> int:
        """The lines the PDF sets the paragraph before the 署名 in: the last list, attachment item or body node."""
        if self.doc.attendance:
            return len(self.printer.attendance(*self.doc.attendance[-1]).lines)
        items = self.doc.attachment_items
        if items:
            def count(shown: list[str]) -> int:
                return len(self.printer.hanging("附件：", shown, left_chars=2).lines) if shown else 0
            return count(items) - count(items[:-1])
        if not self.doc.body:
            return 0
        node = self.doc.body[-1]
        while isinstance(node, Part | Section) and node.body:
            node = node.body[-1]
        return len(self.printer.block("part-title", node.part) if isinstance(node, Part) else self.printer.node(node))

    def _closing(self) -> None:
        """署名, 成文日期 and 职务 on the lines the print layout chose, each organ's seal and each 签名章
        floating behind them at the PDF's place.

        The PDF never lets them start a page: the last line of text goes with them. A one-line
        paragraph before them keeps with them here too. A longer one does not: LibreOffice moves a
        whole paragraph marked keep-with-next, where ECMA-376 (§17.3.1.14) asks only that it be
        "at least partly" on the next one's page, and would paginate unlike Word and the PDF.
        """
        closing = self.printer.closing(self.doc)
        if closing is None:
            return
        if self._lines_before_closing() == 1:
            self.docx.paragraphs[-1].paragraph_format.keep_with_next = True
        previous, first = -1, None
        for line in sorted({t.line for t in closing.texts}):
            items = sorted((t for t in closing.texts if t.line == line), key=lambda t: t.x)
            style = "成文日期" if items[0].cls == "date" else "发文机关署名"
            paragraph = self._para("", style, space_before=line - previous - 1, indent_pt=items[0].x)
            for index, item in enumerate(items):
                if index:
                    paragraph.paragraph_format.tab_stops.add_tab_stop(Pt(item.x), WD_TAB_ALIGNMENT.LEFT)
                # A 签名章 stands for its signer's name: the name follows the 职务, hidden, so the line reads whole.
                paragraph.add_run(("\t" if index else "") + item.text).font.hidden = item.hidden or None
            paragraph.paragraph_format.keep_with_next = items[0].cls != "date"
            first = first or paragraph
            previous = line
        # The block goes on below its last line as far as its seals reach: the 附注 stands under them.
        paragraph.paragraph_format.space_after = Pt(max(closing.lines - previous - 1, 0) * self.pitch)
        for seal in closing.seals:  # from the closing block's top, which is the first paragraph's top
            if seal.image:  # none where the unit's 电子签章 system puts the seal
                self._float_picture(first, self.doc.base_dir / seal.image, seal, seal.alt)

    def _float_picture(self, paragraph, path: Path, box, description: str) -> None:
        """`path` behind the text in `box` (pt from the column's left and from the paragraph's top,
        its space before included, as Word and LibreOffice measure it)."""
        rid, _ = self.docx.part.get_or_add_image(str(path))
        self.drawings += 1
        emu = lambda pt: round(pt / MM * EMU_PER_MM)  # noqa: E731
        xml = self.env.get_template("picture.xml.j2").render(
            x=emu(box.x), y=emu(box.top), width=emu(box.width), height=emu(box.height), rid=rid,
            id=self.drawings, z=self.drawings, name=f"{description} {self.drawings}", description=description)
        paragraph.add_run()._r.append(parse_xml(xml))

    def _letterhead(self, style_ids: dict[str, str]) -> Header | None:
        """A 标志 above the 版心 (a 信函's, §10.1) goes to the first page's header, framed, with the
        版头's rules as shapes, where the layout puts them; None when the 标志 stands in the 版心."""
        mark, page = self.masthead.mark, self.layout.page
        if mark["ink_top"] >= 0:
            return None
        emu = lambda pt: round(pt / MM * EMU_PER_MM)  # noqa: E731
        left, top = page.left_mm * MM, page.top_mm * MM
        red = self.layout.masthead.mark_color.lstrip("#").upper()
        size, line = mark["size"], mark["size"] * self.tuning.mark_line
        # The frame's line puts the ink this far below its top, as the in-flow 标志's line does.
        frame_top = top + mark["ink_top"] - self.tuning.mark_ink_lead * size
        frame = Frame(mark["names"][0] + mark["suffix"], style_ids["发文机关标志"], round(size * 2),
                      round(left * 20), round(frame_top * 20), round(self.text_width * 20), round(line * 20))
        rules = [Rule(f"红色双线 {index}", emu(left + rule.x), emu(top + rule.top), emu(rule.width), emu(rule.height),
                      red) for index, rule in enumerate(self.masthead.rules, 1)]
        return Header(frame, tuple(rules))

    def _masthead(self) -> float:
        """The 版头; returns its height in pt."""
        if self.header:
            return self._placed_masthead()
        doc, layout, pitch, tuning = self.doc, self.layout, self.pitch, self.tuning
        lines = 0
        for text, style in ((doc.copy_number, "份号"), (doc.secrecy, "密级"), (doc.urgency, "紧急程度")):
            if text:
                self._para(text, style)
                lines += 1
        masthead = self.masthead
        mark = masthead.mark
        size = mark["size"]
        # Where the mark's ink top lands in its line was measured on LibreOffice's rendering and is
        # checked by `verify`.
        if mark["joint"]:  # names stacked a size apart: their lines are as tall as their size
            before = max(mark["ink_top"] - lines * pitch - tuning.joint_ink_lead * size - 1, 0)
            self._joint_mark(mark, before)
            used = lines * pitch + before + 1 + len(mark["names"]) * size
        else:
            line = size * tuning.mark_line
            before = max(mark["ink_top"] - lines * pitch - tuning.mark_ink_lead * size, 0)
            paragraph = self._para(mark["names"][0] + mark["suffix"], "发文机关标志")
            self._mark_format(paragraph, size, before)
            used = lines * pitch + before + line
        # The 发文字号 (or the first 签发人 row) on the line the layout places it: 2 lines below the 标志 (§7.2.5).
        placed = [t.line * pitch for t in masthead.texts if t.cls in ("doc-number", "signer-label")]
        target = min(placed, default=mark["top"] + mark["height"] + layout.masthead.number_gap_lines * pitch)
        gap = max(target - used, 0)
        per_line = layout.masthead.signers_per_line
        rows = [doc.signers[i:i + per_line] for i in range(0, len(doc.signers), per_line)] or [[]]
        for index, row in enumerate(rows):
            number = self._para("", "发文字号")
            number.paragraph_format.space_before = Pt(gap if index == 0 else 0)
            if row:  # 上行文: 发文字号 1 字 from the left, 签发人 1 字 from the right (§7.2.6)
                number.alignment = WD_ALIGN_PARAGRAPH.LEFT
                tabs = number.paragraph_format.tab_stops
                tabs.add_tab_stop(Pt(self.cell), WD_TAB_ALIGNMENT.LEFT)
                tabs.add_tab_stop(Pt(self.text_width - self.cell), WD_TAB_ALIGNMENT.RIGHT)
                label = "签发人：" if index == 0 else "　" * 4
                number.add_run(f"\t{(doc.number or '') if index == len(rows) - 1 else ''}\t{label}")
                self._styled(number.add_run("　".join(row)), "签发人")
            else:
                number.add_run(doc.number or "")
        used += gap + len(rows) * pitch
        if not masthead.rules:  # 命令: no rule (§10.2)
            return used
        # Word and LibreOffice put a bottom border this far below the line box, which ends below the ink.
        space = (layout.masthead.rule_gap_mm - tuning.border_gap_mm) * MM
        paragraph_border(number, "bottom", layout.masthead.rule_width_mm, layout.masthead.mark_color, space)
        return used + round(space) + layout.masthead.rule_width_mm * MM

    def _placed_masthead(self) -> float:
        """份号 etc. flush left and the 发文字号 flush right on the lines the layout places them (the
        标志 and rules are in the first page's header): a borderless table as wide as the 版心, a row a line."""
        texts = self.masthead.texts
        if not texts:
            return 0.0
        lines = sorted({t.line for t in texts})
        spacer = self._para("", "正文")
        spacer.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        spacer.paragraph_format.line_spacing = Pt(1)
        spacer.paragraph_format.space_before = Pt(max(lines[0] * self.pitch - 1, 0))
        put(spacer._element.get_or_add_pPr(), element("w:snapToGrid", val="0"))
        half = self.text_width / 2
        table = self._fixed_table(len(lines), (half, half), WD_TABLE_ALIGNMENT.LEFT)
        put_table_property(table, cell_margins(top=0, left=0, bottom=0, right=0))
        styles = {"copy-number": "份号", "secrecy": "密级", "urgency": "紧急程度", "doc-number": "发文字号"}
        for row, line in zip(table.rows, lines, strict=True):
            for text in (t for t in texts if t.line == line):
                right = text.x > half
                paragraph = row.cells[1 if right else 0].paragraphs[0]
                if not paragraph.text:
                    self._styled(paragraph, styles.get(text.cls, "发文字号"))
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if right else WD_ALIGN_PARAGRAPH.LEFT
                paragraph.add_run(("　" if paragraph.text else "") + text.text)
        return lines[0] * self.pitch + len(lines) * self.pitch

    def _mark_format(self, paragraph, size: float, before: float, line: float | None = None) -> None:
        fmt = paragraph.paragraph_format
        fmt.space_before = Pt(max(before, 0))
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(line or size * self.tuning.mark_line)
        paragraph.runs[0].font.size = Pt(size)

    def _joint_mark(self, mark: dict, before: float) -> None:
        """联合行文: the issuers stacked a size apart and spread to one width, 文件 centred beside them
        (level with the middle name, or between the two middle ones), the whole centred; `before` is the
        space above the 1 pt spacer that brings the table down."""
        size = mark["size"]
        spacer = self._para("", "发文机关标志")
        spacer.paragraph_format.space_before = Pt(before)
        spacer.paragraph_format.line_spacing = Pt(1)
        longest = max(map(len, mark["names"]))
        widths = (longest * size + 2, (len(mark["suffix"]) + 0.5) * size)
        table = self._fixed_table(len(mark["names"]), widths)
        put_table_property(table, cell_margins(top=0, left=0, bottom=0, right=0))
        for row_index, name in enumerate(mark["names"]):
            cell = table.rows[row_index].cells[0].paragraphs[0]
            self._styled(cell, "发文机关标志")
            cell.add_run(name)
            cell.alignment = WD_ALIGN_PARAGRAPH.DISTRIBUTE
            self._mark_format(cell, size, 0, line=size)
        suffix = table.cell(0, 1).merge(table.cell(len(mark["names"]) - 1, 1))
        suffix.vertical_alignment = 1  # centre
        paragraph = suffix.paragraphs[0]
        self._styled(paragraph, "发文机关标志")
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.add_run(mark["suffix"])
        self._mark_format(paragraph, size, 0, line=size)

    def _fixed_table(self, rows: int, widths: tuple[float, ...], align=WD_TABLE_ALIGNMENT.CENTER):
        """A borderless table with fixed column widths (pt)."""
        table = self.docx.add_table(rows=rows, cols=len(widths))
        table.alignment = align
        table.autofit = False
        for column, width in zip(table.columns, widths, strict=True):
            column.width = Pt(width)
            for cell in column.cells:
                cell.width = Pt(width)
        return table

    def _record(self, placement: Placement) -> None:
        """版记 (§7.4): a table as wide as the 版心, its rules across the full width and 抄送/印发 1 字
        inside them, its last rule on the bottom of the 版心, on the page the PDF layout chose; a
        blank page before it and the 版记 page carry no page number (§7.5).

        A spacer paragraph, sized from the PDF's layout of the same grid, brings it down; floating
        tables and frames would be simpler for Word, but LibreOffice 7.4 lays them out inline.
        """
        doc, layout = self.doc, self.layout
        place = placement.place
        # After a 横排 table the document already stands at the top of a new page (its section's first).
        fresh = self.docx.element.body[-2].find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None
        if place == "after-blank":
            if not fresh:
                self.docx.add_section(WD_SECTION.NEW_PAGE)
            self._unnumbered_last_section()
            self._para("", "正文")  # the blank page
            fresh = False
        size = layout.sizes.record_pt
        inset = round(layout.record.indent_chars * size * 20)  # twips
        cc_lines = len(self.printer.record_lines(doc)["cc"].lines) if doc.cc else 0
        outer, inner = layout.record.outer_rule_mm, layout.record.inner_rule_mm
        ruled = doc.format != "信函" or layout.letter.record_rules  # §10.1: a 信函's 版记 has no rules
        rules = (2 * outer + (inner if doc.cc and doc.printer else 0)) * MM if ruled else 0
        height = (cc_lines + (1 if doc.printer else 0)) * self.pitch + rules
        spacer = self._para("", "正文", new_page=place != "same-page" and not fresh)
        spacer.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        spacer.paragraph_format.line_spacing = Pt(max(layout.text_height - placement.content_end - height
                                                      - self.tuning.record_spare_pt, 1))
        put(spacer._element.get_or_add_pPr(), element("w:snapToGrid", val="0"))
        rows = [name for name, present in (("抄送", doc.cc), ("印发", doc.printer)) if present]
        table = self._fixed_table(len(rows), (self.text_width,), WD_TABLE_ALIGNMENT.LEFT)
        if ruled:
            borders = element("w:tblBorders")
            borders.append(rule("top", outer, "000000"))
            borders.append(rule("bottom", outer, "000000"))
            borders.append(rule("insideH", inner, "000000"))
            put_table_property(table, borders)
        put_table_property(table, cell_margins(top=0, left=inset, bottom=0, right=inset))
        inner_width = Pt(self.text_width - 2 * inset / 20)
        for row, name in zip(table.rows, rows, strict=True):
            paragraph = row.cells[0].paragraphs[0]
            self._styled(paragraph, name)
            fmt = paragraph.paragraph_format
            if name == "抄送":
                paragraph.add_run("抄送：" + "，".join(doc.cc) + "。")
                fmt.left_indent, fmt.first_line_indent = Pt(3 * size), Pt(-3 * size)
            else:
                paragraph.add_run(doc.printer.organ + "\t" + doc.printer.date_text)
                fmt.tab_stops.add_tab_stop(inner_width, WD_TAB_ALIGNMENT.RIGHT)

    def _unnumbered_last_section(self) -> None:
        """The section python-docx just started (the blank and 版记 pages) gets the empty footers."""
        section = self.docx.sections[-1]._sectPr
        for old in section.findall(qn("w:footerReference")) + section.findall(qn("w:titlePg")):
            section.remove(old)
        for footer in self.footers:
            if footer.section == "last":
                for kind in ("default", "even"):
                    reference = element("w:footerReference", type=kind)
                    reference.set(qn("r:id"), footer.rid)
                    section.insert(0, reference)
