"""The bundled article: word for word, with the right speakers and entities."""

from __future__ import annotations

import pytest
from conftest import SHARED_SOURCE, SOURCE, source_paragraphs

from sievierodonetsk_reader.export import to_text
from sievierodonetsk_reader.model import Article


@pytest.mark.skipif(not SHARED_SOURCE.is_file(), reason="no shared/ beside this checkout")
def test_the_kept_source_is_the_shared_one() -> None:
    assert SOURCE.read_bytes() == SHARED_SOURCE.read_bytes()


def test_every_paragraph_is_the_source_word_for_word(article: Article) -> None:
    expected = source_paragraphs()
    assert len(expected) == 25
    assert [p.text for p in article.paragraphs] == expected


def test_text_export_is_the_source_with_one_blank_line_between_paragraphs(
    article: Article,
) -> None:
    assert to_text(article) == "\n\n".join(source_paragraphs()) + "\n"


def test_source_quirks_are_kept_not_corrected(article: Article) -> None:
    body = to_text(article)
    assert "the capital Kiev," in body
    assert article.paragraphs[23].text.endswith("other supplies")  # no full stop in the source
    note = article.paragraphs[-1]
    assert note.is_translation_note
    assert note.text.startswith("The English, Chinese, Japanese, Arabic, and French versions")
    assert not any(p.is_translation_note for p in article.paragraphs[:-1])


def test_metadata(article: Article) -> None:
    meta = article.metadata
    assert meta.dateline == "JAKARTA"
    assert meta.title_supplied_by_editor
    assert meta.reference_date.isoformat() == "2022-06-24"
    assert meta.reference_date.strftime("%A") == "Friday"
    assert meta.translation is not None and meta.translation.from_language == "Indonesian"
    assert [article.speaker_name(a) for a in meta.agencies] == [
        "Antara",
        "TASS",
        "Corriere della Sera",
    ]


def test_the_five_quotations_and_their_speakers(article: Article) -> None:
    found = [(q.paragraph, q.kind, article.speaker_name(q.speaker)) for q in article.quotations]
    assert found == [
        (6, "direct", "Serhiy Gaidai"),
        (12, "partial", "Valeriy Zaluzhniy"),
        (16, "direct", "Oleksiy Arestovych"),
        (18, "direct", "Local government spokesman"),
        (20, "direct", "Dmytro Kuleba"),
    ]
    assert article.quotations[1].text == "equivalent weapons"
    assert article.quotations[0].text.startswith("To remain in a position")


def test_every_said_report_is_reported_speech_by_the_right_speaker(article: Article) -> None:
    reported = {(q.paragraph, q.speaker) for q in article.quotes if q.kind == "reported"}
    assert reported == {
        (3, "ukrainian-officials"),
        (5, "gaidai"),
        (9, "kiselev"),
        (12, "zaluzhniy"),
        (13, "arestovych"),
        (14, "arestovych"),
        (15, "arestovych"),
        (17, "babchenko"),
        (19, "kuleba"),
        (21, "general-staff"),
        (24, "unnamed-reports"),
    }


def test_quote_offsets_point_at_the_quoted_words(article: Article) -> None:
    for quote in article.quotes:
        assert article.paragraphs[quote.paragraph - 1].text[quote.start : quote.end] == quote.text


def test_mentions_match_whole_words_longest_form_first(article: Article) -> None:
    for mention in article.mentions:
        entity = article.entity(mention.entity_id)
        words = article.paragraphs[mention.paragraph - 1].text[mention.start : mention.end]
        assert words in entity.forms
    russia = {(m.paragraph, m.start) for m in article.mentions_of("russia")}
    # "Russian troops" (paragraph 1) is not a mention of Russia; "Russia's targets" (8) is.
    assert not any(paragraph == 1 for paragraph, _ in russia)
    assert any(paragraph == 8 for paragraph, _ in russia)
    lpr_words = [
        article.paragraphs[m.paragraph - 1].text[m.start : m.end]
        for m in article.mentions_of("lpr")
    ]
    assert lpr_words == ["Luhansk People's Republic", "LPR", "LPR"]
    luhansk_in_9 = [m for m in article.mentions_of("luhansk-region") if m.paragraph == 9]
    assert luhansk_in_9 == []  # "Luhansk" there is part of the republic's name


def test_places_have_coordinates_and_other_names(article: Article) -> None:
    place = article.entity("sievierodonetsk")
    assert place.entity_type == "place"
    assert "Severodonetsk" in place.alternative_names  # type: ignore[union-attr]
    assert 48 < place.latitude < 49 and 38 < place.longitude < 39  # type: ignore[union-attr,operator]
    kyiv = article.entity("kyiv")
    assert kyiv.name == "Kyiv" and "Kiev" in kyiv.forms


def test_timeline_is_chronological_with_normalised_values(article: Article) -> None:
    values = [
        (d.text, d.value.iso(), d.value.precision, d.value.modifier) for d in article.timeline
    ]
    assert values == [
        ("World War Two", "1939/1945", "range", None),
        ("2014", "2014", "year", None),
        ("late February", "2022-02", "month", "late"),
        ("May", "2022-05", "month", None),
        ("May 9", "2022-05-09", "day", None),
        ("Friday, June 24", "2022-06-24", "day", None),
    ]
    friday = [m.paragraph for m in article.mentions_of("order-issued")]
    assert friday == [4, 12, 17, 20]
