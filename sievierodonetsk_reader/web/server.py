"""The `serve` server: textual-serve's page and protocol, with the parts that must hold
against a hostile page or client owned here.

textual-serve (two small modules) gives the page, the websocket protocol and the download
manager; this module replaces what could not be made safe by configuration: every request's
Host, Origin and token are checked first (guard.py); each websocket's messages are parsed,
bounded and refused one by one instead of trusted; each reader runs in a process group of
its own with a memory ceiling, and is ended for certain (SIGTERM to the group, SIGKILL after
a grace period, reaped) when its tab goes; the cap counts live readers and places held for
pages just served; and the server binds before it says where it serves, and ends every
reader within seconds of Ctrl+C.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import resource
import signal
import time
from asyncio.subprocess import Process
from collections.abc import Awaitable, Callable
from pathlib import Path

import aiohttp_jinja2
import jinja2
import textual_serve
from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

from ..controls import for_message
from .guard import (
    MAX_MESSAGE_BYTES,
    TOKEN_COOKIE,
    BadMessage,
    Guard,
    clamp_size,
    parse_message,
)

log = logging.getLogger("sievierodonetsk-reader.serve")

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATICS = Path(textual_serve.__file__).resolve().parent / "static"
READER_MEMORY_LIMIT = 2 * 1024**3  # bytes of address space: no bug can take the machine
STOP_GRACE = 1.0  # seconds a reader has to quit before SIGTERM, and again before SIGKILL
PLACE_HELD = 30.0  # seconds a served page's place is kept for its websocket
SHUTDOWN_TIMEOUT = 1.0  # seconds aiohttp waits for open requests on Ctrl+C

BUSY_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>The reader is busy</title>
<style>body{{font-family:monospace;background:#0c181f;color:#eee;padding:3em}}</style></head>
<body><h1>The reader is busy</h1>
<p>{count} readers are open, the most this server starts at once. Close a tab that reads
the article, or try again in a while.</p></body></html>
"""
REFUSED_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Not allowed</title></head>
<body><h1>Not allowed</h1><p>{why}</p></body></html>
"""
NEEDS_TOKEN = (
    "Open the address that <code>sievierodonetsk-reader serve</code> printed, with its "
    "token: knowing the port is not enough to start a reader."
)


def _limit_memory() -> None:  # in the reader's process, before it runs
    resource.setrlimit(resource.RLIMIT_AS, (READER_MEMORY_LIMIT, READER_MEMORY_LIMIT))


class ReaderService(AppService):
    """One browser tab's reader: textual-serve's process protocol, in a process group of
    its own that is ended for certain."""

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Process:
        environment = self._build_environment(width=width, height=height)
        self._process = process = await asyncio.create_subprocess_shell(
            self.command,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=environment,
            start_new_session=True,  # its own group: the shell and the reader end together
            preexec_fn=_limit_memory,
        )
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    async def run(self) -> None:
        # textual-serve's loop, with a reader that fails to start shown in the page (the
        # loader's file:line:col errors) rather than on the server's terminal, raw.
        process = self._process
        assert process is not None and process.stdout is not None and process.stderr is not None
        stdout, stderr = process.stdout, process.stderr
        errors = bytearray()

        async def read_errors() -> None:
            while data := await stderr.read(4096):
                if len(errors) < 64 * 1024:
                    errors.extend(data)

        errors_read = asyncio.create_task(read_errors())
        try:
            started = False
            for _ in range(10):
                line = await stdout.readline()
                if not line:
                    break
                if line == b"__GANGLION__\n":
                    started = True
                    break
            if not started:
                await process.wait()
                await errors_read
                await self._say_why(bytes(errors))
                return
            while True:
                kind = await stdout.readexactly(1)
                size = int.from_bytes(await stdout.readexactly(4), "big")
                payload = await stdout.readexactly(size)
                if kind == b"D":
                    await self.on_data(payload)
                elif kind == b"M":
                    await self.on_meta(payload)
                elif kind == b"P":
                    await self.on_packed(payload)
        except (asyncio.IncompleteReadError, ConnectionResetError, asyncio.CancelledError):
            pass
        finally:
            errors_read.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await errors_read
            # The reader's output has ended: so has its session (the page says "Session
            # ended"), whether or not the reader said it was quitting.
            with contextlib.suppress(Exception):
                await self.remote_close()

    async def _say_why(self, errors: bytes) -> None:
        text = errors.decode("utf-8", "replace").strip() or "the reader did not start"
        lines = [for_message(line) for line in text.splitlines()[:40]]
        log.warning("a reader did not start: %s", " | ".join(lines)[:500])
        shown = "\r\n".join(["The article cannot be shown:", "", *lines, ""]) + "\r\n"
        with contextlib.suppress(Exception):
            await self.remote_write_bytes(shown.encode("utf-8"))

    async def end(self) -> None:
        """Stop the reader: ask it to quit, then end its process group, and reap it."""
        process = self._process
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.stop(), STOP_GRACE)
        if process is None:
            return
        for signum in (signal.SIGTERM, signal.SIGKILL):
            if process.returncode is not None:
                break
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signum)
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(process.wait(), STOP_GRACE)
        if process.returncode is None:
            await process.wait()
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)  # anything the shell left in the group
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task


class ReaderServer:
    """Serves the reader: one reader process per tab, at most `max_sessions` at once."""

    def __init__(
        self,
        command: str,
        *,
        host: str,
        port: int,
        max_sessions: int,
        title: str,
        guard: Guard,
        public_url: str,
        public_base: str | None = None,
    ) -> None:
        self.command = command
        self.host = host
        self.port = port
        self.max_sessions = max_sessions
        self.title = title
        self.guard = guard
        self.public_url = public_url  # what is printed and opened, token included
        self.public_base = public_base  # --public-url, without a trailing slash
        self.readers: set[ReaderService] = set()  # live until reaped
        self.places_held: list[float] = []  # when each place held for a served page expires
        self.download_manager = DownloadManager()
        self.sockets: set[web.WebSocketResponse] = set()

    # -- the cap ---------------------------------------------------------------------------
    def _taken(self) -> int:
        now = time.monotonic()
        self.places_held = [until for until in self.places_held if until > now]
        return len(self.readers) + len(self.places_held)

    def _busy(self) -> web.Response:
        return web.Response(
            status=503, text=BUSY_PAGE.format(count=len(self.readers)), content_type="text/html"
        )

    # -- requests ----------------------------------------------------------------------------
    @web.middleware
    async def _guard(
        self,
        request: web.Request,
        handler: Callable[[web.Request], Awaitable[web.StreamResponse]],
    ) -> web.StreamResponse:
        guard = self.guard
        if not guard.host_allowed(request.headers.get("Host")):
            return _refused("This server answers to its own address only.")
        if request.path.startswith("/static/"):
            return await handler(request)  # the page's scripts, styles and fonts
        if not guard.origin_allowed(request.headers.get("Origin")):
            return _refused("Requests from other sites are not taken.")
        query_token = request.query.get("token")
        if not guard.token_given(query_token, request.cookies.get(TOKEN_COOKIE)):
            return _refused(NEEDS_TOKEN)
        if query_token is not None and request.path == "/" and guard.token is not None:
            # Kept in a cookie for this site, and taken out of the address bar.
            response = web.HTTPFound("/")
            response.set_cookie(
                TOKEN_COOKIE, guard.token, httponly=True, samesite="Strict", path="/"
            )
            return response
        return await handler(request)

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        if self._taken() >= self.max_sessions:
            return self._busy()
        self.places_held.append(time.monotonic() + PLACE_HELD)
        # --public-url when the server is behind one (a proxy's scheme and path are not the
        # request's); else the Host the browser used (checked above), so that the page works
        # however it was reached (localhost, 127.0.0.1, [::1]).
        base = self.public_base or f"{request.scheme}://{request.host}"
        websocket = ("wss:" if base.startswith("https:") else "ws:") + base.split(":", 1)[1]
        context = {
            "font_size": 16,
            "app_websocket_url": f"{websocket}/ws",
            "config": {"static": {"url": f"{base}/static/"}},
            "application": {"name": self.title},
        }
        return aiohttp_jinja2.render_template("app_index.html", request, context)

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:
        self._taken()
        if self.places_held:
            self.places_held.pop(0)  # the place held for the page that opens this socket
        elif len(self.readers) >= self.max_sessions:
            return self._busy()
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=MAX_MESSAGE_BYTES)
        width, height = clamp_size(request.query.get("width"), request.query.get("height"))

        async def close() -> None:  # the reader quit: its tab says "Session ended"
            await websocket.close()

        reader = ReaderService(
            self.command,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=close,
            download_manager=self.download_manager,
        )
        self.readers.add(reader)  # counted before anything is awaited: churn cannot pass it
        self.sockets.add(websocket)
        try:
            await websocket.prepare(request)
            await reader.start(width, height)
            await self._relay(websocket, reader)
        except Exception as error:  # a client gone mid-way; never a traceback in the log
            log.warning("a session ended: %s", for_message(f"{type(error).__name__}: {error}"))
        finally:
            self.sockets.discard(websocket)
            try:
                await asyncio.shield(reader.end())
            finally:
                self.readers.discard(reader)
        return websocket

    async def _relay(self, websocket: web.WebSocketResponse, reader: ReaderService) -> None:
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                if message.type == WSMsgType.ERROR:  # too large, among others
                    log.warning("a session sent %s", for_message(str(websocket.exception())))
                break
            try:
                kind, data = parse_message(message.data)
            except BadMessage as error:
                log.warning("a session sent a bad message (%s): closed", error)
                break
            if kind == "stdin":
                assert isinstance(data, str)
                await reader.send_bytes(data.encode("utf-8", "replace"))
            elif kind == "resize":
                assert isinstance(data, tuple)
                await reader.set_terminal_size(*data)
            elif kind == "ping":
                await websocket.send_json(["pong", data])
            elif kind == "blur":
                await reader.blur()
            elif kind == "focus":
                await reader.focus()
        await websocket.close()

    async def handle_download(self, request: web.Request) -> web.StreamResponse:
        key = request.match_info["key"]
        try:
            meta = await self.download_manager.get_download_metadata(key)
        except KeyError:
            raise web.HTTPNotFound(text="No such download") from None
        response = web.StreamResponse()
        content_type = meta.mime_type + (f"; charset={meta.encoding}" if meta.encoding else "")
        response.headers["Content-Type"] = content_type
        disposition = "inline" if meta.open_method == "browser" else "attachment"
        name = json.dumps(meta.file_name) if '"' in meta.file_name else meta.file_name
        response.headers["Content-Disposition"] = f"{disposition}; filename={name}"
        await response.prepare(request)
        async for chunk in self.download_manager.download(key):
            await response.write(chunk)
        await response.write_eof()
        return response

    # -- running -----------------------------------------------------------------------------
    def make_app(self) -> web.Application:
        app = web.Application(middlewares=[self._guard])
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(TEMPLATES))
        app.add_routes(
            [
                web.get("/", self.handle_index),
                web.get("/ws", self.handle_websocket),
                web.get("/download/{key}", self.handle_download),
                web.static("/static", STATICS, show_index=False),  # no directory listings
            ]
        )
        app.on_shutdown.append(self._end_everything)
        return app

    async def _end_everything(self, _app: web.Application) -> None:
        for websocket in list(self.sockets):
            with contextlib.suppress(Exception):
                await asyncio.wait_for(websocket.close(), STOP_GRACE / 2)
        await asyncio.gather(*(reader.end() for reader in list(self.readers)))

    async def run(self, on_listening: Callable[[], None]) -> None:
        """Serve until SIGINT or SIGTERM; `on_listening` once the port is bound."""
        runner = web.AppRunner(
            self.make_app(), handle_signals=False, shutdown_timeout=SHUTDOWN_TIMEOUT
        )
        await runner.setup()
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            loop.add_signal_handler(signum, stop.set)
        try:
            site = web.TCPSite(runner, self.host, self.port)
            await site.start()  # an address in use or not this machine's: OSError, here
            on_listening()
            await stop.wait()
        finally:
            await runner.cleanup()


def _refused(why: str) -> web.Response:
    return web.Response(status=403, text=REFUSED_PAGE.format(why=why), content_type="text/html")


def log_escaped() -> None:
    """The server's log on stderr: warnings, one line each, escaped, with no traceback (a
    traceback of a request shows what the client sent, and the server's local variables)."""

    class Escaped(logging.Formatter):
        def format(self, record: logging.LogRecord) -> str:
            record.exc_info = record.exc_text = None
            record.stack_info = None
            return for_message(" ".join(super().format(record).split()))

    handler = logging.StreamHandler()
    handler.setFormatter(Escaped("%(levelname)s %(message)s"))
    logging.basicConfig(level="WARNING", handlers=[handler], force=True)
