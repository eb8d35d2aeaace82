"""The article's lines, wrapped as they are needed: whatever the order in which windows,
jumps and the pauses' slices wrap it, the lines shown are the lines of the whole layout."""

from __future__ import annotations

import copy
import random
from typing import Any

import pytest
import yaml

from sievierodonetsk_reader.loader import bundled_article_path, parse_article
from sievierodonetsk_reader.model import Article
from sievierodonetsk_reader.tui.layout import Layout, ParagraphStyle, paragraph_style, shapes_of


def repeated(times: int) -> Article:
    """The bundled article with its body repeated: quotes, attributions and the note."""
    data: dict[str, Any] = yaml.safe_load(bundled_article_path().read_text(encoding="utf-8"))
    *body, note = data["paragraphs"]
    data["paragraphs"] = [copy.deepcopy(paragraph) for paragraph in body * times] + [note]
    return parse_article(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "x.yaml")


@pytest.fixture(scope="module")
def long() -> tuple[Article, dict[int, ParagraphStyle]]:
    article = repeated(12)
    return article, {p.number: paragraph_style(p) for p in article.paragraphs}


def complete(article: Article, styles: dict[int, ParagraphStyle], width: int) -> Layout:
    """Every paragraph wrapped at `width`: the layout a lazy one must end as."""
    layout = Layout(article, styles, shapes_of(article, styles), width)
    layout.wrap_before(len(article.paragraphs), 10**9)
    assert layout.complete
    return layout


def whole(article: Article, styles: dict[int, ParagraphStyle], width: int) -> list[Any]:
    layout = complete(article, styles, width)
    return [layout.line(index) for index in range(len(layout))]


@pytest.mark.parametrize("width", [1, 9, 44, 71])
def test_lines_wrapped_in_any_order_are_the_whole_layouts(
    long: tuple[Article, dict[int, ParagraphStyle]],
    monkeypatch: pytest.MonkeyPatch,
    width: int,
) -> None:
    article, styles = long
    monkeypatch.setattr(Layout, "EAGER_CHARACTERS", 0)  # wrapped as a 5 MB article is
    expected = whole(article, styles, width)
    rng = random.Random(width)
    layout = Layout(article, styles, shapes_of(article, styles), width)
    assert not layout.complete
    layout.wrap_tail(30)
    assert layout.line(len(layout) - 1) == expected[-1]  # the end, where G goes, is exact
    top = 0
    while not layout.complete:
        step = rng.choice(["window", "jump", "pause"])
        if step == "window":
            top, height = rng.randrange(len(layout)), rng.randint(1, 40)
            layout.wrap_window(top, height)
        elif step == "jump":
            paragraph = rng.randint(1, len(article.paragraphs))
            above = rng.randint(0, 20)
            layout.wrap_before(paragraph, above)
            line = layout.line_of(paragraph, 0, ("text",))
            top, height = max(0, line - above), 40
            layout.wrap_window(top, height)
            assert layout.line_of(paragraph, 0, ("text",)) == line  # the window moved it not
        else:
            block, within, _ = layout.line(top)
            top = layout.wrap_more(top, rng.randint(1, 50))
            assert layout.line(top)[:2] == (block, within)  # the same line at the top
            height = 40
        # What a window shows is a run of the whole layout's lines, from the same line.
        shown = [layout.line(index) for index in range(top, min(len(layout), top + height))]
        start = expected.index(shown[0])
        assert shown == expected[start : start + len(shown)]
    assert [layout.line(index) for index in range(len(layout))] == expected


def test_a_short_article_is_laid_out_whole_at_once(
    long: tuple[Article, dict[int, ParagraphStyle]],
) -> None:
    article, styles = long
    assert sum(len(s.display) for s in styles.values()) < Layout.EAGER_CHARACTERS
    layout = Layout(article, styles, shapes_of(article, styles), 60)
    assert layout.complete  # its scroll bar is right from the first frame


async def test_a_long_article_is_read_while_the_rest_is_wrapped_in_a_pause(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from conftest import ready, wait_until

    from sievierodonetsk_reader.tui import article_view
    from sievierodonetsk_reader.tui.app import ReaderApp

    monkeypatch.setattr(Layout, "EAGER_CHARACTERS", 0)  # as a 5 MB article is
    monkeypatch.setattr(article_view, "WRAP_SLICE", 7)  # many slices, keys between them
    article = repeated(12)
    reader = ReaderApp(article)
    async with reader.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        view = reader.main.view
        await wait_until(lambda: view.laid_out, "the whole wrapped after the first frame")
        for turn in ("a jump", "a new width"):
            monkeypatch.setattr(article_view, "WRAP_AFTER_PAUSE", 3600)  # no pause yet
            if turn == "a jump":
                await pilot.press("ctrl+b")  # a new width: the whole to wrap again
                reader.main.go_to_quote(article.quotations[-3])  # ... and a jump into it
            else:
                await pilot.press("plus")  # the text wider: a new layout
            await pilot.pause()
            assert not view.laid_out
            top, shown = view.top_span(), view.visible_text()
            monkeypatch.setattr(article_view, "WRAP_AFTER_PAUSE", 0.01)
            await pilot.press("j")  # a pause after it; keys still come in between slices
            await wait_until(lambda: view.laid_out, f"the rest wrapped after {turn}")
            await pilot.press("k")
            await pilot.pause()
            assert (view.top_span(), view.visible_text()) == (top, shown)  # nothing moved
            assert top is not None
            # ... and the line numbers are the whole layout's, so is the scroll bar.
            exact = complete(article, view._styles, view.measure)
            assert view.scroll_y == exact.line_of(top.paragraph, top.start, ("text",))
            assert view.virtual_size.height == len(exact)
