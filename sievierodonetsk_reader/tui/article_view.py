"""The article pane: a line-API view that lays out and draws only what is on screen.

Mounting one widget per paragraph costs seconds on a long article; here the paragraphs are
wrapped into (paragraph, start, end) line records on resize, and each visible line is drawn
from the plain text with its spans styled, so text never passes through markup.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import ClassVar, NamedTuple

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ..attribution import source_line, speaker_line, translation_line
from ..model import QUOTATION_KINDS, Article, Paragraph, Span
from .wrapping import text_width, visible, wrap_offsets

MAX_TEXT_WIDTH = 88  # a comfortable measure for reading; wider windows get margins
QUOTE_GUTTER = "▌ "
PLAIN_GUTTER = "  "


_OVERLAYS = frozenset(
    {
        "article--direct",
        "article--reported",
        "article--current",
        "article--selected",
        "article--match",
        "article--current-match",
    }
)


class _Line(NamedTuple):
    paragraph: int  # 0 for lines that are not article text
    start: int
    end: int
    kind: str  # "text", "blank", "title", "meta", "attribution", "rule", "note-label"
    label: str = ""  # the words of a line that is not article text


@dataclass(frozen=True, slots=True)
class _ParagraphStyle:
    """What does not change while reading: speech and mention spans of one paragraph."""

    display: str
    spans: tuple[tuple[int, int, str], ...]  # (start, end, component class)
    quoted_speaker: str | None  # who is quoted (directly or in part) in the paragraph, if anyone

    @property
    def quoted(self) -> bool:
        """Paragraphs with words in quotation marks get a quote bar and an attribution line."""
        return self.quoted_speaker is not None


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
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "scroll_down", "Down", show=False),
        Binding("k,up", "scroll_up", "Up", show=False),
        Binding("space,pagedown,ctrl+f", "page_down", "Page down", show=False),
        Binding("b,pageup,ctrl+u", "page_up", "Page up", show=False),
        Binding("g,home", "scroll_home", "Top", show=False),
        Binding("G,end", "scroll_end", "End", show=False),
    ]

    highlight_mentions: reactive[bool] = reactive(True)

    class Scrolled(Message):
        """The reading position changed: `progress` is how far through, in per cent."""

        def __init__(self, progress: int) -> None:
            super().__init__()
            self.progress = progress

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
        self._styles = {p.number: self._paragraph_style(p) for p in article.paragraphs}
        self._lines: list[_Line] = []
        self._first_line: list[int] = []  # index of each paragraph's first text line
        self._layout_width = -1
        self._strip_cache: dict[int, Strip] = {}
        self._cache_key: tuple[Style, str] | None = None
        self._style_cache: dict[str, Style] = {}  # component styles, for the same key
        self.current_quote: Span | None = None
        self._pending_reveal: Span | None = None
        self._anchor: Span | None = None  # words to keep at the top while lines rewrap
        self.matches: tuple[Span, ...] = ()
        self.current_match: Span | None = None
        self._selected_by_paragraph: dict[int, _SpanIndex] = {}
        self._matches_by_paragraph: dict[int, _SpanIndex] = {}
        self._mentions_by_paragraph: dict[int, _SpanIndex] = {}  # built as lines are drawn

    # -- layout -----------------------------------------------------------------------------
    def _paragraph_style(self, paragraph: Paragraph) -> _ParagraphStyle:
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
                for start, stop in segment.partial_quotes:  # quoted words inside reported speech
                    spans.append((offset + start, offset + stop, "article--direct"))
                    quoted_speaker = quoted_speaker or segment.speaker
            offset = end
        return _ParagraphStyle(visible(paragraph.text), tuple(spans), quoted_speaker)

    @property
    def text_width(self) -> int:
        return max(8, min(MAX_TEXT_WIDTH, self.scrollable_content_region.width) - len(QUOTE_GUTTER))

    def _layout(self) -> None:
        width = self.text_width
        if width == self._layout_width:
            return
        # Keep the words at the top of the window there when the lines rewrap (and if they
        # rewrap twice before the view has moved, the words from before the first time).
        if self._anchor is None and self._lines and self.scroll_y > 0:
            self._anchor = self.top_span()
        self._layout_width = width
        article = self.article
        meta = article.metadata
        lines: list[_Line] = []

        def add_label(kind: str, label: str) -> None:
            for start, end in wrap_offsets(label, width):
                lines.append(_Line(0, 0, 0, kind, label[start:end].rstrip()))

        add_label("title", visible(meta.title))
        add_label("meta", visible(f"{meta.dateline} · events of {meta.reference_date:%A %d %B %Y}"))
        provenance = [source_line(article), translation_line(article, provider=False)]
        if any(provenance):
            add_label("meta", visible(" · ".join(fact for fact in provenance if fact)))
        lines.append(_Line(0, 0, 0, "blank"))
        first_line = [0]
        for paragraph in article.paragraphs:
            style = self._styles[paragraph.number]
            if paragraph.is_translation_note:
                lines.append(_Line(0, 0, 0, "rule", "─" * width))
                lines.append(_Line(0, 0, 0, "note-label", "Note from the source"))
            first_line.append(len(lines))
            for start, end in wrap_offsets(style.display, width):
                lines.append(_Line(paragraph.number, start, end, "text"))
            if style.quoted_speaker is not None:
                add_label("attribution", f"— {self._attribution(style.quoted_speaker)}")
            lines.append(_Line(0, 0, 0, "blank"))
        self._lines = lines
        self._first_line = first_line
        self._strip_cache.clear()
        self.virtual_size = Size(width + len(QUOTE_GUTTER), len(lines))
        if self._anchor is not None:
            # Often called while drawing: move on the next turn, not in the middle of a frame.
            self.call_later(self._return_to_anchor)

    def _return_to_anchor(self) -> None:
        anchor, self._anchor = self._anchor, None
        if anchor is not None:
            self.scroll_to(y=self.line_of(anchor.paragraph, anchor.start), animate=False)

    def _attribution(self, speaker: str) -> str:
        return visible(speaker_line(self.article, speaker))

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
        starts = [line.start for line in self._lines[first:last] if line.kind == "text"]
        return first + max(0, bisect.bisect_right(starts, offset) - 1)

    def top_span(self) -> Span | None:
        """The first article text at or below the top of the window."""
        for line in self._lines[int(self.scroll_y) :]:
            if line.paragraph:
                return Span(line.paragraph, line.start, line.end)
        return None

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

    def action_page_down(self) -> None:
        self.scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        self.scroll_page_up(animate=False)

    # -- state that changes the drawing ------------------------------------------------------
    def set_current_quote(self, span: Span | None) -> None:
        self.current_quote = span
        self._redraw()

    def set_selection(self, spans: tuple[Span, ...]) -> None:
        self._selected_by_paragraph = _by_paragraph(spans)
        self._redraw()

    def set_matches(self, spans: tuple[Span, ...], current: Span | None) -> None:
        self.matches = spans
        self.current_match = current
        self._matches_by_paragraph = _by_paragraph(spans)
        self._redraw()

    def watch_highlight_mentions(self) -> None:
        self._redraw()

    def _redraw(self) -> None:
        self._strip_cache.clear()
        self.refresh()

    # -- drawing ----------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        self._layout()
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if index >= len(self._lines):
            return Strip.blank(width, base)
        # Strips hold resolved colours: a new theme or base style makes them all stale.
        cache_key = (base, self.app.theme)
        if cache_key != self._cache_key:
            self._strip_cache.clear()
            self._style_cache.clear()
            self._cache_key = cache_key
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
        full = self.get_component_rich_style(name)
        if name not in _OVERLAYS:
            return full
        # An overlay keeps the colours beneath it, adding only what its rule sets; the colours
        # come from the full style, where translucent ones are blended with the background.
        partial = self.get_component_rich_style(name, partial=True)
        return partial + Style(
            color=full.color if partial.color else None,
            bgcolor=full.bgcolor if partial.bgcolor else None,
        )

    def _render_article_line(self, line: _Line, base: Style) -> Strip:
        if line.kind == "blank":
            return Strip.blank(0, base)
        if line.kind != "text":
            name = {
                "title": "article--title",
                "meta": "article--meta",
                "attribution": "article--attribution",
                "rule": "article--rule",
                "note-label": "article--note",
            }[line.kind]
            gutter = QUOTE_GUTTER if line.kind == "attribution" else PLAIN_GUTTER
            text = Text(gutter + line.label, style=base)
            text.stylize(self._style(name), len(gutter))
            if line.kind == "attribution":
                text.stylize(self._style("article--gutter"), 0, 1)
            return _strip(text, self.app.console)
        paragraph = self.article.paragraphs[line.paragraph - 1]
        style = self._styles[line.paragraph]
        gutter = QUOTE_GUTTER if style.quoted else PLAIN_GUTTER
        shown = style.display[line.start : line.end].rstrip()
        text = Text(gutter + shown, style=base)
        if style.quoted:
            text.stylize(self._style("article--gutter"), 0, 1)
        shift = len(gutter) - line.start
        limit = line.start + len(shown)

        def paint(start: int, end: int, name: str) -> None:
            start, end = max(start, line.start), min(end, limit)
            if start < end:
                text.stylize(self._style(name), start + shift, end + shift)

        if paragraph.is_translation_note:
            paint(line.start, limit, "article--note")
        for start, end, name in style.spans:
            paint(start, end, name)
        if self.highlight_mentions:
            for start, end, entity_id in self._mentions(line.paragraph).overlapping(
                line.start, limit
            ):
                entity = self.article.entity(entity_id)
                paint(start, end, f"article--{entity.entity_type}")
        selected = self._selected_by_paragraph.get(line.paragraph, _NO_SPANS)
        for start, end, _ in selected.overlapping(line.start, limit):
            paint(start, end, "article--selected")
        current = self.current_quote
        if current is not None and current.paragraph == line.paragraph:
            paint(current.start, current.end, "article--current")
        matches = self._matches_by_paragraph.get(line.paragraph, _NO_SPANS)
        for start, end, _ in matches.overlapping(line.start, limit):
            paint(start, end, "article--match")
        match = self.current_match
        if match is not None and match.paragraph == line.paragraph:
            paint(match.start, match.end, "article--current-match")
        return _strip(text, self.app.console)

    def _mentions(self, paragraph: int) -> _SpanIndex:
        index = self._mentions_by_paragraph.get(paragraph)
        if index is None:
            mentions = self.article.mentions_in(paragraph)
            index = _SpanIndex([(m.start, m.end, m.entity_id) for m in mentions])
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
        column = event.x - self.styles.gutter.left + int(self.scroll_x) - len(QUOTE_GUTTER)
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


class _SpanIndex:
    """Spans of one paragraph, found by position: a line asks only for those it shows.

    A paragraph can hold hundreds of thousands of mentions; looping over all of them for each
    line drawn made a page turn take seconds.
    """

    def __init__(self, spans: list[tuple[int, int, str]]) -> None:
        self._spans = sorted(spans)
        self._starts = [start for start, _, _ in self._spans]
        self._longest = max((end - start for start, end, _ in self._spans), default=0)

    def overlapping(self, start: int, end: int) -> list[tuple[int, int, str]]:
        first = bisect.bisect_left(self._starts, start - self._longest)
        last = bisect.bisect_left(self._starts, end)
        return [span for span in self._spans[first:last] if span[1] > start]


_NO_SPANS = _SpanIndex([])


def _by_paragraph(spans: tuple[Span, ...]) -> dict[int, _SpanIndex]:
    grouped: dict[int, list[tuple[int, int, str]]] = {}
    for span in spans:
        grouped.setdefault(span.paragraph, []).append((span.start, span.end, ""))
    return {paragraph: _SpanIndex(group) for paragraph, group in grouped.items()}


def _strip(text: Text, console: Console) -> Strip:
    # Text.render leaves the base style off a text with no spans: put it back on every segment.
    base = text.style if isinstance(text.style, Style) else Style.parse(text.style)
    segments = list(Segment.apply_style(text.render(console, ""), base))
    return Strip(segments, text.cell_len) if segments else Strip([Segment("")], 0)
