"""SHA256SUMS and manifest.json, so a recipient can verify an official copy."""

from __future__ import annotations

import json
from pathlib import Path

from gongwen import __version__
from gongwen.build.state import STATE_FILE, BuildState, file_hash
from gongwen.build.writer import write_atomic

SUMS, MANIFEST = "SHA256SUMS", "manifest.json"


def write_manifest(out_dir: Path, state: BuildState) -> None:
    """List every output file with its hash (and size and source; for a PDF or OFD the places of its seals),
    without anything that varies."""
    files = sorted(p for p in out_dir.iterdir()
                   if p.is_file() and p.name not in (SUMS, MANIFEST, STATE_FILE) and not p.name.startswith("."))
    hashes = {p.name: file_hash(p) for p in files}
    write_atomic(out_dir / SUMS, "".join(f"{hashes[p.name]}  {p.name}\n" for p in files))
    entries = []
    for path in files:
        entry = {"name": path.name, "size": path.stat().st_size, "sha256": hashes[path.name]}
        recorded = state.outputs.get(path.name)
        if recorded:
            entry |= {"source": recorded["source"], "source_sha256": recorded["source_sha256"]}
            if "seals" in recorded:  # where a 电子签章 system puts each seal (GB/T 9704 §7.3.5)
                entry["seals"] = recorded["seals"]
        entries.append(entry)
    manifest = {"generator": f"gongwen {__version__}", "files": entries}
    write_atomic(out_dir / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
