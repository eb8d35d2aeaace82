"""What the reader is looking at, as one value: choosing, searching, stepping, summing up."""

from __future__ import annotations

from sievierodonetsk_reader.model import Article, Span
from sievierodonetsk_reader.reading import Reading, travelled
from sievierodonetsk_reader.search import HEADER


def test_choosing_an_entity_lists_its_mentions_and_speech_in_reading_order(
    article: Article,
) -> None:
    reading = Reading().selecting(article, "kuleba")
    mentions = [Span(m.paragraph, m.start, m.end) for m in article.mentions_of("kuleba")]
    said = [Span(q.paragraph, q.start, q.end) for q in article.quotes_by("kuleba")]
    assert list(reading.items) == sorted({*mentions, *said})
    assert reading.current_item == reading.items[0]
    assert reading.summary(article) == [f"Dmytro Kuleba: 1/{len(reading.items)} (n/N)"]


def test_n_and_capital_n_go_round_the_selection(article: Article) -> None:
    reading = Reading().selecting(article, "kuleba")
    back, wrapped = reading.step(-1)
    assert back.current_item == reading.items[-1] and wrapped == ""
    again, _ = back.step(1)
    assert again.current_item == reading.items[0]


def test_a_search_starts_at_the_top_of_the_window_and_says_when_it_wraps(
    article: Article,
) -> None:
    top = Span(9, 0, 0)
    reading = Reading().searching(article, "luhansk", top)
    assert reading.finding is not None and len(reading.finding.matches) >= 2
    assert reading.current_match is not None and reading.current_match.paragraph == 9
    last = reading
    for _ in range(len(reading.finding.matches) - reading.finding.index - 1):
        last, wrapped = last.step(1)
        assert wrapped == ""
    first, wrapped = last.step(1)
    assert wrapped == "Wrapped to the top." and first.current_match == reading.finding.matches[0]
    _, wrapped = first.step(-1)
    assert wrapped == "Wrapped to the end."


def test_a_search_takes_n_from_the_selection_and_gives_it_back_when_closed(
    article: Article,
) -> None:
    reading = Reading().selecting(article, "kuleba").searching(article, "troops", None)
    stepped, _ = reading.step(1)
    assert stepped.current_item == reading.current_item  # the matches moved, not the items
    assert stepped.current_match != reading.current_match
    closed = stepped.closing_search()
    assert closed.finding is None and closed.last_query == "troops"
    after, _ = closed.step(1)
    assert after.current_item == reading.items[1]


def test_a_name_the_text_spells_otherwise_is_named(article: Article) -> None:
    reading = Reading().searching(article, "kyiv", None)
    assert reading.finding is not None and reading.finding.named == "kyiv"
    assert "named “Kiev” in the text" in reading.summary(article)[0]
    nothing = Reading().searching(article, "zzz", None)
    assert nothing.summary(article) == ["Find “zzz”: no matches"]


def test_the_headline_is_searched_as_the_header(article: Article) -> None:
    reading = Reading().searching(article, "withdraw from", None)
    assert reading.current_match is not None and reading.current_match.paragraph == HEADER


def test_a_quote_is_summed_up_by_kind_and_speaker(article: Article) -> None:
    for number, quotation in enumerate(article.quotations, 1):
        said = Reading().reading_quote(quotation).summary(article)
        name = article.name_of(quotation.speaker)
        assert said == [f"Quote {number}/{len(article.quotations)} - {name}"]
    quotation = article.quotations[0]
    reading = Reading().reading_quote(quotation)
    assert travelled(reading, article) == "via Ukrainian television · VOI · machine translation"
    reported = next(q for q in article.quotes if not q.is_quotation)
    assert (
        Reading()
        .reading_quote(reported)
        .summary(article)[0]
        .startswith("Reported speech (not a quotation) - ")
    )


def test_n_has_nothing_to_do_until_something_is_chosen_or_searched(article: Article) -> None:
    assert not Reading().can_step
    assert Reading().selecting(article, "kuleba").can_step
    assert Reading().searching(article, "kiev", None).closing_search().can_step
    assert not Reading().searching(article, "zzz", None).matching


def test_keys_on_speech_start_from_what_is_on_screen(article: Article) -> None:
    from sievierodonetsk_reader import navigation

    last = article.passages[-1]
    window = range(1, 6)  # paragraphs 1-5 on screen, the last quote far below

    def shows(span: Span) -> bool:
        return span.paragraph in window

    assert navigation.on_screen(last, shows) is None
    copied = navigation.to_copy(article, last, shows)
    assert copied == article.passages[0]  # the first speech in view, not the one off screen
    quote, said = navigation.stepped(article, last, shows, 1, 1, other_speaker=True)
    assert quote == article.passages[0] and said == ""
    quote, said = navigation.stepped(article, None, lambda span: False, 25, 1, False)
    assert quote is None and said == "No quotation after this one."
