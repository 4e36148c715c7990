"""The HTML output, parsed: structure, computed numbers, glossary links, escaping, accessibility."""

from __future__ import annotations

import lxml.html
import pytest

from conftest import ROOT
from gongwen.model.document import Document, Paragraph, Section, walk
from gongwen.model.glossary import number_terms
from gongwen.render.html import render_html

TEMPLATES = ROOT / "templates"


def html_of(doc: Document):
    return lxml.html.fromstring(render_html(doc, TEMPLATES, base_dir=ROOT / "content"))


def text(el) -> str:
    return el.text_content().strip()


@pytest.fixture(scope="module")
def sample_html(sample_doc):
    return html_of(sample_doc)


def test_language_and_title(sample_html, sample_doc):
    assert sample_html.get("lang") == "zh-CN"
    assert text(sample_html.find(".//title")) == sample_doc.title
    assert [text(h) for h in sample_html.xpath("//h1")] == [sample_doc.title, "政府工作报告", "政府工作报告名词解释"]


def test_metadata_table_as_portals_show_it(sample_html):
    rows = {text(r.find("th")): text(r.find("td")) for r in sample_html.xpath("//table[@class='meta']//tr")}
    assert rows == {"发文机关": "北京市通州区人民政府", "文种": "通知", "发文字号": "通政发〔2020〕1号",
                    "成文日期": "2020年2月29日", "发布状态": "此件公开发布"}


def test_headings_carry_computed_numbers(sample_html, sample_doc):
    headings = sample_html.xpath("//*[contains(@class, 'heading')]")
    expected = [n.marker + n.heading for n in walk(sample_doc.issued.body) if isinstance(n, Section)]
    assert [text(h) for h in headings] == expected
    assert expected[0] == "一、城市副中心建设全面进入控规实施阶段"
    assert expected[6] == "一、高水平推动控规实施，全面加快城市副中心建设"  # restarts in the second part
    assert expected[-1] == "八、高站位谋划未来发展，科学编制“十四五”规划"
    # Heading rank follows the outline: h1 title, h2 part, h3 for 一、 inside a part.
    assert {h.tag for h in headings} == {"h3"}
    assert [text(h) for h in sample_html.xpath("//h2")] == ["2019年工作回顾", "2020年工作的总体思路和主要任务"]


def test_four_levels_numbered_and_ranked(example_doc):
    page = html_of(example_doc)
    found = [(h.tag, text(h)) for h in page.xpath("//*[contains(@class, 'heading')]")]
    assert found[:9] == [
        ("h2", "一、总体要求"), ("h2", "二、检查内容"), ("h3", "（一）企业主体责任落实情况"),
        ("h4", "1.安全管理制度"), ("h5", "（1）安全生产责任制是否健全。"), ("h5", "（2）安全操作规程是否完善。"),
        ("h4", "2.隐患排查治理"), ("h3", "（二）部门监管责任落实情况"), ("h2", "三、工作要求"),
    ]
    assert found[9:] == [("h2", "一、危险化学品"), ("h2", "二、建筑施工")]  # the attachment restarts


def test_paragraph_count_equals_model(sample_html, sample_doc):
    model_count = sum(isinstance(n, Paragraph) for n in walk(sample_doc.body)) + sum(
        isinstance(n, Paragraph) for n in walk(sample_doc.issued.body))
    assert len(sample_html.xpath("//p[@class='para']")) == model_count == 64


def test_lead_sentences_emphasised(sample_html):
    leads = sample_html.xpath("//p[@class='para']/strong[@class='lead']")
    assert len(leads) == 41
    assert text(leads[0]) == "高位统筹持续加强，顶层设计更加明确。"


def test_glossary_numbered_by_first_appearance_and_linked_both_ways(sample_html):
    entries = sample_html.xpath("//p[@class='entry']")
    terms = [text(e.find("dfn")) for e in entries]
    assert terms == ["老城双修", "三区三园", "三社联动", "一刻钟社区服务圈", "农村“三块地”", "三最一突出", "七有五性"]
    for number, entry in enumerate(entries, 1):
        assert entry.get("id") == f"term-{number}"
        assert text(entry.find("span")) == f"{number}."
        (link,) = sample_html.xpath(f"//a[@href='#term-{number}']")
        assert link.get("id") == f"term-{number}-ref" and text(link) == terms[number - 1]
        assert entry.xpath(f".//a[@href='#term-{number}-ref']")
    # The link sits on the first occurrence: nothing before it in reading order mentions the term.
    body = sample_html.xpath("//article[@class='issued']")[0]
    before = "".join(body.xpath(".//a[@id='term-4-ref']/preceding::text()"))
    assert "一刻钟社区服务圈" not in before.split("政府工作报告", 1)[-1]


def test_glossary_also_spellings(write_yaml):
    from gongwen.model.loader import load_document

    doc = load_document(write_yaml("""\
        issuer: 甲
        title: 关于乙的通知
        body:
          - 推进“一刻钟服务圈”建设，完善一刻钟社区服务圈。
        signature: 甲
        date: 2024-01-05
        glossary:
          terms:
            - term: 一刻钟社区服务圈
              definition: 解释。
              also: [一刻钟服务圈]
        """))
    link = html_of(doc).xpath("//a[@class='term']")[0]
    assert text(link) == "一刻钟服务圈"


def test_hostile_content_is_escaped_not_executed():
    doc = Document.model_validate({
        "issuer": "<b>机关</b>", "title": "{{ 1+1 }}标题<script>alert(1)</script>",
        "body": ["{% raw %}段落 <img src=x onerror=alert(1)> & {{ 7*7 }}"],
        "signature": "机关", "date": "2024-01-05"})
    number_terms(doc)
    page = html_of(doc)
    assert not page.xpath("//script[contains(., 'alert')]")
    assert not page.xpath("//img") and not page.xpath("//b")
    assert text(page.xpath("//h1")[0]) == "{{ 1+1 }}标题<script>alert(1)</script>"
    assert text(page.xpath("//p[@class='para']")[0]) == "{% raw %}段落 <img src=x onerror=alert(1)> & {{ 7*7 }}"


def test_no_external_resources(sample_html):
    for attr in ("src", "href"):
        for value in sample_html.xpath(f"//@{attr}"):
            assert value.startswith(("#", "data:")), value
    assert "@import" not in text(sample_html.find(".//style"))


def test_font_size_switch_and_stylesheets(sample_html):
    buttons = sample_html.xpath("//nav//button[@data-size]")
    assert [text(b) for b in buttons] == ["大", "中", "小"]
    assert [b.get("aria-pressed") for b in buttons] == ["false", "true", "false"]
    css = text(sample_html.find(".//style"))
    assert "@media print" in css and "html.size-large" in css and "@media (max-width" in css


def test_masthead_and_record_elements(example_doc):
    page = html_of(example_doc)
    codes = page.xpath("//header[contains(@class,'masthead')]/p")[:3]
    assert [text(p) for p in codes] == ["000001", "秘密★1年", "加急"]
    assert [text(n) for n in page.xpath("//p[contains(@class,'issuer-mark')]//span[@class='name']")] == [
        "示例市人民政府", "示例市发展和改革委员会", "示例市应急管理局"]
    assert text(page.xpath("//p[@class='attachment-item']")[0]) == "附件：1.安全生产大检查重点内容清单"
    assert text(page.xpath("//p[@class='attachment-item']")[1]) == "2.安全生产大检查情况汇总表"
    assert text(page.xpath("//p[@class='cc']")[0]) == "抄送：市委办公厅，市人大常委会办公厅，市政协办公厅。"
    assert text(page.xpath("//p[@class='printer']")[0]) == "示例市人民政府办公厅2024年3月5日印发"
    assert text(page.xpath("//p[@class='note']")[0]) == "（此件公开发布）"
    assert text(page.xpath("//p[@class='attachment-label']")[0]) == "附件1"


def example_html(name: str):
    from gongwen.model.loader import load_document

    return html_of(load_document(ROOT / "content" / f"{name}.yaml"))


def meta(page) -> dict:
    return {text(r.find("th")): text(r.find("td")) for r in page.xpath("//table[@class='meta']//tr")}


def test_letter_order_and_minutes_on_the_web():
    letter = example_html("example-letter")
    assert text(letter.xpath("//p[contains(@class,'issuer-mark')]")[0]) == "江北市人民政府办公室"
    assert letter.xpath("//header[contains(@class,'format-信函')]/hr[@class='red-rule double']")
    assert meta(letter)["文种"] == "函" and meta(letter)["发布状态"] == "未注明"  # a 联系人 note is no status
    order = example_html("example-order")
    assert text(order.xpath("//p[contains(@class,'issuer-mark')]")[0]) == "江北市人民政府令"
    assert not order.xpath("//hr") and meta(order)["令号"] == "第12号"
    assert text(order.xpath("//h1[@id='doc-title']")[0]) == "江北市人民政府令（第12号）"  # for screen readers
    (signed,) = order.xpath("//p[@class='signed']")
    assert text(signed) == "市长" and signed.xpath("img[@class='name-seal']/@alt") == ["签名章：李明远"]
    assert signed.xpath("img/@src")[0].startswith("data:image/png;base64,")
    minutes = example_html("example-minutes")
    lists = [text(p) for p in minutes.xpath("//div[@class='attendance']/p")]
    assert lists[0].startswith("出席：李明远、王建国") and lists[1] == "请假：钱文斌（因公出差）"
    assert lists[2].startswith("列席：市政府办公室郑晓明")
    assert not minutes.xpath("//div[contains(@class,'closing')]") and meta(minutes)["期号"] == "第42期"


def test_signers_and_one_seal_per_organ_on_the_web():
    request = example_html("example-request")
    assert [text(s) for s in request.xpath("//span[@class='signer']")] == ["冯建华", "陈立新", "何晓东"]
    joint = example_html("example-joint-notice")
    assert joint.xpath("//div[@class='closing sealed']//img[@class='seal']/@alt") == [
        "印章：示例市人民政府", "印章：示例市发展和改革委员会", "印章：示例市应急管理局"]


def test_joint_letter_names_the_lead_organ_in_its_mark(write_yaml):
    from conftest import MINIMAL
    from gongwen.model.loader import load_document

    yaml = "format: 信函\n" + MINIMAL.replace("issuer: 某某市人民政府", "issuer: [某某市人民政府, 某某市财政局]")
    page = html_of(load_document(write_yaml(yaml)))
    assert text(page.xpath("//p[contains(@class,'issuer-mark')]")[0]) == "某某市人民政府"  # §10.1: lead organ only
    assert meta(page)["发文机关"] == "某某市人民政府　某某市财政局"
