"""Find as the core does it: every occurrence on screen, the lines above the text included."""

from __future__ import annotations

from sievierodonetsk_reader.model import Article
from sievierodonetsk_reader.search import HEADER, find_spans, header_text


def test_find_covers_the_headline_dateline_and_provenance(article: Article) -> None:
    header = header_text(article)
    for query in ("withdraw from", "events of Friday", "machine translation"):
        spans = [span for span in find_spans(article, query) if span.paragraph == HEADER]
        assert len(spans) == 1, query
        assert header[spans[0].start : spans[0].end].lower() == query.lower()


def test_header_matches_come_first_and_never_cross_a_line(article: Article) -> None:
    spans = find_spans(article, "Sievierodonetsk")
    assert spans[0].paragraph == HEADER
    assert spans == sorted(spans)
    title, dateline = header_text(article).split("\n")[:2]
    assert find_spans(article, f"{title[-3:]}\n{dateline[:3]}") == []
    assert find_spans(article, f"{title[-3:]} {dateline[:3]}") == []
