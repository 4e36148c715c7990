"""`import` turns Word tables (spans, repeated header rows) and tables written as text (pipes, aligned
columns) into YAML tables; a 合计 row becomes the totals row that `check` adds up; tables used for
layout (a joint 标志) stay text; text that only looks spaced out stays paragraphs."""

from __future__ import annotations

import docx
from docx.oxml import OxmlElement

from conftest import ROOT
from gongwen.check.runner import CheckConfig, check_file
from gongwen.cli import main
from gongwen.importing.importer import import_document
from gongwen.model.loader import load_document
from gongwen.model.table import Table, tables_in
from pdfutil import build_outputs

HEAD = "某某市人民政府关于2024年重点项目的通知\n\n各区人民政府：\n　　现将2024年重点项目情况通知如下。\n\n"
TAIL = "\n　　请认真落实。\n\n某某市人民政府\n2024年1月5日\n"


def imported(path, tmp_path):
    text, _ = import_document(path)
    out = tmp_path / "imported.yaml"
    out.write_text(text, encoding="utf-8")
    return text, load_document(out)


def tables(doc) -> list[Table]:
    return [node for node in doc.body if isinstance(node, Table)]


def rows(table: Table) -> list[list[tuple]]:
    return [[(at.text, at.cols, at.rows) for at in row] for part in ("head", "body", "total")
            for row in table.part(part)]


def test_a_word_table_with_merged_cells_and_repeated_header_rows(tmp_path):
    document = docx.Document()
    for text in ("某某市人民政府关于2024年重点项目的通知", "各区人民政府：", "现将2024年重点项目情况通知如下。"):
        document.add_paragraph(text)
    grid = [["地区", "2023年", "", "备注"], ["", "项目", "投资", ""], ["东城区", "12", "35.20", "无"],
            ["西城区", "8", "21.05", "有"], ["合计", "20", "56.25", ""]]
    table = document.add_table(rows=5, cols=4)
    for r, row in enumerate(grid):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    table.cell(0, 1).merge(table.cell(0, 2))  # gridSpan
    table.cell(0, 0).merge(table.cell(1, 0))  # vMerge
    table.cell(0, 3).merge(table.cell(1, 3))
    for r in (0, 1):
        table.rows[r]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for text in ("请认真落实。", "某某市人民政府", "2024年1月5日"):
        document.add_paragraph(text)
    path = tmp_path / "notice.docx"
    document.save(path)
    text, doc = imported(path, tmp_path)
    (found,) = tables(doc)
    assert found.head_count == 2
    assert rows(found) == [[("地区", 1, 2), ("2023年", 2, 1), ("备注", 1, 2)], [("项目", 1, 1), ("投资", 1, 1)],
                           [("东城区", 1, 1), ("12", 1, 1), ("35.20", 1, 1), ("无", 1, 1)],
                           [("西城区", 1, 1), ("8", 1, 1), ("21.05", 1, 1), ("有", 1, 1)],
                           [("合计", 1, 1), ("20", 1, 1), ("56.25", 1, 1), ("", 1, 1)]]
    assert "      - [{text: 地区, rowspan: 2}, {text: 2023年, colspan: 2}, {text: 备注, rowspan: 2}]" in text
    assert [p.full_text for p in doc.body if not isinstance(p, Table)] == ["现将2024年重点项目情况通知如下。",
                                                                          "请认真落实。"]


def test_pipe_and_aligned_text_tables(tmp_path):
    source = tmp_path / "notice.txt"
    source.write_text(HEAD + "| 序号 | 项目名称 | 投资（万元） |\n|---|:---|---:|\n| 1 | 道路改造 | 1,200.50 |\n"
                      "| 2 | 桥梁维修 | 80.00 |\n\n　　各区情况如下：\n\n"
                      "地区      项目数    投资\n东城区    12        35.20\n西城区    8         21.05\n"
                      "合计      20        56.25\n" + TAIL, encoding="utf-8")
    text, doc = imported(source, tmp_path)
    pipe, aligned = tables(doc)
    assert rows(pipe) == [[("序号", 1, 1), ("项目名称", 1, 1), ("投资（万元）", 1, 1)],
                          [("1", 1, 1), ("道路改造", 1, 1), ("1,200.50", 1, 1)],
                          [("2", 1, 1), ("桥梁维修", 1, 1), ("80.00", 1, 1)]]
    assert [[at.text for at in row] for row in aligned.part("total")] == [["合计", "20", "56.25"]]
    assert '      - [1, 道路改造, "1,200.50"]' in text  # one row a line, quoted only where YAML needs it
    assert [p.full_text for p in doc.body if not isinstance(p, Table)] == [
        "现将2024年重点项目情况通知如下。", "各区情况如下：", "请认真落实。"]


def test_spaced_text_that_is_no_table_stays_text(tmp_path):
    source = tmp_path / "notice.txt"
    source.write_text(HEAD + "　　一是加强领导，  二是落实责任。\n　　三是强化督查，  四是严格考核，  五是及时报告。\n"
                      + TAIL, encoding="utf-8")
    _, doc = imported(source, tmp_path)
    assert tables(doc) == []


def test_check_adds_up_an_imported_total_at_its_cell(tmp_path):
    source = tmp_path / "notice.txt"
    source.write_text(HEAD + "地区      项目数    投资\n东城区    12        35.20\n西城区    8         21.05\n"
                      "合计      21        56.25\n" + TAIL, encoding="utf-8")
    found = [(d.line, d.column, d.rule) for d in check_file(source, CheckConfig()).diagnostics]
    assert (9, 9, "GW411") in found  # the “21” cell


def test_gongwens_own_pdf_gives_its_tables_back_and_check_finds_nothing(tmp_path, capsys):
    """Ruled tables read from the PDF by their rules — the body table over two pages and the 横排 one read
    in its turned frame — come back with their spans, header rows, totals, title, unit and notes."""
    source = ROOT / "content" / "example-table.yaml"
    (pdf,), _ = build_outputs(source, tmp_path, ["pdf"])
    assert main(["check", str(pdf), "--project", str(ROOT)]) == 0
    assert capsys.readouterr().out.strip() == "未发现问题"
    _, back = imported(pdf, tmp_path)
    original = load_document(source)
    pairs = [(next(t for _, t in tables_in(back.body)), next(t for _, t in tables_in(original.body))),
             (back.attachments[0].body[0], original.attachments[0].body[0])]
    for got, want in pairs:
        assert rows(got) == rows(want)
        assert (got.caption, got.unit_line, got.notes, got.head_count) == (want.caption, want.unit_line, want.notes,
                                                                           want.head_count)


def test_gongwens_own_docx_gives_its_tables_back(tmp_path):
    """The DOCX's Word tables (and their title, unit and notes in gongwen's styles) import as the YAML had them."""
    source = ROOT / "content" / "example-table.yaml"
    (docx,), _ = build_outputs(source, tmp_path, ["docx"])
    _, back = imported(docx, tmp_path)
    original = load_document(source)
    ours = [t for _, body in back.bodies() for _, t in tables_in(body)]
    theirs = [t for _, body in original.bodies() for _, t in tables_in(body)]
    assert len(ours) == len(theirs) == 2
    for got, want in zip(ours, theirs, strict=True):
        assert rows(got) == rows(want)
        assert (got.caption, got.unit_line, got.notes, got.head_count) == (want.caption, want.unit_line, want.notes,
                                                                           want.head_count)
