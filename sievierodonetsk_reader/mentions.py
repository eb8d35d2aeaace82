"""Finding where the text names an entity: whole words, longest form first, case as written.

One regular expression of every form costs time in proportion to forms x text (tens of
seconds for 30,000 forms); here forms are looked up by their first word, so the work grows with
the text alone. Matching is on NFC-normalised text and stops only at the end of a whole
character: a form never matches "Cafe" inside a decomposed "Café", nor an emoji inside a
joined sequence. Offsets are always into the text as written.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

_TOKEN = re.compile(r"\w+|\W")
_WORD = re.compile(r"\w")
_ZWJ = "\u200d"


def _continues(char: str) -> bool:
    """Whether `char` carries on the word or character before it."""
    code = ord(char)
    return bool(
        _WORD.match(char)
        or unicodedata.combining(char)
        or unicodedata.category(char) in ("Mn", "Mc", "Me")
        or char == _ZWJ
        or 0xFE00 <= code <= 0xFE0F  # variation selectors
        or 0x1F3FB <= code <= 0x1F3FF  # skin tone modifiers
        or 0xE0100 <= code <= 0xE01EF
    )


def normalised(text: str) -> tuple[str, list[int] | None]:
    """`text` in NFC, with the offset in `text` of each of its characters (None if unchanged).

    Each run of a starter and the marks after it is normalised alone, so that every offset of
    the result maps to the start of a whole character in `text`.
    """
    if unicodedata.is_normalized("NFC", text):
        return text, None
    parts: list[str] = []
    offsets: list[int] = []
    start = 0
    for index in range(1, len(text) + 1):
        if index == len(text) or not unicodedata.combining(text[index]):
            chunk = unicodedata.normalize("NFC", text[start:index])
            parts.append(chunk)
            offsets += [start] * len(chunk)
            start = index
    offsets.append(len(text))
    return "".join(parts), offsets


class MentionFinder:
    """Every form of every entity, looked up by its first word."""

    def __init__(self, owners: dict[str, str]) -> None:
        """`owners` maps each form to the id of the entity it names."""
        by_first: dict[str, list[tuple[str, str, str]]] = {}
        for form, entity_id in owners.items():
            key = unicodedata.normalize("NFC", form)
            first = _TOKEN.match(key)
            if first is not None:
                by_first.setdefault(first.group(), []).append((key, form, entity_id))
        for candidates in by_first.values():
            candidates.sort(key=lambda c: (-len(c[0]), c[0]))  # longest first
        self._by_first = by_first

    def find(self, text: str) -> Iterator[tuple[int, int, str, str]]:
        """(start, end, entity id, form) of each mention in `text`, left to right."""
        if not self._by_first:
            return
        normal, offsets = normalised(text)
        position = 0
        for token in _TOKEN.finditer(normal):
            start = token.start()
            candidates = self._by_first.get(token.group())
            if candidates is None or start < position:
                continue
            if start and (_WORD.match(normal[start - 1]) or normal[start - 1] == _ZWJ):
                continue  # inside a word, or joined to the character before
            for key, form, entity_id in candidates:
                end = start + len(key)
                if normal.startswith(key, start) and (
                    end == len(normal) or not _continues(normal[end])
                ):
                    if offsets is None:
                        yield start, end, entity_id, form
                    else:
                        yield offsets[start], offsets[end], entity_id, form
                    position = end
                    break
