"""Write files atomically: a failed build never leaves a half-written file."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes | str, mode: int = 0o644) -> None:
    """Write to a temporary file beside `path`, then rename it into place."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def rewrite_in_place(path: Path, text: str, newline: str = "\n") -> None:
    """Replace the text of a user's file atomically, as the user keeps it: through a symbolic link
    to the file it names, with the file's permissions (and owner, where allowed) and line endings."""
    target = path.resolve()
    info = target.stat()
    write_atomic(target, text.replace("\n", newline) if newline != "\n" else text, stat.S_IMODE(info.st_mode))
    if (info.st_uid, info.st_gid) != (os.geteuid(), os.getegid()):
        with contextlib.suppress(OSError):
            os.chown(target, info.st_uid, info.st_gid)
