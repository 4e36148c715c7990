"""The layout profile: every number of the printed page, from `templates/layout.toml` plus overrides."""

from __future__ import annotations

import tomllib
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from gongwen.project import ConfigError, Project

MM = 72 / 25.4  # points per millimetre


class _Table(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Page(_Table):
    width_mm: float
    height_mm: float
    top_mm: float
    left_mm: float
    text_width_mm: float
    text_height_mm: float


class Grid(_Table):
    lines: int = Field(gt=0)
    chars: int = Field(gt=0)
    pitch_pt: float = Field(ge=0)


class Sizes(_Table):
    body_pt: float
    title_pt: float
    record_pt: float
    page_number_pt: float
    issuer_mark_max_pt: float


class Masthead(_Table):
    mark_top_mm: float
    mark_color: str
    number_gap_lines: int
    signers_per_line: int = Field(gt=0)
    rule_gap_mm: float
    rule_width_mm: float
    title_gap_lines: int


class Letter(_Table):
    mark_top_mm: float
    rule_length_mm: float
    rule_below_mark_mm: float
    rule_above_bottom_mm: float
    thick_rule_mm: float
    thin_rule_mm: float
    rule_spacing_mm: float
    element_gap_pt: float
    title_gap_lines: int
    first_page_number: bool
    record_rules: bool


class Order(_Table):
    mark_top_mm: float
    number_gap_lines: int
    body_gap_lines: int


class Minutes(_Table):
    mark_top_mm: float
    list_gap_lines: int
    list_indent_chars: float


class Headings(_Table):
    run_in: list[Literal["title", "body", "hei", "kai", "song"]] = Field(min_length=4, max_length=4)


class Closing(_Table):
    unsealed_right_chars: float
    date_offset_chars: float
    sealed_right_chars: float
    seal_size_mm: float
    seal_top_lines: float
    sealed_signature_lines: int
    seal_gap_mm: float
    name_seal_gap_lines: int
    name_seal_right_chars: float
    name_seal_title_chars: float
    name_seal_height_mm: float
    name_seal_width_mm: float
    name_seal_gap_mm: float
    name_seal_date_lines: int


class Record(_Table):
    outer_rule_mm: float
    inner_rule_mm: float
    indent_chars: float
    even_page: bool


class Tables(_Table):
    size_pt: float = Field(gt=0)
    rule_pt: float = Field(gt=0)
    padding_mm: float = Field(ge=0)
    narrow_chars: int = Field(ge=1)


class PageNumber(_Table):
    below_mm: float
    inset_chars: float


class Fonts(_Table):
    title: list[str]
    body: list[str]
    hei: list[str]
    kai: list[str]
    song: list[str]


class Layout(_Table):
    """All layout numbers; derived values (pitch, cell) are properties, in points."""

    page: Page
    grid: Grid
    sizes: Sizes
    masthead: Masthead
    letter: Letter
    order: Order
    minutes: Minutes
    headings: Headings
    closing: Closing
    record: Record
    tables: Tables
    page_number: PageNumber
    fonts: Fonts
    fallback: Fonts

    @property
    def text_width(self) -> float:
        return self.page.text_width_mm * MM

    @property
    def text_height(self) -> float:
        return self.page.text_height_mm * MM

    @property
    def pitch(self) -> float:
        """Line pitch: the 版心 height shared by the grid lines unless set explicitly."""
        return self.grid.pitch_pt or self.text_height / self.grid.lines

    @property
    def cell(self) -> float:
        """Width of one grid character (字): the 版心 width shared by the grid characters."""
        return self.text_width / self.grid.chars

    @property
    def bottom_mm(self) -> float:
        """Bottom margin; a pitch set so that the lines overrun the 版心 (29 pt × 22) takes from it."""
        used = max(self.page.text_height_mm, self.grid.lines * self.pitch / MM)
        return self.page.height_mm - self.page.top_mm - used

    @property
    def right_mm(self) -> float:
        return self.page.width_mm - self.page.left_mm - self.page.text_width_mm


def load_layout(project: Project) -> Layout:
    """The default profile from the templates, with the project's `[layout]` overrides merged in."""
    defaults = tomllib.loads((project.templates_dir / "layout.toml").read_text(encoding="utf-8"))
    merged = _merge(defaults, project.settings.get("layout", {}))
    try:
        return Layout.model_validate(merged)
    except ValidationError as exc:
        lines = [f"  layout.{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()]
        raise ConfigError("版式配置有误：\n" + "\n".join(lines)) from None


def _merge(base: dict, override: dict) -> dict:
    merged = dict(base)
    for key, value in override.items():
        merged[key] = _merge(base[key], value) if isinstance(value, dict) and isinstance(base.get(key), dict) else value
    return merged
