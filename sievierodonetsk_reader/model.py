"""The article as plain, immutable data.

Nothing here knows about YAML, Textual or Rich: the loader builds these objects and every
front end (exports, command line, TUI) only reads them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal, NamedTuple, get_args

SpeechKind = Literal["direct", "partial", "reported"]
SPEECH_KINDS: tuple[SpeechKind, ...] = ("direct", "partial", "reported")
#: Kinds of speech shown in quotation marks in the text: the ones `]` and `[` step through.
QUOTATION_KINDS: frozenset[SpeechKind] = frozenset({"direct", "partial"})

EntityType = Literal["person", "place", "organization", "date"]
Precision = Literal["day", "month", "year", "range"]


class Span(NamedTuple):
    """A run of a paragraph's text, by character offsets (paragraph numbers start at 1)."""

    paragraph: int
    start: int
    end: int


Channel = Literal[
    "television",
    "radio",
    "news agency",
    "newspaper",
    "telephone",
    "online video",
    "interview",
    "statement",
    "social media",
    "press conference",
]
CHANNELS: tuple[Channel, ...] = get_args(Channel)


@dataclass(frozen=True, slots=True)
class Via:
    """How a passage's words reached the reporter.

    `words` are the text's own ("told the TASS news agency"), `channel` their kind and
    `organization` the outlet the text names, if any. Where the text gives no channel, only
    the editor's `note` is set (linking the passage to one whose channel the text gives).
    """

    words: str | None
    channel: Channel | None = None
    organization: str | None = None  # id of the organisation that carried the words
    note: str | None = None  # the editor's


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of a paragraph's text: plain narration, or speech attributed to a speaker.

    Reported speech may quote a few of the speaker's words: `partial_quotes` holds their
    (start, end) offsets within `text`. A quotation may hold words that are not the
    speaker's (a reporter's "(in Hirske)"): `insertions` holds their offsets within `text`.
    """

    text: str
    speaker: str | None = None
    kind: SpeechKind | None = None
    partial_quotes: tuple[tuple[int, int], ...] = ()
    via: Via | None = None
    insertions: tuple[tuple[int, int], ...] = ()
    suggested: bool = False  # proposed by `draft`, not yet reviewed by a person

    @property
    def is_speech(self) -> bool:
        return self.speaker is not None


@dataclass(frozen=True, slots=True)
class Paragraph:
    number: int  # 1-based, as a reader counts
    segments: tuple[Segment, ...]
    is_translation_note: bool = False

    @property
    def text(self) -> str:
        return "".join(segment.text for segment in self.segments)


@dataclass(frozen=True, slots=True)
class NormalisedDate:
    """A date as precise as the article makes it: a day, a month, a year or a range of years."""

    start: date
    end: date  # "late February" ends with February but starts on the 21st, not the 1st
    precision: Precision
    modifier: str | None = None  # "early", "mid" or "late"

    def iso(self) -> str:
        if self.precision == "day":
            return self.start.isoformat()
        if self.precision == "month":
            return f"{self.start.year:04d}-{self.start.month:02d}"
        if self.precision == "year":
            return f"{self.start.year:04d}"
        return f"{self.start.year:04d}/{self.end.year:04d}"

    def describe(self) -> str:
        """A human reading of the value, e.g. "late February 2022" or "1939-1945"."""
        if self.precision == "day":
            text = f"{self.start:%A} {self.start.day} {self.start:%B %Y}"
        elif self.precision == "month":
            text = f"{self.start:%B %Y}"
        elif self.precision == "year":
            text = f"{self.start.year}"
        else:
            text = f"{self.start.year}-{self.end.year}"
        return f"{self.modifier} {text}" if self.modifier else text


@dataclass(frozen=True, slots=True)
class Mention:
    """Where an entity is named: character offsets into a paragraph's plain text."""

    entity_id: str
    paragraph: int  # 1-based paragraph number
    start: int
    end: int

    @property
    def span(self) -> Span:
        return Span(self.paragraph, self.start, self.end)


# Every entity's `note` is the editor's, from outside the text, and is shown labelled as such.


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    name: str
    role: str | None  # the words the text uses for the person ("General"), if any
    note: str | None
    forms: tuple[str, ...]
    unnamed: bool = False
    suggested: bool = False  # proposed by `draft`, not yet reviewed by a person
    entity_type: EntityType = field(default="person", init=False)


PointKind = Literal["centre", "administrative centre", "capital", "approximate centre"]
POINT_KINDS: tuple[PointKind, ...] = (
    "centre",
    "administrative centre",
    "capital",
    "approximate centre",
)


@dataclass(frozen=True, slots=True)
class Place:
    id: str
    name: str
    kind: str
    country: str | None
    region: str | None  # id of the enclosing place, if the article file names one
    latitude: float | None
    longitude: float | None
    point: PointKind | None  # what the coordinates are of
    point_name: str | None  # e.g. "Luhansk", the administrative centre of Luhansk region
    alternative_names: tuple[str, ...]
    note: str | None
    forms: tuple[str, ...]
    suggested: bool = False
    entity_type: EntityType = field(default="place", init=False)


@dataclass(frozen=True, slots=True)
class Organization:
    id: str
    name: str
    kind: str
    country: str | None
    note: str | None
    forms: tuple[str, ...]
    suggested: bool = False
    entity_type: EntityType = field(default="organization", init=False)


@dataclass(frozen=True, slots=True)
class DateEntity:
    id: str
    text: str  # the words that were normalised
    value: NormalisedDate
    note: str | None
    forms: tuple[str, ...]
    suggested: bool = False
    entity_type: EntityType = field(default="date", init=False)

    @property
    def name(self) -> str:
        return self.text


Entity = Person | Place | Organization | DateEntity


@dataclass(frozen=True, slots=True)
class Quote:
    """A piece of speech, numbered in reading order.

    Either a passage (a speech segment of a paragraph) or a partial quotation nested in a
    reported passage (`nested`), which follows its passage in `Article.quotes`.
    """

    index: int  # 0-based position in Article.quotes
    paragraph: int  # 1-based paragraph number
    segment: int  # index of the segment within its paragraph
    speaker: str
    kind: SpeechKind
    text: str
    start: int  # offsets into the paragraph's plain text
    end: int
    nested: bool = False
    via: Via | None = None  # a nested quotation travelled as its passage did
    insertions: tuple[tuple[int, int], ...] = ()  # offsets into `text`: not the speaker's
    suggested: bool = False  # proposed by `draft`, not yet reviewed by a person

    @property
    def is_quotation(self) -> bool:
        return self.kind in QUOTATION_KINDS

    @property
    def span(self) -> Span:
        return Span(self.paragraph, self.start, self.end)


@dataclass(frozen=True, slots=True)
class Publisher:
    name: str
    url: str | None


@dataclass(frozen=True, slots=True)
class Translation:
    machine: bool
    from_language: str
    provider: str | None  # id of the organisation that provides the translation system
    note_is_last_paragraph: bool


@dataclass(frozen=True, slots=True)
class CitedSource:
    """A source the report itself cites ("as reported by Antara"), and where."""

    organization: str  # organisation id
    paragraph: int


@dataclass(frozen=True, slots=True)
class Metadata:
    id: str
    title: str
    title_supplied_by_editor: bool
    dateline: str
    language: str
    reference_date: date  # the day of the events the report tells; not a publication date
    publisher: Publisher | None
    translation: Translation | None
    cited_sources: tuple[CitedSource, ...]


@dataclass(frozen=True, slots=True)
class Article:
    metadata: Metadata
    paragraphs: tuple[Paragraph, ...]
    people: tuple[Person, ...]
    places: tuple[Place, ...]
    organizations: tuple[Organization, ...]
    dates: tuple[DateEntity, ...]
    mentions: tuple[Mention, ...]  # in reading order
    # Every passage and nested quotation, in reading order: the paragraphs' speech, derived
    # here, so that no quote (a cache entry's included) can hold words its paragraph does not.
    quotes: tuple[Quote, ...] = field(init=False, repr=False, compare=False)
    # Look-up tables, derived once here so that every front end shares them.
    passages: tuple[Quote, ...] = field(init=False, repr=False, compare=False)
    quotations: tuple[Quote, ...] = field(init=False, repr=False, compare=False)
    timeline: tuple[DateEntity, ...] = field(init=False, repr=False, compare=False)
    _entities: dict[str, Entity] = field(init=False, repr=False, compare=False)
    _by_entity: dict[str, tuple[Mention, ...]] = field(init=False, repr=False, compare=False)
    _by_paragraph: dict[int, tuple[Mention, ...]] = field(init=False, repr=False, compare=False)
    _by_speaker: dict[str, tuple[Quote, ...]] = field(init=False, repr=False, compare=False)
    _quotation_numbers: dict[int, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "quotes", speech_of(self.paragraphs))
        entities: list[Entity] = [*self.people, *self.places, *self.organizations, *self.dates]
        by_entity: dict[str, list[Mention]] = {}
        by_paragraph: dict[int, list[Mention]] = {}
        by_speaker: dict[str, list[Quote]] = {}
        for mention in self.mentions:
            by_entity.setdefault(mention.entity_id, []).append(mention)
            by_paragraph.setdefault(mention.paragraph, []).append(mention)
        for quote in self.quotes:
            by_speaker.setdefault(quote.speaker, []).append(quote)
        quotations = tuple(quote for quote in self.quotes if quote.is_quotation)
        derived = {
            "passages": tuple(quote for quote in self.quotes if not quote.nested),
            "quotations": quotations,
            "_quotation_numbers": {quote.index: n for n, quote in enumerate(quotations, 1)},
            "timeline": tuple(sorted(self.dates, key=lambda d: (d.value.start, d.value.end, d.id))),
            "_entities": {entity.id: entity for entity in entities},
            "_by_entity": {key: tuple(value) for key, value in by_entity.items()},
            "_by_paragraph": {key: tuple(value) for key, value in by_paragraph.items()},
            "_by_speaker": {key: tuple(value) for key, value in by_speaker.items()},
        }
        for name, value in derived.items():
            object.__setattr__(self, name, value)

    def quotation_number(self, quote: Quote) -> int:
        """Which quotation of the article `quote` is, counting from 1 (as `quotations`)."""
        return self._quotation_numbers[quote.index]

    @property
    def body(self) -> tuple[Paragraph, ...]:
        """The reporter's paragraphs, without the translation note."""
        return tuple(p for p in self.paragraphs if not p.is_translation_note)

    @property
    def entities(self) -> tuple[Entity, ...]:
        return tuple(self._entities.values())

    def entity(self, entity_id: str) -> Entity:
        return self._entities[entity_id]

    def find_entity(self, entity_id: str) -> Entity | None:
        return self._entities.get(entity_id)

    def mentions_of(self, entity_id: str) -> tuple[Mention, ...]:
        return self._by_entity.get(entity_id, ())

    def mentions_in(self, paragraph: int) -> tuple[Mention, ...]:
        return self._by_paragraph.get(paragraph, ())

    def quotes_by(self, speaker: str) -> tuple[Quote, ...]:
        """The speaker's passages and nested quotations, in reading order."""
        return self._by_speaker.get(speaker, ())

    def passages_by(self, speaker: str) -> tuple[Quote, ...]:
        return tuple(quote for quote in self.quotes_by(speaker) if not quote.nested)

    def cited_in(self, organization: str) -> tuple[int, ...]:
        """The paragraphs in which the report cites `organization` as its source."""
        return tuple(
            cited.paragraph
            for cited in self.metadata.cited_sources
            if cited.organization == organization
        )

    def name_of(self, entity_id: str) -> str:
        """The name of the person, place, organisation or date `entity_id`, or the id itself."""
        entity = self.find_entity(entity_id)
        return entity.name if entity is not None else entity_id

    def speakers(self) -> tuple[str, ...]:
        """Speaker ids in order of first speech."""
        return tuple(dict.fromkeys(quote.speaker for quote in self.quotes))


def speech_of(paragraphs: tuple[Paragraph, ...]) -> tuple[Quote, ...]:
    """Every passage of speech, each followed by the quotations nested in it."""
    quotes: list[Quote] = []
    for paragraph in paragraphs:
        offset = 0
        for index, segment in enumerate(paragraph.segments):
            if segment.speaker is not None and segment.kind is not None:
                # (kind, start, end within the segment, nested) of the passage, then its quotes
                pieces = [(segment.kind, 0, len(segment.text), False)]
                pieces += [("partial", a, b, True) for a, b in segment.partial_quotes]
                for kind, start, stop, nested in pieces:
                    inserted = tuple(
                        (a - start, b - start)
                        for a, b in segment.insertions
                        if start <= a and b <= stop
                    )
                    quotes.append(
                        Quote(
                            index=len(quotes),
                            paragraph=paragraph.number,
                            segment=index,
                            speaker=segment.speaker,
                            kind=kind,
                            text=segment.text[start:stop],
                            start=offset + start,
                            end=offset + stop,
                            nested=nested,
                            via=segment.via,
                            insertions=inserted,
                            suggested=segment.suggested,
                        )
                    )
            offset += len(segment.text)
    return tuple(quotes)
