"""The window's size classes (-wide, -narrow, -short ...), known before the first styling."""

from __future__ import annotations

from textual.geometry import Size
from textual.screen import Screen


def breakpoint_classes(screen: Screen[None], size: Size | None = None) -> dict[str, bool]:
    """The size classes that Textual gives `screen` at a Resize, for the window's size now
    (or `size`, a Resize's, before Textual gives them).

    Textual sets them at the first Resize, after the first styling: every widget was styled
    twice and the article drawn twice before the first frame. Set before, the first styling
    is the right one.
    """
    app = screen.app
    width, height = app.size if size is None else size
    classes: dict[str, bool] = {}
    for breakpoints, dimension in (
        (screen.HORIZONTAL_BREAKPOINTS or app.HORIZONTAL_BREAKPOINTS or [], width),
        (screen.VERTICAL_BREAKPOINTS or app.VERTICAL_BREAKPOINTS or [], height),
    ):
        # As Textual does: the largest breakpoint not above the size applies.
        chosen = next(
            (name for limit, name in sorted(breakpoints, reverse=True) if dimension >= limit),
            None,
        )
        classes.update((name, name == chosen) for _, name in breakpoints)
    return classes
