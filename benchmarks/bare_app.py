"""Reference point for first-paint figures: a bare Textual app showing 25 paragraphs."""

from __future__ import annotations

import os
import time
from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Static


class Bare(App[None]):
    def compose(self) -> ComposeResult:
        for _ in range(25):
            yield Static("A paragraph of a news report, long enough to wrap. " * 4)

    def on_mount(self) -> None:
        self.call_after_refresh(self._stamp)

    def _stamp(self) -> None:
        Path(os.environ["SIEVIERODONETSK_READER_FIRST_PAINT_STAMP"]).write_text(f"{time.time()}\n")
        self.exit()


if __name__ == "__main__":
    Bare().run()
