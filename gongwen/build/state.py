"""Incremental builds: an output is rebuilt only when something it depends on changed.

What an output depends on is summed up in a fingerprint: its content file (and the seal images it names), the
templates, the project configuration, the fonts chosen, the options of its format and the gongwen
version. `output/.gongwen-state.json` keeps the fingerprint and hash of every output written, and
what the publishing index shows of every document built into the folder, so the index never has to
load documents again.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from gongwen import __version__
from gongwen.build.writer import Staging
from gongwen.project import project_root

STATE_FILE = ".gongwen-state.json"
# Image paths named anywhere in a content file (seals, 签名章), found without parsing the YAML:
# each file extension, and the name before it back to a YAML delimiter.
_IMAGE_EXTENSION = re.compile(r"\.(?:png|jpe?g|gif|webp|svg|bmp|tiff?)\b", re.I)
_DELIMITERS = " \t\n'\"[],:#{}"


def installed_fonts_hash() -> str:
    """A hash of the fonts fontconfig knows (files and their sizes), cheap to take."""
    if not shutil.which("fc-list"):
        return ""
    listing = subprocess.run(["fc-list", "--format", "%{file}\t%{index}\n"], capture_output=True, text=True).stdout
    files = sorted(set(listing.splitlines()))
    paths = [(line, Path(line.split("\t")[0])) for line in files]
    sizes = [f"{line}\t{path.stat().st_size}" for line, path in paths if path.exists()]
    return hashlib.sha256("\n".join(sizes).encode()).hexdigest()


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def source_hash(source: Path) -> str:
    """The content file, with the images (seals) it names: only those inside its project, nothing else is read."""
    digest = hashlib.sha256(source.read_bytes())
    text = source.read_text(encoding="utf-8", errors="replace")
    names = {text[max(text.rfind(c, 0, m.start()) for c in _DELIMITERS) + 1:m.end()]
             for m in _IMAGE_EXTENSION.finditer(text)}
    root = project_root(source)
    for name in sorted(names):
        image = (source.parent / name).resolve()
        if root in image.parents and image.is_file():
            digest.update(name.encode() + b"\0" + image.read_bytes())
    return digest.hexdigest()


@dataclass
class BuildState:
    """Fingerprints of the outputs in one output directory, read and written as JSON."""

    out_dir: Path
    outputs: dict[str, dict] = field(default_factory=dict)  # name → {inputs, sha256, source, source_sha256, seals}
    documents: dict[str, dict] = field(default_factory=dict)  # output stem → what the index shows, and its source

    @classmethod
    def load(cls, out_dir: Path) -> BuildState:
        try:
            data = json.loads((out_dir / STATE_FILE).read_text(encoding="utf-8"))
            if data.get("version") == __version__:
                return cls(out_dir, data.get("outputs", {}), data.get("documents", {}))
        except (OSError, ValueError, AttributeError):
            pass
        return cls(out_dir)

    def current(self, target: Path, inputs: str) -> bool:
        """The output is as it was written from the same inputs (or, withheld, is still absent)."""
        entry = self.outputs.get(target.name)
        if not entry or entry["inputs"] != inputs:
            return False
        if entry.get("withheld"):
            return not target.exists()
        return target.is_file() and file_hash(target) == entry["sha256"]

    def record(self, target: Path, inputs: str, source: Path, source_sha: str, data: bytes | str | None,
               seals: list[dict] | None = None) -> None:
        """Note an output written with `data` (None: withheld from publication, so not written); `seals` are
        the places of its seals (PDF and OFD), for the manifest."""
        entry = {"inputs": inputs, "source": source.name, "source_sha256": source_sha}
        if data is None:
            entry["withheld"] = True
        else:
            entry["sha256"] = hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()
        if seals is not None:
            entry["seals"] = seals
        self.outputs[target.name] = entry

    def save(self, staging: Staging) -> None:
        """Stage the state as it will be once `staging` is committed."""
        self.outputs = {name: entry for name, entry in self.outputs.items()
                        if entry.get("withheld") or staging.current(name)}
        self.documents = {stem: entry for stem, entry in self.documents.items()
                          if any(self.outputs.get(name) for name in entry.get("outputs", []))}
        text = json.dumps({"version": __version__, "outputs": dict(sorted(self.outputs.items())),
                           "documents": dict(sorted(self.documents.items()))},
                          ensure_ascii=False, indent=1, sort_keys=True)
        target = self.out_dir / STATE_FILE
        if not target.exists() or target.read_text(encoding="utf-8") != text + "\n":
            staging.write(target, text + "\n")
