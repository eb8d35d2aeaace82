"""`M`: the map over the whole window, following the same selection; Escape goes back."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Header

from ..model import Article
from .footer import ReaderFooter
from .map_view import MapPanel


class MapScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,M,q", "app.pop_screen", "Back to the text", id="map-close"),
    ]

    def __init__(self, article: Article, place: str | None) -> None:
        super().__init__()
        self.article = article
        self.place = place

    def compose(self) -> ComposeResult:
        yield Header(icon="¶")
        yield MapPanel(self.article, self.place, id="full-map")
        yield ReaderFooter()

    def on_mount(self) -> None:
        self.query_one("#full-map-canvas").focus()
