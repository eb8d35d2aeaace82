"""A scroll view that a layout of the screen leaves alone when it gave it what it had."""

from __future__ import annotations

from textual.geometry import Size
from textual.scroll_view import ScrollView


class SteadyScrollView(ScrollView):
    """Textual's ScrollView compares the container size a layout hands it with its own, which
    counts its scroll bars in, so every layout of the screen found it resized: it drew its
    scroll bars again (the article's 38 lines at each tab key of the sidebar) and an option
    list rewrapped its entries. A layout that brings the same size, scrollable size and
    container as the last one changes nothing here."""

    _laid_out_as: tuple[Size, Size, Size] | None = None

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        # A ScrollView sets its own scrollable size (Textual's ignores the one passed in).
        laid_out_as = (size, self.virtual_size, container_size)
        if laid_out_as == self._laid_out_as:
            return False
        self._laid_out_as = laid_out_as
        return super()._size_updated(size, virtual_size, container_size, layout)
