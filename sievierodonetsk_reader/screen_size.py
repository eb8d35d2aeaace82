"""The size the reader draws at: the terminal's, kept to what a screen can be."""

from __future__ import annotations

import os
import shutil

# No terminal is larger; COLUMNS=100000 LINES=100000 once made the reader grow to 4.2 GB.
MAX_COLUMNS, MAX_LINES = 1000, 500


def clamp_size_variables() -> None:
    """COLUMNS and LINES, which Rich and Textual take over the terminal's own size, kept to
    what a screen can be: 100000 x 100000 never drew, and grew to gigabytes."""
    for name, limit in (("COLUMNS", MAX_COLUMNS), ("LINES", MAX_LINES)):
        value = os.environ.get(name, "")
        if value.strip().isascii() and value.strip().isdigit() and int(value) > limit:
            os.environ[name] = str(limit)


def terminal_size() -> tuple[int, int]:
    """The size Textual will draw at: its driver asks shutil, and the reader's clamps that."""
    width, height = shutil.get_terminal_size()
    return clamped(width or 80, height or 25)


def clamped(width: int, height: int) -> tuple[int, int]:
    """A size as the reader draws it: at least a cell, at most MAX_COLUMNS x MAX_LINES."""
    return max(1, min(width, MAX_COLUMNS)), max(1, min(height, MAX_LINES))
