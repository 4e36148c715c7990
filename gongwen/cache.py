"""gongwen's cache on this machine (`~/.cache/gongwen`): results that are slow to compute and the same every run."""

from __future__ import annotations

import contextlib
import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from gongwen.build.writer import write_atomic

T = TypeVar("T")


def cache_dir(kind: str) -> Path:
    """The folder of one kind of cached result (`fonts`, `libraries`, `templates` …)."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "gongwen" / kind


def remembered(kind: str, key: str, compute: Callable[[], T]) -> T:
    """`compute()`, kept on disk under `key` (which names everything the result depends on).

    A cache that cannot be read is computed again; one that cannot be written only costs time.
    """
    cached = cache_dir(kind) / f"{key}.pickle"
    try:
        return pickle.loads(cached.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, IndexError, TypeError):
        pass
    result = compute()
    remember(kind, key, result)
    return result


def remember(kind: str, key: str, value: object) -> None:
    """Keep `value` on disk under `key` (see `remembered`)."""
    with contextlib.suppress(OSError):  # a read-only cache only costs time
        write_atomic(cache_dir(kind) / f"{key}.pickle", pickle.dumps(value))
