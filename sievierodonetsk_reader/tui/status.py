"""The status line: what the reader is looking at, derived from the screen's state."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Static

from .wrapping import visible

if TYPE_CHECKING:
    from .screen import ReaderScreen

HINT = "] next quote · } next speaker · / find · ? help"
# The screen's reactive state the line is made from.
WATCHED = ("current_quote", "selection_id", "selection_index", "find_summary")


class StatusLine(Static):
    """The find count, the selection, the current quote; or a one-off message."""

    def on_mount(self) -> None:
        self._flash = ""
        for name in WATCHED:
            self.watch(self.screen, name, self._state_changed, init=False)
        self.watch(self.screen, "position", self._show, init=False)  # keeps a flash
        self._show()

    def on_resize(self) -> None:
        self._show()

    def flash(self, message: str) -> None:
        """Show `message` first until the reader's state next changes."""
        self._flash = message
        self._show()

    def _state_changed(self) -> None:
        self._flash = ""
        self._show()

    def refresh_state(self) -> None:
        """The state changed in a way no watched value shows (the same entity chosen again)."""
        self._state_changed()

    def _show(self) -> None:
        screen: ReaderScreen = self.screen  # type: ignore[assignment]
        article = screen.article
        parts = [self._flash] if self._flash else []
        if screen.find_summary:
            parts.append(screen.find_summary)
        if screen.selection_id is not None:
            name = article.speaker_name(screen.selection_id)
            total = len(screen.selection)
            parts.append(f"{name}: {screen.selection_index + 1}/{total} (n/N)")
        quote = screen.current_quote
        if quote is not None:
            name = article.speaker_name(quote.speaker)
            if quote.is_quotation:
                number = article.quotations.index(quote) + 1
                parts.append(f"Quote {number}/{len(article.quotations)} - {name}")
            else:
                parts.append(f"Reported speech (not a quotation) - {name}")
        # The reading position is always shown, at the right: what is cut is the rest.
        position = f" {screen.position}"
        room = max(0, self.size.width - len(position))
        left = visible(" │ ".join(parts or [HINT]))
        if len(left) > room and self._flash:  # no room for all: the news first
            left = visible(self._flash)
        if len(left) > room:
            left = left[: max(0, room - 1)] + "…"
        line = Text(left.ljust(room))
        line.append(position, style="bold")
        # One line of fixed size: a new layout of the screen at every key would be waste
        # (Static.update(layout=False) measured as fast as a bare reactive widget).
        self.update(line, layout=False)
