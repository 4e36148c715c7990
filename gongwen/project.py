"""Where a project's content, templates, configuration and outputs live."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from gongwen.errors import GongwenError

_PACKAGE = Path(__file__).resolve().parent


class ConfigError(GongwenError):
    """The project configuration cannot be read."""


@dataclass(frozen=True)
class Project:
    """A project directory: `content/`, optional `templates/`, `gongwen.toml` or `pyproject.toml`."""

    root: Path
    settings: dict = field(default_factory=dict)

    @classmethod
    def at(cls, root: Path) -> Project:
        """Read the settings in `gongwen.toml`, or else in `[tool.gongwen]` of `pyproject.toml`."""
        root = root.resolve()
        own, pyproject = root / "gongwen.toml", root / "pyproject.toml"
        if own.exists():
            return cls(root, _read_toml(own))
        if pyproject.exists():
            return cls(root, _read_toml(pyproject).get("tool", {}).get("gongwen", {}))
        return cls(root)

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def templates_dir(self) -> Path:
        """The project's own templates, else those installed with gongwen, else the source tree's."""
        for candidate in (self.root / "templates", _PACKAGE / "templates", _PACKAGE.parent / "templates"):
            if (candidate / "html" / "document.html.j2").exists():
                return candidate
        raise ConfigError("找不到模板目录 templates/（安装不完整？）")

    def content_files(self) -> list[Path]:
        """The content files, without hidden ones (editors' backups and locks start with a dot)."""
        return sorted(p for p in self.content_dir.glob("*.yaml") if not p.name.startswith("."))


def project_root(source: Path) -> Path:
    """The project a content file belongs to: the nearest folder with gongwen.toml or pyproject.toml,
    else the folder holding its `content/` folder, else its own folder."""
    folder = source.resolve().parent
    for candidate in (folder, *folder.parents):
        if (candidate / "gongwen.toml").is_file() or (candidate / "pyproject.toml").is_file():
            return candidate
    return folder.parent if folder.name == "content" else folder


def _read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: 配置文件格式错误：{exc}") from None
