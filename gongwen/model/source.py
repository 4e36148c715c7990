"""Read YAML content while keeping where every key and value stands in the file."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import yaml
from yaml.events import AliasEvent
from yaml.nodes import CollectionNode, MappingNode, Node, ScalarNode, SequenceNode

from gongwen.errors import ContentError, Location, Problem

# Limits that keep reading any file quick and bounded (documented in the README).
MAX_BYTES = 4_000_000  # a long 公文 with its 附件 is a few hundred kilobytes
MAX_DEPTH = 64  # nested lists and mappings; the deepest real document needs about 20
MAX_NODES = 200_000  # values after aliases are expanded (a 30-page report has about 3,000)
MAX_NUMBER_CHARS = 100  # digits of a plain number (Python refuses more than 4,300)
SHOWN_CHARS = 40  # characters of a value quoted back in a message

_STR, _SEQ, _MAP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
_INT = "tag:yaml.org,2002:int"
# Characters no document needs and some outputs cannot hold (XML in DOCX refuses C0 controls; a
# lone surrogate cannot be encoded): C0 and C1 controls but tab, line ends and NEL, surrogates,
# and the noncharacters U+FFFE/U+FFFF.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def clip(text: str) -> str:
    """Text quoted back to the user, cut to a readable length."""
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + f"…（共 {len(text)} 字符）"


def shown(value: object) -> str:
    """A value quoted back to the user: its repr, cut to a readable length."""
    return clip(repr(value))


def forbidden_character(text: str) -> str | None:
    """A message naming the first character of `text` that no document may contain, if any."""
    match = _FORBIDDEN.search(text)
    if match is None:
        return None
    kind = "代理码位（无法编码）" if "\ud800" <= match.group() <= "\udfff" else "控制字符"
    return f"含有{kind} U+{ord(match.group()):04X}，公文中不能使用"


class _Limit(Exception):
    """A limit was passed while composing; carries where."""

    def __init__(self, mark, message: str):
        super().__init__(message)
        self.mark, self.message = mark, message


class _ContentLoader(yaml.SafeLoader):
    """SafeLoader that keeps dates as text (an impossible date is a located error, not a crash),
    refuses nesting deeper than MAX_DEPTH and notes every alias, for the checks in `_node_problems`."""

    def __init__(self, stream):
        super().__init__(stream)
        self.depth = 0
        self.aliases: list[tuple[Node, object]] = []  # (the node an alias names, where the alias stands)

    def compose_node(self, parent, index):
        if self.check_event(AliasEvent):
            mark = self.peek_event().start_mark
            node = super().compose_node(parent, index)
            self.aliases.append((node, mark))
            return node
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise _Limit(self.peek_event().start_mark, f"嵌套超过 {MAX_DEPTH} 层")
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


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
    newline: str = "\n"  # the file's line ending, "\r\n" when every line ends so (`text` has "\n")

    def locate(self, loc: Sequence[str | int], *, key: bool = False) -> Location:
        """Location of the value at `loc` (or of its key); unknown tail elements are skipped.

        Elements that name nothing in the file (validator tags, a missing key) leave the
        position at the nearest existing ancestor, which is where the fix belongs.
        """
        node, key_node = self._find(loc)
        target = key_node if key and key_node is not None else node
        return self.at(target.start_mark.index if target is not None else 0)

    def at(self, index: int) -> Location:
        """Location of character `index` of the file; lines end at "\n" only, as editors count them."""
        line = bisect.bisect_right(self._line_starts, index) - 1
        return Location(self.path, line + 1, index - self._line_starts[line] + 1)

    @cached_property
    def _line_starts(self) -> list[int]:
        return [0, *(match.end() for match in re.finditer("\n", self.text))]

    def position(self, loc: Sequence[str | int], offset: int) -> Location:
        """Location of character `offset` inside the string value at `loc`.

        Exact where the character stands in the file as it is (see `char_offset`); otherwise the
        start of the value.
        """
        absolute = self.char_offset(loc, offset)
        return self.locate(loc) if absolute is None else self.at(absolute)

    def char_offset(self, loc: Sequence[str | int], offset: int) -> int | None:
        """Offset in the file of character `offset` of the string at `loc` (or just past its end), if verbatim.

        Characters written through an escape (`\\u4e00`, `''`) or made by folding lines have none.
        """
        node, _ = self._find(loc)
        if not isinstance(node, ScalarNode):
            return None
        mapping = self._verbatim.get(id(node))
        if mapping is None:
            mapping = self._verbatim[id(node)] = verbatim_offsets(self.text, node)
        if 0 <= offset < len(mapping):
            return mapping[offset]
        if offset == len(mapping) and mapping and mapping[-1] is not None:
            return mapping[-1] + 1  # just past the last character
        return None

    @cached_property
    def _verbatim(self) -> dict[int, list[int | None]]:
        return {}

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


def verbatim_offsets(text: str, node: ScalarNode) -> list[int | None]:
    """For each character of the scalar's value, its offset in `text` if it stands there as itself.

    Non-space characters are matched in order against the scalar's characters in the file, passing
    over only white space (indentation, folded line ends); from the first one that does not match
    (an escape sequence) on, and for spaces and line ends the value gained by folding, there is none.
    """
    start, end = node.start_mark.index, node.end_mark.index
    if node.style in ("|", ">"):
        start = text.find("\n", start) + 1  # past the header line: indicators and a comment
        if start == 0:
            return [None] * len(node.value)
    elif node.style in ("'", '"'):
        start, end = start + 1, end - 1
    offsets: list[int | None] = []
    at = start
    for char in node.value:
        if node.style == "'" and char == "'":
            if not text.startswith("''", at):
                break
            offsets.append(None)
            at += 2
        elif at < end and text[at] == char:
            offsets.append(at)
            at += 1
        elif char.isspace():
            offsets.append(None)
        else:
            while at < end and text[at].isspace():
                at += 1
            if at >= end or text[at] != char:
                break
            offsets.append(at)
            at += 1
    return offsets + [None] * (len(node.value) - len(offsets))


def read_source_text(path: Path) -> tuple[str, str]:
    """A content file's text and its line ending; a file whose every line ends in CRLF reads with "\n"
    (written back with CRLF), any other file as it is. Unreadable files are a located ContentError."""
    where = Location(str(path), 1, 1)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ContentError([Problem(where, f"文件超过 {MAX_BYTES // 1_000_000} MB，不像一份公文")])
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise ContentError([Problem(where, "文件不存在")]) from None
    except UnicodeDecodeError as exc:
        raise ContentError([Problem(where, f"文件不是 UTF-8 编码：{exc.reason}")]) from None
    except OSError as exc:
        raise ContentError([Problem(where, f"无法读取：{exc.strerror or exc}")]) from None
    if "\r\n" in text and text.count("\r\n") == text.count("\n"):
        return text.replace("\r\n", "\n"), "\r\n"
    return text, "\n"


def load_source(path: Path) -> Source:
    """Parse a YAML file; syntax errors, duplicate keys and passed limits become a located ContentError."""
    return parse_source(str(path), *read_source_text(path))


def parse_source(shown_path: str, text: str, newline: str = "\n") -> Source:
    """Parse YAML `text` read from `shown_path` (see load_source)."""
    empty = Source(shown_path, text, None, None, newline)
    try:
        loader = _ContentLoader(text)  # checks every character first
    except yaml.reader.ReaderError as exc:
        raise ContentError([_reader_problem(empty, exc)]) from None
    try:
        root = loader.get_single_node()
        problems = list(_duplicate_keys(empty, root)) + _node_problems(empty, loader, root)
        if problems:
            raise ContentError(problems)
        data = loader.construct_document(root) if root is not None else None
    except yaml.reader.ReaderError as exc:
        raise ContentError([_reader_problem(empty, exc)]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = empty.at(mark.index) if mark else Location(shown_path, 1, 1)
        raise ContentError([Problem(where, f"YAML 语法错误：{exc.problem or exc.context}")]) from None
    except _Limit as exc:
        raise ContentError([Problem(empty.at(exc.mark.index), exc.message)]) from None
    except (ValueError, TypeError, OverflowError) as exc:  # a constructor refusing a value we let through
        raise ContentError([Problem(Location(shown_path, 1, 1), f"无法读取的值：{shown(str(exc))}")]) from None
    finally:
        loader.dispose()
    return Source(shown_path, text, data, root, newline)


def _reader_problem(source: Source, exc: yaml.reader.ReaderError) -> Problem:
    where = source.at(exc.position) if isinstance(exc.position, int) else Location(source.path, 1, 1)
    message = forbidden_character(chr(exc.character)) if isinstance(exc.character, int) else None
    return Problem(where, message or f"无法读取的字符：{exc.reason}")


def _tag_name(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


def _children(node: Node) -> list[Node]:
    if isinstance(node, MappingNode):
        return [item for pair in node.value for item in pair]
    return list(node.value) if isinstance(node, SequenceNode) else []


def _node_problems(source: Source, loader: _ContentLoader, root: Node | None) -> list[Problem]:
    """Each node once: tags other than plain text, lists and mappings; over-long numbers; characters
    no document may contain; and, through aliases, cycles and expansions past MAX_NODES."""
    if root is None:
        return []
    problems = []
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        if finished:
            on_path.discard(id(node))
            sizes[id(node)] = min(MAX_NODES + 1, 1 + sum(sizes[id(child)] for child in _children(node)))
            continue
        if id(node) in on_path:
            mark = next(mark for target, mark in loader.aliases if target is node)
            return [Problem(source.at(mark.index), "别名（*）引用了包含它自己的内容，会无限展开")]
        if id(node) in sizes:
            continue
        problem = _node_problem(loader, node)
        if problem:
            problems.append(Problem(source.at(node.start_mark.index), problem))
        on_path.add(id(node))
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node))
    if loader.aliases and sizes[id(root)] > MAX_NODES:
        problems.append(Problem(source.at(loader.aliases[0][1].index), f"别名（*）展开后超过 {MAX_NODES} 个值"))
    return problems


def _node_problem(loader: _ContentLoader, node: Node) -> str | None:
    if isinstance(node, CollectionNode):
        expected = _SEQ if isinstance(node, SequenceNode) else _MAP
        return None if node.tag == expected else f"不支持的 YAML 标签“{_tag_name(node.tag)}”"
    implicit = loader.resolve(ScalarNode, node.value, (node.style is None, node.style is not None))
    if node.tag not in (implicit, _STR):
        return f"不支持的 YAML 标签“{_tag_name(node.tag)}”；公文内容只用文字、列表和键值对"
    if node.tag == _INT and len(node.value) > MAX_NUMBER_CHARS:
        return f"数字超过 {MAX_NUMBER_CHARS} 位；若是文字请加引号"
    return forbidden_character(node.value)


def _duplicate_keys(source: Source, root: Node | None) -> Iterator[Problem]:
    """A problem for each key that appears twice in one mapping (YAML would keep the last).

    Each mapping is looked at once, however often aliases repeat it; no recursion, so depth costs nothing.
    """
    seen_nodes: set[int] = set()
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if id(node) in seen_nodes:
            continue
        seen_nodes.add(id(node))
        stack.extend(_children(node))
        if not isinstance(node, MappingNode):
            continue
        seen: dict[str, Node] = {}
        for key, _ in node.value:
            if not isinstance(key, ScalarNode) or key.tag != _STR:
                yield Problem(source.at(key.start_mark.index), "键必须是文字（若内容以“{”或“[”开头，请加引号）")
                continue
            if key.value in seen:
                first = source.at(seen[key.value].start_mark.index).line
                yield Problem(source.at(key.start_mark.index), f"键“{clip(key.value)}”重复（第{first}行已有）")
            seen.setdefault(key.value, key)
