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


def spans_by_paragraph(spans: tuple[Span, ...]) -> dict[int, SpanIndex]:
    grouped: dict[int, list[tuple[int, int, str]]] = {}
    for span in spans:
        grouped.setdefault(span.paragraph, []).append((span.start, span.end, ""))
    return {paragraph: SpanIndex(group) for paragraph, group in grouped.items()}
