"""WeasyPrint, imported with the native libraries it names found once per machine, and its font configuration.

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

import atexit
import ctypes.util
import hashlib
import os
import platform
import sys
import threading
from functools import cache
from types import ModuleType

from gongwen.cache import remember, remembered

_LOADER_CACHES = ("/etc/ld.so.cache", "/var/run/ld.so.hints")
_SEARCH_PATHS = ("LD_LIBRARY_PATH", "LIBRARY_PATH", "DYLD_LIBRARY_PATH", "DYLD_FALLBACK_LIBRARY_PATH", "PATH")
_lock = threading.Lock()
_fonts_lock = threading.Lock()
_fonts = None  # this process's WeasyPrint FontConfiguration, once made


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


def font_config():
    """This process's WeasyPrint font configuration, shared by every document it lays out.

    For each @font-face rule (the print stylesheet pins faces by their PostScript name) WeasyPrint copies
    the font file, megabytes of it, into a temporary folder of the configuration, which it removes only
    when the configuration is collected: never in a worker process (ended by `os._exit`), nor at the exit
    of a program that freezes the collector (`gongwen.cli.run`) — about 100 MB stayed in /tmp per build.
    One configuration per process loads fontconfig and copies the files once; `release_fonts` removes
    them, at exit at the latest; a forked child neither uses nor removes its parent's.
    """
    global _fonts
    weasyprint()
    with _fonts_lock:
        if _fonts is None:
            _fonts = _owned_font_configuration()()
        return _fonts


@cache
def _owned_font_configuration() -> type:
    from weasyprint.text.fonts import FontConfiguration

    class OwnedFontConfiguration(FontConfiguration):
        """A configuration whose folder only the process that made it removes (a forked child has a copy)."""

        def __init__(self):
            super().__init__()
            self.owner = os.getpid()

        def __del__(self):
            if os.getpid() == getattr(self, "owner", None):
                super().__del__()

    return OwnedFontConfiguration


def _forget_fonts() -> None:
    """In a forked child: the parent's configuration and its folder are the parent's."""
    global _fonts, _fonts_lock
    _fonts, _fonts_lock = None, threading.Lock()  # a lock held by another thread at the fork stays held


os.register_at_fork(after_in_child=_forget_fonts)


@atexit.register
def release_fonts() -> None:
    """Remove the font configuration's copies of the font files (the next layout makes a new one)."""
    global _fonts
    with _fonts_lock:
        config, _fonts = _fonts, None
    if config is not None:
        config.__del__()  # WeasyPrint's own clean-up of its temporary folder (harmless when run again)
