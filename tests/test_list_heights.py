"""The quick measure of an option list's entries counts the lines Textual's own gives them."""

from __future__ import annotations

import random

import pytest
from conftest import ready
from textual.content import Content
from textual.widgets import OptionList

from sievierodonetsk_reader.model import Article
from sievierodonetsk_reader.tui.app import ReaderApp
from sievierodonetsk_reader.tui.list_heights import lines_taken
from sievierodonetsk_reader.tui.sidebar import TABS

# Letters and blanks, the no-break space, typeset punctuation, and characters that are not
# one cell wide: a wide ideograph, a combining accent, a zero-width space, an emoji with its
# variation selector; and control codes, kept and stripped.
ALPHABET = ["a", "b", "c", " ", " ", "\n", "\u00a0", "’", "“", "—", "…", "¶", "é", "Ж"]
ALPHABET += ["中", "e\u0301", "\u2764\ufe0f", "\u200b", "\u2028", "\x1b", "\x0b", "\r"]


def textuals(text: str, width: int) -> int:
    """The lines Textual gives `text` at `width`, as an option list measures an entry."""
    return Content(text).get_height({}, width)


def test_the_quick_measure_counts_the_lines_textual_wraps_into() -> None:
    chance = random.Random(26)
    measured = 0
    for _ in range(20_000):
        text = "".join(chance.choices(ALPHABET, k=chance.randint(0, 40)))
        width = chance.randint(1, 14)
        quick = lines_taken(text, width)
        if quick is not None:
            measured += 1
            assert quick == textuals(text, width), (text, width)
    assert measured > 4_000  # printable text of one-cell and wider characters


@pytest.mark.parametrize("width", [1, 3, 9, 37])
def test_long_words_and_runs_of_blanks_fold_as_textual_folds_them(width: int) -> None:
    for text in [
        "Sievierodonetsk",
        "  indented twice",
        "a word      after many blanks",
        "Sievierodonetsk         and blanks after a long word",
        "¶12 direct  “We have to withdraw”—Serhiy Gaidai",
        "",
        "\n\n",
    ]:
        assert lines_taken(text, width) == textuals(text, width), (text, width)


def test_tabs_control_codes_textual_strips_and_no_room_are_left_to_textual() -> None:
    for text in ["a\tb", "a\x0bb", "a\rb"]:
        assert lines_taken(text, 10) is None
    assert lines_taken("ab", 0) is None


@pytest.mark.parametrize("size", [(120, 40), (60, 20), (44, 12)])
async def test_the_sidebar_lists_are_measured_as_textual_measures_them(
    article: Article, size: tuple[int, int]
) -> None:
    """Every entry of every list of the bundled article, at the sidebar's width in a wide
    window and the whole window's in narrow ones: the same lines as Textual's measure."""
    reader = ReaderApp(article)
    async with reader.run_test(size=size) as pilot:
        await ready(pilot)
        sidebar = reader.main.sidebar
        for number, tab in enumerate(TABS, start=1):
            if tab == "map":
                continue
            await pilot.press(str(number))
            await pilot.pause()
            listed = sidebar.list_of(tab)
            assert listed is not None and listed.region
            ours = list(listed._lines)
            listed._line_cache.clear()
            OptionList._update_lines(listed)
            assert ours == list(listed._line_cache.lines), tab


def test_words_of_one_cell_characters_count_as_textual_counts_them() -> None:
    """The common case, counted a line at a time: words of one-cell characters, some wider
    than the line, with one blank or more between them."""
    chance = random.Random(12)
    letters = ["a", "b", "é", "’", "—", "¶", "Ж"]
    for _ in range(20_000):
        words = [
            "".join(chance.choices(letters, k=chance.randint(1, 12)))
            for _ in range(chance.randint(1, 8))
        ]
        blanks = chance.choices([" ", "\u00a0", "  ", "   "], k=len(words))
        text = "".join(word + blank for word, blank in zip(words, blanks, strict=True))
        text = text[: chance.randint(1, len(text))]
        width = chance.randint(1, 20)
        assert lines_taken(text, width) == textuals(text, width), (text, width)
