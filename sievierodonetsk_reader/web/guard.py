"""What `serve` accepts from a browser, decided without the server: which Host and Origin
are its own, what a websocket message may say, how large a terminal may be.

Any web page the user has open can make the browser connect to a port on this machine, and
a DNS name can be made to point at 127.0.0.1 (DNS rebinding): only requests that name this
server as their Host, from pages of this server's own origin, carrying the per-launch token,
start readers.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit

MAX_WIDTH, MAX_HEIGHT = 500, 200  # cells: a browser window of any size fits
DEFAULT_WIDTH, DEFAULT_HEIGHT = 80, 24
MAX_MESSAGE_BYTES = 64 * 1024  # a websocket message: keys typed or pasted, a resize
MAX_INPUT_CHARACTERS = 16 * 1024  # one message's keys (a paste); more is refused
TOKEN_COOKIE = "sievierodonetsk-reader-token"
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")
WILDCARDS = ("0.0.0.0", "::", "")


def _this_machine() -> set[str]:
    """This machine's names and addresses, as a browser elsewhere would write its Host."""
    import socket

    names = {socket.gethostname(), socket.getfqdn()}
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None)
    except OSError:
        infos = []
    names |= {bracketed(str(info[4][0]).split("%")[0]) for info in infos}
    return {name for name in names if name}


def new_token() -> str:
    return secrets.token_urlsafe(24)


def same_token(given: str | None, token: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), token.encode())


def bracketed(host: str) -> str:
    """An IPv6 address as it stands in a URL or a Host header: [::1]."""
    try:
        return f"[{host}]" if ipaddress.ip_address(host).version == 6 else host
    except ValueError:
        return host


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True, slots=True)
class Guard:
    """The server's own names: the Hosts it answers to and the Origins it takes."""

    hosts: frozenset[str]  # "host:port", lower case
    origins: frozenset[str]  # "http://host:port"
    token: str | None  # None: --no-token

    @classmethod
    def for_server(cls, host: str, port: int, public_url: str | None, token: str | None) -> Guard:
        names = set(LOOPBACK_NAMES) if is_loopback(host) else set()
        if host in WILDCARDS:  # every address of this machine: the names it goes by
            names |= {*LOOPBACK_NAMES, *_this_machine()}
        else:
            names.add(bracketed(host))
        hosts = {f"{name}:{port}".lower() for name in names}
        origins = {f"http://{name}:{port}".lower() for name in names}
        if port == 80:
            hosts |= {name.lower() for name in names}
            origins |= {f"http://{name}".lower() for name in names}
        if public_url:
            public = urlsplit(public_url)
            if public.netloc:
                hosts.add(public.netloc.lower())
                origins.add(f"{public.scheme}://{public.netloc}".lower())
        return cls(frozenset(hosts), frozenset(origins), token)

    def host_allowed(self, host: str | None) -> bool:
        return host is not None and host.lower() in self.hosts

    def origin_allowed(self, origin: str | None) -> bool:
        """A request without an Origin is not a browser's cross-site request; one with an
        Origin must be from a page of this server."""
        return origin is None or origin.lower() in self.origins

    def token_given(self, query_token: str | None, cookie_token: str | None) -> bool:
        if self.token is None:
            return True
        return same_token(query_token, self.token) or same_token(cookie_token, self.token)


def clamp_size(width: object, height: object) -> tuple[int, int]:
    """A terminal size from a browser, as numbers in range (a reader once grew to 4 GB on a
    request for 100000 x 100000)."""

    def number(value: object, default: int, most: int) -> int:
        if isinstance(value, str):
            value = int(value) if value.strip().isascii() and value.strip().isdigit() else None
        if type(value) is not int:
            return default
        return max(1, min(value, most))

    return number(width, DEFAULT_WIDTH, MAX_WIDTH), number(height, DEFAULT_HEIGHT, MAX_HEIGHT)


class BadMessage(ValueError):
    """A websocket message that is not one the page sends."""


def parse_message(text: str) -> tuple[str, object]:
    """A message from the page: ("stdin", keys), ("resize", (w, h)), ("ping", data),
    ("focus", None), ("blur", None). Anything else raises BadMessage."""
    try:
        envelope = json.loads(text)
    except (ValueError, RecursionError):
        raise BadMessage("not JSON") from None
    if not isinstance(envelope, list) or not envelope or not isinstance(envelope[0], str):
        raise BadMessage("not a list naming what it is")
    kind = envelope[0]
    data = envelope[1] if len(envelope) > 1 else None
    if kind == "stdin":
        if not isinstance(data, str):
            raise BadMessage("keys that are not text")
        if len(data) > MAX_INPUT_CHARACTERS:
            raise BadMessage(f"more than {MAX_INPUT_CHARACTERS:,} characters of keys at once")
        return kind, data
    if kind == "resize":
        if not isinstance(data, dict):
            raise BadMessage("a resize without a size")
        return kind, clamp_size(data.get("width"), data.get("height"))
    if kind == "ping":
        return kind, str(data)[:64]
    if kind in ("focus", "blur"):
        return kind, None
    raise BadMessage(f"an unknown kind of message: {kind[:40]!r}")
