"""Fetch the corpus documents published as office files (.doc, .docx, .pdf, .ofd) from their source addresses.

These originals are third-party files and are not committed: each answer.yaml names the file (`original`), where it
was published (`source: github:owner/repo:path@commit`) and its SHA-256; this script puts the file in place and checks
it. Without them the corpus tests skip these documents (and say which).

Run: python bench/corpus_originals.py               (download from raw.githubusercontent.com)
     python bench/corpus_originals.py --git DIR ... (take them from local clones of the source repositories)
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

from timing import ROOT  # first: puts the repository on the import path

# isort: split

sys.path.insert(0, str(ROOT / "tests"))

import yaml  # noqa: E402

from corpusutil import CORPUS, missing, sha256  # noqa: E402

ADDRESS = re.compile(r"github:(?P<repo>[^/:]+/[^/:]+):(?P<path>.+)@(?P<commit>[0-9a-f]{7,40})$")


def fetch(address: re.Match, clones: list[Path], network: bool = True) -> bytes | None:
    """The file's bytes at that commit: from a local clone of its repository if one is given, else from GitHub."""
    for clone in clones:
        shown = subprocess.run(["git", "--git-dir", str(clone), "show", f"{address['commit']}:{address['path']}"],
                               capture_output=True, check=False)
        if shown.returncode == 0:
            return shown.stdout
    if not network:
        return None
    url = f"https://raw.githubusercontent.com/{address['repo']}/{address['commit']}/{quote(address['path'])}"
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--git", type=Path, action="append", default=[], help="a local clone (git directory)")
    clones = parser.parse_args().git
    failed, offline = 0, False
    for name in missing():
        answer = yaml.safe_load((CORPUS / name / "answer.yaml").read_text(encoding="utf-8"))
        address = ADDRESS.match(answer["source"])
        target = CORPUS / name / answer["original"]
        try:
            data = fetch(address, clones, network=not offline)
        except OSError as exc:
            print(f"{name}: 取不到 {answer['source']}：{exc}")
            offline = offline or isinstance(exc, urllib.error.URLError)  # no network: do not wait on every file
            failed += 1
            continue
        if data is None:
            print(f"{name}: 没有网络，未取")
            failed += 1
            continue
        target.write_bytes(data)
        if sha256(target) != answer["sha256"]:
            target.unlink()
            print(f"{name}: 取到的文件与 answer.yaml 的 sha256 不符，已删除")
            failed += 1
            continue
        print(f"{name}: {target.relative_to(ROOT)}  {len(data)} 字节")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
