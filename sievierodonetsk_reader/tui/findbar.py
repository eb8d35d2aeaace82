"""The `/` find bar: the query typed, and the count of what it found."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.reactive import var
from textual.widgets import Input, Label, Static

from ..controls import for_screen
from ..model import Article
from ..reading import Reading


class FindBar(Horizontal):
    """Where the query is typed; the matches live in the screen's `reading`."""

    reading: var[Reading] = var(Reading(), always_update=True)

    class QueryChanged(Message):
        """The query is now `query` ("" when cleared)."""

        def __init__(self, query: str) -> None:
            super().__init__()
            self.query = query

    class Submitted(Message):
        """Enter in the query: go to the matches, or choose the entity the query names."""

    def __init__(self, article: Article, *, id: str) -> None:
        super().__init__(id=id)
        self.article = article

    def compose(self) -> ComposeResult:
        yield Label("Find:", id="find-label")
        yield Input(placeholder="words (any case)", id="find-input")
        yield Static("", id="find-count", markup=False)

    def watch_reading(self, reading: Reading) -> None:
        finding = reading.finding
        count = finding.count(self.article) if finding is not None else ""
        # No new layout for a new count: the bar keeps its size.
        self.query_one("#find-count", Static).update(Text(for_screen(count)), layout=False)

    @on(Input.Changed, "#find-input")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.QueryChanged(event.value))

    @on(Input.Submitted, "#find-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Submitted())

    def open(self, last_query: str) -> None:
        self.display = True
        field = self.query_one("#find-input", Input)
        if not field.value and last_query:  # the last search, ready to run again
            field.value = last_query
            field.select_all()
        # At once, not on the app's next turn: the keys typed after `/` are already queued.
        self.screen.set_focus(field)

    def close(self) -> None:
        self.display = False
        self.query_one("#find-input", Input).value = ""
