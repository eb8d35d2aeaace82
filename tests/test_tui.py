"""The reader as a person uses it: keys pressed through Pilot, then what the screen shows."""

from __future__ import annotations

import html
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import (
    ARTICLE_YAML,
    matches_of,
    palette_hit,
    reader_of,
    ready,
    screen_lines,
    wait_until,
)
from rich.style import Style
from rich.text import Text
from textual.color import Color
from textual.pilot import Pilot
from textual.strip import Strip
from textual.widgets import Input, OptionList, Static, TabbedContent
from textual.widgets._toast import Toast  # where notices are drawn

from sievierodonetsk_reader.loader import load_article, parse_article
from sievierodonetsk_reader.model import Article, Entity, Span
from sievierodonetsk_reader.tui.app import ReaderApp
from sievierodonetsk_reader.tui.details import Details, DetailsPane, Wrapped
from sievierodonetsk_reader.tui.dialogs import ConfirmOverwrite, ExportDialog, HelpScreen
from sievierodonetsk_reader.tui.screen import ReaderScreen
from sievierodonetsk_reader.tui.sidebar import Sidebar

SIZES = [(120, 40), (60, 20)]


def status(app: ReaderApp) -> str:
    return str(app.query_one("#status", Static).content)


def screen_text(app: ReaderApp) -> str:
    """Everything on screen, as plain text (from the same SVG a snapshot is made of)."""
    svg = app.export_screenshot()
    runs = re.findall(r"<text [^>]*>([^<]*)</text>", svg)
    return html.unescape("".join(runs)).replace("\xa0", " ")


@pytest.fixture
def reader(article: Article) -> ReaderApp:
    return ReaderApp(article)


@pytest.mark.parametrize("size", SIZES)
async def test_opens_on_the_title_and_first_paragraph(
    reader: ReaderApp, size: tuple[int, int]
) -> None:
    async with reader.run_test(size=size) as pilot:
        await pilot.pause()
        shown = reader.main.view.visible_text()
        assert shown.splitlines()[0].startswith("Ukrainian troops ordered")
        assert "JAKARTA - Russian troops reportedly pushed back" in shown
        assert reader.sub_title.endswith("· 0%")
        assert reader.focused is reader.main.view


@pytest.mark.parametrize("size", SIZES)
async def test_scroll_keys_move_through_the_article(
    reader: ReaderApp, size: tuple[int, int]
) -> None:
    async with reader.run_test(size=size) as pilot:
        view = reader.main.view
        await pilot.press("j", "j")
        assert view.scroll_y == 2
        await pilot.press("k")
        assert view.scroll_y == 1
        page = view.scrollable_content_region.height - 2  # a page keeps two lines
        await pilot.press("space")
        assert view.scroll_y == 1 + page
        await pilot.press("b")
        assert view.scroll_y == 1
        await pilot.press("G")
        await pilot.pause()
        assert view.scroll_y == view.max_scroll_y
        assert "DigitalSiber.id" in view.visible_text()
        assert reader.sub_title.endswith("· 100%")
        # Drawn in the title bar too (where it fits), which changes without a new layout or a
        # repaint of the whole screen.
        title_bar = "events of 24 June 2022 · {}%" if size[0] >= 120 else ""
        await wait_until(lambda: title_bar.format(100) in screen_text(reader), "100% drawn")
        await pilot.press("g")
        assert view.scroll_y == 0
        await wait_until(lambda: title_bar.format(0) in screen_text(reader), "0% drawn")


@pytest.mark.parametrize("size", SIZES)
async def test_quote_keys_step_through_quotations(reader: ReaderApp, size: tuple[int, int]) -> None:
    async with reader.run_test(size=size) as pilot:
        await pilot.press("right_square_bracket")
        assert "Quote 1/5 - Serhiy Gaidai" in status(reader)
        assert "To remain in a position" in reader.main.view.visible_text()
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert "Quote 3/5 - Oleksiy Arestovych" in status(reader)
        assert "Now, for the first time" in reader.main.view.visible_text()
        await pilot.press("left_square_bracket")  # the words quoted inside reported speech
        assert "Quote 2/5 - Valeriy Zaluzhniy" in status(reader)
        assert reader.main.reading.quote is not None
        assert reader.main.reading.quote.text == "equivalent weapons"
        await pilot.press("left_square_bracket", "left_square_bracket")
        assert reader.main.reading.quote == reader.article.quotations[0]
        assert "No quotation before this one." in status(reader)


@pytest.mark.parametrize("size", SIZES)
async def test_speaker_keys_visit_every_speaker_reported_speech_included(
    reader: ReaderApp, size: tuple[int, int]
) -> None:
    async with reader.run_test(size=size) as pilot:
        visited: list[str] = []
        for _ in range(12):
            await pilot.press("right_curly_bracket")
            assert reader.main.reading.quote is not None
            if visited and reader.main.reading.quote.speaker == visited[-1]:
                break  # no speaker after the last one: it stays
            visited.append(reader.main.reading.quote.speaker)
        assert visited == [
            "ukrainian-officials",
            "gaidai",
            "kiselev",
            "zaluzhniy",
            "arestovych",
            "babchenko",
            "hirske-spokesman",
            "kuleba",
            "general-staff",
            "unnamed-reports",
        ]
        assert "No speaker after this one." in status(reader)
        assert reader.main.reading.quote is not None
        assert reader.main.reading.quote.speaker == "unnamed-reports"
        await pilot.press("left_curly_bracket")
        assert reader.main.reading.quote is not None
        assert reader.main.reading.quote.speaker == "general-staff"
        assert "Reported speech (not a quotation) - Gen" in status(reader)
        assert "Kherson" in reader.main.view.visible_text()  # ¶21 is on screen


async def test_speaker_keys_leave_a_speaker_from_inside_a_nested_quotation() -> None:
    article = load_article(ARTICLE_YAML)
    reader = ReaderApp(article)
    async with reader.run_test(size=(120, 40)) as pilot:
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert reader.main.reading.quote is not None and reader.main.reading.quote.nested
        await pilot.press("left_curly_bracket")  # not Zaluzhniy's own passage around it
        assert reader.main.reading.quote.speaker == "kiselev"
        await pilot.press("right_curly_bracket", "right_curly_bracket")
        assert reader.main.reading.quote.speaker == "arestovych"
        assert reader.main.reading.quote.paragraph == 13


async def test_current_quote_is_highlighted_on_screen(reader: ReaderApp) -> None:
    async with reader.run_test(size=(120, 40)) as pilot:
        await pilot.press("right_square_bracket")
        view = reader.main.view
        quote = reader.main.reading.quote
        assert quote is not None
        assert view.reading.quote == quote
        line = view.line_of(quote.paragraph, quote.start) - int(view.scroll_y)
        strip = view.render_line(line)
        plain = view.rich_style.bgcolor
        styled = [seg.text for seg in strip if seg.style and seg.style.bgcolor != plain]
        assert "".join(styled).startswith("To remain")


@pytest.mark.parametrize("size", SIZES)
async def test_choosing_a_person_selects_their_quotes_and_mentions(
    reader: ReaderApp, size: tuple[int, int]
) -> None:
    async with reader.run_test(size=size) as pilot:
        await ready(pilot)
        reader.main.select_entity("kuleba")
        await pilot.pause()
        # Kuleba: named in 19 and 20, a direct quote in 20 (19 is the reporter's words).
        assert len(reader.main.reading.items) == 3
        assert "Dmytro Kuleba: 1/3" in status(reader)
        assert "Dmytro Kuleba played down" in " ".join(reader.main.view.visible_text().split())
        await pilot.press("n")
        assert "Dmytro Kuleba: 2/3" in status(reader)
        await pilot.press("N", "N")
        assert "Dmytro Kuleba: 3/3" in status(reader)
        await pilot.press("escape")
        assert reader.main.reading.entity_id is None
        assert "Kuleba" not in status(reader)


async def test_sidebar_entry_shows_details_and_jumps(reader: ReaderApp) -> None:
    async with reader.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")  # places
        await pilot.pause()
        tabs = reader.query_one(TabbedContent)
        assert tabs.active == "places"
        places = reader.query_one("#places-list", OptionList)
        assert reader.focused is places
        index = places.get_option_index("lysychansk")
        places.highlighted = index
        await pilot.pause()
        details = str(reader.query_one(DetailsPane).content)
        assert "Lysychansk" in details and "48.9042°N" in details and "2 mentions" in details
        await pilot.press("enter")
        await pilot.pause()
        assert reader.main.reading.entity_id == "lysychansk"
        assert "the city of Lysychansk" in reader.main.view.visible_text()


async def test_dates_tab_is_a_timeline(reader: ReaderApp) -> None:
    async with reader.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await pilot.pause()
        dates = reader.query_one("#dates-list", OptionList)
        prompts = [str(dates.get_option_at_index(i).prompt) for i in range(dates.option_count)]
        assert [p.split()[0] for p in prompts] == [
            "1939/1945",
            "2014",
            "2022-02",
            "2022-05",
            "2022-05-09",
            "2022-06-24",
        ]
        assert "late February" in prompts[2]


async def test_quotes_tab_groups_by_speaker_and_jumps(reader: ReaderApp) -> None:
    async with reader.run_test(size=(120, 40)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        quotes = reader.query_one("#quotes-list", OptionList)
        prompts = [str(quotes.get_option_at_index(i).prompt) for i in range(quotes.option_count)]
        assert prompts.index("Dmytro Kuleba") < next(
            i for i, p in enumerate(prompts) if "Putin wants" in p
        )
        target = next(i for i, p in enumerate(prompts) if "Putin wants" in p)
        quotes.highlighted = target
        await pilot.press("enter")
        await pilot.pause()
        assert "Quote 5/5 - Dmytro Kuleba" in status(reader)
        await pilot.press("left_square_bracket")  # the open list follows the quote keys
        assert "Quote 4/5" in status(reader)
        highlighted = quotes.highlighted_option
        assert highlighted is not None and "There is a red" in str(highlighted.prompt)


@pytest.mark.parametrize("size", SIZES)
async def test_find_highlights_counts_and_moves(reader: ReaderApp, size: tuple[int, int]) -> None:
    async with reader.run_test(size=size) as pilot:
        await pilot.press("slash")
        assert isinstance(reader.focused, Input)
        await pilot.press(*"lysychansk")
        await pilot.pause()
        assert len(matches_of(reader.main.view)) == 2
        assert "1/2" in str(reader.query_one("#find-count", Static).content)
        await pilot.press("enter")  # next match, and back to the article for n / N
        assert reader.focused is reader.main.view  # type: ignore[comparison-overlap]
        assert "2/2" in status(reader)
        await pilot.press("n")
        assert "1/2" in status(reader)
        await pilot.press("N")
        assert "2/2" in status(reader)
        await pilot.press("escape")
        assert not reader.query_one("#find-bar").display
        assert matches_of(reader.main.view) == ()
        assert "Find" not in status(reader)


async def test_find_is_case_insensitive_and_says_when_nothing_matches(reader: ReaderApp) -> None:
    async with reader.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"RUSSIA")
        await pilot.pause()
        expected = sum(p.text.lower().count("russia") for p in reader.article.paragraphs)
        assert expected > 10
        assert len(matches_of(reader.main.view)) == expected
        await pilot.press("ctrl+a", "ctrl+k", *"zzz")
        await pilot.pause()
        assert "no matches" in status(reader)


@pytest.mark.parametrize("size", SIZES)
async def test_sidebar_toggles_and_hides_itself_when_narrow(
    reader: ReaderApp, size: tuple[int, int]
) -> None:
    async with reader.run_test(size=size) as pilot:
        await pilot.pause()
        sidebar = reader.query_one(Sidebar)
        wide = size[0] >= 80
        assert sidebar.display is wide
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert sidebar.display is not wide
        if not wide:  # brought up over the text, with the focus in it
            assert not reader.query_one("#reading").display
            assert reader.focused is not None and sidebar in reader.focused.ancestors
            await pilot.press("escape")
            await pilot.pause()
            assert not sidebar.display and reader.focused is reader.main.view
        await pilot.press("backslash")  # shown again: beside the text, or over it
        await pilot.pause()
        assert sidebar.display


async def test_tab_moves_focus_between_article_and_sidebar(reader: ReaderApp) -> None:
    async with reader.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert reader.focused is reader.main.view
        await pilot.press("tab")
        assert reader.focused is not None
        assert reader.query_one(Sidebar) in reader.focused.ancestors
        await pilot.press("shift+tab")
        assert reader.focused is reader.main.view


async def test_highlight_toggle(reader: ReaderApp) -> None:
    async with reader.run_test(size=(120, 40)) as pilot:
        assert reader.main.view.highlight_mentions
        assert reader.query_one("#legend").display
        await pilot.press("h")
        assert not reader.main.view.highlight_mentions
        assert not reader.query_one("#legend").display


async def test_export_dialog_writes_and_asks_before_overwriting(
    reader: ReaderApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    async with reader.run_test(size=(120, 40)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(reader.screen, ExportDialog)
        assert reader.screen.query_one(Input).value == "sievierodonetsk-withdrawal.md"
        await pilot.press("enter")
        await reader.workers.wait_for_complete()  # the file is written off the UI thread
        await pilot.pause()
        target = tmp_path / "sievierodonetsk-withdrawal.md"
        assert target.read_text().startswith("# Ukrainian troops")
        assert not isinstance(reader.screen, ExportDialog)
        assert any(str(target) in str(n.message) for n in reader._notifications)

        target.write_text("my notes")
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(reader.screen, ConfirmOverwrite)  # asks first
        assert "exists" in screen_text(reader)
        await pilot.press("enter")  # Enter alone answers "keep it"
        await pilot.pause()
        assert target.read_text() == "my notes"
        assert isinstance(reader.screen, ExportDialog)
        assert "Not exported" in str(reader.screen.query_one("#export-message").render())
        await pilot.press("escape")
        await pilot.pause()
        assert target.read_text() == "my notes"
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("enter", "y")
        await reader.workers.wait_for_complete()
        await pilot.pause()
        assert target.read_text().startswith("# Ukrainian troops")


@pytest.mark.parametrize("size", [(40, 12), (60, 20)])
async def test_the_overwrite_question_and_its_answers_fit_a_small_window(
    reader: ReaderApp, size: tuple[int, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sievierodonetsk-withdrawal.md").write_text("my notes")
    async with reader.run_test(size=size) as pilot:
        await pilot.press("e")
        await pilot.pause()
        shown = screen_text(reader)
        assert "Export" in shown and "Cancel" in shown
        await pilot.press("enter")
        await pilot.pause()
        shown = screen_text(reader)
        for words in ("Overwrite the file?", "exists", "Overwrite (y)", "Keep it (n)"):
            assert words in shown, (words, shown)


async def test_copy_quote_with_attribution(reader: ReaderApp) -> None:
    copied: list[str] = []
    reader.copy_to_clipboard = copied.append  # type: ignore[method-assign, assignment]
    async with reader.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("y")  # no quote chosen: the first speech on screen, marked
        first = reader.article.passages[0]
        assert reader.main.reading.quote == first and first.text in copied.pop()
        await pilot.press("G", "y")  # one out of view is not copied: the screen's is
        quote = reader.main.reading.quote
        assert quote is not None and quote.paragraph > 15
        assert f"¶{quote.paragraph}, machine-translated" in copied.pop()
        await pilot.press("g", "right_square_bracket", "y")  # ] starts from the window too
        assert copied[0] == (
            "“To remain in a position of being blown to pieces for months to stay there is "
            "absurd” - Serhiy Gaidai, the governor of the Luhansk region\n"
            "(direct quote, on Ukrainian television; "
            "VOI, https://voi.id/en/news/183042, ¶6, machine-translated from Indonesian)"
        )
        assert "Copied direct quote by Serhiy Gaidai, ¶6, with its source." in status(reader)


async def test_copying_reported_speech_never_puts_it_in_quotation_marks(
    reader: ReaderApp,
) -> None:
    copied: list[str] = []
    reader.copy_to_clipboard = copied.append  # type: ignore[method-assign, assignment]
    async with reader.run_test(size=(120, 40)) as pilot:
        await pilot.press("right_curly_bracket", "right_curly_bracket", "y")
        words = "Ukrainian troops in Sievierodonetsk had been ordered to move elsewhere"
        assert copied[0] == (
            "Reported speech (the reporter's words, not a quotation), attributed to "
            f"Serhiy Gaidai, the governor of the Luhansk region: {words}\n"
            "(VOI, https://voi.id/en/news/183042, ¶5, machine-translated from Indonesian)\n"
            "(Editor's note: The text gives no channel for this passage; the next paragraph's "
            "quotation by Gaidai was said on Ukrainian television, and this may be from the "
            "same appearance.)"
        )
        assert not any(mark + words in copied[0] for mark in "“\"'")
        assert "Copied reported speech by Serhiy Gaidai, ¶5" in status(reader)


# Keys Textual names but has no character for (ctrl+b, f1 are shown as they are named).
TYPED = {"slash": "/", "plus": "+", "minus": "-", "backslash": "\\", "escape": "escape"}


def help_key_column(help_screen: HelpScreen) -> set[str]:
    """The keys named in the help's left column, as the help draws them at 100 columns."""
    from rich.console import Console

    console = Console(width=100, record=True, file=io.StringIO())
    console.print(help_screen.query_one("#help-keys", Static).content)
    keys: set[str] = set()
    for line in console.export_text().splitlines():
        cells = re.split(r"\s{2,}", line.strip())  # keys, two spaces, what they do
        if len(cells) >= 2:
            keys |= {key.lower() for key in re.split(r" / | or |\s", cells[0]) if key}
    return keys


async def test_help_screen_lists_every_key(reader: ReaderApp) -> None:
    from textual.binding import Binding
    from textual.keys import key_to_character

    from sievierodonetsk_reader.tui.keys import READER_BINDINGS

    async with reader.run_test(size=(120, 80)) as pilot:  # tall enough for the whole list
        await ready(pilot)
        await pilot.press("question_mark")
        await wait_until(lambda: isinstance(reader.screen, HelpScreen), "the help")
        await pilot.pause()
        assert isinstance(reader.screen, HelpScreen)
        listed = help_key_column(reader.screen)
        # Every key of the reading screen, as a person types it ("]" for right_square_bracket).
        for binding in READER_BINDINGS:
            assert isinstance(binding, Binding)
            for key in binding.key.split(","):
                typed = (TYPED.get(key) or key_to_character(key) or key).lower()
                assert typed in listed, f"{key} ({binding.description}) is not in the help"
        assert "reported speech included" in screen_text(reader)
        await pilot.press("escape")
        assert not isinstance(reader.screen, HelpScreen)
        await pilot.press("f1")
        assert isinstance(reader.screen, HelpScreen)


@pytest.mark.parametrize("size", [(40, 12), (60, 20), (120, 40)])
async def test_the_help_reads_whole_in_a_narrow_window(
    reader: ReaderApp, size: tuple[int, int]
) -> None:
    """Every key and what it does, in words that are not cut: at 40 columns the keys' column
    left the descriptions five cells ("scr…", "a", "line")."""
    from textual.geometry import Region

    from sievierodonetsk_reader.tui.help_keys import KEYS

    async with reader.run_test(size=size) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        await wait_until(lambda: isinstance(reader.screen, HelpScreen), "the help")
        keys = reader.screen.query_one("#help-keys", Static)
        await wait_until(lambda: keys.size.width > 0, "the help laid out")
        drawn = keys.render_lines(Region(0, 0, keys.size.width, keys.size.height))
        lines = [strip.text.rstrip() for strip in drawn]
        assert all(len(line) <= keys.size.width for line in lines)
        assert "…" not in "".join(lines)
        words = " ".join(" ".join(lines).split())
        for _, rows in KEYS:
            for row in rows:
                assert row.does in words, row.does
                assert row.keys_in_force(reader.keymap_in_force) in words, row.does


@pytest.mark.parametrize(
    ("query", "expected", "selection", "shown"),
    [
        ("speaker kuleba", "Go to speaker: Dmytro Kuleba", "kuleba", "Dmytro Kuleba: 1/3"),
        ("place lysychansk", "Go to place: Lysychansk", "lysychansk", "Lysychansk: 1/2"),
        ("date late feb", "Go to date: late February", "invasion-began", "late February: 1/1"),
        ("quote 5", "Go to quote 5: Dmytro Kuleba", None, "Quote 5/5 - Dmytro Kuleba"),
    ],
)
async def test_palette_goes_to_speakers_places_dates_and_quotes(
    reader: ReaderApp, query: str, expected: str, selection: str | None, shown: str
) -> None:
    async with reader.run_test(size=(120, 40)) as pilot:
        await palette_hit(pilot, query, expected)
        await pilot.press("enter")
        await pilot.pause()
        assert reader.main.reading.entity_id == selection
        assert shown in status(reader)


async def test_clicking_a_name_selects_that_person(reader: ReaderApp) -> None:
    async with reader.run_test(size=(120, 40)) as pilot:
        view = reader.main.view
        mention = reader.article.mentions_of("gaidai")[0]
        name = reader.article.paragraphs[mention.paragraph - 1].text[mention.start : mention.end]
        x, y = cell_of_word(reader, mention.paragraph, name)
        await pilot.click(view, offset=(x + 1, y))
        await pilot.pause()
        assert reader.main.reading.entity_id == "gaidai"


async def test_a_sidebar_hidden_in_a_wide_window_still_comes_up_when_the_window_narrows(
    reader: ReaderApp,
) -> None:
    """Hiding the sidebar of a wide window and the narrow window's overlay are two states:
    the one does not keep the other from showing, nor outlive it."""
    async with reader.run_test(size=(120, 40)) as pilot:
        sidebar, text = reader.main.sidebar, reader.query_one("#reading")
        await wait_until(lambda: sidebar.region.width > 0, "the sidebar beside the text")
        await pilot.press("ctrl+b")
        await wait_until(lambda: not sidebar.display, "the sidebar hidden")
        await pilot.resize_terminal(60, 20)
        await pilot.press("ctrl+b")  # over the text, the text out of the way
        await wait_until(lambda: sidebar.region.width > 0, "the overlay")
        assert not text.display
        await pilot.press("escape")
        await wait_until(lambda: text.region.width == 60, "the text again, the whole width")
        assert not sidebar.display
        await pilot.press("ctrl+b")  # up again, then the window widens under it
        await wait_until(lambda: sidebar.region.width > 0, "the overlay again")
        await pilot.resize_terminal(120, 40)
        # Hidden still, as the reader left it in the wide window: the text has it all.
        await wait_until(lambda: text.region.width == 120, "the text, the whole width")
        assert not sidebar.display and sidebar.region.width == 0
        await pilot.press("ctrl+b")
        await wait_until(lambda: sidebar.region.width > 0, "the sidebar beside the text")
        assert 0 < text.region.width < 120


async def test_the_sidebar_hidden_and_shown_again_leaves_the_text_as_it_was(
    reader: ReaderApp,
) -> None:
    """Back where it started, to the line: the text neither creeps up a line or two at each
    toggle (to the start of the line that held the top words at the other width), nor is it
    drawn from the lines the view keeps for the other width (a new theme draws them anew)."""
    async with reader.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"j" * 12)  # into the text, past the title's lines
        screens = []
        for toggle in range(4):  # hidden, shown again, hidden again, shown again
            await pilot.press("ctrl+b")

            def toggled(shown: bool = toggle % 2 == 1) -> bool:
                return reader.main.sidebar.display is shown

            await wait_until(toggled, "the sidebar")
            await pilot.pause()
            screens.append(screen_text(reader))
            theme = reader.theme
            reader.theme = "textual-light" if theme != "textual-light" else "textual-dark"
            await pilot.pause()
            assert screen_text(reader) == screens[-1]  # the same words, in the same cells
            reader.theme = theme
        assert "Sievierodonetsk" in screens[0] and screens[0] != screens[1]
        assert screens[2] == screens[0]
        assert screens[3] == screens[1]


async def test_quit(reader: ReaderApp) -> None:
    async with reader.run_test(size=(120, 40)) as pilot:
        await pilot.press("q")
        assert not reader.is_running


async def test_a_40_by_12_window_still_reads(reader: ReaderApp) -> None:
    async with reader.run_test(size=(40, 12)) as pilot:
        await ready(pilot)
        view = reader.main.view
        assert view.outer_size.width == 40  # the sidebar is out of the way: the text has it all
        assert "JAKARTA - Russian troops" in view.visible_text()
        assert all(len(line) <= 40 for line in view.visible_text().splitlines())
        await pilot.press("j", "right_square_bracket")
        assert "Quote 1/5 - Serhiy Gaidai" in status(reader)
        assert "To remain in a position" in view.visible_text()
        await pilot.press("ctrl+b")  # the sidebar comes over the text, and takes the keys
        await wait_until(lambda: reader.main.sidebar.has_focus_within, "the sidebar's keys")
        assert reader.main.sidebar.region.width > 0
        await pilot.press("escape")
        assert reader.focused is view and not reader.main.workspace.sidebar_open
        await pilot.press("question_mark")
        assert isinstance(reader.screen, HelpScreen)
        assert "Keys" in screen_text(reader)
        await pilot.press("escape", "G")
        assert "DigitalSiber.id" in view.visible_text()
        assert reader.sub_title.endswith("· 100%")


HOSTILE = """
article:
  id: hostile
  title: "[bold red]Title[/]"
  dateline: "[@click=app.quit]X[/]"
  language: en
  reference_date: 2022-06-24
paragraphs:
  - "[bold red]x[/] and [@click=app.quit]y[/] and \\t[red]"
  - - "Said "
    - {kind: direct, speaker: mallory, text: "[@click=app.quit]quit[/]"}
people:
  - id: mallory
    name: "[b]Mallory[/b]"
    role: "[@click=app.bell]role[/]"
    forms: ["[bold red]x[/]"]
"""


async def test_article_text_is_never_markup() -> None:
    article = parse_article(HOSTILE, "hostile.yaml")
    reader = ReaderApp(article)
    async with reader.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        shown = reader.main.view.visible_text()
        assert "[bold red]x[/] and [@click=app.quit]y[/]" in shown
        assert "␉[red]" in shown  # a tab, the one control a field may hold, is shown
        assert "[bold red]Title[/]" in shown
        await pilot.click(reader.main.view, offset=(6, 5))
        await pilot.press("right_square_bracket")
        assert reader.is_running
        assert "[b]Mallory[/b]" in status(reader)
        await pilot.press("1")
        await pilot.pause()
        people = reader.query_one("#people-list", OptionList)
        assert "[b]Mallory[/b]" in str(people.get_option_at_index(0).prompt)
        hit = await palette_hit(pilot, "Mallory", "Mallory")
        assert "[b]Mallory[/b]" in hit
        assert reader.is_running


@pytest.mark.parametrize("first", ["5", "3"])
async def test_a_tab_key_in_a_narrow_window_brings_that_tab_up_whatever_tab_was_open(
    reader: ReaderApp, first: str
) -> None:
    """In a window that had narrowed with the map's tab open, `2` brought the overlay up on
    the map with the keys nowhere: the overlay first gave the keys to the tab it had open,
    and that focus, arriving after the one for Places, took the tab back to the map."""
    async with reader.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press(first)
        sidebar = reader.main.sidebar
        await wait_until(lambda: sidebar.has_focus_within, "the keys in the sidebar")
        await pilot.resize_terminal(60, 20)
        await wait_until(lambda: not sidebar.display, "the sidebar out of the narrow window")
        await pilot.press("2")
        places = sidebar.list_of("places")
        await wait_until(lambda: reader.main.focused is places, "the keys in the Places list")
        await pilot.pause()
        assert sidebar.active_tab == "places" and reader.main.focused is places
        assert "In the sidebar" in screen_lines(reader)[-2]


async def test_narrow_window_sidebar_overlay_closes_on_choosing(reader: ReaderApp) -> None:
    async with reader.run_test(size=(60, 20)) as pilot:
        await pilot.press("2")  # places, brought up over the text
        await pilot.pause()
        sidebar = reader.query_one(Sidebar)
        assert sidebar.display and not reader.query_one("#reading").display
        places = reader.query_one("#places-list", OptionList)
        places.highlighted = places.get_option_index("mariupol")
        await pilot.press("enter")
        await pilot.pause()
        assert not sidebar.display and reader.query_one("#reading").display
        assert reader.focused is reader.main.view
        assert reader.main.reading.entity_id == "mariupol"
        assert "Mariupol" in reader.main.view.visible_text()
        assert "Mariupol: 1/1" in status(reader)


async def test_resizing_below_80_columns_moves_focus_out_of_the_hidden_sidebar(
    reader: ReaderApp,
) -> None:
    async with reader.run_test(size=(120, 40)) as pilot:
        await pilot.press("1")
        await pilot.pause()
        sidebar = reader.query_one(Sidebar)
        assert reader.focused is not None and sidebar in reader.focused.ancestors
        await pilot.resize_terminal(70, 30)
        await pilot.pause()
        assert not sidebar.display
        assert reader.focused is reader.main.view
        await pilot.press("j")  # keys reach the article again
        assert reader.main.view.scroll_y == 1


@pytest.mark.parametrize("new_size", [(79, 24), (120, 40), (50, 16)])
async def test_resizing_keeps_the_reading_position(
    reader: ReaderApp, new_size: tuple[int, int]
) -> None:
    async with reader.run_test(size=(80, 24)) as pilot:
        await pilot.press("right_square_bracket", "right_square_bracket", "right_square_bracket")
        assert "Now, for the first time" in reader.main.view.visible_text()
        await pilot.resize_terminal(*new_size)
        await pilot.pause()
        await pilot.pause()
        assert "Quote 3/5" in status(reader)
        assert "for the first time" in reader.main.view.visible_text()


# -- where features meet ----------------------------------------------------------------------
async def test_n_marks_and_shows_the_current_item_of_a_selection(reader: ReaderApp) -> None:
    async with reader.run_test(size=(120, 40)) as pilot:
        main = reader.main
        main.select_entity("arestovych")  # named in ¶13 and ¶14, speaking in ¶13 to ¶16
        await pilot.pause()
        assert main.view.reading.current_item == main.reading.items[0]
        await pilot.press("G", "n", "n", "n")
        await pilot.pause()
        item = main.reading.items[3]
        assert main.view.reading.current_item == item
        line = main.view.line_of(item.paragraph, item.start)
        assert main.view.scroll_y <= line < main.view.scroll_y + main.view.size.height
        strip = main.view.render_line(line - int(main.view.scroll_y))
        marked = main.view.get_component_rich_style("article--current-item").bgcolor
        assert any(seg.style and seg.style.bgcolor == marked for seg in strip)


async def test_the_selection_survives_the_palette_and_the_find_bar(reader: ReaderApp) -> None:
    async with reader.run_test(size=(120, 40)) as pilot:
        reader.main.select_entity("hirske")
        await pilot.pause()
        await pilot.press("ctrl+p", "escape")
        await pilot.pause()
        assert reader.main.reading.entity_id == "hirske"
        await pilot.press("slash", *"kiev")
        await pilot.pause()
        assert reader.main.reading.entity_id == "hirske"
        await pilot.press("escape")  # closes find; the selection stays
        assert reader.main.reading.entity_id == "hirske"
        await pilot.press("escape")  # then the selection goes
        assert reader.main.reading.entity_id is None


@pytest.mark.parametrize("key", ["4", "ctrl+b"])
async def test_the_narrow_overlay_comes_up_without_restyling_what_the_workspace_holds(
    reader: ReaderApp, monkeypatch: pytest.MonkeyPatch, key: str
) -> None:
    """The overlay came by a class on the workspace, which restyled everything in it, the
    sidebar's six tabs and the text included (15 ms of each narrow tab key, at any size).
    Only what takes or gives up the keys (and says where they are) is restyled now."""
    from textual.css.stylesheet import Stylesheet

    restyled: list[object] = []
    update_nodes = Stylesheet.update_nodes

    def noted(stylesheet: Stylesheet, nodes: Any, animate: bool = False) -> None:
        nodes = list(nodes)
        restyled.extend(nodes)
        update_nodes(stylesheet, nodes, animate)

    monkeypatch.setattr(Stylesheet, "update_nodes", noted)
    async with reader.run_test(size=(60, 20)) as pilot:
        await ready(pilot)
        sidebar = reader.main.sidebar
        await pilot.press("f12")
        await pilot.pause()
        restyled.clear()
        await pilot.press(key)
        await wait_until(lambda: sidebar.region.width > 0, "the overlay")
        await pilot.pause()
        assert not reader.query_one("#reading").display
        assert sidebar.region.width == 60  # over the text, the whole window (it took 44)
        assert reader.main.workspace not in restyled
        assert len(restyled) <= 6  # the text, the list, the two tabs' names, the edge
        listed = sidebar.active_list
        assert listed is not None and reader.focused is listed
        others = [sidebar.list_of(tab) for tab in ("people", "places", "dates", "sources")]
        assert not {id(node) for node in others if node is not listed} & set(map(id, restyled))
        await pilot.press("escape")  # and down again: the text, the whole width
        await wait_until(lambda: reader.main.view.region.width > 0, "the text")
        assert reader.main.workspace not in restyled
        assert not sidebar.display


async def test_the_narrow_overlay_open_as_the_window_widens_gives_way_in_the_first_frame(
    reader: ReaderApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The overlay belongs to narrow windows: widened under it, the window's first frame
    shows the text beside the sidebar, not the overlay stretched across it (nor, as Textual
    lays a screen out at its new size before it gives it that size's classes, the text
    without the sidebar)."""
    from textual.screen import Screen

    frames: list[tuple[int, int]] = []  # the text's and the sidebar's widths in each frame
    draw = Screen._compositor_refresh

    def noted(screen: Screen[Any]) -> None:
        draw(screen)
        if screen is reader.main and reader.size.width == 120:
            text, sidebar = reader.query_one("#reading"), reader.main.sidebar
            widths = (text.region.width if text.display else 0, sidebar.region.width)
            frames.append(widths)

    monkeypatch.setattr(Screen, "_compositor_refresh", noted)
    async with reader.run_test(size=(60, 20)) as pilot:
        await ready(pilot)
        sidebar = reader.main.sidebar
        await pilot.press("2")
        await wait_until(lambda: sidebar.region.width > 0, "the overlay")
        await pilot.resize_terminal(120, 40)
        await wait_until(lambda: bool(frames), "a frame at the new width")
        await pilot.pause()
        text, beside = frames[0]
        assert text > 60 and 0 < beside < 60, frames
        assert not reader.main.workspace.sidebar_open


async def test_find_in_a_narrow_window_closes_the_sidebar_overlay_first(
    reader: ReaderApp,
) -> None:
    async with reader.run_test(size=(60, 20)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        assert reader.main.workspace.sidebar_open
        await pilot.press("slash")
        await pilot.pause()
        assert not reader.main.workspace.sidebar_open
        field = reader.query_one("#find-input", Input)
        assert reader.focused is field and field.size.width > 10


async def test_tab_lands_on_the_list_and_escape_returns_to_the_text(reader: ReaderApp) -> None:
    async with reader.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("tab")
        await pilot.pause()
        assert isinstance(reader.focused, OptionList)
        await pilot.press("2", "escape")
        await pilot.pause()
        assert reader.focused is reader.main.view  # type: ignore[comparison-overlap]
        await pilot.press("j")
        assert reader.main.view.scroll_y == 1


@pytest.mark.parametrize("size", [(120, 40), (60, 20), (40, 12)])
async def test_the_reading_position_is_always_in_the_status_line(
    reader: ReaderApp, size: tuple[int, int]
) -> None:
    async with reader.run_test(size=size) as pilot:
        await pilot.pause()
        assert status(reader).rstrip().endswith("¶ 1/25 · 0%")
        reader.main.select_entity("kuleba")  # a long status: the position stays
        await pilot.press("G")
        await pilot.pause()
        position = re.search(r"¶ (\d+)/25 · 100%$", status(reader).rstrip())
        assert position is not None and int(position.group(1)) > 15  # the paragraph at the top


async def test_an_empty_tab_says_it_is_empty() -> None:
    article = load_article(Path(__file__).parent / "good_mini.yaml")  # no places
    reader = ReaderApp(article)
    async with reader.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        places = reader.query_one("#places-list", OptionList)
        assert "This article names no places." in str(places.get_option_at_index(0).prompt)


def pane_lines(app: ReaderApp) -> list[str]:
    """The lines the details pane shows on screen, inside its padding and scroll bar."""
    pane = app.query_one(DetailsPane)
    region = pane.scrollable_content_region
    rows = screen_lines(app)[region.y : region.bottom]
    return [row[region.x : region.right].rstrip() for row in rows]


async def test_the_details_of_a_much_named_place_scroll(reader: ReaderApp) -> None:
    async with reader.run_test(size=(120, 30)) as pilot:
        await ready(pilot)
        reader.main.select_entity("russia")  # named in nine paragraphs
        pane = reader.query_one(DetailsPane)
        # Laid out on a later refresh.
        await wait_until(lambda: pane.max_scroll_y > 0, "the details to overflow")
        await pilot.pause()
        assert pane_lines(reader)[0] == "Russia"
        pane.scroll_end(animate=False, immediate=True)
        await pilot.pause()
        assert pane_lines(reader)[-1] == "https://voi.id/en/news/183042"  # the source's end
        assert pane_lines(reader)[0] != "Russia"  # its name scrolled away


async def test_the_details_scroll_bar_comes_and_goes_with_their_length(reader: ReaderApp) -> None:
    """Long details scroll to their end, short ones after them have no scroll bar left, and
    each is wrapped to the columns the bar leaves."""
    async with reader.run_test(size=(120, 70)) as pilot:  # details 20 lines high
        await ready(pilot)
        pane = reader.query_one(DetailsPane)
        for entity, long in (("luhansk-region", True), ("kyiv", False), ("luhansk-region", True)):
            reader.main.select_entity(entity)

            def fitted(long: bool = long) -> bool:
                return pane.show_vertical_scrollbar == long and (pane.max_scroll_y > 0) == long

            await wait_until(fitted, f"{entity}'s details, scroll bar {'on' if long else 'off'}")
            await pilot.pause()
            room = pane.scrollable_content_region.width
            assert pane.size.width - room == (2 if long else 0)  # the scroll bar's columns
            shown = pane_lines(reader)
            assert shown[0] == reader.main.article.entity(entity).name  # from the top
            assert max(len(line) for line in shown) <= room
            # Scrolled to the end, the last words of these details are on the pane's last line
            # (long ones), or on their last line above blank ones (short ones).
            pane.scroll_end(animate=False, immediate=True)
            await pilot.pause()
            shown = pane_lines(reader)
            filled = [line for line in shown if line]
            assert filled[-1].endswith(str(pane.content).split()[-1]), entity
            assert (shown[-1] == filled[-1]) == long, entity


async def test_a_tabs_first_details_are_made_before_its_key_and_kept_for_a_return(
    reader: ReaderApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[str] = []
    entity_details = Sidebar._entity_details

    def noted(sidebar: Sidebar, entity: Entity) -> Text:
        made.append(entity.id)
        return entity_details(sidebar, entity)

    monkeypatch.setattr(Sidebar, "_entity_details", noted)
    wrapped: list[int] = []  # the widths details were wrapped to
    wrap = Details.wrapped

    def wrapped_noted(details: Details, width: int) -> Wrapped:
        if width not in details.wraps:
            wrapped.append(width)
        return wrap(details, width)

    monkeypatch.setattr(Details, "wrapped", wrapped_noted)
    places = reader.article.places
    async with reader.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await wait_until(lambda: places[0].id in made, "the first place's details, ahead")
        sidebar = reader.main.sidebar
        await wait_until(lambda: sidebar.lists_wrapped_ahead, "the tabs made in a pause")
        made.clear()
        wrapped.clear()
        await pilot.press("2")
        await pilot.pause()
        pane = reader.query_one(DetailsPane)
        assert pane_lines(reader)[0] == places[0].name
        assert made == [] and wrapped == []  # shown as made and wrapped before the key
        await pilot.press("j", "k")  # the next place, and back
        await pilot.pause()
        assert pane_lines(reader)[0] == places[0].name
        assert made == [places[1].id]  # the first one's were kept
        assert str(pane.content).startswith(places[0].name)


async def test_the_details_are_drawn_again_in_a_new_theme(reader: ReaderApp) -> None:
    async with reader.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        reader.main.select_entity("lysychansk")
        pane = reader.query_one(DetailsPane)
        await wait_until(lambda: "Lysychansk" in "".join(pane_lines(reader)), "its details")

        def background() -> object:
            strip = pane.render_line(0)  # as the compositor asks for it
            return next(iter(strip)).style.bgcolor  # type: ignore[union-attr]

        before = background()
        reader.theme = "textual-light" if reader.theme != "textual-light" else "textual-dark"
        await pilot.pause()
        assert background() != before
        assert background() == pane.rich_style.bgcolor


async def test_text_selected_across_wrapped_details_is_copied_as_written(
    reader: ReaderApp,
) -> None:
    async with reader.run_test(size=(120, 70)) as pilot:
        await ready(pilot)
        reader.main.select_entity("luhansk-region")  # an editor's note of six lines
        pane = reader.query_one(DetailsPane)
        await wait_until(lambda: "Editor's note" in "".join(pane_lines(reader)), "the note")
        row = next(n for n, line in enumerate(pane_lines(reader)) if line.startswith("Editor"))
        inside = pane.scrollable_content_region.offset - pane.region.offset
        await pilot.mouse_down(pane, offset=(inside.x, inside.y + row))
        await pilot.hover(pane, offset=(inside.x + 30, inside.y + row + 2))
        await pilot.mouse_up(pane, offset=(inside.x + 30, inside.y + row + 2))
        await pilot.pause()
        selected = reader.screen.get_selected_text()
        # Three lines on screen, one sentence in the copy: a space where each line wrapped.
        assert selected is not None
        assert selected.startswith(
            "Editor's note: Luhansk, the de jure administrative centre, has been held by"
        )
        assert "\n" not in selected


async def test_find_names_an_entity_the_text_spells_otherwise(reader: ReaderApp) -> None:
    async with reader.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"kyiv")
        await pilot.pause()
        count = str(reader.query_one("#find-count", Static).content)
        assert count == "Kyiv - named “Kiev” in the text: 1 mention (Enter selects it)"
        await pilot.press("enter")
        await pilot.pause()
        assert reader.main.reading.entity_id == "kyiv"
        assert "Kyiv: 1/1" in status(reader)


async def test_find_keeps_the_last_query_and_says_when_it_wraps(reader: ReaderApp) -> None:
    async with reader.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"lysychansk", "enter")  # 2 matches; Enter goes to the 2nd
        await pilot.pause()
        assert "Find “lysychansk”: 2/2" in status(reader)
        await pilot.press("n")
        assert "Wrapped to the top." in status(reader) and "1/2" in status(reader)
        await pilot.press("escape")
        await pilot.pause()
        assert "Find" not in status(reader)
        await pilot.press("n")  # the last search again, without the bar
        await pilot.pause()
        assert "Find “lysychansk”" in status(reader)
        await pilot.press("escape", "slash")
        await pilot.pause()
        assert reader.query_one("#find-input", Input).value == "lysychansk"


async def test_details_list_forty_snippets_and_count_the_rest() -> None:
    text = (
        "article: {id: a, title: T, dateline: D, language: en, reference_date: 2022-06-24}\n"
        f"paragraphs: ['{' '.join(['Al'] * 300)}']\n"
        "people: [{id: al, name: Al, forms: [Al]}]\n"
    )
    reader = ReaderApp(parse_article(text, "many.yaml"))
    async with reader.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        reader.main.select_entity("al")
        await pilot.pause()
        details = str(reader.query_one(DetailsPane).content)
        assert details.count("¶1 ") == 40
        assert "… and 260 more: Enter selects them, n / N steps through" in details


async def test_quote_entries_keep_their_paragraph_apart_from_their_kind_past_paragraph_99() -> None:
    """At 100x and 5 MB the Quotes tab read "¶123reported": the number had room for two
    digits."""
    lines = [
        "article: {id: a, title: T, dateline: D, language: en, reference_date: 2022-06-24}",
        "people: [{id: al, name: Al, forms: [Al]}]",
        "paragraphs:",
        *["  - Nothing said here." for _ in range(120)],
        "  - - 'Al said '",
        "    - {kind: reported, speaker: al, text: it was late}",
        "    - '.'",
    ]
    reader = ReaderApp(parse_article("\n".join(lines) + "\n", "long.yaml"))
    async with reader.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("4")
        await wait_until(lambda: reader.main.sidebar.active_tab == "quotes", "the Quotes tab")
        await pilot.pause()
        assert any("¶121 reported it was late" in line for line in screen_lines(reader))


async def test_no_line_is_drawn_wider_than_a_tiny_window(reader: ReaderApp) -> None:
    async with reader.run_test(size=(12, 8)) as pilot:
        await pilot.pause()
        view = reader.main.view
        width = view.scrollable_content_region.width
        assert view.virtual_size.width <= width  # nothing to scroll sideways
        for y in range(view.scrollable_content_region.height):
            assert view.render_line(y).cell_length <= width


def cell_of_word(app: ReaderApp, paragraph: int, word: str) -> tuple[int, int]:
    """Where in the article view (x, y) the first letter of `word` is drawn."""
    view = app.main.view
    text = app.main.article.paragraphs[paragraph - 1].text
    line = view.line_of(paragraph, text.index(word))
    if not view.scroll_y <= line < view.scroll_y + view.scrollable_content_region.height:
        view.scroll_to(y=line, animate=False, immediate=True)
    row = line - int(view.scroll_y)
    drawn = "".join(segment.text for segment in view.render_line(row))
    return view.styles.gutter.left + drawn.index(word), view.styles.gutter.top + row


def style_of_word(app: ReaderApp, paragraph: int, word: str) -> Style:
    """The style (colours left out) the article view draws the first letter of `word` in."""
    view = app.main.view
    x, y = cell_of_word(app, paragraph, word)
    column = x - view.styles.gutter.left
    for segment in view.render_line(y - view.styles.gutter.top):
        if column < len(segment.text):
            return (segment.style or Style()).without_color
        column -= len(segment.text)
    raise AssertionError(f"{word!r} is not drawn")


async def test_each_kind_of_mention_looks_different_without_colour(
    article: Article, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    reader = ReaderApp(article)
    async with reader.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        looks = {
            "plain": style_of_word(reader, 9, "official"),
            "person": style_of_word(reader, 9, "Kiselev"),
            "place": style_of_word(reader, 9, "Russia"),
            "date": style_of_word(reader, 4, "February"),
            "organisation": style_of_word(reader, 9, "TASS"),
        }
        assert len(set(looks.values())) == len(looks), looks
        # Inside reported speech (underlined) a place still differs from the speech around it.
        reported = style_of_word(reader, 9, "Lysychansk")
        assert reported != style_of_word(reader, 9, "completely")
        assert reported.underline2 or reported.bold or reported.overline or reported.dim
        # The legend draws each label as the text draws that kind of mention.
        legend = reader.query_one("#legend").render_line(0)
        shown = "".join(segment.text for segment in legend)
        assert shown.lstrip().startswith("Mentions:")
        for label in ("person", "place", "date", "organisation"):
            column = shown.index(f" {label}") + 1
            for segment in legend:
                if column < len(segment.text):
                    assert (segment.style or Style()).without_color == looks[label], label
                    break
                column -= len(segment.text)


@pytest.mark.parametrize("size", SIZES)
async def test_find_searches_the_headline_and_dateline_shown_above_the_text(
    reader: ReaderApp, size: tuple[int, int]
) -> None:
    async with reader.run_test(size=size) as pilot:
        await pilot.press("slash", *"sievierodonetsk")
        await pilot.pause()
        view = reader.main.view
        assert view.reading.current_match == matches_of(view)[0]
        assert view.reading.current_match.paragraph == 0  # the headline's, the first on screen
        await pilot.press("ctrl+a", "ctrl+k", *"withdraw from")
        await pilot.pause()
        assert matches_of(view), "the headline says 'ordered to withdraw from Sievierodonetsk'"
        assert view.reading.current_match == matches_of(view)[0]
        assert view.reading.current_match.paragraph == 0  # above the first paragraph
        title = view.render_line(0)
        marked = view.get_component_rich_style("article--current-match").bgcolor
        drawn = "".join(seg.text for seg in title if seg.style and seg.style.bgcolor == marked)
        assert drawn.lower() == "withdraw from"
        # The dateline is found too, and a header match is brought back into view.
        await pilot.press("escape", "G", "slash", "ctrl+a", "ctrl+k", *"events of friday")
        await pilot.pause()
        assert [span.paragraph for span in matches_of(view)] == [0]
        assert view.scroll_y == 0
        assert "1/1" in status(reader)


@pytest.mark.parametrize("size", [(120, 40), (60, 20), (40, 12)])
async def test_a_notice_covers_neither_the_status_line_nor_the_find_bar(
    article: Article, size: tuple[int, int]
) -> None:
    reader = ReaderApp(article)
    async with reader.run_test(size=size, notifications=True) as pilot:
        await pilot.press("slash", *"lysychansk")
        reader.main.view.focus()
        reader.notify("Mention marks off.", timeout=5)
        await wait_until(lambda: list(reader.screen.query(Toast)), "the notice")
        toasts = list(reader.screen.query(Toast))
        assert toasts and "marks off" in str(toasts[0].render())
        for toast in toasts:
            for needed in ("#status", "#find-bar"):
                assert not toast.region.overlaps(reader.query_one(needed).region), needed


async def test_the_footer_shows_its_keys_before_the_reader_has_the_focus(
    reader: ReaderApp,
) -> None:
    from textual.widgets._footer import FooterKey

    # A browser tab before its first click: the app does not have the keyboard's focus.
    async with reader.run_test(size=(120, 40)) as pilot:
        reader.app_focus = False
        await ready(pilot)
        await wait_until(lambda: reader.main.query(FooterKey), "the footer's keys")
        keys = {str(key.description) for key in reader.main.query(FooterKey)}
        assert {"Quit", "Help", "Find"} <= keys


async def test_the_footer_follows_the_keys_that_apply_and_is_rebuilt_only_then(
    reader: ReaderApp,
) -> None:
    from textual.widgets._footer import FooterKey

    def footer_keys() -> list[FooterKey]:
        return list(reader.main.query(FooterKey))

    async with reader.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await wait_until(lambda: "Find" in screen_lines(reader)[-1], "the footer")
        shown = footer_keys()
        await pilot.press("ctrl+p")  # the palette over the reader, then gone: the same keys
        await wait_until(lambda: reader.screen is not reader.main, "the palette")
        await pilot.press("escape")
        await wait_until(lambda: reader.screen is reader.main, "the palette gone")
        await pilot.press("j")
        await pilot.pause()
        assert footer_keys() == shown  # the same widgets: the footer was not built again
        await pilot.press("slash")  # typing in the find bar: `/` types, it finds nothing
        await wait_until(lambda: "Find" not in screen_lines(reader)[-1], "Find gone")
        await pilot.press("escape")
        await wait_until(lambda: "Find" in screen_lines(reader)[-1], "Find back")


async def test_the_maps_first_key_shows_its_keys_in_the_footer_without_mounting_any(
    reader: ReaderApp,
) -> None:
    """The map adds three keys to the footer (+, -, v): mounted by its first key, they were
    laid out after that key's frame, in a second layout of the whole screen (9 ms at 5 MB).
    They are mounted hidden once the map is, in the pause after the start."""
    from textual.widgets._footer import FooterKey

    async with reader.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await wait_until(lambda: "Find" in screen_lines(reader)[-1], "the footer")
        await wait_until(lambda: reader.main.sidebar.lists_wrapped_ahead, "the pause's work")
        await pilot.pause()
        keys = list(reader.main.query(FooterKey))
        await pilot.press("5")
        await wait_until(lambda: "Zoom" in screen_lines(reader)[-1], "the map's keys")
        assert list(reader.main.query(FooterKey)) == keys
        await pilot.press("escape")  # and back to the text's keys
        await wait_until(lambda: "Zoom" not in screen_lines(reader)[-1], "the text's keys")
        assert "Find" in screen_lines(reader)[-1]


async def press_all_but_the_last(pilot: Pilot[Any], reader: ReaderApp, keys: list[str]) -> str:
    """The reader up and the work of its pauses done, each of `keys` but the last pressed,
    and the frames after them settled (by a key bound to nothing): the last key, whose
    frames or layouts a test then counts."""
    await ready(pilot)
    await wait_until(lambda: "Find" in screen_lines(reader)[-1], "the footer")
    sidebar = reader.main.sidebar
    await wait_until(lambda: sidebar.lists_wrapped_ahead, "the lists made in a pause")
    *before, key = keys
    for earlier in before:
        await pilot.press(earlier)
        await pilot.pause()
    await wait_until(lambda: sidebar.lists_wrapped_ahead, "the lists made in a pause")
    await pilot.press("f12")
    await pilot.pause()
    return key


def layouts_of(screen: ReaderScreen) -> list[object]:
    """Each layout of the whole of `screen` from now on, noted as it is made."""
    laid_out: list[object] = []
    screen.screen_layout_refresh_signal.subscribe(screen, laid_out.append)
    return laid_out


async def layouts_of_the_last(
    pilot: Pilot[Any], reader: ReaderApp, keys: list[str]
) -> list[object]:
    """`keys` pressed (see press_all_but_the_last): each layout of the whole screen from the
    last key on, noted as it is made."""
    key = await press_all_but_the_last(pilot, reader, keys)
    layouts = layouts_of(reader.main)
    await pilot.press(key)
    await pilot.pause()
    await pilot.pause()
    return layouts


Cells = list[list[tuple[str, Style | None]]]


def screen_cells(screen: Any) -> Cells:
    """Each line of the screen as Textual composes it: its runs of text and their styles."""
    strips = screen._compositor.render_strips()
    return [[(segment.text, segment.style) for segment in strip] for strip in strips]


@pytest.mark.parametrize(
    "keys", [["1"], ["2"], ["2", "1"], ["2", "escape"], ["5", "3"], ["5", "3", "5"]]
)
async def test_the_first_frame_after_a_tab_key_is_the_screen_it_settles_on(
    reader: ReaderApp, monkeypatch: pytest.MonkeyPatch, keys: list[str]
) -> None:
    """A tab key's change came over two or three frames: the new tab above the old footer
    and the underline beneath the old tab, a list without its scroll bar, the edge and the
    status line saying where the keys go a frame late. (The map's legend says what the map
    could not show once the map is drawn, so a first sight of the map is two frames.)"""
    from textual.screen import Screen

    frames: list[Cells] = []  # each frame drawn, once recording
    recording = False
    draw = Screen._compositor_refresh

    def noted(screen: Screen[Any]) -> None:
        draw(screen)
        if recording and screen is reader.main:
            frames.append(screen_cells(screen))

    monkeypatch.setattr(Screen, "_compositor_refresh", noted)
    async with reader.run_test(size=(120, 40)) as pilot:
        key = await press_all_but_the_last(pilot, reader, keys)
        recording = True
        await pilot.press(key)
        await pilot.pause()
        await pilot.pause()
        recording = False
        assert frames, "no frame was drawn"
        settled = screen_cells(reader.main)
        changed = [
            y
            for y, (first, last) in enumerate(zip(frames[0], settled, strict=True))
            if first != last
        ]
        assert not changed, f"the first frame differs from the settled screen on lines {changed}"


@pytest.mark.parametrize(
    "start, end", [((120, 40), (130, 40)), ((130, 40), (120, 40)), ((120, 40), (120, 30))]
)
async def test_a_resize_lays_out_the_screen_once(
    reader: ReaderApp, start: tuple[int, int], end: tuple[int, int]
) -> None:
    """The screen laid itself out twice at each new size: once for the window's Resize, and
    again for the Resize its own layout sends it, its size having changed (5 ms at 5 MB, and
    a frame drawn again). Between sizes where the sidebar's tab names fit, nothing else asks
    for a layout."""
    async with reader.run_test(size=start) as pilot:
        await press_all_but_the_last(pilot, reader, ["f12"])
        layouts = layouts_of(reader.main)
        await pilot.resize_terminal(*end)
        await wait_until(lambda: reader.main.size == end, "the new size")
        await pilot.pause()
        await pilot.pause()
        assert len(layouts) == 1


@pytest.mark.parametrize("keys", [["2"], ["1"], ["2", "1"], ["tab"], ["2", "escape"]])
async def test_a_key_that_moves_the_keys_lays_out_the_screen_once(
    reader: ReaderApp, keys: list[str]
) -> None:
    """The first move of the keys in or out of a list styled its scroll bars for the first
    time, and their sizes, unset until then, asked for a second layout of the whole screen
    after the key's frame (4 ms at 5 MB)."""
    async with reader.run_test(size=(120, 40)) as pilot:
        layouts = await layouts_of_the_last(pilot, reader, keys)
        assert len(layouts) <= 1  # none when only the focus moves back to the text


@pytest.mark.parametrize(
    "keys", [["5"], ["5", "escape"], ["5", "2"], ["ctrl+b"], ["ctrl+b", "ctrl+b"]]
)
async def test_a_key_that_resizes_panes_lays_out_the_screen_once_and_right(
    reader: ReaderApp, keys: list[str]
) -> None:
    """Textual laid the screen out a second time after each layout that changed a widget's
    size (the map's panes as its tab opens, the text's as the sidebar hides, the footer's
    keys): 3-7 ms a key at 5 MB, and nothing moved in it. The one layout must leave the
    screen as a second one would."""
    async with reader.run_test(size=(120, 40)) as pilot:
        layouts = await layouts_of_the_last(pilot, reader, keys)
        assert len(layouts) == 1
        laid_out_once = screen_cells(reader.main)
        reader.main.refresh(layout=True)  # everything laid out again, as Textual did
        await pilot.pause()
        await pilot.pause()
        assert len(layouts) == 2
        assert screen_cells(reader.main) == laid_out_once


@pytest.mark.parametrize("keys", [["2"], ["1"], ["2", "1"], ["tab"], ["2", "escape"]])
async def test_a_key_that_moves_the_keys_writes_one_frame(
    reader: ReaderApp, monkeypatch: pytest.MonkeyPatch, keys: list[str]
) -> None:
    """The focus's new look restyles the scroll bars of the lists it leaves and enters, and
    Textual repaints a restyled bar from a message that came after the key's frame: a
    second frame, the same bars again (over a slow link, their bytes a second time)."""
    written = 0
    display = ReaderApp._display

    def counted(app: ReaderApp, screen: Any, update: Any) -> None:
        nonlocal written
        if update is not None and screen is app.main:
            written += 1
        display(app, screen, update)

    monkeypatch.setattr(ReaderApp, "_display", counted)
    async with reader.run_test(size=(120, 40)) as pilot:
        key = await press_all_but_the_last(pilot, reader, keys)
        written = 0
        await pilot.press(key)
        await pilot.pause()
        await pilot.pause()
        assert written == 1


@pytest.mark.parametrize("size", [(120, 40), (60, 20), (40, 12)])
async def test_a_hidden_list_wrapped_in_slices_shows_as_textual_wraps_it(
    article: Article, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    """The hidden tabs' lists are wrapped a few entries at a time in the pauses in reading
    (12,600 quotes at 5 MB took the Quotes tab's key a second), in a narrow window for the
    overlay. The Quotes tab then shows, to the end of its list, what it shows when Textual
    wraps the list as it first draws it."""
    from sievierodonetsk_reader.tui import sidebar as sidebar_module
    from sievierodonetsk_reader.tui.sidebar import EntityList

    monkeypatch.setattr(sidebar_module, "WRAP_SLICE", 5)  # several slices for 80 quotes

    async def quotes_tab() -> tuple[list[list[str]], list[tuple[int, int]]]:
        reader = ReaderApp(article)
        async with reader.run_test(size=size) as pilot:
            await ready(pilot)
            sidebar = reader.main.sidebar
            await wait_until(lambda: sidebar.lists_wrapped_ahead, "the lists made in a pause")
            shown = []
            for key in ("4", "G", "pageup", "k"):
                await pilot.press(key)
                await pilot.pause()
                shown.append(screen_lines(reader))
            listed = sidebar.list_of("quotes")
            assert listed is not None and reader.focused is listed
            return shown, list(listed._line_cache.lines)

    ahead, lines_ahead = await quotes_tab()
    assert ahead[0] != ahead[1]  # G went to the end of the list
    assert size[1] < 40 or any("Hirske" in line for screen in ahead for line in screen)
    # Textual's own: the lists not wrapped ahead, nor by the key that shows them, and
    # measured as Textual measures them.
    monkeypatch.setattr(EntityList, "wrap_ahead", lambda *_args, **_kwargs: True)
    monkeypatch.setattr(EntityList, "wrapped_for", lambda *_args: True)
    monkeypatch.setattr(EntityList, "_update_lines", OptionList._update_lines)
    textuals, lines_textual = await quotes_tab()
    assert lines_ahead == lines_textual
    for step, (screen, expected) in enumerate(zip(ahead, textuals, strict=True)):
        assert screen == expected, f"the screen after key {step + 1}"


async def test_a_narrow_window_s_quotes_key_measures_each_entry_once(
    reader: ReaderApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Quotes key that comes before the pause in which the lists are wrapped ahead wraps
    them itself. Textual wrapped them for the room without the scroll bar, and again once the
    bar came: at 5 MB, 12,600 quotes twice (1.3-1.7 s)."""
    from sievierodonetsk_reader.tui import list_heights
    from sievierodonetsk_reader.tui import sidebar as sidebar_module

    measured = 0
    measure = list_heights.lines_taken

    def counted(text: str, width: int) -> int | None:
        nonlocal measured
        measured += 1
        return measure(text, width)

    monkeypatch.setattr(sidebar_module, "lines_taken", counted)
    # No pause comes within the test: the lists would be wrapped in it.
    monkeypatch.setattr(sidebar_module, "AHEAD_AFTER_PAUSE", 3600.0)
    async with reader.run_test(size=(60, 20)) as pilot:
        await ready(pilot)
        quotes = reader.main.sidebar.list_of("quotes")
        assert quotes is not None and not quotes.region
        measured = 0
        await pilot.press("4")
        await pilot.pause()
        await pilot.pause()
        assert reader.focused is quotes and quotes.show_vertical_scrollbar
        assert measured == quotes.option_count > quotes.size.height
        assert "¶" in "\n".join(screen_lines(reader))


async def test_a_resize_leaves_the_hidden_lists_to_the_pause_after_it(
    reader: ReaderApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A window dragged wider sends a Resize a frame. The hidden tabs' lists are wrapped for
    the new room once it stops (34 ms of each Resize at 5 MB, details included), not by each."""
    from sievierodonetsk_reader.tui import sidebar as sidebar_module
    from sievierodonetsk_reader.tui.sidebar import EntityList

    # A pause long enough that the resize's own turn ends within it on a busy machine.
    pause = 1.0
    monkeypatch.setattr(sidebar_module, "AHEAD_AFTER_PAUSE", pause)
    measured: list[str] = []
    wrap = EntityList._wrap_entries

    def noted(listed: EntityList, most: int | None) -> bool:
        lines = listed._line_cache.lines
        if (lines[-1][0] + 1 if lines else 0) < listed.option_count:
            measured.append(str(listed.id))
        return wrap(listed, most)

    monkeypatch.setattr(EntityList, "_wrap_entries", noted)
    async with reader.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        sidebar = reader.main.sidebar
        await wait_until(lambda: sidebar.lists_wrapped_ahead, "the lists made in a pause")
        await wait_until(lambda: reader.quiet_for() >= pause, "reading paused")
        measured.clear()
        await pilot.resize_terminal(130, 40)
        await pilot.pause()
        assert measured == ["people-list"]  # the list on screen, by Textual, for its width
        await wait_until(lambda: sidebar.lists_wrapped_ahead, "the lists made in a pause")
        assert "quotes-list" in measured


async def test_the_chosen_entry_stays_in_view_when_a_resize_rewraps_the_list(
    reader: ReaderApp,
) -> None:
    """The last quote chosen in a narrow window, then the window widened: its entries take
    more lines in the sidebar's narrower list, and the list kept its scroll offset in lines,
    which showed quotes two thirds of the way down, not the one chosen."""
    async with reader.run_test(size=(60, 20)) as pilot:
        await ready(pilot)
        quotes = reader.main.sidebar.list_of("quotes")
        assert quotes is not None
        await pilot.press("4", "G")
        await pilot.pause()
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        await wait_until(lambda: quotes.region.width < 60, "the sidebar beside the text")
        await pilot.pause()
        chosen = quotes.highlighted
        assert chosen == quotes.option_count - 1
        first_line = quotes._index_to_line[chosen]
        top, height = quotes.scroll_offset.y, quotes.scrollable_content_region.height
        assert top <= first_line < top + height
        last = reader.article.quotations[-1].paragraph
        assert any(f"¶{last} " in line for line in screen_lines(reader))


async def test_a_resize_rewraps_the_list_on_screen_in_its_one_layout(
    reader: ReaderApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A list on screen was rewrapped for its new width as the frame drew it (the stale
    lines drawn first), and its new size, then keeping the chosen entry in view, asked for
    more layouts of the whole screen (at 5 MB, 3 layouts and 4 frames, 125 ms). The first
    frame at the new width shows the list, and the status line, as they settle. (The
    screen's own Resize, which its first layout posts, still brings Textual's second.)"""
    from textual.screen import Screen

    frames: list[Cells] = []
    draw = Screen._compositor_refresh

    def noted(screen: Screen[Any]) -> None:
        draw(screen)
        if screen is reader.main and reader.size.width == 130:
            frames.append(screen_cells(screen))

    monkeypatch.setattr(Screen, "_compositor_refresh", noted)
    async with reader.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        sidebar = reader.main.sidebar
        await pilot.press("4", "G")
        await wait_until(lambda: sidebar.lists_wrapped_ahead, "the lists made in a pause")
        await pilot.pause()
        layouts = layouts_of(reader.main)
        await pilot.resize_terminal(130, 40)  # the sidebar 42 -> 44 columns: rewrapped
        await wait_until(lambda: bool(frames), "a frame at the new width")
        await pilot.pause()
        await pilot.pause()
        assert len(layouts) <= 2
        assert frames[0] == screen_cells(reader.main)
        quotes = sidebar.list_of("quotes")
        assert quotes is not None and quotes.highlighted == quotes.option_count - 1
        last = reader.article.quotations[-1].paragraph
        assert any(f"¶{last} " in line for line in screen_lines(reader))


@pytest.mark.parametrize(
    ("size", "resized"),
    [
        ((120, 40), None),
        ((60, 20), None),
        ((60, 40), None),
        ((40, 12), None),
        ((120, 40), (60, 20)),  # narrowed: the sidebar has no Resize of its own
        ((60, 20), (70, 30)),
    ],
)
async def test_the_quotes_key_wraps_no_entry_after_a_pause(
    reader: ReaderApp,
    monkeypatch: pytest.MonkeyPatch,
    size: tuple[int, int],
    resized: tuple[int, int] | None,
) -> None:
    """The lists behind the tabs are wrapped in a pause in reading, for the room they will
    have: the open list's in a wide window, the overlay's in a narrow one (where the Quotes
    key measured 12,600 quotes at 5 MB: 45-75 ms)."""
    measured = entries_measured(monkeypatch)
    async with reader.run_test(size=size) as pilot:
        await ready(pilot)
        sidebar = reader.main.sidebar
        await wait_until(lambda: sidebar.lists_wrapped_ahead, "the lists made in a pause")
        if resized is not None:
            await pilot.resize_terminal(*resized)
            workspace = reader.main.workspace
            await wait_until(
                lambda: workspace.size.width == resized[0] and sidebar.lists_wrapped_ahead,
                "the lists made for the new size in a pause",
            )
        measured.clear()
        await pilot.press("4")
        await pilot.pause()
        quotes = sidebar.list_of("quotes")
        assert sidebar.active_tab == "quotes" and reader.focused is quotes
        assert quotes is not None and quotes.region and not measured


@pytest.mark.parametrize("key", ["ctrl+b", "4"])
async def test_a_sidebar_hidden_while_the_window_changed_size_comes_back_wrapped_for_it(
    reader: ReaderApp, monkeypatch: pytest.MonkeyPatch, key: str
) -> None:
    """The reader hid the sidebar, then the window changed size: the lists are wrapped in a
    pause for the width the sidebar comes back at (35% of the window, 33 to 44 columns), so
    the key that shows it measures no entry (164 ms at 5 MB with the Quotes tab open)."""
    measured = entries_measured(monkeypatch)
    async with reader.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        sidebar = reader.main.sidebar
        await pilot.press("4", "escape", "ctrl+b")
        await wait_until(lambda: not sidebar.region, "the sidebar hidden")
        await pilot.resize_terminal(100, 40)
        workspace = reader.main.workspace
        await wait_until(
            lambda: workspace.size.width == 100 and sidebar.lists_wrapped_ahead,
            "the lists made for the new size in a pause",
        )
        measured.clear()
        await pilot.press(key)
        await wait_until(lambda: sidebar.region, "the sidebar back")
        await pilot.pause()
        quotes = sidebar.list_of("quotes")
        assert quotes is not None and quotes.region.width == 35 - 1  # less the sidebar's edge
        assert not measured


def entries_measured(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A list that grows by one each time a sidebar list's entry is measured: by the quick
    measure, or by Textual's where that does not apply."""
    from textual.content import Content

    from sievierodonetsk_reader.tui import list_heights
    from sievierodonetsk_reader.tui import sidebar as sidebar_module

    measured: list[int] = []

    def counting(measure: Callable[..., int | None]) -> Callable[..., int | None]:
        def counted(*args: Any, **kwargs: Any) -> int | None:
            measured.append(1)
            return measure(*args, **kwargs)

        return counted

    monkeypatch.setattr(Content, "get_height", counting(Content.get_height))
    monkeypatch.setattr(sidebar_module, "lines_taken", counting(list_heights.lines_taken))
    return measured


@pytest.mark.parametrize("size", [(120, 40), (60, 20)])
async def test_the_status_line_says_where_the_keys_go_and_how_to_come_back(
    reader: ReaderApp, size: tuple[int, int]
) -> None:
    async with reader.run_test(size=size) as pilot:
        await ready(pilot)
        await pilot.press("1")
        await wait_until(lambda: "In the sidebar" in status(reader), "the sidebar named")
        assert "Escape back to the text" in status(reader) or size[0] < 80
        await pilot.press("escape")
        await wait_until(lambda: "In the sidebar" not in status(reader), "back to the text")
        assert reader.focused is reader.main.view
        await pilot.press("5")
        await wait_until(lambda: "On the map" in status(reader), "the map named")
        await pilot.press("escape", "j")  # the keys are the text's again
        assert reader.main.view.scroll_y == 1 and "On the map" not in status(reader)


async def test_the_current_item_and_the_current_quote_show_without_colour(
    reader: ReaderApp,
) -> None:
    # NO_COLOR turned every mark into a shade of grey: 235 on 234. Text attributes and signs
    # show in any terminal.
    reader.no_color = True
    async with reader.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        reader.main.select_entity("kuleba")
        await pilot.press("n")
        view = reader.main.view
        item = reader.main.reading.current_item
        assert item is not None
        line = view.line_of(item.paragraph, item.start) - int(view.scroll_y)
        strip = view.render_line(line)
        text = "".join(segment.text for segment in strip)
        assert "›" in text[:16]  # the sign beside it, in the gutter
        reversed_words = "".join(
            segment.text for segment in strip if segment.style and segment.style.reverse
        )
        # In reverse video: the item's words on this line, and nothing else.
        assert reversed_words and article_words(reader, item).startswith(reversed_words)
        await pilot.press("escape", "right_square_bracket")
        quote = reader.main.reading.quote
        assert quote is not None
        line = view.line_of(quote.paragraph, quote.start) - int(view.scroll_y)
        assert "»" in "".join(segment.text for segment in view.render_line(line))[:16]


def article_words(reader: ReaderApp, span: Span) -> str:
    return reader.article.paragraphs[span.paragraph - 1].text[span.start : span.end]


async def choose_while_finding(pilot: Pilot[None], query: str, hit: str) -> None:
    """Search for "troops", then choose `hit` in the palette with the find box open."""
    reader = reader_of(pilot)
    await ready(pilot)
    await pilot.press("slash", *"troops")
    await wait_until(lambda: "Find “troops”" in status(reader), "the search")
    await palette_hit(pilot, query, hit)
    await pilot.press("enter")


async def test_choosing_from_the_palette_while_finding_gives_n_to_the_choice(
    reader: ReaderApp,
) -> None:
    async with reader.run_test(size=(120, 40)) as pilot:
        await choose_while_finding(pilot, "person kuleba", "Go to person: Dmytro Kuleba")
        await wait_until(lambda: reader.main.reading.entity_id == "kuleba", "the choice")
        await pilot.press("n")
        assert "Dmytro Kuleba: 2/" in status(reader)  # n steps through Kuleba's items
        assert "troopsn" not in status(reader)
        assert reader.focused is reader.main.view
        assert reader.main.reading.last_query == "troops"  # kept for / and a later n


async def test_a_quote_chosen_from_the_palette_while_finding_takes_the_keys(
    reader: ReaderApp,
) -> None:
    async with reader.run_test(size=(120, 40)) as pilot:
        await choose_while_finding(pilot, "quote 5", "Go to quote 5")
        await wait_until(lambda: reader.main.reading.quote is not None, "the quote")
        await wait_until(lambda: reader.focused is reader.main.view, "the keys to the text")
        await pilot.press("n")  # the search is still on: n goes to its next match
        assert "troopsn" not in status(reader) and "Find “troops”: " in status(reader)


async def test_speaker_keys_start_from_the_window_after_a_scroll(reader: ReaderApp) -> None:
    async with reader.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        for _ in range(20):  # } to the last speaker
            await pilot.press("right_curly_bracket")
        last = reader.main.reading.quote
        assert last is not None and last.paragraph > 15
        await pilot.press("g", "right_curly_bracket")
        quote = reader.main.reading.quote
        assert quote is not None and quote.paragraph < last.paragraph  # from the top again
        assert "No speaker after this one" not in status(reader)


async def test_find_typed_in_one_burst_lands_in_the_find_box(reader: ReaderApp) -> None:
    from textual.events import Key

    copied: list[str] = []
    reader.copy_to_clipboard = copied.append  # type: ignore[method-assign, assignment]
    async with reader.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        # One write from the terminal: the letters arrive before the find box exists.
        for key in ("slash", *"kyiv"):
            pilot.app.post_message(Key(key, "/" if key == "slash" else key))
        await wait_until(lambda: "Find “kyiv”" in status(reader), "the query typed")
        assert copied == []  # y did not copy a quote on the way
        await pilot.press("colon")  # typed in the box, not the go-to prompt
        assert reader.query_one("#find-input", Input).value == "kyiv:"


@pytest.mark.parametrize("size", SIZES)
async def test_a_tab_key_and_the_next_typed_in_one_burst_both_reach_the_list(
    reader: ReaderApp, size: tuple[int, int]
) -> None:
    """`4` gave the Quotes list the keys on the app's next turn, after a key that came in
    the same write from the terminal: `4 G` took the text to its end, not the list to its
    last quote, and the status line said the keys were in the sidebar."""
    from textual.events import Key

    async with reader.run_test(size=size) as pilot:
        await ready(pilot)
        quotes = reader.main.sidebar.list_of("quotes")
        assert quotes is not None
        for key, character in (("4", "4"), ("G", "G")):  # one write from the terminal
            pilot.app.post_message(Key(key, character))
        await wait_until(lambda: reader.focused is quotes, "the Quotes list with the keys")
        await pilot.pause()
        assert quotes.highlighted == quotes.option_count - 1
        assert reader.main.view.scroll_y == 0  # the text stayed where it was


async def test_small_things_said_right(reader: ReaderApp) -> None:
    async with reader.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("n")  # nothing chosen, nothing searched: says so
        assert "Nothing to step through" in status(reader)
        await pilot.press("h")  # the news replaces the last message
        assert "Mention marks off." in status(reader) and "Nothing to" not in status(reader)
        for _ in range(20):
            await pilot.press("minus")
        assert "already 30 columns at least" in status(reader)
        # The sidebar's six tabs are all on its strip at 80 columns (by their keys, the open
        # one by its name too: test_sources_tab), and counts never split.
        lines = screen_lines(reader)
        assert any("1 People 2 3 4 5 6" in line for line in lines)
        assert not any(re.search(r"\d×, \d$", line) for line in lines)
        # The header's title starts at its left, not after eight columns of icon.
        assert lines[0].startswith(" ¶ Ukrainian troops")
        hit = await palette_hit(pilot, "export", "Export to Markdown")
        assert "write sievierodonetsk-withdrawal.md" in hit  # the file's name, not <article id>


async def test_the_export_dialogs_buttons_stay_on_screen_under_a_message_at_40_by_12(
    reader: ReaderApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sievierodonetsk-withdrawal.md").write_text("mine")
    async with reader.run_test(size=(40, 12)) as pilot:
        await ready(pilot)
        await pilot.press("e", "enter")
        await wait_until(lambda: isinstance(reader.screen, ConfirmOverwrite), "the question")
        await pilot.press("n")
        await wait_until(lambda: isinstance(reader.screen, ExportDialog), "the dialog again")
        await wait_until(
            lambda: "Not exported" in str(reader.screen.query_one("#export-message").render()),
            "the message",
        )
        lines = screen_lines(reader)
        said = next(i for i, line in enumerate(lines) if "Not exported" in line)
        assert any("Export" in line and "Cancel" in line for line in lines[said:])
    assert (tmp_path / "sievierodonetsk-withdrawal.md").read_text() == "mine"


@pytest.mark.parametrize("size", [(60, 20), (40, 12)])
async def test_the_footer_ends_with_the_palettes_key_in_a_narrow_window(
    reader: ReaderApp, size: tuple[int, int]
) -> None:
    async with reader.run_test(size=size) as pilot:
        await ready(pilot)
        await wait_until(lambda: "palette" in screen_lines(reader)[-1], "the footer")
        assert screen_lines(reader)[-1].endswith("▏^p palette")  # nothing after it


async def test_the_quotes_tab_opens_at_the_quote_being_read_with_its_chain(
    reader: ReaderApp,
) -> None:
    async with reader.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("right_square_bracket", "right_square_bracket")  # Zaluzhniy, ¶12
        await pilot.press("4")
        details = reader.query_one(DetailsPane)
        await wait_until(lambda: "Valeriy Zaluzhniy" in str(details.content), "his details")
        shown = str(details.content)
        assert "told his US counterpart by telephone" in shown
        assert "via telephone · VOI · machine translation" in shown
        assert "¶12, machine-translated from Indonesian" in shown


async def test_the_sidebar_shown_and_hidden_again_lays_the_article_out_once_per_width(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sievierodonetsk_reader.tui import article_view, layout

    widths: list[int] = []

    class Counted(layout.Layout):
        def __init__(self, *args: Any) -> None:
            widths.append(args[-1])  # (article, styles, shapes, width)
            super().__init__(*args)

    monkeypatch.setattr(article_view, "Layout", Counted)
    reader = ReaderApp(load_article(ARTICLE_YAML))
    async with reader.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        view = reader.main.view
        await pilot.press("j", "j", "j")
        top = view.top_span()
        for _ in range(3):  # hidden and shown three times: two widths, each laid out once
            await pilot.press("ctrl+b")
            await pilot.pause()
            await pilot.press("ctrl+b")
            await pilot.pause()
        assert len(widths) == len(set(widths)) == 2, widths
        assert view.top_span() == top  # the same words at the top, from the kept layout


def sidebar_edge(app: ReaderApp) -> tuple[str, tuple[int, int, int] | None]:
    """The character and colour (red, green, blue) the sidebar's left edge is drawn in,
    halfway down the screen."""
    sidebar = app.main.sidebar
    x, y = sidebar.region.x, sidebar.region.y + sidebar.region.height // 2
    strip = app.screen._compositor.render_strips()[y].crop(x, x + 1)
    (segment,) = [segment for segment in strip if segment.text]
    color = (segment.style or Style()).color
    return segment.text, None if color is None else color.get_truecolor()[:3]


async def test_the_sidebar_edge_is_marked_while_the_keys_go_to_the_sidebar(
    reader: ReaderApp,
) -> None:
    async with reader.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await reader.main.sidebar.built.wait()
        reading = sidebar_edge(reader)
        accent = Color.parse(reader.theme_variables["accent"]).rgb
        assert reading[1] != accent
        for key in ("2", "5", "1", "tab", "4"):  # tab to tab, into the map and out of it
            await pilot.press(key)
            await wait_until(lambda: reader.main.sidebar.has_focus_within, "the sidebar's keys")
            await pilot.pause()
            assert sidebar_edge(reader)[1] == accent, key
        await pilot.press("escape")
        await wait_until(lambda: reader.focused is reader.main.view, "the text's keys")
        await pilot.pause()
        assert sidebar_edge(reader) == reading


async def test_the_tab_underline_moves_at_once_to_a_tab_chosen(reader: ReaderApp) -> None:
    """A tab's key puts the underline beneath it in one step: Textual's slide there drew the
    sidebar's strip of tabs some eighteen times for each key."""
    from textual.widgets._tabs import Underline

    async with reader.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await reader.main.sidebar.built.wait()
        underline = reader.main.sidebar.query_one(Underline)
        starts: list[int] = []

        def moved(start: int) -> None:
            starts.append(start)

        underline.watch(underline, "highlight_start", moved, init=False)
        for key, tab in (("4", "quotes"), ("2", "places")):
            starts.clear()
            await pilot.press(key)

            def beneath(tab: str = tab) -> bool:
                name = reader.main.sidebar.tabs.get_tab(tab)
                shown = name.virtual_region.shrink(name.styles.gutter)
                return (underline.highlight_start, underline.highlight_end) == shown.column_span

            await wait_until(beneath, f"the underline beneath {tab}")
            assert starts == [underline.highlight_start], key


async def test_a_slide_of_the_underline_still_running_does_not_undo_a_tab_key(
    reader: ReaderApp,
) -> None:
    """A slide Textual began before the tabs were built (a relabel while the window was laid
    out) went on after a tab's key had moved the underline, and left it half under the old
    tab: seen at random on a busy machine."""
    from textual.widgets._tabs import Underline

    async with reader.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await reader.main.sidebar.built.wait()
        underline = reader.main.sidebar.query_one(Underline)
        people_end = underline.highlight_end
        underline.highlight_end = 0
        underline.animate("highlight_end", people_end, duration=30, level="basic")
        await pilot.press("4")
        quotes = reader.main.sidebar.tabs.get_tab("quotes")
        shown = quotes.virtual_region.shrink(quotes.styles.gutter).column_span

        def beneath() -> bool:
            return (underline.highlight_start, underline.highlight_end) == shown

        await wait_until(beneath, "the underline beneath quotes")


async def test_the_text_is_tinted_as_its_focus_is_each_time_the_keys_move(
    reader: ReaderApp,
) -> None:
    """The text is drawn in one tint while it has the keys and another while the sidebar has
    them; lines kept from the one are never shown in the other."""

    def drawn() -> list[Strip]:
        """The text's lines as drawn now, each checked to be on the view's background now."""
        view = reader.main.view
        lines = [view.render_line(y) for y in range(view.scrollable_content_region.height)]
        for line in lines:
            first = next(iter(line))  # the margin, on the base style
            assert first.style is not None and first.style.bgcolor == view.rich_style.bgcolor
        return lines

    async with reader.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await reader.main.sidebar.built.wait()
        focused = drawn()
        await pilot.press("tab")
        await wait_until(lambda: reader.main.sidebar.has_focus_within, "the sidebar's keys")
        await pilot.pause()
        unfocused = drawn()
        assert unfocused != focused  # the tint differs
        for _ in range(3):
            await pilot.press("shift+tab")
            await wait_until(lambda: reader.focused is reader.main.view, "the text's keys")
            await pilot.pause()
            assert drawn() == focused
            await pilot.press("tab")
            await wait_until(lambda: reader.main.sidebar.has_focus_within, "the sidebar's keys")
            await pilot.pause()
            assert drawn() == unfocused


async def test_a_tab_clicked_shows_its_details_and_the_map_hides_them(reader: ReaderApp) -> None:
    async with reader.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        sidebar = reader.main.sidebar
        await sidebar.built.wait()
        details = reader.query_one(DetailsPane)
        first_place = reader.main.article.places[0].name
        await pilot.click(sidebar.tabs.get_tab("places"))
        await wait_until(lambda: str(details.content).startswith(first_place), "the place")
        await pilot.click(sidebar.tabs.get_tab("map"))
        await wait_until(lambda: details.region.height == 0, "the details out of the map's way")
        await pilot.click(sidebar.tabs.get_tab("people"))
        first_person = reader.main.article.people[0].name
        await wait_until(lambda: str(details.content).startswith(first_person), "the person")
        assert details.region.height > 0


class KeyBeforeTabsScreen(ReaderScreen):
    """A reading screen whose reader presses 3 (Dates) before the tabs are built."""

    async def after_first_paint(self) -> None:
        assert not self.sidebar.built.is_set()
        self.action_show_tab("dates")
        await super().after_first_paint()


async def test_a_tab_key_pressed_before_the_tabs_are_built_opens_that_tab(
    article: Article, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ReaderApp, "SCREEN", KeyBeforeTabsScreen)
    reader = ReaderApp(article)
    async with reader.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        sidebar = reader.main.sidebar
        await wait_until(lambda: sidebar.active_tab == "dates", "the Dates tab")
        await wait_until(
            lambda: reader.focused is reader.query_one("#dates-list"), "the dates' keys"
        )


def list_rows(app: ReaderApp, list_id: str) -> list[str]:
    """The rows of a sidebar list as they are on screen."""
    entries = app.query_one(f"#{list_id}", OptionList)
    region = entries.region
    return [
        row[region.x : region.right].rstrip() for row in screen_lines(app)[region.y : region.bottom]
    ]


async def test_a_list_shown_again_after_the_window_narrowed_wraps_at_its_new_width(
    article: Article,
) -> None:
    """A list that was behind another tab while the window narrowed is wrapped to its new
    width when it comes back: it looks as it does in a reader opened at that width."""
    narrowed = ReaderApp(article)
    async with narrowed.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        people = narrowed.query_one("#people-list", OptionList)
        await pilot.press("1")  # the people drawn at the wide width
        wide = people.size.width
        await pilot.press("2")  # and hidden behind the places
        await pilot.resize_terminal(95, 40)
        await pilot.press("1")
        await wait_until(lambda: 0 < people.size.width < wide, "the people list, narrower")
        await pilot.pause()
        seen = list_rows(narrowed, "people-list")
    fresh = ReaderApp(article)
    async with fresh.run_test(size=(95, 40)) as pilot:
        await ready(pilot)
        await pilot.press("1")
        await pilot.pause()
        expected = list_rows(fresh, "people-list")
    assert seen == expected
    assert "the Luhansk region" in [row.strip() for row in seen]  # wrapped otherwise at 120


async def test_the_article_scroll_bar_comes_and_goes_as_the_text_outgrows_the_window(
    reader: ReaderApp,
) -> None:
    """A window just tall enough for the whole text has no scroll bar. The text made narrower
    wraps to more lines than the window holds, and brings one; made wider again, it fits, and
    the scroll bar goes."""
    async with reader.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        view = reader.main.view
        await pilot.press("ctrl+b")
        await wait_until(lambda: view.size.width > 100, "the text across the window")
        lines = view.virtual_size.height
        await pilot.resize_terminal(120, 40 - view.size.height + lines)

        def fits() -> bool:
            return view.virtual_size.height == lines and not view.show_vertical_scrollbar

        await wait_until(fits, "the whole text in the window, no scroll bar")

        async def press(key: str) -> None:
            width = view.virtual_size.width
            await pilot.press(key)
            await wait_until(lambda: view.virtual_size.width != width, f"the text after {key}")

        for _ in range(3):  # six columns narrower: some paragraphs take a line more
            await press("-")
        await wait_until(
            lambda: view.virtual_size.height > lines and view.show_vertical_scrollbar,
            "a scroll bar for the text longer than the window",
        )
        for _ in range(3):
            await press("+")
        await wait_until(fits, "the text back in the window, the scroll bar gone")
