"""The JSON Schema of content files, generated from the model for editors."""

from __future__ import annotations

import json

from gongwen.model.document import Document

SCHEMA_ID = "https://gongwen.invalid/schema/document.schema.json"


def document_schema() -> str:
    """The schema as stable, pretty-printed JSON text."""
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID,
              **Document.model_json_schema()}
    schema["title"] = "gongwen 公文内容文件"
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
