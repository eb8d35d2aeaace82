"""Benchmarks: run `python benchmarks/run.py` (or `make benchmark`) and read the table.

Whole processes are timed over several runs (median, and min-max as the spread):
`check` and `export --format markdown` with the cache off, on a first run (which writes the
cache) and warm; the reader's first paint (process start until the first screen with article
text is drawn, measured in a pseudo-terminal), warm and on a first start, and its peak
memory, with a bare Textual app's as the floor.
Keys are timed inside a headless reader on the 100x article, from key press until the screen
has been redrawn, as CPU time: Pilot's waits for idleness are not the reader's work (a key
bound to nothing is timed alongside, for reference). Articles of 1x, 10x and 100x the bundled
one are generated first. `--keys-only SIZE` times only the keys, on SIZE times the bundled
article (`max`: the largest under the 5 MB limit).
"""

from __future__ import annotations

import argparse
import asyncio
import compileall
import fcntl
import gc
import itertools
import os
import shlex
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from articles import largest_multiple, write_articles  # noqa: E402

from sievierodonetsk_reader.loader import load_article  # noqa: E402

STAMP = "SIEVIERODONETSK_READER_FIRST_PAINT_STAMP"
READER = [sys.executable, "-m", "sievierodonetsk_reader"]


def summary(samples: Sequence[float], unit: float = 1000.0) -> str:
    values = [s * unit for s in samples]
    return f"{statistics.median(values):8.1f}   ({min(values):.1f}-{max(values):.1f})"


def time_process(args: list[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(
        args,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=True,
        env=None if env is None else {**os.environ, **env},
    )
    return time.perf_counter() - start


def first_paint(
    args: list[str], env: dict[str, str] | None = None, cols: int = 120, rows: int = 40
) -> tuple[float, float]:
    """Seconds from spawning `args` in a pseudo-terminal to its first paint; peak RSS in MB."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    with tempfile.TemporaryDirectory() as directory:
        stamp = Path(directory) / "stamp"
        env = dict(os.environ, **(env or {}), TERM="xterm-256color", **{STAMP: str(stamp)})
        started = time.time()
        process = subprocess.Popen(
            args, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
        )
        os.close(slave)
        while True:  # drain the screen output until the reader quits
            try:
                if not os.read(master, 65536):
                    break
            except OSError:
                break
        _, status, usage = os.wait4(process.pid, 0)
        os.close(master)
        if status != 0 or not stamp.exists():
            raise RuntimeError(f"{args} failed (status {status})")
        painted = float(stamp.read_text())
    return painted - started, usage.ru_maxrss / 1024


async def time_keys(path: Path, repeats: int) -> dict[str, list[float]]:
    from textual.command import CommandList

    from sievierodonetsk_reader import collector
    from sievierodonetsk_reader.tui.app import ReaderApp

    article = load_article(path)
    results: dict[str, list[float]] = {}

    async def timed(name: str, pilot: object, action: Callable[[], object]) -> None:
        # The paragraphs off screen are wrapped in a pause after a key (see article_view.py),
        # and the hidden tabs' lists in the pauses after the start (see sidebar.py): not the
        # next key's cost, and not a cost that would come in the middle of typing.
        while not (app.main.view.laid_out and app.main.sidebar.lists_wrapped_ahead):
            await pilot.pause(0.05)  # type: ignore[attr-defined]
        start = time.process_time()
        result = action()
        if asyncio.iscoroutine(result):
            await result
        await pilot.pause()  # type: ignore[attr-defined]
        results.setdefault(name, []).append(time.process_time() - start)

    word = "Luhansk"
    expected = sum(p.text.lower().count(word.lower()) for p in article.paragraphs)
    for _ in range(repeats):
        # As `read` runs it: the collector paused until the reader is up, then what start-up
        # made set aside (see collector.py), so that its passes walk only what keys make.
        collector.pause()
        app = ReaderApp(article)
        async with app.run_test(size=(120, 40)) as pilot:
            await (
                app.main.sidebar.built.wait()
            )  # built just after the first paint: not a key's cost
            await pilot.press("f12", "f12")  # the first redraws after it lay out the lists
            await pilot.pause()
            assert gc.isenabled(), "the reader did not resume the collector"
            await timed("a key bound to nothing (reference)", pilot, lambda: pilot.press("f12"))
            await timed("G (to the end)", pilot, lambda: pilot.press("G"))
            await pilot.press("g")
            await pilot.pause()
            await timed("] from the top", pilot, lambda: pilot.press("right_square_bracket"))
            # Tabs by their keys: each moves the keys into the sidebar, or within it. The
            # map's first opening loads its code and data (benchmarks/map.py has it alone).
            tabs = (
                ("2", "Places tab"),
                ("4", "Quotes tab"),
                ("6", "Sources tab"),
                ("5", "Map tab, first time"),
                ("1", "People tab"),
            )
            for key, name in tabs:
                await timed(f"{key} opens the {name}", pilot, partial(pilot.press, key))
            await timed("5 opens the Map tab again", pilot, partial(pilot.press, "5"))
            await timed("Escape back to the text", pilot, partial(pilot.press, "escape"))
            wanted = f"Go to quote {len(article.quotations)}:"
            await pilot.press("ctrl+p", *wanted.removeprefix("Go to "))
            hits = app.screen.query_one(CommandList)
            while not (hits.highlighted_option and wanted in str(hits.highlighted_option.prompt)):
                await pilot.pause(0.01)  # the palette searches in the background
            await timed("last quote from the palette", pilot, lambda: pilot.press("enter"))
            assert app.main.reading.quote == article.quotations[-1], "palette did not reach it"
            # The palette's command itself, without the palette closing around it.
            await pilot.press("g")
            app.main.go_to_quote(None)
            await pilot.pause()
            await timed(
                "  the jump alone (the palette's command)",
                pilot,
                partial(app.main.go_to_quote, article.quotations[-1]),
            )
            # The sidebar hidden and shown: the article's width changes both ways; the second
            # time, both layouts are there (the view keeps the one it replaces).
            for turn in ("first", "again"):
                await timed(
                    f"ctrl+b hides the sidebar ({turn})", pilot, lambda: pilot.press("ctrl+b")
                )
                await timed(f"ctrl+b shows it ({turn})", pilot, lambda: pilot.press("ctrl+b"))
            await pilot.press("ctrl+b")
            await timed(
                "+ with the sidebar hidden (a new width)", pilot, lambda: pilot.press("plus")
            )
            await pilot.press("minus", "ctrl+b")
            await pilot.pause()
            await pilot.press("slash")
            await pilot.pause()
            # A long article is searched in the window at each letter; the whole once typing
            # pauses from the third letter on (one letter matches 98,000 times at 5 MB).
            await timed("find's first letter", pilot, partial(pilot.press, word[0]))
            await timed("find's second letter", pilot, partial(pilot.press, word[1]))
            await pilot.press(*word[2:-1])
            await pilot.pause()
            await timed(
                f"find's last letter ({expected} matches)", pilot, partial(pilot.press, word[-1])
            )
            finding = await whole_search_done(pilot, app, word)
            assert len(finding.matches) == expected
            # A new width with the Quotes tab open: its list (12,600 entries at 5 MB) is
            # wrapped again for it, by the resize.
            await pilot.press("escape", "4")
            await timed(
                "a resize with the Quotes tab open",
                pilot,
                partial(pilot.resize_terminal, 130, 40),
            )
        collector.release()
        # A narrow window's sidebar comes up over the text: its lists are wrapped, and its
        # map drawn, ahead for the room it will have there.
        collector.pause()
        app = ReaderApp(article)
        async with app.run_test(size=(60, 20)) as pilot:
            await app.main.sidebar.built.wait()
            await pilot.press("f12")
            await pilot.pause()
            await timed("4 in a narrow window (60x20)", pilot, partial(pilot.press, "4"))
            assert app.main.sidebar.active_tab == "quotes"
            await timed("  Escape back to the text", pilot, partial(pilot.press, "escape"))
            await timed("  5 opens the Map tab, first time", pilot, partial(pilot.press, "5"))
            await timed("  1 opens the People tab", pilot, partial(pilot.press, "1"))
        collector.release()
    return results


async def whole_search_done(pilot: Any, app: Any, query: str) -> Any:
    """The finding once the whole article was searched for `query` and the screen redrawn."""
    while not (
        (finding := app.main.reading.finding) and finding.query == query and finding.complete
    ):
        await pilot.pause(0.01)
    await pilot.pause()
    return finding


def print_keys(label: str, keys: dict[str, list[float]]) -> None:
    print(f"{f'keys on the {label} article, CPU ms to redrawn':<44} {'median ms':>8}   (min-max)")
    for name, samples in keys.items():
        print(f"{name:<44} {summary(samples)}")


def keys_only(size: str, runs: int) -> None:
    times = largest_multiple() if size == "max" else int(size)
    with tempfile.TemporaryDirectory() as directory:
        for name in ("XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME"):
            os.environ[name] = str(Path(directory) / name.lower())
        path = write_articles(Path(directory), (times,))[times]
        print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores; {runs} runs")
        print_keys(f"{times}x", asyncio.run(time_keys(path, repeats=runs)))


def child_process_ms(args: list[str]) -> tuple[float, float]:
    """Wall and CPU (user and system) milliseconds of one run of `args`, output discarded."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = time_process(args)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall * 1000, cpu * 1000


def exports_only(size: str, runs: int) -> None:
    """Warm exports (the cached output copied) of each format, as whole processes, in turn
    with `python -c pass`, so that the machine's drift hits them alike."""
    times = largest_multiple() if size == "max" else int(size)
    compileall.compile_dir(str(HERE.parent / "sievierodonetsk_reader"), quiet=1)
    with tempfile.TemporaryDirectory() as directory:
        os.environ["XDG_CACHE_HOME"] = str(Path(directory) / "cache")
        path = write_articles(Path(directory), (times,))[times]
        formats = ("json", "markdown", "text")
        commands = {
            f"export -f {f}, warm": [*READER, "export", "-f", f, str(path)] for f in formats
        }
        # Through a pipe, as `| jq` reads it: what is copied must cross to another process.
        piped = f"{shlex.join([*READER, 'export', '-f', 'json', str(path)])} | cat >/dev/null"
        commands["export -f json | cat, warm"] = ["sh", "-c", piped]
        commands["python -c pass (reference)"] = [sys.executable, "-c", "pass"]
        for command in commands.values():
            time_process(command)  # fills the cache
        samples: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for _ in range(runs):
            for name, command in commands.items():
                samples[name].append(child_process_ms(command))
        print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores; {runs} runs")
        print(f"{f'{times}x article, whole process':<36} {'wall ms':>8} (min-max)  {'CPU ms':>7}")
        for name, taken in samples.items():
            walls, cpus = [w for w, _ in taken], [c for _, c in taken]
            print(f"{name:<36} {summary(walls, 1):>8}  {statistics.median(cpus):7.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7, help="runs per figure (7)")
    parser.add_argument(
        "--keys-only",
        metavar="SIZE",
        help="time only the keys, on the article of SIZE times the bundled one (or max: 5 MB)",
    )
    parser.add_argument(
        "--exports-only",
        metavar="SIZE",
        help="time only warm exports, of the article of SIZE times the bundled one (or max)",
    )
    args = parser.parse_args()
    if args.exports_only:
        exports_only(args.exports_only, args.runs)
        return
    if args.keys_only:
        keys_only(args.keys_only, args.runs)
        return

    # An installed reader runs from bytecode (pip compiles it); a checkout with
    # PYTHONDONTWRITEBYTECODE set would recompile every module at every start.
    compileall.compile_dir(str(HERE.parent / "sievierodonetsk_reader"), quiet=1)
    with tempfile.TemporaryDirectory() as directory:
        # The reader's cache, state and settings go here, never to the user's directories.
        for name in ("XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME"):
            os.environ[name] = str(Path(directory) / name.lower())
        paths = write_articles(Path(directory))
        sizes = {n: load_article(p) for n, p in paths.items()}
        print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores; {args.runs} runs each")
        print(
            "articles: "
            + ", ".join(f"{n}x = {len(a.paragraphs)} paragraphs" for n, a in sizes.items())
        )
        print()
        print(f"{'whole process':<44} {'median ms':>8}   (min-max)")
        medians: dict[str, dict[int, float]] = {}
        empty_caches = itertools.count()

        def empty_cache() -> dict[str, str]:
            """A cache directory of its own for one run: a first run, which writes the cache."""
            return {"XDG_CACHE_HOME": str(Path(directory) / f"empty-{next(empty_caches)}")}

        for label, extra, first in (
            ("check, cold (--no-cache)", ["check", "--no-cache"], False),
            ("check, first run (writes the cache)", ["check"], True),
            ("check, warm cache", ["check"], False),
            ("export --format markdown, cold", ["export", "-f", "markdown", "--no-cache"], False),
            ("export --format markdown, first run", ["export", "-f", "markdown"], True),
            ("export --format markdown, warm", ["export", "-f", "markdown"], False),
        ):
            for n, path in paths.items():
                time_process([*READER, *extra, str(path)])  # fills the cache for "warm"
                samples = [
                    time_process([*READER, *extra, str(path)], empty_cache() if first else None)
                    for _ in range(args.runs)
                ]
                medians.setdefault(label, {})[n] = statistics.median(samples)
                print(f"{label + f' {n}x':<44} {summary(samples)}")
        floor = [time_process([sys.executable, "-c", "pass"]) for _ in range(args.runs)]
        print(f"{'python -c pass (reference)':<44} {summary(floor)}")
        # The reader of each size and the bare app in turn, so that drift hits them alike.
        readers = {
            n: [sys.executable, str(HERE / "stamped_reader.py"), str(p)] for n, p in paths.items()
        }
        for n, command in readers.items():
            # The reader writes the cache after its first frame, which the stamped reader
            # does not wait for: `check` fills it, as a reader's first start would.
            time_process([*READER, "check", str(paths[n])])
            first_paint(command)  # a warm-up, not counted
        painted: dict[int | str, list[tuple[float, float]]] = {}
        for _ in range(args.runs):
            for n, command in readers.items():
                painted.setdefault(n, []).append(first_paint(command))
            for n in (1, 100):  # the first start with a file: parsed, cached after the frame
                painted.setdefault(f"{n}x, first start", []).append(
                    first_paint(readers[n], empty_cache())
                )
            painted.setdefault("bare", []).append(
                first_paint([sys.executable, str(HERE / "bare_app.py")])
            )
        bare = painted.pop("bare")
        bare_median = statistics.median(r[0] for r in bare)
        for size, runs in painted.items():
            median = statistics.median(r[0] for r in runs)
            if isinstance(size, int):
                medians.setdefault("first paint", {})[size] = median
            print(
                f"{f'reader first paint {size}' + ('x' if isinstance(size, int) else ''):<44}"
                f" {summary([r[0] for r in runs])}"
                f"   peak {max(r[1] for r in runs):.0f} MB   {median / bare_median:.2f}x bare"
            )
        print(
            f"{'bare app: Header, Footer, 25 Statics (floor)':<44} {summary([r[0] for r in bare])}"
            f"   peak {max(r[1] for r in bare):.0f} MB"
        )
        print()
        print("growth from 10x to 100x (10.0 would be linear):")
        for label, by_size in medians.items():
            print(f"  {label:<30} x{by_size[100] / by_size[10]:.1f}")
        print()
        print_keys("100x", asyncio.run(time_keys(paths[100], repeats=max(3, args.runs // 2))))


if __name__ == "__main__":
    main()
