"""YAML text as plain data that remembers the source line of every key path.

Validation errors arrive as key paths (`gates.auth.paths`); users fix lines. Keeping the
composed nodes beside the data lets an error point at the line it is about.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

_BASE: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MERGE = "tag:yaml.org,2002:merge"

# PyYAML's wording, said the way a person editing the file would put it.
_PROBLEMS = {
    "mapping values are not allowed here": "a ':' inside a value (quote values that contain ': ')",
    "mapping values are not allowed in this context": "a ':' inside a value (quote values that contain ': ')",
    "did not find expected key": "a line that is not a key at this indentation (check the indentation)",
    "found undefined alias": "an alias (*name) with no anchor (&name) before it",
    "found unexpected end of stream": "the file ends before it is closed",
    "found unhashable key": "a key that is a list or a mapping (keys are names)",
    "but found another document": "a second document ('---'): a config is one document",
}
_CONTEXTS = {
    "while parsing a flow sequence": "the [ ] list",
    "while parsing a flow mapping": "the { } mapping",
    "while parsing a block mapping": "the mapping",
    "while parsing a block collection": "the list",
    "while scanning a quoted scalar": "the quoted string",
    "while scanning a simple key": "the key",
}


class YamlSyntaxError(ValueError):
    """Text that is not YAML (or not one document of it), with where and what in words."""

    def __init__(self, line: int | None, column: int | None, problem: str) -> None:
        where = f" at line {line}, column {column}" if line is not None and column is not None else ""
        super().__init__(f"not valid YAML{where}: {problem}")
        self.line = line
        self.column = column
        self.problem = problem


class _Loader(_BASE):  # type: ignore[misc]
    """The safe loader, keeping each key as written (`null:` stays "null") and noting repeats."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.repeated: list[ScalarNode] = []

    def construct_mapping(self, node: Node, deep: bool = False) -> dict[str, Any]:
        if not isinstance(node, MappingNode):
            raise yaml.constructor.ConstructorError(None, None, "expected a mapping", node.start_mark)
        seen: set[str] = set()
        for key, _ in node.value:
            if isinstance(key, ScalarNode) and key.tag != _MERGE:
                if key.value in seen:
                    self.repeated.append(key)
                seen.add(key.value)
        self.flatten_mapping(node)
        out: dict[str, Any] = {}
        for key, value in node.value:
            if not isinstance(key, ScalarNode):
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping", node.start_mark, "found unhashable key", key.start_mark
                )
            # the raw text, so `null:`, `on:` or `1:` are reported as the key the user wrote
            out[key.value] = self.construct_object(value, deep=deep)
        return out


@dataclass(frozen=True)
class Document:
    """Parsed data, its composed node tree, and keys that appear twice in one mapping."""

    data: Any
    root: Node | None
    repeated: tuple[ScalarNode, ...] = ()

    def line_of(self, path: Sequence[str | int], key: bool = False) -> int | None:
        """The 1-based line of the value at `path` (of its key when `key`); the deepest
        existing parent's line when the path does not exist (a missing key)."""
        node = self.root
        if node is None:
            return None
        line: int = node.start_mark.line + 1
        for i, part in enumerate(path):
            if isinstance(node, MappingNode):
                pair = next((kv for kv in node.value if isinstance(kv[0], ScalarNode) and kv[0].value == str(part)),
                            None)
                if pair is None:
                    return line
                if key and i == len(path) - 1:
                    return int(pair[0].start_mark.line) + 1
                node = pair[1]
            elif isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
                node = node.value[part]
            else:
                return line
            line = node.start_mark.line + 1
        return line

    def path_of(self, target: Node) -> tuple[str | int, ...]:
        """The key path of a key node, for naming a repeated key."""
        stack: list[tuple[Node, tuple[str | int, ...]]] = [(self.root, ())] if self.root is not None else []
        while stack:  # iterative: deeply nested input must not exhaust the recursion limit
            node, path = stack.pop()
            if isinstance(node, MappingNode):
                for k, v in node.value:
                    name: tuple[str | int, ...] = (str(k.value),) if isinstance(k, ScalarNode) else ("?",)
                    if k is target:
                        return path + name
                    stack.append((v, path + name))
            elif isinstance(node, SequenceNode):
                stack.extend((v, (*path, i)) for i, v in enumerate(node.value))
        return ()


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _syntax_error(exc: yaml.YAMLError, text: str) -> YamlSyntaxError:
    if isinstance(exc, yaml.reader.ReaderError):
        line, column = _position(text, exc.position)
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        return YamlSyntaxError(line, column, f"the control character {char!r} is not allowed in YAML")
    if not isinstance(exc, yaml.MarkedYAMLError):
        return YamlSyntaxError(None, None, " ".join(str(exc).split()))
    mark = exc.problem_mark or exc.context_mark
    raw = exc.problem or exc.context or "unreadable"
    problem = _PROBLEMS.get(raw, raw)
    if raw.startswith("could not determine a constructor for the tag"):
        problem = f"the tag {raw.rsplit(' ', 1)[-1]} is not allowed (a config holds plain values only)"
    if raw == "found character that cannot start any token" and mark is not None:
        lines = text.splitlines()
        if mark.line < len(lines) and lines[mark.line][mark.column:mark.column + 1] == "\t":
            problem = "a tab character (YAML indents with spaces only)"
        else:
            problem = "a character that cannot start a value (quote the value)"
    context = _CONTEXTS.get(exc.context or "")
    if context and exc.context_mark is not None and exc.problem:
        problem += f", in {context} that starts at line {exc.context_mark.line + 1}"
    if mark is None:
        return YamlSyntaxError(None, None, problem)
    return YamlSyntaxError(mark.line + 1, mark.column + 1, problem)


def load(text: str) -> Document:
    """Parse one YAML document with a safe loader; YamlSyntaxError says where and what."""
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.YAMLError as exc:
        raise _syntax_error(exc, text) from exc
    except RecursionError:
        raise YamlSyntaxError(None, None, "nested too deeply") from None
    finally:
        loader.dispose()
    return Document(data, root, tuple(loader.repeated))
