"""The reader application: themes, the command palette and the one screen that reads."""

from __future__ import annotations

import asyncio
import signal

from textual.app import App

from ..model import Article
from .commands import ReaderCommands
from .screen import ReaderScreen
from .wrapping import visible


class ReaderApp(App[None]):
    """A terminal reader for one article."""

    CSS_PATH = "reader.tcss"
    HORIZONTAL_BREAKPOINTS = [  # noqa: RUF012 - Textual declares it as an instance variable
        (0, "-narrow"),
        (80, "-wide"),
    ]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (24, "-tall")]  # noqa: RUF012
    COMMANDS = App.COMMANDS | {ReaderCommands}
    COMMAND_PALETTE_BINDING = "ctrl+p"

    # The reading screen; a subclass may give its own (the benchmark's does).
    SCREEN: type[ReaderScreen] = ReaderScreen

    def __init__(self, article: Article) -> None:
        super().__init__()
        self.article = article
        self.title = visible(article.metadata.title)
        self.main = self.SCREEN(article)

    def get_default_screen(self) -> ReaderScreen:
        return self.main

    def on_mount(self) -> None:
        # Killed, hung up on or interrupted from outside: leave as `q` does, so that the
        # terminal gets its screen, cursor and mouse back; the exit status says why.
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
            loop.add_signal_handler(signum, self.exit, None, 128 + signum)
