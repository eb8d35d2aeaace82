"""The way to the reader's first frame (issue #14): nothing done twice on it, and the
garbage collector paused until it is up.

How fast the first frame comes is measured by `benchmarks/run.py`, not here; these tests hold
what the measurements found: work that was done twice before the first frame.
"""

from __future__ import annotations

import asyncio
import gc
from collections import Counter
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from conftest import ready, reload, wait_until
from rich.style import Style
from textual.pilot import Pilot
from textual.strip import Strip

from sievierodonetsk_reader import collector
from sievierodonetsk_reader.cli import main
from sievierodonetsk_reader.loader import bundled_article_path
from sievierodonetsk_reader.model import Article
from sievierodonetsk_reader.tui.app import ReaderApp
from sievierodonetsk_reader.tui.layout import Layout, Line
from sievierodonetsk_reader.tui.painting import LinePainter, Marks
from sievierodonetsk_reader.tui.screen import ReaderScreen


class FirstFrameScreen(ReaderScreen):
    """Notes, once the first frame is drawn, the article lines drawn until then."""

    drawn: Counter[Line]
    drawn_before_first_frame: Counter[Line] | None = None

    async def after_first_paint(self) -> None:
        self.drawn_before_first_frame = Counter(self.drawn)
        await super().after_first_paint()


@pytest.mark.parametrize("size", [(120, 40), (60, 20), (40, 12)])
async def test_each_line_of_the_article_is_drawn_once_before_the_first_frame(
    article: Article, size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Textual gives a screen its size classes (-narrow, -short ...) at its first Resize, which
    # comes after the first styling: every widget was styled again and every line drawn again.
    drawn: Counter[Line] = Counter()
    render = LinePainter.draw

    def counted(
        painter: LinePainter, line: Line, base: Style, margin: tuple[int, int], marks: Marks
    ) -> Strip:
        drawn[line] += 1
        return render(painter, line, base, margin, marks)

    monkeypatch.setattr(LinePainter, "draw", counted)
    monkeypatch.setattr(FirstFrameScreen, "drawn", drawn, raising=False)
    monkeypatch.setattr(ReaderApp, "SCREEN", FirstFrameScreen)
    app = ReaderApp(article)
    async with app.run_test(size=size) as pilot:
        screen = app.main
        assert isinstance(screen, FirstFrameScreen)
        await ready(pilot)
        before = screen.drawn_before_first_frame
        assert before, "no article line was drawn before the first frame"
        # Lines of text and the headline are one of a kind (blank lines and the attributions
        # of one speaker's quotes may repeat).
        unique = ("text", "title", "meta")
        twice = {line: n for line, n in before.items() if line.kind in unique and n > 1}
        assert not twice
        assert screen.has_class("-wide" if size[0] >= 80 else "-narrow")
        assert screen.has_class("-tall" if size[1] >= 24 else "-short")


def test_read_pauses_the_collector_before_it_starts_the_reader(
    start_reader: Callable[..., ReaderApp | None], monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[bool] = []
    monkeypatch.setattr(ReaderApp, "run", lambda app: seen.append(gc.isenabled()))
    start_reader("read")
    assert seen == [False]


@pytest.mark.parametrize("command", [["check"], ["export", "-o", "-"]])
def test_check_and_export_run_with_the_collector_paused(
    command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    # One-shot commands: parsing makes next to no garbage in cycles, and the collector's
    # passes took half the time of a large file's check.
    assert main([*command, "--no-cache"]) == 0
    assert capsys.readouterr().out
    assert not gc.isenabled()


async def test_the_collector_runs_again_once_the_first_frame_is_up(article: Article) -> None:
    collector.pause()
    assert not gc.isenabled()
    app = ReaderApp(article, source=bundled_article_path())
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert gc.isenabled()
        assert app.main.sidebar.built.is_set()  # the panes after the first frame came first
        # What start-up made is set aside, so that the collector's passes skip it...
        assert gc.get_freeze_count() > 0
        # ... until the first version of the article (and its screen) may become garbage.
        await reload(pilot)
        assert gc.get_freeze_count() == 0


def is_set_aside(thing: object) -> bool:
    """Whether the collector's passes skip `thing` (set aside with `gc.freeze`)."""
    return not any(tracked is thing for tracked in gc.get_objects())


@asynccontextmanager
async def reader_wrapping_in_pauses(
    article: Article, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[tuple[ReaderApp, Pilot[None]]]:
    """A reader started as `read` starts it (the collector paused until its first frame),
    whose article is wrapped after the first frame, in pauses, as a 5 MB article is."""
    monkeypatch.setattr(Layout, "EAGER_CHARACTERS", 0)
    collector.pause()
    app = ReaderApp(article, source=bundled_article_path())
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        yield app, pilot


async def test_a_layout_made_in_the_background_is_set_aside_from_the_collectors_passes(
    article: Article, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A long article's lines are wrapped after the first frame, in pauses; at 5 MB they are
    # some 100,000 objects, and the collector's full passes over them (33-49 ms) fell in
    # the middle of keys.
    async with reader_wrapping_in_pauses(article, monkeypatch) as (app, pilot):

        async def set_aside_once_wrapped(change: str) -> Layout:
            await wait_until(lambda: app.main.view.laid_out, f"{change} wrapped")
            lines = app.main.view._lines
            assert lines is not None and is_set_aside(lines), change
            assert gc.isenabled()  # what reading makes from now on is collected as usual
            return lines

        first = await set_aside_once_wrapped("the first layout")
        await pilot.press("ctrl+b")  # the sidebar hidden: a wider text, new lines
        await wait_until(lambda: app.main.view._lines is not first, "the lines of a new width")
        await set_aside_once_wrapped("a new width")
        await reload(pilot)  # what was set aside may become garbage: taken back
        await set_aside_once_wrapped("the layout after a reload")


async def test_the_collectors_full_passes_wait_while_a_layout_is_wrapped_in_pauses(
    article: Article, monkeypatch: pytest.MonkeyPatch
) -> None:
    # After a freeze the collector counts few old objects, so its full passes came often
    # while the lines were made: several of 33-52 ms in the keys after a new width.
    from sievierodonetsk_reader.tui import article_view

    monkeypatch.setattr(article_view, "WRAP_SLICE", 3)  # in several pauses' slices
    thresholds: list[int] = []
    wrap_more = Layout.wrap_more

    def noted(layout: Layout, top: int, paragraphs: int) -> int:
        thresholds.append(gc.get_threshold()[2])
        return wrap_more(layout, top, paragraphs)

    monkeypatch.setattr(Layout, "wrap_more", noted)
    async with reader_wrapping_in_pauses(article, monkeypatch) as (app, _):
        view = app.main.view
        await wait_until(lambda: view.laid_out, "the layout wrapped")
        assert thresholds  # slices...
        assert min(thresholds) > 10**6  # ... during which no full pass could come
        assert view._lines is not None and is_set_aside(view._lines)


async def test_a_layout_that_keys_wrapped_to_the_end_is_set_aside_in_the_next_pause(
    article: Article, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sievierodonetsk_reader.tui import article_view

    async with reader_wrapping_in_pauses(article, monkeypatch) as (app, pilot):
        view = app.main.view
        await wait_until(lambda: view.laid_out, "the first layout wrapped")
        first = view._lines
        monkeypatch.setattr(article_view, "WRAP_AFTER_PAUSE", 3600)  # no pause yet
        await pilot.press("ctrl+b")  # a new width...
        lines = view._lines
        assert lines is not None and lines is not first
        for _ in range(len(article.paragraphs)):  # ... read to its end with no pause
            if lines.complete:
                break
            await pilot.press("pagedown")
        assert lines.complete and not is_set_aside(lines)
        monkeypatch.setattr(article_view, "WRAP_AFTER_PAUSE", 0.01)
        await pilot.press("k")  # and a pause after a key
        await wait_until(lambda: is_set_aside(lines), "the wrapped layout set aside")


@asynccontextmanager
async def full_passes_noted() -> AsyncIterator[list[float]]:
    """The moments (loop time) at which the collector's full passes start, while inside."""
    loop = asyncio.get_running_loop()
    passes: list[float] = []

    def note(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and info["generation"] == 2:
            passes.append(loop.time())

    gc.callbacks.append(note)
    try:
        yield passes
    finally:
        gc.callbacks.remove(note)


async def tab_keys_until_a_full_pass_is_due(pilot: Pilot[None], passes: list[float]) -> None:
    """Press `2` and `1` until the collector has made more young passes than its own full
    pass waits for (about four pairs of keys on the bundled article), or made one."""
    due = collector.usual_full_pass_threshold()
    for _ in range(100):
        if gc.get_count()[2] > due or passes:
            return
        await pilot.press("2", "1")
    raise AssertionError("no full pass due after 100 pairs of keys")


async def test_the_collectors_full_passes_wait_for_a_pause_in_reading(
    article: Article, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A full pass walks all that reading made since start (50,000 objects at 5 MB, 40-58 ms):
    # at the collector's own moments it fell inside keys (ctrl+b, Escape, the palette's jump).
    # Now it waits until no key or click came for a while.
    from sievierodonetsk_reader.tui import app as app_module

    monkeypatch.setattr(app_module, "COLLECT_AFTER_PAUSE", 3600.0)  # no pause yet
    collector.pause()
    app = ReaderApp(article, source=bundled_article_path())
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)  # start-up's own pass made
        async with full_passes_noted() as passes:
            await tab_keys_until_a_full_pass_is_due(pilot, passes)
            assert passes == [], "a full pass ran in the middle of the keys"
            monkeypatch.setattr(app_module, "COLLECT_AFTER_PAUSE", 0.05)
            await wait_until(lambda: passes, "a full pass once the keys paused")
            assert gc.get_count()[2] <= collector.usual_full_pass_threshold()
            # Then none until another is due.
            count = len(passes)
            await pilot.press("2", "1")
            await pilot.pause()
            assert len(passes) == count


async def test_keys_with_no_pause_still_get_a_full_pass_when_one_is_long_overdue(
    article: Article, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Keys held down for minutes: the garbage in cycles they leave is still freed.
    from sievierodonetsk_reader.tui import app as app_module

    monkeypatch.setattr(app_module, "COLLECT_AFTER_PAUSE", 3600.0)
    monkeypatch.setattr(collector, "OVERDUE_FACTOR", 2)
    collector.pause()
    app = ReaderApp(article, source=bundled_article_path())
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        async with full_passes_noted() as passes:
            for _ in range(100):
                if passes:
                    break
                await pilot.press("2", "1")
            assert passes, "no full pass although one was long overdue"
            assert gc.get_count()[2] <= 2 * collector.usual_full_pass_threshold()


async def test_the_collector_is_as_it_was_once_the_reader_is_gone(article: Article) -> None:
    usual = gc.get_threshold()
    collector.pause()
    app = ReaderApp(article, source=bundled_article_path())
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
    collector.hand_back()
    assert gc.get_threshold() == usual


async def test_the_collector_is_left_alone_when_read_did_not_pause_it(article: Article) -> None:
    # A host program (or a test) that turned the collector off keeps it off.
    gc.disable()
    app = ReaderApp(article)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)  # the collector's turn came just after the work left for then
        assert not gc.isenabled()
        assert gc.get_freeze_count() == 0


def test_a_first_start_writes_the_cache_after_the_first_frame_not_before(
    start_reader: Callable[..., ReaderApp | None], tmp_path: Path, own_state_directories: Path
) -> None:
    # Writing the cache (encoding the model, then a synced file) took 34 ms at 100x.
    path = tmp_path / "article.yaml"
    path.write_bytes(bundled_article_path().read_bytes())
    cache = own_state_directories / "cache" / "sievierodonetsk-reader"
    app = start_reader("read", str(path))
    assert app is not None
    assert not list(cache.glob("*.json"))  # nothing written on the way to the first frame
    assert app.after_first_frame is not None
    app.after_first_frame()
    assert len(list(cache.glob("*.json"))) == 1
    # The next start finds it, and has nothing to write.
    again = start_reader("read", str(path))
    assert again is not None and again.after_first_frame is None


async def test_what_waits_for_the_first_frame_runs_once_it_is_up(article: Article) -> None:
    ran: list[bool] = []
    app = ReaderApp(
        article,
        source=bundled_article_path(),
        after_first_frame=lambda: ran.append(app.main.sidebar.built.is_set()),
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert ran == [True]  # once, after the panes that follow the first frame
        await reload(pilot)  # a reload's first frame does not run it again
        assert ran == [True]
