"""Laying the article out in lines: (paragraph, start, end) records, wrapped to a width.

The view draws each line from these records, so a new width re-wraps offsets, never text.
"""

from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass
from typing import Literal, NamedTuple

from ..attribution import header_lines, speaker_line
from ..controls import for_screen
from ..model import QUOTATION_KINDS, Article, Paragraph
from .wrapping import wrap_offsets

LineKind = Literal["text", "blank", "title", "meta", "attribution", "rule", "note-label"]


class Line(NamedTuple):
    paragraph: int  # 0 for lines that are not article text
    start: int
    end: int
    kind: LineKind
    label: str = ""  # the words of a line that is not article text


@dataclass(frozen=True, slots=True)
class ParagraphStyle:
    """What does not change while reading: speech and mention spans of one paragraph."""

    display: str
    spans: tuple[tuple[int, int, str], ...]  # (start, end, component class)
    quoted_speaker: str | None  # who is quoted (directly or in part) in the paragraph, if anyone

    @property
    def quoted(self) -> bool:
        """Paragraphs with words in quotation marks get a quote bar and an attribution line."""
        return self.quoted_speaker is not None


def paragraph_style(paragraph: Paragraph) -> ParagraphStyle:
    spans: list[tuple[int, int, str]] = []
    offset = 0
    quoted_speaker = None
    for segment in paragraph.segments:
        end = offset + len(segment.text)
        if segment.kind in QUOTATION_KINDS:
            spans.append((offset, end, "article--direct"))
            quoted_speaker = quoted_speaker or segment.speaker
        elif segment.kind == "reported":
            spans.append((offset, end, "article--reported"))
            # Quoted words inside reported speech are italic; the paragraph is still the
            # reporter's, and gets no quotation bar (¶12 quotes two words).
            for start, stop in segment.partial_quotes:
                spans.append((offset + start, offset + stop, "article--direct"))
        offset = end
    return ParagraphStyle(for_screen(paragraph.text), tuple(spans), quoted_speaker)


class Shapes(NamedTuple):
    """What an estimate of each paragraph's lines needs: the same at every width."""

    lengths: list[int]  # characters of text, by paragraph number (0: the header, none)
    extra: list[int]  # lines beside the text: the attribution, the blank, the note's rule and label


def shapes_of(article: Article, styles: dict[int, ParagraphStyle]) -> Shapes:
    lengths, extra = [0], [0]
    for paragraph in article.paragraphs:
        style = styles[paragraph.number]
        lengths.append(len(style.display))
        rule = 2 if paragraph.is_translation_note else 0
        extra.append(rule + (1 if style.quoted else 0) + 1)
    return Shapes(lengths, extra)


class Layout:
    """The article's lines at one width, each paragraph wrapped when it is first needed.

    Block 0 is the header and its blank line; block n is paragraph n with its attribution and
    the blank after it (and the rule and label before the translation note). A block not yet
    wrapped counts as an estimate of its lines, so the line numbers after it are provisional:
    `wrap_window` makes the lines on screen exact, `wrap_before` the lines above a place the
    view jumps to, and `wrap_more` the rest in slices, between keys. At 5 MB wrapping all
    20,000 paragraphs takes 150-200 ms; a window of them takes a millisecond. An article
    of up to `EAGER_CHARACTERS` is wrapped whole at once: its scroll bar is right at once.
    """

    EAGER_CHARACTERS = 100_000  # about 3 ms of wrapping

    def __init__(
        self, article: Article, styles: dict[int, ParagraphStyle], shapes: Shapes, width: int
    ) -> None:
        self.width = width
        self._article = article
        self._styles = styles
        self._blocks: list[list[Line] | None] = [None] * (len(article.paragraphs) + 1)
        # A line holds a little less than the width: the part of a word that did not fit.
        room = max(1, width - 3)
        sizes = zip(shapes.lengths, shapes.extra, strict=True)
        self._counts = [(-(-length // room) or 1) + extra for length, extra in sizes]
        self._starts: list[int] = []
        self._unwrapped = len(article.paragraphs)
        self._next = 1  # where wrap_more goes on
        self._wrap(0)
        eager = sum(shapes.lengths) <= self.EAGER_CHARACTERS
        if eager:
            for block in range(1, len(self._blocks)):
                self._wrap(block)
        self._count_starts()
        # Nothing left to do in a pause: every line wrapped and, when that took pauses, set
        # aside from the collector's passes (see collector.py). A layout made at once is small.
        self.settled = eager

    @property
    def complete(self) -> bool:
        """Whether every paragraph is wrapped, and every line number final."""
        return not self._unwrapped

    def __len__(self) -> int:
        return self._starts[-1]

    def line(self, index: int) -> tuple[int, int, Line]:
        """The line at `index`, with its block and its place in the block (which name it
        while line numbers move)."""
        block = self._block_at(index)
        lines = self._lines_of(block)
        within = min(index - self._starts[block], len(lines) - 1)
        return block, within, lines[within]

    def text_start(self, paragraph: int) -> int:
        """The index of the first line of `paragraph`'s text (after a rule and a label)."""
        lines = self._lines_of(paragraph)
        first = next((i for i, line in enumerate(lines) if line.paragraph), 0)
        return self._starts[paragraph] + first

    def line_of(self, paragraph: int, offset: int, kinds: tuple[LineKind, ...]) -> int:
        """The index of the line of block `paragraph` showing character `offset`."""
        lines = self._lines_of(paragraph)
        first = next((i for i, line in enumerate(lines) if line.kind in kinds), 0)
        starts = [line.start for line in lines if line.kind in kinds]
        return self._starts[paragraph] + first + max(0, bisect.bisect_right(starts, offset) - 1)

    def wrap_tail(self, lines: int) -> None:
        """Wrap the paragraphs at the end that fill `lines` lines: scrolling to the end lands
        there, and wrapping a window can then never leave it past the last line."""
        self.wrap_before(len(self._blocks) - 1, lines)

    def wrap_before(self, paragraph: int, lines: int) -> None:
        """Wrap `paragraph` and the paragraphs before it that fill `lines` lines above it, so
        that a window opening that far above it is laid out as it will stay."""
        moved = self._wrap(paragraph)
        block, above = paragraph - 1, 0
        while block >= 0 and above < lines:
            moved = self._wrap(block) or moved
            above += self._counts[block]
            block -= 1
        if moved:
            self._count_starts()

    def wrap_window(self, top: int, height: int) -> bool:
        """Wrap the paragraphs shown from line `top` for `height` lines; whether any line
        number after `top` moved."""
        block = self._block_at(top)
        covered, moved = self._starts[block], False
        while block < len(self._blocks) and covered < top + height:
            moved = self._wrap(block) or moved
            covered += self._counts[block]
            block += 1
        if moved:
            self._count_starts()
        return moved

    def wrap_more(self, top: int, paragraphs: int) -> int:
        """Wrap up to `paragraphs` more of those not yet wrapped, in order; where line `top`
        (at the top of the window) is now, the same words."""
        block = self._block_at(top)
        within = top - self._starts[block]
        done = 0
        while self._next < len(self._blocks) and done < paragraphs:
            if self._blocks[self._next] is None:
                self._wrap(self._next)
                done += 1
            self._next += 1
        self._count_starts()
        return self._starts[block] + min(within, self._counts[block] - 1)

    def _block_at(self, index: int) -> int:
        return max(0, min(len(self._blocks) - 1, bisect.bisect_right(self._starts, index) - 1))

    def _lines_of(self, block: int) -> list[Line]:
        if self._wrap(block):
            self._count_starts()
        lines = self._blocks[block]
        assert lines is not None
        return lines

    def _wrap(self, block: int) -> bool:
        """Wrap `block` if it is not yet: whether its count of lines changed."""
        if self._blocks[block] is not None:
            return False
        lines = self._header() if block == 0 else self._paragraph(block)
        self._blocks[block] = lines
        if block:
            self._unwrapped -= 1
        moved = len(lines) != self._counts[block]
        self._counts[block] = len(lines)
        return moved

    def _count_starts(self) -> None:
        self._starts = list(itertools.accumulate(self._counts, initial=0))

    def _labels(self, kind: LineKind, label: str, offset: int | None = None) -> list[Line]:
        # Header lines keep their offsets into the header text, where find's matches point.
        lines = []
        for start, end in wrap_offsets(label, self.width):
            where = (0, 0) if offset is None else (offset + start, offset + end)
            lines.append(Line(0, *where, kind, label[start:end].rstrip()))
        return lines

    def _header(self) -> list[Line]:
        lines: list[Line] = []
        offset = 0
        for number, header in enumerate(header_lines(self._article)):
            lines += self._labels("title" if number == 0 else "meta", for_screen(header), offset)
            offset += len(header) + 1
        lines.append(Line(0, 0, 0, "blank"))
        return lines

    def _paragraph(self, number: int) -> list[Line]:
        paragraph = self._article.paragraphs[number - 1]
        style = self._styles[number]
        lines = []
        if paragraph.is_translation_note:
            lines.append(Line(0, 0, 0, "rule", "─" * self.width))
            lines.append(Line(0, 0, 0, "note-label", "Note from the source"))
        wrapped = wrap_offsets(style.display, self.width)
        lines += [Line(number, start, end, "text") for start, end in wrapped]
        if style.quoted_speaker is not None:
            speaker = for_screen(speaker_line(self._article, style.quoted_speaker))
            lines += self._labels("attribution", f"— {speaker}")
        lines.append(Line(0, 0, 0, "blank"))
        return lines
