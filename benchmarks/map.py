"""What the map costs: `python benchmarks/map.py [--runs N]` prints the figures.

- drawing alone (`geomap.draw_map`, the vendored borders already loaded) at 120x40 for the
  whole country and a close-up, and loading the vendored file once;
- keys in a headless reader showing the full-window map at 120x40, as CPU time from the key
  until the screen is redrawn (a key bound to nothing alongside, for reference): M itself,
  + (zoom), an arrow (pan) and v (country / close-up).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from sievierodonetsk_reader.geomap import (  # noqa: E402
    MAP_FILE,
    close_up,
    country_view,
    draw_map,
    load_map_data,
    place_points,
)
from sievierodonetsk_reader.loader import bundled_article_path, load_article  # noqa: E402
from sievierodonetsk_reader.model import Place  # noqa: E402


def median_ms(samples: list[float]) -> str:
    values = [s * 1000 for s in samples]
    return f"{statistics.median(values):7.2f} ms ({min(values):.2f}-{max(values):.2f})"


def repeat(work: Callable[[], object], times: int) -> list[float]:
    samples = []
    for _ in range(times):
        start = time.perf_counter()
        work()
        samples.append(time.perf_counter() - start)
    return samples


async def time_keys(repeats: int) -> dict[str, list[float]]:
    from sievierodonetsk_reader.tui.app import ReaderApp

    article = load_article(bundled_article_path())
    results: dict[str, list[float]] = {}

    async def timed(name: str, pilot: object, *keys: str) -> None:
        start = time.process_time()
        await pilot.press(*keys)  # type: ignore[attr-defined]
        await pilot.pause()  # type: ignore[attr-defined]
        results.setdefault(name, []).append(time.process_time() - start)

    for _ in range(repeats):
        app = ReaderApp(article)
        async with app.run_test(size=(120, 40)) as pilot:
            await app.main.sidebar.built.wait()
            # The Map tab's first opening: its code is imported once, so the first run's
            # figure is the one a reader meets, the others what drawing it costs.
            start = time.process_time()
            await pilot.press("5")
            for _ in range(5):  # until the screen settles: a redraw would show here
                await pilot.pause()
            results.setdefault("5 (the Map tab opens, 5 idles)", []).append(
                time.process_time() - start
            )
            await pilot.press("1")
            app.main.select_entity("sievierodonetsk")
            await pilot.pause()
            await timed("a key bound to nothing (reference)", pilot, "f12")
            await timed("M (the map over the window)", pilot, "M")
            await timed("+ (zoom in)", pilot, "plus")
            await timed("→ (pan)", pilot, "right")
            await timed("v (whole country)", pilot, "v")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9, help="runs per key figure (9)")
    args = parser.parse_args()
    article = load_article(bundled_article_path())
    points, _ = place_points(article)
    start = time.perf_counter()
    data = load_map_data()
    loading = time.perf_counter() - start
    town = article.entity("sievierodonetsk")
    assert isinstance(town, Place)
    cols, rows = 120, 36  # the full-window map at 120x40: header, legend and footer aside
    print(f"vendored borders: {MAP_FILE.stat().st_size:,} bytes, loaded in {loading * 1000:.1f} ms")
    print(f"drawing at {cols}x{rows} cells (median of 50, min-max):")
    for name, view in (
        ("  whole country", country_view(cols, rows)),
        ("  close-up", close_up(town)),
    ):
        samples = repeat(partial(draw_map, data, points, view, cols, rows), 50)
        print(f"{name:<40} {median_ms(samples)}")
    print(f"keys with the map shown, CPU time until redrawn ({args.runs} runs):")
    for name, samples in asyncio.run(time_keys(args.runs)).items():
        print(f"  {name:<38} {median_ms(samples)}")


if __name__ == "__main__":
    main()
