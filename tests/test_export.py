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
    assert headings == [
        "Speech by speaker",
        "Sources",
        "People",
        "Places",
        "Organisations",
        "Timeline",
    ]
    metadata = next(text for tag, text in blocks if tag == "ul")
    assert "Publisher: VOI, https://voi.id/en/news/183042" in metadata
    assert "Dateline: JAKARTA" in metadata
    assert "VOI's machine translation from Indonesian (system supported by DigitalSiber.id)" in (
        metadata
    )
    assert (
        "Sources the text cites: TASS (news agency, ¶9), Antara (news agency, ¶16), "
        "Corriere della Sera (newspaper, ¶20)"
    ) in metadata
    assert "Events of: Friday 24 June 2022" in metadata
    assert "no publication date or author" in metadata
    assert "Antara news agency (English edition)" not in to_markdown(article)


def test_quotations_are_blockquotes_and_reported_speech_never_is(article: Article) -> None:
    html = MarkdownIt("commonmark").render(to_markdown(article))
    section = html.split("<h2>Speech by speaker</h2>")[1].split("<h2>")[0]
    assert section.count("<blockquote>") == len(article.quotations)
    kuleba = section.split("<h3>Dmytro Kuleba, Ukrainian Foreign Minister</h3>")[1]
    kuleba = kuleba.split("<h3>")[0]
    assert "“Putin wants to occupy the Donbas on May 9." in kuleba
    assert "direct quote, in an interview with Italian daily Corriere della Sera; " in kuleba
    assert "VOI, https://voi.id/en/news/183042, ¶20, machine-translated from Indonesian" in kuleba
    gaidai = section.split("<h3>Serhiy Gaidai, the governor of the Luhansk region</h3>")[1]
    gaidai = gaidai.split("<blockquote>")[0]  # his reported speech comes before his quote
    reported = "Ukrainian troops in Sievierodonetsk had been ordered to move elsewhere"
    assert f"<p>{reported}</p>" in gaidai
    assert f"“{reported}" not in html and f'"{reported}' not in html
    assert "reported speech (the reporter's words, not a quotation); VOI, " in gaidai


def test_people_show_the_texts_role_apart_from_the_editors_note(article: Article) -> None:
    text = rendered_text(to_markdown(article).split("## People")[1].split("## Places")[0])
    assert (
        "Valeriy Zaluzhniy (1 mention): General (the text's words); 1 speech passage. "
        "Editor's note: "
        "Commander-in-Chief of the Armed Forces of Ukraine in 2022"
    ) in text
    assert (
        "Vladimir Putin (1 mention): no role in the text. Editor's note: President of Russia"
        in (text)
    )


def test_places_say_what_their_coordinates_are_of(article: Article) -> None:
    text = rendered_text(to_markdown(article).split("## Places")[1].split("## Organisations")[0])
    assert (
        "Luhansk region: region, in Donbas, Ukraine; administrative centre Luhansk, 48.5740°N"
        in (text)
    )
    assert "Ukraine: country; capital Kyiv, 50.4501°N, 30.5234°E" in text


def test_timeline_lists_dates_in_order_with_context(article: Article) -> None:
    text = rendered_text(to_markdown(article).split("## Timeline")[1])
    order = [text.index(v) for v in ("1939/1945", "2014", "2022-02", "2022-05-09", "2022-06-24")]
    assert order == sorted(order)
    assert "¶4: " in text and "late February" in text


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
        "Issue #",
        "ends with hashes ##",
    ],
)
def test_escaped_markdown_renders_as_the_same_characters(text: str) -> None:
    assert rendered_text(escape_markdown(text)) == text


def test_json_shape(article: Article) -> None:
    data = json.loads(to_json(article))
    assert list(data) == [
        "article",
        "paragraphs",
        "speech",
        "sources",
        "people",
        "places",
        "organizations",
        "dates",
    ]
    meta = data["article"]
    assert meta["id"] == "sievierodonetsk-withdrawal"
    assert meta["publisher"] == {"name": "VOI", "url": "https://voi.id/en/news/183042"}
    assert meta["translation"]["provider"] == "digitalsiber"
    assert meta["cited_sources"][1] == {
        "organization": "antara",
        "name": "Antara",
        "kind": "news agency",
        "paragraph": 16,
    }
    assert "agencies" not in meta and "source" not in meta
    assert len(data["paragraphs"]) == 25
    assert data["paragraphs"][5]["segments"][1] == {
        "text": article.quotations[0].text,
        "speaker": "gaidai",
        "kind": "direct",
        "status": "reviewed",  # nothing in the bundled article is a machine's suggestion
        "via": {
            "words": "on Ukrainian television",
            "channel": "television",
            "organization": "ukrainian-television",
            "note": None,
        },
    }
    kuleba = next(q for q in data["speech"] if q["paragraph"] == 20)
    assert kuleba["via"]["organization"] == "corriere-della-sera"
    assert kuleba["chain"] == ["via Corriere della Sera", "VOI", "machine translation"]
    (inserted,) = kuleba["insertions"]
    assert kuleba["text"][inserted["start"] : inserted["end"]] == "(were there)"
    gaidai_reported = data["paragraphs"][4]["segments"][1]["via"]
    assert gaidai_reported["words"] is None and gaidai_reported["channel"] is None
    assert gaidai_reported["note"].startswith("The text gives no channel")
    reported_12 = data["paragraphs"][11]["segments"][1]
    (partial,) = reported_12["partial_quotes"]
    assert reported_12["text"][partial["start"] : partial["end"]] == "equivalent weapons"
    speech = data["speech"][0]
    assert {"speaker", "kind", "nested", "text", "paragraph"} <= set(speech)
    assert speech["paragraph"] == 3
    kyiv = next(p for p in data["places"] if p["id"] == "kyiv")
    assert isinstance(kyiv["latitude"], float) and isinstance(kyiv["longitude"], float)
    region = next(p for p in data["places"] if p["id"] == "luhansk-region")
    assert region["point"] == {"kind": "administrative centre", "name": "Luhansk"}
    zaluzhniy = next(p for p in data["people"] if p["id"] == "zaluzhniy")
    assert (zaluzhniy["role"], zaluzhniy["note"]) == (
        "General",
        "Commander-in-Chief of the Armed Forces of Ukraine in 2022",
    )
    values = {d["id"]: (d["value"], d["precision"], d["modifier"]) for d in data["dates"]}
    assert values["order-issued"] == ("2022-06-24", "day", None)
    assert values["invasion-began"] == ("2022-02", "month", "late")
    assert values["fighting-2014"] == ("2014", "year", None)
    assert values["world-war-two"] == ("1939/1945", "range", None)
    late_february = next(d for d in data["dates"] if d["id"] == "invasion-began")
    assert (late_february["start"], late_february["end"]) == ("2022-02-21", "2022-02-28")
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


def test_a_heading_keeps_its_trailing_hash(article_text: str) -> None:
    title = "title: Ukrainian troops ordered to withdraw from Sievierodonetsk"
    markdown = to_markdown(parse_article(article_text.replace(title, "title: 'Issue #'"), "t.yaml"))
    assert rendered_blocks(markdown)[0] == ("h1", "Issue #")


def test_places_with_coordinates_link_to_openstreetmap(article: Article) -> None:
    places = to_markdown(article).split("## Places")[1].split("## Organisations")[0]
    assert (
        "[OpenStreetMap](https://www.openstreetmap.org/?mlat=48.9482&mlon=38.4913"
        "#map=12/48.9482/38.4913)" in places
    )
    region = next(line for line in places.splitlines() if "**Luhansk region**" in line)
    assert "#map=8/48.5740/39.3078" in region  # a region is shown whole, at its centre's point
    olhine = next(line for line in places.splitlines() if "**Olhine**" in line)
    assert "openstreetmap" not in olhine  # no coordinates, no link
