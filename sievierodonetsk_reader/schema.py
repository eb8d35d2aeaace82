"""Typed, checked access to YAML nodes: every mistake becomes a Problem with its position."""

from __future__ import annotations

import re
from typing import TypeVar

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .controls import FORBIDDEN_IN_ARTICLES
from .formatting import shorten
from .problems import Problem

_ID = re.compile(r"[a-z0-9][a-z0-9_-]*")
WEB_ADDRESS = re.compile(r"https?://[^\s<>\"]+")
_STANDARD_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
)
_TEXT_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "timestamp")
)
BLANK_EDGES = (
    "speech text must not start or end with a blank: it belongs to the plain text around it"
)
_LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
_NUMBER_TAGS = frozenset({"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"})
_DECIMAL = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d{1,3})?")
_WHOLE_NUMBER = re.compile(r"[-+]?\d+")
_LEADING_ZERO = re.compile(r"[-+]?0\d")
_BOOL_TAG = "tag:yaml.org,2002:bool"
_BOOLEANS = {"true": True, "false": False, "yes": True, "no": False, "on": True, "off": False}

T = TypeVar("T")


class NodeReader:
    """Reads values from nodes as the schema wants them, noting each problem where it is."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    # -- reporting ------------------------------------------------------------------------
    def error(self, node: Node, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem(self.path, mark.line + 1, mark.column + 1, message))

    # -- typed access -----------------------------------------------------------------------
    def _tag_ok(self, node: Node) -> bool:
        if node.tag not in _STANDARD_TAGS:
            self.error(
                node, f"the tag {node.tag.replace('tag:yaml.org,2002:', '!!')} is not allowed"
            )
            return False
        return True

    def fields(
        self, node: Node, what: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> dict[str, Node] | None:
        if not self._tag_ok(node):
            return None
        if not isinstance(node, MappingNode):
            self.error(node, f"{what} must be a mapping of fields, not {_kind(node)}")
            return None
        allowed = (*required, *optional)
        result: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else None
            if not isinstance(key, str):
                self.error(key_node, f"{what}: field names must be plain words")
                continue
            if key in result:
                self.error(key_node, f"{what}: duplicate field {key!r}")
                continue
            if key not in allowed:
                self.error(
                    key_node, f"{what}: unknown field {key!r} (expected: {', '.join(allowed)})"
                )
                continue
            result[key] = value_node
        for key in required:
            if key not in result:
                self.error(node, f"{what}: missing required field {key!r}")
        return result

    def text(self, node: Node | None, what: str, *, allow_empty: bool = False) -> str | None:
        if node is None:
            return None
        if not self._tag_ok(node):
            return None
        if not isinstance(node, ScalarNode) or node.tag not in _TEXT_TAGS:
            self.error(node, f"{what} must be text, not {_kind(node)}")
            return None
        value: str = node.value
        if not value and not allow_empty:
            self.error(node, f"{what} must not be empty")
            return None
        bad = FORBIDDEN_IN_ARTICLES.search(value)
        if bad is not None:
            self.error(node, f"{what} {_describe_character(bad.group())}")
            return None
        return value

    def flag(self, node: Node | None, what: str, default: bool = False) -> bool:
        if node is None:
            return default
        if self._tag_ok(node) and isinstance(node, ScalarNode):
            value = _BOOLEANS.get(node.value.lower()) if node.tag == _BOOL_TAG else None
            if value is not None:
                return value
        self.error(node, f"{what} must be true or false, not {_written(node)}")
        return default

    def number(
        self, node: Node | None, what: str, low: float, high: float, *, whole: bool = False
    ) -> float | None:
        """A number written in decimal: YAML 1.1's octal, binary, hex and base-60 are refused."""
        if node is None:
            return None
        if not self._tag_ok(node) or node.tag not in _NUMBER_TAGS:
            self.error(node, f"{what} must be a number, not {_kind(node)}")
            return None
        assert isinstance(node, ScalarNode)
        written = node.value.replace("_", "")
        pattern = _WHOLE_NUMBER if whole else _DECIMAL
        if len(written) > 32 or not pattern.fullmatch(written):
            kind = "a whole number" if whole else "a decimal number such as 48.95"
            self.error(node, f"{what} must be {kind}, not {_written(node)}")
            return None
        if _LEADING_ZERO.match(written):
            self.error(node, f"{what} {written!r} has a leading zero, which YAML reads as octal")
            return None
        value = float(written)
        if not low <= value <= high:
            self.error(node, f"{what} must be between {low:g} and {high:g}, not {written}")
            return None
        return value

    def suggested(self, node: Node | None) -> bool:
        """An entry's `status`: `suggested` (made by `draft`, not yet reviewed by a person) or
        `reviewed` (the same as no status)."""
        value = self.text(node, "status")
        if value is None or value == "reviewed":
            return False
        if value != "suggested":
            assert node is not None
            self.error(node, f"status must be suggested or reviewed, not {_written(node)}")
            return False
        return True

    def items(self, node: Node | None, what: str) -> list[Node]:
        if node is None:
            return []
        if not self._tag_ok(node):
            return []
        if not isinstance(node, SequenceNode):
            self.error(node, f"{what} must be a list, not {_kind(node)}")
            return []
        return list(node.value)

    def texts(self, node: Node | None, what: str) -> list[tuple[str, Node]]:
        result = []
        for item in self.items(node, what):
            value = self.text(item, f"each of {what}")
            if value is not None:
                result.append((value, item))
        return result

    def identifier(self, node: Node | None, what: str) -> str | None:
        value = self.text(node, what)
        if value is not None and not _ID.fullmatch(value):
            assert node is not None
            self.error(node, f"{what} {value!r} must be lower-case letters, digits, '-' or '_'")
            return None
        return value


def first_item(node: Node | None) -> Node | None:
    if isinstance(node, SequenceNode) and node.value:
        first: Node = node.value[0]
        return first
    return None


def _kind(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    tag = node.tag.rsplit(":", 1)[-1]
    return {
        "null": "nothing (an empty value)",
        "int": "a number",
        "float": "a number",
        "bool": "true/false",
        "str": f"the text {node.value!r}",
    }.get(tag, f"a {tag}")


def _describe_character(char: str) -> str:
    """Why `char` cannot be in a field, naming it by code point (never writing it raw)."""
    code = ord(char)
    if char in _LINE_BREAKS:
        return f"must be one line: it contains a line break (U+{code:04X})"
    if 0xD800 <= code <= 0xDFFF:
        return f"contains a lone surrogate (U+{code:04X}), which is not a character"
    if 0x202A <= code <= 0x2069:
        what = "a bidirectional override" if code <= 0x202E else "a bidirectional isolate"
        return f"contains {what} (U+{code:04X}), which could disguise the text: remove it"
    return f"contains the control character U+{code:04X}, which is not allowed: remove it"


def _written(node: Node) -> str:
    """What a scalar says, as written (shortened): for values whose tag claims another type."""
    if isinstance(node, ScalarNode) and isinstance(node.value, str):
        return repr(shorten(node.value, 40))
    return _kind(node)
