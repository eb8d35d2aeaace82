"""Where the first paint's time goes: `python benchmarks/phases.py [--runs N]`.

The reader (on the 1x and 100x articles, or `--sizes`, warm cache) and the bare floor app each
run in a
pseudo-terminal, in turn, and note the time at each step on the way to their first frame;
the table gives each step's median, in ms from the spawn of the process:

- python: the interpreter is up (this script's first line runs);
- imports: Textual and the program's modules are imported;
- article: the command line has run and the article is loaded (the reader only);
- app made: the App object (and the reader's screen) exists;
- compose: Textual has started (driver, stylesheet) and the screen composes;
- mounted: the screen's widgets are mounted (the reader only);
- first frame: the first screen with article text is drawn.

The hooks are this script's, made by subclassing and wrapping in the child process: the
reader has none.
"""

from __future__ import annotations

import time

STARTED = time.time()  # before this script's own imports

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

SPAWNED = "PHASES_SPAWNED"  # the parent's clock when it spawned the child
MARKS = "PHASES_MARKS"  # the file the child appends its marks to
STAMP = "SIEVIERODONETSK_READER_FIRST_PAINT_STAMP"  # run.first_paint waits for this file
STEPS = ("python", "imports", "article", "app made", "compose", "mounted", "first frame")


def child_reader(article: str) -> None:
    from sievierodonetsk_reader import collector

    marks = {"python": STARTED}
    collector.pause()  # as `read` does before it imports the TUI
    from sievierodonetsk_reader.cli import main
    from sievierodonetsk_reader.tui import app
    from sievierodonetsk_reader.tui.screen import ReaderScreen

    marks["imports"] = time.time()
    made = app.ReaderApp.__init__

    def init(self: app.ReaderApp, *args: object, **options: object) -> None:
        marks["article"] = time.time()
        made(self, *args, **options)  # type: ignore[arg-type]
        marks["app made"] = time.time()

    mounted = ReaderScreen.on_mount

    def on_mount(self: ReaderScreen) -> None:
        mounted(self)
        marks["mounted"] = time.time()

    class PhasedScreen(ReaderScreen):
        def compose(self) -> Iterator[object]:  # type: ignore[override]
            marks.setdefault("compose", time.time())
            yield from super().compose()

        async def after_first_paint(self) -> None:
            marks["first frame"] = time.time()
            record(marks)
            Path(os.environ[STAMP]).write_text(f"{time.time()}\n")  # for run.first_paint
            self.app.exit()

    app.ReaderApp.__init__ = init  # type: ignore[method-assign]
    ReaderScreen.on_mount = on_mount  # type: ignore[method-assign]
    app.ReaderApp.SCREEN = PhasedScreen
    main(["read", article])


def child_bare() -> None:
    marks = {"python": STARTED}
    import bare_app

    marks["imports"] = time.time()

    class PhasedBare(bare_app.Bare):
        def compose(self) -> Iterator[object]:  # type: ignore[override]
            marks.setdefault("compose", time.time())
            yield from super().compose()

        def _stamp(self) -> None:  # the bare app's own first-frame hook
            marks["first frame"] = time.time()
            record(marks)
            super()._stamp()

    bare = PhasedBare()
    marks["app made"] = time.time()
    bare.run()


def record(marks: dict[str, float]) -> None:
    spawned = float(os.environ[SPAWNED])
    line = {step: (moment - spawned) * 1000 for step, moment in marks.items()}
    with open(os.environ[MARKS], "a", encoding="utf-8") as stream:
        stream.write(json.dumps(line) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9, help="runs of each (9)")
    parser.add_argument(
        "--sizes", default="1,100", help="multiples of the article, max for 5 MB (1,100)"
    )
    args = parser.parse_args()

    import compileall

    from articles import largest_multiple, write_articles
    from run import first_paint

    compileall.compile_dir(str(HERE.parent / "sievierodonetsk_reader"), quiet=1)
    compileall.compile_dir(str(HERE), quiet=1)
    with tempfile.TemporaryDirectory() as directory:
        for name in ("XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME"):
            os.environ[name] = str(Path(directory) / name.lower())
        sizes = [largest_multiple() if s == "max" else int(s) for s in args.sizes.split(",")]
        paths = write_articles(Path(directory), tuple(sizes))
        for path in paths.values():  # a warm cache, as every start after the first has
            check = [sys.executable, "-m", "sievierodonetsk_reader", "check", str(path)]
            subprocess.run(check, stdout=subprocess.DEVNULL, check=True)
        this = [sys.executable, str(Path(__file__).resolve())]
        commands = {
            "floor": [*this, "--child", "bare"],
            **{f"reader {n}x": [*this, "--child", "reader", str(paths[n])] for n in sizes},
        }
        files = {name: Path(directory) / f"marks-{n}" for n, name in enumerate(commands)}
        for run in range(args.runs + 1):  # the first is a warm-up and is not counted
            for name, command in commands.items():
                os.environ[SPAWNED] = str(time.time())
                os.environ[MARKS] = str(files[name] if run else Path(directory) / "warm-up")
                first_paint(command)
        print(f"ms from spawning the process, median of {args.runs} runs")
        print(f"{'step':<14}" + "".join(f"{name:>14}" for name in commands))
        table = {
            name: [json.loads(line) for line in files[name].read_text().splitlines()]
            for name in commands
        }
        for step in STEPS:
            cells = []
            for runs in table.values():
                values = [marks[step] for marks in runs if step in marks]
                cells.append(f"{statistics.median(values):14.1f}" if values else f"{'-':>14}")
            print(f"{step:<14}" + "".join(cells))


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        if sys.argv[2] == "reader":
            child_reader(sys.argv[3])
        else:
            child_bare()
    else:
        main()
