"""The article pane: a line-API view that lays out and draws only what is on screen.

Mounting one widget per paragraph costs seconds on a long article; here the paragraphs are
wrapped into (paragraph, start, end) line records on resize, and each visible line is drawn
from the plain text with its spans styled, so text never passes through markup.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from typing import ClassVar

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ..model import Article, Span
from ..search import HEADER
from ..settings import DEFAULT_TEXT_WIDTH
from .layout import Line, lay_out, paragraph_style
from .spans import NO_SPANS, SpanIndex, spans_by_paragraph
from .wrapping import text_width

QUOTE_GUTTER = "▌ "
PLAIN_GUTTER = "  "
NUMBERS_MIN_WIDTH = 60  # paragraph numbers come up by themselves from this width of pane
BOOKMARK_MARK = "•"
CONTEXT_LINES = 2  # lines of the last page still in view after a page down


class ArticleView(ScrollView, can_focus=True):
    """The article, wrapped to the window, with speech and mentions styled."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article--title",
        "article--meta",
        "article--person",
        "article--place",
        "article--date",
        "article--organization",
        "article--direct",
        "article--reported",
        "article--gutter",
        "article--attribution",
        "article--note",
        "article--rule",
        "article--current",
        "article--selected",
        "article--match",
        "article--current-match",
        "article--current-item",
        "article--number",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "scroll_down", "Down", show=False, id="line-down"),
        Binding("k,up", "scroll_up", "Up", show=False, id="line-up"),
        Binding("space,pagedown,ctrl+f", "page_down", "Page down", show=False, id="page-down"),
        Binding("b,pageup", "page_up", "Page up", show=False, id="page-up"),
        Binding("ctrl+d", "half_page_down", "Half a page down", show=False, id="half-page-down"),
        Binding("ctrl+u", "half_page_up", "Half a page up", show=False, id="half-page-up"),
        Binding("g,home", "scroll_home", "Top", show=False, id="top"),
        Binding("G,end", "scroll_end", "End", show=False, id="end"),
    ]

    highlight_mentions: reactive[bool] = reactive(True)
    text_width: reactive[int] = reactive(DEFAULT_TEXT_WIDTH)  # the longest line of text
    paragraph_numbers: reactive[bool | None] = reactive(None)  # None: when there is room
    bookmarks: reactive[frozenset[int]] = reactive(frozenset())

    class Scrolled(Message):
        """The reading position changed: `progress` is how far through, in per cent."""

        def __init__(self, progress: int) -> None:
            super().__init__()
            self.progress = progress

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, ArticleView.Scrolled)  # a burst: only the last counts

    class Resized(Message):
        """The pane changed size: the window did, or a panel beside it came or went."""

    class SpanClicked(Message):
        """The reader clicked on the article: the entity mentioned there, if any."""

        def __init__(self, paragraph: int, offset: int, entity_id: str | None) -> None:
            super().__init__()
            self.paragraph = paragraph
            self.offset = offset
            self.entity_id = entity_id

    def __init__(self, article: Article, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.article = article
        self._styles = {p.number: paragraph_style(p) for p in article.paragraphs}
        self._lines: list[Line] = []
        self._first_line: list[int] = []  # index of each paragraph's first text line
        self._layout_width = -1
        self._margin = (0, 0)  # blank cells before the text, and the paragraph-number column
        # Drawn lines, by line number; they hold resolved colours, so a new theme, focus or
        # base style clears them (notify_style_update), as Textual's own Log does.
        self._strip_cache: LRUCache[int, Strip] = LRUCache(1024)
        self._style_cache: dict[str, Style] = {}  # component styles
        self.current_quote: Span | None = None
        self._pending_reveal: Span | None = None
        self._anchor: Span | None = None  # words to keep at the top while lines rewrap
        self.matches: tuple[Span, ...] = ()
        self.current_match: Span | None = None
        self.current_item: Span | None = None  # of the selection
        self._selected_by_paragraph: dict[int, SpanIndex] = {}
        self._matches_by_paragraph: dict[int, SpanIndex] = {}
        self._mentions_by_paragraph: dict[int, SpanIndex] = {}  # built as lines are drawn

    # -- layout -----------------------------------------------------------------------------
    @property
    def numbers_shown(self) -> bool:
        if self.paragraph_numbers is None:
            return self.scrollable_content_region.width >= NUMBERS_MIN_WIDTH
        return self.paragraph_numbers

    def _number_width(self) -> int:
        """Cells of the paragraph-number column: "12• " holds a number, a bookmark, a space."""
        return len(str(len(self.article.paragraphs))) + 2 if self.numbers_shown else 0

    @property
    def measure(self) -> int:
        """How many cells of text a line holds: the window's width, up to the text width."""
        room = self.scrollable_content_region.width - self._number_width()
        # At least one cell, never wider than the pane: a tiny window wraps word by word.
        return max(1, min(self.text_width, room) - len(QUOTE_GUTTER))

    def _layout(self) -> None:
        width = self.measure
        numbers = self._number_width()
        block = numbers + len(QUOTE_GUTTER) + width
        # A wide window centres the text: the margins share what the measure leaves.
        margin = (max(0, (self.scrollable_content_region.width - block) // 2), numbers)
        rewrap = width != self._layout_width
        if margin == self._margin and not rewrap:
            return
        self._margin = margin
        self._strip_cache.clear()
        if rewrap:
            # Keep the words at the top of the window there when the lines rewrap (and if they
            # rewrap twice before the view has moved, the words from before the first time).
            if self._anchor is None and self._lines and self.scroll_y > 0:
                self._anchor = self.top_span()
            self._layout_width = width
            self._lines, self._first_line = lay_out(self.article, self._styles, width)
        self.virtual_size = Size(margin[0] + block, len(self._lines))
        if self._anchor is not None:
            # Often called while drawing: move on the next turn, not in the middle of a frame.
            self.call_later(self._return_to_anchor)

    def start_at(self, span: Span) -> None:
        """Open with `span` at the top of the window (a reading position brought back)."""
        if self._lines:
            self.scroll_to(y=self.line_of(span.paragraph, span.start), animate=False)
        else:
            self._anchor = span  # the first layout goes there

    def watch_text_width(self) -> None:
        self.refresh()

    def watch_paragraph_numbers(self) -> None:
        self.refresh()

    def watch_bookmarks(self) -> None:
        self._redraw()

    def _return_to_anchor(self) -> None:
        anchor, self._anchor = self._anchor, None
        if anchor is not None:
            line = self.line_of(anchor.paragraph, anchor.start)
            # Forced: before its first layout a view has no scroll bar, and so "cannot scroll".
            self.scroll_to(y=line, animate=False, immediate=True, force=True)

    def on_resize(self, event: events.Resize) -> None:
        pending, self._pending_reveal = self._pending_reveal, None
        self._layout()
        if pending is not None and self.size.height:
            self.reveal(pending)
        self.post_message(self.Resized())

    # -- positions --------------------------------------------------------------------------
    def line_of(self, paragraph: int, offset: int) -> int:
        """The index of the screen line showing character `offset` of `paragraph`."""
        self._layout()
        first = self._first_line[paragraph]
        last = (
            self._first_line[paragraph + 1]
            if paragraph + 1 < len(self._first_line)
            else len(self._lines)
        )
        kinds = ("title", "meta") if paragraph == HEADER else ("text",)
        starts = [line.start for line in self._lines[first:last] if line.kind in kinds]
        return first + max(0, bisect.bisect_right(starts, offset) - 1)

    def top_span(self) -> Span | None:
        """The first article text at or below the top of the window."""
        for line in self._lines[int(self.scroll_y) :]:
            if line.paragraph:
                return Span(line.paragraph, line.start, line.end)
        return None

    def find_start(self) -> Span | None:
        """Where find's first match is looked for: the headline if it is in the window."""
        self._layout()
        if len(self._first_line) > 1 and self.scroll_y < self._first_line[1]:
            return Span(HEADER, 0, 0)
        return self.top_span()

    @property
    def progress(self) -> int:
        if self.max_scroll_y <= 0:
            return 100
        return round(100 * self.scroll_y / self.max_scroll_y)

    def reveal(self, span: Span) -> None:
        """Scroll `span` into view, a third of the way down, unless it is in view already."""
        if not self.size.height:  # hidden behind the sidebar: reveal it once shown again
            self._pending_reveal = span
            return
        line = self.line_of(span.paragraph, span.start)
        height = self.scrollable_content_region.height
        if self.scroll_y + 1 <= line < self.scroll_y + height - 1:
            return
        self.scroll_to(y=max(0, line - height // 3), animate=False, immediate=True)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self.post_message(self.Scrolled(self.progress))

    # -- keys: a reader jumps at once; smooth scrolling would delay every page turn ----------
    def action_scroll_home(self) -> None:
        self.scroll_home(animate=False, immediate=True)

    def action_scroll_end(self) -> None:
        self.scroll_end(animate=False, immediate=True)

    # A page keeps two lines of the last one in view, so a sentence is never cut from its
    # start; half a page moves as `less` and vim do with ctrl+d / ctrl+u.
    def action_page_down(self) -> None:
        self._scroll_lines(max(1, self.scrollable_content_region.height - CONTEXT_LINES))

    def action_page_up(self) -> None:
        self._scroll_lines(-max(1, self.scrollable_content_region.height - CONTEXT_LINES))

    def action_half_page_down(self) -> None:
        self._scroll_lines(max(1, self.scrollable_content_region.height // 2))

    def action_half_page_up(self) -> None:
        self._scroll_lines(-max(1, self.scrollable_content_region.height // 2))

    def _scroll_lines(self, lines: int) -> None:
        self.scroll_to(y=self.scroll_y + lines, animate=False, immediate=True)

    # -- state that changes the drawing ------------------------------------------------------
    def set_current_quote(self, span: Span | None) -> None:
        self.current_quote = span
        self._redraw()

    def set_selection(self, spans: tuple[Span, ...], current: Span | None = None) -> None:
        self._selected_by_paragraph = spans_by_paragraph(spans)
        self.current_item = current
        self._redraw()

    def set_matches(self, spans: tuple[Span, ...], current: Span | None) -> None:
        self.matches = spans
        self.current_match = current
        self._matches_by_paragraph = spans_by_paragraph(spans)
        self._redraw()

    def watch_highlight_mentions(self) -> None:
        self._redraw()

    def _redraw(self) -> None:
        self._strip_cache.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strip_cache.clear()
        self._style_cache.clear()

    # -- drawing ----------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        self._layout()
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if index >= len(self._lines):
            return Strip.blank(width, base)
        strip = self._strip_cache.get(index)
        if strip is None:
            strip = self._render_article_line(self._lines[index], base)
            self._strip_cache[index] = strip
        return strip.crop_extend(scroll_x, scroll_x + width, base)

    def _style(self, name: str) -> Style:
        style = self._style_cache.get(name)
        if style is None:
            style = self._style_cache[name] = self._compute_style(name)
        return style

    def _compute_style(self, name: str) -> Style:
        # Only what the rule sets: a style keeps the colours beneath it (the line's background,
        # a mention's colour under a match), and never the background the widget had when the
        # style was first asked for. The colours come from the full style, where translucent
        # ones are blended with the background.
        full = self.get_component_rich_style(name)
        partial = self.get_component_rich_style(name, partial=True)
        return partial + Style(
            color=full.color if partial.color else None,
            bgcolor=full.bgcolor if partial.bgcolor else None,
        )

    def mark_style(self, kind: str) -> Style:
        """How a kind of mention is drawn ("person", "place" ...), for the legend."""
        return self._style(f"article--{kind}")

    def _render_article_line(self, line: Line, base: Style) -> Strip:
        if line.kind == "blank":
            return Strip.blank(0, base)
        if line.kind != "text":
            return self._render_label_line(line, base)
        paragraph = self.article.paragraphs[line.paragraph - 1]
        style = self._styles[line.paragraph]
        gutter = QUOTE_GUTTER if style.quoted else PLAIN_GUTTER
        shown = style.display[line.start : line.end].rstrip()
        indent, numbers = self._margin
        lead = " " * indent + self._number_column(line, numbers)
        text = Text(lead + gutter + shown, style=base)
        if numbers:
            text.stylize(self._style("article--number"), indent, len(lead))
        if style.quoted:
            text.stylize(self._style("article--gutter"), len(lead), len(lead) + 1)
        paint = self._painter(text, line, len(lead) + len(gutter), len(shown))
        if paragraph.is_translation_note:
            paint(line.start, line.end, "article--note")
        for start, end, name in style.spans:
            paint(start, end, name)
        if self.highlight_mentions:
            for start, end, entity_id in self._mentions(line.paragraph).overlapping(
                line.start, line.end
            ):
                entity = self.article.entity(entity_id)
                paint(start, end, f"article--{entity.entity_type}")
        selected = self._selected_by_paragraph.get(line.paragraph, NO_SPANS)
        for start, end, _ in selected.overlapping(line.start, line.end):
            paint(start, end, "article--selected")
        item = self.current_item  # the one n / N reached
        if item is not None and item.paragraph == line.paragraph:
            paint(item.start, item.end, "article--current-item")
        current = self.current_quote
        if current is not None and current.paragraph == line.paragraph:
            paint(current.start, current.end, "article--current")
        self._paint_matches(paint, line)
        return text_strip(text, self.app.console)

    def _render_label_line(self, line: Line, base: Style) -> Strip:
        """A line that is not article text: headline, dateline, attribution, rule."""
        name = {
            "title": "article--title",
            "meta": "article--meta",
            "attribution": "article--attribution",
            "rule": "article--rule",
            "note-label": "article--note",
        }[line.kind]
        gutter = QUOTE_GUTTER if line.kind == "attribution" else PLAIN_GUTTER
        lead = " " * sum(self._margin)
        text = Text(lead + gutter + line.label, style=base)
        text.stylize(self._style(name), len(lead) + len(gutter))
        if line.kind == "attribution":
            text.stylize(self._style("article--gutter"), len(lead), len(lead) + 1)
        if line.end > line.start:  # a header line, which find searches
            painter = self._painter(text, line, len(lead) + len(gutter), len(line.label))
            self._paint_matches(painter, line)
        return text_strip(text, self.app.console)

    def _number_column(self, line: Line, width: int) -> str:
        """The paragraph's number on its first line (and a mark if it is bookmarked)."""
        if not width:
            return ""
        if line.start != 0:
            return " " * width
        mark = BOOKMARK_MARK if line.paragraph in self.bookmarks else " "
        return f"{line.paragraph:>{width - 2}}{mark} "

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

    def _paint_matches(self, paint: Callable[[int, int, str], None], line: Line) -> None:
        matches = self._matches_by_paragraph.get(line.paragraph, NO_SPANS)
        for start, end, _ in matches.overlapping(line.start, line.end):
            paint(start, end, "article--match")
        match = self.current_match
        if match is not None and match.paragraph == line.paragraph:
            paint(match.start, match.end, "article--current-match")

    def _mentions(self, paragraph: int) -> SpanIndex:
        index = self._mentions_by_paragraph.get(paragraph)
        if index is None:
            mentions = self.article.mentions_in(paragraph)
            index = SpanIndex([(m.start, m.end, m.entity_id) for m in mentions])
            self._mentions_by_paragraph[paragraph] = index
        return index

    # -- mouse ------------------------------------------------------------------------------
    def on_click(self, event: events.Click) -> None:
        index = int(self.scroll_y) + event.y - self.styles.gutter.top
        if not 0 <= index < len(self._lines):
            return
        line = self._lines[index]
        if not line.paragraph:
            return
        column = event.x - self.styles.gutter.left + int(self.scroll_x)
        column -= sum(self._margin) + len(QUOTE_GUTTER)
        display = self._styles[line.paragraph].display
        offset, cells = line.start, 0
        while offset < line.end and cells + text_width(display[offset]) <= column:
            cells += text_width(display[offset])
            offset += 1
        entity_id = None
        for _, _, mentioned in self._mentions(line.paragraph).overlapping(offset, offset + 1):
            entity_id = mentioned
        self.post_message(self.SpanClicked(line.paragraph, offset, entity_id))

    # -- for tests and the status line ---------------------------------------------------------
    def visible_text(self) -> str:
        """The article words currently in the window, one screen line per line."""
        self._layout()
        height = self.scrollable_content_region.height
        rows = self._lines[int(self.scroll_y) : int(self.scroll_y) + height]
        return "\n".join(
            self._styles[row.paragraph].display[row.start : row.end].rstrip()
            if row.paragraph
            else row.label
            for row in rows
        )


def text_strip(text: Text, console: Console) -> Strip:
    """One line of Rich text as a strip, every attribute kept (Content drops overline)."""
    segments = list(text.render(console, ""))
    if not segments:
        return Strip([Segment("")], 0)
    # Text.render leaves the base style off a text with no spans: Strip puts it back.
    base = text.style if isinstance(text.style, Style) else Style.parse(text.style)
    return Strip(segments, text.cell_len).apply_style(base)
