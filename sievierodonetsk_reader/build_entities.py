"""Building people, places, organisations and dates from their entries."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar

from yaml.nodes import Node, SequenceNode

from . import dates
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


class EntityBuilder(NodeReader):
    """People, places, organisations and dates, each with the forms that name it."""

    # -- entities ---------------------------------------------------------------------------
    def _entities(
        self,
        node: Node | None,
        what: str,
        build: Callable[[Node, dict[str, Node], str], T | None],
        seen: dict[str, Node],
    ) -> list[T]:
        built = []
        items = self.items(node, f"the list of {what} entries")
        if len(items) + len(seen) > MAX_ENTITIES:
            assert node is not None
            self.error(node, f"more than {MAX_ENTITIES:,} entities: far more than an article names")
            return []
        for item in items:
            f = self.fields(item, what, *_ENTITY_FIELDS[what])
            if f is None:
                continue
            entity_id = self.identifier(f.get("id"), f"{what} id")
            if entity_id is not None:
                if entity_id in seen:
                    line = seen[entity_id].start_mark.line + 1
                    self.error(f["id"], f"duplicate id {entity_id!r} (first used on line {line})")
                    continue
                seen[entity_id] = f["id"]
                self._declared[entity_id] = what
            # Built even without a valid id, so that the entry's other mistakes are reported.
            entity = build(item, f, entity_id or "")
            if entity is not None and entity_id is not None:
                built.append(entity)
        return built

    def _forms(self, f: dict[str, Node], entity_id: str) -> tuple[str, ...]:
        forms = self.texts(f.get("forms"), "forms")
        if "forms" in f and not forms and isinstance(f["forms"], SequenceNode):
            self.error(f["forms"], "forms must list at least one way the text names this")
        for form, node in forms:
            owner = self._form_owner.setdefault(form, entity_id)
            if owner != entity_id:
                self.error(node, f"the form {form!r} already belongs to {owner!r}")
            self._form_nodes.setdefault(form, node)
        return tuple(dict.fromkeys(form for form, _ in forms))

    def _person(self, node: Node, f: dict[str, Node], entity_id: str) -> Person | None:
        name = self.text(f.get("name"), "person name")
        forms = self._forms(f, entity_id)
        if not (entity_id and name):
            return None
        return Person(
            id=entity_id,
            name=name,
            role=self.text(f.get("role"), "person role"),
            note=self.text(f.get("note"), "note"),
            forms=forms,
            unnamed=self.flag(f.get("unnamed"), "unnamed"),
        )

    def _place(self, node: Node, f: dict[str, Node], entity_id: str) -> Place | None:
        name = self.text(f.get("name"), "place name")
        kind = self.text(f.get("kind"), "place kind")
        forms = self._forms(f, entity_id)
        latitude = self.number(f.get("latitude"), "latitude", -90, 90)
        longitude = self.number(f.get("longitude"), "longitude", -180, 180)
        if ("latitude" in f) != ("longitude" in f):
            self.error(node, "give both latitude and longitude, or neither")
        point = self._point(f.get("point"))
        if "latitude" in f and "point" not in f:
            self.error(node, f"say what the coordinates are of: point: {' | '.join(POINT_KINDS)}")
        elif "point" in f and "latitude" not in f:
            self.error(f["point"], "point describes coordinates, but there are none")
        region = self.identifier(f.get("region"), "region")
        if region is not None:
            self._place_regions.append((region, f["region"]))
        alternative = tuple(name for name, _ in self.texts(f.get("alternative_names"), "names"))
        if not (entity_id and name and kind):
            return None
        return Place(
            id=entity_id,
            name=name,
            kind=kind,
            country=self.text(f.get("country"), "country"),
            region=region,
            latitude=latitude,
            longitude=longitude,
            point=point,
            point_name=self.text(f.get("point_name"), "point_name"),
            alternative_names=alternative,
            note=self.text(f.get("note"), "note"),
            forms=forms,
        )

    def _point(self, node: Node | None) -> PointKind | None:
        value = self.text(node, "point")
        for kind in POINT_KINDS:
            if kind == value:
                return kind
        if value is not None and node is not None:
            self.error(node, f"point {value!r} must be one of: {', '.join(POINT_KINDS)}")
        return None

    def _organization(self, node: Node, f: dict[str, Node], entity_id: str) -> Organization | None:
        name = self.text(f.get("name"), "organization name")
        kind = self.text(f.get("kind"), "organization kind")
        forms = self._forms(f, entity_id)
        if not (entity_id and name and kind):
            return None
        return Organization(
            id=entity_id,
            name=name,
            kind=kind,
            country=self.text(f.get("country"), "country"),
            note=self.text(f.get("note"), "note"),
            forms=forms,
        )

    def _date(
        self, node: Node, f: dict[str, Node], entity_id: str, reference: date | None
    ) -> DateEntity | None:
        forms = self._forms(f, entity_id)
        text_node = f.get("text") or first_item(f.get("forms"))
        words = self.text(f.get("text"), "date text") or (forms[0] if forms else None)
        modifier = self.text(f.get("modifier"), "modifier")
        if modifier is not None and modifier not in dates.MODIFIERS:
            self.error(f["modifier"], f"modifier must be one of {', '.join(dates.MODIFIERS)}")
            modifier = None
        value = None
        if "value" in f:
            explicit = self.text(f["value"], "date value")
            if explicit is not None:
                try:
                    value = dates.parse_explicit(explicit, modifier)
                except dates.DateError as error:
                    self.error(f["value"], str(error))
        elif words is not None and reference is not None and text_node is not None:
            try:
                value = dates.normalise(words, reference)
            except dates.DateError as error:
                self.error(text_node, f"{error}; give an explicit value (e.g. value: 2022-06-24)")
            else:
                if modifier is not None:
                    value = dates.with_modifier(value, modifier)
        if value is not None:
            for form in forms:
                mismatch = dates.weekday_mismatch(form, value)
                if mismatch:
                    self.error(self._form_nodes[form], f"weekday mismatch: {mismatch}")
        if not (entity_id and words and value):
            return None
        return DateEntity(
            id=entity_id,
            text=words,
            value=value,
            note=self.text(f.get("note"), "note"),
            forms=forms,
        )


_ENTITY_FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "person": (("id", "name", "forms"), ("role", "note", "unnamed")),
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
        ),
    ),
    "organization": (("id", "name", "kind", "forms"), ("country", "note")),
    "date": (("id", "forms"), ("text", "value", "modifier", "note")),
}
