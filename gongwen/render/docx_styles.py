"""The DOCX styles and font table, from templates/docx/styles.toml and fonts.toml and the layout profile."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from gongwen.typeset.layout import MM, Layout


@dataclass(frozen=True)
class StyleSpec:
    """One style of styles.toml (see the keys explained there)."""

    id: str
    builtin: str | None = None
    alias: bool = False
    kind: str = "paragraph"
    next: str | None = None
    role: str = "body"
    size: str = "body"
    align: str = "both"
    indent: float = 0
    outline: int | None = None
    color: str | None = None
    keep: bool = False
    grid: bool = True
    leading: str = "pitch"
    level: int | None = None


@dataclass(frozen=True)
class Tuning:
    """templates/docx/word.toml: the numbers only the DOCX needs."""

    char_spacing_pt: float
    tab_chars: float
    header_mm: float
    mark_line: float
    mark_ink_lead: float
    joint_ink_lead: float
    border_gap_mm: float
    title_spare_mm: float
    record_spare_pt: float


def load_styles(templates_dir: Path) -> dict[str, StyleSpec]:
    data = tomllib.loads((templates_dir / "docx" / "styles.toml").read_text(encoding="utf-8"))
    return {name: StyleSpec(**spec) for name, spec in data["styles"].items()}


def builtin_names(specs: dict[str, StyleSpec]) -> dict[str, str]:
    """Word's built-in styles gongwen restyles, by their name in the file (lower case) → gongwen's name."""
    return {spec.builtin.lower(): name for name, spec in specs.items() if spec.builtin}


def load_tuning(templates_dir: Path) -> Tuning:
    data = tomllib.loads((templates_dir / "docx" / "word.toml").read_text(encoding="utf-8"))
    flat = {**data["grid"], **data["page"], **data["masthead"], "record_spare_pt": data["record"]["spare_pt"]}
    return Tuning(**flat)


def official_font(layout: Layout, role: str) -> str:
    """The font name written into the DOCX for a role: its first (official) candidate."""
    return getattr(layout.fonts, role)[0].split(":")[0]


def style_role(spec: StyleSpec, layout: Layout) -> str:
    """The font role of a style; a run-in heading's comes from the layout's [headings]."""
    return layout.headings.run_in[spec.level - 1] if spec.role == "run_in" else spec.role


def style_entries(specs: dict[str, StyleSpec], layout: Layout, tuning: Tuning) -> list[dict]:
    """What word/styles.xml says of each style, in Word's units (twips, half-points, twentieths)."""
    ids = {name: spec.id for name, spec in specs.items()}
    pitch = int(layout.pitch * 20)  # exact line height; rounding down keeps 22 lines in the 版心
    body = layout.sizes.body_pt
    entries = []
    for priority, (name, spec) in enumerate(specs.items(), 1):
        paragraph = spec.kind == "paragraph"
        size = layout.tables.size_pt if spec.size == "table" else getattr(layout.sizes, f"{spec.size}_pt")
        color = layout.masthead.mark_color if spec.color == "mark" else spec.color
        # Body-size text is tightened so 28 characters fit a line; character styles inherit it.
        spacing = (tuning.char_spacing_pt if size == body else 0) if paragraph else None
        entries.append({
            "type": spec.kind, "id": spec.id, "name": spec.builtin or name,
            "alias": name if spec.alias else None, "custom": spec.builtin is None,
            "default": spec.builtin == "Normal",
            "based_on": "Normal" if paragraph and spec.builtin != "Normal" else None,
            "next": ids[spec.next] if spec.next else None, "priority": priority,
            "font": official_font(layout, style_role(spec, layout)), "color": color.lstrip("#") if color else None,
            "spacing": None if spacing is None else round(spacing * 20), "size": round(size * 2) if paragraph else None,
            "keep": spec.keep, "snap": spec.grid and size == body,
            "line": round(size * 20) if spec.leading == "size" else pitch,
            # The indent is whole grid cells in twips, not Word's character units, which count
            # the font size rather than the 15.8 pt cell and would push a character down.
            "indent": round(spec.indent * layout.cell * 20), "jc": spec.align, "outline": spec.outline,
            # A table style: its rules in eighths of a point and its cells' side margins in twips.
            "rule": round(layout.tables.rule_pt * 8), "padding": round(layout.tables.padding_mm * MM * 20),
        })
    return entries


def font_entries(names: list[str], templates_dir: Path) -> list[dict]:
    """Font table entries for `names`, with what fonts.toml knows of each."""
    known = tomllib.loads((templates_dir / "docx" / "fonts.toml").read_text(encoding="utf-8"))["fonts"]
    return [{"name": name, **known.get(name, {})} for name in dict.fromkeys(names)]
