"""What the reader is looking at: the current quote, a selection, a search - as one value.

The reader's screen holds one `Reading`; the article view, the status line, the find bar and
the sidebar are drawn from it. Each change makes a new value, so what the keys do is tested
here without a screen.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, replace

from .attribution import chain_line
from .formatting import plural
from .model import Article, Place, Quote, Span
from .review import Suggestion
from .search import find_spans


@dataclass(frozen=True)
class Finding:
    """A search: its query, its matches in reading order, and which one is current."""

    query: str
    matches: tuple[Span, ...] = ()
    index: int = 0
    named: str | None = None  # an entity the query names, spelt otherwise in the text
    complete: bool = True  # False: only the window's paragraphs searched so far
    rest_coming: bool = True  # while not complete: the rest is on its way (else: when asked)

    @property
    def current(self) -> Span | None:
        return self.matches[self.index] if self.matches else None

    def count(self, article: Article) -> str:
        """Which match is current ("3/12"), or what the query names, or "no matches"."""
        if not self.complete and not self.rest_coming:  # the find bar's count has 14 columns
            return (
                f"{self.index + 1}/{len(self.matches)} in view" if self.matches else "none in view"
            )
        if not self.complete:
            return f"{self.index + 1}/{len(self.matches)}+…" if self.matches else "searching…"
        if self.matches:
            return f"{self.index + 1}/{len(self.matches)}"
        if self.named is not None:
            entity = article.entity(self.named)
            forms = " or ".join(f"“{form}”" for form in entity.forms)
            mentions = plural(len(article.mentions_of(entity.id)), "mention")
            return f"{entity.name} - named {forms} in the text: {mentions} (Enter selects it)"
        return "no matches"


@dataclass(frozen=True)
class Reading:
    """The quote being read, the entity chosen with its items, and the search."""

    quote: Quote | None = None
    entity_id: str | None = None  # chosen in the sidebar, the palette or the text
    items: tuple[Span, ...] = ()  # its mentions and speech, in reading order
    item: int = 0  # the one n / N reached
    finding: Finding | None = None  # None: no query
    last_query: str = ""  # kept when find closes: `/` offers it, `n` resumes it
    suggestion: Suggestion | None = None  # what draft proposed, stepped to with > and <

    @property
    def current_item(self) -> Span | None:
        return self.items[self.item] if self.entity_id is not None and self.items else None

    @property
    def current_match(self) -> Span | None:
        return self.finding.current if self.finding is not None else None

    @property
    def matching(self) -> bool:
        """A search with matches is on: n / N move through them."""
        return self.finding is not None and bool(self.finding.matches)

    @property
    def can_step(self) -> bool:
        """n / N have something to do: matches, a selection, or a search to resume."""
        return self.matching or bool(self.current_item) or bool(self.last_query)

    def place(self, article: Article) -> str | None:
        """The chosen entity if it is a place: the maps centre on it and mark it."""
        chosen = article.find_entity(self.entity_id) if self.entity_id is not None else None
        return chosen.id if isinstance(chosen, Place) else None

    # -- changes -----------------------------------------------------------------------------
    def reviewing(self, suggestion: Suggestion | None) -> Reading:
        return replace(self, suggestion=suggestion)

    def reading_quote(self, quote: Quote | None) -> Reading:
        return replace(self, quote=quote)

    def selecting(self, article: Article, entity_id: str) -> Reading:
        """Choose `entity_id`: its mentions and speech become the items, the first current."""
        spans = {m.span for m in article.mentions_of(entity_id)}
        spans |= {q.span for q in article.quotes_by(entity_id)}
        return replace(self, entity_id=entity_id, items=tuple(sorted(spans)), item=0)

    def unselecting(self) -> Reading:
        return replace(self, entity_id=None, items=(), item=0)

    def searching(self, article: Article, query: str, top: Span | None) -> Reading:
        """Search for `query`, the current match the first at or after `top`, as a pager does."""
        if not query:
            return replace(self, finding=None)
        matches = tuple(find_spans(article, query))
        named = None if matches else entity_named(article, query)
        first = bisect.bisect_left(matches, top) if top is not None else 0
        index = first if first < len(matches) else 0
        return replace(self, finding=Finding(query, matches, index, named))

    def searching_window(
        self, article: Article, query: str, window: range, *, rest_coming: bool = True
    ) -> Reading:
        """The search begun in the window's paragraphs only, the rest to come (`found_all`),
        or only once asked for: a long article is not searched whole at each letter typed."""
        if not query:
            return replace(self, finding=None)
        matches = tuple(find_spans(article, query, window))
        finding = Finding(query, matches, 0, None, complete=False, rest_coming=rest_coming)
        return replace(self, finding=finding)

    def found_all(self, article: Article, matches: tuple[Span, ...], top: Span | None) -> Reading:
        """Every match of the search begun in the window: the current one stays current; if
        the window had none, the first after `top`, as a pager goes on."""
        finding = self.finding
        assert finding is not None
        current = finding.current
        if current is not None:
            index = bisect.bisect_left(matches, current)
        else:
            first = bisect.bisect_left(matches, top) if top is not None else 0
            index = first if first < len(matches) else 0
        named = None if matches else entity_named(article, finding.query)
        return replace(self, finding=Finding(finding.query, matches, index, named))

    def closing_search(self) -> Reading:
        """Find closes: the query is kept for `/` and `n`, its matches go."""
        last = self.finding.query if self.finding is not None else self.last_query
        return replace(self, finding=None, last_query=last)

    def step(self, step: int) -> tuple[Reading, str]:
        """n (1) or N (-1): the next match if searching, else the next item of the selection.

        Also says when the step went round the end ("Wrapped to the top.").
        """
        finding = self.finding
        if finding is not None and finding.matches:
            index = finding.index + step
            wrapped = ""
            if index >= len(finding.matches):
                wrapped = "Wrapped to the top."
            elif index < 0:
                wrapped = "Wrapped to the end."
            moved = replace(finding, index=index % len(finding.matches))
            return replace(self, finding=moved), wrapped
        if self.current_item is not None:
            return replace(self, item=(self.item + step) % len(self.items)), ""
        return self, ""

    # -- words -------------------------------------------------------------------------------
    def summary(self, article: Article) -> list[str]:
        """What the status line says of this reading, most pressing first."""
        parts = []
        if self.finding is not None:
            parts.append(f"Find “{self.finding.query}”: {self.finding.count(article)}")
        if self.entity_id is not None:
            name = article.name_of(self.entity_id)
            parts.append(f"{name}: {self.item + 1}/{len(self.items)} (n/N)")
        quote = self.quote
        if quote is not None:
            name = article.name_of(quote.speaker)
            if quote.is_quotation:
                number = article.quotation_number(quote)
                said = f"Quote {number}/{len(article.quotations)} - {name}"
            else:
                said = f"Reported speech (not a quotation) - {name}"
            parts.append(said)
        if self.suggestion is not None:
            parts.append(f"Suggested: {self.suggestion.label} · a accepts · x rejects")
        return parts


def travelled(reading: Reading, article: Article) -> str | None:
    """How the current quote reached the reader: "via TASS · VOI · machine translation"."""
    return chain_line(article, reading.quote) if reading.quote is not None else None


def entity_named(article: Article, query: str) -> str | None:
    """The entity whose name or other name is `query` ("kyiv" for the text's "Kiev")."""
    wanted = query.strip().casefold()
    if not wanted:
        return None
    for entity in article.entities:
        names = [entity.name, *getattr(entity, "alternative_names", ())]
        if any(name.casefold() == wanted for name in names) and article.mentions_of(entity.id):
            return entity.id
    return None
