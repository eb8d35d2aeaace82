"""The map of the article's places: a Braille canvas that follows the reader's selection.

The drawing itself is `geomap.draw_map` (pure, tested on its own); this widget keeps the view
(centre and zoom), turns the picture's cells into styled strips and says in a legend line
what the map leaves out: places off the map, places without coordinates, labels with no room.
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static

from ..geomap import (
    MapPicture,
    MapView,
    close_up,
    country_view,
    draw_map,
    load_map_data,
    place_points,
    window_aspect,
)
from ..model import Article, Place

ZOOM_STEP = 1.5
PAN_STEP = 0.25  # of the view's width or height


class MapCanvas(Widget, can_focus=True):
    """The Braille map; +/- zoom, arrows pan, v between the whole country and a close-up."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "map--border",
        "map--ukraine",
        "map--oblast",
        "map--river",
        "map--place",
        "map--selected",
        "map--label",
        "map--selected-label",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("plus,equals_sign", f"zoom({ZOOM_STEP})", "Zoom in", id="map-zoom-in"),
        Binding("minus", f"zoom({1 / ZOOM_STEP})", "Zoom out", id="map-zoom-out"),
        Binding("left,h", "pan(-1, 0)", "Pan", show=False),
        Binding("right,l", "pan(1, 0)", "Pan", show=False),
        Binding("up,k", "pan(0, -1)", "Pan", show=False),
        Binding("down,j", "pan(0, 1)", "Pan", show=False),
        Binding("v", "toggle_view", "Country / close-up", id="map-view"),
    ]

    view: reactive[MapView | None] = reactive(None, always_update=True)  # None: whole country
    selected: reactive[str | None] = reactive(None)

    class Drawn(Message):
        def __init__(self, picture: MapPicture) -> None:
            super().__init__()
            self.picture = picture

    def __init__(self, article: Article, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.article = article
        self._points, self.missing = place_points(article)
        self._picture: MapPicture | None = None
        self._drawn_at = Size(0, 0)  # the size the picture was drawn for
        self._strips: dict[int, Strip] = {}

    def current_view(self, size: Size | None = None) -> MapView:
        width, height = self.content_region.size if size is None else size
        return self.view or country_view(max(1, width), max(1, height))

    def show_place(self, place_id: str | None) -> None:
        """Centre on a place, close up, and mark it; None marks nothing and keeps the view."""
        self.selected = place_id
        place = self.article.find_entity(place_id) if place_id else None
        if isinstance(place, Place) and place.latitude is not None:
            self.view = close_up(place)

    # -- keys -----------------------------------------------------------------------------------
    def action_zoom(self, factor: float) -> None:
        self.view = self.current_view().zoomed(factor)

    def action_pan(self, across: int, down: int) -> None:
        aspect = window_aspect(*self.content_region.size)
        self.view = self.current_view().panned(across * PAN_STEP, down * PAN_STEP, aspect)

    def action_toggle_view(self) -> None:
        place = self.article.find_entity(self.selected) if self.selected else None
        whole = self.view is None
        if whole and isinstance(place, Place) and place.latitude is not None:
            self.view = close_up(place)
        elif whole:
            # No place chosen: a closer look at the middle of the country.
            self.view = country_view(1, 1).zoomed(6)
        else:
            self.view = None

    # -- drawing --------------------------------------------------------------------------------
    def watch_view(self) -> None:
        self._forget()

    def watch_selected(self) -> None:
        self._forget()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    def _forget(self) -> None:
        self._picture = None
        self._strips.clear()
        self.refresh()

    def draw_ahead(self, size: Size) -> None:
        """Draw the map for `size`, the room it will have, while its tab is not open yet: the
        tab's first opening then only shows it (drawing took 10-12 ms of that key)."""
        if self._picture is None and size.width > 0 and size.height > 0:
            self._draw(size)

    def picture(self) -> MapPicture:
        # Drawn again for a new size (a resize, or drawn ahead for another room); the first
        # Resize comes after the first frame, at the size that frame was drawn at: not again.
        size = self.content_region.size
        if self._picture is None or (self._drawn_at != size and size.width > 0):
            self._draw(size)
        assert self._picture is not None
        return self._picture

    def _draw(self, size: Size) -> None:
        width, height = self._drawn_at = size
        self._strips.clear()
        self._picture = draw_map(
            load_map_data(),
            self._points,
            self.current_view(size),
            max(1, width),
            max(1, height),
            self.selected,
        )
        self.post_message(self.Drawn(self._picture))

    def render_line(self, y: int) -> Strip:
        width = self.content_region.width
        base = self.rich_style
        picture = self.picture()
        if y >= picture.rows:
            return Strip.blank(width, base)
        strip = self._strips.get(y)
        if strip is None:
            strip = self._strips[y] = self._render_row(picture.cells[y], base)
        return strip.crop_extend(0, width, base)

    def _render_row(self, row: list[tuple[str, str]], base: Style) -> Strip:
        segments = []
        styles: dict[str, Style] = {}
        run: list[str] = []
        run_kind = row[0][1] if row else ""
        for char, kind in row:
            if kind != run_kind:
                segments.append(self._segment("".join(run), run_kind, base, styles))
                run, run_kind = [], kind
            run.append(char)
        if run:
            segments.append(self._segment("".join(run), run_kind, base, styles))
        return Strip(segments, len(row))

    def _segment(self, text: str, kind: str, base: Style, styles: dict[str, Style]) -> Segment:
        if not kind:
            return Segment(text, base)
        style = styles.get(kind)
        if style is None:
            style = styles[kind] = base + self.get_component_rich_style(f"map--{kind}")
        return Segment(text, style)


DEFAULT_LEGEND_LINES = 3  # if the stylesheet gives the legend no max-height


def _as_many_as_fit(names: list[str], room: int) -> list[str]:
    shown: list[str] = []
    used = 0
    for name in names:
        used += len(name) + (2 if shown else 0)
        if used > room:
            break
        shown.append(name)
    return shown


class MapPanel(Vertical):
    """The map with its legend line: what each mark is, and what the map cannot show."""

    # The place chosen in the reading, which the map centres on and marks (None: no place).
    place: reactive[str | None] = reactive(None, init=False)

    def __init__(self, article: Article, place: str | None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.article = article
        self.set_reactive(MapPanel.place, place)

    def compose(self) -> ComposeResult:
        yield MapCanvas(self.article, id=f"{self.id}-canvas")
        yield Static("", classes="map-legend", markup=False)

    @property
    def canvas(self) -> MapCanvas:
        return self.query_one(MapCanvas)

    def on_mount(self) -> None:
        self.canvas.show_place(self.place)

    def watch_place(self, place: str | None) -> None:
        self.canvas.show_place(place)

    def on_map_canvas_drawn(self, event: MapCanvas.Drawn) -> None:
        picture = event.picture
        legend = Text()
        legend.append("• ", style="bold")
        legend.append("place  ")
        legend.append("◉ ", style="bold")
        legend.append("chosen  ")
        legend.append("⠤ ", style="bold")
        legend.append("Siverskyi Donets (approximate)")
        missing = [f"{name} (off the map)" for name in picture.off_map]
        missing += [f"{name} (no coordinates)" for name in self.canvas.missing]
        missing += [f"{name} (no room for its name)" for name in picture.unlabelled]
        if missing:
            legend.append(" · not shown: ", style="bold")
            # As many as the legend's lines hold, then how many more: never cut mid-name.
            shown_in = self.query_one(".map-legend", Static)
            limit = shown_in.styles.max_height
            lines = int(limit.value) if limit is not None else DEFAULT_LEGEND_LINES
            # The canvas's width is the panel's: the picture's, even when drawn ahead, hidden.
            room = max(0, picture.cols - 2) * lines - len(legend.plain) - 12
            shown = _as_many_as_fit(missing, room)
            legend.append(", ".join(shown))
            if len(shown) < len(missing):
                legend.append(f" … and {len(missing) - len(shown)} more", style="bold")
        self.query_one(".map-legend", Static).update(legend)
