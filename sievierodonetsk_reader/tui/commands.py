"""The command palette's own commands: go to a speaker, person, place, date or quote; actions."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from typing import Protocol, cast
from weakref import WeakKeyDictionary

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher
from textual.markup import escape

from ..controls import for_screen
from ..facts import EDITOR_NOTE, summary
from ..formatting import paragraph_opening, plural, shorten
from ..model import Article, Entity, Quote

_BUILT: WeakKeyDictionary[object, list[tuple[str, Callable[[], object], str]]] = WeakKeyDictionary()
MAX_SCORED = 400
MAX_DISCOVERED = 300
TOP_SCORE = 100.0  # above any fuzzy score (they pass 1.0): "12" means ¶ 12 before a date 2012
_PARAGRAPH = re.compile(r"(?:¶|p|para|paragraph|go to ¶?)?\s*(\d{1,6})", re.IGNORECASE)


class Reader(Protocol):
    """What the palette needs of the screen it was opened from."""

    article: Article

    def select_entity(self, entity_id: str) -> None: ...
    def go_to_paragraph(self, number: int) -> None: ...
    async def action_go_to(self) -> None: ...
    def action_bookmarks(self) -> None: ...
    def bookmark_list(self) -> list[tuple[int, str]]: ...
    def go_to_quote(self, quote: Quote) -> None: ...
    def action_export(self) -> None: ...
    def action_toggle_sidebar(self) -> None: ...
    def action_toggle_highlight(self) -> None: ...
    async def action_find(self) -> None: ...


class ReaderCommands(Provider):
    """Every speaker, person, place, organisation, date and quote, and the reader's actions."""

    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        # Built once per reader, not at every opening of the palette or every keystroke.
        built = _BUILT.get(self.screen)
        if built is None:
            built = _BUILT[self.screen] = self._build_commands()
        return built

    def _build_commands(self) -> list[tuple[str, Callable[[], object], str]]:
        reader = cast(Reader, self.screen)  # the commands act on the reading screen
        article = reader.article
        commands: list[tuple[str, Callable[[], object], str]] = []
        for speaker in article.speakers():
            name = article.name_of(speaker)
            count = len(article.passages_by(speaker))
            commands.append(
                (
                    f"Go to speaker: {name}",
                    partial(reader.select_entity, speaker),
                    f"{plural(count, 'speech passage')}; n / N step through",
                )
            )
        named: list[tuple[str, Entity]] = [
            *(("person", person) for person in article.people),
            *(("place", place) for place in article.places),
            *(("organisation", org) for org in article.organizations),
        ]
        for what, entity in named:
            commands.append(
                (
                    f"Go to {what}: {entity.name}",
                    partial(reader.select_entity, entity.id),
                    summary(article, entity),
                )
            )
        for entry in article.timeline:
            note = f"; {EDITOR_NOTE}: {entry.note}" if entry.note else ""
            commands.append(
                (
                    f"Go to date: {entry.text} ({entry.value.iso()})",
                    partial(reader.select_entity, entry.id),
                    entry.value.describe() + note,
                )
            )
        for number, quote in enumerate(article.quotations, start=1):
            words = shorten(quote.text, 50)
            commands.append(
                (
                    f"Go to quote {number}: {article.name_of(quote.speaker)} - {words}",
                    partial(reader.go_to_quote, quote),
                    f"paragraph {quote.paragraph}",
                )
            )
        commands[:0] = [
            ("Export to Markdown", reader.action_export, f"write {article.metadata.id}.md"),
            ("Toggle sidebar", reader.action_toggle_sidebar, "show or hide the sidebar"),
            ("Toggle highlighting", reader.action_toggle_highlight, "mention marks on or off"),
            ("Find in article", reader.action_find, "search the text (/)"),
            ("Go to paragraph", reader.action_go_to, "type its number (:), or ¶ and a number here"),
            ("Bookmarks", reader.action_bookmarks, "the bookmarked paragraphs (' ; m marks one)"),
            ("Help: keys", partial(self.app.run_action, "app.help"), "every key (?)"),
        ]
        # The palette reads help text as markup: escape it, as it comes from the article file.
        return [
            (for_screen(name), callback, escape(for_screen(help)))
            for name, callback, help in commands
        ]

    async def discover(self) -> Hits:
        # What the empty palette lists: enough to browse, not every entity of a huge article.
        for name, callback, help_text in self._commands()[:MAX_DISCOVERED]:
            yield DiscoveryHit(Content(name), callback, text=name, help=help_text)

    async def search(self, query: str) -> Hits:
        paragraph = _PARAGRAPH.fullmatch(query.strip())
        if paragraph is not None:
            reader = cast(Reader, self.screen)
            number = int(paragraph[1])
            if 1 <= number <= len(reader.article.paragraphs):
                name = f"Go to ¶ {number}"
                words = paragraph_opening(reader.article, number)
                go = partial(reader.go_to_paragraph, number)
                yield Hit(TOP_SCORE, Content(name), go, name, escape(words))
        matcher = self.matcher(query)
        # The fuzzy scorer is slow: only commands holding the query's letters in order are
        # scored, and no more than MAX_SCORED of them, so a keystroke stays quick on an
        # article with thousands of entities.
        letters = re.compile(".*?".join(map(re.escape, query)), re.IGNORECASE | re.DOTALL)
        scored = 0
        for name, callback, help_text in self._commands():
            if not letters.search(name):
                continue
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, _highlight(matcher, name), callback, text=name, help=help_text)
            scored += 1
            if scored >= MAX_SCORED:
                break


class BookmarkCommands(Provider):
    """The bookmarked paragraphs, for `'`; the names are article text, so never markup
    (Textual's `search_commands` reads its names as markup)."""

    def _commands(self) -> list[tuple[str, Callable[[], object]]]:
        reader = cast(Reader, self.screen)
        return [
            (name, partial(reader.go_to_paragraph, number))
            for number, name in reader.bookmark_list()
        ]

    async def discover(self) -> Hits:
        for name, callback in self._commands():
            yield DiscoveryHit(Content(name), callback, text=name, help="bookmark")

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, _highlight(matcher, name), callback, text=name, help="bookmark")


def _highlight(matcher: Matcher, name: str) -> Content:
    """Like `Matcher.highlight`, but for plain text: the matcher's own parses markup."""
    content = Content(name)
    _, offsets = matcher.fuzzy_search.match(matcher.query, name)
    for offset in offsets:
        if not name[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content
