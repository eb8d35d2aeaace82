"""Who said what, and where the words come from: one wording for the reader and the exports.

Attribution is kept strict: quotations are shown in quotation marks, reported speech never is
(it is the reporter's wording), and every citation names the publisher, the page, the
paragraph and, for a translated report, that the words are a machine translation.
"""

from __future__ import annotations

from .facts import EDITOR_NOTE
from .model import Article, Organization, Person, Quote, SpeechKind

KIND_LABELS: dict[SpeechKind, str] = {
    "direct": "direct quote",
    "partial": "partial quote",
    "reported": "reported speech",
}
# The same kinds in a word, for a column of a list.
KIND_WORDS: dict[SpeechKind, str] = {
    "direct": "quote",
    "partial": "partial",
    "reported": "reported",
}
REPORTED_CAVEAT = "the reporter's words, not a quotation"
# What `draft` proposed and no person has checked: said wherever such an item is shown.
UNREVIEWED = "suggested, not reviewed"


def status_of(item: object) -> str:
    """ "suggested" or "reviewed", as the article file says it, for the exports."""
    return "suggested" if getattr(item, "suggested", False) else "reviewed"


def speaker_line(article: Article, speaker: str) -> str:
    """The speaker as the text names them: "Serhiy Gaidai, the governor of the Luhansk region"."""
    entity = article.find_entity(speaker)
    if isinstance(entity, Person) and (role := role_beyond_name(entity)):
        return f"{entity.name}, {role}"
    return entity.name if entity is not None else speaker


def role_beyond_name(person: Person) -> str | None:
    """The text's words for the person, unless they only repeat the name: "Local government
    spokesman, a local government spokesman" says nothing twice."""
    if person.role and person.name.casefold() not in person.role.casefold():
        return person.role
    return None


def source_line(article: Article) -> str | None:
    """The publisher and its page: "VOI, https://voi.id/en/news/183042"."""
    publisher = article.metadata.publisher
    if publisher is None:
        return None
    return f"{publisher.name}, {publisher.url}" if publisher.url else publisher.name


def translation_line(article: Article, *, provider: bool = True) -> str | None:
    """ "VOI's machine translation from Indonesian", for a machine-translated report."""
    translation = article.metadata.translation
    if translation is None or not translation.machine:
        return None
    publisher = article.metadata.publisher
    owner = f"{publisher.name}'s " if publisher else ""
    line = f"{owner}machine translation from {translation.from_language}"
    supporter = article.find_entity(translation.provider) if translation.provider else None
    if provider and isinstance(supporter, Organization):
        line += f" (system supported by {supporter.name})"
    return line


def header_lines(article: Article) -> tuple[str, ...]:
    """What the reader shows above the first paragraph: headline, dateline, provenance."""
    meta = article.metadata
    lines = [meta.title, f"{meta.dateline} · events of {meta.reference_date:%A %d %B %Y}"]
    facts = (source_line(article), translation_line(article, provider=False))
    if any(facts):
        lines.append(" · ".join(fact for fact in facts if fact))
    return tuple(lines)


def citation(article: Article, paragraph: int) -> str:
    """Where a passage is to be found: publisher, page and paragraph."""
    where = source_line(article) or article.metadata.title
    return f"{where}, ¶{paragraph}"


def cited_sources_line(article: Article) -> str | None:
    """The sources the report cites: "TASS (news agency, ¶9), Antara (news agency, ¶16)"."""
    parts = []
    for cited in article.metadata.cited_sources:
        entity = article.find_entity(cited.organization)
        if isinstance(entity, Organization):
            parts.append(f"{entity.name} ({entity.kind}, ¶{cited.paragraph})")
    return ", ".join(parts) or None


def provenance(article: Article) -> list[tuple[str, str]]:
    """Where the report comes from, as (label, fact): one wording for the reader and exports."""
    meta = article.metadata
    translation = translation_line(article)
    if translation and meta.translation and meta.translation.note_is_last_paragraph:
        translation += "; the source's own note is kept as the last paragraph"
    facts = [
        ("Publisher", source_line(article)),
        (
            "Events of",
            f"{meta.reference_date:%A %d %B %Y} (the report's reference date; "
            "the source gives no publication date or author)",
        ),
        ("Translation", translation),
        ("Sources the text cites", cited_sources_line(article)),
    ]
    return [(label, fact) for label, fact in facts if fact]


def quote_label(article: Article, quote: Quote) -> str:
    """ "direct quote, in an interview with ..." or "reported speech (the reporter's words,
    not a quotation), told the TASS news agency": the kind, and how the words travelled."""
    label = KIND_LABELS[quote.kind]
    if quote.kind == "reported":
        label += f" ({REPORTED_CAVEAT})"
    if quote.via is not None and quote.via.words:
        label += f", {quote.via.words}"
    return label


def translated(article: Article) -> str | None:
    """ "machine-translated from Indonesian", for a machine-translated report."""
    translation = article.metadata.translation
    if translation is None or not translation.machine:
        return None
    return f"machine-translated from {translation.from_language}"


def cite_line(article: Article, quote: Quote) -> str:
    """Where to find the words, and in what language: "VOI, URL, ¶20, machine-translated from
    Indonesian" (the last for every kind of speech: the reporter's words are translated too)."""
    line = citation(article, quote.paragraph)
    return f"{line}, {how}" if (how := translated(article)) else line


def editors_link(quote: Quote) -> str | None:
    """The editor's note on how a passage may have travelled, where the text does not say."""
    via = quote.via
    return f"{EDITOR_NOTE}: {via.note}" if via is not None and via.note else None


def chain(article: Article, quote: Quote) -> list[str]:
    """Each hop the words made to the reader: the outlet (or channel) the text names, the
    publisher, the machine translation."""
    hops: list[str] = []
    via = quote.via
    if via is not None and via.words:
        outlet = article.find_entity(via.organization) if via.organization else None
        if isinstance(outlet, Organization):
            hops.append(f"via {outlet.name}")
        elif via.channel:
            hops.append(f"via {via.channel}")
    publisher = article.metadata.publisher
    if publisher is not None:
        hops.append(publisher.name)
    translation = article.metadata.translation
    if translation is not None and translation.machine:
        hops.append("machine translation")
    return hops


def chain_line(article: Article, quote: Quote) -> str:
    """ "via Corriere della Sera · VOI · machine translation", for the status line."""
    return " · ".join(chain(article, quote))


def quoted_words(quote: Quote) -> str:
    """A quotation's words with what is not the speaker's in square brackets, as style guides
    ask: "a red [Russian] flag" for the text's "a red (Russian) flag"."""
    words, end = [], 0
    for start, stop in quote.insertions:
        inserted = quote.text[start:stop]
        if inserted.startswith("(") and inserted.endswith(")"):
            inserted = inserted[1:-1]
        words += [quote.text[end:start], f"[{inserted}]"]
        end = stop
    return "".join([*words, quote.text[end:]])


def copy_text(article: Article, quote: Quote) -> str:
    """What `y` puts on the clipboard, to be pasted as it is: the words (a quotation in
    quotation marks, reported speech never), who said them, how they travelled, and where
    they are to be found in what language."""
    who = speaker_line(article, quote.speaker)
    how = quote.via.words if quote.via is not None and quote.via.words else None
    if quote.kind == "reported":  # the caveat is said once, at the start
        words = f"Reported speech ({REPORTED_CAVEAT}), attributed to {who}: {quote.text}"
        source = "; ".join(part for part in (how, cite_line(article, quote)) if part)
    else:
        words = f"“{quoted_words(quote)}” - {who}"
        source = f"{quote_label(article, quote)}; {cite_line(article, quote)}"
    lines = [words, f"({source})"]
    if quote.suggested:  # a guess is never pasted as if a person had checked it
        lines.insert(0, f"[{UNREVIEWED}: the machine's attribution, not yet checked]")
    if link := editors_link(quote):
        lines.append(f"({link})")
    return "\n".join(lines)
