"""Rules, their diagnostics and fixes, and the registry that `explain` and the runner read."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache

from gongwen.check.units import Document, Unit

CODE = re.compile(r"^GW\d{3}$")


@dataclass(frozen=True)
class Edit:
    """Replace characters [start, end) of a unit's text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Finding:
    """What a rule reports: where in the unit, what is wrong, and how to fix it (if it can)."""

    unit: Unit
    start: int
    end: int
    message: str
    edit: Edit | None = None
    severity: str | None = None  # this finding's own severity, where it differs from the rule's


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: str  # "error" or "warning"
    clause: str  # the standard's clause it enforces
    fix: str  # "safe", "unsafe" or "none"
    check: Callable[[Document], Iterator[Finding]]

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.check.__doc__ or "")

    @property
    def summary(self) -> str:
        return self.doc.splitlines()[0] if self.doc else self.name


RULES: dict[str, Rule] = {}


def rule(code: str, name: str, *, severity: str = "error", clause: str, fix: str = "none"):
    """Register a rule function under a stable code and kebab-case name."""
    assert CODE.match(code), code
    assert severity in ("error", "warning") and fix in ("safe", "unsafe", "none")

    def register(function: Callable[[Document], Iterator[Finding]]):
        assert code not in RULES, f"duplicate rule code {code}"
        assert name not in {r.name for r in RULES.values()}, f"duplicate rule name {name}"
        RULES[code] = Rule(code, name, severity, clause, fix, function)
        return function

    return register


def all_rules() -> dict[str, Rule]:
    """Every rule, with the family modules imported (they register on import)."""
    from gongwen.check import glyphs, headings, numbers, punctuation, structure, tables  # noqa: F401

    return dict(sorted(RULES.items()))


def each_match(pattern: re.Pattern, units, message, replacement=None, group: int = 0,
               needs: Iterable[str] = ()) -> Iterator[Finding]:
    """A finding for each match of `pattern` in each unit; `replacement(match)` gives the fix text.

    `needs`: strings of which every match holds one (a string: its characters); a unit holding none is not
    searched. The regular expression engine tries a pattern that begins with a look-behind at every character."""
    hint = _hint(tuple(needs)) if needs else None
    for unit in units:
        if hint and not hint.search(unit.text):
            continue
        for match in pattern.finditer(unit.text):
            start, end = match.span(group)
            edit = None
            if replacement is not None:
                new = replacement(match)
                if new is not None:
                    edit = Edit(start, end, new)
            text = message(match) if callable(message) else message
            yield Finding(unit, start, end, text, edit)


@cache
def _hint(needs: tuple[str, ...]) -> re.Pattern:
    """A pattern found wherever one of `needs` is, scanned for fast (a character set when they are characters)."""
    if all(len(part) == 1 for part in needs):
        return re.compile("[" + "".join(map(re.escape, needs)) + "]")
    return re.compile("|".join(map(re.escape, needs)))
