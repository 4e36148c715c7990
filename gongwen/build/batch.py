"""Build many content files, in parallel on every core, with progress."""

from __future__ import annotations

import os
import signal
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from gongwen.build.pipeline import Build, Written, build_file
from gongwen.errors import ContentError, GongwenError


@dataclass
class FileResult:
    source: Path
    written: list[Written] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)  # the checker's, as printed
    error: str | None = None
    state: dict = field(default_factory=dict)  # output name → its state entry
    document: dict | None = None  # the index entry of the document
    staged: dict[str, str] = field(default_factory=dict)  # output name → temporary file (built in another process)
    removed: set[str] = field(default_factory=set)


def build_one(source: Path, formats: list[str], build: Build) -> FileResult:
    """Build one file; content errors are returned, not raised, so a batch goes on."""
    result = FileResult(source)
    staged, removed = set(build.staging.pending), set(build.staging.removed)
    outputs, documents = dict(build.state.outputs), dict(build.state.documents)
    try:
        result.written = list(build_file(source, formats, build))
    except ContentError as exc:  # a file with errors changes nothing in the output folder
        result.error = str(exc)
        for name in set(build.staging.pending) - staged:
            build.staging.unstage(name)
        build.staging.removed = removed
        build.state.outputs, build.state.documents = outputs, documents
    result.notes, build.notes[:] = list(build.notes), []
    result.findings, build.findings[:] = list(map(str, build.findings)), []
    result.state = {w.path.name: build.state.outputs[w.path.name] for w in result.written
                    if w.path.name in build.state.outputs}
    result.document = build.state.documents.get(source.stem)
    return result


_worker_build: Build | None = None  # a worker process's build: fonts, templates and state read once


def _start_worker(options: dict, scratch: str) -> None:
    """Set up a worker process. Its temporary files go to the batch's `scratch` folder, removed when the batch
    ends: WeasyPrint's copies of the font files, for one, are removed only on a clean-up that a worker, ended by
    `os._exit`, never runs."""
    global _worker_build
    # Ctrl-C is the main process's to handle: it cancels what has not started and waits for the files under way
    # (an idle worker interrupted would print a traceback). SIGTERM: the pool ends workers so; the build's handler
    # is the parent's.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    tempfile.tempdir = scratch
    _worker_build = Build(**options)


def _worker(args: tuple) -> FileResult:
    """Build one file in a worker process; its outputs stay staged for the main process to commit."""
    source, formats = args
    build = _worker_build
    try:
        result = build_one(source, formats, build)
    except BaseException:  # what this file staged is nobody's
        build.staging.discard()
        raise
    result.staged = {name: str(tmp) for name, tmp in build.staging.pending.items()}
    result.removed = set(build.staging.removed)
    build.staging.pending.clear()  # handed over: the main process commits them
    build.staging.removed.clear()
    return result


def build_all(files: list[Path], formats: list[str], build: Build, jobs: int | None = None):
    """Yield each file's result as it completes; several files are built in parallel processes."""
    jobs = jobs or os.cpu_count() or 1
    if jobs == 1 or len(files) < 2:
        for source in files:
            yield build_one(source, formats, build)
        return
    from concurrent.futures import ProcessPoolExecutor, as_completed  # multiprocessing: only for a batch
    from concurrent.futures.process import BrokenProcessPool

    options = {"project": build.project, "out_dir": build.out_dir, "force": build.force,
               "pdf_variant": build.pdf_variant, "copies": build.copies, "publish_classified": build.publish_classified,
               "check": build.check}
    with tempfile.TemporaryDirectory(prefix="gongwen-batch-") as scratch, \
            ProcessPoolExecutor(max_workers=min(jobs, len(files)), initializer=_start_worker,
                                initargs=(options, scratch)) as pool:
        futures = [pool.submit(_worker, (source, formats)) for source in files]
        taken = set()
        try:
            for future in as_completed(futures):
                result = future.result()
                build.state.outputs.update(result.state)
                if result.document:
                    build.state.documents[result.source.stem] = result.document
                build.staging.adopt(result.staged)
                taken.add(future)
                for name in result.removed:
                    build.staging.remove(build.out_dir / name)
                yield result
        except BrokenProcessPool as exc:
            raise GongwenError(f"一个生成进程意外退出（{exc}；可能是内存不足或被终止）；输出目录未改动，"
                               f"可用 --jobs 1 重试") from None
        finally:
            pool.shutdown(cancel_futures=True)  # Ctrl-C or an error: files not yet started are not built
            for future in set(futures) - taken:  # built meanwhile, never taken: staged for the caller to discard
                if future.done() and not future.cancelled() and future.exception() is None:
                    build.staging.adopt(future.result().staged)


class Progress:
    """A one-line progress bar on a terminal; nothing extra when output is redirected."""

    def __init__(self, total: int, stream=None):
        self.total, self.done, self.stream = total, 0, stream or sys.stderr
        self.live = total > 3 and bool(getattr(self.stream, "isatty", lambda: False)())

    def step(self) -> None:
        self.done += 1
        if self.live:
            filled = 30 * self.done // self.total
            self.stream.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {self.done}/{self.total}")
            self.stream.flush()
            if self.done == self.total:
                self.stream.write("\n")

    def clear(self) -> None:
        if self.live and self.done < self.total:
            self.stream.write("\r" + " " * 50 + "\r")
