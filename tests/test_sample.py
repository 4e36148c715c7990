"""The sample content is the whole raw notice, repaired: nothing dropped, nothing summarised."""

from __future__ import annotations

import re

import pytest

from conftest import RAW_SAMPLE, outline_texts
from gongwen.model.document import Paragraph, Part, Section, walk

# Everything that is not a letter or digit: punctuation differs (the repairs), wording may not.
_NOT_WORDING = re.compile(r"[^\w]|_")
_FURNITURE = ("分享:", "字号:", "相关解读", "主办:")


def wording(text: str) -> str:
    return _NOT_WORDING.sub("", text)


def is_subsequence(short: str, long: str) -> bool:
    chars = iter(long)
    return all(c in chars for c in short)


@pytest.fixture(scope="module")
def raw_paragraphs():
    if not RAW_SAMPLE.exists():
        pytest.skip("shared/samples is not beside the repository")
    lines = [line.strip() for line in RAW_SAMPLE.read_text(encoding="utf-8").splitlines()]
    return [line for line in lines if line and not line.startswith(_FURNITURE)]


def model_texts(doc) -> list[str]:
    texts = [f"({doc.number}){doc.title}", f"({doc.number})", doc.recipients_line]
    texts += [n.full_text for n in walk(doc.body)]
    texts += [doc.signature[0], doc.date_text, doc.note_line]
    issued = doc.issued
    texts += [issued.title, issued.subtitle_line, issued.speaker, issued.salutation]
    for node in outline_texts(issued.body):
        texts.append(node)
    texts += [doc.glossary.title, doc.glossary.note_line]
    texts += [f"{t.number}.{t.term}：{t.definition}" for t in doc.glossary.terms]
    return texts


def test_every_raw_paragraph_is_in_the_content_in_order(sample_doc, raw_paragraphs):
    texts = model_texts(sample_doc)
    assert len(texts) == len(raw_paragraphs)
    for raw, ours in zip(raw_paragraphs, texts, strict=True):
        if raw.startswith(tuple("1234567")) and "：" in ours:  # glossary entries: numbers are recomputed
            raw, ours = raw.split(":", 1)[1], ours.split("：", 1)[1]
        # Repairs only add what the extraction lost; they never drop wording.
        assert is_subsequence(wording(raw), wording(ours)), (raw[:30], ours[:30])
        assert len(wording(ours)) - len(wording(raw)) <= 6, ours[:30]


def test_counts(sample_doc):
    nodes = list(walk(sample_doc.issued.body))
    assert sum(isinstance(n, Section) for n in nodes) == 14
    assert sum(isinstance(n, Paragraph) for n in nodes) == 63
    assert [p.part for p in sample_doc.issued.body if isinstance(p, Part)] == [
        "2019年工作回顾", "2020年工作的总体思路和主要任务"]
    assert len(sample_doc.glossary.terms) == 7


def test_no_half_width_punctuation_left_in_chinese_text(sample_doc):
    cjk_punct = re.compile(r"[\u4e00-\u9fff][,;:!?()]|[,;:!?()][\u4e00-\u9fff]")
    for node in walk(sample_doc.issued.body):
        assert not cjk_punct.search(node.full_text), node.full_text[:30]


def test_quotes_balanced(sample_doc):
    for node in walk(sample_doc.issued.body):
        depth = 0
        for char in node.full_text:
            depth += {"“": 1, "”": -1}.get(char, 0)
            assert 0 <= depth <= 1, node.full_text[:30]
        assert depth == 0, node.full_text[:30]


def test_repaired_elements(sample_doc):
    assert sample_doc.number == "通政发〔2020〕1号"
    assert sample_doc.issued.subtitle_line == "——2020年1月4日在通州区第六届人民代表大会第六次会议上"
    assert sample_doc.note_line == "（此件公开发布）"
