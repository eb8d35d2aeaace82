"""Reviewing a draft: decisions written into the file as targeted edits, and the reader's
keys for them (> < a x), read back from the file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import ready, screen_lines, wait_until
from textual.widgets import OptionList, Static

from sievierodonetsk_reader.drafting.draft import Options, draft
from sievierodonetsk_reader.drafting.source import read_source
from sievierodonetsk_reader.export import to_text
from sievierodonetsk_reader.loader import bundled_article_path, load_article
from sievierodonetsk_reader.review import ReviewError, decide, suggestions
from sievierodonetsk_reader.tui.app import ReaderApp
from sievierodonetsk_reader.tui.details import DetailsPane

REPORTS = Path(__file__).parent / "data" / "drafts"


@pytest.fixture
def drafted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The wire report drafted into a file of its own, a comment of the user's in it."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # where the lock lives
    source = read_source(str(REPORTS / "wire-kharkiv.txt"))
    path = tmp_path / "report" / "kharkiv.yaml"
    path.parent.mkdir()
    text = draft(
        source.paragraphs,
        Options(
            "wire-kharkiv.txt", load_article(REPORTS / "wire-kharkiv.yaml").metadata.reference_date
        ),
    ).text
    path.write_text(text.replace("paragraphs:\n", "paragraphs:  # my note: check ¶3\n", 1))
    return path


def status_lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text().splitlines() if "status:" in line]


def test_accepting_changes_the_status_and_nothing_else(drafted: Path) -> None:
    before = drafted.read_text()
    first = suggestions(load_article(drafted))[0]
    decide(drafted, first, accept=True)
    after = drafted.read_text()
    changed = [
        (old, new)
        for old, new in zip(before.splitlines(), after.splitlines(), strict=True)
        if old != new
    ]
    assert changed == [("    status: suggested", "    status: reviewed")]
    assert "# my note: check ¶3" in after  # the user's comment is kept
    assert first not in suggestions(load_article(drafted))


def test_rejecting_speech_keeps_the_words_as_plain_text(drafted: Path) -> None:
    article = load_article(drafted)
    speech = next(s for s in suggestions(article) if s.what == "speech")
    decide(drafted, speech, accept=False)
    again = load_article(drafted)
    assert to_text(again) == to_text(article)  # the paragraph's words, the same
    assert len(again.quotes) == len(article.quotes) - 1
    assert speech.key not in {s.key for s in suggestions(again)}


def test_rejecting_an_entry_removes_it_and_the_last_leaves_an_empty_list(drafted: Path) -> None:
    dates = [s for s in suggestions(load_article(drafted)) if s.what == "date"]
    assert len(dates) == 2
    for entry in dates:
        decide(drafted, entry, accept=False)
    article = load_article(drafted)
    assert article.dates == ()
    assert "dates:\n  []" in drafted.read_text()


def test_a_decision_that_would_break_the_file_is_refused_and_nothing_written(
    drafted: Path,
) -> None:
    before = drafted.read_text()
    speaker = next(s for s in suggestions(load_article(drafted)) if s.key == "oleh-syniehubov")
    with pytest.raises(
        ReviewError, match="cannot reject person Oleh Syniehubov: the file would not load"
    ):
        decide(drafted, speaker, accept=False)
    assert drafted.read_text() == before


def test_a_decision_made_twice_is_refused(drafted: Path) -> None:
    first = suggestions(load_article(drafted))[0]
    decide(drafted, first, accept=True)
    with pytest.raises(ReviewError, match="decided already"):
        decide(drafted, first, accept=False)


def test_every_suggestion_reviewed_and_check_strict_passes(drafted: Path) -> None:
    from sievierodonetsk_reader.cli import main

    while left := suggestions(load_article(drafted)):
        decide(drafted, left[0], accept=True)
    assert main(["check", "--strict", "--no-cache", str(drafted)]) == 0
    # The lock is kept with the cache: the user's folder holds only their file.
    assert os.listdir(drafted.parent) == ["kharkiv.yaml"]


# -- in the reader ------------------------------------------------------------------------------
def status(app: ReaderApp) -> str:
    """The status line of the reading screen shown now (a reload makes a new one)."""
    return str(app.main.query_one("#status", Static).content)


def reader_of_file(path: Path) -> ReaderApp:
    return ReaderApp(load_article(path), source=path, watch=True)


async def test_review_keys_step_accept_and_reject_and_the_file_says_so(drafted: Path) -> None:
    app = reader_of_file(drafted)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        total = len(suggestions(app.article))
        assert f"{total} suggestions left (> <)" in status(app)
        await pilot.press("greater_than_sign")
        first = app.main.reading.suggestion
        assert first is not None and first == suggestions(app.article)[0]
        assert f"Suggested: {first.label} · a accepts · x rejects" in status(app)
        await pilot.press("a")
        await wait_until(lambda: len(app.main.suggestions) == total - 1, "the accept")
        await ready(pilot)
        assert f"Accepted {first.label}. {total - 1} left." in status(app)
        assert "status: reviewed" in status_lines(drafted)
        # The next suggestion is current: x rejects it, and the file loses it.
        second = app.main.reading.suggestion
        assert second is not None and second != first
        await pilot.press("x")
        await wait_until(lambda: len(app.main.suggestions) == total - 2, "the reject")
        await ready(pilot)
        assert f"Rejected {second.label}." in status(app)
        assert second.key not in {s.key for s in suggestions(load_article(drafted))}
        await pilot.press("less_than_sign")
        assert app.main.reading.suggestion is not None


async def test_suggested_marks_show_without_colour_and_the_keys_only_where_they_apply(
    drafted: Path,
) -> None:
    app = reader_of_file(drafted)
    app.animation_level = "none"
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        lines = screen_lines(app)
        assert any("?KYIV (Reuters) - Ukrainian forces" in line for line in lines)
        assert "> Review" in lines[-1]
    bundled = ReaderApp(load_article(bundled_article_path()))
    async with bundled.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert "Review" not in screen_lines(bundled)[-1]
        await pilot.press("a")  # no such key here: nothing happens, nothing is written
        assert "Accepted" not in status(bundled)


async def test_the_sidebar_marks_what_is_suggested_and_says_so_in_the_details(
    drafted: Path,
) -> None:
    app = reader_of_file(drafted)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        people = app.query_one("#people-list", OptionList)
        first = str(people.get_option("oleh-syniehubov").prompt)
        assert first.startswith("Oleh Syniehubov ?\n")
        await pilot.press("4")  # the quotes: each suggested one marked too
        quotes = app.query_one("#quotes-list", OptionList)
        await wait_until(lambda: quotes.highlighted is not None, "a quote highlighted")
        details = str(app.query_one(DetailsPane).content)
        assert "Suggested, not reviewed: made by draft" in details
    bundled = ReaderApp(load_article(bundled_article_path()))
    async with bundled.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        people = bundled.query_one("#people-list", OptionList)
        assert " ?" not in str(people.get_option("gaidai").prompt)


async def test_copying_a_suggested_speech_says_it_is_not_reviewed(drafted: Path) -> None:
    app = reader_of_file(drafted)
    copied: list[str] = []
    app.copy_to_clipboard = copied.append  # type: ignore[method-assign, assignment]
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("right_square_bracket", "y")
        await wait_until(lambda: copied, "the copy")
        assert copied[0].startswith("[suggested, not reviewed: the machine's attribution")


async def test_a_refused_decision_is_said_and_the_file_is_unchanged(drafted: Path) -> None:
    app = reader_of_file(drafted)
    before = drafted.read_text()
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        target = next(s for s in suggestions(app.article) if s.key == "oleh-syniehubov")
        app.main.reading = app.main.reading.reviewing(target)
        app.main.view.reveal(target.span)
        await pilot.pause()
        await wait_until(lambda: app.main.view.shows(target.span), "the suggestion in view")
        await pilot.press("x")
        await wait_until(lambda: "cannot reject person Oleh Syniehubov" in status(app), "refusal")
    assert drafted.read_text() == before
