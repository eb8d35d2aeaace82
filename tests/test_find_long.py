"""Find in a long article: the window's paragraphs at once, the rest in a thread, so that a
letter typed is not a search of the whole article."""

from __future__ import annotations

import asyncio

import pytest
from conftest import ready, wait_until
from textual.widgets import Static

from sievierodonetsk_reader.loader import parse_article
from sievierodonetsk_reader.model import Article, Span
from sievierodonetsk_reader.reading import Reading
from sievierodonetsk_reader.search import HEADER, find_spans
from sievierodonetsk_reader.tui.app import ReaderApp
from sievierodonetsk_reader.tui.screen import SEARCHED_WHOLE_UP_TO, ReaderScreen


def long_article(paragraphs: int) -> Article:
    """Paragraphs that each name Kuleba twice, and a last one that names Olhine."""
    body = [f"Kuleba said in part {n} that Kuleba would stay." for n in range(1, paragraphs)]
    lines = [
        "article: {id: long, title: Long, dateline: D, language: en, reference_date: 2022-06-24}",
        "paragraphs:",
        *(f"  - '{text}'" for text in [*body, "Olhine is far down."]),
    ]
    return parse_article("\n".join(lines) + "\n", "long.yaml")


def test_find_spans_within_paragraphs_only() -> None:
    article = long_article(10)
    assert [s.paragraph for s in find_spans(article, "kuleba", range(3, 5))] == [3, 3, 4, 4]
    assert find_spans(article, "long", range(HEADER, 1)) == [Span(HEADER, 0, 4)]
    assert find_spans(article, "long", range(1, 3)) == []  # the header is not in 1-2


def test_the_rest_found_keeps_the_current_match_or_goes_on_after_the_window() -> None:
    article = long_article(100)
    begun = Reading().searching_window(article, "kuleba", range(40, 45))
    assert begun.finding is not None and not begun.finding.complete
    assert begun.finding.count(article) == "1/10+…"
    everything = tuple(find_spans(article, "kuleba"))
    whole = begun.found_all(article, everything, Span(40, 0, 0))
    assert whole.finding is not None and whole.finding.complete
    assert whole.current_match == Span(40, 0, 6)  # still the one shown
    assert whole.finding.count(article) == f"{78 + 1}/{len(everything)}"
    # Nothing in the window: the first match after it, as a pager goes on.
    none_yet = Reading().searching_window(article, "olhine", range(40, 45))
    assert none_yet.finding is not None and none_yet.finding.count(article) == "searching…"
    # One or two letters: the window's count is all there will be until the reader asks.
    asked = Reading().searching_window(article, "ku", range(40, 45), rest_coming=False)
    assert asked.finding is not None and asked.finding.count(article) == "1/10 in view"
    nothing = Reading().searching_window(article, "ol", range(40, 45), rest_coming=False)
    assert nothing.finding is not None and nothing.finding.count(article) == "none in view"
    found = none_yet.found_all(article, tuple(find_spans(article, "olhine")), Span(40, 0, 0))
    assert found.current_match is not None and found.current_match.paragraph == 100


async def test_a_letter_searches_the_window_first_and_the_rest_arrives(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    article = long_article(SEARCHED_WHOLE_UP_TO * 2)
    seen: list[tuple[int, bool]] = []  # (matches, complete) of each search the screen read
    read = ReaderScreen._read

    def noted(screen: ReaderScreen, reading: Reading, reveal: Span | None = None) -> None:
        if reading.finding is not None:
            seen.append((len(reading.finding.matches), reading.finding.complete))
        read(screen, reading, reveal)

    monkeypatch.setattr(ReaderScreen, "_read", noted)
    app = ReaderApp(article)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("slash", "k", "u", "l")
        total = len(find_spans(article, "kul"))
        await wait_until(lambda: seen and seen[-1] == (total, True), "every match")
        first_matches, first_complete = seen[0]
        assert not first_complete and 0 < first_matches < total / 10  # the window's only
        assert f"1/{total}" in str(app.main.status.content)
        # Typed on: the earlier search, finished or not, does not come back over it.
        await pilot.press("e")
        await wait_until(
            lambda: (
                (f := app.main.reading.finding) is not None and f.complete and f.query == "kule"
            ),
            "the last query's matches",
        )
        assert app.main.reading.finding is not None
        assert len(app.main.reading.finding.matches) == len(find_spans(article, "kule"))


async def test_a_short_article_is_searched_whole_at_each_letter() -> None:
    article = long_article(SEARCHED_WHOLE_UP_TO // 2)
    app = ReaderApp(article)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("slash", "k")
        finding = app.main.reading.finding
        assert finding is not None and finding.complete
        assert len(finding.matches) == len(find_spans(article, "k"))


async def test_letters_typed_on_search_the_whole_once_when_typing_pauses_or_enter_comes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sievierodonetsk_reader.tui import screen

    article = long_article(SEARCHED_WHOLE_UP_TO * 2)
    searched: list[str] = []  # the queries the whole article was searched for

    def noted(article: Article, query: str, within: range | None = None) -> list[Span]:
        if within is None:
            searched.append(query)
        return find_spans(article, query, within)

    monkeypatch.setattr(screen, "find_spans", noted)
    monkeypatch.setattr(screen, "FIND_WHOLE_AFTER", 3600.0)  # a pause that never comes
    app = ReaderApp(article)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"kuleba")
        await pilot.pause()
        finding = app.main.reading.finding
        assert finding is not None and finding.query == "kuleba" and not finding.complete
        assert searched == []  # each letter searched the window only
        await pilot.press("enter")  # the reader wants the matches: no waiting for a pause
        await wait_until(lambda: (f := app.main.reading.finding) and f.complete, "every match")
        assert searched == ["kuleba"]
        # And a pause in typing searches the whole by itself, from the third letter on.
        monkeypatch.setattr(screen, "FIND_WHOLE_AFTER", 0.05)
        await pilot.press("slash", "o", "l", "h")
        await wait_until(lambda: searched[-1:] == ["olh"], "the whole searched after a pause")
        await wait_until(lambda: (f := app.main.reading.finding) and f.complete, "its matches")


@pytest.mark.parametrize("ask", ["enter", "n"])
async def test_one_or_two_letters_find_what_is_in_view_until_the_reader_asks_for_all(
    monkeypatch: pytest.MonkeyPatch, ask: str
) -> None:
    """At 5 MB one letter matches 100,000 times: searching them all after a pause held the
    next letter back 300 ms. Enter or n (from the text) asks for them."""
    from sievierodonetsk_reader.tui import screen

    article = long_article(SEARCHED_WHOLE_UP_TO * 2)
    searched: list[str] = []

    def noted(article: Article, query: str, within: range | None = None) -> list[Span]:
        if within is None:
            searched.append(query)
        return find_spans(article, query, within)

    monkeypatch.setattr(screen, "find_spans", noted)
    monkeypatch.setattr(screen, "FIND_WHOLE_AFTER", 0.01)
    app = ReaderApp(article)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("slash", "k", "u")
        # Longer than the pause: a timer set for the whole search would have fired.
        paused = asyncio.Event()
        app.main.set_timer(0.1, paused.set)
        await wait_until(paused.is_set, "a pause in typing")
        await pilot.pause()
        finding = app.main.reading.finding
        assert finding is not None and finding.query == "ku" and not finding.complete
        assert searched == []
        in_view = len(finding.matches)
        assert 0 < in_view < len(find_spans(article, "ku")) / 10
        bar = app.main.find_bar
        assert bar is not None
        assert f"1/{in_view} in view" in str(bar.query_one("#find-count", Static).content)
        if ask == "n":
            await pilot.press("enter")  # to the text, on the first match in view
            await pilot.press("n")
        else:
            await pilot.press("enter")
        await wait_until(lambda: (f := app.main.reading.finding) and f.complete, "every match")
        assert searched == ["ku"]
        finding = app.main.reading.finding
        assert finding is not None and len(finding.matches) == len(find_spans(article, "ku"))
