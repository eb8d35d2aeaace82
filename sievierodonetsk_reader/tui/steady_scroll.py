"""A scroll view that a layout of the screen leaves alone when it gave it what it had."""

from __future__ import annotations

from textual.geometry import Size
from textual.scroll_view import ScrollView

_LaidOutAs = tuple[Size, Size, Size, bool, bool]


class SteadyScrollView(ScrollView):
    """Textual's ScrollView compares the container size a layout hands it with its own, which
    counts its scroll bars in, so every layout of the screen found it resized: it drew its
    scroll bars again (the article's 38 lines at each tab key of the sidebar) and an option
    list rewrapped its entries. A layout that brings the same size, scrollable size and
    container as the last one changes nothing here."""

    _laid_out_as: _LaidOutAs | None = None

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        # A ScrollView sets its own scrollable size (Textual's ignores the one passed in).
        laid_out_as = (size, self.virtual_size, container_size, *self._bars_mounted())
        if laid_out_as == self._laid_out_as:
            return False
        self._laid_out_as = laid_out_as
        return super()._size_updated(size, virtual_size, container_size, layout)

    def _bars_mounted(self) -> tuple[bool, bool]:
        # Textual draws a scroll bar it has just started before the bar is mounted, and a
        # position given to it then is not drawn: its next layout draws the bar again, so the
        # first layout after the bars are mounted is not spared (a reader restored at its
        # place would show the thumb at the top).
        bars = (self._vertical_scrollbar, self._horizontal_scrollbar)
        vertical, horizontal = (bar is not None and bar.is_mounted for bar in bars)
        return vertical, horizontal
