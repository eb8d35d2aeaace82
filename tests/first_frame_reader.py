"""The reader as `read` runs it, saying on the terminal when Textual's first frame is drawn.

tests/test_first_screen.py splits what the reader wrote at this mark: before it, the
pre-painted screen and Textual's first frame; after it, the rest. The mark is an OSC
sequence terminals ignore, written through the driver (after the frame, in order).
"""

from __future__ import annotations

import sys
from pathlib import Path

from sievierodonetsk_reader import collector

collector.pause()  # as `read` does before its TUI imports (see benchmarks/stamped_reader.py)

from sievierodonetsk_reader.cli import main  # noqa: E402
from sievierodonetsk_reader.tui import app  # noqa: E402
from sievierodonetsk_reader.tui.screen import ReaderScreen  # noqa: E402

FIRST_FRAME_MARK = "\x1b]7770;first-frame\x07"
READY_MARK = "\x1b]7770;ready\x07"  # everything built, the first frame kept


def mark(reader: app.ReaderApp, what: str) -> None:
    driver = reader._driver
    if driver is not None:
        driver.write(what)
        driver.flush()


class MarkedScreen(ReaderScreen):
    async def after_first_paint(self) -> None:
        assert isinstance(self.app, app.ReaderApp)
        mark(self.app, FIRST_FRAME_MARK)
        await super().after_first_paint()


class MarkedApp(app.ReaderApp):
    CSS_PATH = str(Path(app.__file__).with_name("reader.tcss"))  # not beside this file
    SCREEN = MarkedScreen

    def _keep_first_frame(self) -> None:  # the last step of the start
        super()._keep_first_frame()
        mark(self, READY_MARK)


if __name__ == "__main__":
    app.ReaderApp = MarkedApp  # type: ignore[misc]  # what `read` imports
    sys.exit(main(["read", *sys.argv[1:]]))
