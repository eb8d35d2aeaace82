"""What remembering costs: `python benchmarks/state.py [--runs N]` prints the figures.

- first paint of the bundled article with a saved position (and a settings file) against
  `--no-state`, in alternating runs so that drift hits both alike;
- the pieces inside one process: reading the state and settings, the article's key, and
  saving on quit (the work `q` adds), each the median of many repeats.

Everything is written under a temporary XDG_STATE_HOME / XDG_CONFIG_HOME, never the user's.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from run import first_paint  # noqa: E402

from sievierodonetsk_reader.loader import bundled_article_path, load_article  # noqa: E402
from sievierodonetsk_reader.settings import Settings  # noqa: E402
from sievierodonetsk_reader.state import Position, StateStore, article_key  # noqa: E402


def median_ms(work: Callable[[], object], repeats: int) -> tuple[float, float]:
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), min(samples)


async def save_on_quit_ms(home: Path, repeats: int) -> tuple[float, float]:
    from sievierodonetsk_reader.tui.app import ReaderApp

    article = load_article(bundled_article_path())
    app = ReaderApp(
        article,
        state=StateStore.open(home / "bench-state.json"),
        settings=Settings.open(home / "bench-settings.toml"),
    )
    async with app.run_test(size=(120, 40)) as pilot:
        app.main.go_to_paragraph(14)
        await pilot.pause()
        return median_ms(app.save_state, repeats)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9, help="first-paint runs of each kind")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        home = Path(directory)
        os.environ["XDG_STATE_HOME"] = str(home / "state")
        os.environ["XDG_CONFIG_HOME"] = str(home / "config")
        article = load_article(bundled_article_path())
        # A saved position at ¶14, a tab and bookmarks; a settings file with a theme.
        from sievierodonetsk_reader.settings import settings_path
        from sievierodonetsk_reader.state import state_path

        store = StateStore.open(state_path())
        remembered = store.article(article)
        remembered.position, remembered.tab = Position(14, 0), "places"
        remembered.bookmarks = [3, 9, 14]
        store.save()
        settings_path().parent.mkdir(parents=True, exist_ok=True)
        settings_path().write_text('theme = "nord"\ntext_width = 84\n')

        reader = [sys.executable, str(HERE / "stamped_reader.py")]
        runs: dict[str, list[float]] = {"state": [], "state and settings": [], "--no-state": []}
        settings_text = 'theme = "nord"\ntext_width = 84\n'
        for _ in range(args.runs):
            settings_path().unlink()
            runs["state"].append(first_paint(reader)[0] * 1000)
            settings_path().write_text(settings_text)
            runs["state and settings"].append(first_paint(reader)[0] * 1000)
            runs["--no-state"].append(first_paint([*reader, "--no-state"])[0] * 1000)
        reading = median_ms(
            lambda: (
                StateStore.open(state_path()).article(article),
                Settings.open(settings_path()),
            ),
            200,
        )
        key = median_ms(lambda: article_key(article), 200)
        saving = asyncio.run(save_on_quit_ms(home, 50))

    def show(name: str, figure: tuple[float, float]) -> None:
        print(f"{name:<44} {figure[0]:7.2f} ms (min {figure[1]:.2f})")

    print(f"first paint, {args.runs} alternating runs each (median, min):")
    bare = statistics.median(runs["--no-state"])
    for name, samples in runs.items():
        median = statistics.median(samples)
        print(f"  {name:<42} {median:7.1f} ms (min {min(samples):.1f}), {median - bare:+.1f} ms")
    print("inside one process (median of repeats):")
    show("  read state + settings, find the article", reading)
    show("  article key (hash of the paragraphs)", key)
    show("  save on quit (remember + atomic write)", saving)


if __name__ == "__main__":
    main()
