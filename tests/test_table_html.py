"""Tables on the web page, parsed: caption, scoped header cells, spans, the totals row and notes; in a
phone-wide browser a wide table scrolls inside its box while the page does not."""

from __future__ import annotations

import lxml.html
import pytest

from conftest import ROOT
from gongwen.model.loader import load_document
from gongwen.render.html import render_html

EXAMPLE_TABLE = ROOT / "content" / "example-table.yaml"


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    html = render_html(load_document(EXAMPLE_TABLE), ROOT / "templates", base_dir=ROOT / "content")
    path = tmp_path_factory.mktemp("html") / "example-table.html"
    path.write_text(html, encoding="utf-8")
    return path, lxml.html.fromstring(html)


def text(el) -> str:
    return el.text_content().strip()


def test_body_table_has_caption_unit_scoped_headers_and_a_totals_row(page):
    _, root = page
    first = root.xpath("//table[contains(@class, 'data')]")[0]
    assert text(first.find(".//caption/span[@class='table-title']")) == "表1　2024年市级重点建设项目计划表"
    assert text(first.find(".//caption/span[@class='table-unit']")) == "单位：亿元"
    head = first.xpath("./thead/tr/th")
    assert [text(th) for th in head] == ["序号", "项目名称", "责任单位", "总投资", "2024年计划投资"]
    assert {th.get("scope") for th in head} == {"col"}
    rows = first.xpath("./tbody/tr")
    assert len(rows) == 24 and [text(td) for td in rows[0].xpath("./td")] == [
        "1", "江北大道快速化改造工程", "市交通运输局", "48.6", "15.2"]
    total = first.xpath("./tfoot/tr/*")
    assert total[0].tag == "th" and total[0].get("scope") == "row" and total[0].get("colspan") == "3"
    assert [text(c) for c in total] == ["合计", "488.7", "148.8"]  # computed from the rows
    assert "a-right" in rows[0].xpath("./td")[3].get("class")  # figures stand right


def test_attachment_table_header_spans_rows_and_columns(page):
    _, root = page
    wide = root.xpath("//section[@class='attachment']//table[contains(@class, 'data')]")[0]
    top, months = wide.xpath("./thead/tr")
    cells = [(text(th), th.get("scope"), th.get("colspan"), th.get("rowspan")) for th in top.xpath("./th")]
    quarters = [(f"第{q}季度", "colgroup", "3", None) for q in "一二三四"]
    assert cells == [("地区", "col", None, "2"), *quarters, ("全年", "col", None, "2")]
    assert [text(th) for th in months.xpath("./th")] == [f"{m}月" for m in range(1, 13)]
    assert len(wide.xpath("./tbody/tr[1]/td")) == 14
    notes = wide.xpath("ancestor::figure[1]/figcaption/p")
    assert [text(p) for p in notes] == ["注：各月数字为计划完成投资额。",
                                        "资料来源：各区、县人民政府报送的年度投资计划。"]


def test_the_table_region_is_labelled_and_reachable_by_keyboard(page):
    _, root = page
    regions = root.xpath("//div[@class='table-scroll']")
    assert len(regions) == 2
    assert all(r.get("role") == "region" and r.get("tabindex") == "0" and r.get("aria-label") for r in regions)


def test_decimal_points_line_up_on_screen(write_yaml, tmp_path, browser):
    doc = load_document(write_yaml(
        "issuer: 某某市人民政府\ntitle: 某某市人民政府关于开展检查的通知\nsignature: 某某市人民政府\n"
        "date: 2024-01-05\nbody:\n  - table:\n      - [地区, 投资]\n      - [东城区, 1235.2]\n"
        "      - [西城区, 8.05]\n      - [南城区, 12]\n"))
    path = tmp_path / "decimal.html"
    path.write_text(render_html(doc, ROOT / "templates", base_dir=tmp_path), encoding="utf-8")
    browser.get(path.as_uri())
    lefts = browser.execute_script(
        "return [...document.querySelectorAll('td.a-decimal .frac')].map(e => e.getBoundingClientRect().left)")
    assert len(lefts) == 3 and max(lefts) - min(lefts) < 0.5  # the points (and 12's missing one) in one column


def test_on_a_phone_the_wide_table_scrolls_in_its_box_and_the_page_does_not(page, browser):
    path, _ = page
    browser.set_window_size(390, 844)
    try:
        browser.get(path.as_uri())
        page_width = browser.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
        boxes = browser.execute_script(
            "return [...document.querySelectorAll('.table-scroll')].map(e => [e.scrollWidth, e.clientWidth])")
    finally:
        browser.set_window_size(1400, 860)
    assert page_width[0] <= page_width[1]
    wide = boxes[1]
    assert wide[0] > wide[1] * 1.5  # the 14-column table is wider than its box, which scrolls
