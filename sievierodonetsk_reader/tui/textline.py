"""A line of plain text that changes at every key."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget


class TextLine(Widget):
    """Plain text, redrawn in place: the status line, the find count."""

    # Not a Static: its update() asks for a new layout of the whole screen each time.
    message: reactive[Text] = reactive(Text(""), layout=False)

    def render(self) -> Text:
        return self.message
