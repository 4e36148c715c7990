"""`gongwen watch`: rebuild on every save of content, templates or configuration."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from pathlib import Path

from gongwen.project import Project


def watched_paths(project: Project) -> list[Path]:
    paths = [project.content_dir, project.templates_dir]
    paths += [p for p in (project.root / "gongwen.toml", project.root / "pyproject.toml") if p.exists()]
    return [p for p in paths if p.exists()]


def watch(project_root: Path, build: Callable[[list[str]], int], stop: threading.Event | None = None,
          debounce_ms: int = 300) -> None:
    """Build once, then again after each batch of changes, until `stop` is set (or Ctrl-C).

    `build(args)` is the build command (it reports findings, errors and changed outputs itself);
    a broken file only fails that round: the last good outputs stay, and the next save recovers.
    """
    from watchfiles import watch as changes

    project = Project.at(project_root)
    build(["--project", str(project.root)])
    print(f"正在监视 {'、'.join(str(p) for p in watched_paths(project))}（Ctrl-C 退出）", file=sys.stderr)
    try:
        for batch in changes(*watched_paths(project), stop_event=stop, debounce=debounce_ms, raise_interrupt=False):
            names = sorted({Path(path).name for _, path in batch})
            print(f"—— 变化：{'、'.join(names)}", file=sys.stderr)
            project = Project.at(project_root)  # the configuration may have changed
            build(["--project", str(project.root)])
    except KeyboardInterrupt:
        pass
