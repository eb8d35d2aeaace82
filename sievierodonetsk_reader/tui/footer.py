"""The footer of keys, shown whether or not the reader has the keyboard's focus."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class ReaderFooter(Footer):
    """Textual's Footer, which draws its keys when the bindings change only if the app has
    focus: in a browser the page has none until it is clicked, and the footer stayed blank
    until the first key. The keys a reader can press are worth showing before that."""

    def bindings_changed(self, screen: Screen[object]) -> None:
        self._bindings_ready = True
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self.recompose)
