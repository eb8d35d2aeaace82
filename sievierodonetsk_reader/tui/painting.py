"""Drawing one laid-out line of the article: the text with its marks, gutter and numbers.

What marks a line carries comes from a `Marks` value that the view rebuilds when the reading
changes; the painter itself keeps only caches of what never changes (mentions by paragraph).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip

from ..model import Article, Span
from ..reading import Reading
from .layout import Line, LineKind, ParagraphStyle
from .spans import NO_SPANS_BY_PARAGRAPH, SpanIndex, SpansByParagraph

QUOTE_GUTTER = "▌ "
PLAIN_GUTTER = "  "
BOOKMARK_MARK = "•"
# Signs beside a line, in the gutter's second column, for what colour alone would show (and
# NO_COLOR or a 16-colour terminal would not): the current quote, a find match, an item of
# the selection; the first that applies.
QUOTE_SIGN = "»"
MATCH_SIGN = "/"
ITEM_SIGN = "›"
SUGGESTED_SIGN = "?"  # a line with something draft proposed and no one reviewed
LABEL_STYLES: dict[LineKind, str] = {
    "title": "article--title",
    "meta": "article--meta",
    "attribution": "article--attribution",
    "rule": "article--rule",
    "note-label": "article--note",
}


@dataclass(frozen=True)
class Marks:
    """What is marked on the article now, indexed by paragraph for drawing."""

    reading: Reading = field(default_factory=Reading)
    highlight_mentions: bool = True
    bookmarks: frozenset[int] = frozenset()
    selected: SpansByParagraph = NO_SPANS_BY_PARAGRAPH
    matches: SpansByParagraph = NO_SPANS_BY_PARAGRAPH

    @classmethod
    def of(
        cls, reading: Reading, highlight_mentions: bool, bookmarks: frozenset[int], last: Marks
    ) -> Marks:
        # The indexes are rebuilt only when their spans changed: n keeps both.
        selected = last.selected if reading.items is last.reading.items else None
        last_matches = last.reading.finding.matches if last.reading.finding else ()
        new_matches = reading.finding.matches if reading.finding else ()
        matches = last.matches if new_matches is last_matches else None
        return cls(
            reading,
            highlight_mentions,
            bookmarks,
            selected if selected is not None else SpansByParagraph(reading.items),
            matches if matches is not None else SpansByParagraph(new_matches),
        )


class LinePainter:
    """Draws lines of one article with the styles its view resolves."""

    def __init__(
        self,
        article: Article,
        styles: dict[int, ParagraphStyle],
        style: Callable[[str], Style],
        console: Console,
    ) -> None:
        self.article = article
        self.styles = styles
        self._style = style
        self._console = console
        self._mentions_by_paragraph: dict[int, SpanIndex] = {}  # built as lines are drawn
        self._suggested = SpansByParagraph(suggested_spans(article))

    def mentions(self, paragraph: int) -> SpanIndex:
        index = self._mentions_by_paragraph.get(paragraph)
        if index is None:
            mentions = self.article.mentions_in(paragraph)
            index = SpanIndex([(m.start, m.end, m.entity_id) for m in mentions])
            self._mentions_by_paragraph[paragraph] = index
        return index

    def draw(self, line: Line, base: Style, margin: tuple[int, int], marks: Marks) -> Strip:
        if line.kind == "blank":
            return Strip.blank(0, base)
        if line.kind != "text":
            return self._draw_label(line, base, margin, marks)
        paragraph = self.article.paragraphs[line.paragraph - 1]
        style = self.styles[line.paragraph]
        gutter = QUOTE_GUTTER if style.quoted else PLAIN_GUTTER
        sign = self._sign(line, marks)
        if sign:
            gutter = gutter[0] + sign
        shown = style.display[line.start : line.end].rstrip()
        indent, numbers = margin
        lead = " " * indent + _number_column(line, numbers, marks.bookmarks)
        text = Text(lead + gutter + shown, style=base)
        if numbers:
            text.stylize(self._style("article--number"), indent, len(lead))
        if style.quoted:
            text.stylize(self._style("article--gutter"), len(lead), len(lead) + 1)
        if sign:
            text.stylize(self._style("article--sign"), len(lead) + 1, len(lead) + 2)
        paint = self._painter(text, line, len(lead) + len(gutter), len(shown))
        if paragraph.is_translation_note:
            paint(line.start, line.end, "article--note")
        for start, end, name in style.spans:
            paint(start, end, name)
        if marks.highlight_mentions:
            for start, end, entity_id in self.mentions(line.paragraph).overlapping(
                line.start, line.end
            ):
                entity = self.article.entity(entity_id)
                paint(start, end, f"article--{entity.entity_type}")
        selected = marks.selected.of(line.paragraph)
        for start, end, _ in selected.overlapping(line.start, line.end):
            paint(start, end, "article--selected")
        suggested = self._suggested.of(line.paragraph)
        for start, end, _ in suggested.overlapping(line.start, line.end):
            paint(start, end, "article--suggested")
        if marks.reading.suggestion is not None:
            _paint_span(paint, line, marks.reading.suggestion.span, "article--current-suggestion")
        _paint_span(paint, line, marks.reading.current_item, "article--current-item")
        quote = marks.reading.quote
        if quote is not None:
            _paint_span(paint, line, quote.span, "article--current")
        self._paint_matches(paint, line, marks)
        return text_strip(text, self._console)

    def _draw_label(self, line: Line, base: Style, margin: tuple[int, int], marks: Marks) -> Strip:
        """A line that is not article text: headline, dateline, attribution, rule."""
        gutter = QUOTE_GUTTER if line.kind == "attribution" else PLAIN_GUTTER
        lead = " " * sum(margin)
        text = Text(lead + gutter + line.label, style=base)
        text.stylize(self._style(LABEL_STYLES[line.kind]), len(lead) + len(gutter))
        if line.kind == "attribution":
            text.stylize(self._style("article--gutter"), len(lead), len(lead) + 1)
        if line.end > line.start:  # a header line, which find searches
            painter = self._painter(text, line, len(lead) + len(gutter), len(line.label))
            self._paint_matches(painter, line, marks)
        return text_strip(text, self._console)

    def _sign(self, line: Line, marks: Marks) -> str:
        reading = marks.reading
        quote = reading.quote
        if (
            quote is not None
            and quote.paragraph == line.paragraph
            and quote.start < line.end
            and quote.end > line.start
        ):
            return QUOTE_SIGN
        if marks.matches.of(line.paragraph).overlapping(line.start, line.end):
            return MATCH_SIGN
        if marks.selected.of(line.paragraph).overlapping(line.start, line.end):
            return ITEM_SIGN
        if self._suggested.of(line.paragraph).overlapping(line.start, line.end):
            return SUGGESTED_SIGN
        return ""

    def _painter(
        self, text: Text, line: Line, gutter: int, shown: int
    ) -> Callable[[int, int, str], None]:
        """Styles text at offsets of the line's paragraph, clipped to what the line shows."""
        shift = gutter - line.start
        limit = line.start + shown

        def paint(start: int, end: int, name: str) -> None:
            start, end = max(start, line.start), min(end, limit)
            if start < end:
                text.stylize(self._style(name), start + shift, end + shift)

        return paint

    @staticmethod
    def _paint_matches(paint: Callable[[int, int, str], None], line: Line, marks: Marks) -> None:
        matches = marks.matches.of(line.paragraph)
        for start, end, _ in matches.overlapping(line.start, line.end):
            paint(start, end, "article--match")
        _paint_span(paint, line, marks.reading.current_match, "article--current-match")


def suggested_spans(article: Article) -> tuple[Span, ...]:
    """Where the text shows what draft proposed and no one reviewed: speech and mentions."""
    suggested = {entity.id for entity in article.entities if entity.suggested}
    spans = [quote.span for quote in article.quotes if quote.suggested]
    if suggested:
        spans += [m.span for m in article.mentions if m.entity_id in suggested]
    return tuple(sorted(spans))


def _paint_span(
    paint: Callable[[int, int, str], None], line: Line, span: Span | None, name: str
) -> None:
    if span is not None and span.paragraph == line.paragraph:
        paint(span.start, span.end, name)


def _number_column(line: Line, width: int, bookmarks: frozenset[int]) -> str:
    """The paragraph's number on its first line (and a mark if it is bookmarked)."""
    if not width:
        return ""
    if line.start != 0:
        return " " * width
    mark = BOOKMARK_MARK if line.paragraph in bookmarks else " "
    return f"{line.paragraph:>{width - 2}}{mark} "


def text_strip(text: Text, console: Console) -> Strip:
    """One line of Rich text as a strip, every attribute kept (Content drops overline)."""
    segments = list(text.render(console, ""))
    if not segments:
        return Strip([Segment("")], 0)
    # Text.render leaves the base style off a text with no spans: Strip puts it back.
    base = text.style if isinstance(text.style, Style) else Style.parse(text.style)
    return Strip(segments, text.cell_len).apply_style(base)
