"""Building people, places, organisations and dates from their entries."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar

from yaml.nodes import Node, SequenceNode

from . import dates
from .declarations import Declarations, EntityKind
from .model import (
    POINT_KINDS,
    DateEntity,
    Organization,
    Person,
    Place,
    PointKind,
)
from .schema import NodeReader, first_item

T = TypeVar("T")
MAX_ENTITIES = 10_000  # no article names so many; past it, the reader would only be slow


def entries(
    reader: NodeReader,
    declared: Declarations,
    node: Node | None,
    what: EntityKind,
    build: Callable[[Node, dict[str, Node], str], T | None],
    seen: dict[str, Node],
) -> list[T]:
    """The entries of one list (people, places ...), each built by `build`."""
    built = []
    items = reader.items(node, f"the list of {what} entries")
    if len(items) + len(seen) > MAX_ENTITIES:
        assert node is not None
        reader.error(node, f"more than {MAX_ENTITIES:,} entities: far more than an article names")
        return []
    for item in items:
        f = reader.fields(item, what, *_ENTITY_FIELDS[what])
        if f is None:
            continue
        entity_id = reader.identifier(f.get("id"), f"{what} id")
        if entity_id is not None:
            if entity_id in seen:
                line = seen[entity_id].start_mark.line + 1
                reader.error(f["id"], f"duplicate id {entity_id!r} (first used on line {line})")
                continue
            seen[entity_id] = f["id"]
            declared.kinds[entity_id] = what
        # Built even without a valid id, so that the entry's other mistakes are reported.
        entity = build(item, f, entity_id or "")
        if entity is not None and entity_id is not None:
            built.append(entity)
    return built


def _forms(
    reader: NodeReader, declared: Declarations, f: dict[str, Node], entity_id: str
) -> tuple[str, ...]:
    forms = reader.texts(f.get("forms"), "forms")
    if "forms" in f and not forms and isinstance(f["forms"], SequenceNode):
        reader.error(f["forms"], "forms must list at least one way the text names this")
    for form, node in forms:
        declared.form(reader, form, entity_id, node)
    return tuple(dict.fromkeys(form for form, _ in forms))


def person(
    reader: NodeReader, declared: Declarations, node: Node, f: dict[str, Node], entity_id: str
) -> Person | None:
    name = reader.text(f.get("name"), "person name")
    forms = _forms(reader, declared, f, entity_id)
    if not (entity_id and name):
        return None
    return Person(
        id=entity_id,
        name=name,
        role=reader.text(f.get("role"), "person role"),
        note=reader.text(f.get("note"), "note"),
        forms=forms,
        unnamed=reader.flag(f.get("unnamed"), "unnamed"),
        suggested=reader.suggested(f.get("status")),
    )


def place(
    reader: NodeReader, declared: Declarations, node: Node, f: dict[str, Node], entity_id: str
) -> Place | None:
    name = reader.text(f.get("name"), "place name")
    kind = reader.text(f.get("kind"), "place kind")
    forms = _forms(reader, declared, f, entity_id)
    latitude = reader.number(f.get("latitude"), "latitude", -90, 90)
    longitude = reader.number(f.get("longitude"), "longitude", -180, 180)
    if ("latitude" in f) != ("longitude" in f):
        reader.error(node, "give both latitude and longitude, or neither")
    point = _point(reader, f.get("point"))
    if "latitude" in f and "point" not in f:
        reader.error(node, f"say what the coordinates are of: point: {' | '.join(POINT_KINDS)}")
    elif "point" in f and "latitude" not in f:
        reader.error(f["point"], "point describes coordinates, but there are none")
    region = reader.identifier(f.get("region"), "region")
    if region is not None:
        declared.regions.append((region, f["region"]))
    alternative = tuple(name for name, _ in reader.texts(f.get("alternative_names"), "names"))
    if not (entity_id and name and kind):
        return None
    return Place(
        id=entity_id,
        name=name,
        kind=kind,
        country=reader.text(f.get("country"), "country"),
        region=region,
        latitude=latitude,
        longitude=longitude,
        point=point,
        point_name=reader.text(f.get("point_name"), "point_name"),
        alternative_names=alternative,
        note=reader.text(f.get("note"), "note"),
        forms=forms,
        suggested=reader.suggested(f.get("status")),
    )


def _point(reader: NodeReader, node: Node | None) -> PointKind | None:
    value = reader.text(node, "point")
    for kind in POINT_KINDS:
        if kind == value:
            return kind
    if value is not None and node is not None:
        reader.error(node, f"point {value!r} must be one of: {', '.join(POINT_KINDS)}")
    return None


def organization(
    reader: NodeReader, declared: Declarations, node: Node, f: dict[str, Node], entity_id: str
) -> Organization | None:
    name = reader.text(f.get("name"), "organization name")
    kind = reader.text(f.get("kind"), "organization kind")
    forms = _forms(reader, declared, f, entity_id)
    if not (entity_id and name and kind):
        return None
    return Organization(
        id=entity_id,
        name=name,
        kind=kind,
        country=reader.text(f.get("country"), "country"),
        note=reader.text(f.get("note"), "note"),
        forms=forms,
        suggested=reader.suggested(f.get("status")),
    )


def date_entry(
    reader: NodeReader,
    declared: Declarations,
    node: Node,
    f: dict[str, Node],
    entity_id: str,
    reference: date | None,
) -> DateEntity | None:
    forms = _forms(reader, declared, f, entity_id)
    text_node = f.get("text") or first_item(f.get("forms"))
    words = reader.text(f.get("text"), "date text") or (forms[0] if forms else None)
    modifier = reader.text(f.get("modifier"), "modifier")
    if modifier is not None and modifier not in dates.MODIFIERS:
        reader.error(f["modifier"], f"modifier must be one of {', '.join(dates.MODIFIERS)}")
        modifier = None
    value = None
    if "value" in f:
        explicit = reader.text(f["value"], "date value")
        if explicit is not None:
            try:
                value = dates.parse_explicit(explicit, modifier)
            except dates.DateError as error:
                reader.error(f["value"], str(error))
    elif words is not None and reference is not None and text_node is not None:
        try:
            value = dates.normalise(words, reference)
        except dates.DateError as error:
            reader.error(text_node, f"{error}; give an explicit value (e.g. value: 2022-06-24)")
        else:
            if modifier is not None:
                value = dates.with_modifier(value, modifier)
    if value is not None:
        for form in forms:
            mismatch = dates.weekday_mismatch(form, value)
            if mismatch:
                reader.error(declared.form_nodes[form], f"weekday mismatch: {mismatch}")
    if not (entity_id and words and value):
        return None
    return DateEntity(
        id=entity_id,
        text=words,
        value=value,
        note=reader.text(f.get("note"), "note"),
        forms=forms,
        suggested=reader.suggested(f.get("status")),
    )


_ENTITY_FIELDS: dict[EntityKind, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "person": (("id", "name", "forms"), ("role", "note", "unnamed", "status")),
    "place": (
        ("id", "name", "kind", "forms"),
        (
            "country",
            "region",
            "latitude",
            "longitude",
            "point",
            "point_name",
            "alternative_names",
            "note",
            "status",
        ),
    ),
    "organization": (("id", "name", "kind", "forms"), ("country", "note", "status")),
    "date": (("id", "forms"), ("text", "value", "modifier", "note", "status")),
}
