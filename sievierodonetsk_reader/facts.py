"""What the article file says of an entity, in one wording for the sidebar, palette and exports.

`facts` are what the text and the article file state (a role is the text's own words, and
says so); the editor's note is apart (`EDITOR_NOTE`), always labelled, never mixed in.
"""

from __future__ import annotations

from .formatting import place_point, plural
from .model import Article, DateEntity, Entity, Organization, Person, Place

EDITOR_NOTE = "Editor's note"


def facts(article: Article, entity: Entity) -> list[str]:
    """Short phrases, most telling first: "General (the text's words)", "2 speech passages"."""
    if isinstance(entity, Person):
        return _person(article, entity)
    if isinstance(entity, Place):
        return _place(article, entity)
    if isinstance(entity, Organization):
        return _organization(article, entity)
    return _date(entity)


def headline(article: Article, entity: Entity) -> str:
    """The first fact, short, for a list entry: a person's role as the text words it."""
    if isinstance(entity, Person):
        return entity.role or "no role in the text"
    return facts(article, entity)[0]


def summary(article: Article, entity: Entity) -> str:
    """The facts on one line, joined by semicolons."""
    return "; ".join(facts(article, entity))


def _person(article: Article, person: Person) -> list[str]:
    said = [person.role + " (the text's words)" if person.role else "no role in the text"]
    passages = article.passages_by(person.id)
    if passages:
        said.append(plural(len(passages), "speech passage"))
    return said


def _place(article: Article, place: Place) -> list[str]:
    where = [place.kind]
    if place.region:
        where.append(f"in {article.name_of(place.region)}")
    if place.country:
        where.append(place.country)
    said = [", ".join(where)]
    if point := place_point(place):
        said.append(point)
    if place.alternative_names:
        said.append("also " + ", ".join(place.alternative_names))
    return said


def _organization(article: Article, organization: Organization) -> list[str]:
    kind = organization.kind + (f", {organization.country}" if organization.country else "")
    said = [kind]
    if cited := article.cited_in(organization.id):
        said.append("cited as a source in " + ", ".join(f"¶{number}" for number in cited))
    passages = article.passages_by(organization.id)
    if passages:
        said.append(plural(len(passages), "speech passage"))
    return said


def _date(entry: DateEntity) -> list[str]:
    value = entry.value
    said = [f"{value.iso()} ({value.describe()})"]
    if value.modifier:
        said.append(f"from {value.start:%d %B} to {value.end:%d %B %Y}")
    return said
