"""Reference point for first-paint figures: a bare Textual app showing the same paragraphs.

A Header, a Footer and one `Static` per paragraph of the source text (read as plain text,
as the app does nothing else), as issue #14 defines the floor.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

SOURCE = (
    Path(__file__).resolve().parent.parent / "tests" / "data" / "sievierodonetsk-withdrawal.txt"
)


class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        text = SOURCE.read_text(encoding="utf-8")
        for paragraph in re.split(r"\n\s*\n", text.strip()):
            yield Static(paragraph, markup=False)
        yield Footer()

    def on_mount(self) -> None:
        if "SIEVIERODONETSK_READER_FIRST_PAINT_STAMP" in os.environ:
            self.call_after_refresh(self._stamp)  # else it stays, as under textual-serve

    def _stamp(self) -> None:
        Path(os.environ["SIEVIERODONETSK_READER_FIRST_PAINT_STAMP"]).write_text(f"{time.time()}\n")
        self.exit()


if __name__ == "__main__":
    Bare().run()
