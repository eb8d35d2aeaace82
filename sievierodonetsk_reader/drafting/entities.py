"""People, organisations, places and dates in a report's paragraphs, found by their shape in
the text (capitalised names, titles and appositions, "the X news agency", a gazetteer of
places, the words for dates), each with the exact words (`forms`) by which the text names it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from .. import dates
from .gazetteer import Gazetteer, Place
from .letters import CAPITAL, SMALL

NAME_WORD = rf"[{CAPITAL}][{SMALL}]+(?:[-'][{CAPITAL}]?[{SMALL}]+)*"
_NAME = re.compile(rf"\b{NAME_WORD}(?:\s+{NAME_WORD}){{1,2}}\b")
_SINGLE = re.compile(rf"\b{NAME_WORD}\b")
_CAPITALISED = re.compile(rf"\b(?:{NAME_WORD}|[A-Z]{{3,}})(?:[ -](?:{NAME_WORD}))*\b")
TITLES = (
    "President|Prime Minister|Foreign Minister|Defence Minister|Defense Minister|Minister|"
    "General|Lieutenant General|Major General|Colonel|Commander|Governor|Mayor|Chancellor|"
    "Secretary|Senator|Ambassador|Spokesman|Spokeswoman|Spokesperson|Adviser|Advisor|"
    "Chief|Admiral|Captain|Pope|King|Queen|Prince|Patriarch|Judge"
)
_TITLED = re.compile(
    rf"\b(?P<title>(?:{NAME_WORD}\s+)?(?:{TITLES}))\s+(?P<name>{NAME_WORD}(?:\s+{NAME_WORD}){{1,2}})"
)
# Words that begin sentences or name peoples and languages: capitalised, but no one's name.
COMMON = frozenset(
    [
        "The",
        "A",
        "An",
        "In",
        "On",
        "At",
        "Since",
        "After",
        "Before",
        "Now",
        "However",
        "Some",
        "They",
        "He",
        "She",
        "It",
        "We",
        "This",
        "That",
        "These",
        "Those",
        "There",
        "Reportedly",
        "According",
        "Earlier",
        "Later",
        "Meanwhile",
        "Also",
        "But",
        "And",
        "Or",
        "If",
        "When",
        "While",
        "As",
        "Ukrainian",
        "Russian",
        "American",
        "British",
        "European",
        "Soviet",
        "French",
        "German",
        "Italian",
        "Chinese",
        "Japanese",
        "Arabic",
        "Indonesian",
        "Polish",
        "English",
        "Western",
        "Eastern",
        "Southern",
        "Northern",
        "World",
        "War",
        "Two",
        "One",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "General",
        "President",
        "Minister",
        "Foreign",
        "Retreating",
        "Withdrawing",
        "His",
        "Her",
        "Their",
        "Its",
        "Our",
        "My",
        "Your",
        "Our",
        "Not",
        "No",
        "Yes",
        "AI",
        "TV",
        "US",
        "UK",
        "EU",
        "UN",
    ]
)
ORG_HEADS = (
    "Ministry|Agency|Army|Forces|Council|Committee|Office|Party|Republic|Union|Organization|"
    "Organisation|Bank|Company|Corporation|Institute|University|Court|Parliament|Government|"
    "Commission|Service|Guard|Staff|Command|Alliance|Federation|Assembly|Front|Battalion|"
    "Brigade|Regiment|News|Times|Post|Telegraph|Herald|Journal|Tribune|Press|Broadcasting"
)
_ORG = re.compile(
    rf"\b(?:{NAME_WORD}\s+|[A-Z]{{2,}}\s+|of\s+|the\s+|for\s+|and\s+)*?(?:{NAME_WORD}\s+)*"
    rf"(?:{ORG_HEADS})(?:\s+(?:of|for)(?:\s+the)?\s+{NAME_WORD}(?:\s+{NAME_WORD})*)?"
    r"(?:\s+\((?P<acronym>[A-Z]{2,6})\))?"
)
_AGENCY = re.compile(
    rf"\bthe\s+(?P<name>(?:[A-Z]{{2,}}|{NAME_WORD})(?:\s+{NAME_WORD})?)\s+news agency"
)
_OUTLET = re.compile(
    rf"\b(?:daily|newspaper|broadcaster|channel|agency|outlet|magazine|reported by)\s+"
    rf"(?P<name>{NAME_WORD}(?:\s+(?:della|de|di|del|der|of|the|la|le)?\s*{NAME_WORD})*)"
)
_ACTS = "said|says|wants|wanted|told|tells|added|ordered|announced|warned|claimed"
PERSON_NOUNS = frozenset(
    [
        "official",
        "officials",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "adviser",
        "advisers",
        "minister",
        "governor",
        "leader",
        "leaders",
        "commander",
        "mayor",
        "officer",
        "officers",
        "source",
        "sources",
        "witness",
        "witnesses",
        "resident",
        "residents",
        "analyst",
        "analysts",
        "expert",
        "experts",
        "diplomat",
        "diplomats",
        "soldier",
        "soldiers",
        "people",
        "man",
        "woman",
    ]
)
_REGION_WORDS = re.compile(rf"\b(?P<name>{NAME_WORD})\s+(?:region|Region|oblast|Oblast)\b")
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_PREPOSITION = r"\b(?:in|In|since|Since|until|Until|by|By|of)\s+"
# Each pattern's group "d" is the date's words; the preposition before it is not.
_DATES = [
    re.compile(p)
    for p in (
        rf"\b(?P<d>(?:(?:{_WEEKDAYS}),\s+)?(?:{_MONTHS})\s+[0-9]{{1,2}}(?:,\s+[0-9]{{4}})?)\b",
        rf"\b(?P<d>(?:early|mid|late)[- ](?:{_MONTHS}))\b",
        rf"\b[Oo]n\s+(?P<d>{_WEEKDAYS})\b",
        rf"{_PREPOSITION}(?P<d>(?:{_MONTHS})(?:\s+[0-9]{{4}})?)\b",
        rf"{_PREPOSITION}(?P<d>(?:19|20)[0-9]{{2}})\b",
        r"\b(?P<d>World War (?:Two|II|One|I))\b",
    )
]
_WORLD_WARS = {"Two": "1939/1945", "II": "1939/1945", "One": "1914/1918", "I": "1914/1918"}


@dataclass
class Found:
    """An entity proposed for the draft."""

    kind: str  # person, organization, place, date
    name: str
    forms: list[str]
    role: str | None = None
    unnamed: bool = False
    org_kind: str | None = None
    place: Place | None = None  # the gazetteer's, if resolved
    place_kind: str | None = None
    why: str | None = None  # how a place was resolved, or why it was not
    value: str | None = None  # an explicit date value, where the words need one
    country: str | None = None
    region: str | None = None  # a place's enclosing region, by its name
    geonames_name: str | None = None  # the gazetteer's name, where the text spells it otherwise


def people_in(
    paragraphs: list[str], names_taken: set[str], is_place: Callable[[str], bool]
) -> list[Found]:
    """People by their names: a titled name ("President Volodymyr Zelenskyy"), a name with
    an apposition ("Serhiy Gaidai, the governor ..." or "the governor ..., Serhiy Gaidai,"),
    or a name given as a speaker; then a surname alone where the text uses it."""
    found: dict[str, Found] = {}
    for text in paragraphs:
        for match in _TITLED.finditer(text):
            name = match.group("name")
            if _looks_like_name(name, names_taken):
                person = found.setdefault(name, Found("person", name, [name]))
                person.role = person.role or match.group("title")
        for match in _NAME.finditer(text):
            name = _trim_name(match.group())
            if name is None or not _looks_like_name(name, names_taken) or is_place(name):
                continue
            person = found.setdefault(name, Found("person", name, [name]))
            if person.role is None:
                person.role = _apposition(text, text.find(name, match.start()), len(name))
    # A single name the text uses as a person's: "Putin wants ...", "Kuleba said".
    for text in paragraphs:
        for match in re.finditer(rf"\b({NAME_WORD})\s+(?:{_ACTS})\b", text):
            name = match.group(1)
            known = any(
                name in person.forms or name in person.name.split() for person in found.values()
            )
            if known or name in COMMON or not _looks_like_name(name, names_taken) or is_place(name):
                continue
            found[name] = Found("person", name, [name])
    for person in found.values():
        if len(person.name.split()) < 2:
            continue
        surname = person.name.split()[-1]
        if surname not in names_taken and any(
            _alone(t.replace(person.name, " "), surname) for t in paragraphs
        ):
            person.forms.append(surname)
    return list(found.values())


_TITLE_WORDS = frozenset(TITLES.replace("|", " ").split()) | {"Secretary-General", "Mayor"}


def _alone(text: str, surname: str) -> bool:
    """`surname` used on its own: not after a capitalised word (another person's first name)."""
    for match in re.finditer(rf"\b{re.escape(surname)}\b", text):
        before = text[: match.start()].split()
        if not before or not before[-1][0].isupper() or before[-1].endswith((".", ",", ":")):
            return True
    return False


def name_candidates(paragraphs: list[str]) -> set[str]:
    """Every word run `people_in` could take for a name."""
    names: set[str] = set()
    for text in paragraphs:
        names.update(filter(None, (_trim_name(m.group()) for m in _NAME.finditer(text))))
        names.update(m.group() for m in _SINGLE.finditer(text))
    return names


def _trim_name(name: str) -> str | None:
    """A name less the words before it that are not a name: "Odesa Mayor Hennadiy Trukhanov"
    is Hennadiy Trukhanov."""
    words = name.split()
    titles = [index for index, word in enumerate(words) if word in _TITLE_WORDS]
    if titles:
        words = words[titles[-1] + 1 :]
    while words and words[0] in COMMON:
        words = words[1:]
    return " ".join(words) if len(words) >= 2 else None


def _looks_like_name(name: str, names_taken: set[str]) -> bool:
    words = name.split()
    if any(word in COMMON for word in words) or name in names_taken:
        return False
    if any(re.fullmatch(ORG_HEADS, word) for word in words):
        return False
    return not any(word in names_taken for word in words)


def _apposition(text: str, start: int, length: int) -> str | None:
    after = re.match(r",\s+(?P<role>(?:an?|the)\s+[^,.;]{3,80}?)(?:,|\.|$)", text[start + length :])
    if after:
        return after.group("role")
    before = re.search(r"(?P<role>\b(?:[Tt]he|[Aa]n?)\s+[^,.;]{3,80}?),\s+$", text[:start])
    if before:
        role = before.group("role")
        return role[0].lower() + role[1:]
    return None


def organizations_in(paragraphs: list[str]) -> list[Found]:
    found: dict[str, Found] = {}
    for text in paragraphs:
        for match in _AGENCY.finditer(text):
            name = match.group("name")
            found.setdefault(name, Found("organization", name, [name], org_kind="news agency"))
        for match in _ORG.finditer(text):
            words = match.group().split()
            while words and (words[0] in COMMON or words[0] in ("of", "the", "for", "and")):
                words = words[1:]
            if not words:
                continue
            acronym = match.group("acronym")
            full = " ".join(words)
            if acronym:
                full = full[: -len(acronym) - 3].rstrip()
            if len(full.split()) < 2 or full in found:
                continue
            org = Found("organization", full, [full], org_kind="organisation")
            if acronym and acronym not in found:
                org.forms.append(acronym)
            found[full] = org
        for match in _OUTLET.finditer(text):
            name = match.group("name").strip()
            if name not in found and name.split()[0] not in COMMON and len(name) > 2:
                kind = "news outlet"
                before = text[: match.start("name")].split()[-1:]
                if before and before[0] in ("daily", "newspaper"):
                    kind = "newspaper"
                found[name] = Found("organization", name, [name], org_kind=kind)
    # An all-capitals word the text uses as a name (TASS), not already an acronym above.
    taken = {form for org in found.values() for form in org.forms}
    for text in paragraphs:
        for match in re.finditer(r"\b[A-Z]{3,6}\b", text):
            word = match.group()
            if word in taken or word in COMMON or match.start() == 0:
                continue
            taken.add(word)
            found[word] = Found("organization", word, [word], org_kind="organisation")
    return list(found.values())


def places_in(paragraphs: list[str], gazetteer: Gazetteer, names_taken: set[str]) -> list[Found]:
    """Places the gazetteer knows, by the names the text gives them; a name that several
    places have is resolved by the countries and regions the text names, or left without
    coordinates, saying why."""
    candidates: dict[str, None] = {}
    for text in paragraphs:
        for match in _REGION_WORDS.finditer(text):
            candidates[match.group()] = None
        for match in _CAPITALISED.finditer(text):
            words = match.group().split()
            # Each run of one to three words, longest first: "Kryvyi Rih", then "Rih".
            for size in range(min(3, len(words)), 0, -1):
                for first in range(len(words) - size + 1):
                    name = " ".join(words[first : first + size])
                    candidates[name.removesuffix("'s").removesuffix("’s")] = None
    written = {name: name.title() if name.isupper() else name for name in candidates}
    looked_up = gazetteer.find(set(written.values()))
    hits = {
        name: looked_up[written[name]]
        for name in candidates
        if written[name] in looked_up and name not in COMMON and name not in names_taken
    }
    # Longest names first, each taking its words: "Luhansk region" before "Luhansk".
    chosen: dict[str, tuple[Place, ...]] = {}
    for name in sorted(hits, key=len, reverse=True):
        if not any(
            re.search(rf"\b{re.escape(name)}\b", longer) for longer in chosen
        ) or _stands_alone(paragraphs, name, list(chosen)):
            chosen[name] = hits[name]
    countries = {p.country for places in chosen.values() for p in places if p.kind == "country"}
    countries |= {places[0].country for places in chosen.values() if len(places) == 1}
    regions = {
        (p.country, p.region) for places in chosen.values() for p in places if p.kind == "region"
    }
    found: list[Found] = []
    by_place: dict[Place, Found] = {}
    for name, places in chosen.items():
        place, why = _resolve(name, places, countries, regions, gazetteer)
        if place is not None and place in by_place:  # "Luhansk region" and "Luhansk"
            same = by_place[place]
            same.forms.append(name)
            if why and not same.why:
                same.why = f"{name!r} {why}"
            continue
        entry = Found("place", written[name], [name], place=place, why=why)
        if place is not None:
            by_place[place] = entry
        if place is not None:
            entry.place_kind = place.kind
            entry.country = gazetteer.country_name(place.country) if place.country else None
            region = gazetteer.regions.get((place.country, place.region))
            if place.kind in ("city", "town") and region is not None:
                entry.region = region.name
            if place.name != written[name]:
                entry.geonames_name = place.name
        found.append(entry)
    return found


def _stands_alone(paragraphs: list[str], name: str, longer: list[str]) -> bool:
    """`name` is also used on its own, outside the longer names that contain it."""
    for text in paragraphs:
        for other in longer:
            text = text.replace(other, " ")
        if re.search(rf"\b{re.escape(name)}\b", text):
            return True
    return False


_KIND_RANK = {"country": 0, "region": 1, "city": 2, "town": 3, "continent": 4}


def _resolve(
    name: str,
    places: tuple[Place, ...],
    countries: set[str],
    regions: set[tuple[str, str]],
    gazetteer: Gazetteer,
) -> tuple[Place | None, str | None]:
    if len(places) == 1:
        return places[0], None
    ranked = sorted(places, key=lambda p: (_KIND_RANK[p.kind], -p.population))
    if ranked[0].kind in ("country", "region") and ranked[1].kind not in ("country", "region"):
        other = ranked[1]
        return ranked[0], (
            f"read as the {ranked[0].kind}: {len(places) - 1} other place(s) have this name, "
            f"among them the {other.kind} in {gazetteer.country_name(other.country)}"
        )
    in_region = [p for p in places if (p.country, p.region) in regions]
    if len(in_region) == 1:
        region = gazetteer.regions[(in_region[0].country, in_region[0].region)].name
        return in_region[
            0
        ], f"the one of {len(places)} places of this name in {region}, which the text names"
    in_country = [p for p in places if p.country in countries]
    if len(in_country) == 1:
        country = gazetteer.country_name(in_country[0].country)
        return in_country[
            0
        ], f"the one of {len(places)} places of this name in {country}, which the text names"
    by_size = sorted(places, key=lambda p: -p.population)
    if by_size[0].population >= 20 * max(by_size[1].population, 1):
        return by_size[0], (
            f"the largest of {len(places)} places of this name "
            f"({gazetteer.country_name(by_size[0].country)}); the text does not say which"
        )
    where = sorted({gazetteer.country_name(p.country) for p in places})
    return None, (
        f"not resolved: {len(places)} places have this name ({', '.join(where)}) and the text "
        "does not say which"
    )


def dates_in(paragraphs: list[str], reference: date) -> list[Found]:
    """Dates by their words, one entry for each value: "Friday, June 24", "Friday" and
    "June 24" are one day."""
    by_value: dict[str, Found] = {}
    for text in paragraphs:
        spans: list[tuple[int, int]] = []
        for pattern in _DATES:
            for match in pattern.finditer(text):
                a, b = match.span("d")
                if not any(x < b and a < y for x, y in spans):  # the first pattern wins
                    spans.append((a, b))
        for a, b in sorted(spans):
            words = text[a:b]
            value = None
            if words.startswith("World War"):
                value = _WORLD_WARS[words.split()[-1]]
                key = value
            else:
                try:
                    normalised = dates.normalise(words, reference)
                except dates.DateError:
                    continue
                if dates.weekday_mismatch(words, normalised):
                    continue  # "Friday, June 24" in a year when it was not: not this date
                key = f"{normalised.start}/{normalised.end}"
            entry = by_value.setdefault(key, Found("date", words, [], value=value))
            if words not in entry.forms:
                entry.forms.append(words)
            # "Friday, June 24" before "Friday": the longest words name the entry.
            if len(words) > len(entry.name):
                entry.name = words
    return list(by_value.values())


def first_full_date(paragraphs: list[str]) -> date | None:
    """The first date the text gives with its year, to read the others against."""
    for text in paragraphs:
        match = re.search(rf"\b(?:{_MONTHS})\s+[0-9]{{1,2}},\s+[0-9]{{4}}\b", text)
        if match:
            from dateutil import parser

            return parser.parse(match.group()).date()
    return None
