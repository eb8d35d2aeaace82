"""The reader in a browser: `python benchmarks/serve.py [--runs N]` prints the figures.

Time from navigation to the first frame with the article's words painted, in Debian's
Chromium driven by playwright, for
`sievierodonetsk-reader serve` and, side by side, textual-serve serving the bare floor app
(benchmarks/bare_app.py). Needs the web extra, playwright and Chromium.

The page draws with xterm.js on a canvas, so the words cannot be looked for in the page: a
script put in before the page's own (PAINTED_WATCH) reads what the WebSocket brings, and once
the first paragraph's words have come (escape sequences set aside) it waits for xterm.js to
take them in (a task after the page's handler) and for two animation frames (the frame that
draws them has been painted). textual-serve's own mark, `-first-byte` on the body, is set by
the first 11 bytes (a mouse-pointer escape), 35-40 ms before any frame: it is reported beside,
with the moment the words arrived in the page (before xterm.js drew them): the time between
that and the paint is the browser's, drawing the frame on its canvas.
"""

from __future__ import annotations

import argparse
import os
import shlex
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
# The same page as the reader's (its fonts from this server), so that only the app differs.
BARE_SERVER = """
import sys
from pathlib import Path
import textual_serve
from textual_serve.server import Server
from sievierodonetsk_reader.web.server import TEMPLATES
statics = Path(textual_serve.__file__).parent / "static"
Server(sys.argv[1], host="127.0.0.1", port=int(sys.argv[2]), statics_path=statics,
       templates_path=TEMPLATES).serve()
"""


WORDS = "reportedly pushed"  # the first paragraph's, on one line at this width
PAINTED_WATCH = r"""
(() => {
  const Native = window.WebSocket;
  const decoder = new TextDecoder();
  let seen = "";
  window.WebSocket = function (...args) {
    const socket = new Native(...args);
    const add = socket.addEventListener.bind(socket);
    socket.addEventListener = (type, listener, options) => {
      if (type !== "message") return add(type, listener, options);
      return add(type, (event) => {
        listener(event);
        if (window.__painted || typeof event.data === "string") return;
        seen += decoder.decode(new Uint8Array(event.data), { stream: true });
        const text = seen.replace(/\x1b\[[0-9;?<>]*[ -\/]*[@-~]/g, "");
        if (text.includes(WORDS)) {
          window.__arrived = window.__arrived || performance.now();
          setTimeout(() => requestAnimationFrame(() => requestAnimationFrame(() => {
            window.__painted = performance.now();
          })), 0);
        }
      }, options);
    };
    return socket;
  };
  window.WebSocket.prototype = Native.prototype;
  document.addEventListener("DOMContentLoaded", () => {
    new MutationObserver(() => {
      if (!window.__firstByte && document.body.classList.contains("-first-byte")) {
        window.__firstByte = performance.now();
      }
    }).observe(document.body, { attributes: true });
  });
})();
""".replace("WORDS", repr(WORDS))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start(command: list[str], port: int) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, start_new_session=True
    )
    for _ in range(200):  # until it listens
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return process
        time.sleep(0.05)
    raise RuntimeError(f"{command} did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as directory:
        for name in ("XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME"):
            os.environ[name] = str(Path(directory) / name.lower())
        reader_port, bare_port = free_port(), free_port()
        bare_command = shlex.join([sys.executable, str(HERE / "bare_app.py")])
        servers = {
            "sievierodonetsk-reader serve": start(
                [
                    sys.executable,
                    "-m",
                    "sievierodonetsk_reader",
                    "serve",
                    "--port",
                    str(reader_port),
                ],
                reader_port,
            ),
            "textual-serve, bare app (floor)": start(
                [sys.executable, "-c", BARE_SERVER, bare_command, str(bare_port)], bare_port
            ),
        }
        # The reader's address as it prints it (with its token); the floor's has none.
        reader_stdout = servers["sievierodonetsk-reader serve"].stdout
        assert reader_stdout is not None
        printed = reader_stdout.readline().decode().split()
        reader_address = printed[4] if len(printed) > 4 else f"http://127.0.0.1:{reader_port}/"
        addresses = {"sievierodonetsk-reader serve": reader_address}
        addresses["textual-serve, bare app (floor)"] = f"http://127.0.0.1:{bare_port}/"
        times: dict[str, list[float]] = {name: [] for name in servers}
        bytes_at: dict[str, list[float]] = {name: [] for name in servers}
        arrived_at: dict[str, list[float]] = {name: [] for name in servers}
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path="/usr/bin/chromium", args=["--no-sandbox"]
                )
                for run in range(args.runs + 1):  # the first run of each warms caches
                    for name, address in addresses.items():
                        page = browser.new_page(viewport={"width": 1200, "height": 800})
                        page.add_init_script(PAINTED_WATCH)
                        page.goto(address, wait_until="commit")
                        page.wait_for_function("window.__painted", polling="raf")
                        painted = page.evaluate("window.__painted")
                        first_byte = page.evaluate("window.__firstByte")
                        arrived = page.evaluate("window.__arrived")
                        if run:  # from the navigation's start, in the page's own clock
                            times[name].append(painted / 1000)
                            bytes_at[name].append(first_byte / 1000)
                            arrived_at[name].append(arrived / 1000)
                        page.close()
                        time.sleep(float(os.environ.get("GAP", "0.5")))  # its app process ends
                browser.close()
        finally:
            for process in servers.values():
                os.killpg(process.pid, signal.SIGTERM)
                process.wait()
    print(f"navigation to the words painted in Chromium, {args.runs} runs (median, min-max):")
    if os.environ.get("SHOW_RUNS"):
        print({name: [round(s * 1000) for s in samples] for name, samples in times.items()})
    for name, samples in times.items():
        values = [s * 1000 for s in samples]
        marked = statistics.median(s * 1000 for s in bytes_at[name])
        arrived = statistics.median(s * 1000 for s in arrived_at[name])
        print(
            f"  {name:<36} {statistics.median(values):7.1f} ms "
            f"({min(values):.1f}-{max(values):.1f}); -first-byte at {marked:.1f} ms, "
            f"the words in the page at {arrived:.1f} ms"
        )


if __name__ == "__main__":
    main()
