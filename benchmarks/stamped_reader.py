"""The reader as `sievierodonetsk-reader read` runs it, noting when its first screen is drawn.

benchmarks/run.py times the first paint with this: it writes the time to the file named by
SIEVIERODONETSK_READER_FIRST_PAINT_STAMP and quits, so the hook lives here, not in the reader.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from sievierodonetsk_reader import collector

# `read` pauses the collector before it imports the TUI; this script imports the TUI
# first (to hook the screen), so it pauses it first too.
collector.pause()

from sievierodonetsk_reader.cli import main  # noqa: E402
from sievierodonetsk_reader.tui import app  # noqa: E402
from sievierodonetsk_reader.tui.screen import ReaderScreen  # noqa: E402


class StampedScreen(ReaderScreen):
    async def after_first_paint(self) -> None:
        Path(os.environ["SIEVIERODONETSK_READER_FIRST_PAINT_STAMP"]).write_text(f"{time.time()}\n")
        self.app.exit()


if __name__ == "__main__":
    app.ReaderApp.SCREEN = StampedScreen
    sys.exit(main(["read", *sys.argv[1:]]))
