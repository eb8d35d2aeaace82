"""What the reader keeps (state, settings) is untrusted input: hostile kinds of file are
refused with a message, never a hang, a crash or a lost position; readers that quit together
keep each other's places. The hostile files are kept in tests/hostile_kept/."""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ROOT

from sievierodonetsk_reader.loader import parse_article
from sievierodonetsk_reader.model import Article
from sievierodonetsk_reader.settings import Settings
from sievierodonetsk_reader.state import Position, StateStore

HOSTILE = ROOT / "tests" / "hostile_kept"


def promptly(opening: Callable[[], object]) -> object:
    """`opening()`, which must return within 10 s: a FIFO once made the reader wait for ever."""
    result: list[object] = []
    worker = threading.Thread(target=lambda: result.append(opening()), daemon=True)
    worker.start()
    worker.join(10)
    assert result, "opening the file hangs"
    return result[0]


def make(kind: str, path: Path) -> None:
    """A file of `kind` at `path`: what a mistake or another program may leave there."""
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        path.symlink_to("/dev/zero")  # endless: read whole, it took 10 GB
    elif kind == "directory":
        path.mkdir()
    elif kind == "giant":
        with open(path, "wb") as giant:
            giant.truncate(200 * 1024 * 1024)  # 200 MB (sparse): it took 22 s and 4 GB
    else:
        path.write_bytes((HOSTILE / kind).read_bytes())


# -- state ------------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["fifo", "device", "directory"])
def test_a_state_file_that_is_not_a_file_is_left_alone_and_said(
    article: Article, tmp_path: Path, kind: str
) -> None:
    path = tmp_path / "state.json"
    make(kind, path)
    store = promptly(lambda: StateStore.open(path))
    assert isinstance(store, StateStore)
    assert store.problem is not None and "not a file the reader wrote" in store.problem
    store.article(article).position = Position(4, 0)
    promptly(store.save)  # nothing written into it, nothing waits on it
    assert not path.is_file() and not list(tmp_path.glob("state.json.corrupt-*"))


@pytest.mark.parametrize("kind", ["giant", "state-nested.json", "state-wrong-types.json"])
def test_a_state_file_too_large_or_damaged_is_moved_aside_and_the_reader_starts_fresh(
    article: Article, tmp_path: Path, kind: str
) -> None:
    path = tmp_path / "state.json"
    make(kind, path)
    size = path.stat().st_size
    store = promptly(lambda: StateStore.open(path))
    assert isinstance(store, StateStore)
    assert store.articles == {}
    assert store.problem is not None and "moved to" in store.problem
    (aside,) = tmp_path.glob("state.json.corrupt-*")
    assert aside.stat().st_size == size  # nothing lost
    store.article(article).position = Position(4, 0)
    store.save()
    assert StateStore.open(path).article(article).position == Position(4, 0)


def _variants(article_text: str, count: int) -> list[Article]:
    """`count` different articles (each a text of its own, so a state key of its own)."""
    return [
        parse_article(article_text.replace("intense fighting", f"intense fighting {n}"))
        for n in range(count)
    ]


def _quit_at_once(path: Path, article: Article, paragraph: int, start: object) -> None:
    store = StateStore.open(path)
    store.article(article).position = Position(paragraph, 0)
    store.touch(article)
    start.wait()  # type: ignore[attr-defined]  # all four quit at the same moment
    store.save()
    assert store.problem is None, store.problem


def test_four_readers_quitting_at_once_keep_all_four_places(
    article_text: str, tmp_path: Path
) -> None:
    articles = _variants(article_text, 4)
    fork = multiprocessing.get_context("fork")
    for round_ in range(10):  # a race shows in some rounds, not every one
        path = tmp_path / f"state-{round_}.json"
        start = fork.Barrier(4)
        readers = [
            fork.Process(target=_quit_at_once, args=(path, article, 10 + n, start))
            for n, article in enumerate(articles)
        ]
        for reader in readers:
            reader.start()
        for reader in readers:
            reader.join(30)
            assert reader.exitcode == 0
        again = StateStore.open(path)
        kept = [again.article(article).position for article in articles]
        assert kept == [Position(10 + n, 0) for n in range(4)], f"round {round_}"


def test_a_bookmark_made_in_one_window_survives_another_window_of_the_article(
    article: Article, tmp_path: Path
) -> None:
    path = tmp_path / "state.json"
    seed = StateStore.open(path)
    seed.article(article).bookmarks = [2]
    seed.save()
    first, second = StateStore.open(path), StateStore.open(path)  # two windows, one article
    first.article(article).bookmarks = [2, 7]  # `m` on ¶7: saved at once
    first.save()
    second.article(article).bookmarks = []  # this window took the bookmark on ¶2 away
    second.save()
    second.article(article).bookmarks = [12]  # its screen shows its own marks, not ¶7
    second.article(article).position = Position(12, 0)
    second.save()  # ... and quits last
    again = StateStore.open(path).article(article)
    assert again.bookmarks == [7, 12]  # one window's new mark, the other's changes
    assert again.position == Position(12, 0)


# -- settings ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("kind", "said"),
    [
        ("fifo", "is a pipe (FIFO)"),
        ("device", "is a device"),
        ("directory", "is a directory"),
        ("giant", "is larger than 65,536 bytes"),
        ("settings-nested.toml", "nested too deeply"),
        ("settings-5000-digits.toml", "Exceeds the limit (4300 digits)"),
    ],
)
def test_a_settings_file_that_cannot_be_used_is_said_and_never_written(
    tmp_path: Path, kind: str, said: str
) -> None:
    path = tmp_path / "settings.toml"
    make(kind, path)
    settings = promptly(lambda: Settings.open(path))
    assert isinstance(settings, Settings)
    assert settings.text_width == 88 and settings.theme is None  # the defaults
    (problem,) = settings.problems
    assert problem.startswith(f"{path}: ") and said in problem
    assert settings.set_text_width(60) is not None  # not saved over it
    if (HOSTILE / kind).is_file():
        assert path.read_bytes() == (HOSTILE / kind).read_bytes()


@pytest.mark.parametrize(
    ("kind", "binding", "where"),
    [
        ("settings-escape-binding.toml", "find", ":4:8"),
        ("settings-c1-binding.toml", "help", ":2:8"),
    ],
)
def test_a_key_binding_that_is_not_key_names_is_refused_with_its_line_and_shown_escaped(
    tmp_path: Path, kind: str, binding: str, where: str
) -> None:
    path = tmp_path / "settings.toml"
    make(kind, path)
    settings = Settings.open(path)
    assert binding not in settings.keys
    (problem,) = settings.problems
    assert problem.startswith(f"{path}{where}: keys.{binding} must be key names")
    assert not any(ord(char) < 32 or 0x7F <= ord(char) < 0xA0 for char in problem)
    assert "PWNED" in problem  # shown, escaped


def test_key_names_are_accepted() -> None:
    settings = Settings(None)
    settings._read_keys("settings.toml", "", {"find": "slash,ctrl+f", "help": "f2, F"})
    assert settings.keys == {"find": "slash,ctrl+f", "help": "f2, F"}
    assert settings.problems == []


def test_a_file_is_read_whole_up_to_its_limit_whatever_size_it_claims(tmp_path: Path) -> None:
    """Every file the reader reads (articles, state, settings, cache) goes through one
    reader: all of a file, however its size is said; over the limit, refused."""
    from sievierodonetsk_reader.loader import FileTooLarge, read_regular_file

    exact = tmp_path / "exact"
    exact.write_bytes(b"x" * 1000)
    assert read_regular_file(exact, 1000) == b"x" * 1000
    with pytest.raises(FileTooLarge):
        read_regular_file(exact, 999)
    # /proc's files say they are empty and are not: read to the end, or to the limit.
    status = read_regular_file("/proc/self/status", 1 << 20)
    assert os.stat("/proc/self/status").st_size == 0 and b"\nPid:" in status
    with pytest.raises(FileTooLarge):
        read_regular_file("/proc/self/status", 10)
