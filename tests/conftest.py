from __future__ import annotations

import asyncio
import gc
import inspect
import io
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from textual.pilot import Pilot

from sievierodonetsk_reader import collector
from sievierodonetsk_reader.loader import bundled_article_path, load_article
from sievierodonetsk_reader.model import Article, Span

if TYPE_CHECKING:  # the TUI is imported by the tests that use it
    from sievierodonetsk_reader.tui.app import ReaderApp

ROOT = Path(__file__).resolve().parent.parent
# The report as published, kept beside the tests; the shared copy is checked against it.
SOURCE = ROOT / "tests" / "data" / "sievierodonetsk-withdrawal.txt"
SHARED_SOURCE = ROOT.parent / "shared" / "source" / "sievierodonetsk-withdrawal.txt"
ARTICLE_YAML = bundled_article_path()


def source_paragraphs() -> list[str]:
    """The source's paragraphs as the reporter wrote them (blank lines separate them)."""
    return re.split(r"\n\s*\n", SOURCE.read_text(encoding="utf-8").strip("\n"))


@pytest.fixture(scope="session")
def article() -> Article:
    return load_article(ARTICLE_YAML)


@pytest.fixture
def article_text() -> str:
    return ARTICLE_YAML.read_text(encoding="utf-8")


def line_of(text: str, needle: str) -> int:
    """1-based number of the line where `needle` (which may span lines) starts in `text`."""
    assert needle in text, f"{needle!r} not in text"
    return text[: text.index(needle)].count("\n") + 1


@pytest.fixture(autouse=True)
def no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """A blinking cursor makes screenshots differ from run to run: keep it still."""
    from textual.events import Mount
    from textual.widgets import Input

    mount = Input._on_mount

    def mount_still(self: Input, event: Mount) -> None:
        self.cursor_blink = False
        mount(self, event)

    monkeypatch.setattr(Input, "_on_mount", mount_still)


@pytest.fixture(autouse=True)
def own_state_directories(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Each test gets empty state, settings and cache directories: none touches the user's."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.delenv("SIEVIERODONETSK_READER_NO_CACHE", raising=False)
    monkeypatch.delenv("SIEVIERODONETSK_READER_NO_STATE", raising=False)
    return home


@pytest.fixture(autouse=True)
def collector_restored() -> Iterator[None]:
    """The garbage collector as it was before each test: `check`, `export` and `read` pause
    it (see collector.py), which in a test process would last for the tests after."""
    was_enabled = gc.isenabled()
    yield
    collector.resume()  # a pause of ours: collect, set aside...
    collector.hand_back()  # ... and take back, so that later tests' garbage is collected
    if was_enabled:
        gc.enable()


# -- waiting: the one way tests wait for the reader ---------------------------------------------
WAIT_LIMIT = 20.0  # seconds; generous, for a machine busy with other work


async def wait_until(
    condition: Callable[[], object], what: str, *, timeout: float = WAIT_LIMIT
) -> None:
    """Wait for `condition` to hold, looking again every 5 ms (the loop runs meanwhile); a
    condition may be asked through a coroutine (a request to a server, say).

    A test waits for what it needs, never for a guessed time: on a busy machine any fixed
    pause is sometimes too short."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        held = condition()
        if inspect.isawaitable(held):
            held = await held
        if held:
            return
        if loop.time() > deadline:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")
        await asyncio.sleep(0.005)


def reader_of(pilot: Pilot[Any]) -> ReaderApp:
    from sievierodonetsk_reader.tui.app import ReaderApp

    assert isinstance(pilot.app, ReaderApp)
    return pilot.app


async def ready(pilot: Pilot[Any]) -> None:
    """Wait until the reader is up: the first frame drawn, and what follows it (footer,
    sidebar tabs, the work left for after the first frame) done."""
    app = reader_of(pilot)
    await wait_until(lambda: app.ready, "the reader to be ready")
    await pilot.pause()  # and whatever those steps left in the message queue


async def reload(pilot: Pilot[Any]) -> None:
    """Press `r`, and wait until the reloaded article's screen is ready."""
    app = reader_of(pilot)
    first = app.main
    await pilot.press("r")
    await wait_until(lambda: app.main is not first and app.ready, "the reload")
    await pilot.pause()


async def palette_hit(pilot: Pilot[Any], query: str, expected: str) -> str:
    """Open the command palette, type `query`, and wait until its top hit mentions `expected`
    (the palette searches in the background)."""
    from textual.command import CommandList

    await pilot.press("ctrl+p", *query)
    hits = pilot.app.screen.query_one(CommandList)

    def top() -> str | None:
        option = hits.highlighted_option
        return str(option.prompt) if option is not None else None

    await wait_until(
        lambda: expected in (top() or ""), f"a palette hit for {query!r} naming {expected!r}"
    )
    return top() or ""


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def start_reader(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Any]:
    """`start_reader(*argv)` runs the command line as from a terminal, up to the reader it
    would run, and returns that reader (None if it started none)."""
    from sievierodonetsk_reader.cli import main
    from sievierodonetsk_reader.tui.app import ReaderApp

    started: list[ReaderApp] = []
    monkeypatch.setattr(ReaderApp, "run", lambda app: started.append(app))
    monkeypatch.setenv("TERM", "xterm-256color")

    def start(*argv: str) -> ReaderApp | None:
        started.clear()
        # Set here, not in the fixture: pytest puts its own capture in place for the test.
        with monkeypatch.context() as terminal:
            terminal.setattr(sys, "stdin", _Terminal())
            terminal.setattr(sys, "stdout", _Terminal())
            assert main(list(argv)) == 0
        return started[0] if started else None

    return start


async def focused_map(pilot: Pilot[Any], selector: str) -> Any:
    """Wait until the map canvas `selector` is drawn on the screen and has the keys."""
    from sievierodonetsk_reader.tui.map_view import MapCanvas

    app = pilot.app

    def canvas() -> MapCanvas | None:
        found = app.screen.query(selector).results(MapCanvas)
        shown = next(found, None)
        return shown if shown is not None and shown.has_focus and shown.size.area else None

    await wait_until(lambda: canvas() is not None, f"the map {selector} to have the keys")
    await pilot.pause()
    return canvas()


def wait_until_blocking(
    condition: Callable[[], object],
    what: str,
    *,
    timeout: float = WAIT_LIMIT,
    idle: Callable[[float], object] = time.sleep,
) -> None:
    """`wait_until` for tests outside an event loop (a server, a browser, a subprocess).

    `idle(seconds)` lets time pass between looks: a browser page's `wait_for_timeout` (in
    milliseconds, hence the wrapper the caller passes) lets Playwright run its handlers."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")
        idle(0.02)


def matches_of(view: Any) -> tuple[Span, ...]:
    """The find matches the article view marks (none while not finding)."""
    finding = view.reading.finding
    return finding.matches if finding is not None else ()


def screen_lines(app: Any) -> list[str]:
    """The screen as lines of text, each character in its column (from the SVG a snapshot is
    made of: each run of text carries its line and its x position)."""
    import html

    svg = app.export_screenshot()
    width, height = app.size
    lines = [[" "] * width for _ in range(height)]
    cell = 12.2  # the SVG's width of one column
    pattern = r'<text [^>]*x="([\d.]+)"[^>]*clip-path="url\(#[^)]*-line-(\d+)\)">([^<]*)</text>'
    for x, line, text in re.findall(pattern, svg):
        column = round(float(x) / cell)
        for offset, char in enumerate(html.unescape(text).replace("\xa0", " ")):
            if 0 <= int(line) < height and 0 <= column + offset < width:
                lines[int(line)][column + offset] = char
    return ["".join(row).rstrip() for row in lines]


def run_command(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """The program run as a user runs it, with `env` added to the environment."""
    return subprocess.run(
        [sys.executable, "-m", "sievierodonetsk_reader", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        timeout=timeout,
    )
