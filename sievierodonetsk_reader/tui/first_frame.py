"""The frame Textual drew, as lines of (text, SGR parameters): what `first_screen` keeps."""

from __future__ import annotations

from typing import Any

from rich.color import ColorSystem
from textual.screen import Screen

from ..first_screen import Line


def drawn_lines(screen: Screen[Any]) -> list[Line] | None:
    """The screen as last composed, line by line; None if it holds what a replay could not
    give exactly (a link, a control sequence)."""
    # As Strip.render does: the console's colour system, truecolor when it has none.
    color_system = screen.app.console._color_system or ColorSystem.TRUECOLOR
    lines: list[Line] = []
    for strip in screen._compositor.render_strips():
        runs: Line = []
        for text, style, control in strip:
            if control or not text:
                if control:
                    return None
                continue
            if style is None:
                parameters = ""
            else:
                if style.link:
                    return None
                parameters = style._make_ansi_codes(color_system)
            if runs and runs[-1][1] == parameters:
                runs[-1] = (runs[-1][0] + text, parameters)
            else:
                runs.append((text, parameters))
        lines.append(runs)
    return lines
