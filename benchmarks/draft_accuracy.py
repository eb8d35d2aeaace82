"""How good `draft` is: `python benchmarks/draft_accuracy.py` prints precision, recall and F1
of the draft against hand annotation, per kind, and how long drafting and the gazetteer take.

The articles: the bundled one (its text drafted and compared with `data/article.yaml`) and
the short reports in `tests/data/drafts/` (each `NAME.txt` with its hand annotation
`NAME.yaml`, in other styles: a wire report with curly quotes, quotations after a colon,
straight quotes and "according to").

What counts as a match:
- speech, exact: the same paragraph, start and end; overlapping: the same paragraph and
  any words in common (one gold passage matched at most once);
- speaker: of the passages that overlap, those whose drafted speaker is the annotated one
  (a name or a form of one found in the other's);
- people, organisations: an entry of the one whose name or a form is among the other's;
- places: a shared form, and, where the annotation gives coordinates, the draft's within
  25 km;
- dates: the same value (first and last day).
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from sievierodonetsk_reader.drafting import gazetteer  # noqa: E402
from sievierodonetsk_reader.drafting.draft import Options, draft  # noqa: E402
from sievierodonetsk_reader.drafting.source import paragraphs_of  # noqa: E402
from sievierodonetsk_reader.loader import bundled_article_path, load_article  # noqa: E402
from sievierodonetsk_reader.model import Article, Entity, Place, Quote  # noqa: E402

REPORTS = HERE.parent / "tests" / "data" / "drafts"
PLACE_TOLERANCE_KM = 25.0


@dataclass(frozen=True)
class Score:
    found: int  # in the draft
    expected: int  # in the annotation
    matched: int

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _names(entity: Entity) -> set[str]:
    words = {entity.name.casefold(), *(form.casefold() for form in entity.forms)}
    return {w.removeprefix("the ").removeprefix("a ") for w in words}


def same_entity(one: Entity, other: Entity) -> bool:
    mine, theirs = _names(one), _names(other)
    return any(a == b or a in b or b in a for a in mine for b in theirs)


def _km(a: Place, b: Place) -> float:
    assert a.latitude is not None and a.longitude is not None
    assert b.latitude is not None and b.longitude is not None
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def _pairs(found: list[object], expected: list[object], match: object) -> int:
    """How many of `found` match one of `expected` each, one to one, in order."""
    left = list(expected)
    matched = 0
    for item in found:
        hit = next((gold for gold in left if match(item, gold)), None)  # type: ignore[operator]
        if hit is not None:
            left.remove(hit)
            matched += 1
    return matched


def _score(found: tuple[object, ...], expected: tuple[object, ...], match: object) -> Score:
    return Score(len(found), len(expected), _pairs(list(found), list(expected), match))


def _overlap(a: Quote, b: Quote) -> bool:
    return a.paragraph == b.paragraph and a.start < b.end and b.start < a.end


def scores(drafted: Article, gold: Article) -> dict[str, Score]:
    found, expected = list(drafted.quotes), list(gold.quotes)
    exact = _pairs(found, expected, lambda a, b: a.span == b.span)  # type: ignore[arg-type]
    overlapping = _pairs(found, expected, _overlap)  # type: ignore[arg-type]
    speakers = 0
    left = list(expected)
    for quote in found:
        hit = next((g for g in left if _overlap(quote, g)), None)
        if hit is not None:
            left.remove(hit)
            mine = drafted.find_entity(quote.speaker)
            theirs = gold.find_entity(hit.speaker)
            if mine is not None and theirs is not None and same_entity(mine, theirs):
                speakers += 1

    def places_match(a: Place, b: Place) -> bool:
        if not set(a.forms) & set(b.forms):
            return False
        if b.latitude is None:
            return True
        return a.latitude is not None and _km(a, b) <= PLACE_TOLERANCE_KM

    def by_value(a: object, b: object) -> bool:
        return (a.value.start, a.value.end) == (b.value.start, b.value.end)  # type: ignore[attr-defined]

    return {
        "speech (exact)": Score(len(found), len(expected), exact),
        "speech (overlapping)": Score(len(found), len(expected), overlapping),
        "speaker": Score(overlapping, overlapping, speakers),
        "people": _score(drafted.people, gold.people, same_entity),
        "organisations": _score(drafted.organizations, gold.organizations, same_entity),
        "places": _score(drafted.places, gold.places, places_match),
        "dates": _score(drafted.dates, gold.dates, by_value),
    }


def articles() -> list[tuple[str, list[str], Article]]:
    """(name, paragraphs, hand annotation) of every article measured."""
    bundled = load_article(bundled_article_path())
    found = [("bundled", [p.text for p in bundled.paragraphs], bundled)]
    for text in sorted(REPORTS.glob("*.txt")):
        gold = load_article(text.with_suffix(".yaml"))
        found.append((text.stem, paragraphs_of(text.read_text(encoding="utf-8")), gold))
    return found


def drafted(paragraphs: list[str], gold: Article) -> Article:
    return draft(paragraphs, Options("draft.txt", gold.metadata.reference_date)).article


def timing(runs: int) -> tuple[float, float, int]:
    """(median seconds to draft a 5,000-word article, to load the gazetteer, its words)."""
    bundled = load_article(bundled_article_path())
    paragraphs = [p.text for p in bundled.paragraphs]
    words = sum(len(p.split()) for p in paragraphs)
    long = paragraphs * max(1, math.ceil(5000 / words))
    drafts, loads = [], []
    for _ in range(runs):
        gazetteer.load.cache_clear()
        start = time.perf_counter()
        gazetteer.load()
        loads.append(time.perf_counter() - start)
        start = time.perf_counter()
        draft(long, Options("long.txt", date(2022, 6, 24)))
        drafts.append(time.perf_counter() - start)
    return statistics.median(drafts), statistics.median(loads), sum(len(p.split()) for p in long)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timing runs (5)")
    args = parser.parse_args()
    kinds: list[str] = []
    for name, paragraphs, gold in articles():
        result = scores(drafted(paragraphs, gold), gold)
        kinds = list(result)
        print(f"\n{name}")
        print(f"  {'kind':<22} {'P':>5} {'R':>5} {'F1':>5}   found/annotated/matched")
        for kind, score in result.items():
            print(
                f"  {kind:<22} {score.precision:5.2f} {score.recall:5.2f} {score.f1:5.2f}"
                f"   {score.found}/{score.expected}/{score.matched}"
            )
    del kinds
    seconds, load, words = timing(args.runs)
    print(f"\ndraft of a {words:,}-word article: {seconds * 1000:.0f} ms (median of {args.runs})")
    print(f"gazetteer load: {load * 1000:.0f} ms (median of {args.runs})")


if __name__ == "__main__":
    main()
