"""Laying the article out in lines: (paragraph, start, end) records, wrapped to a width.

The view draws each line from these records, so a new width re-wraps offsets, never text.
"""

from __future__ import annotations

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


def lay_out(
    article: Article, styles: dict[int, ParagraphStyle], width: int
) -> tuple[list[Line], list[int]]:
    """The lines of the article at `width`, and the index of each paragraph's first line."""
    lines: list[Line] = []

    def add_label(kind: LineKind, label: str, offset: int | None = None) -> None:
        # Header lines keep their offsets into the header text, where find's matches point.
        for start, end in wrap_offsets(label, width):
            where = (0, 0) if offset is None else (offset + start, offset + end)
            lines.append(Line(0, *where, kind, label[start:end].rstrip()))

    offset = 0
    for number, header in enumerate(header_lines(article)):
        add_label("title" if number == 0 else "meta", for_screen(header), offset)
        offset += len(header) + 1
    lines.append(Line(0, 0, 0, "blank"))
    first_line = [0]
    for paragraph in article.paragraphs:
        style = styles[paragraph.number]
        if paragraph.is_translation_note:
            lines.append(Line(0, 0, 0, "rule", "─" * width))
            lines.append(Line(0, 0, 0, "note-label", "Note from the source"))
        first_line.append(len(lines))
        for start, end in wrap_offsets(style.display, width):
            lines.append(Line(paragraph.number, start, end, "text"))
        if style.quoted_speaker is not None:
            add_label("attribution", f"— {for_screen(speaker_line(article, style.quoted_speaker))}")
        lines.append(Line(0, 0, 0, "blank"))
    return lines, first_line
