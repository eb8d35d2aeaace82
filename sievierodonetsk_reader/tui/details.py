"""The details of the sidebar's chosen entry, drawn a line at a time: only the lines in view.

A much-named place lists forty snippets, some ninety lines at the sidebar's width. In a
Static each change of the details rendered all of them (6-9 ms of each tab key and each move
in a list at 5 MB); here they are wrapped once and only the dozen in view are drawn.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
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


class Details:
    """A text for the pane, with its lines as written and its wrappings, by width."""

    def __init__(self, text: Text) -> None:
        self.content = Content.from_rich_text(text)
        self.paragraphs = self.content.split("\n", allow_blank=True)
        self.wraps: dict[int, Wrapped] = {}

    def wrapped(self, width: int) -> Wrapped:
        if (wrapped := self.wraps.get(width)) is not None:
            return wrapped
        wrapped = self.wraps[width] = Wrapped([], [])
        start = 0
        for paragraph in self.paragraphs:
            plain = paragraph.plain
            found = 0
            for piece in paragraph.wrap(width):
                found = plain.find(piece.plain, found)  # each piece in its place, in order
                wrapped.starts.append(start + max(found, 0))
                wrapped.lines.append(piece)
            start += len(plain) + 1
        return wrapped


class DetailsPane(SteadyScrollView, can_focus=True):
    """Text wrapped to the pane's width and scrolled, drawn line by line, selectable.

    The last few texts shown (or made ready) are kept with their wrappings, by a key that
    names what they tell of: going back to an entry, or to a tab, shows it at once."""

    KEPT = 16

    def __init__(self, text: Text, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._details = Details(text)
        self._kept: dict[Hashable, Details] = {}  # by key, the last used last
        self._width = 0  # the width of the lines shown
        self._lines: list[Content] = []  # wrapped
        self._starts: list[int] = []  # where each wrapped line starts in the content's plain
        self._strips: dict[int, Strip] = {}  # drawn lines, by number, without a selection

    @property
    def content(self) -> Content:
        """What the pane shows, unwrapped."""
        return self._details.content

    def show(self, key: Hashable, text: Callable[[], Text]) -> None:
        """Show the text that `key` names from its top: kept, or made by `text`."""
        self._show(self._kept_or_made(key, text))

    def make_ready(self, key: Hashable, text: Callable[[], Text]) -> None:
        """Make and wrap the text that `key` names for the pane's width, to show it later at
        once (a tab's first entry, before its key)."""
        details = self._kept_or_made(key, text)
        room = self._room(self.outer_size)
        if room is not None:
            self._fitted(details, room)

    def _kept_or_made(self, key: Hashable, text: Callable[[], Text]) -> Details:
        details = self._kept.pop(key, None) or Details(text())
        self._kept[key] = details
        if len(self._kept) > self.KEPT:
            del self._kept[next(iter(self._kept))]
        return details

    def _show(self, details: Details) -> None:
        self._details = details
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
        """Wrap the text for the pane's `size` (its border and padding in); whether the
        lines changed."""
        room = self._room(size)
        if room is None:
            return False
        width, wrapped = self._fitted(self._details, room)
        if wrapped.lines is self._lines:
            return False
        self._width, self._lines, self._starts = width, wrapped.lines, wrapped.starts
        self._strips.clear()
        return True

    def _fitted(self, details: Details, room: tuple[int, int]) -> tuple[int, Wrapped]:
        """`details` wrapped for the room, and the width they were wrapped to: more lines
        than the pane has (written, or once wrapped) bring a scroll bar, whose columns are
        taken from the text."""
        width, height = room
        if len(details.paragraphs) > height or len(details.wrapped(width).lines) > height:
            width = max(1, width - self.styles.scrollbar_size_vertical)
        return width, details.wrapped(width)

    def _room(self, size: Size) -> tuple[int, int] | None:
        """The columns and lines inside the pane's border and padding, if any."""
        gutter = self.styles.gutter
        width, height = size.width - gutter.width, size.height - gutter.height
        return (width, height) if width > 0 else None

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
        plain = self._details.content.plain
        start = self._index(selection.start, 0)
        end = self._index(selection.end, len(plain))
        return plain[start:end], "\n"

    def _index(self, offset: Offset | None, otherwise: int) -> int:
        """Where a point of a selection (column and wrapped line) falls in the plain text."""
        if offset is None or not self._starts:
            return otherwise
        number = min(max(offset.y, 0), len(self._starts) - 1)
        return self._starts[number] + min(offset.x, len(self._lines[number]))

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()  # drawn in the colours of before (a theme, the focus)

    def selection_updated(self, selection: Selection | None) -> None:
        self._strips.clear()
        self.refresh()
