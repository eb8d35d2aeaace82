"""A screen that lays out and draws a change once: one layout, one frame.

Two habits of Textual's cost every key that moves the focus or resizes a pane a second
pass, in which nothing on screen changes:

- A widget asks for its repaint by a message posted when it is next idle. A key that moves
  the focus restyles the scroll bars of what it leaves and enters, and their messages came
  after the key's frame: a second frame, the same bars written again (3-4 ms of a tab key at
  5 MB, and their bytes a second time over a slow link).
- A layout hands each widget its new size, and a widget's scrollable size is a reactive that
  asks for a layout when it changes: each layout that resized a widget was followed by a
  second one of the whole screen (3-7 ms at 5 MB: the map's panes as its tab opens, the
  text's as the sidebar hides, the footer's keys). That layout had already placed everything
  for those sizes; a scroll bar that comes or goes asks for its layout by a reactive of its
  own, which still does. A widget's request for a layout is a message too: one posted before
  a layout of the whole screen began (the footer's keys, relabelled in the key's turn) asked
  for a second layout of what the first had arranged.
- A screen whose size changes is sent a Resize by the layout that gave it that size, and
  Screen's handler lays it all out again at that size (5 ms at 5 MB, and a frame): a
  window's resize was two layouts of the same screen.
"""

from __future__ import annotations

from typing import Any, cast

from textual import _time, messages
from textual._compositor import Compositor, ReflowResult
from textual.geometry import Size
from textual.screen import Screen
from textual.widget import Widget

# Textual's reactive for a widget's scrollable size; `_layout` is its "lay out again" flag.
_SCROLLABLE_SIZE = Widget.virtual_size


class _SizingCompositor(Compositor):
    """Textual's, noting when it last arranged the whole screen."""

    arranged_at = float("-inf")

    def reflow(self, parent: Widget, size: Size) -> ReflowResult:
        self.arranged_at = _time.get_time()
        arranged = super().reflow(parent, size)
        # What follows hands each widget the size this layout gave it (Screen's
        # _refresh_layout), until the frame is drawn (_compositor_refresh).
        _SCROLLABLE_SIZE._layout = False
        return arranged


class OneFrameScreen(Screen[None]):
    """A screen whose layouts and frames each draw a change whole."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._compositor = _SizingCompositor()
        self._resize_echo: Size | None = None

    def _refresh_layout(self, size: Size | None = None, scroll: bool = False) -> None:
        before = self.outer_size  # Screen's `size` is the app's, new before the layout
        try:
            super()._refresh_layout(size, scroll)
        finally:
            _SCROLLABLE_SIZE._layout = True
        if before and self.outer_size != before:  # resized (the first layout is left be)
            self._resize_echo = self.outer_size  # Textual has posted the screen a Resize

    def _screen_resized(self, size: Size) -> None:
        if size == self._resize_echo:
            # The Resize that the last layout sent the screen for the size it gave it, which
            # that layout arranged (what changed since asks for a layout of its own). Screen's
            # handler still sets the size classes.
            self._resize_echo = None
            return
        super()._screen_resized(size)

    async def _on_layout(self, message: messages.Layout) -> None:
        if message.time < cast(_SizingCompositor, self._compositor).arranged_at:
            # Asked for before the last layout began, which arranged the widget afresh (its
            # idle cleared what was arranged before posting this).
            message.prevent_default()  # Screen's handler would lay it all out again
            message.stop()

    def _compositor_refresh(self) -> None:
        _SCROLLABLE_SIZE._layout = True  # the sizes are handed out: a change asks again
        if self is self.app.screen and not self.app.is_inline:
            pending = {
                widget for widget in self._compositor.visible_widgets if widget._repaint_regions
            }
            if pending:
                for widget in pending:
                    widget._repaint_required = False  # drawn in this frame: no message for it
                self._compositor.update_widgets(pending)
        super()._compositor_refresh()
