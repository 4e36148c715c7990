"""Shared fixtures: the repository, the sample document, and small content files written on demand."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from gongwen.model.document import Paragraph, Part, Section
from gongwen.model.loader import load_document

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "content" / "tongzhou-2020-notice.yaml"
EXAMPLE = ROOT / "content" / "example-joint-notice.yaml"
# The shared sample beside the repository (or beside the folder of work trees the repository is in).
RAW_SAMPLE = next((p for p in (base / "shared" / "samples" / "tongzhou-2020-notice.raw.txt"
                               for base in (ROOT.parent, ROOT.parent.parent)) if p.exists()),
                  ROOT.parent / "shared" / "samples" / "tongzhou-2020-notice.raw.txt")

MINIMAL = """\
issuer: 某某市人民政府
title: 某某市人民政府关于开展检查的通知
body:
  - 现将有关事项通知如下。
signature: 某某市人民政府
date: 2024-01-05
"""


@pytest.fixture(scope="session")
def sample_doc():
    return load_document(SAMPLE)


@pytest.fixture(scope="session")
def example_doc():
    return load_document(EXAMPLE)


@pytest.fixture
def write_yaml(tmp_path):
    """Write dedented YAML text into a content file and return its path."""

    def write(text: str, name: str = "doc.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


def outline_texts(body):
    """Part titles, numbered headings and paragraphs of a body tree as they read, in order."""
    for node in body:
        if isinstance(node, Part):
            yield node.part
            yield from outline_texts(node.body)
        elif isinstance(node, Section):
            yield node.marker + node.heading
            yield from outline_texts(node.body)
        elif isinstance(node, Paragraph):
            yield node.full_text
