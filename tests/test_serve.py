"""`serve`: the reader in a real Chromium, through textual-serve, offline and within limits.

The words on screen are drawn on a canvas, so what the reader shows is tested with Pilot
elsewhere; these tests keep to what only a browser shows: the page loads from this server
alone, the first frame arrives, keys reach the reader, downloads arrive, limits hold.
Without Chromium they skip, unless SIEVIERODONETSK_READER_REQUIRE_BROWSER is set (CI sets
it): then a missing browser is a failure.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import socket
import struct
import subprocess
import sys
import urllib.error
import urllib.request
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ARTICLE_YAML, wait_until_blocking
from server_process import SERVE, free_port, serving

from sievierodonetsk_reader.web import is_loopback, reader_command

REQUIRE = bool(os.environ.get("SIEVIERODONETSK_READER_REQUIRE_BROWSER"))
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def answers(url: str) -> int | None:
    """The HTTP status `url` answers with (as a browser would: the token's cookie kept
    through the redirect); None while nothing listens there."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
    try:
        with opener.open(url, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        error.read()
        return error.code
    except OSError:
        return None


def site_of(address: str) -> str:
    """http://127.0.0.1:PORT of the address `serve` printed (http://127.0.0.1:PORT/?token=...)."""
    return address.split("/?", 1)[0]


@pytest.fixture
def browser() -> Iterator[Any]:
    if CHROMIUM is None:
        if REQUIRE:
            pytest.fail("Chromium is required here (SIEVIERODONETSK_READER_REQUIRE_BROWSER)")
        pytest.skip("no Chromium found (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if REQUIRE:
            pytest.fail("playwright is required here")
        pytest.skip("playwright is not installed")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            yield launched
        finally:
            launched.close()


def open_reader(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("body.-first-byte", state="attached", timeout=30_000)
    # The first frame, drawn: the reader's colours, not the splash's few.
    wait_until_blocking(lambda: png_colours(page.screenshot()) > 50, "the first frame")


def png_colours(png: bytes) -> int:
    """How many different pixel values a PNG screenshot holds (a blank page has one)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    position, data, width = 8, b"", 0
    while position < len(png):
        (length,) = struct.unpack(">I", png[position : position + 4])
        kind = png[position + 4 : position + 8]
        chunk = png[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            width = struct.unpack(">I", chunk[:4])[0]
        elif kind == b"IDAT":
            data += chunk
        position += 12 + length
    raw = zlib.decompress(data)
    stride = 1 + width * 4 if len(raw) % (1 + width * 4) == 0 else 1 + width * 3
    rows = [raw[i + 1 : i + stride] for i in range(0, len(raw), stride)]
    # Filtered rows: distinct row contents are enough to tell a drawing from a blank.
    return len(set(rows))


# -- without a browser ---------------------------------------------------------------------------
def test_the_command_for_each_reader_quotes_what_it_is_given(tmp_path: Path) -> None:
    hostile = tmp_path / "a b;touch pwned $(id).yaml"
    command = reader_command(hostile, keep_state=False)
    assert shlex.split(command) == [
        sys.executable,
        "-m",
        "sievierodonetsk_reader",
        "read",
        "--no-state",
        "--",
        str(hostile),
    ]
    assert "--no-state" not in reader_command(None, keep_state=True)


def test_only_loopback_addresses_count_as_safe() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.4")


def test_a_bad_article_fails_at_start_up_with_the_loaders_message(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(ARTICLE_YAML.read_text().replace("\n  id: ", "\n  idd: ", 1))
    result = subprocess.run(
        [*SERVE, str(bad), "--port", "1"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2
    assert f"{bad}:" in result.stderr and "unknown field 'idd'" in result.stderr


def test_without_the_web_extra_serve_says_how_to_install_it() -> None:
    code = (
        "import sys; sys.modules['textual_serve'] = None; "
        "from sievierodonetsk_reader.cli import main; sys.exit(main(['serve', '--port', '1']))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 2
    assert "pip install 'sievierodonetsk-reader[web]'" in result.stderr


def test_binding_beyond_this_machine_warns(tmp_path: Path) -> None:
    port = free_port()
    process = subprocess.Popen(
        [*SERVE, "--host", "0.0.0.0", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        assert process.stdout is not None and process.stderr is not None
        assert process.stdout.readline().startswith("Serving the reader at")
        warning = process.stderr.readline()
        assert "warning: serving on 0.0.0.0: anyone who can reach this address" in warning
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)


# -- in Chromium -----------------------------------------------------------------------------------
def test_the_page_loads_from_this_server_alone_and_draws_the_reader(
    browser: Any, tmp_path: Path
) -> None:
    with serving(tmp_path) as served:
        url = served.address
        page = browser.new_page(viewport={"width": 1200, "height": 800})
        requests: list[str] = []
        failed: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.on("requestfailed", lambda request: failed.append(request.url))
        errors: list[str] = []
        page.on(
            "console",
            lambda message: errors.append(message.text) if message.type == "error" else None,
        )
        sockets: list[str] = []
        page.on("websocket", lambda websocket: sockets.append(websocket.url))
        open_reader(page, url)
        assert failed == [] and errors == []
        site = site_of(url)
        assert requests and all(request.startswith(site + "/") for request in requests), requests
        assert any("fonts/RobotoMono" in request for request in requests)  # ours, not Google's
        assert sockets == [site.replace("http:", "ws:") + "/ws?" + sockets[0].split("?")[1]]
        assert png_colours(page.screenshot()) > 50  # the reader, not a blank canvas


def _ipv6() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
    except OSError:
        return False
    return True


@pytest.mark.parametrize(
    ("bind", "visit"),
    [("127.0.0.1", "localhost"), ("::1", "[::1]"), ("0.0.0.0", "127.0.0.1")],
    ids=["localhost", "ipv6", "any-address"],
)
def test_the_page_loads_everything_from_the_address_it_was_opened_at(
    browser: Any, tmp_path: Path, bind: str, visit: str
) -> None:
    if bind == "::1" and not _ipv6():
        pytest.skip("this machine has no IPv6 loopback")
    with serving(tmp_path, "--host", bind) as served:
        site = f"http://{visit}:{served.port}"
        page = browser.new_page(viewport={"width": 1000, "height": 700})
        requests: list[str] = []
        failed: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.on("requestfailed", lambda request: failed.append(request.url))
        open_reader(page, f"{site}/?token={served.token}")
        assert failed == []
        assert all(request.startswith(site + "/") for request in requests), requests
        assert any("fonts/RobotoMono" in request for request in requests)


def test_keys_reach_the_reader_and_q_ends_the_session(browser: Any, tmp_path: Path) -> None:
    with serving(tmp_path) as served:
        url = served.address
        page = browser.new_page(viewport={"width": 1200, "height": 800})
        open_reader(page, url)
        page.click("#terminal")
        before = page.screenshot()
        page.keyboard.press("]")  # the first quotation, marked
        wait_until_blocking(lambda: page.screenshot() != before, "the quotation marked")
        page.keyboard.press("q")
        page.wait_for_selector("body.-closed", state="attached", timeout=15_000)
        assert page.is_visible("text=Session ended.")


def test_two_tabs_read_at_once_and_a_third_is_asked_to_wait(browser: Any, tmp_path: Path) -> None:
    with serving(tmp_path, "--max-sessions", "2") as served:
        url = served.address
        first, second = browser.new_page(), browser.new_page()
        open_reader(first, url)
        open_reader(second, url)
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        with pytest.raises(urllib.error.HTTPError) as busy:
            opener.open(url, timeout=10)
        assert busy.value.code == 503
        assert "The reader is busy" in busy.value.read().decode()
        first.close()
        wait_until_blocking(lambda: answers(url) == 200, "a place free again (its reader ended)")


def test_an_export_arrives_as_a_download(browser: Any, tmp_path: Path) -> None:
    with serving(tmp_path) as served:
        url = served.address
        context = browser.new_context(accept_downloads=True)
        page = context.new_page()
        open_reader(page, url)
        page.click("#terminal")
        downloads: list[tuple[str, str]] = []

        # textual-serve opens the download in a new tab, which Chromium closes as the file
        # starts: read it as it passes, then let it through.
        def fetch(route: Any) -> None:
            response = route.fetch()
            downloads.append((response.headers["content-disposition"], response.text()))
            route.fulfill(response=response)

        context.route("**/download/*", fetch)
        page.keyboard.press("e")
        # Playwright calls `fetch` while the page is given time to run.
        wait_until_blocking(
            lambda: downloads,
            "the download to arrive",
            idle=lambda seconds: page.wait_for_timeout(seconds * 1000),
        )
        disposition, text = downloads[0]
        assert disposition == "attachment; filename=sievierodonetsk-withdrawal.md"
        assert text.startswith("# Ukrainian troops ordered to withdraw from Sievierodonetsk")


def test_a_file_name_with_spaces_and_a_semicolon_is_a_file_name(
    browser: Any, tmp_path: Path
) -> None:
    hostile = tmp_path / "a b;touch pwned.yaml"
    hostile.write_bytes(ARTICLE_YAML.read_bytes())
    with serving(tmp_path, article=hostile) as served:
        page = browser.new_page()
        open_reader(page, served.address)
        assert png_colours(page.screenshot()) > 50
    assert not list(tmp_path.glob("pwned*")) and not Path("pwned.yaml").exists()


def test_what_the_server_logs_reaches_its_terminal_escaped(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """aiohttp and textual-serve log what went wrong with a request, which a client shapes."""
    import logging

    pytest.importorskip("textual_serve")
    from sievierodonetsk_reader.web.server import log_escaped

    root = logging.getLogger()
    handlers = root.handlers[:]
    root.handlers.clear()
    try:
        log_escaped()
        logging.getLogger("aiohttp.server").error("bad request: %s", "GET /\x1b]0;owned\x07")
    finally:
        root.handlers[:] = handlers
    logged = capsys.readouterr().err
    assert "\x1b" not in logged and "\x07" not in logged
    assert "bad request: GET /\\x1b]0;owned\\x07" in logged


def test_the_server_knows_its_own_names() -> None:
    import socket as sockets

    from sievierodonetsk_reader.web.guard import Guard

    loopback = Guard.for_server("127.0.0.1", 8000, None, "t")
    assert all(
        loopback.host_allowed(host) for host in ("localhost:8000", "127.0.0.1:8000", "[::1]:8000")
    )
    assert not loopback.host_allowed("evil.example:8000") and not loopback.host_allowed(None)
    assert loopback.origin_allowed("http://localhost:8000") and loopback.origin_allowed(None)
    assert not loopback.origin_allowed("http://localhost:8001")
    everywhere = Guard.for_server("0.0.0.0", 8000, None, "t")  # a browser on another machine
    assert everywhere.host_allowed(f"{sockets.gethostname()}:8000")
    proxied = Guard.for_server("127.0.0.1", 8000, "https://news.example/reader/", "t")
    assert proxied.host_allowed("news.example")
    assert proxied.origin_allowed("https://news.example")
    assert not proxied.origin_allowed("http://news.example")
