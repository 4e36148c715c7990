"""Write files atomically: a failed build never leaves a half-written file, and a build's outputs,
SHA256SUMS and manifest go into place together."""

from __future__ import annotations

import contextlib
import json
import os
import stat
import tempfile
from pathlib import Path

JOURNAL = ".gongwen-commit.json"  # the renames of a commit under way; finished by the next build


def write_temporary(path: Path, data: bytes | str, mode: int = 0o644) -> Path:
    """Write `data` to a hidden temporary file beside `path`, on disk before this returns."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def write_atomic(path: Path, data: bytes | str, mode: int = 0o644) -> None:
    """Write to a temporary file beside `path`, then rename it into place."""
    tmp = write_temporary(path, data, mode)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def rewrite_in_place(path: Path, text: str, newline: str = "\n", encoding: str = "utf-8") -> None:
    """Replace the text of a user's file atomically, as the user keeps it: through a symbolic link
    to the file it names, with the file's permissions (and owner, where allowed), line endings and encoding."""
    target = path.resolve()
    info = target.stat()
    text = text.replace("\n", newline) if newline != "\n" else text
    write_atomic(target, text.encode(encoding), stat.S_IMODE(info.st_mode))
    if (info.st_uid, info.st_gid) != (os.geteuid(), os.getegid()):
        with contextlib.suppress(OSError):
            os.chown(target, info.st_uid, info.st_gid)


class Staging:
    """Files of one build in one folder, written under temporary names and renamed into place together.

    `commit` first records every rename in a journal (after every temporary file is on disk), so a
    build killed while renaming is finished by `recover` at the start of the next one: readers see
    the old set of files or the new one, never SHA256SUMS describing outputs that are not there.
    """

    def __init__(self, folder: Path):
        self.folder = folder
        self.pending: dict[str, Path] = {}  # target name → temporary file
        self.removed: set[str] = set()

    def write(self, target: Path, data: bytes | str) -> None:
        previous = self.pending.pop(target.name, None)
        if previous:
            previous.unlink(missing_ok=True)
        self.pending[target.name] = write_temporary(target, data)
        self.removed.discard(target.name)

    def remove(self, target: Path) -> None:
        self.unstage(target.name)
        self.removed.add(target.name)

    def unstage(self, name: str) -> None:
        """Forget the file staged as `name`."""
        self.pending.pop(name, Path("/nonexistent")).unlink(missing_ok=True)

    def adopt(self, staged: dict[str, str]) -> None:
        """Take over files another process staged in the same folder."""
        for name, tmp in staged.items():
            self.pending[name] = Path(tmp)

    def current(self, name: str) -> Path | None:
        """Where the file `name` will be read from once committed (None if it will not exist)."""
        if name in self.removed:
            return None
        path = self.pending.get(name, self.folder / name)
        return path if path.is_file() else None

    def commit(self) -> None:
        journal = self.folder / JOURNAL
        plan = {"rename": {name: tmp.name for name, tmp in self.pending.items()}, "remove": sorted(self.removed)}
        write_atomic(journal, json.dumps(plan, ensure_ascii=False))
        self.pending.clear()  # from here on the journal owns the temporary files
        self.removed.clear()
        _carry_out(self.folder, plan)
        journal.unlink()

    def discard(self) -> None:
        for tmp in self.pending.values():
            tmp.unlink(missing_ok=True)
        self.pending.clear()


def recover(folder: Path) -> None:
    """Finish a commit a killed build left under way, and remove temporary files it left."""
    journal = folder / JOURNAL
    if journal.is_file():
        with contextlib.suppress(ValueError, OSError):
            _carry_out(folder, json.loads(journal.read_text(encoding="utf-8")))
        journal.unlink(missing_ok=True)
    remove_leftovers(folder)


def remove_leftovers(folder: Path) -> None:
    """Remove the temporary files in `folder` that no commit under way needs (with the folder's lock held:
    those of a build that stopped, such as a worker's interrupted before it handed its files over)."""
    if folder.is_dir() and not (folder / JOURNAL).exists():
        for leftover in folder.glob(".*.tmp"):
            leftover.unlink(missing_ok=True)


def _carry_out(folder: Path, plan: dict) -> None:
    for name, tmp in plan["rename"].items():
        if (folder / tmp).is_file():
            os.replace(folder / tmp, folder / name)
    for name in plan["remove"]:
        (folder / name).unlink(missing_ok=True)
