"""Safe, bounded YAML: events to nodes, without Python objects, aliases or unbounded nesting.

PyYAML's own composer follows aliases (a "billion laughs" file expands without limit once
walked) and recurses once per nesting level. Building the node tree from the event stream here
keeps both in check and leaves every node with its line and column for error messages.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

try:  # libyaml is several times faster where it is installed
    from yaml import CSafeLoader as SafeLoader

    _C_LOADER = True
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader  # type: ignore[assignment]

    _C_LOADER = False

MAX_DEPTH = 32
# A 5 MB article of real prose has about 160,000 values; past this, the file is not an article
# and building its nodes would only cost memory.
MAX_NODES = 250_000
_RESOLVER = yaml.resolver.Resolver()


class ComposeError(Exception):
    """A YAML problem, with the 0-based line and column where it was found."""

    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.column = column
        self.message = message


def _describe_yaml_error(error: yaml.MarkedYAMLError, text: str) -> str:
    problem = error.problem or "invalid YAML"
    mark = error.problem_mark
    lines = text.splitlines()
    at_tab = (
        mark is not None
        and mark.line < len(lines)
        and lines[mark.line][mark.column : mark.column + 1] == "\t"
    )
    if "'\\t'" in problem or at_tab:
        return "YAML syntax error: a tab character cannot be used for indentation; use spaces"
    if "maximum nesting depth" in problem:  # libyaml's own limit, met before ours
        return f"nested more than {MAX_DEPTH} levels deep"
    if "end of stream" in problem and error.context and "quoted" in error.context:
        return "YAML syntax error: this quoted text is never closed"
    context = f" ({error.context})" if error.context else ""
    return f"YAML syntax error: {problem}{context}"


_BREAKS = re.compile(r"\r\n|\r|\n")
_BYTE_BREAKS = re.compile(rb"\r\n|\r|\n")


def line_and_column(text: str | bytes, offset: int) -> tuple[int, int]:
    """The 0-based line and column of `offset` in `text` (characters, or bytes).

    Lines end as YAML ends them: LF, CR LF, or a lone CR.
    """
    line, start = 0, 0
    breaks = _BREAKS.finditer(text) if isinstance(text, str) else _BYTE_BREAKS.finditer(text)
    for match in breaks:
        if match.end() > offset:
            break
        line, start = line + 1, match.end()
    if isinstance(text, bytes):  # a column counts characters, even where the text is bytes
        return line, len(text[start:offset].decode("utf-8", "replace"))
    return line, offset - start


def compose(text: str, max_depth: int = MAX_DEPTH, max_nodes: int = MAX_NODES) -> Node | None:
    """Parse `text` into a node tree; None for an empty document."""
    # Each open collection with the key still waiting for its value (mappings only).
    stack: list[tuple[SequenceNode | MappingNode, list[Node]]] = []
    root: Node | None = None
    documents = 0
    nodes = 0
    try:
        for event in yaml.parse(text, Loader=SafeLoader):
            mark: Any = event.start_mark
            nodes += 1
            if nodes > max_nodes:
                raise ComposeError(
                    mark.line,
                    mark.column,
                    f"the file holds more than {max_nodes:,} YAML values: far more than an "
                    "article needs (see the README's limits)",
                )
            if isinstance(event, DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise ComposeError(
                        mark.line, mark.column, "expected one YAML document, found several"
                    )
                continue
            if isinstance(event, AliasEvent):
                raise ComposeError(
                    mark.line,
                    mark.column,
                    f"aliases (*{event.anchor}) are not allowed in article files",
                )
            node: Node
            if isinstance(event, ScalarEvent):
                tag = event.tag
                if tag is None or tag == "!":
                    tag = _RESOLVER.resolve(ScalarNode, event.value, event.implicit)  # type: ignore[no-untyped-call]
                node = ScalarNode(tag, event.value, mark, event.end_mark, event.style)  # type: ignore[arg-type]
            elif isinstance(event, SequenceStartEvent | MappingStartEvent):
                if len(stack) >= max_depth:
                    raise ComposeError(
                        mark.line, mark.column, f"nested more than {max_depth} levels deep"
                    )
                if isinstance(event, SequenceStartEvent):
                    tag = event.tag or "tag:yaml.org,2002:seq"
                    node = SequenceNode(tag, [], mark, None, event.flow_style)
                else:
                    tag = event.tag or "tag:yaml.org,2002:map"
                    node = MappingNode(tag, [], mark, None, event.flow_style)
                _attach(stack, node)
                stack.append((node, []))
                if root is None:
                    root = node
                continue
            elif isinstance(event, SequenceEndEvent | MappingEndEvent):
                closed, _ = stack.pop()
                closed.end_mark = event.end_mark
                continue
            elif isinstance(event, StreamEndEvent):
                break
            else:
                continue
            if stack:
                _attach(stack, node)
            elif root is None:
                root = node
    except yaml.MarkedYAMLError as error:
        where: Any = error.problem_mark or error.context_mark
        if error.context_mark is not None and "end of stream" in (error.problem or ""):
            # "Unexpected end of file" helps nobody: say where the unfinished thing began.
            where = error.context_mark
        line, column = (where.line, where.column) if where is not None else (0, 0)
        raise ComposeError(line, column, _describe_yaml_error(error, text)) from None
    except yaml.reader.ReaderError as error:  # a character YAML does not allow in a file
        # libyaml counts the position in bytes of UTF-8, the pure-Python reader in characters.
        source: str | bytes = text.encode("utf-8", "surrogatepass") if _C_LOADER else text
        line, column = line_and_column(source, error.position)
        character = f"U+{error.character:04X}" if isinstance(error.character, int) else "?"
        message = f"the control character {character} is not allowed in an article file"
        raise ComposeError(line, column, message) from None
    except yaml.YAMLError as error:
        raise ComposeError(0, 0, f"YAML error: {error}") from None
    if isinstance(root, ScalarNode) and root.tag == "tag:yaml.org,2002:null" and not root.value:
        return None
    return root


def _attach(stack: list[tuple[SequenceNode | MappingNode, list[Node]]], node: Node) -> None:
    if not stack:
        return
    parent, pending = stack[-1]
    if isinstance(parent, SequenceNode):
        parent.value.append(node)
    elif pending:
        parent.value.append((pending.pop(), node))
    else:
        pending.append(node)
