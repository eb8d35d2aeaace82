"""The details of the sidebar's chosen entry, drawn a line at a time: only the lines in view.

A much-named place lists forty snippets, some ninety lines at the sidebar's width. In a
Static each change of the details rendered all of them (6-9 ms of each tab key and each move
in a list at 5 MB); here they are wrapped once and only the dozen in view are drawn.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.text import Text
from textual.content import Content
from textual.geometry import Offset, Size
from textual.selection import Selection
from textual.strip import Strip
from textual.style import Style
from textual.visual import Visual

from .steady_scroll import SteadyScrollView


class Wrapped(NamedTuple):
    lines: list[Content]
    starts: list[int]  # where each line starts in the content's plain text


class DetailsPane(SteadyScrollView, can_focus=True):
    """Text wrapped to the pane's width and scrolled, drawn line by line, selectable."""

    def __init__(self, text: Text, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._content = Content.from_rich_text(text)
        self._paragraphs: list[Content] = []  # the content's lines as written
        self._wraps: dict[int, Wrapped] = {}  # the content wrapped, by width
        self._width = 0  # the width of the lines shown
        self._lines: list[Content] = []  # wrapped
        self._starts: list[int] = []  # where each wrapped line starts in the content's plain
        self._strips: dict[int, Strip] = {}  # drawn lines, by number, without a selection

    @property
    def content(self) -> Content:
        """What the pane shows, unwrapped."""
        return self._content

    def update(self, text: Text) -> None:
        """Show `text` from its top."""
        self._content = Content.from_rich_text(text)
        self._paragraphs = []
        self._wraps.clear()
        self.scroll_to(0, 0, animate=False, immediate=True)
        if self._wrap(self.outer_size):
            self.virtual_size = Size(self._width, len(self._lines))
        self.refresh()

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        # Wrapped for the new size before the scroll bars are decided, in the same layout.
        if self._wrap(size):
            self.set_reactive(DetailsPane.virtual_size, Size(self._width, len(self._lines)))
        return super()._size_updated(size, virtual_size, container_size, layout)

    def _wrap(self, size: Size) -> bool:
        """Wrap the content for the pane's `size` (its border and padding in); whether the
        lines changed."""
        gutter = self.styles.gutter
        width, height = size.width - gutter.width, size.height - gutter.height
        if width <= 0:
            return False
        if not self._paragraphs:
            self._paragraphs = self._content.split("\n", allow_blank=True)
        # More lines than the pane has (written, or once wrapped): a scroll bar comes, and
        # takes its columns from the text.
        if len(self._paragraphs) > height or len(self._wrapped(width).lines) > height:
            width = max(1, width - self.styles.scrollbar_size_vertical)
        wrapped = self._wrapped(width)
        if wrapped.lines is self._lines:
            return False
        self._width, self._lines, self._starts = width, wrapped.lines, wrapped.starts
        self._strips.clear()
        return True

    def _wrapped(self, width: int) -> Wrapped:
        if (wrapped := self._wraps.get(width)) is not None:
            return wrapped
        wrapped = self._wraps[width] = Wrapped([], [])
        start = 0
        for paragraph in self._paragraphs:
            plain = paragraph.plain
            found = 0
            for piece in paragraph.wrap(width):
                found = plain.find(piece.plain, found)  # each piece in its place, in order
                wrapped.starts.append(start + max(found, 0))
                wrapped.lines.append(piece)
            start += len(plain) + 1
        return wrapped

    def render_line(self, y: int) -> Strip:
        number = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        rich_style = self.rich_style
        if number >= len(self._lines):
            return Strip.blank(width, rich_style)
        selection = self.text_selection
        strip = None if selection is not None else self._strips.get(number)
        if strip is None:
            line = self._lines[number]
            if selection is not None and (span := selection.get_span(number)) is not None:
                start, end = span
                look = Style.from_styles(self.screen.get_component_styles("screen--selection"))
                line = line.stylize(look, start, len(line) if end == -1 else end)
            drawn = Visual.to_strips(self, line, width, 1, self.visual_style, apply_selection=False)
            strip = (drawn[0] if drawn else Strip([])).crop_extend(0, width, rich_style)
            strip = strip.apply_offsets(0, number)  # where a selection starts and ends
            if selection is None:
                self._strips[number] = strip
        return strip

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        # From the text as written: a selection across a wrapped line has no break there.
        plain = self._content.plain
        start = self._index(selection.start, 0)
        end = self._index(selection.end, len(plain))
        return plain[start:end], "\n"

    def _index(self, offset: Offset | None, otherwise: int) -> int:
        """Where a point of a selection (column and wrapped line) falls in the plain text."""
        if offset is None or not self._starts:
            return otherwise
        number = min(max(offset.y, 0), len(self._starts) - 1)
        return self._starts[number] + min(offset.x, len(self._lines[number]))

    def selection_updated(self, selection: Selection | None) -> None:
        self._strips.clear()
        self.refresh()
