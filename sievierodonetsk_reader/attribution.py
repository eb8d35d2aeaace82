"""Who said what, and where the words come from: one wording for the reader and the exports.

Attribution is kept strict: quotations are shown in quotation marks, reported speech never is
(it is the reporter's wording), and every citation names the publisher, the page, the
paragraph and, for a translated report, that the words are a machine translation.
"""

from __future__ import annotations

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


def speaker_line(article: Article, speaker: str) -> str:
    """The speaker as the text names them: "Serhiy Gaidai, the governor of the Luhansk region"."""
    entity = article.find_entity(speaker)
    # "Local government spokesman, a local government spokesman" says nothing twice.
    if (
        isinstance(entity, Person)
        and entity.role
        and entity.name.casefold() not in entity.role.casefold()
    ):
        return f"{entity.name}, {entity.role}"
    return entity.name if entity is not None else speaker


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
    """ "direct quote, ¶6" or "reported speech (the reporter's words ...), ¶5"."""
    label = KIND_LABELS[quote.kind]
    if quote.kind == "reported":
        label += f" ({REPORTED_CAVEAT})"
    elif translation := translation_line(article, provider=False):
        label += f", quoted in {translation}"
    return label


def copy_text(article: Article, quote: Quote) -> str:
    """What `y` puts on the clipboard: the words as they stand, attributed and cited."""
    who = speaker_line(article, quote.speaker)
    if quote.kind == "reported":  # the caveat is said once, at the start
        words = f"Reported speech ({REPORTED_CAVEAT}), attributed to {who}: {quote.text}"
        return f"{words}\n({citation(article, quote.paragraph)})"
    words = f"“{quote.text}” - {who}"
    return f"{words}\n({quote_label(article, quote)}; {citation(article, quote.paragraph)})"
