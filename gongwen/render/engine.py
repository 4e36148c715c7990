"""WeasyPrint, imported with the native libraries it names found once per machine.

On import WeasyPrint asks cffi for Pango, HarfBuzz, fontconfig … under the names of every platform
(`libgobject-2.0-0`, `gobject-2.0-0`, … `libgobject-2.0.so.0`). cffi hands each name it cannot open
directly to `ctypes.util.find_library`, which on Linux runs `ldconfig -p`, `gcc` and `ld` every time:
over eighty programs, about a quarter of a second, before the first page. What `find_library` answers
depends only on the machine's libraries, so its answers are kept (`~/.cache/gongwen/libraries`) under a key
of what they depend on — the loader's cache file and the search paths — and given back while WeasyPrint
is imported; every name not kept is asked of `find_library` itself. Should a kept answer no longer open,
the import is repeated without them.
"""

from __future__ import annotations

import ctypes.util
import hashlib
import os
import platform
import sys
import threading
from types import ModuleType

from gongwen.cache import remember, remembered

_LOADER_CACHES = ("/etc/ld.so.cache", "/var/run/ld.so.hints")
_SEARCH_PATHS = ("LD_LIBRARY_PATH", "LIBRARY_PATH", "DYLD_LIBRARY_PATH", "DYLD_FALLBACK_LIBRARY_PATH", "PATH")
_lock = threading.Lock()


def weasyprint() -> ModuleType:
    """The `weasyprint` module (imported on first use: it takes most of a second)."""
    if "weasyprint" in sys.modules:
        return sys.modules["weasyprint"]
    with _lock:
        if "weasyprint" in sys.modules:
            return sys.modules["weasyprint"]
        key = _machine_key()
        known: dict[str, str | None] = remembered("libraries", key, dict)
        try:
            module, found = _import(known)
        except OSError:
            if not known:
                raise
            _forget_partial_import()
            module, found = _import({})  # a kept answer went stale: ask find_library afresh
        if found != known:
            remember("libraries", key, found)
        return module


def _import(known: dict[str, str | None]) -> tuple[ModuleType, dict[str, str | None]]:
    """Import WeasyPrint with `find_library` answering from `known`; the module and every answer used."""
    found = dict(known)
    ask = ctypes.util.find_library

    def find_library(name: str) -> str | None:
        if name not in found:
            found[name] = ask(name)
        return found[name]

    ctypes.util.find_library = find_library
    try:
        import weasyprint
    finally:
        ctypes.util.find_library = ask
    return weasyprint, found


def _forget_partial_import() -> None:
    for name in [n for n in sys.modules if n == "weasyprint" or n.startswith("weasyprint.")]:
        del sys.modules[name]


def _machine_key() -> str:
    """What `find_library`'s answers depend on: the platform, the dynamic loader's cache, the search paths."""
    parts = [sys.platform, platform.machine(), sys.version]
    for path in _LOADER_CACHES:
        try:
            stat = os.stat(path)
            parts.append(f"{path}:{stat.st_mtime_ns}:{stat.st_size}")
        except OSError:
            parts.append(f"{path}:-")
    parts += [f"{name}={os.environ.get(name, '')}" for name in _SEARCH_PATHS]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]
