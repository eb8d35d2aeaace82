"""The core's wording of who said what, where it is cited, and how `]` and `}` move."""

from __future__ import annotations

from sievierodonetsk_reader.attribution import chain_line, citation, copy_text, speaker_line
from sievierodonetsk_reader.formatting import mention_context, place_point, shorten
from sievierodonetsk_reader.model import Article, Place, Quote
from sievierodonetsk_reader.navigation import next_quotation, next_speaker


def test_speaker_line_uses_the_texts_words_and_never_says_a_name_twice(article: Article) -> None:
    assert speaker_line(article, "zaluzhniy") == "Valeriy Zaluzhniy, General"
    assert speaker_line(article, "putin") == "Vladimir Putin"  # no role in the text
    assert speaker_line(article, "hirske-spokesman") == "Local government spokesman"
    assert speaker_line(article, "general-staff") == "General Staff of the Armed Forces of Ukraine"


def test_citation_names_publisher_page_and_paragraph(article: Article) -> None:
    assert citation(article, 16) == "VOI, https://voi.id/en/news/183042, ¶16"


def test_a_nested_partial_quote_is_copied_in_quotation_marks(article: Article) -> None:
    partial = next(q for q in article.quotes if q.nested)
    assert copy_text(article, partial) == (
        "“equivalent weapons” - Valeriy Zaluzhniy, General\n"
        "(partial quote, told his US counterpart by telephone; "
        "VOI, https://voi.id/en/news/183042, ¶12, machine-translated from Indonesian)"
    )
    passage = next(q for q in article.passages if q.paragraph == 12)
    copied = copy_text(article, passage)
    assert copied.startswith("Reported speech (the reporter's words, not a quotation)")
    assert "“his troops" not in copied and 'needed "equivalent weapons" with' in copied


def test_next_quotation_visits_quotations_only(article: Article) -> None:
    seen, current = [], None
    while (current := next_quotation(article, current)) is not None:
        seen.append((current.paragraph, current.kind))
    assert seen == [(6, "direct"), (12, "partial"), (16, "direct"), (18, "direct"), (20, "direct")]
    last = article.quotations[-1]
    assert next_quotation(article, last, step=-1) == article.quotations[-2]


def test_next_speaker_starts_from_the_paragraph_on_screen(article: Article) -> None:
    first = next_speaker(article, None, position=10)
    assert first is not None and (first.paragraph, first.speaker) == (12, "zaluzhniy")
    before = next_speaker(article, None, position=10, step=-1)
    assert before is not None and (before.paragraph, before.speaker) == (9, "kiselev")
    assert next_speaker(article, article.passages[-1]) is None


def test_mention_snippets_never_cut_a_word(article: Article) -> None:
    for mention in article.mentions:
        before, words, after = mention_context(article, mention, width=20, ellipsis="…")
        text = article.paragraphs[mention.paragraph - 1].text
        if before.startswith("…"):
            start = mention.start - len(before) + 1
            assert text[start - 1] == " ", (before, words)
        if after.endswith("…"):
            end = mention.end + len(after) - 1
            assert text[end] == " ", (words, after)


def test_shorten_cuts_at_a_word() -> None:
    assert shorten("the withdrawal of troops from the cities", 20) == "the withdrawal of…"
    assert shorten("short", 20) == "short"


def test_place_point_says_what_the_coordinates_are_of(article: Article) -> None:
    places = {place.id: place for place in article.places}
    assert place_point(places["luhansk-region"]) == (
        "administrative centre Luhansk, 48.5740°N, 39.3078°E"
    )
    assert place_point(places["sievierodonetsk"]) == "48.9482°N, 38.4913°E"
    assert place_point(places["olhine"]) is None
    assert isinstance(places["donbas"], Place)
    assert place_point(places["donbas"]).startswith("approximate centre, ")  # type: ignore[union-attr]


def quote_in(article: Article, paragraph: int) -> Quote:
    return next(q for q in article.passages if q.paragraph == paragraph)


def test_each_quote_names_how_its_words_travelled(article: Article) -> None:
    """The five passages whose channel the text gives carry it, and its outlet, in `y`."""
    expected = {
        6: "on Ukrainian television",
        9: "told the TASS news agency",
        12: "told his US counterpart by telephone",
        16: "in an online video, as reported by Antara",
        20: "in an interview with Italian daily Corriere della Sera",
    }
    for paragraph, words in expected.items():
        copied = copy_text(article, quote_in(article, paragraph))
        assert words in copied, paragraph
        assert copied.endswith(f"¶{paragraph}, machine-translated from Indonesian)"), copied
    assert chain_line(article, quote_in(article, 20)) == (
        "via Corriere della Sera · VOI · machine translation"
    )
    assert chain_line(article, quote_in(article, 6)) == (
        "via Ukrainian television · VOI · machine translation"
    )
    assert chain_line(article, quote_in(article, 18)) == "VOI · machine translation"


def test_reported_speech_is_copied_with_its_translation_and_never_quoted(
    article: Article,
) -> None:
    copied = copy_text(article, quote_in(article, 9))
    assert copied == (
        "Reported speech (the reporter's words, not a quotation), attributed to Vitaly "
        "Kiselev, an official with the interior ministry of the Luhansk People's Republic "
        "(LPR): it would take a week and a half to completely seize Lysychansk\n"
        "(told the TASS news agency; "
        "VOI, https://voi.id/en/news/183042, ¶9, machine-translated from Indonesian)"
    )
    assert "“" not in copied


def test_a_link_the_text_does_not_make_is_the_editors_and_says_so(article: Article) -> None:
    copied = copy_text(article, quote_in(article, 5))
    assert "Editor's note: The text gives no channel for this passage" in copied
    assert "television" not in copied.split("Editor's note")[0]  # not stated as the text's


def test_words_inserted_in_a_quotation_are_copied_in_square_brackets(article: Article) -> None:
    assert copy_text(article, quote_in(article, 18)).startswith(
        "“There is a red [Russian] flag flying over the city building [in Hirske]” - "
    )
    assert "We [were there] on June 24" in copy_text(article, quote_in(article, 20))
    # The text itself keeps its own wording.
    assert "We (were there) on June 24" in article.paragraphs[19].text
