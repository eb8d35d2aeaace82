"""How many lines an option list gives an entry, measured as Textual measures it, but quickly.

Textual measures an entry by turning its text into a `Content` and wrapping that into lines
of styled segments, only to count them: 12,600 quote entries at 5 MB took 0.6-1 s, which a
window's resize, a narrow window's Quotes key or the wrap ahead paid. The count needs only
where the lines break, which Textual takes from Rich's `divide_line`; for text whose every
character is one cell wide (nearly all of it) that is the same word loop with `len` for the
cell width. tests/test_list_heights.py holds it equal to Textual's count.
"""

from __future__ import annotations

import re
from functools import cache

from rich._wrap import divide_line  # where Textual's Content breaks its lines

# Rich's words: a run of non-blanks with the blanks before (at the start only) and after.
_WORDS = re.compile(r"\s*\S+\s*")

# Blocks whose characters are mostly one cell wide: Latin, Greek and Cyrillic, and the
# punctuation of typeset text (dashes, curly quotes, the ellipsis). Which are is Rich's word.
_MOSTLY_ONE_CELL = ((0xA0, 0x300), (0x370, 0x483), (0x2010, 0x2028), (0x2030, 0x205F))


def lines_taken(text: str, width: int) -> int | None:
    """The lines that Textual's wrapping (fold, no line padding) gives `text` at `width`
    cells; None where the quick measure does not apply: no room at all, or characters that
    are not printable (a tab, which Textual expands, control codes, which it strips).
    Article text has none of them; Textual measures what has."""
    lines = text.split("\n")
    if width < 1 or not all(line.isprintable() for line in lines):
        return None
    one_cell = _one_cell_characters()
    return sum(
        _lines_of_one_cell(line, width)
        if line.isascii() or one_cell.issuperset(line)
        else len(divide_line(line, width)) + 1
        for line in lines
    )


@cache
def _one_cell_characters() -> frozenset[str]:
    from rich.cells import get_character_cell_size

    printable_ascii = (chr(code) for code in range(0x20, 0x7F))
    others = (chr(code) for start, end in _MOSTLY_ONE_CELL for code in range(start, end))
    return frozenset(printable_ascii) | {c for c in others if get_character_cell_size(c) == 1}


def _lines_of_one_cell(line: str, width: int) -> int:
    """`len(divide_line(line, width)) + 1` for a line without a line break whose characters
    are each one cell wide: Rich's loop over words, with the length for the cell width."""
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
