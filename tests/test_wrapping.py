"""Wrapping keeps every character once, fits the width, and never breaks a no-break space."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from sievierodonetsk_reader.controls import for_screen
from sievierodonetsk_reader.tui.wrapping import _wrap_ascii, text_width, wrap_offsets

words = st.lists(
    st.one_of(
        st.text(st.sampled_from(list("abcdef")), min_size=1, max_size=15),
        # Not joined emoji: Rich measures a ZWJ sequence as a whole, not as the sum of its
        # parts, so no per-character wrap can promise their width.
        st.sampled_from([" ", "  ", "漢字", "\u00a0", "e\u0301", "\t"]),
    ),
    max_size=30,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(words, st.integers(min_value=1, max_value=40))
def test_lines_cover_the_text_once_and_fit_the_width(text: str, width: int) -> None:
    lines = wrap_offsets(text, width)
    assert lines[0][0] == 0 and lines[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(lines))
    for start, end in lines:
        shown = text[start:end].rstrip(" \t")
        # A single character wider than the line (a wide glyph at width 1) is the one exception.
        # The exception: one glyph wider than the line (blanks around it take no room).
        assert text_width(shown) <= width or len(shown.strip()) == 1, (shown, width)


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(list("abc  .,")), max_size=60), st.integers(1, 30))
def test_the_ascii_fast_path_equals_the_general_one(text: str, width: int) -> None:
    general = wrap_offsets(text + "\u00e9", width)  # one non-ASCII letter forces the slow path
    fast = _wrap_ascii(text + "e", width)
    assert general == fast


def test_no_break_spaces_hold_words_together() -> None:
    for space in ("\u00a0", "\u202f", "\u2007"):
        text = f"the minister Mr.{space}Kuleba said"
        lines = [text[a:b] for a, b in wrap_offsets(text, 20)]
        assert any(f"Mr.{space}Kuleba" in line for line in lines), lines


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(["a", " ", "\x1b", "\x07", "\x7f", "\x9b", "é", "\n"]), max_size=30))
def test_visible_keeps_offsets_and_shows_no_control_character(text: str) -> None:
    shown = for_screen(text)
    assert len(shown) == len(text)  # one for one: spans and matches keep their offsets
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in shown)
    assert [c for c in shown if c in "aé "] == [c for c in text if c in "aé "]
