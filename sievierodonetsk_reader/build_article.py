"""Building the whole article: metadata, then entities, paragraphs and what derives from them."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from functools import partial
from typing import TypeVar

from yaml.nodes import Node

from . import build_entities, build_speech
from .declarations import Declarations, EntityKind
from .mentions import MentionFinder
from .model import (
    Article,
    CitedSource,
    Mention,
    Metadata,
    Paragraph,
    Publisher,
    Translation,
)
from .schema import WEB_ADDRESS, NodeReader

T = TypeVar("T")
# An entry's builder: it reports to the reader and declares what it names.
Build = Callable[[NodeReader, Declarations, Node, dict[str, Node], str], T | None]


def build_article(reader: NodeReader, root: Node) -> Article | None:
    """The article the node tree describes, if it has no problems; each one is noted in
    `reader`, with its line and column."""
    declared = Declarations()
    top = reader.fields(
        root,
        "the article file",
        ("article", "paragraphs"),
        ("people", "places", "organizations", "dates"),
    )
    if top is None:
        return None
    seen: dict[str, Node] = {}  # id -> the node naming it, for duplicate checks

    def entries(key: str, what: EntityKind, build: Build[T]) -> list[T]:
        built = partial(build, reader, declared)
        return build_entities.entries(reader, declared, top.get(key), what, built, seen)

    people = entries("people", "person", build_entities.person)
    places = entries("places", "place", build_entities.place)
    organizations = entries("organizations", "organization", build_entities.organization)
    metadata = _metadata(reader, declared, top.get("article"))
    reference = metadata.reference_date if metadata else None
    date_entries = entries("dates", "date", partial(build_entities.date_entry, reference=reference))
    declared.check_regions(reader)
    paragraphs = build_speech.paragraphs(reader, declared, top.get("paragraphs"), metadata)
    if metadata is None or paragraphs is None:
        return None
    mentions = _mentions(reader, declared, paragraphs)
    declared.check_citations(reader, mentions, len(paragraphs))
    return Article(
        metadata=metadata,
        paragraphs=paragraphs,
        people=tuple(people),
        places=tuple(places),
        organizations=tuple(organizations),
        dates=tuple(date_entries),
        mentions=mentions,
    )


def _metadata(reader: NodeReader, declared: Declarations, node: Node | None) -> Metadata | None:
    if node is None:
        return None
    f = reader.fields(
        node,
        "article",
        ("id", "title", "dateline", "language", "reference_date"),
        ("title_supplied_by_editor", "publisher", "translation", "cited_sources"),
    )
    if f is None:
        return None
    article_id = reader.identifier(f.get("id"), "article id")
    title = reader.text(f.get("title"), "article title")
    dateline = reader.text(f.get("dateline"), "dateline")
    language = reader.text(f.get("language"), "language")
    reference = _reference_date(reader, f.get("reference_date"))
    publisher = _publisher(reader, f.get("publisher"))
    translation = _translation(reader, declared, f.get("translation"))
    cited = _cited_sources(reader, declared, f.get("cited_sources"))
    if None in (article_id, title, dateline, language, reference):
        return None
    assert article_id and title and dateline and language and reference
    return Metadata(
        id=article_id,
        title=title,
        title_supplied_by_editor=reader.flag(
            f.get("title_supplied_by_editor"), "title_supplied_by_editor"
        ),
        dateline=dateline,
        language=language,
        reference_date=reference,
        publisher=publisher,
        translation=translation,
        cited_sources=cited,
    )


def _publisher(reader: NodeReader, node: Node | None) -> Publisher | None:
    if node is None:
        return None
    f = reader.fields(node, "publisher", ("name",), ("url",))
    if f is None:
        return None
    name = reader.text(f.get("name"), "publisher name")
    url = reader.text(f.get("url"), "publisher url")
    if url is not None and not WEB_ADDRESS.fullmatch(url):
        reader.error(f["url"], f"publisher url {url!r} must be a web address (https://...)")
        url = None
    return Publisher(name, url) if name else None


def _translation(
    reader: NodeReader, declared: Declarations, node: Node | None
) -> Translation | None:
    if node is None:
        return None
    f = reader.fields(
        node,
        "translation",
        ("machine", "from_language"),
        ("provider", "note_is_last_paragraph"),
    )
    if f is None:
        return None
    provider = reader.identifier(f.get("provider"), "translation provider")
    if provider is not None and not declared.is_organization(provider):
        reader.error(f["provider"], f"translation provider {provider!r} is not an organization")
        provider = None
    return Translation(
        machine=reader.flag(f.get("machine"), "translation machine"),
        from_language=reader.text(f.get("from_language"), "translation from_language") or "",
        provider=provider,
        note_is_last_paragraph=reader.flag(
            f.get("note_is_last_paragraph"), "note_is_last_paragraph"
        ),
    )


def _cited_sources(
    reader: NodeReader, declared: Declarations, node: Node | None
) -> tuple[CitedSource, ...]:
    cited = []
    for item in reader.items(node, "cited_sources"):
        f = reader.fields(item, "a cited source", ("organization", "paragraph"))
        if f is None:
            continue
        organization = reader.identifier(f.get("organization"), "cited organization")
        paragraph = reader.number(f.get("paragraph"), "cited paragraph", 1, 10**9, whole=True)
        if organization is not None and not declared.is_organization(organization):
            reader.error(f["organization"], f"{organization!r} is not the id of an organization")
            continue
        if organization is not None and paragraph is not None:
            cited.append(CitedSource(organization, int(paragraph)))
            declared.citations.append((cited[-1], item))
    return tuple(cited)


def _reference_date(reader: NodeReader, node: Node | None) -> date | None:
    value = reader.text(node, "reference_date")
    if value is None or node is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
            reader.error(node, f"reference_date {value!r} is not a real date")
        else:
            reader.error(node, f"reference_date {value!r} must be a date written YYYY-MM-DD")
        return None


def _mentions(
    reader: NodeReader, declared: Declarations, paragraphs: tuple[Paragraph, ...]
) -> tuple[Mention, ...]:
    finder = MentionFinder(declared.form_owner)
    mentions: list[Mention] = []
    found: set[str] = set()
    for paragraph in paragraphs:
        for start, end, entity_id, form in finder.find(paragraph.text):
            mentions.append(Mention(entity_id, paragraph.number, start, end))
            found.add(form)
    declared.check_forms_found(reader, found)
    return tuple(mentions)
