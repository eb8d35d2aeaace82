"""The map: its vendored data, the drawing, the label placer, and the map in the reader."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, focused_map, palette_hit, ready, wait_until
from hypothesis import given
from hypothesis import strategies as st
from textual.widgets import Static

from sievierodonetsk_reader.geomap import (
    CLOSE_UP_SPAN,
    MAP_FILE,
    Anchor,
    close_up,
    country_view,
    draw_map,
    load_map_data,
    place_labels,
    place_points,
)
from sievierodonetsk_reader.model import Article, Place
from sievierodonetsk_reader.tui.app import ReaderApp
from sievierodonetsk_reader.tui.dialogs import HelpScreen
from sievierodonetsk_reader.tui.map_view import MapCanvas

CRIMEA_INTERIOR = (33.2, 44.7, 35.3, 45.8)  # west, south, east, north: inland Crimea


def in_box(point: tuple[float, float], box: tuple[float, float, float, float]) -> bool:
    return box[0] <= point[0] <= box[2] and box[1] <= point[1] <= box[3]


def test_the_vendored_borders_are_small_sourced_and_show_crimea_as_ukraine() -> None:
    assert MAP_FILE.stat().st_size < 100_000
    data = load_map_data()
    assert "Natural Earth" in data.about and "4.1.0" in data.about
    assert set(data.layers) == {"border", "ukraine", "oblast", "river"}
    ukraine = [point for line in data.layers["ukraine"] for point in line]
    # Ukraine's outline runs round Crimea's south coast (Yalta is at 44.5 N, 34.2 E) ...
    assert any(point[1] < 44.6 and 33.5 < point[0] < 35.0 for point in ukraine)
    # ... and no other country's line crosses the peninsula.
    border = [point for line in data.layers["border"] for point in line]
    assert not any(in_box(point, CRIMEA_INTERIOR) for point in border)
    assert "approximate" in data.about


def test_places_sit_where_they_are(article: Article) -> None:
    points, _ = place_points(article)
    place = article.entity("sievierodonetsk")
    assert isinstance(place, Place)
    picture = draw_map(load_map_data(), points, close_up(place), 100, 40, "sievierodonetsk")
    marks = picture.marks
    sievierodonetsk, lysychansk = marks["sievierodonetsk"], marks["lysychansk"]
    assert sievierodonetsk == (50, 20)  # the chosen place at the centre
    assert lysychansk[0] < sievierodonetsk[0] and lysychansk[1] > sievierodonetsk[1]  # SW
    assert marks["hirske"][1] > lysychansk[1] and marks["zolote"][1] > marks["hirske"][1]
    assert marks["luhansk-region"][0] > sievierodonetsk[0]  # Luhansk city lies south-east
    assert "◉" in picture.text() and "Sievierodonetsk" in picture.text()
    braille = {char for char in picture.text() if "\u2800" <= char <= "\u28ff"}
    assert len(braille) > 10


def test_whole_country_lists_what_it_cannot_show(article: Article) -> None:
    points, missing = place_points(article)
    picture = draw_map(load_map_data(), points, country_view(100, 30), 100, 30)
    assert {"Jakarta", "Russia"} <= set(picture.off_map)
    assert "Olhine" in missing  # no coordinates in the file
    assert {"Kyiv", "Mariupol"} <= set(picture.shown)
    # At this scale the towns of Luhansk region share cells: one mark, "+N" in its label.
    assert "+" in picture.text()


@given(
    st.lists(
        st.tuples(
            st.integers(0, 39), st.integers(0, 11), st.text("abcdefgh ", min_size=1, max_size=12)
        ),
        max_size=25,
    )
)
def test_labels_never_cover_each_other_or_a_mark(
    raw: list[tuple[int, int, str]],
) -> None:
    cols, rows = 40, 12
    anchors = [
        Anchor(col, row, label, index == 0, index) for index, (col, row, label) in enumerate(raw)
    ]
    marks = {(anchor.col, anchor.row) for anchor in anchors}
    spots = place_labels(anchors, cols, rows, marks)
    covered: set[tuple[int, int]] = set()
    for anchor, spot in zip(anchors, spots, strict=True):
        if spot is None:
            continue
        col, row = spot
        cells = {(col + offset, row) for offset in range(len(anchor.label))}
        assert all(0 <= c < cols and 0 <= r < rows for c, r in cells)
        assert not cells & marks
        assert not cells & covered
        covered |= cells
        # A label starts or ends beside its own mark, or on the row above or below it.
        assert abs(row - anchor.row) <= 1


def test_the_build_script_reproduces_the_vendored_file(tmp_path: Path) -> None:
    if shutil.which("npm") is None:
        pytest.skip("npm is not installed: the map data cannot be rebuilt here")
    output = tmp_path / "borders.json"
    build = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "build_map_data.py"), "--output", str(output)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if build.returncode != 0 and "npm" in build.stderr:
        pytest.skip(f"npm could not fetch the packages: {build.stderr.strip()[-200:]}")
    assert build.returncode == 0, build.stderr
    assert output.read_bytes() == MAP_FILE.read_bytes()
    assert json.loads(output.read_text())["quantum"] == 1000


# -- in the reader ---------------------------------------------------------------------------------
def canvas_text(canvas: MapCanvas) -> str:
    return canvas.picture().text()


async def test_the_map_tab_draws_braille_and_says_what_it_leaves_out(article: Article) -> None:
    reader = ReaderApp(article)
    async with reader.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("5")
        canvas = await focused_map(pilot, "#sidebar-map-canvas")
        drawn = canvas_text(canvas)
        assert sum("\u2800" < char <= "\u28ff" for char in drawn) > 200
        legend = str(reader.query_one("#sidebar-map .map-legend", Static).content)
        assert "Jakarta (off the map)" in legend and "Olhine (no coordinates)" in legend
        assert "Siverskyi Donets (approximate)" in legend


async def test_the_map_key_pressed_while_the_map_is_being_mounted_gives_it_the_keys(
    article: Article, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The map's widgets are mounted, hidden, once the tabs are on screen; `5` pressed while
    they were on their way showed the tab and left the keys in the text."""
    from sievierodonetsk_reader.tui.map_view import MapPanel

    reader = ReaderApp(article)
    made = MapPanel.__init__

    def pressed_meanwhile(panel: MapPanel, *args: Any, **kwargs: Any) -> None:
        made(panel, *args, **kwargs)
        reader.call_later(reader.main.action_show_tab, "map")  # as `5` would, at this moment

    monkeypatch.setattr(MapPanel, "__init__", pressed_meanwhile)
    async with reader.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await focused_map(pilot, "#sidebar-map-canvas")
        assert reader.main.sidebar.active_tab == "map"
        assert "On the map" in str(reader.main.status.render())


async def test_choosing_a_place_centres_and_marks_it(article: Article) -> None:
    reader = ReaderApp(article)
    async with reader.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("5")
        canvas = await focused_map(pilot, "#sidebar-map-canvas")
        await palette_hit(pilot, "place: mariupol", "Go to place: Mariupol")
        await pilot.press("enter")
        await wait_until(
            lambda: reader.main.reading.place(reader.article) == "mariupol", "the map to follow"
        )
        await pilot.pause()
        assert reader.main.sidebar.active_tab == "map"  # the tab stays; the map follows
        mariupol = article.entity("mariupol")
        assert isinstance(mariupol, Place)
        view = canvas.current_view()
        assert (view.longitude, view.latitude) == (mariupol.longitude, mariupol.latitude)
        assert view.span == CLOSE_UP_SPAN
        picture = canvas.picture()
        col, row = picture.marks["mariupol"]
        assert picture.cells[row][col] == ("◉", "selected")
        assert "Mariupol" in picture.text().splitlines()[row - 1 : row + 2].__str__()


async def test_the_full_window_map_zooms_pans_and_goes_back(article: Article) -> None:
    reader = ReaderApp(article)
    async with reader.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        reader.main.select_entity("hirske")
        await pilot.press("M")
        canvas = await focused_map(pilot, "#full-map-canvas")
        assert reader.screen is reader.main and reader.main.workspace.map_open  # over the text
        assert not reader.main.query_one("#reading").display
        assert canvas.current_view().span == CLOSE_UP_SPAN
        await pilot.press("plus")
        assert canvas.current_view().span == pytest.approx(CLOSE_UP_SPAN / 1.5)
        before = canvas.current_view()
        await pilot.press("right", "up")
        after = canvas.current_view()
        assert after.longitude > before.longitude and after.latitude > before.latitude
        await pilot.press("v")  # the whole country
        assert canvas.view is None and "Kyiv +1" in canvas_text(canvas)  # Ukraine's capital
        await pilot.press("escape")
        assert not reader.main.workspace.map_open and reader.main.query_one("#reading").display
        assert reader.focused is reader.main.view


async def test_the_full_window_map_has_the_readers_palette_help_and_quit(
    article: Article,
) -> None:
    reader = ReaderApp(article)
    async with reader.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("M")
        canvas = await focused_map(pilot, "#full-map-canvas")
        await palette_hit(pilot, "zolote", "Go to place: Zolote")
        await pilot.press("enter")
        await wait_until(lambda: canvas.selected == "zolote", "the map to follow the palette")
        assert reader.main.workspace.map_open  # still on the map, which shows the place chosen
        await pilot.press("question_mark")
        assert isinstance(reader.screen, HelpScreen)
        await pilot.press("escape")
        assert reader.main.workspace.map_open
        await pilot.press("q")
        assert reader.return_code == 0  # q quits here as everywhere


async def test_the_map_forgets_a_place_when_the_selection_is_cleared(article: Article) -> None:
    reader = ReaderApp(article)
    async with reader.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        reader.main.select_entity("hirske")
        await pilot.press("5")
        canvas = await focused_map(pilot, "#sidebar-map-canvas")
        assert canvas.selected == "hirske" and "◉" in canvas_text(canvas)
        await pilot.press("escape", "escape")  # back to the text, then the selection goes
        assert reader.main.reading.entity_id is None
        await wait_until(lambda: "◉" not in canvas_text(canvas), "the mark to go")
        assert canvas.selected is None


@pytest.mark.parametrize("size", [(60, 20), (40, 12)])
async def test_the_maps_not_shown_line_names_whole_places_and_counts_the_rest(
    article: Article, size: tuple[int, int]
) -> None:
    reader = ReaderApp(article)
    async with reader.run_test(size=size) as pilot:
        await ready(pilot)
        reader.main.select_entity("zolote")  # a close-up: many places off the map
        await pilot.press("M")
        await focused_map(pilot, "#full-map-canvas")
        legend = reader.main.query_one("#full-map .map-legend", Static)
        await wait_until(lambda: "not shown" in str(legend.content), "the legend")
        text = str(legend.content)
        assert len(textwrap.wrap(text, legend.content_region.width)) <= 3  # all of it shows
        assert " more" in text  # what did not fit is counted, not cut
        listed = text.split("not shown: ")[1].split(" … and")[0]
        names = [place.name for place in article.places]
        for entry in listed.split(", "):
            assert entry.split(" (")[0] in names, entry  # each a whole name


def draws_counted(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int]]:
    """The sizes the map view draws its map at, from now on."""
    import sievierodonetsk_reader.tui.map_view as map_view

    drawn: list[tuple[int, int]] = []
    draw = draw_map  # the map view's, imported from geomap

    def counted(*args: Any, **kwargs: Any) -> Any:
        drawn.append((args[3], args[4]))
        return draw(*args, **kwargs)

    monkeypatch.setattr(map_view, "draw_map", counted)
    return drawn


@pytest.mark.parametrize("size", [(120, 40), (80, 24), (120, 20), (60, 20), (60, 40), (40, 12)])
async def test_the_map_is_drawn_before_its_tab_first_opens_and_the_key_only_shows_it(
    article: Article, size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Drawing it took 10-12 ms of the map key's first press at 120x40; in a narrow window, for
    # the room the overlay will give it.
    drawn = draws_counted(monkeypatch)
    app = ReaderApp(article)
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        await wait_until(lambda: drawn, "the map drawn after the tabs were built")
        # A place chosen meanwhile (the map centres on it): drawn again in the pause after.
        app.main.select_entity("lysychansk")
        await wait_until(lambda: len(drawn) == 2, "the map drawn again for the place")
        ahead = list(drawn)
        await pilot.press("5")
        canvas = await focused_map(pilot, "#sidebar-map-canvas")
        assert drawn == ahead and drawn[-1] == tuple(canvas.content_region.size)
        assert canvas.selected == "lysychansk"
        assert "◉" in canvas_text(canvas)  # the picture drawn ahead, the place marked


async def test_the_open_map_is_drawn_again_for_the_window_it_is_resized_to(
    article: Article, monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn = draws_counted(monkeypatch)
    app = ReaderApp(article)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("5")
        canvas = await focused_map(pilot, "#sidebar-map-canvas")
        await pilot.resize_terminal(120, 50)
        await wait_until(lambda: canvas.content_region.height > 30, "the taller map")
        await pilot.pause()
        assert drawn[-1] == tuple(canvas.content_region.size)  # by the frame, not by us
        picture = canvas.picture()
        assert (picture.cols, picture.rows) == tuple(canvas.content_region.size)


@pytest.mark.parametrize("size", [(120, 40), (80, 24), (60, 20)])
async def test_the_map_tab_draws_the_map_once_and_then_stays_still(
    article: Article, size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Its legend grew and shrank with what the picture left unlabelled, so the map was drawn
    # at 30, 31, 30 ... rows while the tab was open, and once more for the first Resize.
    drawn = draws_counted(monkeypatch)
    app = ReaderApp(article)
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        await pilot.press("5")
        await wait_until(lambda: drawn, "the map drawn")
        for _ in range(10):  # the loop comes round with nothing to do: nothing is drawn
            await pilot.pause()
        assert len(drawn) == 1, drawn
