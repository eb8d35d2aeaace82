"""Finding words in the article, as the reader's `/` does."""

from __future__ import annotations

import itertools
import re

from .attribution import header_lines
from .model import Article, Span

HEADER = 0  # the "paragraph" of spans in the lines above the text


def header_text(article: Article) -> str:
    """The lines above the text as one string, a line break between lines."""
    return "\n".join(header_lines(article))


def find_spans(article: Article, query: str, within: range | None = None) -> list[Span]:
    """Every case-insensitive occurrence of `query` on screen, in reading order; with
    `within`, only in those paragraph numbers (`HEADER`, 0, among them or not).

    The headline, dateline and provenance above the text are searched too, as paragraph
    `HEADER`, with offsets into `header_text`; a query never matches across a line break.
    """
    if not query or "\n" in query:
        return []
    pattern = re.compile(re.escape(query), re.IGNORECASE)
    texts = [(HEADER, header_text(article))] if within is None or HEADER in within else []
    paragraphs = article.paragraphs
    if within is not None:
        paragraphs = paragraphs[max(0, within.start - 1) : max(0, within.stop - 1)]
    texts += [(paragraph.number, paragraph.text) for paragraph in paragraphs]
    # One pass over the texts joined by line breaks, which no match can cross: a regular
    # expression's loop per paragraph cost twice as much at 5 MB (61 ms against 30).
    joined = "\n".join(text for _, text in texts)
    ends = list(itertools.accumulate(len(text) + 1 for _, text in texts))
    spans = []
    which, base = 0, 0
    for match in pattern.finditer(joined):
        start, end = match.span()
        while start >= ends[which]:
            base = ends[which]
            which += 1
        if end > start:
            spans.append(Span(texts[which][0], start - base, end - base))
    return spans
