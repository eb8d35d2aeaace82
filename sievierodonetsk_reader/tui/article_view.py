"""The article pane: a line-API view that lays out and draws only what is on screen.

Mounting one widget per paragraph costs seconds on a long article; here the paragraphs are
wrapped into (paragraph, start, end) line records, those on screen first and the rest when
the reader pauses (see `Layout`), and each visible line is drawn from the plain text with its
spans styled, so text never passes through markup.
"""

from __future__ import annotations

from typing import ClassVar, NamedTuple

from rich.style import Style
from textual import events
from textual.binding import BindingType
from textual.cache import LRUCache
from textual.geometry import Offset, Region, Size
from textual.message import Message
from textual.reactive import reactive, var
from textual.strip import Strip
from textual.timer import Timer

from .. import collector
from ..formatting import paragraph_opening
from ..model import Article, Span
from ..reading import Reading
from ..search import HEADER
from ..settings import DEFAULT_TEXT_WIDTH, MAX_TEXT_WIDTH, MIN_TEXT_WIDTH
from .keys import VIEW_BINDINGS
from .layout import Layout, LineKind, paragraph_style, shapes_of
from .painting import QUOTE_GUTTER, LinePainter, Marks
from .steady_scroll import SteadyScrollView
from .wrapping import text_width

NUMBERS_MIN_WIDTH = 60  # paragraph numbers come up by themselves from this width of pane
CONTEXT_LINES = 2  # lines of the last page still in view after a page down
# The paragraphs off screen are wrapped once the reader pauses this long (seconds), in slices
# of this many (about 5 ms at 5 MB), so that a key waits for one slice at most.
WRAP_AFTER_PAUSE = 0.3
WRAP_SLICE = 600


class _Frame(NamedTuple):
    """What every line of one frame is drawn with."""

    lines: Layout
    scroll: Offset
    width: int
    base: Style
    look: int  # which of the kept looks (base and component styles) the lines are drawn in


# A drawn line's key: look, margin, block width, block, line of the block.
_StripKey = tuple[int, tuple[int, int], int, int, int]

# Looks kept at once (a line drawn in each): the text with the keys and without them, in
# one theme or two; past that they are dropped, with their lines.
LOOKS_KEPT = 4


class ArticleView(SteadyScrollView, can_focus=True):
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
        "article--suggested",
        "article--current-suggestion",
        "article--number",
        "article--sign",
    }

    BINDINGS: ClassVar[list[BindingType]] = VIEW_BINDINGS

    highlight_mentions: reactive[bool] = reactive(True)
    text_width: reactive[int] = reactive(DEFAULT_TEXT_WIDTH)  # the longest line of text
    paragraph_numbers: reactive[bool | None] = reactive(None)  # None: when there is room
    bookmarks: reactive[frozenset[int]] = reactive(frozenset())
    # What the reader is looking at: bound to the screen's one `reading`, and drawn.
    reading: var[Reading] = var(Reading(), always_update=True)

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
        self._shapes = shapes_of(article, self._styles)
        self._lines: Layout | None = None
        self._previous_layout: Layout | None = None
        self._margin = (0, 0)  # blank cells before the text, and the paragraph-number column
        self._block_width = 0  # cells from the margin to the end of the text
        self._wrapping: Timer | None = None  # wraps the paragraphs off screen, in a pause
        self._slicing = False  # the pause came: slices follow each other until all are wrapped
        # Drawn lines, by (look, margin, block width, block, line of the block). Lines hold
        # resolved colours, so the look they were drawn in comes first: the keys moving to the
        # sidebar and back tint the text and untint it, and each redrew every line (6-16 ms a
        # move). Blocks, not line numbers: those move while paragraphs off screen are wrapped;
        # widths too: the sidebar shown and hidden goes back and forth between two, whose lines
        # both stay.
        self._strip_cache: LRUCache[_StripKey, Strip] = LRUCache(2048)
        self._style_cache: dict[str, Style] = {}  # component styles
        # Each look by what makes it (the base style and every component style), and the one
        # of this frame; None once the styles changed, until it is known again.
        self._looks: dict[tuple[Style, tuple[Style, ...]], int] = {}
        self._look: tuple[Style, int] | None = None
        self._pending_reveal: Span | None = None
        self._anchor: Span | None = None  # words to keep at the top while lines rewrap
        # The words the last rewrap kept at the top, and the line it put them on: while the
        # view is still there, the next rewrap keeps the same words, so that the sidebar shown
        # and hidden again (or `+` then `-`) comes back to the very line it left, rather than
        # to the start of the line that held the top words at the other width.
        self._kept_top: tuple[Span, int] | None = None
        self._marks = Marks()
        self._painter: LinePainter | None = None  # made once the app's console exists
        self._frame: _Frame | None = None  # while a frame is drawn

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

    def _layout(self) -> Layout:
        width = self.measure
        numbers = self._number_width()
        block = numbers + len(QUOTE_GUTTER) + width
        # A wide window centres the text: the margins share what the measure leaves.
        margin = (max(0, (self.scrollable_content_region.width - block) // 2), numbers)
        lines = self._lines
        if lines is None or width != lines.width:
            # Keep the words at the top of the window there when the lines rewrap (and if they
            # rewrap twice before the view has moved, the words from before the first time).
            if self._anchor is None and lines is not None and self.scroll_y > 0:
                self._anchor = self._top_words(lines)
            # The layout it replaces is kept: showing and hiding the sidebar (or the numbers)
            # goes back and forth between two widths.
            previous, self._previous_layout = self._previous_layout, lines
            if previous is not None and previous.width == width:
                lines = previous
            else:
                lines = Layout(self.article, self._styles, self._shapes, width)
            self._lines = lines
        elif margin == self._margin:
            return lines  # the common case: called for every line drawn
        self._margin, self._block_width = margin, block
        self._fit(lines)
        if self._anchor is not None:
            # Often called while drawing: move on the next turn, not in the middle of a frame.
            self.call_later(self._return_to_anchor)
        return lines

    def _fit(self, lines: Layout) -> None:
        """Wrap what the window shows (and the end, where `G` goes), and size the view."""
        height = self.scrollable_content_region.height
        lines.wrap_tail(height)
        lines.wrap_window(int(self.scroll_y), height)
        self._sized(lines)
        self._wrap_later()

    def _sized(self, lines: Layout) -> None:
        size = Size(self._margin[0] + self._block_width, len(lines))
        if size != self.virtual_size:
            self.virtual_size = size

    def _wrap_later(self) -> None:
        """Wrap the paragraphs off screen once the reader pauses (each move puts it off)."""
        if self._lines is None or self._lines.settled or self._slicing:
            return
        if self._wrapping is not None:
            self._wrapping.stop()
        self._wrapping = self.set_timer(WRAP_AFTER_PAUSE, self._wrap_more)

    def _wrap_more(self) -> None:
        self._wrapping, self._slicing = None, False
        lines = self._lines
        if lines is None or lines.settled:
            return
        if not lines.complete:  # else the keys wrapped the rest (a jump to the end)
            if self.scroll_target_y != self.scroll_y:  # a smooth scroll is under way: later
                self._wrap_later()
                return
            self._slicing = True
            top = lines.wrap_more(int(self.scroll_y), WRAP_SLICE)
            self._sized(lines)
            if top != int(self.scroll_y):  # the same words at the top, at their new number
                if (words := self._kept_words()) is not None:
                    self._kept_top = (words, top)
                self.scroll_to(y=top, animate=False, immediate=True, force=True)
            if not lines.complete:
                self.call_later(self._wrap_more)  # after what came in meanwhile (a key...)
                return
        self._slicing = False
        # Kept as long as this width is (or the one before): the collector's passes skip them.
        lines.settled = True
        collector.set_aside()

    @property
    def laid_out(self) -> bool:
        """Whether every paragraph is wrapped at the current width (line numbers final)."""
        return self._lines is not None and self._lines.complete

    def start_at(self, span: Span) -> None:
        """Open with `span` at the top of the window (a reading position brought back)."""
        if self._lines is not None:
            self._scroll_to_span(span)
        else:
            self._anchor = span  # the first layout goes there

    def watch_text_width(self) -> None:
        self.refresh()

    def widen(self, step: int) -> tuple[int | None, str]:
        """Widen (or with a negative step narrow) the text: the new width, and what to say."""
        width = max(MIN_TEXT_WIDTH, min(MAX_TEXT_WIDTH, self.text_width + step))
        if width == self.text_width:
            limit = "at most" if step > 0 else "at least"
            return None, (
                f"The text is already {width} columns {limit} ({MIN_TEXT_WIDTH}-{MAX_TEXT_WIDTH})."
            )
        self.text_width = width
        shown = self.measure + len(QUOTE_GUTTER)
        room = "" if shown >= width else f"; the window shows {shown}"
        return width, f"Text width {width} columns{room}."

    def watch_paragraph_numbers(self) -> None:
        self.refresh()

    def watch_bookmarks(self) -> None:
        self._redraw()

    def toggle_bookmark_at_top(self) -> str:
        """`m`: bookmark the paragraph at the top of the window, or remove its bookmark."""
        number = self.top_paragraph()
        if number in self.bookmarks:
            self.bookmarks = self.bookmarks - {number}
            return f"Removed the bookmark on ¶ {number}."
        self.bookmarks = self.bookmarks | {number}
        return f"Bookmarked ¶ {number} (' lists the bookmarks)."

    def toggle_numbers(self) -> str:
        """`#`: paragraph numbers in the margin on or off."""
        self.paragraph_numbers = not self.numbers_shown
        return "Paragraph numbers on." if self.paragraph_numbers else "Paragraph numbers off."

    def bookmark_list(self) -> list[tuple[int, str]]:
        """The bookmarked paragraphs, each named with its number and first words."""
        return [
            (number, f"¶ {number}: {paragraph_opening(self.article, number)}")
            for number in sorted(self.bookmarks)
        ]

    def _kept_words(self) -> Span | None:
        """The words the last rewrap put at the top, if the view has not moved since."""
        kept = self._kept_top
        return kept[0] if kept is not None and kept[1] == int(self.scroll_y) else None

    def _top_words(self, lines: Layout) -> Span | None:
        words = self._kept_words()
        return words if words is not None else self._top_span_in(lines)

    def _return_to_anchor(self) -> None:
        anchor, self._anchor = self._anchor, None
        if anchor is not None:
            self._scroll_to_span(anchor)
            self._kept_top = (anchor, int(self.scroll_y))

    def _scroll_to_span(self, span: Span, above: int = 0) -> None:
        """Scroll so that `span` is `above` lines below the top of the window."""
        lines = self._layout()
        lines.wrap_before(span.paragraph, above)  # so the lines above it stay where they are
        line = self.line_of(span.paragraph, span.start)
        self._sized(lines)
        # Forced: before its first layout a view has no scroll bar, and so "cannot scroll".
        self.scroll_to(y=max(0, line - above), animate=False, immediate=True, force=True)

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        resized = super()._size_updated(size, virtual_size, container_size, layout)
        if resized and self._lines is not None:
            # Rewrapped for the new room in the layout that gives it, not as the frame draws
            # it: its new height then asked for a second layout of the whole screen (the
            # sidebar shown or hidden: 4-6 ms at 5 MB).
            height = self.virtual_size
            self._layout()
            if self.virtual_size != height:
                self._scroll_update(self.virtual_size)
        return resized

    def on_resize(self, event: events.Resize) -> None:
        pending, self._pending_reveal = self._pending_reveal, None
        self._fit(self._layout())
        if pending is not None and self.size.height:
            self.reveal(pending)
        self.post_message(self.Resized())

    # -- positions --------------------------------------------------------------------------
    def line_of(self, paragraph: int, offset: int) -> int:
        """The index of the screen line showing character `offset` of `paragraph`."""
        kinds: tuple[LineKind, ...] = ("title", "meta") if paragraph == HEADER else ("text",)
        return self._layout().line_of(paragraph, offset, kinds)

    def top_span(self) -> Span | None:
        """The first article text at or below the top of the window."""
        return self._top_span_in(self._layout())

    def _top_span_in(self, lines: Layout) -> Span | None:
        for index in range(int(self.scroll_y), len(lines)):
            _, _, line = lines.line(index)
            if line.paragraph:
                return Span(line.paragraph, line.start, line.end)
        return None

    def shows(self, span: Span) -> bool:
        """Whether any of `span` is in the window now."""
        if not self.size.height:
            return False
        top = int(self.scroll_y)
        bottom = top + self.scrollable_content_region.height
        first = self.line_of(span.paragraph, span.start)
        last = self.line_of(span.paragraph, max(span.start, span.end - 1))
        return first < bottom and last >= top

    def top_paragraph(self) -> int:
        """The paragraph at the top of the window (the last, below the text's end)."""
        top = self.top_span()
        return top.paragraph if top else len(self.article.paragraphs)

    def find_start(self) -> Span | None:
        """Where find's first match is looked for: the headline if it is in the window."""
        if self.article.paragraphs and self.scroll_y < self._layout().text_start(1):
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
        self._scroll_to_span(span, above=min(line, height // 3))

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if self._lines is not None and self._lines.wrap_window(
            int(new_value), self.scrollable_content_region.height
        ):
            self._sized(self._lines)
        self._wrap_later()
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
    def watch_reading(self, reading: Reading) -> None:
        if reading != self._marks.reading:  # the same marks (the binding's first value): no redraw
            self._redraw()

    def watch_highlight_mentions(self) -> None:
        self._redraw()

    def _redraw(self) -> None:
        self._marks = Marks.of(self.reading, self.highlight_mentions, self.bookmarks, self._marks)
        self._strip_cache.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._style_cache.clear()
        self._look = None

    def _look_of(self, base: Style) -> int:
        """The look lines are drawn in now: the same number whenever the styles come back to
        what they were (the keys back in the text), so that its lines are drawn again from
        the cache."""
        if self._look is not None and self._look[0] == base:
            return self._look[1]
        made = (base, tuple(self._style(name) for name in sorted(self.COMPONENT_CLASSES)))
        look = self._looks.get(made)
        if look is None:
            if len(self._looks) >= LOOKS_KEPT:
                self._looks.clear()
                self._strip_cache.clear()
            look = self._looks[made] = len(self._looks)
        self._look = (base, look)
        return look

    # -- drawing ----------------------------------------------------------------------------
    def render_lines(self, crop: Region) -> list[Strip]:
        if not self.is_attached:
            # Removed (a reload), and drawn once more from the last frame's layout: the
            # removal took its styles away.
            return [Strip.blank(crop.width)] * crop.height
        # What each line needs is the same for the whole frame: asked once, not per line (the
        # base style alone walks the widget's ancestors).
        self._frame = self._frame_now()
        try:
            return super().render_lines(crop)
        finally:
            self._frame = None

    def _frame_now(self) -> _Frame:
        lines = self._layout()
        base = self.rich_style
        return _Frame(
            lines,
            self.scroll_offset,
            self.scrollable_content_region.width,
            base,
            self._look_of(base),
        )

    def render_line(self, y: int) -> Strip:
        lines, (scroll_x, scroll_y), width, base, look = self._frame or self._frame_now()
        index = scroll_y + y
        if index >= len(lines):
            return Strip.blank(width, base)
        block, within, line = lines.line(index)
        if len(lines) != self.virtual_size.height:  # wrapped while drawing: size it after
            self.call_later(self._sized, lines)
        key = (look, self._margin, self._block_width, block, within)
        strip = self._strip_cache.get(key)
        if strip is None:
            strip = self.painter.draw(line, base, self._margin, self._marks)
            self._strip_cache[key] = strip
        return strip.crop_extend(scroll_x, scroll_x + width, base)

    @property
    def painter(self) -> LinePainter:
        if self._painter is None:
            self._painter = LinePainter(self.article, self._styles, self._style, self.app.console)
        return self._painter

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

    # -- mouse ------------------------------------------------------------------------------
    def on_click(self, event: events.Click) -> None:
        lines = self._layout()
        index = int(self.scroll_y) + event.y - self.styles.gutter.top
        if not 0 <= index < len(lines):
            return
        _, _, line = lines.line(index)
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
        for _, _, mentioned in self.painter.mentions(line.paragraph).overlapping(
            offset, offset + 1
        ):
            entity_id = mentioned
        self.post_message(self.SpanClicked(line.paragraph, offset, entity_id))

    # -- for tests and the status line ---------------------------------------------------------
    def visible_text(self) -> str:
        """The article words currently in the window, one screen line per line."""
        lines = self._layout()
        top = int(self.scroll_y)
        shown = range(top, min(len(lines), top + self.scrollable_content_region.height))
        rows = [lines.line(index)[2] for index in shown]
        return "\n".join(
            self._styles[row.paragraph].display[row.start : row.end].rstrip()
            if row.paragraph
            else row.label
            for row in rows
        )
