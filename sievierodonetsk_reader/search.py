"""Finding words in the article, as the reader's `/` does."""

from __future__ import annotations

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
    return [
        Span(number, match.start(), match.end())
        for number, text in texts
        for match in pattern.finditer(text)
        if match.end() > match.start()
    ]
