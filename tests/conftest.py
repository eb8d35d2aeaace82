from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from sievierodonetsk_reader import collector
from sievierodonetsk_reader.loader import bundled_article_path, load_article
from sievierodonetsk_reader.model import Article

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
    collector.release()  # ... and take back, so that later tests' garbage is collected
    if was_enabled:
        gc.enable()
