"""The article as plain text, CommonMark or JSON, and safe writing of the result."""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

from .attribution import (
    UNREVIEWED,
    chain,
    cite_line,
    editors_link,
    provenance,
    quote_label,
    speaker_line,
    status_of,
)
from .facts import EDITOR_NOTE, summary
from .formatting import mention_context, plural
from .model import (
    QUOTATION_KINDS,
    Article,
    DateEntity,
    Entity,
    Organization,
    Paragraph,
    Person,
    Place,
    Segment,
    Via,
)
from .sourcing import sourcing, speaker_summary, totals_line


# -- text ----------------------------------------------------------------------------------
def to_text(article: Article) -> str:
    """The article body exactly as written, one blank line between paragraphs."""
    return "\n\n".join(paragraph.text for paragraph in article.paragraphs) + "\n"


# -- markdown ------------------------------------------------------------------------------
# Characters that can start inline syntax anywhere in a CommonMark line ("#" only matters at
# the start or, in a heading, the end; escaping it everywhere is simplest and always right).
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>&~|!#])")
# Constructs that only mean something at the start of a line (headings, lists, quotes, rules).
_LINE_START = re.compile(r"^(\s*)(>|[-+=]|\d{1,9}(?=[.)]))")
# Blanks at either end of a paragraph are stripped by CommonMark renderers (markdown-it strips
# every Unicode space there). Writing the outermost one as a character reference keeps them all.
_LEADING_SPACES = re.compile(r"^\s")
_TRAILING_SPACES = re.compile(r"\s$")


def escape_markdown(text: str) -> str:
    """Escape `text` so that a CommonMark renderer shows exactly these characters."""
    return _escape_line(_INLINE_SPECIAL.sub(r"\\\1", text))


def _escape_line(escaped: str) -> str:
    """Escape what only matters at the edges of a line whose inline specials are escaped."""
    escaped = _LINE_START.sub(_escape_line_start, escaped, count=1)
    # Leading and trailing blanks are dropped by CommonMark: keep them as character references.
    escaped = _LEADING_SPACES.sub(_char_refs, escaped)
    return _TRAILING_SPACES.sub(_char_refs, escaped)


def _escape_line_start(match: re.Match[str]) -> str:
    blank, marker = match.group(1), match.group(2)
    if marker.isdigit():  # "2014. was" would start an ordered list: escape the dot instead
        return f"{blank}{marker}\\"
    return f"{blank}\\{marker}"


def _char_refs(match: re.Match[str]) -> str:
    return "".join(f"&#{ord(char)};" for char in match.group())


def _quoted_runs(segment: Segment) -> list[tuple[str, bool]]:
    """The segment's text in runs, each marked True where it is words in quotation marks."""
    if segment.kind in QUOTATION_KINDS:
        return [(segment.text, True)]
    runs, offset = [], 0
    for start, end in segment.partial_quotes:
        runs += [(segment.text[offset:start], False), (segment.text[start:end], True)]
        offset = end
    return [*runs, (segment.text[offset:], False)]


def _paragraph_markdown(paragraph: Paragraph) -> str:
    runs: list[tuple[str, bool]] = []
    for segment in paragraph.segments:
        for text, quoted in _quoted_runs(segment):
            if runs and quoted and runs[-1][1]:
                # Two quotations side by side would give "*a**b*", which is not emphasis.
                runs[-1] = (runs[-1][0] + text, True)
            elif text:
                runs.append((text, quoted))
    escaped = [(_INLINE_SPECIAL.sub(r"\\\1", text), quoted) for text, quoted in runs]
    parts = []
    for index, (text, quoted) in enumerate(escaped):
        before = escaped[index - 1][0][-1:] if index else ""
        after = escaped[index + 1][0][:1] if index + 1 < len(escaped) else ""
        # Quoted words in italics, where the asterisks open and close emphasis.
        parts.append(f"*{text}*" if quoted and _can_emphasise(before, text, after) else text)
    return _escape_line("".join(parts))


def _can_emphasise(before: str, text: str, after: str) -> bool:
    """Whether asterisks around `text`, between the characters `before` and `after` ("" at
    an edge of the line), open and close emphasis by CommonMark's flanking rules."""
    if not text:
        return False

    def blank(char: str) -> bool:
        return not char or char.isspace()

    def mark(char: str) -> bool:  # Unicode punctuation, as CommonMark counts it
        return bool(char) and unicodedata.category(char)[0] in "PS"

    first, last = text[0], text[-1]
    opens = not blank(first) and (not mark(first) or blank(before) or mark(before))
    closes = not blank(last) and (not mark(last) or blank(after) or mark(after))
    return opens and closes


def _editor_note(note: str | None) -> str:
    return f" *{EDITOR_NOTE}:* {escape_markdown(note)}" if note else ""


def _metadata_markdown(article: Article) -> list[str]:
    meta = article.metadata
    esc = escape_markdown
    lines = [f"# {esc(meta.title)}", ""]
    if meta.title_supplied_by_editor:
        lines += ["*Headline supplied by the editor; the source has none.*", ""]
    publisher = meta.publisher
    for label, fact in provenance(article):
        shown = esc(fact)
        if label == "Publisher" and publisher is not None and publisher.url:
            # The page as a link, as the places' map links are (the loader allows no spaces
            # or angle brackets in the address; parentheses are escaped in the destination).
            destination = re.sub(r"([()\\])", r"\\\1", publisher.url)
            shown = f"{esc(publisher.name)}, [{esc(publisher.url)}]({destination})"
        lines.append(f"- **{label}:** {shown}")
    lines.append(f"- **Dateline:** {esc(meta.dateline)}")
    lines.append(f"- **Language:** {esc(meta.language)}")
    return [*lines, ""]


def to_markdown(article: Article) -> str:
    esc = escape_markdown
    lines = _metadata_markdown(article)
    for paragraph in article.paragraphs:
        if paragraph.is_translation_note:
            lines += ["---", "", f"*Note:* {_paragraph_markdown(paragraph)}", ""]
        else:
            lines += [_paragraph_markdown(paragraph), ""]

    lines += ["## Speech by speaker", ""]
    for speaker in article.speakers():
        lines += [f"### {esc(speaker_line(article, speaker))}", ""]
        for quote in article.quotes_by(speaker):
            label = esc(f"{quote_label(article, quote)}; {cite_line(article, quote)}")
            if quote.suggested:
                label += f" — *{UNREVIEWED}*"
            link = editors_link(quote)
            note = [f"*{esc(link)}*", ""] if link else []
            if quote.is_quotation:  # quotation marks only around a speaker's own words
                lines += [f"> “{esc(quote.text)}”", ">", f"> — {label}", "", *note]
            else:
                lines += [f"{esc(quote.text)}", "", f"— {label}", "", *note]

    found = sourcing(article)
    lines += ["## Sources", "", esc(totals_line(found)), ""]
    lines += [f"- {esc(speaker_summary(entry))}" for entry in found.speakers]
    lines += [""]

    lines += ["## People", ""]
    for person in article.people:
        lines.append(
            f"- **{esc(person.name)}**{_mention_summary(article, person)}: "
            f"{esc(summary(article, person))}.{_editor_note(person.note)}{_unreviewed(person)}"
        )
    lines += ["", "## Places", ""]
    for place in article.places:
        link = _map_link(place)
        lines.append(
            f"- **{esc(place.name)}**: {esc(summary(article, place))}"
            + (f" ([OpenStreetMap]({link}))" if link else "")
            + "."
            + _editor_note(place.note)
            + _unreviewed(place)
        )
    lines += ["", "## Organisations", ""]
    for org in article.organizations:
        lines.append(
            f"- **{esc(org.name)}**{_mention_summary(article, org)}: "
            f"{esc(summary(article, org))}.{_editor_note(org.note)}{_unreviewed(org)}"
        )
    lines += ["", "## Timeline", ""]
    for entry in article.timeline:
        lines.append(
            f"- **{entry.value.iso()}** ({esc(entry.value.describe())}): "
            f"{esc(entry.text)}.{_editor_note(entry.note)}{_unreviewed(entry)}"
        )
        for mention in article.mentions_of(entry.id):
            context = "".join(mention_context(article, mention, width=60))
            lines.append(f"  - ¶{mention.paragraph}: {esc(context)}")
    return "\n".join(lines).rstrip() + "\n"


def _unreviewed(entity: Entity) -> str:
    return f" *({UNREVIEWED})*" if entity.suggested else ""


def _mention_summary(article: Article, entity: Entity) -> str:
    return f" ({plural(len(article.mentions_of(entity.id)), 'mention')})"


# How close OpenStreetMap opens on a place of each kind (its zoom levels: 0 is the world).
MAP_ZOOM = {"country": 5, "continent": 3, "region": 8}
DEFAULT_MAP_ZOOM = 12  # a city, a town, a village


def _map_link(place: Place) -> str | None:
    if place.latitude is None or place.longitude is None:
        return None
    lat, lon = f"{place.latitude:.4f}", f"{place.longitude:.4f}"
    zoom = MAP_ZOOM.get(place.kind, DEFAULT_MAP_ZOOM)
    return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map={zoom}/{lat}/{lon}"


def to_data(article: Article) -> dict[str, Any]:
    """The model as JSON-ready data with stable keys. `note` is always the editor's."""
    meta = article.metadata

    def mentions(entity: Entity) -> list[dict[str, int]]:
        return [
            {"paragraph": m.paragraph, "start": m.start, "end": m.end}
            for m in article.mentions_of(entity.id)
        ]

    def person(p: Person) -> dict[str, Any]:
        return {
            "id": p.id,
            "name": p.name,
            "role": p.role,
            "note": p.note,
            "unnamed": p.unnamed,
            "status": status_of(p),
            "forms": list(p.forms),
            "passages": len(article.passages_by(p.id)),
            "mentions": mentions(p),
        }

    def place(p: Place) -> dict[str, Any]:
        return {
            "id": p.id,
            "name": p.name,
            "kind": p.kind,
            "country": p.country,
            "region": p.region,
            "latitude": p.latitude,
            "longitude": p.longitude,
            "point": None if p.point is None else {"kind": p.point, "name": p.point_name},
            "alternative_names": list(p.alternative_names),
            "note": p.note,
            "status": status_of(p),
            "forms": list(p.forms),
            "mentions": mentions(p),
        }

    def organization(o: Organization) -> dict[str, Any]:
        return {
            "id": o.id,
            "name": o.name,
            "kind": o.kind,
            "country": o.country,
            "note": o.note,
            "cited_in": list(article.cited_in(o.id)),
            "status": status_of(o),
            "forms": list(o.forms),
            "mentions": mentions(o),
        }

    def date_entry(d: DateEntity) -> dict[str, Any]:
        return {
            "id": d.id,
            "text": d.text,
            "value": d.value.iso(),
            "precision": d.value.precision,
            "modifier": d.value.modifier,
            "start": d.value.start.isoformat(),
            "end": d.value.end.isoformat(),
            "note": d.note,
            "status": status_of(d),
            "forms": list(d.forms),
            "mentions": mentions(d),
        }

    def segment(s: Segment) -> dict[str, Any]:
        data: dict[str, Any] = {"text": s.text, "speaker": s.speaker, "kind": s.kind}
        if s.is_speech:
            data["status"] = status_of(s)
        if s.partial_quotes:
            data["partial_quotes"] = offsets(s.partial_quotes)
        if s.insertions:
            data["insertions"] = offsets(s.insertions)
        if s.via is not None:
            data["via"] = via(s.via)
        return data

    def offsets(pairs: tuple[tuple[int, int], ...]) -> list[dict[str, int]]:
        return [{"start": start, "end": end} for start, end in pairs]

    def via(v: Via) -> dict[str, Any]:
        # `words` are the text's; `note` the editor's (then the text gives no channel).
        return {
            "words": v.words,
            "channel": v.channel,
            "organization": v.organization,
            "note": v.note,
        }

    def sources() -> dict[str, Any]:
        found = sourcing(article)
        return {
            "by_kind": dict(found.kinds),
            "unnamed_speakers": found.unnamed,
            "outlets": [outlet.name for outlet in found.outlets],
            "speakers": [
                {
                    "speaker": entry.speaker,
                    "affiliation": entry.affiliation,  # the text's words
                    "named": entry.named,
                    "by_kind": dict(entry.kinds),
                    "ways": list(entry.ways),  # the text's words for how the words travelled
                }
                for entry in found.speakers
            ],
        }

    translation = meta.translation
    publisher = meta.publisher
    return {
        "article": {
            "id": meta.id,
            "title": meta.title,
            "title_supplied_by_editor": meta.title_supplied_by_editor,
            "dateline": meta.dateline,
            "language": meta.language,
            "reference_date": meta.reference_date.isoformat(),
            "publisher": None
            if publisher is None
            else {"name": publisher.name, "url": publisher.url},
            "translation": None
            if translation is None
            else {
                "machine": translation.machine,
                "from_language": translation.from_language,
                "provider": translation.provider,
                "note_is_last_paragraph": translation.note_is_last_paragraph,
            },
            "cited_sources": [
                {
                    "organization": cited.organization,
                    "name": article.name_of(cited.organization),
                    "kind": getattr(article.find_entity(cited.organization), "kind", None),
                    "paragraph": cited.paragraph,
                }
                for cited in meta.cited_sources
            ],
        },
        "paragraphs": [
            {
                "number": p.number,
                "text": p.text,
                "translation_note": p.is_translation_note,
                "segments": [segment(s) for s in p.segments],
            }
            for p in article.paragraphs
        ],
        "speech": [
            {
                "speaker": q.speaker,
                "speaker_name": article.name_of(q.speaker),
                "kind": q.kind,
                "nested": q.nested,
                "text": q.text,
                "paragraph": q.paragraph,
                "start": q.start,
                "end": q.end,
                "via": via(q.via) if q.via is not None else None,
                "insertions": offsets(q.insertions),
                "chain": chain(article, q),
                "status": status_of(q),
            }
            for q in article.quotes
        ],
        "sources": sources(),
        "people": [person(p) for p in article.people],
        "places": [place(p) for p in article.places],
        "organizations": [organization(o) for o in article.organizations],
        "dates": [date_entry(d) for d in article.timeline],
    }


def to_json(article: Article) -> str:
    return json.dumps(to_data(article), ensure_ascii=False, indent=2) + "\n"
