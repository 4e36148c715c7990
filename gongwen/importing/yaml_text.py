"""Write imported data as YAML the way a person would: documented keys in the usual order, plain scalars."""

from __future__ import annotations

import json
import re

import yaml

from gongwen.model.document import PLACEHOLDER

KEY_ORDER = ["copy_number", "secrecy", "urgency", "format", "kind", "issuer", "issuer_suffix", "number", "signers",
             "title", "recipients", "body", "continue_numbering", "attachments", "attendees", "on_leave", "observers",
             "signature", "signed_by", "date", "seal", "note", "cc", "printer", "issued", "glossary"]


def dump_yaml(data: dict, header: list[str], footer: list[str]) -> str:
    """The YAML text of `data`, with comment lines before and after it."""
    out = [f"# {line}" for line in header] + [""]
    for key in KEY_ORDER:
        if key in data:
            _emit(out, key, data[key], 0)
    if footer:
        out += [""] + [f"# {line}" for line in footer]
    return "\n".join(out) + "\n"


def placeholders(text: str) -> list[tuple[int, int, str]]:
    """(line, column, what) of every placeholder in a YAML text, for the report's file:line."""
    return [(number, match.start() + 1, match.group(1)) for number, line in enumerate(text.splitlines(), 1)
            if not line.lstrip().startswith("#") for match in PLACEHOLDER.finditer(line)]


def _emit(out: list[str], key: str | None, value, indent: int, item: bool = False) -> None:
    pad = " " * indent
    head = f"{pad}- " if item else pad
    label = f"{key}:" if key is not None else ""
    if isinstance(value, dict):
        keys = [k for k in value if value[k] != []]
        if item:
            first, rest = keys[0], keys[1:]
            _emit_pair(out, f"{pad}- ", first, value[first], indent + 2)
            for k in rest:
                _emit_pair(out, f"{pad}  ", k, value[k], indent + 2)
        else:
            out.append(f"{head}{label}")
            for k in keys:
                _emit_pair(out, " " * (indent + 2), k, value[k], indent + 2)
    elif isinstance(value, list):
        out.append(f"{head}{label}")
        for element in value:
            _emit(out, None, element, indent + 2, item=True)
    else:
        out.append(f"{head}{label + ' ' if label else ''}{_scalar(value)}")


def _emit_pair(out: list[str], prefix: str, key: str, value, indent: int) -> None:
    if value == []:
        return  # an empty body is the default
    if key == "table":  # a table's rows, one line each: - [地区, 投资, "1,200"]
        out.append(f"{prefix}{key}:")
        out += [f"{' ' * (indent + 2)}- {_row(row)}" for row in value]
        return
    if key == "total" and isinstance(value, list):
        out.append(f"{prefix}{key}: {_row(value)}")
        return
    if isinstance(value, (dict, list)):
        out.append(f"{prefix}{key}:")
        if isinstance(value, dict):
            for k, v in value.items():
                _emit_pair(out, " " * (indent + 2), k, v, indent + 2)
        else:
            for element in value:
                _emit(out, None, element, indent + 2, item=True)
    else:
        out.append(f"{prefix}{key}: {_scalar(value)}")


def _row(cells: list) -> str:
    return f"[{', '.join(_flow(cell) for cell in cells)}]"


def _flow(value) -> str:
    """A cell in a flow sequence: plain where YAML reads it back as the same text, a spanning cell as a mapping."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, int):  # a span
        return str(value)
    try:  # gongwen keeps a cell as written (12, 1.50, 2024-01-05 stay text): one plain scalar is enough
        node = yaml.compose(f"[{value}]")
        cells = node.value if isinstance(node, yaml.SequenceNode) else []
        if (value and len(cells) == 1 and isinstance(cells[0], yaml.ScalarNode) and cells[0].value == value
                and cells[0].style is None and not cells[0].tag.endswith(":null")):
            return value
    except (yaml.YAMLError, RecursionError):  # 3,000 "[" in a cell nest past Python's limit
        pass
    return _quoted(value) if value else '""'


def _quoted(text: str) -> str:
    """A double-quoted scalar: a JSON string, with the characters YAML reads as line breaks escaped too."""
    quoted = json.dumps(text, ensure_ascii=False)
    return quoted.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("\x85", "\\u0085")


# Text that cannot stand as a plain scalar: a YAML indicator first, ": " or " #" inside, a space at
# either end, or a character that YAML reads as a line break or refuses.
_NOT_PLAIN = re.compile(r"^[-?:,\[\]{}#&*!|>'\"%@`\s]|:\s|\s#|:$|\s$|[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]")
_STR_TAG = "tag:yaml.org,2002:str"
_RESOLVER = yaml.SafeLoader("")


def _scalar(value) -> str:
    """A plain scalar where YAML reads it back as the same string, else a double-quoted one; decided
    without parsing the text (3,000 "[" made the YAML parser recurse past Python's limit)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return text
    if text and not _NOT_PLAIN.search(text) and _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == _STR_TAG:
        return text
    return _quoted(text)
