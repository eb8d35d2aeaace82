"""The article's sourcing at a glance: who speaks, how often and in what kind of speech, and
through which channels and outlets the words reached the reporter.

One wording for the exports and the sidebar's Sources tab. Affiliations are the
text's own words (a person's role); nothing here classifies a speaker beyond the text.
"""

from __future__ import annotations

from dataclasses import dataclass

from .attribution import role_beyond_name
from .formatting import plural
from .model import Article, Organization, Person, Quote, SpeechKind

KIND_ORDER: tuple[SpeechKind, ...] = ("direct", "partial", "reported")


@dataclass(frozen=True)
class SpeakerSourcing:
    speaker: str  # the entity's id
    name: str
    affiliation: str | None  # the text's words for the speaker, if it gives any
    named: bool  # False for "a local government spokesman", "some reports"
    kinds: tuple[tuple[SpeechKind, int], ...]  # passages and nested quotations, by kind
    ways: tuple[str, ...]  # how the words travelled, in the text's words

    @property
    def total(self) -> int:
        return sum(count for _, count in self.kinds)


@dataclass(frozen=True)
class Sourcing:
    speakers: tuple[SpeakerSourcing, ...]
    kinds: tuple[tuple[SpeechKind, int], ...]
    unnamed: int  # speakers the text does not name
    outlets: tuple[Organization, ...]  # organisations the text says carried the words

    @property
    def total(self) -> int:
        return sum(count for _, count in self.kinds)


def _by_kind(kinds: list[SpeechKind]) -> tuple[tuple[SpeechKind, int], ...]:
    return tuple((kind, kinds.count(kind)) for kind in KIND_ORDER if kind in kinds)


def sourcing(article: Article) -> Sourcing:
    speakers = []
    outlets: dict[Organization, None] = {}
    for speaker in article.speakers():
        quotes = article.quotes_by(speaker)
        entity = article.find_entity(speaker)
        ways: dict[str, None] = {}
        for quote in quotes:
            via = quote.via
            if via is not None and via.words:
                ways[via.words] = None
                outlet = article.find_entity(via.organization) if via.organization else None
                if isinstance(outlet, Organization):
                    outlets[outlet] = None
        if isinstance(entity, Person):
            affiliation, named = role_beyond_name(entity), not entity.unnamed
        else:
            affiliation = None
            named = not (isinstance(entity, Organization) and "unnamed" in entity.kind)
        speakers.append(
            SpeakerSourcing(
                speaker,
                article.name_of(speaker),
                affiliation,
                named,
                _by_kind([quote.kind for quote in quotes]),
                tuple(ways),
            )
        )
    return Sourcing(
        tuple(speakers),
        _by_kind([quote.kind for quote in article.quotes]),
        sum(1 for speaker in speakers if not speaker.named),
        tuple(outlets),
    )


def kinds_line(kinds: tuple[tuple[SpeechKind, int], ...]) -> str:
    return ", ".join(f"{count} {kind}" for kind, count in kinds)


def totals_line(found: Sourcing) -> str:
    """ "15 passages: 4 direct, 1 partial, 10 reported; 4 unnamed speakers; 4 outlets"."""
    return (
        f"{plural(found.total, 'passage')} of speech: {kinds_line(found.kinds)}; "
        f"{plural(found.unnamed, 'unnamed speaker')}; "
        f"{plural(len(found.outlets), 'outlet')} named as carrying the words"
        + (f" ({', '.join(outlet.name for outlet in found.outlets)})" if found.outlets else "")
    )


def speaker_summary(entry: SpeakerSourcing) -> str:
    """ "Serhiy Gaidai (the governor of the Luhansk region): 2 (1 direct, 1 reported); on
    Ukrainian television"."""
    who = entry.name + (f" ({entry.affiliation})" if entry.affiliation else "")
    if not entry.named:
        who += ", not named in the text"
    line = f"{who}: {entry.total} ({kinds_line(entry.kinds)})"
    if entry.ways:
        line += "; " + "; ".join(entry.ways)
    return line


def carried_by(article: Article, organization: str) -> list[Quote]:
    """The passages the text says `organization` carried."""
    return [
        quote
        for quote in article.quotes
        if quote.via is not None and quote.via.words and quote.via.organization == organization
    ]
