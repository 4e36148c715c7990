"""The published JSON Schema is current and accepts the real content files."""

from __future__ import annotations

import json

import jsonschema
import yaml

from conftest import ROOT, SAMPLE
from gongwen.model.schema import document_schema
from gongwen.model.source import _ContentLoader

PUBLISHED = ROOT / "schema" / "document.schema.json"


def test_published_schema_is_generated_from_the_model():
    current = PUBLISHED.read_text(encoding="utf-8") == document_schema()
    assert current, "run: python build.py schema -o schema/document.schema.json"


def test_content_files_validate_against_schema():
    schema = json.loads(PUBLISHED.read_text(encoding="utf-8"))
    for path in sorted((ROOT / "content").glob("*.yaml")):
        jsonschema.validate(yaml.load(path.read_text(encoding="utf-8"), Loader=_ContentLoader), schema)


def test_schema_rejects_unknown_keys_and_bad_values():
    schema = json.loads(PUBLISHED.read_text(encoding="utf-8"))
    data = yaml.load(SAMPLE.read_text(encoding="utf-8"), Loader=_ContentLoader)
    validator = jsonschema.Draft202012Validator(schema)
    assert not list(validator.iter_errors(data))
    assert list(validator.iter_errors({**data, "titel": "x"}))
    assert list(validator.iter_errors({**data, "urgency": "很急"}))
