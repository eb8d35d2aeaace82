"""Building the whole article: metadata, then entities, paragraphs and what derives from them."""

from __future__ import annotations

import re
from datetime import date

from yaml.nodes import Node

from .build_entities import EntityBuilder
from .build_speech import SpeechBuilder, speech_of
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
from .schema import WEB_ADDRESS


class ArticleBuilder(EntityBuilder, SpeechBuilder):
    """Walks the node tree, checking it against the article schema as it builds the model."""

    # -- the article ------------------------------------------------------------------------
    def build(self, root: Node) -> Article | None:
        top = self.fields(
            root,
            "the article file",
            ("article", "paragraphs"),
            ("people", "places", "organizations", "dates"),
        )
        if top is None:
            return None
        entity_nodes: dict[str, Node] = {}  # id -> the node naming it, for duplicate checks
        people = self._entities(top.get("people"), "person", self._person, entity_nodes)
        places = self._entities(top.get("places"), "place", self._place, entity_nodes)
        organizations = self._entities(
            top.get("organizations"), "organization", self._organization, entity_nodes
        )
        metadata = self._metadata(top.get("article"))
        reference = metadata.reference_date if metadata else None
        date_entities = self._entities(
            top.get("dates"), "date", lambda n, f, i: self._date(n, f, i, reference), entity_nodes
        )
        for place, node in self._place_regions:
            if self._declared.get(place) != "place":
                self.error(node, f"region {place!r} is not the id of a place in this file")
        paragraphs = self._paragraphs(top.get("paragraphs"), metadata)
        if metadata is None or paragraphs is None:
            return None
        mentions = self._mentions(paragraphs)
        self._check_citations(mentions, len(paragraphs))
        quotes = speech_of(paragraphs)
        return Article(
            metadata=metadata,
            paragraphs=paragraphs,
            people=tuple(people),
            places=tuple(places),
            organizations=tuple(organizations),
            dates=tuple(date_entities),
            mentions=mentions,
            quotes=quotes,
        )

    def _metadata(self, node: Node | None) -> Metadata | None:
        if node is None:
            return None
        f = self.fields(
            node,
            "article",
            ("id", "title", "dateline", "language", "reference_date"),
            ("title_supplied_by_editor", "publisher", "translation", "cited_sources"),
        )
        if f is None:
            return None
        article_id = self.identifier(f.get("id"), "article id")
        title = self.text(f.get("title"), "article title")
        dateline = self.text(f.get("dateline"), "dateline")
        language = self.text(f.get("language"), "language")
        reference = self._reference_date(f.get("reference_date"))
        publisher = self._publisher(f.get("publisher"))
        translation = self._translation(f.get("translation"))
        cited = self._cited_sources(f.get("cited_sources"))
        if None in (article_id, title, dateline, language, reference):
            return None
        assert article_id and title and dateline and language and reference
        return Metadata(
            id=article_id,
            title=title,
            title_supplied_by_editor=self.flag(
                f.get("title_supplied_by_editor"), "title_supplied_by_editor"
            ),
            dateline=dateline,
            language=language,
            reference_date=reference,
            publisher=publisher,
            translation=translation,
            cited_sources=cited,
        )

    def _publisher(self, node: Node | None) -> Publisher | None:
        if node is None:
            return None
        f = self.fields(node, "publisher", ("name",), ("url",))
        if f is None:
            return None
        name = self.text(f.get("name"), "publisher name")
        url = self.text(f.get("url"), "publisher url")
        if url is not None and not WEB_ADDRESS.fullmatch(url):
            self.error(f["url"], f"publisher url {url!r} must be a web address (https://...)")
            url = None
        return Publisher(name, url) if name else None

    def _translation(self, node: Node | None) -> Translation | None:
        if node is None:
            return None
        f = self.fields(
            node,
            "translation",
            ("machine", "from_language"),
            ("provider", "note_is_last_paragraph"),
        )
        if f is None:
            return None
        provider = self.identifier(f.get("provider"), "translation provider")
        if provider is not None and self._declared.get(provider) != "organization":
            self.error(f["provider"], f"translation provider {provider!r} is not an organization")
            provider = None
        return Translation(
            machine=self.flag(f.get("machine"), "translation machine"),
            from_language=self.text(f.get("from_language"), "translation from_language") or "",
            provider=provider,
            note_is_last_paragraph=self.flag(
                f.get("note_is_last_paragraph"), "note_is_last_paragraph"
            ),
        )

    def _cited_sources(self, node: Node | None) -> tuple[CitedSource, ...]:
        cited = []
        for item in self.items(node, "cited_sources"):
            f = self.fields(item, "a cited source", ("organization", "paragraph"))
            if f is None:
                continue
            organization = self.identifier(f.get("organization"), "cited organization")
            paragraph = self.number(f.get("paragraph"), "cited paragraph", 1, 10**9, whole=True)
            if organization is not None and self._declared.get(organization) != "organization":
                self.error(f["organization"], f"{organization!r} is not the id of an organization")
                continue
            if organization is not None and paragraph is not None:
                cited.append(CitedSource(organization, int(paragraph)))
                self._citation_nodes.append((cited[-1], item))
        return tuple(cited)

    def _reference_date(self, node: Node | None) -> date | None:
        value = self.text(node, "reference_date")
        if value is None or node is None:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
                self.error(node, f"reference_date {value!r} is not a real date")
            else:
                self.error(node, f"reference_date {value!r} must be a date written YYYY-MM-DD")
            return None

    def _check_citations(self, mentions: tuple[Mention, ...], paragraphs: int) -> None:
        named = {(m.entity_id, m.paragraph) for m in mentions}
        for cited, node in self._citation_nodes:
            if cited.paragraph > paragraphs:
                self.error(node, f"paragraph {cited.paragraph} does not exist ({paragraphs} do)")
            elif (cited.organization, cited.paragraph) not in named:
                self.error(
                    node,
                    f"paragraph {cited.paragraph} does not name {cited.organization!r}, "
                    "so it cannot cite it",
                )

    # -- derived: mentions ------------------------------------------------------------------
    def _mentions(self, paragraphs: tuple[Paragraph, ...]) -> tuple[Mention, ...]:
        finder = MentionFinder(self._form_owner)
        mentions: list[Mention] = []
        found: set[str] = set()
        for paragraph in paragraphs:
            for start, end, entity_id, form in finder.find(paragraph.text):
                mentions.append(Mention(entity_id, paragraph.number, start, end))
                found.add(form)
        for form, node in self._form_nodes.items():
            if form not in found:
                self.error(
                    node,
                    f"the form {form!r} never occurs in the text as a whole word "
                    "(or a longer form always covers it)",
                )
        return tuple(mentions)
