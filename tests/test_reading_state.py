"""The reader you come back to: position, tab, theme, bookmarks, paragraphs, reloading."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import ARTICLE_YAML, palette_hit, ready, reload, wait_until
from rich.console import Console
from textual.events import Key
from textual.widgets import Input, Static

from sievierodonetsk_reader.loader import load_article
from sievierodonetsk_reader.model import Article
from sievierodonetsk_reader.settings import Settings
from sievierodonetsk_reader.state import StateStore, article_key
from sievierodonetsk_reader.tui.app import ReaderApp
from sievierodonetsk_reader.tui.prompt import GoToPrompt


def status(app: ReaderApp) -> str:
    return str(app.main.query_one("#status", Static).content)  # the screen of this version


def top_paragraph(app: ReaderApp) -> int:
    top = app.main.view.top_span()
    assert top is not None
    return top.paragraph


def open_reader(article: Article, home: Path, **options: object) -> ReaderApp:
    return ReaderApp(
        article,
        state=StateStore.open(home / "state.json"),
        settings=Settings.open(home / "settings.toml"),
        **options,  # type: ignore[arg-type]
    )


async def test_position_tab_theme_and_bookmarks_come_back(article: Article, tmp_path: Path) -> None:
    first = open_reader(article, tmp_path)
    async with first.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        first.main.go_to_paragraph(9)
        await pilot.press("m")  # a bookmark on ¶9
        first.main.go_to_paragraph(14)
        await pilot.pause()
        await pilot.press("m", "3")  # and on ¶14; the dates tab
        first.theme = "nord"
        await pilot.pause()
        await pilot.press("q")
    assert (tmp_path / "settings.toml").read_text() == 'theme = "nord"\n'

    again = open_reader(article, tmp_path)
    async with again.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.pause()
        assert top_paragraph(again) == 14
        assert "Back at ¶ 14 · g for the top" in status(again)
        assert again.main.sidebar.active_tab == "dates"
        assert again.theme == "nord"
        assert again.main.view.bookmarks == {9, 14}
        drawn = again.main.view.visible_text()
        assert "He said the Ukrainian" in drawn or "Arestovych" in drawn
        await pilot.press("apostrophe")  # the bookmarks, in the palette
        await pilot.pause()
        await pilot.press("enter")  # the first: ¶9
        await pilot.pause()
        assert top_paragraph(again) == 9


async def test_position_is_kept_at_another_width(article: Article, tmp_path: Path) -> None:
    first = open_reader(article, tmp_path)
    async with first.run_test(size=(120, 40)) as pilot:
        first.main.go_to_paragraph(17)
        await pilot.pause()
        await pilot.press("q")
    again = open_reader(article, tmp_path)
    async with again.run_test(size=(50, 20)) as pilot:  # lines wrap elsewhere: words stay
        await pilot.pause()
        assert top_paragraph(again) == 17


async def test_a_damaged_state_file_is_set_aside_and_said_once(
    article: Article, tmp_path: Path
) -> None:
    (tmp_path / "state.json").write_text("{oops")
    reader = open_reader(article, tmp_path)
    async with reader.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        notices = [n.message for n in reader._notifications]
        assert len(notices) == 1 and "damaged" in notices[0] and "starting fresh" in notices[0]
        assert top_paragraph(reader) == 1
        await pilot.press("j", "q")
    assert list(tmp_path.glob("state.json.corrupt-*"))
    assert StateStore.open(tmp_path / "state.json").problem is None  # written afresh


async def test_without_state_nothing_is_written(article: Article, tmp_path: Path) -> None:
    reader = ReaderApp(article, state=StateStore(None), settings=Settings(None))
    async with reader.run_test(size=(120, 40)) as pilot:
        reader.main.go_to_paragraph(12)
        await pilot.press("m", "plus", "q")
    assert list(tmp_path.iterdir()) == []


async def test_colon_goes_to_a_paragraph_and_refuses_one_that_is_not_there(
    article: Article,
) -> None:
    reader = ReaderApp(article)
    async with reader.run_test(size=(80, 24)) as pilot:
        await pilot.press("colon")
        assert isinstance(reader.screen, GoToPrompt)
        await pilot.press("4", "0", "enter")
        assert isinstance(reader.screen, GoToPrompt)
        shown = str(reader.screen.query_one("#go-to-message", Static).content)
        assert shown == "No ¶ 40: the article has paragraphs 1 to 25."
        assert reader.screen.query_one(Input).value == ""
        await pilot.press("1", "6", "enter")
        await pilot.pause()
        assert reader.screen is reader.main  # type: ignore[comparison-overlap]
        assert top_paragraph(reader) == 16
        await pilot.press("colon", "escape")
        assert not isinstance(reader.screen, GoToPrompt)
        assert top_paragraph(reader) == 16


@pytest.mark.parametrize("typed", ["2.5", "-3", "x7", "1e1"])
async def test_colon_shows_what_was_typed_and_refuses_what_is_not_a_number(
    article: Article, typed: str
) -> None:
    reader = ReaderApp(article)
    async with reader.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("colon")
        await wait_until(lambda: isinstance(reader.screen, GoToPrompt), "the prompt")
        await pilot.press(*typed)
        assert reader.screen.query_one(Input).value == typed  # what was typed, all of it
        await pilot.press("enter")
        assert isinstance(reader.screen, GoToPrompt)  # went nowhere
        shown = str(reader.screen.query_one("#go-to-message", Static).content)
        assert shown == f"“{typed}” is not a paragraph number: type one from 1 to 25."
        assert top_paragraph(reader) == 1


async def test_colon_keeps_keys_typed_before_the_prompt_is_up(article: Article) -> None:
    reader = ReaderApp(article)
    async with reader.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        # One write from the terminal: the digits arrive before the prompt has the focus.
        for key in ("colon", "7", "enter"):
            pilot.app.post_message(Key(key, key if len(key) == 1 else None))
        await wait_until(lambda: reader.screen is reader.main, "the prompt to close")
        await wait_until(lambda: top_paragraph(reader) == 7, "paragraph 7")


async def test_the_palette_goes_to_a_paragraph(article: Article) -> None:
    reader = ReaderApp(article)
    async with reader.run_test(size=(120, 40)) as pilot:
        await palette_hit(pilot, "12", "Go to ¶ 12")
        await pilot.press("enter")
        await pilot.pause()
        assert top_paragraph(reader) == 12
        await palette_hit(pilot, "¶25", "Go to ¶ 25")
        await pilot.press("enter")
        await pilot.pause()
        view = reader.main.view  # the last paragraph cannot come to the top: it is in view
        assert view.scroll_y == view.max_scroll_y


async def test_paging_keeps_two_lines_and_half_pages_move_half(article: Article) -> None:
    reader = ReaderApp(article)
    async with reader.run_test(size=(80, 24)) as pilot:
        await ready(pilot)  # and the footer, which comes with it
        await pilot.pause()
        view = reader.main.view
        height = view.scrollable_content_region.height
        before = view.visible_text().splitlines()
        await pilot.press("space")
        assert view.scroll_y == height - 2
        assert view.visible_text().splitlines()[:2] == before[-2:]
        await pilot.press("b")
        assert view.scroll_y == 0
        await pilot.press("ctrl+d")
        assert view.scroll_y == height // 2
        await pilot.press("ctrl+d", "ctrl+u")
        assert view.scroll_y == height // 2


async def test_paragraph_numbers_in_the_margin_and_the_measure_centred(article: Article) -> None:
    reader = ReaderApp(article)
    async with reader.run_test(size=(200, 40)) as pilot:
        await pilot.press("ctrl+b")  # the sidebar away: the text alone in a wide window
        await pilot.pause()
        view = reader.main.view
        assert view.numbers_shown
        line = view.line_of(1, 0) - int(view.scroll_y)
        drawn = "".join(segment.text for segment in view.render_line(line))
        number_at = drawn.index("1 ")
        text_at = drawn.index("JAKARTA")
        right = view.scrollable_content_region.width - len(drawn.rstrip())
        assert number_at > 20 and abs(number_at - right) <= 12  # centred, not at the left
        await pilot.press("number_sign")
        drawn = "".join(segment.text for segment in view.render_line(line))
        assert not drawn.strip().startswith("1 ") and "JAKARTA" in drawn
        await pilot.press("minus", "minus")
        assert view.text_width == 80
        assert "Text width 80 columns" in status(reader)
        await pilot.press("number_sign")
        drawn = "".join(segment.text for segment in view.render_line(line))
        assert drawn.index("JAKARTA") > text_at  # a narrower measure, centred further in


async def test_text_width_is_saved_in_the_settings(article: Article, tmp_path: Path) -> None:
    (tmp_path / "settings.toml").write_text("# mine\ntext_width = 70\n")
    reader = open_reader(article, tmp_path)
    async with reader.run_test(size=(120, 40)) as pilot:
        assert reader.main.view.text_width == 70
        await pilot.press("plus")
    assert (tmp_path / "settings.toml").read_text() == "# mine\ntext_width = 74\n"


async def test_a_key_can_be_rebound_in_the_settings(article: Article, tmp_path: Path) -> None:
    (tmp_path / "settings.toml").write_text('[keys]\nfind = "f"\nnope = "x"\n')
    reader = open_reader(article, tmp_path)
    async with reader.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("f")
        assert isinstance(reader.focused, Input)
        notices = [n.message for n in reader._notifications]
        assert any("Unknown key binding ids in the settings: nope" in n for n in notices)


async def test_a_key_from_the_settings_wins_over_a_built_in_one(
    article: Article, tmp_path: Path
) -> None:
    # The README's own example: ctrl+f was the text's page-down, which has the focus.
    (tmp_path / "settings.toml").write_text('[keys]\nfind = "slash,ctrl+f"\nquit = "x"\n')
    reader = open_reader(article, tmp_path)
    async with reader.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+f")
        assert isinstance(reader.focused, Input) and reader.focused.id == "find-input"
        assert reader.main.view.scroll_y == 0  # not a page down
        await pilot.press("escape", "space")  # page down keeps its other keys
        assert reader.main.view.scroll_y > 0
        await pilot.press("question_mark")
        from sievierodonetsk_reader.tui.dialogs import HelpScreen

        assert isinstance(reader.screen, HelpScreen)
        console = Console(width=100, record=True, file=io.StringIO())
        console.print(reader.screen.query_one("#help-keys", Static).content)
        lines = console.export_text().splitlines()
        rows = {line.strip().split("  ")[0]: line for line in lines if line.strip()}
        assert "x" in rows and "quit" in rows["x"]  # the keys in force
        assert "q" not in rows
        assert any(key.startswith("/ ctrl+f") for key in rows)
        await pilot.press("escape", "q")
        assert reader.return_code is None  # q is not quit any more
        await pilot.press("x")
        assert reader.return_code == 0


def test_keys_given_twice_in_the_settings_are_named() -> None:
    from sievierodonetsk_reader.tui.keys import ALL_BINDINGS, keymap_with

    keymap, said = keymap_with(ALL_BINDINGS, {"find": "x", "quit": "x,slash"})
    assert keymap["find"] == "x" and keymap["quit"] == "slash"
    # x was reject's (reviewing a draft): it is named as left without a key, too.
    assert said == [
        "the settings give x to both find and quit: find has it",
        "reject has no key left (the settings gave its keys away)",
    ]
    keymap, said = keymap_with(ALL_BINDINGS, {"quit": "slash"})
    assert keymap["find"] == "unbound"
    assert said == ["find has no key left (the settings gave its keys away)"]


async def test_problems_with_the_settings_stay_until_dismissed(
    article: Article, tmp_path: Path
) -> None:
    (tmp_path / "settings.toml").write_text("# mine\ntext_width = 900\n")
    reader = open_reader(article, tmp_path)
    async with reader.run_test(size=(120, 40), notifications=True) as pilot:
        await ready(pilot)
        shown = [n for n in reader._notifications if "text_width must be" in n.message]
        assert shown and shown[0].message.startswith(f"{tmp_path / 'settings.toml'}:2:14:")
        assert shown[0].time_left > 3600  # not a toast gone before it is read
        await pilot.press("escape")  # nothing else to back out of: the notices go
        assert not list(reader._notifications)


# -- reloading ------------------------------------------------------------------------------------
@pytest.mark.parametrize("size", [(120, 40), (60, 20)])
async def test_an_edited_file_reloads_keeping_the_place_and_errors_wait_for_a_fix(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    path = tmp_path / "article.yaml"
    good = ARTICLE_YAML.read_text(encoding="utf-8")
    path.write_text(good, encoding="utf-8")
    reader = ReaderApp(load_article(path), source=path, watch=True)
    async with reader.run_test(size=size) as pilot:
        reader.main.go_to_paragraph(17)
        await pilot.pause()
        # An editor saves by writing a new file and renaming it over the old one.
        edited = good.replace("completely occupied", "fully occupied")
        (tmp_path / "new.yaml").write_text(edited, encoding="utf-8")
        (tmp_path / "new.yaml").replace(path)
        await wait_until(
            lambda: reader.ready and "Reloaded article.yaml." in status(reader), "a reload"
        )
        assert "fully occupied" in reader.main.article.paragraphs[16].text
        assert top_paragraph(reader) == 17

        path.write_text(edited.replace("\n  id: ", "\n  idd: ", 1), encoding="utf-8")
        await wait_until(lambda: reader.main.query("#reload-errors-text"), "the errors shown")
        assert reader.main.has_class("-reload-failed")
        errors = str(reader.main.query_one("#reload-errors-text", Static).content)
        assert f"{path}:" in errors and "unknown field 'idd'" in errors
        # The status line says so too, rather than "Reloaded article.yaml." under the errors.
        assert "article.yaml has errors" in status(reader) and "Reloaded" not in status(reader)
        assert "fully occupied" in reader.main.article.paragraphs[16].text  # the last good one
        assert top_paragraph(reader) == 17

        path.write_text(good, encoding="utf-8")
        await wait_until(
            lambda: reader.ready and "completely" in reader.main.article.paragraphs[16].text,
            "the fixed file",
        )
        await pilot.pause()
        assert not reader.main.has_class("-reload-failed")
        assert top_paragraph(reader) == 17
        await wait_until(
            lambda: reader.ready and "Reloaded article.yaml." in status(reader), "a reload"
        )
        reader.main.flash("")
        await reload(pilot)  # by hand, too
        assert "Reloaded article.yaml." in status(reader)


def test_a_named_file_is_watched_and_the_bundled_article_is_not(
    start_reader: Callable[..., ReaderApp | None], tmp_path: Path
) -> None:
    path = tmp_path / "article.yaml"
    path.write_bytes(ARTICLE_YAML.read_bytes())
    readers = [start_reader("read", str(path)), start_reader(str(path)), start_reader()]
    # The bundled copy is part of the program: it does not change under the reader.
    assert [reader.watching if reader else None for reader in readers] == [True, True, False]


async def test_the_bookmarks_list_shows_article_text_literally(article_text: str) -> None:
    from textual.command import CommandList

    from sievierodonetsk_reader.loader import parse_article

    hostile = parse_article(
        article_text.replace("reportedly pushed back", "reportedly [bold]pushed[/bold] back")
    )
    reader = ReaderApp(hostile)
    async with reader.run_test(size=(120, 40)) as pilot:
        await pilot.press("m", "apostrophe")
        hits = reader.screen.query_one(CommandList)
        await wait_until(lambda: hits.option_count > 0, "the list of bookmarks")
        prompt = str(hits.get_option_at_index(0).prompt)
        assert "reportedly [bold]pushed" in prompt  # literally, not bold
        await pilot.press("enter")
        await pilot.pause()
        assert top_paragraph(reader) == 1


async def test_an_edit_made_while_the_reader_starts_is_shown(
    start_reader: Callable[..., ReaderApp | None],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sievierodonetsk_reader.loading as loading
    from sievierodonetsk_reader.loader import read_article_bytes as read

    path = tmp_path / "article.yaml"
    path.write_text(ARTICLE_YAML.read_text(encoding="utf-8"), encoding="utf-8")

    saves: list[bool] = []

    def read_then_edit(name: str, **options: object) -> bytes:
        data = read(name, **options)  # type: ignore[arg-type]
        if not saves:  # an editor saves (once) while the reader parses what it has just read
            saves.append(True)
            path.write_text(path.read_text().replace("completely occupied", "fully occupied"))
        return data

    monkeypatch.setattr(loading, "read_article_bytes", read_then_edit)
    reader = start_reader("read", "--no-state", str(path))
    assert reader is not None
    assert "fully" not in reader.article.paragraphs[16].text  # it read the old text
    async with reader.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await wait_until(
            lambda: reader.ready and "fully occupied" in reader.main.article.paragraphs[16].text,
            "the edit made during start-up",
        )


async def test_an_edit_while_a_dialog_is_open_is_read_once_and_shown_when_it_closes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sievierodonetsk_reader.loading as loading
    from sievierodonetsk_reader.loader import read_article_bytes as read

    path = tmp_path / "article.yaml"
    path.write_text(ARTICLE_YAML.read_text(encoding="utf-8"), encoding="utf-8")
    loads: list[str] = []
    looks: list[bool] = []
    look = ReaderApp._look_at_source

    def counted_load(source: str) -> bytes:
        loads.append(source)
        return read(source)

    def counted_look(app: ReaderApp) -> None:
        looks.append(True)
        look(app)

    monkeypatch.setattr(loading, "read_article_bytes", counted_load)
    monkeypatch.setattr(ReaderApp, "_look_at_source", counted_look)
    reader = ReaderApp(load_article(path), source=path, watch=True)
    async with reader.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")  # the help is open
        path.write_text(path.read_text().replace("completely occupied", "fully occupied"))
        await wait_until(lambda: loads, "the edited file to be read")
        seen = len(looks)
        await wait_until(lambda: len(looks) >= seen + 4, "four more looks at the file (2 s)")
        assert len(loads) == 1  # read once, not every 0.5 s while the dialog stays
        assert "fully" not in reader.main.article.paragraphs[16].text  # not under the dialog
        await pilot.press("escape")
        await wait_until(
            lambda: reader.ready and "fully occupied" in reader.main.article.paragraphs[16].text,
            "the new version once the dialog is closed",
        )
        assert len(loads) == 1


def with_a_paragraph_inserted_after_the_first(yaml_text: str) -> str:
    """The article file with a new ¶2 (the paragraphs the report cites renumbered)."""
    first = yaml_text.index("\n  - JAKARTA - ")
    end = yaml_text.index("\n\n", first) + 1
    inserted = yaml_text[:end] + "\n  - A paragraph added by the editor.\n" + yaml_text[end:]
    return re.sub(r"(\n      paragraph: )(\d+)", lambda m: f"{m[1]}{int(m[2]) + 1}", inserted)


async def test_a_reload_keeps_the_words_at_the_top_and_moves_the_bookmarks(
    tmp_path: Path,
) -> None:
    path = tmp_path / "article.yaml"
    path.write_text(ARTICLE_YAML.read_text(encoding="utf-8"), encoding="utf-8")
    state = StateStore.open(tmp_path / "state.json")
    first = load_article(path)
    reader = ReaderApp(first, source=path, watch=True, state=state)
    async with reader.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        reader.main.go_to_paragraph(12)
        await pilot.press("m")  # a bookmark on ¶12
        reader.main.go_to_paragraph(10)
        await pilot.pause()
        words = reader.main.view.visible_text().splitlines()[0]
        path.write_text(with_a_paragraph_inserted_after_the_first(path.read_text()))
        await wait_until(lambda: len(reader.main.article.paragraphs) == 26, "the reload")
        await ready(pilot)
        await wait_until(lambda: top_paragraph(reader) == 11, "the old ¶10, now ¶11, at the top")
        assert reader.main.view.visible_text().splitlines()[0] == words
        assert reader.main.view.bookmarks == frozenset({13})  # ¶12 is ¶13 now
        await pilot.press("q")
    saved = json.loads((tmp_path / "state.json").read_text())["articles"]
    assert saved[article_key(reader.article)]["position"]["paragraph"] == 11
    # The old version's entry is as it was saved before the reload (at `m`), not overwritten
    # at quit with the new version's place.
    assert saved[article_key(first)]["position"]["paragraph"] == 12


async def test_a_broken_save_then_a_fix_ends_with_no_error_banner(tmp_path: Path) -> None:
    path = tmp_path / "article.yaml"
    good = ARTICLE_YAML.read_text(encoding="utf-8")
    path.write_text(good, encoding="utf-8")
    reader = ReaderApp(load_article(path), source=path, watch=True)
    async with reader.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        path.write_text(good.replace("\n  id: ", "\n  idd: ", 1), encoding="utf-8")
        await pilot.press("r")  # the broken version is being read ...
        path.write_text(good.replace("completely occupied", "fully occupied"), encoding="utf-8")
        await pilot.press("r")  # ... when the fix is saved and read too
        await wait_until(
            lambda: (
                reader.ready
                and not reader.workers
                and "fully occupied" in reader.main.article.paragraphs[16].text
            ),
            "the fixed version",
        )
        await wait_until(lambda: not reader._reloading, "the reloads to settle")
        await pilot.pause()
        assert not reader.main.has_class("-reload-failed")  # the banner went with the error


async def test_a_reload_that_comes_while_the_reader_closes_is_dropped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # An editor saves as the reader quits: the reload's thread hands its article over while
    # Textual closes the screens, and a new screen then made Textual's shutdown fail
    # ("dictionary keys changed during iteration"), a traceback on the way out.
    article = load_article(ARTICLE_YAML)
    reader = ReaderApp(article)
    prune = reader._prune
    handed_over: list[bool] = []

    async def prune_after_a_reload(*nodes: Any, **options: Any) -> None:
        if not handed_over:
            handed_over.append(True)
            reader._show_reloaded(load_article(ARTICLE_YAML))
        await prune(*nodes, **options)

    async with reader.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        monkeypatch.setattr(reader, "_prune", prune_after_a_reload)
    assert handed_over
    assert reader.main.article is article  # not shown: the reader was closing
