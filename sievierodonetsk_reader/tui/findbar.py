"""The `/` find bar: it owns the query, its matches and which one is current."""

from __future__ import annotations

import bisect
from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Label

from ..model import Article, Span
from ..search import find_spans
from .textline import TextLine


class FindBar(Horizontal):
    """A query and a count of matches; tells the screen when either changes."""

    class Changed(Message):
        """The matches, or which of them is current, changed."""

        def __init__(self, bar: FindBar) -> None:
            super().__init__()
            self.bar = bar

    class Submitted(Message):
        """Enter in the query: the reader wants to go to the matches."""

    def __init__(self, article: Article, top: Callable[[], Span | None], *, id: str) -> None:
        super().__init__(id=id)
        self.article = article
        self._top = top  # what is at the top of the window: matches start from there
        self.query_text = ""
        self.matches: tuple[Span, ...] = ()
        self.index = 0

    def compose(self) -> ComposeResult:
        yield Label("Find:", id="find-label")
        yield Input(placeholder="words to find (case-insensitive)", id="find-input")
        yield TextLine(id="find-count")

    @property
    def current(self) -> Span | None:
        return self.matches[self.index] if self.matches else None

    def count(self) -> str:
        """Which match is current, "3/12", for the bar and the status line."""
        if not self.matches:
            return "no matches"
        return f"{self.index + 1}/{len(self.matches)}"

    @on(Input.Changed, "#find-input")
    def _search(self, event: Input.Changed) -> None:
        event.stop()
        self.query_text = event.value
        self.matches = tuple(find_spans(self.article, event.value))
        # Start from the first match at or after what is on screen, as a pager does.
        top = self._top()
        first = bisect.bisect_left(self.matches, top) if top is not None else 0
        self.index = first if first < len(self.matches) else 0
        self._changed()

    @on(Input.Submitted, "#find-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.matches:
            self.post_message(self.Submitted())

    def move(self, step: int) -> None:
        if self.matches:
            self.index = (self.index + step) % len(self.matches)
            self._changed()

    def open(self) -> None:
        self.display = True
        self.query_one("#find-input", Input).focus()

    def close(self) -> None:
        self.display = False
        self.query_one("#find-input", Input).value = ""  # clears the matches, via _search

    def _changed(self) -> None:
        count = self.count() if self.query_text else ""
        self.query_one("#find-count", TextLine).message = Text(count)
        self.post_message(self.Changed(self))
