"""Loading reports every problem at once, each at its exact line and column."""

from __future__ import annotations

import datetime as dt

import pytest
from PIL import Image

from conftest import MINIMAL
from gongwen.errors import ContentError
from gongwen.model.loader import load_document


def problems(path):
    with pytest.raises(ContentError) as info:
        load_document(path)
    return [(p.location.line, p.location.column, p.message) for p in info.value.problems]


def positions(path):
    return [(line, col) for line, col, _ in problems(path)]


def test_minimal_document_loads(write_yaml):
    doc = load_document(write_yaml(MINIMAL))
    assert doc.title == "某某市人民政府关于开展检查的通知"
    assert doc.date == dt.date(2024, 1, 5)
    assert doc.date_text == "2024年1月5日"
    assert doc.issuer == ["某某市人民政府"]


def test_unknown_key_and_impossible_date_are_both_reported(write_yaml):
    path = write_yaml(MINIMAL.replace("date: 2024-01-05", "date: 2020-02-30") + "titel: 多余\n")
    found = problems(path)
    assert [(line, col) for line, col, _ in found] == [(6, 7), (7, 1)]
    assert "2020年2月30日" in found[0][2]
    assert "titel" in found[1][2] and "title" in found[1][2]  # suggests the right key


def test_chinese_date_form_is_accepted_and_checked(write_yaml):
    doc = load_document(write_yaml(MINIMAL.replace("2024-01-05", "2020年2月29日")))
    assert doc.date == dt.date(2020, 2, 29)
    assert positions(write_yaml(MINIMAL.replace("2024-01-05", "2021年2月29日"))) == [(6, 7)]
    assert positions(write_yaml(MINIMAL.replace("2024-01-05", "明天"))) == [(6, 7)]


def test_missing_required_element_points_at_parent(write_yaml):
    text = MINIMAL.replace("signature: 某某市人民政府\n", "")
    assert problems(write_yaml(text)) == [
        (1, 1, "文件格式缺少必填项“signature”（发文机关署名；用签名章时写 signed_by）")]


def test_missing_key_inside_nested_mapping(write_yaml):
    text = MINIMAL + "printer:\n  organ: 某某市人民政府办公室\n"
    assert positions(write_yaml(text)) == [(8, 3)]


def test_wrong_types_columns_count_characters(write_yaml):
    text = MINIMAL.replace("issuer: 某某市人民政府", "issuer: 某某市人民政府\ncopy_number: 000001\nurgency: 很急")
    found = problems(write_yaml(text))
    assert [(line, col) for line, col, _ in found] == [(2, 14), (3, 10)]
    assert "加引号" in found[0][2]
    assert "特急、加急" in found[1][2]


def test_empty_title_and_empty_body(write_yaml):
    text = MINIMAL.replace("title: 某某市人民政府关于开展检查的通知", "title: ''").replace(
        "body:\n  - 现将有关事项通知如下。", "body: []")
    assert positions(write_yaml(text)) == [(2, 8), (3, 7)]


def test_typed_heading_numbers_are_rejected(write_yaml):
    text = MINIMAL.replace("  - 现将有关事项通知如下。", "  - heading: （一）总体要求\n  - heading: 二、工作安排")
    assert positions(write_yaml(text)) == [(4, 14), (5, 14)]


def test_more_than_four_heading_levels(write_yaml):
    nested = "  - heading: 甲\n    body:\n      - heading: 乙\n        body:\n          - heading: 丙\n" \
             "            body:\n              - heading: 丁\n                body:\n                  - heading: 戊\n"
    text = MINIMAL.replace("  - 现将有关事项通知如下。\n", nested)
    assert problems(write_yaml(text)) == [(12, 30, "标题层级最多四级（一、（一）1.（1））")]


def test_yaml_syntax_error_located(write_yaml):
    assert positions(write_yaml("title: [未闭合\nissuer: x\n")) == [(2, 7)]


def test_duplicate_key_reported(write_yaml):
    found = problems(write_yaml(MINIMAL + "title: 又一个标题\n"))
    assert found[0][:2] == (7, 1) and "重复" in found[0][2]


@pytest.mark.parametrize("hostile", ["<script>alert(1)</script>", "{{ 1+1 }}", "{% if x %}"])
def test_markup_and_template_syntax_in_content_is_an_error(write_yaml, hostile):
    text = MINIMAL.replace("现将有关事项通知如下。", f"现将{hostile}通知如下。")
    assert positions(write_yaml(text))[0] == (4, 7)


def test_markup_position_inside_literal_block(write_yaml):
    text = MINIMAL.replace("  - 现将有关事项通知如下。", "  - |-\n    第一行\n    第二<b>行")
    assert positions(write_yaml(text)) == [(6, 7)]


def test_missing_seal_file(write_yaml):
    assert positions(write_yaml(MINIMAL + "seal: 没有这个文件.png\n")) == [(7, 7)]
    signed = MINIMAL.replace("signature: 某某市人民政府\n", "signed_by:\n  - title: 市长\n    name: 张三\n"
                                                            "    seal: 没有.png\n")
    assert problems(write_yaml(signed)) == [(8, 11, "文件不存在：没有.png（路径相对于内容文件所在目录）")]


ORDER = """\
format: 命令
issuer: 某某市人民政府
number: 第3号
body:
  - 《某某市供水管理办法》现予公布，自2024年7月1日起施行。
signed_by:
  - title: 市长
    name: 张三
date: 2024-01-05
"""

MINUTES = """\
format: 纪要
issuer: 某某市人民政府常务会议
number: 第42期
title: 研究防汛工作
body:
  - 会议研究了防汛工作。
attendees: [张三, 李四]
"""


def test_each_format_requires_its_own_elements(write_yaml):
    order = load_document(write_yaml(ORDER))  # a 令 needs no title
    assert (order.title, order.doc_kind, order.display_title) == (None, "命令", "某某市人民政府令（第3号）")
    minutes = load_document(write_yaml(MINUTES))  # a 纪要 needs no 署名 or date
    assert (minutes.signature, minutes.date, minutes.mark_suffix) == (None, None, "纪要")
    assert minutes.attendance == [("出席", ["张三", "李四"])]
    assert problems(write_yaml(MINIMAL.replace("title: 某某市人民政府关于开展检查的通知\n", ""))) == [
        (1, 1, "文件格式缺少必填项“title”")]
    assert problems(write_yaml(ORDER.replace("signed_by:\n  - title: 市长\n    name: 张三\n", ""))) == [
        (1, 1, "命令格式缺少必填项“signed_by”（命令格式由签发人职务和签名章署名，见 GB/T 9704 §7.3.5.3）")]
    assert problems(write_yaml(MINIMAL.replace("date: 2024-01-05\n", ""))) == [(1, 1, "文件格式缺少必填项“date”")]


def test_format_forbids_what_it_has_not(write_yaml):
    letter = "format: 信函\n" + MINIMAL + "printer:\n  organ: 某某市人民政府办公室\n  date: 2024-01-05\n"
    assert problems(write_yaml(letter)) == [(8, 1, "信函格式的版记不加印发机关和印发日期（GB/T 9704 §10.1）")]
    assert problems(write_yaml(MINIMAL + "attendees: [张三]\n")) == [
        (7, 1, "出席、请假、列席名单只用于纪要格式（format: 纪要）")]
    both = ORDER + "signature: 某某市人民政府\n"
    assert problems(write_yaml(both)) == [(6, 1, "发文机关署名（signature）和签名章（signed_by）只用一种")]


def test_one_seal_per_signing_organ(write_yaml, tmp_path):
    Image.new("RGB", (4, 4)).save(tmp_path / "a.png")
    joint = MINIMAL.replace("signature: 某某市人民政府\n", "signature: [某某市人民政府, 某某市财政局]\n")
    assert problems(write_yaml(joint + "seal: a.png\n")) == [
        (7, 1, "印章应与发文机关署名一一对应：2个署名，1个印章")]
    assert load_document(write_yaml(joint + "seal: [a.png, a.png]\n")).seal == ["a.png", "a.png"]


@pytest.mark.parametrize(("title", "kind"), [
    ("某某市人民政府关于开展检查的通知", "通知"), ("关于商请支持的复函", "函"), ("关于申请资金的请示", "请示"),
    ("某某市人民政府嘉奖令", "命令"), ("关于印发《办法（试行）》的通知（第二批）", "通知"), ("政府工作报告", "报告"),
    ("关于某某问题的说明", None)])
def test_kind_from_the_title(title, kind):
    from gongwen.model.document import kind_of_title

    assert kind_of_title(title) == kind


def test_missing_file_and_bad_encoding(tmp_path):
    assert positions(tmp_path / "nothing.yaml") == [(1, 1)]
    bad = tmp_path / "gbk.yaml"
    bad.write_bytes("title: 关于检查的通知。\n".encode("gbk"))
    assert "UTF-8" in problems(bad)[0][2]


def test_glossary_term_not_in_text(write_yaml):
    text = MINIMAL + "glossary:\n  terms:\n    - term: 不存在的词\n      definition: 解释。\n"
    found = problems(write_yaml(text))
    assert [(line, col) for line, col, _ in found] == [(9, 13)]
    assert "不存在的词" in found[0][2]


def test_every_problem_of_a_file_at_once(write_yaml):
    text = """\
        issuer: 某某市人民政府
        title: ""
        body:
          - heading: 一、开头
            colour: red
        signature: 某某市人民政府
        date: 2023-13-01
        """
    assert len(problems(write_yaml(text))) == 4
