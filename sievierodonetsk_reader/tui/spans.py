"""Spans of a paragraph found by position, so that drawing a line asks only for its own."""

from __future__ import annotations

import bisect

from ..model import Span


class SpanIndex:
    """Spans of one paragraph, found by position: a line asks only for those it shows.

    A paragraph can hold hundreds of thousands of mentions; looping over all of them for each
    line drawn made a page turn take seconds.
    """

    def __init__(self, spans: list[tuple[int, int, str]]) -> None:
        self._spans = sorted(spans)
        self._starts = [start for start, _, _ in self._spans]
        self._longest = max((end - start for start, end, _ in self._spans), default=0)

    def overlapping(self, start: int, end: int) -> list[tuple[int, int, str]]:
        first = bisect.bisect_left(self._starts, start - self._longest)
        last = bisect.bisect_left(self._starts, end)
        return [span for span in self._spans[first:last] if span[1] > start]


NO_SPANS = SpanIndex([])


class SpansByParagraph:
    """Spans of many paragraphs, each paragraph's indexed when a line of it is first drawn.

    Grouping them all at once took 15 ms for each of find's results at 5 MB (4,000 matches;
    120,000 after a first letter), though a window shows a few paragraphs of them.
    """

    def __init__(self, spans: tuple[Span, ...] | list[Span]) -> None:
        self._spans = sorted(spans)  # most come in reading order, which costs sorted() little
        self._indexes: dict[int, SpanIndex] = {}

    def of(self, paragraph: int) -> SpanIndex:
        """The spans in `paragraph`."""
        if not self._spans:
            return NO_SPANS
        index = self._indexes.get(paragraph)
        if index is None:
            first = bisect.bisect_left(self._spans, (paragraph,))
            last = bisect.bisect_left(self._spans, (paragraph + 1,), first)
            group = [(span.start, span.end, "") for span in self._spans[first:last]]
            index = self._indexes[paragraph] = SpanIndex(group) if group else NO_SPANS
        return index


NO_SPANS_BY_PARAGRAPH = SpansByParagraph(())
