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


def test_publisher_is_voi_machine_translated_from_indonesian(article: Article) -> None:
    meta = article.metadata
    assert meta.publisher is not None
    assert (meta.publisher.name, meta.publisher.url) == ("VOI", "https://voi.id/en/news/183042")
    assert meta.translation is not None and meta.translation.machine
    assert meta.translation.from_language == "Indonesian"
    # DigitalSiber.id supports the system; the note in the last paragraph says so.
    assert meta.translation.provider == "digitalsiber"
    assert "DigitalSiber.id" in article.paragraphs[-1].text


def test_cited_sources_are_the_ones_the_text_cites_where_it_cites_them(article: Article) -> None:
    cited = [
        (article.name_of(c.organization), article.entity(c.organization).kind, c.paragraph)  # type: ignore[union-attr]
        for c in article.metadata.cited_sources
    ]
    assert cited == [
        ("TASS", "news agency", 9),
        ("Antara", "news agency", 16),
        ("Corriere della Sera", "newspaper", 20),
    ]
    assert "as reported by Antara" in article.paragraphs[15].text
    assert "TASS news agency" in article.paragraphs[8].text
    assert "Italian daily Corriere della Sera" in article.paragraphs[19].text


def test_roles_are_the_texts_words_and_notes_the_editors(article: Article) -> None:
    people = {p.id: p for p in article.people}
    body = " ".join(p.text for p in article.paragraphs)
    for person in people.values():
        if person.role:  # every role is written in the text, word for word
            assert person.role.casefold() in body.casefold(), person.role
    assert people["zaluzhniy"].role == "General"
    assert "Commander-in-Chief" in (people["zaluzhniy"].note or "")
    assert people["putin"].role is None and "President of Russia" in (people["putin"].note or "")
    assert "inference" in (people["hirske-spokesman"].note or "")
    # The text does not say which body "Ukrainian officials" speak for.
    assert people["ukrainian-officials"].role is None


def test_region_and_country_points_say_what_they_are(article: Article) -> None:
    luhansk = article.entity("luhansk-region")
    assert (luhansk.point, luhansk.point_name) == ("administrative centre", "Luhansk")  # type: ignore[union-attr]
    ukraine = article.entity("ukraine")
    assert (ukraine.point, ukraine.point_name) == ("capital", "Kyiv")  # type: ignore[union-attr]
    for place in article.places:
        assert (place.point is None) == (place.latitude is None), place.id


def test_the_five_quotations_and_their_speakers(article: Article) -> None:
    found = [(q.paragraph, q.kind, article.name_of(q.speaker)) for q in article.quotations]
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
        (21, "general-staff"),
        (24, "unnamed-reports"),
    }


def test_played_down_is_the_reporters_words_not_kulebas(article: Article) -> None:
    paragraph = article.paragraphs[18]
    assert "played down the possibility" in paragraph.text
    assert not any(segment.is_speech for segment in paragraph.segments)
    assert "kuleba" in {m.entity_id for m in article.mentions_in(19)}


def test_paragraph_12_is_one_reported_passage_holding_a_partial_quote(article: Article) -> None:
    in_12 = [(q.kind, q.nested, q.text) for q in article.quotes if q.paragraph == 12]
    assert in_12 == [
        (
            "reported",
            False,
            'his troops needed "equivalent weapons" with Russian troops to neutralize the '
            "situation in Luhansk",
        ),
        ("partial", True, "equivalent weapons"),
    ]
    assert [q.paragraph for q in article.passages].count(12) == 1


def test_officials_words_end_before_the_reporters_background(article: Article) -> None:
    (officials,) = article.passages_by("ukrainian-officials")
    assert officials.text == "there is little left to defend in the city"


def test_no_speech_starts_or_ends_with_a_blank(article: Article) -> None:
    for quote in article.quotes:
        assert quote.text == quote.text.strip()


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
