"""The status line: what the reader is looking at, drawn from the screen's `reading`."""

from __future__ import annotations

from rich.text import Text
from textual.geometry import Size
from textual.reactive import var
from textual.widgets import Static

from ..controls import for_screen
from ..formatting import plural
from ..model import Article
from ..reading import Reading, travelled

# What to press first, as long as the window has room for (the position takes the rest).
HINTS = (
    "] next quote · } next speaker · / find · ? help",
    "] quote · } speaker · / find · ? help",
    "? help",
)
# Where the keys go when it is not the text, and how to come back: said in words, so that it
# shows in any terminal (a focus colour does not without colour).
PANE_HINTS = {
    "sidebar": "In the sidebar: j/k move · Enter chooses · Escape back to the text",
    "map": "On the map: +/- zoom · arrows pan · v close-up · Escape back to the text",
}


class StatusLine(Static):
    """The find count, the selection, the current quote; or a one-off message."""

    reading: var[Reading] = var(Reading(), always_update=True)
    position: var[str] = var("")  # where the top of the window is: "¶ 12/25 · 48%"
    pane: var[str] = var("")  # where the keys go, if not to the text: "sidebar", "map"

    def __init__(self, article: Article, *, suggestions: int = 0, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self.article = article
        # What draft proposed and no one reviewed: a decision reloads, with a new status line.
        self._suggestions = suggestions
        self._flash = ""

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        resized = super()._size_updated(size, virtual_size, container_size, layout)
        if resized:
            # Fitted to its new width in the layout that gives it, not at the Resize after
            # that layout's frame, which showed the position where the old width put it.
            self._show()
        return resized

    def flash(self, message: str) -> None:
        """Show `message` first until the reading next changes."""
        self._flash = message
        self._show()

    def watch_reading(self) -> None:
        self._flash = ""
        self._show()

    def watch_position(self) -> None:
        self._show()  # keeps a flash: scrolling is not news

    def watch_pane(self) -> None:
        self._show()

    def _show(self) -> None:
        if not self.is_mounted:
            return
        # Most pressing first: the news, the reading, where the keys go, how a quote travelled.
        parts = [self._flash] if self._flash else []
        parts += self.reading.summary(self.article)
        if self._suggestions:
            parts.append(f"{plural(self._suggestions, 'suggestion')} left (> <)")
        if self.pane in PANE_HINTS:
            parts.append(PANE_HINTS[self.pane])
        if how := travelled(self.reading, self.article):
            parts.append(how)
        # The reading position is always shown, at the right: what is cut is the rest.
        position = f" {self.position}"
        room = max(0, self.size.width - len(position))
        hint = next((h for h in HINTS if len(h) <= room), HINTS[-1])
        parts = [for_screen(part) for part in parts or [hint]]
        # Whole parts, each that fits in order; the first is cut if it alone does not (so
        # "Quote 1/5 - Serhiy Gaidai" is never cut for the chain after it).
        left = parts[0]
        for part in parts[1:]:
            if len(left) + 3 + len(part) <= room:
                left += " │ " + part
        if len(left) > room:
            left = left[: max(0, room - 1)] + "…"
        line = Text(left.ljust(room))
        line.append(position, style="bold")
        # One line of fixed size: a new layout of the screen at every key would be waste
        # (Static.update(layout=False) measured as fast as a bare reactive widget).
        self.update(line, layout=False)
