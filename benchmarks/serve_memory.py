"""Memory of `serve`'s readers: `python benchmarks/serve_memory.py` opens 1, then 8 tabs in
Chromium, waits for each tab's first frame, and prints the resident memory of each reader
process (median and the sum) and of the server. Needs the web extra, playwright, Chromium.
"""

from __future__ import annotations

import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ARTICLE = Path(__file__).resolve().parent.parent / "data" / "article.yaml"


def resident_mb(pid: int) -> float:
    try:
        pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    except (OSError, IndexError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def readers_of(article: Path) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if str(article).encode() in command and b"read" in command and b"python" in command[0]:
            pids.append(int(entry.name))
    return pids


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def main() -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as directory:
        article = Path(directory) / "article.yaml"
        shutil.copyfile(ARTICLE, article)
        for name in ("XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME"):
            os.environ[name] = str(Path(directory) / name.lower())
        serve = ["serve", str(article), "--port", str(free_port()), "--max-sessions", "8"]
        server = subprocess.Popen(
            [sys.executable, "-m", "sievierodonetsk_reader", *serve],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            start_new_session=True,
        )
        try:
            assert server.stdout is not None
            address = server.stdout.readline().split()[4]
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path="/usr/bin/chromium", args=["--no-sandbox"]
                )
                pages = []
                for count in range(1, 9):
                    context = browser.new_context()
                    page = context.new_page()
                    page.goto(address)
                    page.wait_for_selector("body.-first-byte", state="attached")
                    page.wait_for_timeout(1500)  # a benchmark: the tab settles after its frame
                    pages.append(page)
                    if count in (1, 8):
                        sizes = [resident_mb(pid) for pid in readers_of(article)]
                        print(
                            f"{count} tab(s): {len(sizes)} readers, each "
                            f"{statistics.median(sizes):.1f} MB (median; "
                            f"{min(sizes):.1f}-{max(sizes):.1f}), {sum(sizes):.1f} MB in all; "
                            f"server {resident_mb(server.pid):.1f} MB"
                        )
                browser.close()
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(10)


if __name__ == "__main__":
    main()
