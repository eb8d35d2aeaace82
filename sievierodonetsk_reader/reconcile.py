"""Where a place in one version of an article is in the next: for live reload.

Paragraphs are matched by their text (difflib over the paragraphs, as `diff` matches lines):
one unchanged keeps its place however many were inserted or deleted before it; one edited
in place is the same paragraph; one deleted hands its place to the paragraph that now stands
where it stood (the next unchanged neighbour, or the last before it at the end).
"""

from __future__ import annotations

from collections.abc import Sequence
from difflib import SequenceMatcher

from .model import Article
from .state import Position

# Characters after a position that are looked for again in an edited paragraph.
ANCHOR_CHARACTERS = 40


def follow_paragraphs(old: Sequence[str], new: Sequence[str]) -> list[int]:
    """For each old paragraph (by index), the index of the new one that holds its place."""
    if not new:
        return [0] * len(old)
    matcher = SequenceMatcher(None, list(old), list(new), autojunk=False)
    places = [0] * len(old)
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        for index in range(old_start, old_end):
            step = index - old_start
            if tag == "equal":
                places[index] = new_start + step
            elif tag == "replace":  # edited in place: the same paragraph, in order
                places[index] = min(new_start + step, new_end - 1)
            else:  # deleted: the paragraph that now stands there
                places[index] = min(new_start, len(new) - 1)
    return places


class Moves:
    """Where each paragraph of `old` stands in `new`, matched once, for a reload's place and
    bookmarks."""

    def __init__(self, old: Article, new: Article) -> None:
        self._old = [p.text for p in old.paragraphs]
        self._new = [p.text for p in new.paragraphs]
        self._places = follow_paragraphs(self._old, self._new)

    def position(self, position: Position) -> Position:
        """`position` in the new version: the same words at the top if they are still there,
        else the start of the paragraph that took their place."""
        number = self._places[position.paragraph - 1] + 1
        before, after = self._old[position.paragraph - 1], self._new[number - 1]
        if before == after:
            return Position(number, position.offset)
        anchor = before[position.offset : position.offset + ANCHOR_CHARACTERS]
        found = after.find(anchor) if anchor else -1
        return Position(number, found if found >= 0 else 0)

    def bookmarks(self, bookmarks: Sequence[int]) -> list[int]:
        """Each bookmarked paragraph's number in the new version (two that meet are one)."""
        places = self._places
        return sorted({places[n - 1] + 1 for n in bookmarks if 1 <= n <= len(places)})
