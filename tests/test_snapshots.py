"""What the main screens look like, compared with approved snapshots (pytest-textual-snapshot).

After a deliberate change to the look, review `snapshot_report.html` and run
`pytest tests/test_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from conftest import focused_map, ready

from sievierodonetsk_reader.loader import bundled_article_path, load_article
from sievierodonetsk_reader.tui.app import ReaderApp


def reader() -> ReaderApp:
    app = ReaderApp(load_article(bundled_article_path()))
    app.animation_level = "none"  # a tab's underline slides: a snapshot could catch it midway
    return app


# Every snapshot is of a reader that is up (`ready`): its footer and sidebar come a frame
# after the text, and a picture taken before would depend on how busy the machine was.
def pressing(*keys: str) -> Callable[[Any], Awaitable[None]]:
    async def press(pilot: Any) -> None:
        await ready(pilot)
        await pilot.press(*keys)

    return press


def test_main_screen(snap_compare: Any) -> None:
    assert snap_compare(reader(), terminal_size=(120, 40), run_before=ready)


def test_main_screen_narrow(snap_compare: Any) -> None:
    assert snap_compare(reader(), terminal_size=(60, 20), run_before=ready)


@pytest.mark.parametrize(
    "tab", ["1", "2", "3", "4", "6"], ids=["people", "places", "dates", "quotes", "sources"]
)
def test_sidebar_tabs(snap_compare: Any, tab: str) -> None:
    assert snap_compare(reader(), terminal_size=(120, 40), run_before=pressing(tab))


def test_sources_tab_narrow(snap_compare: Any) -> None:
    # 60 columns: the sidebar comes up over the text, a speaker's sourcing in its details.
    assert snap_compare(reader(), terminal_size=(60, 20), run_before=pressing("6", "j", "j"))


def test_current_quote_and_selection(snap_compare: Any) -> None:
    async def choose(pilot: Any) -> None:
        await ready(pilot)
        await pilot.press("right_square_bracket", "right_square_bracket")
        pilot.app.main.select_entity("zaluzhniy")
        await pilot.pause()

    assert snap_compare(reader(), terminal_size=(120, 40), run_before=choose)


def test_help_screen(snap_compare: Any) -> None:
    assert snap_compare(reader(), terminal_size=(120, 40), run_before=pressing("question_mark"))


def test_export_dialog(snap_compare: Any) -> None:
    assert snap_compare(reader(), terminal_size=(120, 40), run_before=pressing("e"))


def test_light_theme(snap_compare: Any) -> None:
    async def light(pilot: Any) -> None:
        await ready(pilot)
        pilot.app.theme = "textual-light"
        await pilot.pause()

    assert snap_compare(reader(), terminal_size=(120, 40), run_before=light)


def test_overwrite_question_at_40_by_12(
    snap_compare: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sievierodonetsk-withdrawal.md").write_text("my notes")
    assert snap_compare(reader(), terminal_size=(40, 12), run_before=pressing("e", "enter"))


def test_help_screen_at_40_by_12(snap_compare: Any) -> None:
    assert snap_compare(reader(), terminal_size=(40, 12), run_before=pressing("question_mark"))


@pytest.mark.parametrize("size", [(120, 40), (60, 20)], ids=["120x40", "60x20"])
@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
@pytest.mark.parametrize("where", ["tab", "full"])
def test_map(snap_compare: Any, size: tuple[int, int], theme: str, where: str) -> None:
    async def show_map(pilot: Any) -> None:
        pilot.app.theme = theme
        await ready(pilot)
        pilot.app.main.select_entity("hirske")
        await pilot.press("5" if where == "tab" else "M")
        await focused_map(pilot, "#sidebar-map-canvas" if where == "tab" else "#full-map-canvas")

    assert snap_compare(reader(), terminal_size=size, run_before=show_map)
