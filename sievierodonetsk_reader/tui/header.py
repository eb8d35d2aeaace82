"""The title bar: Textual's Header, whose title changes without a layout of the screen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.visual import VisualType
from textual.widgets import Header
from textual.widgets._header import HeaderTitle


class _Title(HeaderTitle):
    """The subtitle ends with the reading progress, which moves with nearly every key: a
    layout of the whole screen for each (Static's default) cost a scroll key half its time.
    The title is one line the header's width whatever it says, so nothing moves."""

    def update(self, content: VisualType = "", *, layout: bool = False) -> None:
        super().update(content, layout=layout)


class ReaderHeader(Header):
    """Textual's Header, with the title above in place of its own."""

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            yield _Title() if type(widget) is HeaderTitle else widget
