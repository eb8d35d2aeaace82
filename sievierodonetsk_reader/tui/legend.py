"""The line above the article that shows how each kind of mention is drawn."""

from __future__ import annotations

from collections.abc import Callable

from rich.style import Style
from rich.text import Text
from textual.strip import Strip
from textual.widget import Widget

from .painting import text_strip

KINDS = (
    ("person", "person"),
    ("place", "place"),
    ("date", "date"),
    ("organization", "organisation"),
)


class Legend(Widget):
    """One line of styled labels, drawn as a strip so that every text style shows.

    A `Static` turns Rich text into Textual `Content`, which has no overline: the legend would
    then draw dates differently from the article it explains.
    """

    def __init__(self, mark_style: Callable[[str], Style], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._mark_style = mark_style  # how the article view draws each kind of mention
        self._text = Text("")

    def on_mount(self) -> None:
        self.show()
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)

    def on_unmount(self) -> None:
        # The app's signal holds its subscribers' callbacks: a replaced screen's legend (and
        # its article, 3 MB a reload) stayed alive until a theme was next chosen.
        self.app.theme_changed_signal.unsubscribe(self)

    def _theme_changed(self, _theme: object) -> None:
        # After the new theme's styles apply, so the legend takes the new colours.
        self.call_after_refresh(self.show)

    def show(self) -> None:
        """Each kind of mention, in the style the article view gives it now."""
        legend = Text("Mentions:")
        for kind, label in KINDS:
            legend.append(" ")
            legend.append(label, style=self._mark_style(kind))
        legend.append("   (h hides them)", style="dim")
        self._text = legend
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.content_region.width
        base = self.rich_style
        if y:
            return Strip.blank(width, base)
        strip = text_strip(self._text, self.app.console).apply_style(base)
        return strip.crop_extend(0, width, base)
