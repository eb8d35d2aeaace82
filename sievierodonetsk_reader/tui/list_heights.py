"""How many lines an option list gives an entry, measured as Textual measures it, but quickly.

Textual measures an entry by turning its text into a `Content` and wrapping that into lines
of styled segments, only to count them: 12,600 quote entries at 5 MB took 0.6-1 s, which a
window's resize, a narrow window's Quotes key or the wrap ahead paid (now 40-45 ms). The
count needs only where the lines break, which Textual takes from Rich's `divide_line`. For
text whose every character is one cell wide (nearly all of it) that is Rich's loop over words
with `len` for the cell width, or, while no word is wider than the line, one pattern match a
line. tests/test_list_heights.py holds each equal to Textual's count.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from rich._wrap import divide_line  # where Textual's Content breaks its lines

# Rich's words: a run of non-blanks with the blanks before (at the start only) and after.
_WORDS = re.compile(r"\s*\S+\s*")
# What Textual's Content changes before it wraps: tabs, and the control codes it strips.
_LEFT_TO_TEXTUAL = re.compile("[\t\x07\x08\x0b\x0c\r]")

# Blocks whose characters are mostly one cell wide: Latin, Greek and Cyrillic, and the
# punctuation of typeset text (dashes, curly quotes, the ellipsis). Which are is Rich's word.
_MOSTLY_ONE_CELL = ((0xA0, 0x300), (0x370, 0x483), (0x2010, 0x2028), (0x2030, 0x205F))


def lines_taken(text: str, width: int) -> int | None:
    """The lines that Textual's wrapping (fold, no line padding) gives `text` at `width`
    cells; None where the quick measure does not apply: no room at all, or a tab (which
    Textual expands) or one of the control codes it strips. Article text has none of them;
    Textual measures what has."""
    if width < 1 or _LEFT_TO_TEXTUAL.search(text):
        return None
    one_cell = _one_cell_characters()
    lines = 0
    for line in text.split("\n"):
        if (line.isascii() and line.isprintable()) or one_cell.issuperset(line):
            lines += _lines_of_one_cell(line, width)
        else:
            lines += len(divide_line(line, width)) + 1
    return lines


@cache
def _one_cell_characters() -> frozenset[str]:
    from rich.cells import get_character_cell_size

    printable_ascii = (chr(code) for code in range(0x20, 0x7F))
    others = (chr(code) for start, end in _MOSTLY_ONE_CELL for code in range(start, end))
    return frozenset(printable_ascii) | {c for c in others if get_character_cell_size(c) == 1}


def _lines_of_one_cell(line: str, width: int) -> int:
    """`len(divide_line(line, width)) + 1` for a line without a line break whose characters
    are each one cell wide."""
    if line and not line[0].isspace():
        # While no word is wider than the line, each line is the longest run of at most
        # `width` characters that ends before a blank (or at the end), with the blanks after
        # it: one match a line, not a step a word.
        line_at = _line_matcher(width)
        count, start, end = 0, 0, len(line)
        while start < end and (found := line_at(line, start)) is not None:
            count += 1
            start = found.end()
        if start >= end:
            return max(count, 1)
        # A word wider than the line, which is cut: word by word, below.
    return _lines_word_by_word(line, width)


@cache
def _line_matcher(width: int) -> Callable[[str, int], re.Match[str] | None]:
    return re.compile(rf".{{1,{width}}}(?=\s|$)\s*").match


def _lines_word_by_word(line: str, width: int) -> int:
    """Rich's loop over words, with the length for the cell width."""
    count = 1
    used = 0  # cells of the line so far, the blanks after its last word included
    for word in _WORDS.finditer(line):
        start, text = word.start(), word.group()
        length = len(text.rstrip())
        if width - used >= length:
            used += len(text)
        elif length > width:  # cut into pieces of `width`; the first starts a line of its own
            pieces = -(-len(text) // width)
            count += pieces - 1 + (1 if start else 0)
            used = len(text) - (pieces - 1) * width
        elif used and start:
            count += 1
            used = len(text)
    return count
