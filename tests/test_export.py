"""Markdown that renders to exactly the article's words, and JSON with a stable shape."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from markdown_it import MarkdownIt

from sievierodonetsk_reader.export import escape_markdown, to_json, to_markdown
from sievierodonetsk_reader.loader import parse_article
from sievierodonetsk_reader.model import Article


class _TextOf(HTMLParser):
    """Collects the text of each top-level block of rendered HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str]] = []
        self._stack: list[str] = []
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if not self._stack:
            self._text = []
        self._stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        self._stack.pop()
        if not self._stack:
            self.blocks.append((tag, "".join(self._text)))

    def handle_data(self, data: str) -> None:
        self._text.append(data)


def rendered_blocks(markdown: str) -> list[tuple[str, str]]:
    parser = _TextOf()
    parser.feed(MarkdownIt("commonmark").render(markdown))
    return parser.blocks


def rendered_text(markdown: str) -> str:
    return "".join(text for _, text in rendered_blocks(markdown))


def test_markdown_renders_every_paragraph_word_for_word(article: Article) -> None:
    paragraphs = [text for tag, text in rendered_blocks(to_markdown(article)) if tag == "p"]
    for paragraph in article.body:
        assert paragraph.text in paragraphs
    note = article.paragraphs[-1].text
    assert f"Note: {note}" in paragraphs


def test_markdown_has_title_metadata_and_sections(article: Article) -> None:
    blocks = rendered_blocks(to_markdown(article))
    assert blocks[0] == ("h1", article.metadata.title)
    headings = [text for tag, text in blocks if tag == "h2"]
    assert headings == ["Quotes by speaker", "People", "Places", "Organisations", "Timeline"]
    metadata = next(text for tag, text in blocks if tag == "ul")
    assert "Dateline: JAKARTA" in metadata
    assert "machine translation from Indonesian" in metadata
    assert "Friday, 24 June 2022" in metadata


def test_quotes_by_speaker_are_blockquotes_with_attribution(article: Article) -> None:
    html = MarkdownIt("commonmark").render(to_markdown(article))
    section = html.split("<h2>Quotes by speaker</h2>")[1].split("<h2>")[0]
    assert section.count("<blockquote>") == len(article.quotes)
    kuleba = section.split("<h3>Dmytro Kuleba, Foreign Minister of Ukraine</h3>")[1]
    assert "Putin wants to occupy the Donbas on May 9." in kuleba
    assert "direct quote, paragraph 20" in kuleba


def test_timeline_lists_dates_in_order_with_context(article: Article) -> None:
    text = rendered_text(to_markdown(article).split("## Timeline")[1])
    order = [text.index(v) for v in ("1939/1945", "2014", "2022-02", "2022-05-09", "2022-06-24")]
    assert order == sorted(order)
    assert "paragraph 4" in text and "late February" in text


@pytest.mark.parametrize(
    "text",
    [
        "*not emphasis* and _not_ either",
        "# not a heading",
        "> not a quote",
        "- not a list",
        "1. not a list",
        "2014) not a list",
        "[not](a link) ![nor](an image) <b>nor html</b> &amp; `nor code`",
        "back\\slash and trailing spaces  ",
        "   leading spaces",
        "---",
        "a | table | row",
        "= setext",
    ],
)
def test_escaped_markdown_renders_as_the_same_characters(text: str) -> None:
    assert rendered_text(escape_markdown(text)) == text


def test_json_shape(article: Article) -> None:
    data = json.loads(to_json(article))
    assert list(data) == [
        "article",
        "paragraphs",
        "quotes",
        "people",
        "places",
        "organizations",
        "dates",
    ]
    assert data["article"]["id"] == "sievierodonetsk-withdrawal"
    assert len(data["paragraphs"]) == 25
    assert data["paragraphs"][5]["segments"][1] == {
        "text": article.quotations[0].text,
        "speaker": "gaidai",
        "kind": "direct",
    }
    quote = data["quotes"][0]
    assert {"speaker", "kind", "text", "paragraph"} <= set(quote)
    assert quote["paragraph"] == 3
    kyiv = next(p for p in data["places"] if p["id"] == "kyiv")
    assert isinstance(kyiv["latitude"], float) and isinstance(kyiv["longitude"], float)
    values = {d["id"]: (d["value"], d["precision"], d["modifier"]) for d in data["dates"]}
    assert values["order-issued"] == ("2022-06-24", "day", None)
    assert values["invasion-began"] == ("2022-02", "month", "late")
    assert values["fighting-2014"] == ("2014", "year", None)
    assert values["world-war-two"] == ("1939/1945", "range", None)
    for group in ("people", "places", "organizations", "dates"):
        for entity in data[group]:
            for mention in entity["mentions"]:
                words = data["paragraphs"][mention["paragraph"] - 1]["text"][
                    mention["start"] : mention["end"]
                ]
                assert words in entity["forms"]


def test_json_keeps_non_ascii_as_utf8(article_text: str) -> None:
    ukrainian = article_text.replace(
        "title: Ukrainian troops ordered to withdraw from Sievierodonetsk",
        "title: Українські війська виходять із Сєвєродонецька",
    )
    output = to_json(parse_article(ukrainian, "uk.yaml"))
    assert "Українські війська виходять із Сєвєродонецька" in output  # not \\u escapes
    assert json.loads(output)["article"]["title"].startswith("Українські")


def test_markdown_context_marks_nothing_but_text(article: Article) -> None:
    # No raw HTML sneaks into the export: a renderer that strips HTML shows the same.
    markdown = to_markdown(article)
    assert not re.search(r"<[a-z]", markdown)
