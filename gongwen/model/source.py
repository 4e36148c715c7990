"""Read YAML content while keeping where every key and value stands in the file."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from gongwen.errors import ContentError, Location, Problem


class _ContentLoader(yaml.SafeLoader):
    """SafeLoader that keeps dates as text, so an impossible date is a located error, not a crash."""


_ContentLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class Source:
    """Parsed YAML data plus the node tree that locates any path inside it."""

    path: str
    text: str
    data: object
    root: Node | None

    def locate(self, loc: Sequence[str | int], *, key: bool = False) -> Location:
        """Location of the value at `loc` (or of its key); unknown tail elements are skipped.

        Elements that name nothing in the file (validator tags, a missing key) leave the
        position at the nearest existing ancestor, which is where the fix belongs.
        """
        node, key_node = self._find(loc)
        target = key_node if key and key_node is not None else node
        if target is None:
            return Location(self.path, 1, 1)
        return Location(self.path, target.start_mark.line + 1, target.start_mark.column + 1)

    def position(self, loc: Sequence[str | int], offset: int) -> Location:
        """Location of character `offset` inside the string value at `loc`.

        Exact where the value's characters stand in the file as they are (see `char_offset`);
        otherwise the start of the value.
        """
        absolute = self.char_offset(loc, offset)
        if absolute is None:
            return self.locate(loc)
        line = self.text.count("\n", 0, absolute)
        column = absolute - (self.text.rfind("\n", 0, absolute) + 1)
        return Location(self.path, line + 1, column + 1)

    def char_offset(self, loc: Sequence[str | int], offset: int) -> int | None:
        """Offset in the file of character `offset` of the string at `loc`, where one exists.

        Plain one-line scalars, literal (|) blocks and quoted one-line scalars without escapes
        hold their characters verbatim; folded and escaped ones do not, and give None.
        """
        node, _ = self._find(loc)
        if not isinstance(node, ScalarNode):
            return None
        start, end = node.start_mark, node.end_mark
        one_line = start.line == end.line
        if node.style is None and one_line:
            return start.index + offset
        if node.style in ("'", '"') and one_line and node.value == self.text[start.index + 1:end.index - 1]:
            return start.index + 1 + offset
        if node.style == "|":
            value_line = node.value.count("\n", 0, offset)
            column = offset - (node.value.rfind("\n", 0, offset) + 1)
            lines = self.text.splitlines(keepends=True)
            body = lines[start.line + 1:]
            indent = next((len(x) - len(x.lstrip(" ")) for x in body if x.strip()), 0)
            return sum(map(len, lines[:start.line + 1 + value_line])) + indent + column
        return None

    def strings(self) -> Iterator[tuple[tuple, str]]:
        """Every string value in the file with its path, in file order."""

        def walk(value: object, loc: tuple) -> Iterator[tuple[tuple, str]]:
            if isinstance(value, str):
                yield loc, value
            elif isinstance(value, dict):
                for key, item in value.items():
                    yield from walk(item, (*loc, key))
            elif isinstance(value, list):
                for index, item in enumerate(value):
                    yield from walk(item, (*loc, index))

        return walk(self.data, ())

    def keep_as_written(self, keys: dict[str, int]) -> None:
        """Make the scalars under each key in `keys` (in lists nested that deep, and the `text` of mappings
        there) the text the author typed: 1.50 stays “1.50”, `on` stays “on”; an empty value is ""."""

        def written(node: Node) -> object:
            return "" if node.tag == "tag:yaml.org,2002:null" else node.value

        def inside(node: Node, value: object, depth: int) -> object:
            if isinstance(node, ScalarNode):
                return value if isinstance(value, str) else written(node)
            if isinstance(node, SequenceNode) and isinstance(value, list) and depth > 0:
                return [inside(n, v, depth - 1) for n, v in zip(node.value, value, strict=True)]
            if isinstance(node, MappingNode) and isinstance(value, dict):
                for key, item in node.value:
                    if key.value == "text" and isinstance(item, ScalarNode):
                        value["text"] = inside(item, value["text"], 0)
            return value

        def visit(node: Node | None, value: object) -> None:
            if isinstance(node, MappingNode) and isinstance(value, dict):
                for key, item in node.value:
                    if key.value in keys and isinstance(item, SequenceNode):
                        value[key.value] = inside(item, value[key.value], keys[key.value])
                    else:
                        visit(item, value.get(key.value))
            elif isinstance(node, SequenceNode) and isinstance(value, list):
                for item, child in zip(node.value, value, strict=True):
                    visit(item, child)

        visit(self.root, self.data)

    def _find(self, loc: Sequence[str | int]) -> tuple[Node | None, Node | None]:
        node = self.root
        key_node: Node | None = None
        for part in loc:
            if isinstance(node, MappingNode):
                match = next((pair for pair in node.value if pair[0].value == part), None)
                if match is not None:
                    key_node, node = match
            elif isinstance(node, SequenceNode) and isinstance(part, int) and part < len(node.value):
                key_node, node = None, node.value[part]
        return node, key_node


def load_source(path: Path) -> Source:
    """Parse a YAML file; syntax errors and duplicate keys become a located ContentError."""
    shown = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError([Problem(Location(shown, 1, 1), "文件不存在")]) from None
    except UnicodeDecodeError as exc:
        raise ContentError([Problem(Location(shown, 1, 1), f"文件不是 UTF-8 编码：{exc.reason}")]) from None
    loader = _ContentLoader(text)
    try:
        root = loader.get_single_node()
        problems = list(_duplicate_keys(shown, root))
        if problems:
            raise ContentError(problems)
        data = loader.construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Location(shown, mark.line + 1, mark.column + 1) if mark else Location(shown, 1, 1)
        raise ContentError([Problem(where, f"YAML 语法错误：{exc.problem or exc.context}")]) from None
    finally:
        loader.dispose()
    return Source(shown, text, data, root)


def _duplicate_keys(path: str, node: Node | None):
    """Yield a problem for each key that appears twice in one mapping (YAML would keep the last)."""
    if isinstance(node, MappingNode):
        seen: dict[str, Node] = {}
        for key, value in node.value:
            if not isinstance(key, ScalarNode):
                yield Problem(Location(path, key.start_mark.line + 1, key.start_mark.column + 1),
                              "键必须是文字（若内容以“{”或“[”开头，请加引号）")
                continue
            if key.value in seen:
                first = seen[key.value].start_mark.line + 1
                yield Problem(
                    Location(path, key.start_mark.line + 1, key.start_mark.column + 1),
                    f"键“{key.value}”重复（第{first}行已有）",
                )
            seen[key.value] = key
            yield from _duplicate_keys(path, value)
    elif isinstance(node, SequenceNode):
        for item in node.value:
            yield from _duplicate_keys(path, item)
