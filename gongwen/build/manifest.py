"""SHA256SUMS and manifest.json, so a recipient can verify an official copy."""

from __future__ import annotations

import json
from pathlib import Path

from gongwen import __version__
from gongwen.build.state import BuildState, file_hash
from gongwen.build.writer import Staging

SUMS, MANIFEST = "SHA256SUMS", "manifest.json"


def write_manifest(out_dir: Path, state: BuildState, staging: Staging) -> None:
    """Stage SHA256SUMS and manifest.json for every file the folder will hold once `staging` commits.

    Hidden files (the build's own state, lock and temporary files) are the build's business, not
    the recipient's; everything else is listed, under its name escaped as `sha256sum -c` expects.
    """
    names = {p.name for p in out_dir.iterdir() if p.is_file()} | set(staging.pending)
    listed = sorted(name for name in names if name not in (SUMS, MANIFEST) and not name.startswith("."))
    files = {name: path for name in listed if (path := staging.current(name)) is not None}
    hashes = {name: file_hash(path) for name, path in files.items()}
    staging.write(out_dir / SUMS, "".join(sums_line(hashes[name], name) for name in files))
    entries = []
    for name, path in files.items():
        entry = {"name": name, "size": path.stat().st_size, "sha256": hashes[name]}
        recorded = state.outputs.get(name)
        if recorded:
            entry |= {"source": recorded["source"], "source_sha256": recorded["source_sha256"]}
            if "seals" in recorded:  # where a 电子签章 system puts each seal (GB/T 9704 §7.3.5)
                entry["seals"] = recorded["seals"]
        entries.append(entry)
    manifest = {"generator": f"gongwen {__version__}", "files": entries}
    staging.write(out_dir / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")


def sums_line(digest: str, name: str) -> str:
    """One line of SHA256SUMS; a name with a backslash or line break is escaped as GNU sha256sum does."""
    if any(c in name for c in "\\\n\r"):
        escaped = name.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")
        return f"\\{digest}  {escaped}\n"
    return f"{digest}  {name}\n"
