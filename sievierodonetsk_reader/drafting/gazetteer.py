"""The places `draft` knows: a compact subset of GeoNames (CC BY 4.0), vendored by
`tools/build_gazetteer.py`, looked up by any of a place's names."""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from functools import cache
from importlib import resources

KINDS = ("country", "region", "city", "town", "continent")
APPROXIMATE_REGION = "region-approximate"  # a neighbour's region, at Natural Earth's label point


@dataclass(frozen=True, slots=True)
class Place:
    kind: str  # one of KINDS
    name: str  # GeoNames' name (or the region table's)
    latitude: float | None
    longitude: float | None
    country: str  # ISO code; "" for a continent
    region: str  # GeoNames' first-level code within the country; "" if none
    population: int
    approximate: bool = False  # a point inside the place, not its centre or capital


def _place(row: list[str]) -> Place:
    kind, name, _, lat, lon, country, region, population = row
    approximate = kind == APPROXIMATE_REGION
    return Place(
        "region" if approximate else kind,
        name,
        float(lat) if lat else None,
        float(lon) if lon else None,
        country,
        region,
        int(population),
        approximate,
    )


@dataclass(frozen=True)
class Gazetteer:
    """The rows as read; an index of every name would cost 115 ms of the load, and a draft
    looks up only the few hundred names its text could hold (`find`)."""

    rows: list[list[str]]
    countries: dict[str, Place]  # by ISO code
    regions: dict[tuple[str, str], Place]  # by (country, region code)

    def find(self, names: set[str]) -> dict[str, tuple[Place, ...]]:
        """Every place any of `names` names, by the name as written."""
        found: dict[str, list[Place]] = {}
        for row in self.rows:
            written = [row[1], *row[2].split("|")] if row[2] else [row[1]]
            for name in names.intersection(written):
                found.setdefault(name, []).append(_place(row))
        return {name: tuple(places) for name, places in found.items()}

    def country_name(self, code: str) -> str:
        country = self.countries.get(code)
        return country.name if country else code


@cache
def load() -> Gazetteer:
    data = resources.files("sievierodonetsk_reader").joinpath("draftdata/gazetteer.tsv.gz")
    rows = [line.split("\t") for line in gzip.decompress(data.read_bytes()).decode().splitlines()]
    countries = {row[5]: _place(row) for row in rows if row[0] == "country"}
    regions = {
        (row[5], row[6]): _place(row)
        for row in rows
        if row[0] in ("region", APPROXIMATE_REGION) and row[6]
    }
    return Gazetteer(rows, countries, regions)
