"""Marks found by position: each paragraph's spans, whatever order they came in."""

from __future__ import annotations

import random

from sievierodonetsk_reader.model import Span
from sievierodonetsk_reader.tui.spans import SpansByParagraph


def test_each_paragraph_gets_its_own_spans_and_only_those() -> None:
    rng = random.Random(7)
    spans = [Span(rng.randint(1, 30), start, start + rng.randint(1, 9)) for start in range(400)]
    rng.shuffle(spans)  # a selection need not come in reading order
    grouped = SpansByParagraph(tuple(spans))
    for paragraph in range(0, 32):
        own = sorted((s.start, s.end) for s in spans if s.paragraph == paragraph)
        found = grouped.of(paragraph).overlapping(0, 10_000)
        assert [(start, end) for start, end, _ in found] == own
    assert SpansByParagraph(()).of(3).overlapping(0, 10) == []
