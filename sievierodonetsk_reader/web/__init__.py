"""`serve`: the reader in a browser, through textual-serve, offline and with limits.

Each browser tab gets a reader process of its own. The page is textual-serve's, with its
font served from here rather than from Google Fonts, so that the page makes no request
outside this server. The server binds to 127.0.0.1 unless told otherwise, warns when it is
told otherwise, and starts at most `max_sessions` readers at once: the next visitor gets a
page that says so, not another process. The article path and the Python that runs each
reader are quoted for the shell textual-serve starts them with: a file called `a b;rm x`
is a file name, nothing more.
"""

from __future__ import annotations

import ipaddress
import shlex
import sys
from pathlib import Path
from typing import Any

from ..formatting import printable

TEMPLATES = Path(__file__).resolve().parent / "templates"
DEFAULT_MAX_SESSIONS = 8
INSTALL_HINT = "pip install 'sievierodonetsk-reader[web]'"

BUSY_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>The reader is busy</title>
<style>body{{font-family:monospace;background:#0c181f;color:#eee;padding:3em}}</style></head>
<body><h1>The reader is busy</h1>
<p>{count} readers are open, the most this server starts at once. Close a tab that reads
the article, or try again in a while.</p></body></html>
"""


class WebUnavailable(Exception):
    """textual-serve is not installed: the message says how to install it."""


def reader_command(article: Path | None, *, keep_state: bool) -> str:
    """The shell command textual-serve runs for each browser tab, every part quoted."""
    parts = [sys.executable, "-m", "sievierodonetsk_reader", "read"]
    if not keep_state:
        parts.append("--no-state")  # many tabs would race on one state file
    if article is not None:
        parts += ["--", str(article)]
    return shlex.join(parts)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def make_server(
    command: str,
    *,
    host: str,
    port: int,
    max_sessions: int,
    title: str,
    public_url: str | None = None,
    open_browser: bool = False,
) -> Any:
    try:
        import textual_serve
        from aiohttp import web
        from textual_serve.server import Server
    except ImportError:
        raise WebUnavailable(f"serve needs the web extra (textual-serve): {INSTALL_HINT}") from None

    statics = Path(textual_serve.__file__).resolve().parent / "static"

    class ReaderServer(Server):
        """textual-serve's server, with our page and a cap on the readers it starts."""

        def __init__(self) -> None:
            super().__init__(
                command,
                host=host,
                port=port,
                title=title,
                public_url=public_url,
                statics_path=statics,
                templates_path=TEMPLATES,
            )
            self.sessions = 0
            self.max_sessions = max_sessions

        def _busy(self) -> web.Response:
            return web.Response(
                status=503,
                text=BUSY_PAGE.format(count=self.sessions),
                content_type="text/html",
            )

        async def handle_index(self, request: web.Request) -> web.StreamResponse:
            if self.sessions >= self.max_sessions:
                return self._busy()
            return await Server.handle_index(self, request)

        # A plain response when busy, where textual-serve's always upgrades to a websocket.
        async def handle_websocket(  # type: ignore[override]
            self, request: web.Request
        ) -> web.StreamResponse:
            if self.sessions >= self.max_sessions:  # a page opened before the others
                return self._busy()
            self.sessions += 1
            try:
                return await Server.handle_websocket(self, request)
            finally:
                self.sessions -= 1

        async def on_startup(self, app: web.Application) -> None:
            print(
                f"Serving the reader at {printable(self.public_url)} (at most "
                f"{self.max_sessions} readers at once; Ctrl+C stops)",
                flush=True,
            )
            if open_browser:
                import webbrowser

                webbrowser.open(self.public_url)

        def initialize_logging(self) -> None:
            # Warnings only, one line each, escaped: aiohttp's messages about a bad request
            # quote what the client sent, and a client is anyone who can reach the port.
            import logging

            class Escaped(logging.Formatter):
                def format(self, record: logging.LogRecord) -> str:
                    lines = super().format(record).splitlines()  # a traceback keeps its lines
                    return "\n".join(printable(line) for line in lines)

            handler = logging.StreamHandler()
            handler.setFormatter(Escaped("%(levelname)s %(message)s"))
            logging.basicConfig(level="WARNING", handlers=[handler])

    return ReaderServer()
