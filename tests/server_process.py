"""`serve` started for a test, and what a test looks at: its address, its token, the reader
processes it starts (test_serve.py with a browser, test_serve_hostile.py without)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

SERVE = [sys.executable, "-m", "sievierodonetsk_reader", "serve"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def readers_of(article: Path) -> list[int]:
    """The reader processes started for `article` (the shell that starts one included)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if str(article).encode() in command and b"read" in command:
            found.append(int(entry.name))
    return found


def reader_pythons(article: Path) -> list[int]:
    """The readers themselves: the Python processes among `readers_of(article)`."""
    pythons = []
    for pid in readers_of(article):
        try:
            program = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[0]
        except OSError:
            continue
        if b"python" in program:
            pythons.append(pid)
    return pythons


def resident_mb(pid: int) -> float:
    try:
        pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    except (OSError, IndexError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


@dataclass
class Served:
    process: subprocess.Popen[str]
    address: str  # as printed: http://127.0.0.1:PORT/?token=...
    port: int  # where it listens
    article: Path | None  # None: the bundled article

    @property
    def site(self) -> str:
        return self.address.split("/?", 1)[0]

    @property
    def token(self) -> str:
        return self.address.split("token=", 1)[1]

    @property
    def websocket(self) -> str:
        return self.site.replace("http:", "ws:") + "/ws"

    def readers(self) -> list[int]:
        """Its reader processes, found by the article's path (none for the bundled one)."""
        return readers_of(self.article) if self.article is not None else []


@contextmanager
def serving(
    home: Path, *args: str, article: Path | None = None, port: int | None = None
) -> Iterator[Served]:
    """`serve` in its own process group, its state, settings and cache under `home`; stopped
    after, and no reader of `article` left behind."""
    port = port or free_port()
    env = {
        **os.environ,
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
    }
    named = [str(article)] if article is not None else []
    process = subprocess.Popen(
        [*SERVE, *named, "--port", str(port), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,
    )
    try:
        assert process.stdout is not None and process.stderr is not None
        line = process.stdout.readline()
        if not line.startswith("Serving the reader at"):
            process.wait(timeout=30)  # it ended: its error is all on stderr
            raise AssertionError(line + process.stderr.read())
        # Printed once the port is bound: the address, with the token, answers at once.
        yield Served(process, line.split()[4], port, article)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        for pid in readers_of(article) if article is not None else []:
            os.kill(pid, signal.SIGKILL)  # none should be left; none may outlive the test
