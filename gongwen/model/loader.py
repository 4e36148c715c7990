"""Load one content file into a validated Document, reporting every problem with its location."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from pathlib import Path

from pydantic import BaseModel, ValidationError

from gongwen.errors import ContentError, Problem
from gongwen.model import document as model
from gongwen.model import table as table_model
from gongwen.model.document import Document, too_deep
from gongwen.model.glossary import number_terms
from gongwen.model.resources import Resources
from gongwen.model.source import Source, clip, load_source, shown
from gongwen.model.table import tables_in
from gongwen.project import Project

# Content is data: markup or template syntax in it is a mistake (or an attack), never code.
_MARKUP = re.compile(r"<\s*/?\s*[A-Za-z!][^<>]*>|\{\{|\{%|\{#")

_KNOWN_KEYS = sorted(
    {name for module in (model, table_model) for m in vars(module).values()
     if isinstance(m, type) and issubclass(m, BaseModel) for name in m.model_fields}
)

_PATTERN_HINTS = {
    "copy_number": "份号应为6位阿拉伯数字，如“000001”",
    "secrecy": "密级应为“绝密”“机密”“秘密”之一，可加保密期限，如“机密★1年”",
}

_TYPE_NAMES = {
    "string_type": "文本", "list_type": "列表", "model_type": "键值对", "dict_type": "键值对",
    "model_attributes_type": "键值对", "date_type": "日期", "bool_type": "是或否",
}


def load_document(path: Path, project: Project | None = None) -> Document:
    """Parse, validate and number a content file; raise ContentError listing every problem.

    Files it names are looked for relative to it, inside `project` (by default the one it lies in)."""
    source = load_source(path)
    source.keep_as_written(_CELLS)
    resources = Resources.of(path, project)
    problems = list(_markup_problems(source))
    if not isinstance(source.data, dict):
        problems.append(Problem(source.locate(()), "内容文件应为键值对（如“title: …”），而不是空文件或列表"))
        raise ContentError(problems)
    try:
        doc = Document.model_validate(source.data, context={"resources": resources})
    except ValidationError as exc:
        problems.extend(_validation_problem(source, err) for err in exc.errors())
        raise ContentError(problems) from None
    problems.extend(_structure_problems(source, doc))
    if problems:
        raise ContentError(problems)
    doc._source, doc._resources = source, resources
    return doc


# Table cells are text as written: `1.50` stays “1.50”, `2024-01-05` and `on` stay as they are.
_CELLS = {"table": 2, "total": 1}


def _validation_problem(source: Source, err: dict) -> Problem:
    loc, kind = err["loc"], err["type"]
    key = next((part for part in reversed(loc) if isinstance(part, str) and not part.startswith("§")), "")
    if kind == "extra_forbidden":
        guess = difflib.get_close_matches(str(loc[-1])[:40], _KNOWN_KEYS, n=1)
        hint = f"，是否应为“{guess[0]}”？" if guess else ""
        return Problem(source.locate(loc, key=True), f"未知的键“{clip(str(loc[-1]))}”{hint}")
    if kind == "missing":
        return Problem(source.locate(loc[:-1]), f"缺少必填项“{loc[-1]}”")
    where = source.locate(loc)
    if kind in _TYPE_NAMES:
        value = err.get("input")
        hint = "；以0开头的编号请加引号，如 \"000001\"" if isinstance(value, int) else ""
        return Problem(where, f"“{key}”应为{_TYPE_NAMES[kind]}，实际是 {shown(value)}{hint}")
    if kind in ("string_too_short", "too_short"):
        return Problem(where, f"“{key}”不能为空")
    if kind == "string_pattern_mismatch":
        return Problem(where, _PATTERN_HINTS.get(key, f"“{key}”格式不正确"))
    if kind == "literal_error":
        choices = "、".join(re.findall(r"'([^']*)'", err["ctx"]["expected"]))
        return Problem(where, f"“{key}”应为以下之一：{choices}")
    if kind.startswith("gw_"):
        return Problem(where, err["msg"])
    return Problem(where, f"“{key}”无效：{clip(err['msg'])}")


def _structure_problems(source: Source, doc: Document) -> Iterator[Problem]:
    yield from _format_problems(source, doc)
    for base, body in doc.bodies():
        for loc in too_deep(body, loc=base):
            yield Problem(source.locate(loc), "标题层级最多四级（一、（一）1.（1））")
        for loc, table in tables_in(body, base):
            for tail, message in table.problems:
                yield Problem(source.locate((*loc, *tail)), message)
    for index in number_terms(doc):
        term = doc.glossary.terms[index]
        where = "报告" if doc.issued else "正文"
        yield Problem(source.locate(("glossary", "terms", index, "term")),
                      f"名词“{term.term}”在{where}中没有出现；请检查写法，或用 also 列出其他写法")
    seen: dict[str, int] = {}
    for index, term in enumerate(doc.glossary.terms if doc.glossary else []):
        if term.term in seen:
            yield Problem(source.locate(("glossary", "terms", index, "term")),
                          f"名词“{term.term}”重复解释（第{seen[term.term] + 1}条已有）")
        seen.setdefault(term.term, index)


# What each format requires (GB/T 9704 §7.3.5, §10): a 令 has no title and signs by 签名章;
# a 纪要 needs no 署名 or 日期.
_REQUIRED = {"文件": ("title", "date"), "信函": ("title", "date"), "命令": ("signed_by", "date"), "纪要": ("title",)}
_REQUIRED_HINTS = {"signed_by": "（命令格式由签发人职务和签名章署名，见 GB/T 9704 §7.3.5.3）"}


def _format_problems(source: Source, doc: Document) -> Iterator[Problem]:
    """Elements the document's format requires, forbids or pairs."""
    name = f"{doc.format}格式"
    for key in _REQUIRED[doc.format]:
        if not getattr(doc, key):
            yield Problem(source.locate(()), f"{name}缺少必填项“{key}”{_REQUIRED_HINTS.get(key, '')}")
    if doc.format in ("文件", "信函") and not doc.signature and not doc.signed_by:
        yield Problem(source.locate(()), f"{name}缺少必填项“signature”（发文机关署名；用签名章时写 signed_by）")
    if doc.signature and doc.signed_by:
        yield Problem(source.locate(("signed_by",), key=True), "发文机关署名（signature）和签名章（signed_by）只用一种")
    if (doc.signature or doc.signed_by) and not doc.date and "date" not in _REQUIRED[doc.format]:
        yield Problem(source.locate(()), "有署名时缺少必填项“date”（成文日期）")
    if doc.seal and len(doc.seal) != len(doc.signature or []):
        yield Problem(source.locate(("seal",), key=True),
                      f"印章应与发文机关署名一一对应：{len(doc.signature or [])}个署名，{len(doc.seal)}个印章")
    if doc.electronic_seal and (doc.seal or any(s.seal for s in doc.signed_by)):
        yield Problem(source.locate(("electronic_seal",), key=True),
                      "印章图片（seal）和电子签章（electronic_seal）只用一种：电子签章时印章处留空")
    if doc.electronic_seal and not doc.signature and not doc.signed_by:
        yield Problem(source.locate(("electronic_seal",), key=True),
                      "电子签章要盖在发文机关署名（signature）或签名章（signed_by）处，这份公文两者都没有")
    if doc.format != "纪要":
        for key in ("attendees", "on_leave", "observers"):
            if getattr(doc, key):
                yield Problem(source.locate((key,), key=True), "出席、请假、列席名单只用于纪要格式（format: 纪要）")
    if doc.format == "信函":
        if doc.printer:
            yield Problem(source.locate(("printer",), key=True),
                          "信函格式的版记不加印发机关和印发日期（GB/T 9704 §10.1）")
        if doc.issuer_suffix:
            yield Problem(source.locate(("issuer_suffix",)),
                          "信函格式的发文机关标志只用机关名称，不加“文件”（GB/T 9704 §10.1）")


def _markup_problems(source: Source) -> Iterator[Problem]:
    for where, text in source.strings():
        for match in _MARKUP.finditer(text):
            yield Problem(source.position(where, match.start()),
                          f"内容中不能含有 HTML 标签或模板语法“{match.group()}”；公文内容只按文字处理")
