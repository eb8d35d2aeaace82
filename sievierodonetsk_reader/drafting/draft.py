"""A report's paragraphs as an article file: the words as they are, and everything the
machine proposed (speech, speakers, people, organisations, places, dates) marked
`status: suggested` for a person to review in the reader."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from ..model import Article, SpeechKind
from . import gazetteer
from .entities import (
    PERSON_NOUNS,
    Found,
    dates_in,
    first_full_date,
    name_candidates,
    organizations_in,
    people_in,
    places_in,
)
from .sentences import DATELINE
from .speech import Speech, speech_in

_ARTICLES = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


class DraftError(ValueError):
    """The input cannot be drafted (no reference date, no text): the message says why."""


@dataclass(frozen=True)
class Options:
    source_name: str  # the input's file name, for the title and the comments
    reference_date: date | None = None
    publisher: str | None = None
    url: str | None = None
    language: str = "en"
    title: str | None = None  # a headline the input carries (an HTML page's)


@dataclass
class _Passage:
    paragraph: int  # 0-based
    speech: Speech
    speaker: Found


@dataclass(frozen=True)
class Drafted:
    text: str  # the article file
    article: Article  # what it loads as (it was loaded, to be sure it does)


def draft(paragraphs: list[str], options: Options) -> Drafted:
    """The article file for `paragraphs` (each a paragraph's words, as they are)."""
    if not paragraphs:
        raise DraftError("no text to draft: the input has no paragraphs")
    reference = options.reference_date or first_full_date(paragraphs)
    if reference is None:
        raise DraftError(
            "the text names no full date to read its relative dates ('on Friday') against: "
            "give --date YYYY-MM-DD, the day of the events"
        )
    places_known = gazetteer.load()
    organizations = organizations_in(paragraphs)
    org_words = {word for org in organizations for form in org.forms for word in form.split()}
    # People before places: "Volodymyr" is a town, and the first name of Volodymyr Zelenskyy.
    # One look in the gazetteer for every name a person could have (each look reads it all).
    named_places = set(places_known.find(name_candidates(paragraphs)))
    people = people_in(paragraphs, org_words, named_places.__contains__)
    taken = {form for entity in (*organizations, *people) for form in entity.forms}
    taken |= {word for person in people for form in person.forms for word in form.split()}
    places = places_in(paragraphs, places_known, taken)
    entities = _Entities(people, organizations, places, dates_in(paragraphs, reference))
    passages = _attribute(paragraphs, entities)
    return _checked(paragraphs, options, reference, entities, passages)


_NEVER_OCCURS = re.compile(r"the form '(?P<form>[^']*)' never occurs in the text")


def _checked(
    paragraphs: list[str],
    options: Options,
    reference: date,
    entities: _Entities,
    passages: list[_Passage],
) -> Drafted:
    """The file, with any form the loader finds covered by a longer one (two entities'
    names overlapping: "Odesa Mayor Hennadiy" and "Hennadiy Trukhanov") given up, so that
    the draft always passes `check`."""
    from ..loader import ArticleError, parse_article

    for _ in range(MAX_REPAIRS):
        text = _Writer(paragraphs, options, reference, entities, passages).text()
        try:
            article = parse_article(text, options.source_name)
        except ArticleError as error:
            covered = {m.group("form") for m in _NEVER_OCCURS.finditer(str(error))}
            if not covered:
                raise
            dropped = entities.drop_forms(covered)
            passages = [p for p in passages if p.speaker not in dropped]
            continue
        return Drafted(text, article)
    raise DraftError("the drafted names overlap in ways that could not be untangled")


MAX_REPAIRS = 5


class _Entities:
    """Every entity proposed, each form owned by one: a later one that would share a form
    gives it up (the loader refuses a form that names two entities)."""

    def __init__(
        self, people: list[Found], orgs: list[Found], places: list[Found], dated: list[Found]
    ) -> None:
        self.people, self.orgs, self.places, self.dates = people, orgs, places, dated
        self.owner: dict[str, Found] = {}
        for group in (people, orgs, places, dated):
            for entity in list(group):
                entity.forms = [form for form in entity.forms if form not in self.owner]
                if not entity.forms:
                    group.remove(entity)
                    continue
                for form in entity.forms:
                    self.owner[form] = entity

    def drop_forms(self, forms: set[str]) -> list[Found]:
        """Give up `forms`; the entities left with none are removed, and returned."""
        dropped = []
        for group in (self.people, self.orgs, self.places, self.dates):
            for entity in list(group):
                entity.forms = [form for form in entity.forms if form not in forms]
                if not entity.forms:
                    group.remove(entity)
                    dropped.append(entity)
        for form in forms:
            self.owner.pop(form, None)
        return dropped

    def speaker_for(self, who: str) -> Found | None:
        """The person or organisation `who` (the words naming a speaker) names."""
        # The head of the words names the speaker: "Vitaly Kiselev, an official with the
        # interior ministry of the Luhansk People's Republic" is Kiselev; a person before an
        # organisation, then the earliest, then the longest form.
        best: tuple[int, int, int] | None = None
        chosen: Found | None = None
        for form, entity in self.owner.items():
            if entity.kind not in ("person", "organization"):
                continue
            match = re.search(rf"(?<!\w){re.escape(form)}(?!\w)", who)
            if match:
                rank = (entity.kind != "person", match.start(), -len(form))
                if best is None or rank < best:
                    best, chosen = rank, entity
        return chosen

    def group(self, who: str) -> Found | None:
        """A speaker the text does not name: "Ukrainian officials", "Some reports"."""
        words = _ARTICLES.sub("", who.strip())
        if not words or len(words.split()) > 10 or words in self.owner:
            # "Ukraine said": a place's name owns the form, and a place is no speaker.
            owner = self.owner.get(words)
            return (
                owner
                if owner is not None and owner.kind != "place" and owner.kind != "date"
                else None
            )
        head = words.split()[-1].lower()
        if head in PERSON_NOUNS:
            entity = Found("person", words[0].upper() + words[1:], [words], unnamed=True)
            self.people.append(entity)
        else:
            kind = "unnamed sources" if head in ("reports", "sources", "media") else "organisation"
            entity = Found("organization", words[0].upper() + words[1:], [words], org_kind=kind)
            self.orgs.append(entity)
        self.owner[words] = entity
        return entity


def _attribute(paragraphs: list[str], entities: _Entities) -> list[_Passage]:
    passages: list[_Passage] = []
    last: Found | None = None  # the last speaker, for "he said" and a quotation that follows
    last_paragraph = -2
    for number, text in enumerate(paragraphs):
        for speech in speech_in(text):
            speaker: Found | None
            if speech.who is None or speech.pronoun:
                # "he said", or a quotation with no attribution: the speaker before, if the
                # text has just been quoting them.
                speaker = last if last is not None and number - last_paragraph <= 2 else None
            else:
                who = text[speech.who[0] : speech.who[1]]
                speaker = entities.speaker_for(who) or entities.group(who)
            if speaker is None:
                continue
            passages.append(_Passage(number, speech, speaker))
            last, last_paragraph = speaker, number
    return passages


# An id is ASCII (the schema's): the letters that Unicode's decomposition does not reduce to
# ASCII ("Radosław" was "radosaw"), and Cyrillic by Ukraine's national romanisation (2010)
# with Russian's and Belarusian's other letters (a name in Cyrillic was drafted as "entry").
_TO_LATIN = str.maketrans(
    {
        **{"ł": "l", "đ": "d", "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ı": "i"},
        **{"þ": "th", "ð": "d", "ħ": "h", "ŧ": "t", "ŀ": "l"},
        **dict(zip("абвгґдезиіклмнопрстуфы", "abvhgdezyiklmnoprstufy", strict=True)),
        **{"є": "ie", "ї": "i", "й": "i", "ж": "zh", "х": "kh", "ц": "ts", "ч": "ch"},
        **{"ш": "sh", "щ": "shch", "ю": "iu", "я": "ia", "ё": "e", "э": "e", "ў": "u"},
        **{"ь": "", "ъ": "", "'": "", "’": "", "ʼ": ""},
    }
)


def _slug(name: str, kind: str) -> str:
    """An id from a name: ASCII, lower-case, words joined by "-"; else the entry's kind."""
    latin = name.lower().translate(_TO_LATIN)
    plain = unicodedata.normalize("NFKD", latin).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")
    return slug or kind


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is YAML's)."""
    return json.dumps(text, ensure_ascii=False)


class _Writer:
    def __init__(
        self,
        paragraphs: list[str],
        options: Options,
        reference: date,
        entities: _Entities,
        passages: list[_Passage],
    ) -> None:
        self.paragraphs = paragraphs
        self.options = options
        self.reference = reference
        self.entities = entities
        self.passages = passages
        self.ids: dict[int, str] = {}
        taken: set[str] = set()
        groups = (
            ("person", entities.people),
            ("organisation", entities.orgs),
            ("place", entities.places),
            ("date", entities.dates),
        )
        for kind, group in groups:
            for entity in group:
                base = _slug(entity.name, kind)
                entity_id, count = base, 1
                while entity_id in taken:
                    count += 1
                    entity_id = f"{base}-{count}"
                taken.add(entity_id)
                self.ids[id(entity)] = entity_id
        self.lines: list[str] = []

    def id_of(self, entity: Found) -> str:
        return self.ids[id(entity)]

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)

    def text(self) -> str:
        self._header()
        self._paragraphs()
        self._people()
        self._places()
        self._organizations()
        self._dates()
        return "\n".join(self.lines) + "\n"

    def _header(self) -> None:
        options = self.options
        first = self.paragraphs[0]
        dateline = DATELINE.match(first)
        title = options.title or _first_words(first)
        self.add(
            f"# Drafted by `sievierodonetsk-reader draft` from {_comment(options.source_name)}.",
            "# The paragraphs are the input's words as they are. Everything marked",
            "# `status: suggested` was proposed by the machine and is not yet reviewed: open",
            "# this file in the reader, step through the suggestions with > and <, accept",
            "# with a and reject with x. `check --strict` passes once none is left.",
            "",
            "article:",
            f"  id: {_slug(options.source_name.rsplit('.', 1)[0], 'draft')[:60]}",
            f"  title: {_q(title)}",
        )
        if not options.title:
            self.add("  title_supplied_by_editor: true  # the first words: give a headline")
        self.add(
            f"  dateline: {_q(dateline.group('place').strip() if dateline else 'not given')}",
            f"  language: {_q(options.language)}",
        )
        if options.publisher:
            self.add("  publisher:", f"    name: {_q(options.publisher)}")
            if options.url:
                self.add(f"    url: {_q(options.url)}")
        how = "given with --date" if options.reference_date else "the first full date in the text"
        self.add(f"  reference_date: {self.reference.isoformat()}  # {how}", "")

    def _paragraphs(self) -> None:
        self.add("paragraphs:")
        by_paragraph: dict[int, list[_Passage]] = {}
        for passage in self.passages:
            by_paragraph.setdefault(passage.paragraph, []).append(passage)
        for number, text in enumerate(self.paragraphs):
            found = sorted(by_paragraph.get(number, []), key=lambda p: p.speech.start)
            if not found:
                self.add(f"  - {_q(text)}", "")
                continue
            self.add("  -")
            offset = 0
            for passage in found:
                speech = passage.speech
                if speech.start < offset:
                    continue  # overlapping spans: keep the first
                if speech.start > offset:
                    self.add(f"    - {_q(text[offset : speech.start])}")
                self._speech(text, speech, passage.speaker)
                offset = speech.end
            if offset < len(text):
                self.add(f"    - {_q(text[offset:])}")
            self.add("")

    def _speech(self, text: str, speech: Speech, speaker: Found) -> None:
        kind: SpeechKind = speech.kind
        self.add(f"    - kind: {kind}", f"      speaker: {self.id_of(speaker)}")
        partials = [(a, b) for a, b in speech.partials if speech.start <= a < b <= speech.end]
        if kind == "reported" and partials:
            self.add("      text:")
            offset = speech.start
            for a, b in partials:
                self.add(f"        - {_q(text[offset:a])}", f"        - partial: {_q(text[a:b])}")
                offset = b
            self.add(f"        - {_q(text[offset : speech.end])}")
        else:
            self.add(f"      text: {_q(text[speech.start : speech.end])}")
        if kind != "reported" and speech.insertions:
            words = ", ".join(_q(text[a:b]) for a, b in speech.insertions)
            self.add(f"      insertions: [{words}]")
        self.add("      status: suggested")

    def _forms(self, entity: Found) -> str:
        return f"    forms: [{', '.join(_q(form) for form in entity.forms)}]"

    def _people(self) -> None:
        if not self.entities.people:
            return
        self.add("people:")
        for person in self.entities.people:
            self.add(f"  - id: {self.id_of(person)}", f"    name: {_q(person.name)}")
            if person.role:
                self.add(f"    role: {_q(person.role)}")
            if person.unnamed:
                self.add("    unnamed: true")
            self.add(self._forms(person), "    status: suggested")
        self.add("")

    def _places(self) -> None:
        if not self.entities.places:
            return
        self.add("# Places and their coordinates come from GeoNames (CC BY 4.0).", "places:")
        regions = {place.name: place for place in self.entities.places}
        for place in self.entities.places:
            found = place.place
            kind = place.place_kind or "place"
            self.add(
                f"  - id: {self.id_of(place)}",
                f"    name: {_q(place.name)}",
                f"    kind: {kind}",
            )
            if place.country and kind != "country":
                self.add(f"    country: {_q(place.country)}")
            region = regions.get(place.region or "")
            if region is not None and region is not place:
                self.add(f"    region: {self.id_of(region)}")
            if found is not None and found.latitude is not None and found.longitude is not None:
                point = {"country": "capital", "region": "administrative centre"}.get(
                    found.kind, "centre"
                )
                if found.kind == "region" and (found.approximate or not found.region):
                    # The Donbas (no administration of its own), a neighbour's region.
                    point = "approximate centre"
                self.add(
                    f"    latitude: {found.latitude}",
                    f"    longitude: {found.longitude}",
                    f"    point: {point}",
                )
            if place.geonames_name:
                self.add(f"    alternative_names: [{_q(place.geonames_name)}]")
            if place.why:
                self.add(f"    note: {_q('Suggested by draft: ' + place.why)}")
            self.add(self._forms(place), "    status: suggested")
        self.add("")

    def _organizations(self) -> None:
        if not self.entities.orgs:
            return
        self.add("organizations:")
        for org in self.entities.orgs:
            self.add(
                f"  - id: {self.id_of(org)}",
                f"    name: {_q(org.name)}",
                f"    kind: {_q(org.org_kind or 'organisation')}",
                self._forms(org),
                "    status: suggested",
            )
        self.add("")

    def _dates(self) -> None:
        if not self.entities.dates:
            return
        self.add("dates:")
        for entry in self.entities.dates:
            self.add(f"  - id: {self.id_of(entry)}", f"    text: {_q(entry.name)}")
            if entry.value:
                self.add(f"    value: {_q(entry.value)}")
            self.add(self._forms(entry), "    status: suggested")
        self.add("")


def _first_words(text: str) -> str:
    words = DATELINE.sub("", text, count=1).split()
    title = " ".join(words[:12])
    return title + ("…" if len(words) > 12 else "")


def _comment(name: str) -> str:
    return "".join(char if char.isprintable() else "?" for char in name)
