"""Finding words in the article, as the reader's `/` does."""

from __future__ import annotations

import re

from .model import Article, Span


def find_spans(article: Article, query: str) -> list[Span]:
    """Every case-insensitive occurrence of `query` in the article, in reading order."""
    if not query:
        return []
    pattern = re.compile(re.escape(query), re.IGNORECASE)
    return [
        Span(paragraph.number, match.start(), match.end())
        for paragraph in article.paragraphs
        for match in pattern.finditer(paragraph.text)
        if match.end() > match.start()
    ]
