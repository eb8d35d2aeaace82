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
        return tuple([tupled(item) if type(item) is list else item for item in values])

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
        return classes[tag](*[tupled(item) if type(item) is list else item for item in values])

    try:
        return json.loads(text, object_hook=make)
    except (KeyError, TypeError, IndexError, RecursionError, AttributeError) as error:
        raise ValueError(f"not model data: {error!r}") from None


def verify_model(article: object) -> Article:
    """`article`, if it is a model the parser could have made: each part of
    the class it should be, every reference to an entity that exists, every offset inside
    its paragraph, every coordinate a finite number in range. A cache entry that fails any
    of these is a miss (one once gave exit 70 on every check, or crashed the reader on G):
    anything else raises ValueError."""
    import math

    from . import model

    def expect(condition: object, what: str) -> None:
        if not condition:
            raise ValueError(f"not a model: {what}")

    def all_of(values: object, kind: type | tuple[type, ...], what: str) -> None:
        expect(type(values) is tuple and all(isinstance(v, kind) for v in values), what)

    def text(value: object, what: str, *, optional: bool = False) -> None:
        expect(isinstance(value, str) or (optional and value is None), what)

    def count(value: object) -> bool:
        return type(value) is int and value >= 0

    if not isinstance(article, model.Article):
        raise ValueError("not a model: an article")
    meta = article.metadata
    expect(isinstance(meta, model.Metadata), "metadata")
    for name in ("id", "title", "dateline", "language"):
        text(getattr(meta, name), f"metadata.{name}")
    all_of(meta.cited_sources, model.CitedSource, "cited sources")
    all_of(article.paragraphs, model.Paragraph, "paragraphs")
    lengths: list[int] = []
    for number, paragraph in enumerate(article.paragraphs, start=1):
        expect(paragraph.number == number, "paragraph numbers")
        all_of(paragraph.segments, model.Segment, "segments")
        for segment in paragraph.segments:
            text(segment.text, "segment text")
            text(segment.speaker, "a speaker", optional=True)
        lengths.append(len(paragraph.text))
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
            all_of(entity.forms, str, "forms")
            entities[entity.id] = entity
    for place in article.places:
        for value, limit in ((place.latitude, 90.0), (place.longitude, 180.0)):
            expect(
                value is None
                or (type(value) in (int, float) and math.isfinite(value) and abs(value) <= limit),
                "coordinates",
            )
        expect(
            place.region is None or isinstance(entities.get(place.region), model.Place), "region"
        )

    def span(paragraph: object, start: object, end: object, what: str) -> None:
        expect(
            count(paragraph)
            and 1 <= paragraph <= len(lengths)  # type: ignore[operator]
            and count(start)
            and count(end)
            and start <= end <= lengths[paragraph - 1],  # type: ignore[operator]
            what,
        )

    all_of(article.mentions, model.Mention, "mentions")
    for mention in article.mentions:
        expect(mention.entity_id in entities, "a mention of an entity")
        span(mention.paragraph, mention.start, mention.end, "a mention's place")
    all_of(article.quotes, model.Quote, "quotes")
    for index, quote in enumerate(article.quotes):
        expect(quote.index == index and quote.kind in model.SPEECH_KINDS, "a quote")
        expect(quote.speaker in entities, "a quote's speaker")
        text(quote.text, "a quote's words")
        span(quote.paragraph, quote.start, quote.end, "a quote's place")
        via = quote.via
        if via is not None:
            expect(isinstance(via, model.Via), "a quote's way")
            text(via.words, "a way's words", optional=True)
            text(via.note, "a way's note", optional=True)
            expect(via.channel is None or via.channel in model.CHANNELS, "a channel")
            expect(via.organization is None or via.organization in entities, "an outlet")
        expect(type(quote.insertions) is tuple, "insertions")
        for inserted in quote.insertions:
            expect(
                type(inserted) is tuple
                and len(inserted) == 2
                and count(inserted[0])
                and count(inserted[1])
                and inserted[0] <= inserted[1] <= len(quote.text),
                "an insertion",
            )
    return article
