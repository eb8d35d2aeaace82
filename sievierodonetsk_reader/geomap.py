"""A map of the article's places, drawn with Braille dots: data, projection, drawing, labels.

Pure Python and plain data, no Textual: the TUI turns a `MapPicture` into styled lines, and
the tests check the drawing and the label placer directly. Each terminal cell holds 2 x 4
Braille dots (U+2800-U+28FF); with cells about twice as tall as wide, a dot is about square,
so an equirectangular projection scaled by cos(latitude) keeps shapes true at this scale.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .model import Article, Place

MAP_FILE = Path(__file__).resolve().parent / "mapdata" / "borders.json"
# Layers, in the order they win a shared cell (the last one drawn on top).
LAYERS = ("oblast", "border", "ukraine", "river")
BRAILLE = 0x2800
# The bit of each dot in a cell, by (column, row): the Unicode Braille pattern's numbering.
DOT_BITS = ((0x01, 0x02, 0x04, 0x40), (0x08, 0x10, 0x20, 0x80))
PLACE_MARK = "•"
SELECTED_MARK = "◉"
# Whole Ukraine with its neighbours' edges, and the close-up of a place (degrees of latitude
# from the top of the map to the bottom).
COUNTRY_CENTRE = (31.3, 48.5)
COUNTRY_SPAN = (19.5, 9.0)  # longitude, latitude that the country view must show
CLOSE_UP_SPAN = 1.6
MIN_SPAN, MAX_SPAN = 0.1, 40.0

Line = tuple[tuple[float, float], ...]  # (longitude, latitude) points
BREADTH = {"region": 1, "country": 2, "continent": 3}


@dataclass(frozen=True, slots=True)
class MapData:
    layers: dict[str, tuple[Line, ...]]
    about: str


@cache
def load_map_data(path: Path = MAP_FILE) -> MapData:
    """The vendored borders (built by tools/build_map_data.py), decoded once."""
    document = json.loads(path.read_text(encoding="utf-8"))
    quantum = document["quantum"]
    layers: dict[str, tuple[Line, ...]] = {}
    for name, lines in document["layers"].items():
        decoded = []
        for flat in lines:
            x = y = 0
            points = []
            for index in range(0, len(flat), 2):
                x, y = x + flat[index], y + flat[index + 1]
                points.append((x / quantum, y / quantum))
            decoded.append(tuple(points))
        layers[name] = tuple(decoded)
    return MapData(layers, document["about"])


@dataclass(frozen=True, slots=True)
class MapView:
    """What the map shows: its centre and how many degrees of latitude fit top to bottom."""

    longitude: float
    latitude: float
    span: float  # degrees of latitude from the top row to the bottom row

    def zoomed(self, factor: float) -> MapView:
        span = min(MAX_SPAN, max(MIN_SPAN, self.span / factor))
        return MapView(self.longitude, self.latitude, span)

    def panned(self, columns: float, rows: float, aspect: float) -> MapView:
        """Moved by fractions of the view: `columns` of its width, `rows` of its height."""
        width_degrees = self.span * aspect / math.cos(math.radians(self.latitude))
        latitude = max(-85.0, min(85.0, self.latitude - rows * self.span))
        return MapView(self.longitude + columns * width_degrees, latitude, self.span)


def country_view(cols: int, rows: int) -> MapView:
    """Ukraine and the edges of its neighbours, whatever the shape of the window."""
    lon, lat = COUNTRY_CENTRE
    aspect = window_aspect(cols, rows)
    needed_for_width = COUNTRY_SPAN[0] * math.cos(math.radians(lat)) / aspect
    return MapView(lon, lat, max(COUNTRY_SPAN[1], needed_for_width))


def close_up(place: Place) -> MapView:
    assert place.longitude is not None and place.latitude is not None
    return MapView(place.longitude, place.latitude, CLOSE_UP_SPAN)


def window_aspect(cols: int, rows: int) -> float:
    """Width over height of the map in dots (square dots: 2 across and 4 down a cell)."""
    return (2 * cols) / max(1, 4 * rows)


@dataclass(frozen=True, slots=True)
class PlacePoint:
    place_id: str
    name: str
    longitude: float
    latitude: float
    weight: int  # mentions: the most mentioned of places sharing a cell names the group
    breadth: int = 0  # 0 a town, 1 a region, 2 a country: a cell is named by its town first


@dataclass(slots=True)
class MapPicture:
    """A drawn map: one (character, kind) per cell; kind names the style ('' for none)."""

    cols: int
    rows: int
    cells: list[list[tuple[str, str]]]
    off_map: list[str] = field(default_factory=list)  # places with coordinates outside
    unlabelled: list[str] = field(default_factory=list)  # no room for their labels
    shown: list[str] = field(default_factory=list)  # places drawn, in reading order
    marks: dict[str, tuple[int, int]] = field(default_factory=dict)  # place id: (col, row)

    def text(self) -> str:
        return "\n".join("".join(char for char, _ in row) for row in self.cells)


def place_points(article: Article) -> tuple[list[PlacePoint], list[str]]:
    """The places with coordinates, and the names of those without."""
    points, missing = [], []
    for place in article.places:
        if place.latitude is None or place.longitude is None:
            missing.append(place.name)
            continue
        weight = len(article.mentions_of(place.id))
        breadth = BREADTH.get(place.kind, 0)
        points.append(
            PlacePoint(place.id, place.name, place.longitude, place.latitude, weight, breadth)
        )
    return points, missing


def draw_map(
    data: MapData,
    places: Sequence[PlacePoint],
    view: MapView,
    cols: int,
    rows: int,
    selected: str | None = None,
) -> MapPicture:
    """The map at `view` in a `cols` x `rows` window of cells."""
    width, height = 2 * cols, 4 * rows
    scale = height / view.span  # dots per degree of latitude
    stretch = scale * math.cos(math.radians(view.latitude))
    west = view.longitude - width / 2 / stretch
    north = view.latitude + height / 2 / scale
    east, south = west + width / stretch, north - height / scale
    bits = [bytearray(cols) for _ in range(rows)]
    kinds = [[""] * cols for _ in range(rows)]

    def plot(x: int, y: int, kind: str) -> None:
        if 0 <= x < width and 0 <= y < height:
            col, row = x >> 1, y >> 2
            bits[row][col] |= DOT_BITS[x & 1][y & 3]
            kinds[row][col] = kind

    for kind in LAYERS:
        for line in data.layers.get(kind, ()):
            previous: tuple[int, int] | None = None
            for lon, lat in line:
                point = (round((lon - west) * stretch), round((north - lat) * scale))
                if previous is not None and _may_cross(previous, point, width, height):
                    for x, y in _segment(previous, point):
                        plot(x, y, kind)
                previous = point

    chars = [
        [chr(BRAILLE + bits[row][col]) if bits[row][col] else " " for col in range(cols)]
        for row in range(rows)
    ]
    cells = [[(chars[r][c], kinds[r][c]) for c in range(cols)] for r in range(rows)]
    picture = MapPicture(cols, rows, cells)

    # Places: one mark per cell; the group's label names the selected or most mentioned one.
    groups: dict[tuple[int, int], list[PlacePoint]] = {}
    for place in places:
        if not (west <= place.longitude <= east and south <= place.latitude <= north):
            picture.off_map.append(place.name)
            continue
        # A hair over, so that the centre of the window is a cell's start, not its end.
        col = min(cols - 1, math.floor((place.longitude - west) * stretch + 1e-6) >> 1)
        row = min(rows - 1, math.floor((north - place.latitude) * scale + 1e-6) >> 2)
        groups.setdefault((col, row), []).append(place)
        picture.shown.append(place.name)
        picture.marks[place.place_id] = (col, row)
    anchors = []
    for (col, row), members in groups.items():
        members.sort(key=lambda p: (p.place_id != selected, p.breadth, -p.weight, p.name))
        chosen = members[0].place_id == selected
        cells[row][col] = (SELECTED_MARK, "selected") if chosen else (PLACE_MARK, "place")
        label = members[0].name + (f" +{len(members) - 1}" if len(members) > 1 else "")
        anchors.append(Anchor(col, row, label, chosen, sum(p.weight for p in members)))
    marks = {(anchor.col, anchor.row) for anchor in anchors}
    for anchor, spot in zip(anchors, place_labels(anchors, cols, rows, marks), strict=True):
        if spot is None:
            picture.unlabelled.append(anchor.label)
            continue
        col, row = spot
        kind = "selected-label" if anchor.selected else "label"
        for offset, char in enumerate(anchor.label):
            cells[row][col + offset] = (char, kind)
    return picture


def _may_cross(a: tuple[int, int], b: tuple[int, int], width: int, height: int) -> bool:
    """False when the segment lies wholly outside the window (most do, close up)."""
    return not (
        (a[0] < 0 and b[0] < 0)
        or (a[1] < 0 and b[1] < 0)
        or (a[0] >= width and b[0] >= width)
        or (a[1] >= height and b[1] >= height)
    )


def _segment(a: tuple[int, int], b: tuple[int, int]) -> Iterable[tuple[int, int]]:
    """The dots from a to b (Bresenham), at most a few thousand: long ones are cut short."""
    (x0, y0), (x1, y1) = a, b
    dx, dy = abs(x1 - x0), -abs(y1 - y0)
    if max(dx, -dy) > 20000:  # zoomed far in: a segment crossing the whole window and more
        return
    sx, sy = (1 if x0 < x1 else -1), (1 if y0 < y1 else -1)
    error = dx + dy
    while True:
        yield x0, y0
        if x0 == x1 and y0 == y1:
            return
        double = 2 * error
        if double >= dy:
            error += dy
            x0 += sx
        if double <= dx:
            error += dx
            y0 += sy


@dataclass(frozen=True, slots=True)
class Anchor:
    col: int
    row: int
    label: str
    selected: bool = False
    weight: int = 0


def place_labels(
    anchors: Sequence[Anchor], cols: int, rows: int, marks: set[tuple[int, int]]
) -> list[tuple[int, int] | None]:
    """Where each label starts (column, row), or None where it fits nowhere.

    A label never covers another label or any place's mark; the selected place is placed
    first, then the most mentioned. Each tries right of its mark, left, then the rows above
    and below.
    """
    taken = set(marks)
    spots: list[tuple[int, int] | None] = [None] * len(anchors)
    order = sorted(range(len(anchors)), key=lambda i: (not anchors[i].selected, -anchors[i].weight))
    for index in order:
        anchor = anchors[index]
        length = len(anchor.label)
        candidates = [
            (anchor.col + 2, anchor.row),
            (anchor.col - 1 - length, anchor.row),
            (anchor.col + 1, anchor.row - 1),
            (anchor.col + 1, anchor.row + 1),
            (anchor.col - length, anchor.row - 1),
            (anchor.col - length, anchor.row + 1),
        ]
        for col, row in candidates:
            cells = {(col + offset, row) for offset in range(length)}
            if col < 0 or col + length > cols or not 0 <= row < rows or cells & taken:
                continue
            # A blank cell each side, so that two labels on a row never run together.
            taken |= cells | {(col - 1, row), (col + length, row)}
            spots[index] = (col, row)
            break
    return spots
