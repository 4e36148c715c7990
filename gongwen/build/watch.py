"""The change loop shared by `gongwen watch` and `gongwen serve`: build, then rebuild on every save."""

from __future__ import annotations

import gc
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from gongwen.project import Project


def watched_paths(project: Project, files: Iterable[Path] = ()) -> list[Path]:
    """Content, templates, configuration, and the folders of content files named outside content/."""
    paths = [project.content_dir, project.templates_dir]
    paths += [p for p in (project.root / "gongwen.toml", project.root / "pyproject.toml") if p.exists()]
    paths += [f.resolve().parent for f in files]
    return list(dict.fromkeys(p for p in paths if p.exists()))


def follow(project: Project, rebuild: Callable[[], object], stop: threading.Event | None = None,
           debounce_ms: int = 300, files: Iterable[Path] = ()) -> None:
    """Call `rebuild()` once, then after each batch of changes, until `stop` is set or Ctrl-C.

    `rebuild` reads the project again (the configuration may have changed) and reports its own
    errors: a broken file fails only that round, and the next save recovers.
    """
    from watchfiles import watch as changes

    stop = stop or threading.Event()
    paths = watched_paths(project, files)
    print(f"正在监视 {'、'.join(str(p) for p in paths)}（Ctrl-C 退出）", file=sys.stderr)
    built = False
    try:
        with stopped_by_interrupt(stop):
            # Watching starts before the first build (the first, empty batch comes after `rust_timeout`),
            # so a save made while it runs is seen.
            for batch in changes(*paths, stop_event=stop, debounce=debounce_ms, raise_interrupt=True,
                                 yield_on_timeout=True, rust_timeout=200):
                if stop.is_set():
                    break
                if built and not batch:
                    continue
                if batch:
                    print(f"—— 变化：{'、'.join(sorted({Path(path).name for _, path in batch}))}", file=sys.stderr)
                rebuild()
                built = True
                gc.collect()  # the round's garbage, now that its outputs are out (the program collects rarely: cli.run)
    except KeyboardInterrupt:
        pass


@contextmanager
def stopped_by_interrupt(stop: threading.Event) -> Iterator[None]:
    """Inside the block, Ctrl-C (SIGINT) sets `stop`, then interrupts what runs (a build under way).

    Python runs the handler between any two bytecodes, also inside a `__del__` method or a weakref
    callback (a build drops many objects), and drops what is raised there: the build then goes on,
    and `stop` ends the loop once it is done. Such a dropped interrupt is not printed. Signals reach
    the main thread only; elsewhere, or where SIGINT is ignored, nothing changes.
    """
    if threading.current_thread() is not threading.main_thread() or signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        yield
        return

    def interrupted(signum, frame) -> None:
        stop.set()
        raise KeyboardInterrupt

    def unraisable(report) -> None:
        if not isinstance(report.exc_value, KeyboardInterrupt):
            previous_hook(report)

    previous_handler = signal.signal(signal.SIGINT, interrupted)
    previous_hook, sys.unraisablehook = sys.unraisablehook, unraisable
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous_handler)
        sys.unraisablehook = previous_hook


def watch(project_root: Path, build: Callable[[list[str]], int], stop: threading.Event | None = None,
          debounce_ms: int = 300) -> None:
    """`gongwen watch`: run the build command (which prints findings, errors and outputs) each round."""
    project = Project.at(project_root)
    follow(project, lambda: build(["--project", str(project.root)]), stop, debounce_ms)
