"""What the reader remembers between runs, and its settings file: kept, restored, never lost."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sievierodonetsk_reader.cli import reader_stores
from sievierodonetsk_reader.loader import parse_article
from sievierodonetsk_reader.model import Article
from sievierodonetsk_reader.names import NO_STATE_VARIABLE
from sievierodonetsk_reader.settings import Settings, settings_path, with_value
from sievierodonetsk_reader.state import (
    ArticleState,
    Position,
    StateStore,
    article_key,
    state_path,
)


def test_state_round_trips_through_its_file(article: Article, tmp_path: Path) -> None:
    path = tmp_path / "state" / "state.json"
    store = StateStore.open(path)
    remembered = store.article(article)
    remembered.position = Position(14, 120)
    remembered.tab = "places"
    remembered.bookmarks = [3, 9]
    store.save()
    again = StateStore.open(path).article(article)
    assert again == ArticleState(Position(14, 120), "places", [3, 9])
    assert json.loads(path.read_text())["version"] == 1


def test_an_edited_article_does_not_restore_to_a_wrong_place(
    article: Article, article_text: str
) -> None:
    edited = parse_article(article_text.replace("intense fighting", "intense shelling"))
    assert article_key(edited) != article_key(article)
    assert article_key(edited).startswith(article.metadata.id)
    assert article_key(parse_article(article_text)) == article_key(article)


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b'{"version": 99, "articles": {}}',
        b'{"version": 1, "articles": []}',
        b'{"version": 1, "articles": {"a": {"position": {"paragraph": -3}}}}',
        b'{"version": 1, "articles": {"a": {"bookmarks": ["x"]}}}',
        b"\xff\xfe",
    ],
)
def test_a_damaged_state_file_is_moved_aside_and_the_reader_starts_fresh(
    article: Article, tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "state.json"
    path.write_bytes(content)
    store = StateStore.open(path)
    assert store.articles == {}
    assert store.problem is not None and "moved to" in store.problem
    aside = list(tmp_path.glob("state.json.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_bytes() == content  # nothing lost
    store.article(article).bookmarks = [2]
    store.save()
    assert StateStore.open(path).article(article).bookmarks == [2]


def test_an_unwritable_state_directory_is_reported_not_raised(
    article: Article, tmp_path: Path
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    store = StateStore.open(blocker / "state.json")  # a directory that cannot exist
    store.article(article).tab = "dates"
    store.save()
    assert store.problem is not None and "Could not save" in store.problem


def test_no_state_reads_and_writes_nothing(
    own_state_directories: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    state, settings = reader_stores(no_state=False)
    assert state.path == state_path() and settings.path == settings_path()
    assert str(state.path).startswith(str(own_state_directories))  # XDG_STATE_HOME honoured
    for flag, variable in ((True, None), (False, "1")):
        if variable:
            monkeypatch.setenv(NO_STATE_VARIABLE, variable)
        state, settings = reader_stores(no_state=flag)
        assert state.path is None and settings.path is None
        state.save()
        assert settings.set_text_width(60) is None
    assert not any(own_state_directories.rglob("*.json"))
    assert not any(own_state_directories.rglob("*.toml"))


def test_a_changed_setting_keeps_the_users_comments_and_order() -> None:
    text = '# my settings\ntheme = "nord"  # dark\n\n[keys]\nfind = "ctrl+f"\n'
    changed = with_value(text, "text_width", 72)
    assert changed == (
        '# my settings\ntheme = "nord"  # dark\ntext_width = 72\n\n[keys]\nfind = "ctrl+f"\n'
    )
    assert with_value(changed, "theme", "gruvbox").count("theme") == 1
    assert 'theme = "gruvbox"' in with_value(changed, "theme", "gruvbox")


def test_settings_with_errors_are_reported_by_line_and_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('theme = "nord"\ntext_width = \n')
    settings = Settings.open(path)
    assert settings.problems == [f"{path}:2:14: Invalid value"]
    assert settings.set_text_width(60) is not None
    assert path.read_text() == 'theme = "nord"\ntext_width = \n'


def test_settings_values_are_checked(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('theme = 3\ntext_width = 900\ncolour = "red"\n[keys]\nfind = 7\nhelp = "f2"\n')
    settings = Settings.open(path)
    assert settings.theme is None and settings.text_width == 88
    assert settings.keys == {"help": "f2"}
    assert len(settings.problems) == 4
    assert any("text_width must be a number from 30 to 200" in p for p in settings.problems)
    assert any("unknown setting 'colour'" in p for p in settings.problems)


def test_two_readers_at_once_keep_each_others_places(
    article: Article, article_text: str, tmp_path: Path
) -> None:
    other = parse_article(article_text.replace("intense fighting", "intense shelling"))
    path = tmp_path / "state.json"
    first, second = StateStore.open(path), StateStore.open(path)  # two terminals
    first.article(article).position = Position(5, 0)
    first.touch(article)
    second.article(other).position = Position(9, 0)
    second.touch(other)
    first.save()
    second.save()  # the last to quit must not forget the first's article
    again = StateStore.open(path)
    assert again.article(article).position == Position(5, 0)
    assert again.article(other).position == Position(9, 0)
