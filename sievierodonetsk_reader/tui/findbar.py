"""The `/` find bar: it owns the query, its matches and which one is current."""

from __future__ import annotations

import bisect
from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Label, Static

from ..formatting import plural
from ..model import Article, Span
from ..search import find_spans
from .wrapping import visible


class FindBar(Horizontal):
    """A query and a count of matches; tells the screen when either changes."""

    class Changed(Message):
        """The matches, or which of them is current, changed."""

        def __init__(self, bar: FindBar, wrapped: str = "") -> None:
            super().__init__()
            self.bar = bar
            self.wrapped = wrapped  # "Wrapped to the top." when a step went round

    class Submitted(Message):
        """Enter in the query: go to the matches, or choose the entity the query names."""

        def __init__(self, entity_id: str | None = None) -> None:
            super().__init__()
            self.entity_id = entity_id

    def __init__(self, article: Article, top: Callable[[], Span | None], *, id: str) -> None:
        super().__init__(id=id)
        self.article = article
        self._top = top  # what is at the top of the window: matches start from there
        self.query_text = ""
        self.last_query = ""  # kept when the bar closes: `/` offers it, `n` resumes it
        self.matches: tuple[Span, ...] = ()
        self.index = 0
        self.named: str | None = None  # an entity the query names, spelt otherwise in the text

    def compose(self) -> ComposeResult:
        yield Label("Find:", id="find-label")
        yield Input(placeholder="words to find (case-insensitive)", id="find-input")
        yield Static("", id="find-count", markup=False)

    @property
    def current(self) -> Span | None:
        return self.matches[self.index] if self.matches else None

    def count(self) -> str:
        """Which match is current, "3/12", for the bar and the status line."""
        if self.matches:
            return f"{self.index + 1}/{len(self.matches)}"
        if self.named is not None:
            entity = self.article.entity(self.named)
            forms = " or ".join(f"“{form}”" for form in entity.forms)
            mentions = plural(len(self.article.mentions_of(entity.id)), "mention")
            return f"{entity.name} - named {forms} in the text: {mentions} (Enter selects it)"
        return "no matches"

    @on(Input.Changed, "#find-input")
    def _search(self, event: Input.Changed) -> None:
        event.stop()
        self.query_text = event.value
        self.matches = tuple(find_spans(self.article, event.value))
        self.named = None if self.matches else _entity_named(self.article, event.value)
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
        elif self.named is not None:
            self.post_message(self.Submitted(self.named))

    def move(self, step: int) -> None:
        if self.matches:
            index = self.index + step
            self.index = index % len(self.matches)
            wrapped = ""
            if index >= len(self.matches):
                wrapped = "Wrapped to the top."
            elif index < 0:
                wrapped = "Wrapped to the end."
            self._changed(wrapped)

    def open(self) -> None:
        self.display = True
        field = self.query_one("#find-input", Input)
        if not field.value and self.last_query:  # the last search, ready to run again
            field.value = self.last_query
            field.select_all()
        field.focus()

    def resume(self) -> None:
        """Search again for the last query, with the bar closed (`n` after Escape)."""
        if self.last_query:
            self.query_one("#find-input", Input).value = self.last_query

    def close(self) -> None:
        self.display = False
        if self.query_text:
            self.last_query = self.query_text
        self.query_one("#find-input", Input).value = ""  # clears the matches, via _search

    def _changed(self, wrapped: str = "") -> None:
        count = self.count() if self.query_text else ""
        # No new layout for a new count: the bar keeps its size.
        self.query_one("#find-count", Static).update(Text(visible(count)), layout=False)
        self.post_message(self.Changed(self, wrapped))


def _entity_named(article: Article, query: str) -> str | None:
    """The entity whose name or other name is `query` ("kyiv" for the text's "Kiev")."""
    wanted = query.strip().casefold()
    if not wanted:
        return None
    for entity in article.entities:
        names = [entity.name, *getattr(entity, "alternative_names", ())]
        if any(name.casefold() == wanted for name in names) and article.mentions_of(entity.id):
            return entity.id
    return None
