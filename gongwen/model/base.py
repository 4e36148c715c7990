"""What every model of a content file shares: strict mappings, and a name standing for a list of one."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class Element(BaseModel):
    """Base of every YAML mapping: unknown keys and wrong types are errors."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


def one_or_many(value: Any) -> Any:
    """Let a single value stand for a list of one."""
    return [value] if isinstance(value, str) else value
