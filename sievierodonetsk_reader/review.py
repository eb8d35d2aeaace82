"""Reviewing what `draft` proposed: each suggestion in reading order, and a person's decision
written into the article file as a targeted edit (the rest of the file, its comments and
layout, untouched), checked, and written atomically under a lock.

Accepting sets `status: reviewed`; rejecting a piece of speech makes its words plain text
again (the paragraph's words stay the same), and rejecting an entity removes its entry. A
decision that would leave the file invalid (rejecting a person whose speech still stands)
is refused with the loader's reason.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .model import Article, Span

What = Literal["speech", "person", "place", "organization", "date"]
KIND_OF_LIST: dict[str, What] = {
    "people": "person",
    "places": "place",
    "organizations": "organization",
    "dates": "date",
}


@dataclass(frozen=True, slots=True)
class Suggestion:
    what: What
    key: str  # an entity's id, or "p5.1" for paragraph 5's segment 1
    label: str  # "reported speech by Serhiy Gaidai", "place Hirske"
    span: Span  # where the text shows it (an entity's first mention)


def stepped(
    found: list[Suggestion], current: Suggestion | None, top: Span | None, step: int
) -> tuple[Suggestion | None, str]:
    """> (1) or < (-1): the suggestion after (before) the current one, or the first at or
    after the top of the window; and what to say when there is none or the step wrapped."""
    if not found:
        return None, "No suggestions left in this article."
    if current in found:
        index = found.index(current) + step
    elif top is not None:
        start = (top.paragraph, top.start)
        after = [n for n, s in enumerate(found) if (s.span.paragraph, s.span.start) >= start]
        index = (
            (after[0] if after else len(found))
            if step > 0
            else (after[0] - 1 if after else len(found) - 1)
        )
    else:
        index = 0 if step > 0 else len(found) - 1
    wrapped = ""
    if index >= len(found):
        wrapped = "Wrapped to the first suggestion."
    elif index < 0:
        wrapped = "Wrapped to the last suggestion."
    return found[index % len(found)], wrapped


def in_view(
    found: list[Suggestion], current: Suggestion | None, shows: Callable[[Span], bool]
) -> Suggestion | None:
    """What a and x decide on: the current suggestion if it is on screen, else the first
    suggestion on screen."""
    if current is not None and current in found and shows(current.span):
        return current
    return next((s for s in found if shows(s.span)), None)


def after(found: list[Suggestion], span: Span) -> Suggestion | None:
    """The first suggestion at or after `span`: the next to review once one is decided."""
    return next((s for s in found if s.span >= span), found[0] if found else None)


class ReviewError(Exception):
    """A decision that cannot be written: the message says why."""


def speech_key(paragraph: int, segment: int) -> str:
    return f"p{paragraph}.{segment}"


def suggestions(article: Article) -> list[Suggestion]:
    """Every suggestion not yet reviewed, in reading order."""
    from .attribution import KIND_LABELS

    found: list[Suggestion] = []
    for quote in article.quotes:
        if quote.suggested and not quote.nested:
            label = f"{KIND_LABELS[quote.kind]} by {article.name_of(quote.speaker)}"
            found.append(
                Suggestion("speech", speech_key(quote.paragraph, quote.segment), label, quote.span)
            )
    for entity in article.entities:
        if entity.suggested:
            mentions = article.mentions_of(entity.id)
            span = mentions[0].span if mentions else Span(1, 0, 0)
            found.append(
                Suggestion(
                    entity.entity_type, entity.id, f"{entity.entity_type} {entity.name}", span
                )
            )
    found.sort(key=lambda s: (s.span.paragraph, s.span.start, s.what != "speech"))
    return found


# -- where each suggestion is in the file -----------------------------------------------------
@dataclass(frozen=True)
class _Located:
    item: object  # the yaml node of the entry or speech segment
    status: object  # the yaml node of its status value
    siblings: int  # entries in its list (for an entity)
    plain: str | None  # a speech segment's words, as plain text


def _locate(text: str) -> dict[str, _Located]:
    import yaml
    from yaml.nodes import MappingNode, ScalarNode, SequenceNode

    root = yaml.compose(text, Loader=yaml.SafeLoader)
    found: dict[str, _Located] = {}
    if not isinstance(root, MappingNode):
        return found

    def fields(node: MappingNode) -> dict[str, object]:
        return {k.value: v for k, v in node.value if isinstance(k, ScalarNode)}

    for key, value in root.value:
        if not isinstance(key, ScalarNode) or not isinstance(value, SequenceNode):
            continue
        if key.value in KIND_OF_LIST:
            for item in value.value:
                if isinstance(item, MappingNode):
                    f = fields(item)
                    entity_id, status = f.get("id"), f.get("status")
                    if isinstance(entity_id, ScalarNode) and isinstance(status, ScalarNode):
                        found[entity_id.value] = _Located(item, status, len(value.value), None)
        elif key.value == "paragraphs":
            for number, paragraph in enumerate(value.value, start=1):
                if not isinstance(paragraph, SequenceNode):
                    continue
                for index, segment in enumerate(paragraph.value):
                    if not isinstance(segment, MappingNode):
                        continue
                    f = fields(segment)
                    status, words = f.get("status"), f.get("text")
                    if isinstance(status, ScalarNode):
                        found[speech_key(number, index)] = _Located(
                            segment, status, 0, _plain(words)
                        )
    return found


def positions(text: str) -> dict[str, tuple[int, int]]:
    """Each suggestion's `status` in the file, as (line, column), 1-based."""
    return {
        key: (located.status.start_mark.line + 1, located.status.start_mark.column + 1)  # type: ignore[attr-defined]
        for key, located in _locate(text).items()
    }


def _plain(node: object) -> str | None:
    from yaml.nodes import MappingNode, ScalarNode, SequenceNode

    if isinstance(node, ScalarNode):
        return str(node.value)
    if isinstance(node, SequenceNode):  # reported speech with quotations in it
        parts = []
        for item in node.value:
            if isinstance(item, ScalarNode):
                parts.append(str(item.value))
            elif isinstance(item, MappingNode):
                parts += [str(v.value) for _, v in item.value if isinstance(v, ScalarNode)]
        return "".join(parts)
    return None


def _last_index(node: object) -> int:
    """Where a node's own text ends: a block collection's end mark is the next token's start,
    past the line break, so it ends where its last child does."""
    from yaml.nodes import CollectionNode

    if isinstance(node, CollectionNode) and not node.flow_style and node.value:
        last = node.value[-1]
        return _last_index(last[1] if isinstance(last, tuple) else last)
    return int(node.end_mark.index)  # type: ignore[attr-defined]


def _edited(text: str, key: str, accept: bool) -> str:
    located = _locate(text).get(key)
    if located is None:
        raise ReviewError("the file no longer holds this suggestion (it changed): reload with r")
    if getattr(located.status, "value", None) != "suggested":
        raise ReviewError("this suggestion was decided already: reload with r")
    if accept:
        status = located.status
        return text[: status.start_mark.index] + "reviewed" + text[status.end_mark.index :]  # type: ignore[attr-defined]
    item = located.item
    start, end = item.start_mark.index, _last_index(item)  # type: ignore[attr-defined]
    if located.plain is not None:  # speech: its words become plain text again
        return text[:start] + json.dumps(located.plain, ensure_ascii=False) + text[end:]
    if located.siblings == 1:  # the last of its list: an empty list, not a missing one
        dash = text.rfind("-", 0, start)
        return text[:dash] + "[]" + text[end:]
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return text[:line_start] + (text[line_end + 1 :] if line_end >= 0 else "")


def decide(path: str | os.PathLike[str], suggestion: Suggestion, *, accept: bool) -> None:
    """Write the decision on `suggestion` into the article file at `path`."""
    from .keptfiles import KeptFileError, locked
    from .loader import ArticleError, parse_article, read_article_bytes
    from .writing import ExportError, write_atomically

    target = Path(path)
    try:
        with locked(_lock_path(target)):
            text = read_article_bytes(target).decode("utf-8")
            new = _edited(text, suggestion.key, accept)
            try:
                parse_article(new, str(target))
            except ArticleError as error:
                first = str(error).splitlines()[0].split(": ", 1)[-1]
                verb = "accept" if accept else "reject"
                raise ReviewError(
                    f"cannot {verb} {suggestion.label}: the file would not load ({first}); "
                    "decide first on what refers to it"
                ) from None
            write_atomically(target, new, force=True, streams=False)
    except (KeptFileError, ExportError, ArticleError, UnicodeDecodeError) as error:
        raise ReviewError(str(error)) from None


def _lock_path(target: Path) -> Path:
    """The lock beside the reader's cache, not beside the user's file: a review leaves no
    file in the user's folder but the article."""
    from .cache import cache_directory

    digest = hashlib.sha256(os.fsencode(os.path.realpath(target))).hexdigest()[:32]
    return cache_directory() / "review-locks" / digest
