"""Each citation format, read back by the parser its tools use."""

from __future__ import annotations

import json
import re

import geojson
import pytest
import rispy
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from pybtex.database import parse_string

from sievierodonetsk_reader.citations import (
    to_annotations,
    to_bibtex,
    to_csl_json,
    to_geojson,
    to_ris,
    to_wikipedia,
)
from sievierodonetsk_reader.export import to_text
from sievierodonetsk_reader.loader import parse_article
from sievierodonetsk_reader.model import Article

URL = "https://voi.id/en/news/183042"


def test_csl_json_renders_in_a_citation_style(article: Article) -> None:
    items = json.loads(to_csl_json(article))
    assert "issued" not in items[0] and "author" not in items[0]  # never invented
    source = CiteProcJSON(items)
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, source, formatter.plain)
    bibliography.register(Citation([CitationItem(items[0]["id"])]))
    (entry,) = [str(item) for item in bibliography.bibliography()]
    assert "Ukrainian troops ordered to withdraw from Sievierodonetsk" in entry
    assert "VOI" in entry and URL in entry


def test_bibtex_is_read_by_pybtex(article: Article) -> None:
    entry = parse_string(to_bibtex(article), "bibtex").entries["sievierodonetsk-withdrawal"]
    assert entry.type == "misc"
    assert entry.fields["title"] == "{Ukrainian troops ordered to withdraw from Sievierodonetsk}"
    assert entry.fields["howpublished"] == "VOI" and entry.fields["url"] == URL
    assert "Machine-translated from Indonesian" in entry.fields["note"]
    assert "date and author not stated" in entry.fields["note"]


def test_bibtex_escapes_what_latex_would_read(article_text: str) -> None:
    title = "title: Ukrainian troops ordered to withdraw from Sievierodonetsk"
    odd = parse_article(article_text.replace(title, "title: '50% {of} #troops & $ _x_'"))
    entry = parse_string(to_bibtex(odd), "bibtex").entries["sievierodonetsk-withdrawal"]
    assert entry.fields["title"] == r"{50\% \{of\} \#troops \& \$ \_x\_}"


def test_ris_is_read_by_rispy(article: Article) -> None:
    (record,) = rispy.loads(to_ris(article))
    assert record["type_of_reference"] == "NEWS"
    assert record["title"] == "Ukrainian troops ordered to withdraw from Sievierodonetsk"
    assert record["secondary_title"] == "VOI" and record["urls"] == [URL]
    assert record["language"] == "en"


def test_cite_news_gives_what_the_source_gives_and_says_what_it_does_not(
    article: Article,
) -> None:
    first, *quoted = to_wikipedia(article).splitlines()
    params = dict(re.findall(r"\|([a-z-]+)=([^|}]*)", first))
    assert params == {
        "title": "Ukrainian troops ordered to withdraw from Sievierodonetsk ",
        "url": f"{URL} ",
        "work": "VOI ",
        "language": "en",
    }
    assert "date=" not in first and "author" not in first.split("<!--")[0]  # never invented
    assert "date and author: not stated in the source" in first
    assert len(quoted) == len([q for q in article.quotations if not q.nested])
    assert any("|quote=There is a red [Russian] flag" in line for line in quoted)
    for line in quoted:  # the template is never broken by the words it quotes
        assert line.count("{{") == line.count("}}") == 1


def test_every_annotation_selects_its_words_in_the_text_export(article: Article) -> None:
    collection = json.loads(to_annotations(article))
    assert collection["type"] == "AnnotationCollection"
    assert collection["@context"] == "http://www.w3.org/ns/anno.jsonld"
    items = collection["first"]["items"]
    assert len(items) == len(article.quotes) == collection["total"]
    text = to_text(article)
    for item, quote in zip(items, article.quotes, strict=True):
        quoted, position = item["target"]["selector"]
        assert text[position["start"] : position["end"]] == quoted["exact"] == quote.text
        assert text[: position["start"]].endswith(quoted["prefix"])
        assert text[position["end"] :].startswith(quoted["suffix"])
        assert item["target"]["source"] == URL
    kiselev = next(i for i, q in zip(items, article.quotes, strict=True) if q.paragraph == 9)
    assert kiselev["body"]["value"].startswith("reported speech by Vitaly Kiselev")
    assert "told the TASS news agency" in kiselev["body"]["value"]


def test_geojson_is_valid_and_puts_longitude_first(article: Article) -> None:
    collection = geojson.loads(to_geojson(article))
    assert collection.is_valid
    places = {feature["id"]: feature for feature in collection["features"]}
    kyiv = places["kyiv"]
    longitude, latitude = kyiv["geometry"]["coordinates"]
    assert 30 < longitude < 31 and 50 < latitude < 51  # Kyiv: 30.5 E, 50.5 N
    assert kyiv["properties"]["name"] == "Kyiv" and kyiv["properties"]["mentions"] == 1
    assert "olhine" not in places  # no coordinates: not a point anywhere


@pytest.mark.parametrize(
    "fmt", ["csl-json", "bibtex", "ris", "wikipedia", "annotations", "geojson"]
)
def test_each_format_is_an_export_format_of_the_command_line(
    fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from sievierodonetsk_reader.cli import main

    assert main(["export", "-f", fmt, "--no-cache"]) == 0
    assert "Sievierodonetsk" in capsys.readouterr().out
