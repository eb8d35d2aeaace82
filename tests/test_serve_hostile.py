"""`serve` against hostile pages and clients, with a real server on 127.0.0.1 and no browser:
other sites, other Host names, no token, huge or malformed messages, churn, broken files,
Ctrl+C. Each reader is found in /proc by the article path it was started with."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import socket
import subprocess
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

import pytest
import server_process
from conftest import ARTICLE_YAML, wait_until, wait_until_blocking
from server_process import SERVE, Served, reader_pythons, resident_mb

from sievierodonetsk_reader.web.guard import TOKEN_COOKIE

aiohttp = pytest.importorskip("aiohttp")
from aiohttp import ClientSession, ClientWebSocketResponse  # noqa: E402

CHURN = int(os.environ.get("CHURN", "30"))


@contextmanager
def serving(home: Path, *args: str) -> Iterator[Served]:
    """`serve` for a copy of the article in `home`: its readers are found by that path."""
    article = home / "article.yaml"
    if not article.exists():
        article.write_bytes(ARTICLE_YAML.read_bytes())
    with server_process.serving(home, *args, article=article) as served:
        yield served


@asynccontextmanager
async def client(served: Served) -> AsyncIterator[ClientSession]:
    """A client that has visited the printed address: it holds the token's cookie."""
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as session:
        async with session.get(served.address) as response:
            assert response.status == 200
        yield session


def own_origin(served: Served) -> dict[str, str]:
    return {"Origin": served.site}


async def drained(websocket: ClientWebSocketResponse) -> None:
    """Read what the session sends until it ends."""
    async for _ in websocket:
        pass


class Peak:
    """The most reader processes (pythons) and the most memory of one, sampled from /proc
    while the block runs."""

    def __init__(self, served: Served) -> None:
        self.served = served
        self.readers = 0
        self.megabytes = 0.0
        self._stop = asyncio.Event()

    async def _sample(self) -> None:
        article = self.served.article
        assert article is not None
        while not self._stop.is_set():
            pythons = reader_pythons(article)
            for pid in pythons:
                self.megabytes = max(self.megabytes, resident_mb(pid))
            self.readers = max(self.readers, len(pythons))
            await asyncio.sleep(0)  # a turn for the sessions between two samples

    async def __aenter__(self) -> Peak:
        self._task = asyncio.create_task(self._sample())
        return self

    async def __aexit__(self, *_: object) -> None:
        self._stop.set()
        await self._task


# -- who may start a reader ----------------------------------------------------------------------
async def test_another_sites_page_is_refused_and_starts_nothing(tmp_path: Path) -> None:
    with serving(tmp_path) as served:
        async with client(served) as session:
            for origin in ("http://evil.example", "null", served.site + ".evil.example"):
                async with session.get(served.websocket, headers={"Origin": origin}) as refused:
                    assert refused.status == 403
                async with session.get(served.site + "/", headers={"Origin": origin}) as page:
                    assert page.status == 403
            assert served.readers() == []
            # The server's own page may.
            async with session.ws_connect(served.websocket, headers=own_origin(served)):
                await wait_until(lambda: served.readers(), "a reader")


async def test_another_host_name_is_refused_dns_rebinding(tmp_path: Path) -> None:
    with serving(tmp_path) as served:
        async with client(served) as session:
            port = served.site.rsplit(":", 1)[1]
            for host in (f"evil.example:{port}", "127.0.0.1", f"127.0.0.2:{port}"):
                async with session.get(served.address, headers={"Host": host}) as response:
                    assert response.status == 403, host
            for host in (f"localhost:{port}", f"127.0.0.1:{port}"):
                async with session.get(served.site + "/", headers={"Host": host}) as response:
                    assert response.status == 200, host


async def test_knowing_the_port_is_not_enough_the_token_is(tmp_path: Path) -> None:
    with serving(tmp_path) as served:
        async with aiohttp.ClientSession() as stranger:
            for path in ("/", "/ws", "/download/x"):
                async with stranger.get(served.site + path) as response:
                    assert response.status == 403, path
                    assert "token" in await response.text()
            async with stranger.get(served.site + "/?token=" + "x" * 32) as response:
                assert response.status == 403
        # The printed address: a cookie, then the page.
        async with client(served) as session, session.get(served.site + "/") as page:
            assert page.status == 200 and served.token not in str(page.url)
        assert served.readers() == []


def test_without_a_token_the_server_says_so(tmp_path: Path) -> None:
    with serving(tmp_path, "--no-token") as served:
        assert served.address.endswith("/")
        assert served.process.stderr is not None
        assert "--no-token" in served.process.stderr.readline()


async def test_static_folders_are_not_listed(tmp_path: Path) -> None:
    with serving(tmp_path) as served:
        async with client(served) as session:
            for path in ("/static/", "/static/js/", "/static/fonts/"):
                async with session.get(served.site + path) as response:
                    assert response.status in (403, 404), path
                    assert "Index of" not in await response.text()


# -- bounded sessions ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "hostile",
    [
        ["resize", {"width": 100000, "height": 100000}],
        ["stdin", "x" * 1_000_000],
        "not json",
        {},
        [],
        ["stdin", 123],
        ["resize", {"width": -5, "height": "tall"}],
        ["unknown", 1],
    ],
    ids=[
        "huge-resize",
        "a-million-keys",
        "not-json",
        "object",
        "empty",
        "number",
        "bad-size",
        "unknown",
    ],
)
async def test_a_hostile_message_leaves_no_reader_and_no_traceback(
    tmp_path: Path, hostile: object
) -> None:
    with serving(tmp_path) as served:
        async with client(served) as session:
            socket_url = served.websocket + "?width=100000&height=100000"  # clamped as well
            async with Peak(served) as peak:
                async with session.ws_connect(socket_url, headers=own_origin(served)) as ws:
                    await wait_until(lambda: served.readers(), "the reader")
                    await wait_until(lambda: ws.closed or peak.megabytes > 20, "it to draw")
                    text = hostile if isinstance(hostile, str) else json.dumps(hostile)
                    # Then keys, and q: a reader that took the message draws, then quits; a
                    # message refused has closed the session, and the keys go nowhere.
                    for message in (text, json.dumps(["stdin", "G"]), json.dumps(["stdin", "q"])):
                        with contextlib.suppress(ConnectionError):
                            await ws.send_str(message)
                    await asyncio.wait_for(drained(ws), 20)  # until the session ends
                await wait_until(lambda: not served.readers(), "no reader left", timeout=10)
            assert peak.megabytes < 500
        served.process.send_signal(signal.SIGTERM)
        _, errors = served.process.communicate(timeout=10)
        assert "Traceback" not in errors and "locals" not in errors


async def test_connecting_and_aborting_never_runs_more_readers_than_the_cap(
    tmp_path: Path,
) -> None:
    with serving(tmp_path, "--max-sessions", "2") as served:
        async with Peak(served) as peak, client(served) as session:
            for _ in range(CHURN):
                # Open three sockets at once, drop them at once.
                sockets = await asyncio.gather(
                    *(
                        session.ws_connect(served.websocket, headers=own_origin(served))
                        for _ in range(3)
                    ),
                    return_exceptions=True,
                )
                for websocket in sockets:
                    if not isinstance(websocket, BaseException):
                        await websocket.close()
            await wait_until(lambda: not served.readers(), "no reader left", timeout=15)
        assert peak.readers <= 2


async def test_a_tab_over_the_cap_gets_the_busy_page(tmp_path: Path) -> None:
    with serving(tmp_path, "--max-sessions", "1") as served:
        # One page holds the one place; a tab opened meanwhile is asked to wait.
        jar = aiohttp.CookieJar(unsafe=True)
        async with (
            client(served),
            aiohttp.ClientSession(cookie_jar=jar) as other,
            other.get(served.address) as busy,
        ):
            assert busy.status == 503 and "The reader is busy" in await busy.text()


async def test_a_file_broken_while_serving_says_so_in_the_page_and_frees_its_place(
    tmp_path: Path,
) -> None:
    with serving(tmp_path, "--max-sessions", "1") as served:
        article = tmp_path / "article.yaml"
        good = article.read_text()
        article.write_text(good.replace("\n  id: ", "\n  idd: ", 1))
        async with client(served) as session:
            async with session.ws_connect(served.websocket, headers=own_origin(served)) as ws:
                shown = b""
                async for message in ws:
                    if message.type == aiohttp.WSMsgType.BINARY:
                        shown += message.data
                assert b"cannot be shown" in shown and b"unknown field 'idd'" in shown
            article.write_text(good)

            async def page_served() -> bool:
                async with session.get(served.site + "/") as page:
                    return page.status == 200

            # The place is given back once the broken reader's process has ended, a moment
            # after its socket closed (a new reader must not start before the old one ends).
            await wait_until(page_served, "the place given back")


# -- starting and stopping -----------------------------------------------------------------------
@pytest.mark.parametrize("port", ["99999", "0", "-1"])
def test_a_port_out_of_range_is_a_clear_error(tmp_path: Path, port: str) -> None:
    result = subprocess.run([*SERVE, "--port", port], capture_output=True, text=True, timeout=30)
    assert result.returncode == 2
    assert "--port must be from 1 to 65535" in result.stderr and result.stdout == ""


def test_a_port_in_use_is_a_clear_error_and_nothing_is_announced() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        result = subprocess.run(
            [*SERVE, "--port", port], capture_output=True, text=True, timeout=30
        )
    assert result.returncode == 2
    assert "cannot listen on 127.0.0.1" in result.stderr and "Serving" not in result.stdout


async def test_ctrl_c_with_two_sessions_open_ends_every_reader_within_seconds(
    tmp_path: Path,
) -> None:
    with serving(tmp_path) as served:
        async with client(served) as session:
            first = await session.ws_connect(served.websocket, headers=own_origin(served))
            second = await session.ws_connect(served.websocket, headers=own_origin(served))
            await wait_until(lambda: len(served.readers()) >= 2, "two readers")
            started = time.monotonic()
            served.process.send_signal(signal.SIGINT)
            await asyncio.to_thread(served.process.wait, 10)
            took = time.monotonic() - started
            for websocket in (first, second):
                await websocket.close()
        assert took < 3, f"Ctrl+C took {took:.1f} s"
        wait_until_blocking(lambda: not served.readers(), "no reader left", timeout=3)


def test_open_says_when_no_browser_could_be_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Python's webbrowser runs $BROWSER: `false` is a browser that always fails to open.
    monkeypatch.setenv("BROWSER", "false")
    with serving(tmp_path, "--open") as served:
        assert served.process.stderr is not None
        said = served.process.stderr.readline()
    assert "no browser could be opened here; open the address above" in said


async def test_behind_a_proxy_the_page_uses_the_public_address(tmp_path: Path) -> None:
    public = "https://news.example/reader/"
    with serving(tmp_path, "--public-url", public) as served:
        assert served.address.startswith("https://news.example/reader/?token=")
        site = f"http://127.0.0.1:{served.port}"  # where it listens
        headers = {"Host": "news.example", "Cookie": f"{TOKEN_COOKIE}={served.token}"}
        async with (
            aiohttp.ClientSession() as session,
            session.get(site + "/", headers=headers) as page,
        ):
            text = await page.text()
        assert page.status == 200
        assert 'data-session-websocket-url="wss://news.example/reader/ws"' in text
        assert 'src="https://news.example/reader/static/js/textual.js"' in text
