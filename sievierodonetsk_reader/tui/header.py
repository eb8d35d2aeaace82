"""The title bar: Textual's Header, whose title changes without a layout of the screen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.visual import VisualType
from textual.widgets import Header
from textual.widgets._header import HeaderClock, HeaderClockSpace, HeaderIcon, HeaderTitle


class _Title(HeaderTitle):
    """The subtitle ends with the reading progress, which moves with nearly every key: a
    layout of the whole screen for each (Static's default) cost a scroll key half its time.
    The title is one line the header's width whatever it says, so nothing moves."""

    def update(self, content: VisualType = "", *, layout: bool = False) -> None:
        super().update(content, layout=layout)


class ReaderHeader(Header):
    """Textual's Header (its compose, from textual.widgets._header) with the title above."""

    def compose(self) -> ComposeResult:
        yield HeaderIcon().data_bind(Header.icon)
        yield _Title()
        yield (
            HeaderClock().data_bind(Header.time_format) if self._show_clock else HeaderClockSpace()
        )
