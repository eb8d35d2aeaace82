"""`serve`: the reader in a browser, offline, with limits, and closed to other sites.

Each browser tab gets a reader process of its own (textual-serve's page and protocol; the
server itself is ours, in server.py). The page makes no request outside this server (its
font is served from here). The server binds to 127.0.0.1 unless told otherwise and warns
when it is; it answers only to its own Host names, takes websockets and downloads only from
its own pages (Origin) and only with the token it printed at start (kept in a cookie after
the first visit); it starts at most `max_sessions` readers at once, and the next visitor
gets a page that says so. The article path and the Python that runs each reader are
quoted for the shell that starts them: a file called `a b;rm x` is a file name, nothing
more.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .guard import is_loopback

if TYPE_CHECKING:  # aiohttp and textual-serve are imported only when serve runs
    from .server import ReaderServer

DEFAULT_MAX_SESSIONS = 8
INSTALL_HINT = "pip install 'sievierodonetsk-reader[web]'"


class WebUnavailable(Exception):
    """textual-serve is not installed: the message says how to install it."""


def reader_command(article: Path | None, *, keep_state: bool) -> str:
    """The shell command run for each browser tab, every part quoted."""
    parts = [sys.executable, "-m", "sievierodonetsk_reader", "read"]
    if not keep_state:
        parts.append("--no-state")  # many tabs would race on one state file
    if article is not None:
        parts += ["--", str(article)]
    return shlex.join(parts)


def make_server(
    command: str,
    *,
    host: str,
    port: int,
    max_sessions: int,
    title: str,
    public_url: str | None = None,
    token: str | None = None,
) -> ReaderServer:
    """The server, not yet running (`ReaderServer.run`). A token of None: no token asked."""
    try:
        from .server import ReaderServer
    except ImportError:
        raise WebUnavailable(f"serve needs the web extra (textual-serve): {INSTALL_HINT}") from None
    from .guard import Guard, bracketed

    base = (public_url or f"http://{bracketed(host)}:{port}").rstrip("/")
    address = f"{base}/?token={token}" if token is not None else f"{base}/"
    return ReaderServer(
        command,
        host=host,
        port=port,
        max_sessions=max_sessions,
        title=title,
        guard=Guard.for_server(host, port, public_url, token),
        public_url=address,
        public_base=public_url.rstrip("/") if public_url else None,
    )


__all__ = ["DEFAULT_MAX_SESSIONS", "WebUnavailable", "is_loopback", "make_server", "reader_command"]
