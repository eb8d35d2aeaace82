"""The way to the reader's first frame (issue #14): nothing done twice on it.

How fast the first frame comes is measured by `benchmarks/run.py`, not here; these tests hold
what the measurements found: work that was done twice before the first frame.
"""

from __future__ import annotations

from collections import Counter

import pytest
from rich.style import Style
from textual.strip import Strip

from sievierodonetsk_reader.model import Article
from sievierodonetsk_reader.tui.app import ReaderApp
from sievierodonetsk_reader.tui.article_view import ArticleView
from sievierodonetsk_reader.tui.layout import Line
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
    render = ArticleView._render_article_line

    def counted(view: ArticleView, line: Line, base: Style) -> Strip:
        drawn[line] += 1
        return render(view, line, base)

    monkeypatch.setattr(ArticleView, "_render_article_line", counted)
    monkeypatch.setattr(FirstFrameScreen, "drawn", drawn, raising=False)
    monkeypatch.setattr(ReaderApp, "SCREEN", FirstFrameScreen)
    app = ReaderApp(article)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.main
        assert isinstance(screen, FirstFrameScreen)
        before = screen.drawn_before_first_frame
        assert before, "no article line was drawn before the first frame"
        # Lines of text and the headline are one of a kind (blank lines and the attributions
        # of one speaker's quotes may repeat).
        unique = ("text", "title", "meta")
        twice = {line: n for line, n in before.items() if line.kind in unique and n > 1}
        assert not twice
        assert screen.has_class("-wide" if size[0] >= 80 else "-narrow")
        assert screen.has_class("-tall" if size[1] >= 24 else "-short")
