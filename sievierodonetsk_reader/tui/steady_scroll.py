"""A scroll view that a layout of the screen leaves alone when it gave it what it had."""

from __future__ import annotations

from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.widget import Widget

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


def style_scroll_bars(widget: Widget) -> None:
    """Give `widget`'s scroll bars their styles now, while nothing waits on the screen.

    Textual styles a scroll bar only when its widget's styles change, as when the widget first
    gains or loses the keys. Their sizes, unset until then, changed, and asked for a second
    layout of the whole screen after that key's frame (4 ms at 5 MB). Styled before, the
    key's update changes nothing that moves."""
    stylesheet = widget.app.stylesheet
    if widget.show_vertical_scrollbar:
        stylesheet.apply(widget.vertical_scrollbar)
    if widget.show_horizontal_scrollbar:
        stylesheet.apply(widget.horizontal_scrollbar)
