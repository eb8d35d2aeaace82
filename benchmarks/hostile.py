"""Hostile shapes: valid (or nearly valid) article files under the 5 MB limit built to be slow.

`python benchmarks/hostile.py` writes each shape, then times `check` and the Markdown and JSON
exports on it in a fresh process (wall time and peak memory), and the reader's keys on the
shapes it opens (CPU milliseconds until the screen is redrawn). Targets: every file checks
and exports in < 10 s and < 1 GB; keys < 100 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

HEADER = """article:
  id: hostile
  title: Hostile
  dateline: KYIV
  language: en
  reference_date: 2022-06-24
"""


def many_forms(count: int = 9_000) -> str:
    """`count` places, each named once, 100 to a paragraph: one form per word."""
    words = [f"w{number:06d}" for number in range(count)]
    lines = [HEADER, "paragraphs:"]
    for start in range(0, count, 100):
        lines.append("  - " + " ".join(words[start : start + 100]))
    lines.append("places:")
    lines += [f"  - {{id: {word}, name: {word}, kind: town, forms: [{word}]}}" for word in words]
    return "\n".join(lines) + "\n"


def many_speakers(count: int = 9_000) -> str:
    """`count` people, each with one passage of reported speech in a paragraph of its own."""
    lines = [HEADER, "paragraphs:"]
    lines += [
        f"  - [s{n} said , {{kind: reported, speaker: s{n}, text: it was so}}]"
        for n in range(count)
    ]
    lines.append("people:")
    lines += [f"  - {{id: s{n}, name: s{n}, forms: [s{n}]}}" for n in range(count)]
    return "\n".join(lines) + "\n"


def one_paragraph_many_mentions(count: int = 480_000) -> str:
    """One paragraph naming one person `count` times."""
    text = " ".join(["Al"] * count)
    return f"{HEADER}paragraphs:\n  - {text}\npeople:\n  - {{id: al, name: Al, forms: [Al]}}\n"


def many_paragraphs(count: int = 800_000) -> str:
    """More one-letter paragraphs than any article has: refused, and how fast."""
    return HEADER + "paragraphs:\n" + "  - a\n" * count


def many_problems(count: int = 700_000) -> str:
    """A file with a problem on every line."""
    return HEADER + "paragraphs:\n" + "  - {}\n" * count


SHAPES: dict[str, Callable[[], str]] = {
    "9,000 forms": many_forms,
    "9,000 speakers": many_speakers,
    "480,000 mentions in one paragraph": one_paragraph_many_mentions,
    "800,000 one-letter paragraphs": many_paragraphs,
    "700,000 problems": many_problems,
}
READER_SHAPES = ("9,000 forms", "9,000 speakers", "480,000 mentions in one paragraph")


def run(args: list[str]) -> tuple[float, float, int, int]:
    """Seconds, peak MB, exit status and output bytes of one process."""
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "sievierodonetsk_reader", *args], capture_output=True, check=False
    )
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return elapsed, peak, result.returncode, len(result.stdout) + len(result.stderr)


async def key_times(path: Path) -> dict[str, float]:
    """CPU milliseconds from a key press until the screen is redrawn, in a headless reader."""
    from sievierodonetsk_reader import collector
    from sievierodonetsk_reader.loader import load_article
    from sievierodonetsk_reader.tui.app import ReaderApp

    article = load_article(path)
    collector.pause()  # as `read` does; the reader resumes it once it is up (collector.py)
    app = ReaderApp(article)
    times: dict[str, float] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await app.main.sidebar.built.wait()
        await pilot.pause()
        for key in ("space", "G", "g", "right_curly_bracket", "j"):
            start = time.process_time()
            await pilot.press(key)
            await pilot.pause()
            times[key] = (time.process_time() - start) * 1000
        start = time.process_time()
        await pilot.press("ctrl+p")
        await pilot.pause()
        times["palette opens"] = (time.process_time() - start) * 1000
        start = time.process_time()
        await pilot.press("x")
        await pilot.pause()
        times["palette keystroke"] = (time.process_time() - start) * 1000
    collector.release()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-reader", action="store_true", help="skip the reader's keys")
    parser.add_argument("--timeout", type=float, default=120, help="seconds per command")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        # The reader's cache and state go here, never to the user's directories. Each shape's
        # check is a first run (it parses and writes the cache); the exports after it take
        # the model from the cache.
        for variable in ("XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME"):
            os.environ[variable] = str(Path(directory) / variable.lower())
        print(f"{'shape':36} {'MB':>5} {'command':18} {'s':>7} {'peak MB':>8} {'exit':>4}")
        for name, make in SHAPES.items():
            path = Path(directory) / "shape.yaml"
            path.write_text(make(), encoding="utf-8")
            size = path.stat().st_size / 1e6
            for command in (["check"], ["export"], ["export", "-f", "json"]):
                # Peak memory of children is a running maximum: measure each in a fresh runner.
                try:
                    probe = subprocess.run(
                        [sys.executable, __file__, "--probe", str(path), *command],
                        capture_output=True,
                        text=True,
                        check=True,
                        timeout=options.timeout,
                    )
                    elapsed, peak, status = probe.stdout.split()
                except subprocess.TimeoutExpired:
                    elapsed, peak, status = f">{options.timeout:.0f}", "?", "-"
                label = " ".join(command)
                print(f"{name:36} {size:5.1f} {label:18} {elapsed:>7} {peak:>8} {status:>4}")
            if name in READER_SHAPES and not options.no_reader:
                times = asyncio.run(key_times(path))
                keys = ", ".join(f"{key} {ms:.0f}" for key, ms in times.items())
                print(f"{'':36} {'':5} reader keys (CPU ms): {keys}")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--probe":
        seconds, peak_mb, status, _ = run([sys.argv[3], sys.argv[2], *sys.argv[4:]])
        print(f"{seconds:.2f} {peak_mb:.0f} {status}")
    else:
        main()
