"""The article model as JSON text and back, for the cache: never pickle, and nothing trusted.

An entry's model file is two lines of JSON: {"format": ..., "fields": ...}, then the article.
Each model object is {"ClassName": [values]}, its values in the order of the class's fields,
which the first line records: an entry written for fields in another order (or other
fields) is a miss, never a mix-up; a date is {"date": "2022-06-24"}; a tuple is an array.
json's C encoder walks the model, asking `encode` only for each object's record, and the
parser hands each record to `decode` as it reads it: no tree of plain data is built on the
way (100x: encoding 31 -> 24 ms, decoding 38 -> 31 ms; a 480,000-mention file's first check
peaked at twice the memory of the parse while the tree existed).
dataclasses and datetime are imported where used: a warm `export` needs neither.
"""

from __future__ import annotations

import json

TYPE_CHECKING = False  # not typing's: see cli.py
if TYPE_CHECKING:  # annotations only: a warm start never imports the model's helpers
    from typing import Any

    from .model import Article


def _model_classes() -> dict[str, type]:
    from dataclasses import is_dataclass

    from . import model

    return {
        cls.__name__: cls
        for cls in vars(model).values()
        if isinstance(cls, type) and is_dataclass(cls) and cls.__module__ == model.__name__
    }


def _init_fields(cls: type) -> list[str]:
    """The fields a model class is made from, in the order `encode` writes their values."""
    from dataclasses import fields

    return [item.name for item in fields(cls) if item.init]


def model_fields() -> dict[str, list[str]]:
    """Each model class's fields, in the order that `encode` writes their values."""
    return {name: _init_fields(cls) for name, cls in _model_classes().items()}


def encode(article: Article) -> str:
    """A model object as JSON text (see above)."""
    from dataclasses import is_dataclass
    from datetime import date

    names: dict[type, list[str]] = {}  # each class's fields, looked up once

    def record(value: Any) -> dict[str, Any]:
        kind = type(value)
        if kind is date:
            return {"date": value.isoformat()}
        fields_of = names.get(kind)
        if fields_of is None:
            if not is_dataclass(kind):
                raise TypeError(f"cannot cache a {kind.__name__}")
            fields_of = names[kind] = _init_fields(kind)
        return {kind.__name__: [getattr(value, name) for name in fields_of]}

    return json.dumps(article, default=record, separators=(",", ":"))


def decode(text: str | bytes, stored_fields: object) -> object:
    """The inverse of `encode`: only the model's own classes, with the fields they have now,
    can be made; anything else raises ValueError. What it makes is checked by `verify_model`."""
    from datetime import date

    classes: dict[str, type] = {
        name: cls
        for name, cls in _model_classes().items()
        if isinstance(stored_fields, dict) and stored_fields.get(name) == _init_fields(cls)
    }

    def tupled(values: list[Any]) -> tuple[Any, ...]:
        # An empty list (most segments' quotations and insertions) needs no call: 20 ms at 5 MB.
        return tuple(
            [(tupled(item) if item else ()) if type(item) is list else item for item in values]
        )

    # Every JSON object comes here, innermost first: each must be one record.
    def make(record: dict[str, Any]) -> Any:
        if len(record) != 1:
            raise ValueError("not model data: an object that is not one record")
        ((tag, values),) = record.items()
        if tag == "date":
            return date.fromisoformat(values)
        if type(values) is not list:
            raise ValueError("not model data: a record without a list of values")
        # An unknown tag is a KeyError, a wrong number of values a TypeError: a damaged entry.
        return classes[tag](*tupled(values))

    try:
        return json.loads(text, object_hook=make)
    except (KeyError, TypeError, IndexError, RecursionError, AttributeError) as error:
        raise ValueError(f"not model data: {error!r}") from None


def verify_model(article: object) -> Article:
    """`article`, if it is a model the parser could have made: each part of the class it
    should be and each value of the type its field holds, every reference to an entity that
    exists (a speaker to a person or an organisation), every offset inside its text, each
    mention on a form of its entity, every coordinate a finite number in range, and the
    quotes the paragraphs' own speech (the model derives them). A cache entry that fails any
    of these is a miss (such entries gave exit 70 on check or export, crashed the reader on
    G, or quoted words the text does not hold): anything else raises ValueError."""
    import math
    import unicodedata
    from datetime import date
    from typing import get_args

    from . import model

    def expect(condition: object, what: str) -> None:
        if not condition:
            raise ValueError(f"not a model: {what}")

    def all_of(values: object, kind: type | tuple[type, ...], what: str) -> None:
        expect(type(values) is tuple and all(isinstance(v, kind) for v in values), what)

    def text(value: object, what: str, *, optional: bool = False) -> None:
        expect(isinstance(value, str) or (optional and value is None), what)

    def flag(value: object, what: str) -> None:
        expect(type(value) is bool, what)

    def count(value: object) -> bool:
        return type(value) is int and value >= 0

    def within(pairs: object, length: int, what: str) -> None:
        expect(type(pairs) is tuple, what)
        for pair in pairs:  # type: ignore[attr-defined]
            expect(
                type(pair) is tuple
                and len(pair) == 2
                and count(pair[0])
                and count(pair[1])
                and pair[0] <= pair[1] <= length,
                what,
            )

    def one_of(entity_id: object, kinds: tuple[type, ...], what: str) -> None:
        expect(type(entity_id) is str and isinstance(entities.get(entity_id), kinds), what)

    if not isinstance(article, model.Article):
        raise ValueError("not a model: an article")
    entities: dict[str, model.Entity] = {}
    for group, kind in (
        (article.people, model.Person),
        (article.places, model.Place),
        (article.organizations, model.Organization),
        (article.dates, model.DateEntity),
    ):
        all_of(group, kind, kind.__name__)
        for entity in group:
            text(entity.id, "an id")
            text(getattr(entity, "name", getattr(entity, "text", "")), "a name")
            text(entity.note, "an editor's note", optional=True)
            flag(entity.suggested, "a review mark")
            all_of(entity.forms, str, "forms")
            entities[entity.id] = entity
    for person in article.people:
        text(person.role, "a role", optional=True)
        flag(person.unnamed, "an unnamed mark")
    for organization in article.organizations:
        text(organization.kind, "a kind of organisation")
        text(organization.country, "a country", optional=True)
    for place in article.places:
        text(place.kind, "a kind of place")
        text(place.country, "a country", optional=True)
        text(place.point_name, "a point's name", optional=True)
        expect(place.point is None or place.point in model.POINT_KINDS, "a kind of point")
        all_of(place.alternative_names, str, "other names")
        for value, limit in ((place.latitude, 90.0), (place.longitude, 180.0)):
            expect(
                value is None
                or (type(value) in (int, float) and math.isfinite(value) and abs(value) <= limit),
                "coordinates",
            )
        if place.region is not None:
            one_of(place.region, (model.Place,), "region")
    for entry in article.dates:
        normalised = entry.value
        expect(
            isinstance(normalised, model.NormalisedDate)
            and type(normalised.start) is date
            and type(normalised.end) is date
            and normalised.start <= normalised.end
            and normalised.precision in get_args(model.Precision),
            "a date's value",
        )
        text(normalised.modifier, "a date's modifier", optional=True)
    all_of(article.paragraphs, model.Paragraph, "paragraphs")
    meta = article.metadata
    expect(isinstance(meta, model.Metadata), "metadata")
    for name in ("id", "title", "dateline", "language"):
        text(getattr(meta, name), f"metadata.{name}")
    flag(meta.title_supplied_by_editor, "an editor's title mark")
    expect(type(meta.reference_date) is date, "a reference date")
    publisher, translation = meta.publisher, meta.translation
    if publisher is not None:
        expect(isinstance(publisher, model.Publisher), "a publisher")
        text(publisher.name, "a publisher's name")
        text(publisher.url, "a publisher's address", optional=True)
    if translation is not None:
        expect(isinstance(translation, model.Translation), "a translation")
        flag(translation.machine, "a machine translation mark")
        text(translation.from_language, "a language")
        if translation.provider is not None:
            one_of(translation.provider, (model.Organization,), "a translation's provider")
        flag(translation.note_is_last_paragraph, "a translation note mark")
    all_of(meta.cited_sources, model.CitedSource, "cited sources")
    for cited in meta.cited_sources:
        one_of(cited.organization, (model.Organization,), "a cited source")
        expect(
            count(cited.paragraph) and 1 <= cited.paragraph <= len(article.paragraphs), "a citation"
        )
    note_last = translation is not None and translation.note_is_last_paragraph
    texts: list[str] = []
    for number, paragraph in enumerate(article.paragraphs, start=1):
        expect(paragraph.number == number, "paragraph numbers")
        last = number == len(article.paragraphs)
        expect(paragraph.is_translation_note is (note_last and last), "a translation note mark")
        all_of(paragraph.segments, model.Segment, "segments")
        for segment in paragraph.segments:
            text(segment.text, "segment text")
            flag(segment.suggested, "a review mark")
        paragraph_text = paragraph.text
        for segment in paragraph.segments:
            if segment.speaker is None:
                expect(
                    segment.kind is None
                    and segment.partial_quotes == ()
                    and segment.via is None
                    and segment.insertions == ()
                    and not segment.suggested,
                    "plain text",
                )
                continue
            one_of(segment.speaker, (model.Person, model.Organization), "a speaker")
            expect(segment.kind in model.SPEECH_KINDS, "a speech kind")
            within(segment.partial_quotes, len(segment.text), "a quotation in reported speech")
            within(segment.insertions, len(segment.text), "an insertion")
            via = segment.via
            if via is not None:
                expect(isinstance(via, model.Via), "a way")
                text(via.words, "a way's words", optional=True)
                text(via.note, "a way's note", optional=True)
                expect(via.words is not None or via.note is not None, "a way's words or note")
                expect(via.words is None or via.words in paragraph_text, "a way's words")
                expect(via.channel is None or via.channel in model.CHANNELS, "a channel")
                if via.organization is not None:
                    one_of(via.organization, (model.Organization,), "an outlet")
        texts.append(paragraph_text)

    def span(paragraph: object, start: object, end: object, what: str) -> None:
        expect(
            count(paragraph)
            and 1 <= paragraph <= len(texts)  # type: ignore[operator]
            and count(start)
            and count(end)
            and start <= end <= len(texts[paragraph - 1]),  # type: ignore[operator]
            what,
        )

    # The finder matches a form in NFC-normalised text (mentions.py); the offsets are the text's.
    forms = {
        entity_id: {unicodedata.normalize("NFC", form) for form in entity.forms}
        for entity_id, entity in entities.items()
    }
    all_of(article.mentions, model.Mention, "mentions")
    for mention in article.mentions:
        expect(mention.entity_id in entities, "a mention of an entity")
        span(mention.paragraph, mention.start, mention.end, "a mention's place")
        words = texts[mention.paragraph - 1][mention.start : mention.end]
        expect(unicodedata.normalize("NFC", words) in forms[mention.entity_id], "a mention's words")
    return article
