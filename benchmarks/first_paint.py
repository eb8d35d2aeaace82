"""The first paint judged from outside: when the first paragraph's words are on the terminal.

Each contender runs on a 120x40 pseudo-terminal whose output goes into pyte, a terminal
emulator; the clock stops when the screen shows the first paragraph's opening words, as a
person would see them. Contenders, in shuffled order each round (so that drift hits all):

- `reader`: `sievierodonetsk-reader FILE` with a warm cache and a kept first screen (every
  start but a file's first at a size); `reader-textual` is the moment Textual's own first
  frame has drawn them in the same runs (a fresh emulator fed only what came after the
  pre-painted screen);
- `reader-no-prepaint`: the same with `prepaint = false`, as the reader was before;
- `bare-textual`: the floor, benchmarks/bare_app.py (a Header, a Footer and a Static per
  paragraph of the source);
- `less`: `less` on the text export of the same file;
- `rich-markdown`: `python -m rich.markdown` on its Markdown export.

    python benchmarks/first_paint.py [--rounds 11] [--sizes 1,100,max]

`max` is the largest multiple of the article under the reader's 5 MB limit.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import queue
import random
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pyte
from articles import largest_multiple, repeated_article

from sievierodonetsk_reader.first_screen import ENTER, PAINTED

HERE = Path(__file__).resolve().parent
WIDTH, HEIGHT = 120, 40
WORDS = "JAKARTA - Russian troops"  # the first paragraph's opening
READER = [sys.executable, "-m", "sievierodonetsk_reader"]
PATIENCE = 30.0  # seconds before a contender is given up on


def shows_words(screen: pyte.Screen) -> bool:
    return any(WORDS in line for line in screen.display)


def time_on_terminal(
    command: list[str], env: dict[str, str], *, second_frame: bool = False, settle: bool = False
) -> tuple[float, float | None]:
    """Seconds from spawning `command` until its first paragraph is on the screen; with
    `second_frame`, also until a screen fed only what came after the pre-paint shows it.
    With `settle`, the program is then left to finish starting and quit with q.

    A thread reads the terminal and notes when each chunk came, so that the emulator's own
    slowness (pyte parses in Python) never delays the clock."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", HEIGHT, WIDTH, 0, 0))
    chunks: queue.Queue[tuple[float, bytes] | None] = queue.Queue()
    start = time.perf_counter()
    process = subprocess.Popen(
        command, stdin=slave, stdout=slave, stderr=slave, env=env, preexec_fn=os.setsid
    )
    os.close(slave)

    def read() -> None:
        while True:
            try:
                chunk = os.read(master, 1 << 16)
            except OSError:
                chunk = b""
            if not chunk:
                chunks.put(None)
                return
            chunks.put((time.perf_counter(), chunk))

    reader_thread = threading.Thread(target=read, daemon=True)
    reader_thread.start()
    screen = pyte.Screen(WIDTH, HEIGHT)
    stream = pyte.ByteStream(screen)
    after: pyte.Screen | None = None
    after_stream: pyte.ByteStream | None = None
    first: float | None = None
    textual: float | None = None
    seen = b""
    try:
        while True:
            try:
                item = chunks.get(timeout=PATIENCE)
            except queue.Empty:
                break
            if item is None:
                break
            when, chunk = item
            seen += chunk
            if first is None:
                stream.feed(chunk)
                if shows_words(screen):
                    first = when - start
            if second_frame and after is None and PAINTED.encode() in seen:
                after = pyte.Screen(WIDTH, HEIGHT)
                after_stream = pyte.ByteStream(after)
                after_stream.feed(seen[seen.index(PAINTED.encode()) + len(PAINTED) :])
            elif after_stream is not None:
                after_stream.feed(chunk)
            if after is not None and textual is None and shows_words(after):
                textual = when - start
            # A pre-painted start (it begins by entering the alternate screen, as Textual does
            # only later) is followed until Textual's own frame has drawn the words too.
            prepainted = seen.startswith(ENTER.encode())
            waiting_for_textual = second_frame and prepainted and textual is None
            if first is not None and not waiting_for_textual:
                break
        if settle and first is not None:
            # The footer comes last, after the first frame is kept: then q.
            footer = b"palette"
            while footer not in seen:
                item = chunks.get(timeout=PATIENCE)
                if item is None:
                    break
                seen += item[1]
            os.write(master, b"q")
            process.wait(PATIENCE)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
        process.wait(10)
        os.close(master)
    if first is None:
        shown = "\n".join(line.rstrip() for line in screen.display if line.strip())
        raise SystemExit(f"{command[-1]}: the words never showed; the screen:\n{shown}")
    return first, textual


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=11)
    parser.add_argument("--sizes", default="1,100,max")
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="first-paint-"))
    base = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    base.update(
        TERM="xterm-256color",
        COLORTERM="truecolor",
        XDG_CACHE_HOME=str(work / "cache"),
        XDG_STATE_HOME=str(work / "state"),
        XDG_CONFIG_HOME=str(work / "config"),
    )
    off_config = work / "config-off"
    (off_config / "sievierodonetsk-reader").mkdir(parents=True)
    (off_config / "sievierodonetsk-reader" / "settings.toml").write_text("prepaint = false\n")
    off = {**base, "XDG_CONFIG_HOME": str(off_config)}
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(HERE.parent / "sievierodonetsk_reader")],
        check=True,
    )
    sizes = [largest_multiple() if s == "max" else int(s) for s in options.sizes.split(",")]
    results: dict[str, list[float]] = {}
    contenders: list[tuple[str, Callable[[], None]]] = []

    def note(name: str, seconds: float | None) -> None:
        if seconds is not None:
            results.setdefault(name, []).append(seconds)

    def reader(article: Path, times: int) -> Callable[[], None]:
        def run() -> None:
            first, textual = time_on_terminal([*READER, str(article)], base, second_frame=True)
            note(f"reader {times}x", first)
            note(f"reader-textual {times}x", textual)

        return run

    def plain(name: str, command: list[str], env: dict[str, str]) -> Callable[[], None]:
        def run() -> None:
            # less, under load, once opened at the end of the text (as if sent G): such a
            # run is noted and run again, not timed.
            for _ in range(3):
                try:
                    note(name, time_on_terminal(command, env)[0])
                    return
                except SystemExit as error:
                    print(f"{name}: run again: {str(error).splitlines()[0]}", file=sys.stderr)
            raise SystemExit(f"{name}: the words never showed in three runs")

        return run

    for times in sizes:
        article = work / f"article-x{times}.yaml"
        article.write_text(repeated_article(times), encoding="utf-8")
        text, markdown = work / f"article-x{times}.txt", work / f"article-x{times}.md"
        for path, form in ((text, "text"), (markdown, "markdown")):
            subprocess.run(
                [*READER, "export", "-f", form, "-o", str(path), str(article)],
                check=True,
                env=base,
                stdout=subprocess.DEVNULL,
            )
        # A first start at this size keeps the cache entry and the first screen.
        for env in (base, off):
            time_on_terminal([*READER, str(article)], env, settle=True)
        contenders += [
            (f"reader {times}x", reader(article, times)),
            (
                f"reader-no-prepaint {times}x",
                plain(f"reader-no-prepaint {times}x", [*READER, str(article)], off),
            ),
            (f"less {times}x", plain(f"less {times}x", ["less", str(text)], base)),
            (
                f"rich-markdown {times}x",
                plain(
                    f"rich-markdown {times}x",
                    [sys.executable, "-m", "rich.markdown", str(markdown)],
                    base,
                ),
            ),
        ]
    bare = [sys.executable, str(HERE / "bare_app.py")]
    contenders.append(("bare-textual", plain("bare-textual", bare, base)))
    rng = random.Random(26)
    for round_number in range(options.rounds):
        order = contenders[:]
        rng.shuffle(order)
        for _, run in order:
            run()
        print(f"round {round_number + 1}/{options.rounds} done", file=sys.stderr)
    floor = statistics.median(results["bare-textual"])
    print(f"{'contender':<28} {'median':>9} {'min':>9} {'max':>9} {'x floor':>8}")
    for name, samples in results.items():
        median = statistics.median(samples)
        print(
            f"{name:<28} {median * 1000:8.1f}ms {min(samples) * 1000:8.1f}ms "
            f"{max(samples) * 1000:8.1f}ms {median / floor:7.2f}x"
        )
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
