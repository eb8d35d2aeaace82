"""Leaving the reader at any moment of its start-up: a clean exit, whatever was under way.

A reader is quit (or its terminal closed) while it is still building what follows the first
frame - the footer, the sidebar's tabs, the cache write. Each step is a moment to leave at.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ARTICLE_YAML, ready, reload, wait_until
from textual.widget import AwaitMount, Widget

from sievierodonetsk_reader.loader import load_article
from sievierodonetsk_reader.model import Article
from sievierodonetsk_reader.tui.app import ReaderApp
from sievierodonetsk_reader.tui.screen import ReaderScreen
from sievierodonetsk_reader.tui.sidebar import Sidebar


class LeavingScreen(ReaderScreen):
    """A reading screen that quits the reader at one named step of its start-up."""

    leave_at = ""

    def on_mount(self) -> None:  # Textual calls ReaderScreen.on_mount too (each class's own)
        if self.leave_at == "before the first frame":
            self.app.exit()

    async def after_first_paint(self) -> None:
        if self.leave_at == "at the first frame":
            self.app.exit()
        await super().after_first_paint()

    def mount(self, *widgets: Widget, **where: object) -> AwaitMount:
        if self.leave_at == "as the footer is mounted" and self.is_mounted:
            self.app.exit()
        return super().mount(*widgets, **where)  # type: ignore[arg-type]


STEPS = [
    "before the first frame",
    "at the first frame",
    "as the footer is mounted",
    "as the sidebar's tabs are made",
    "as the sidebar's lists are filled",
    "once the sidebar is built",
    "in the work left for after the first frame",
]


@pytest.mark.parametrize("step", STEPS)
async def test_quitting_at_each_step_of_start_up_is_a_clean_exit(
    article: Article, step: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    app: ReaderApp

    def leave_then(original: Callable[..., object]) -> Callable[..., object]:
        def leaving(*args: object, **kwargs: object) -> object:
            app.exit()
            return original(*args, **kwargs)

        return leaving

    if step == "as the sidebar's tabs are made":
        monkeypatch.setattr(Sidebar, "_about", leave_then(Sidebar._about))
    elif step == "as the sidebar's lists are filled":
        monkeypatch.setattr(Sidebar, "_place_options", leave_then(Sidebar._place_options))
    elif step == "once the sidebar is built":
        build = Sidebar.build

        async def built_then_leave(sidebar: Sidebar) -> None:
            await build(sidebar)
            app.exit()

        monkeypatch.setattr(Sidebar, "build", built_then_leave)
    monkeypatch.setattr(LeavingScreen, "leave_at", step)
    monkeypatch.setattr(ReaderApp, "SCREEN", LeavingScreen)
    left_work = step == "in the work left for after the first frame"
    app = ReaderApp(article, after_first_frame=(lambda: app.exit()) if left_work else None)
    # run_test raises whatever broke inside the reader (MountError, NoMatches ...) on its way out.
    async with app.run_test(size=(80, 24)):
        await wait_until(lambda: app.return_code is not None, "the reader to quit")
    assert app.return_code == 0


@pytest.mark.parametrize("turns", [0, 1, 2, 3, 5, 8, 13, 21, 34, 55])
async def test_quitting_after_any_number_of_turns_of_the_event_loop_is_a_clean_exit(
    article: Article, turns: int
) -> None:
    # Between the named steps: the loop coming round `turns` times after the app is up.
    app = ReaderApp(article)
    async with app.run_test(size=(80, 24)):
        for _ in range(turns):
            await asyncio.sleep(0)
        app.exit()
    assert app.return_code == 0


async def test_leaving_run_test_while_the_reader_is_still_starting_raises_nothing(
    article: Article,
) -> None:
    # What most Pilot tests do: press a key and leave, whatever start-up was still doing.
    app = ReaderApp(article)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("j")
        scrolled = app.main.view.scroll_y
    assert scrolled == 1


async def test_ready_waits_for_the_sidebar_and_the_work_after_the_first_frame(
    article: Article,
) -> None:
    ran: list[bool] = []
    app = ReaderApp(article, after_first_frame=lambda: ran.append(True))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert ran == [True]
        assert app.main.sidebar.built.is_set()
        assert app.main.query("Footer")


async def test_r_pressed_a_hundred_times_quickly_ends_on_one_reloaded_screen(
    article: Article,
) -> None:
    from sievierodonetsk_reader.loader import bundled_article_path

    app = ReaderApp(article, source=bundled_article_path())
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        app.main.go_to_paragraph(9)
        await pilot.pause()
        # Keys as a held-down `r` sends them: faster than a reload (Pilot's press would wait
        # for each), a few turns of the loop apart, so that they land at every step of one.
        for number in range(100):
            app.simulate_key("r")
            for _ in range(number % 7):
                await asyncio.sleep(0)
        await wait_until(lambda: app.ready and not app.workers, "the last reload")
        await pilot.pause()
        screen = app.main
        assert app.screen is screen and "Reloaded" in str(screen.status.content)
        top = screen.view.top_span()
        assert top is not None and top.paragraph == 9
        # One version of the article is kept, not a hundred; and a few reloads ran, not 100.
        assert len(app._screen_stacks) <= 2
        assert app._reloads < 20


async def test_a_reload_frees_the_screen_it_replaces(article: Article) -> None:
    import gc
    import weakref

    from textual.widgets import Header

    from sievierodonetsk_reader.loader import bundled_article_path

    app = ReaderApp(article, source=bundled_article_path())
    replaced: list[weakref.ref[object]] = []  # each screen a reload replaced, and its Header
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        first = app.main
        for _ in range(8):
            old = app.main
            header = old.query_one(Header)
            await reload(pilot)
            if old is not first:  # Textual keeps its default screen
                replaced += [weakref.ref(old), weakref.ref(header)]
            del old, header

        def all_freed() -> bool:
            gc.collect()
            return all(ref() is None for ref in replaced[:-2])  # the last may still be going

        # 16 MB after 15 reloads in a pty before: the app's theme signal and title watchers
        # held each screen, its Header and the strips it drew.
        await wait_until(all_freed, "the replaced screens to be freed")


class ReplacedScreen(ReaderScreen):
    """The first reading screen, replaced by a reload before it builds what can wait."""

    async def after_first_paint(self) -> None:
        app = self.app
        assert isinstance(app, ReaderApp)
        if app.main is self and not app._reloads:
            app.action_reload()  # a file saved while the reader starts
            await wait_until(lambda: app.main is not self, "the reloaded screen")
        await super().after_first_paint()


async def test_a_screen_replaced_before_its_sidebar_is_built_builds_no_more(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The first version's screen stays attached (it is the default mode's): under load it
    # went on building its sidebar after the reload, and Tabs raised "No Tab with id".
    path = tmp_path / "article.yaml"
    path.write_text(ARTICLE_YAML.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(ReaderApp, "SCREEN", ReplacedScreen)
    app = ReaderApp(load_article(path), source=path)
    first = app.main
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(lambda: app.main is not first and app.ready, "the reloaded reader")
        await ready(pilot)
        assert first.leaving
        assert not first.sidebar.built.is_set()  # the replaced screen built nothing more
        assert app.main.sidebar.built.is_set()


async def test_a_text_removed_but_still_in_the_last_frame_draws_blank_lines(
    article: Article,
) -> None:
    """Textual may draw a removed widget once more, from the layout of the frame before its
    removal; the removal took the text's styles away, and the text raised KeyError (seen in
    one reload in five under load)."""
    from textual.geometry import Region

    app = ReaderApp(article)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        view = app.main.view
        await app.main.query_one("#main").remove()
        view.notify_style_update()  # a restyle of the screen it left
        lines = view.render_lines(Region(0, 0, 80, 3))
        assert [line.text.strip() for line in lines] == ["", "", ""]


async def test_a_reload_that_comes_before_the_first_screen_is_composed_is_shown(
    tmp_path: Path,
) -> None:
    # Under load the file's change was seen, and the new version read, before the first
    # screen had its panes: taking the reading place from them raised NoMatches('#article').
    path = tmp_path / "article.yaml"
    path.write_text(ARTICLE_YAML.read_text(encoding="utf-8"), encoding="utf-8")
    app = ReaderApp(load_article(path), source=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        first = app.main
        await first.query_one("#main").remove()  # as before compose: no panes yet
        app._show_reloaded(load_article(path))
        await wait_until(lambda: app.main is not first and app.ready, "the reloaded reader")
        await ready(pilot)
        assert app.main.view.article is app.main.article
