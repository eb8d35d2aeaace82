"""The article as plain text, CommonMark or JSON, and safe writing of the result."""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .model import (
    Article,
    DateEntity,
    Entity,
    Mention,
    Organization,
    Paragraph,
    Person,
    Place,
    Quote,
)

FORMATS = ("markdown", "text", "json")
EXTENSIONS = {"markdown": ".md", "text": ".txt", "json": ".json"}


# -- text ----------------------------------------------------------------------------------
def to_text(article: Article) -> str:
    """The article body exactly as written, one blank line between paragraphs."""
    return "\n\n".join(paragraph.text for paragraph in article.paragraphs) + "\n"


# -- markdown ------------------------------------------------------------------------------
# Characters that can start inline syntax anywhere in a CommonMark line.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>&~|!])")
# Constructs that only mean something at the start of a line (headings, lists, quotes, rules).
_LINE_START = re.compile(r"^(\s*)(#|>|[-+=]|\d{1,9}(?=[.)]))")
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


def _paragraph_markdown(paragraph: Paragraph) -> str:
    parts = []
    for segment in paragraph.segments:
        text = _INLINE_SPECIAL.sub(r"\\\1", segment.text)
        if segment.kind in ("direct", "partial") and _can_emphasise(segment.text):
            text = f"*{text}*"  # quoted words in italics; only where emphasis cannot misparse
        parts.append(text)
    return _escape_line("".join(parts))


def _can_emphasise(text: str) -> bool:
    """Asterisks around `text` make emphasis in CommonMark whatever surrounds them."""
    return bool(text) and text[0].isalnum() and text[-1].isalnum()


def _speaker_line(article: Article, speaker: str) -> str:
    entity = article.find_entity(speaker)
    if isinstance(entity, Person):
        return f"{entity.name}, {entity.role}"
    return entity.name if entity is not None else speaker


def mention_context(
    article: Article, mention: Mention, width: int, ellipsis: str = "..."
) -> tuple[str, str, str]:
    """The words before a mention, the mention, and the words after, `width` characters each."""
    text = article.paragraphs[mention.paragraph - 1].text
    left = max(0, mention.start - width)
    right = min(len(text), mention.end + width)
    return (
        (ellipsis if left else "") + text[left : mention.start],
        text[mention.start : mention.end],
        text[mention.end : right] + (ellipsis if right < len(text) else ""),
    )


def to_markdown(article: Article) -> str:
    meta = article.metadata
    esc = escape_markdown
    lines = [f"# {esc(meta.title)}", ""]
    if meta.title_supplied_by_editor:
        lines += ["*Headline supplied by the editor; the source has none.*", ""]
    lines.append(f"- **Dateline:** {esc(meta.dateline)}")
    lines.append(f"- **Date:** {meta.reference_date:%A, %d %B %Y}")
    if meta.source:
        lines.append(f"- **Source:** {esc(meta.source)}")
    if meta.agencies:
        names = ", ".join(esc(article.speaker_name(agency)) for agency in meta.agencies)
        lines.append(f"- **Agencies cited:** {names}")
    if meta.translation and meta.translation.machine:
        note = f"machine translation from {esc(meta.translation.from_language)}"
        if meta.translation.note_is_last_paragraph:
            note += "; the source's own note is kept as the last paragraph"
        lines.append(f"- **Translation:** {note}")
    lines.append(f"- **Language:** {esc(meta.language)}")
    lines.append("")
    for paragraph in article.paragraphs:
        if paragraph.is_translation_note:
            lines += ["---", "", f"*Note:* {_paragraph_markdown(paragraph)}", ""]
        else:
            lines += [_paragraph_markdown(paragraph), ""]

    lines += ["## Quotes by speaker", ""]
    for speaker in article.speakers():
        lines += [f"### {esc(_speaker_line(article, speaker))}", ""]
        for quote in article.quotes_by(speaker):
            lines.append(f"> {esc(quote.text)}")
            lines.append(">")
            lines.append(f"> - {_quote_label(quote)}, paragraph {quote.paragraph}")
            lines.append("")

    lines += ["## People", ""]
    for person in article.people:
        line = f"- **{esc(person.name)}**: {esc(person.role)}"
        if person.affiliation:
            line += f" ({esc(person.affiliation)})"
        lines.append(line + _mention_summary(article, person))
    lines += ["", "## Places", ""]
    for place in article.places:
        lines.append(f"- **{esc(place.name)}**: {esc(_place_summary(article, place))}")
    lines += ["", "## Organisations", ""]
    for org in article.organizations:
        line = f"- **{esc(org.name)}**: {esc(org.kind)}"
        if org.description:
            line += f"; {esc(org.description)}"
        lines.append(line + _mention_summary(article, org))
    lines += ["", "## Timeline", ""]
    for entry in article.timeline:
        lines.append(
            f"- **{entry.value.iso()}** ({esc(entry.value.describe())}): {esc(entry.text)}"
        )
        if entry.description:
            lines.append(f"  {esc(entry.description)}")
        for mention in article.mentions_of(entry.id):
            context = "".join(mention_context(article, mention, width=60))
            lines.append(f"  - paragraph {mention.paragraph}: {esc(context)}")
    return "\n".join(lines).rstrip() + "\n"


def _quote_label(quote: Quote) -> str:
    return {"direct": "direct quote", "partial": "partial quote", "reported": "reported speech"}[
        quote.kind
    ]


def _mention_summary(article: Article, entity: Entity) -> str:
    count = len(article.mentions_of(entity.id))
    return f" - {count} mention{'s' if count != 1 else ''}"


def _place_summary(article: Article, place: Place) -> str:
    parts = [place.kind]
    if place.region:
        parts.append(f"in {article.speaker_name(place.region)}")
    if place.country:
        parts.append(place.country)
    text = ", ".join(parts)
    if place.latitude is not None and place.longitude is not None:
        text += f" ({format_coordinates(place.latitude, place.longitude)})"
    if place.alternative_names:
        text += f"; also {', '.join(place.alternative_names)}"
    return text


def format_coordinates(latitude: float, longitude: float) -> str:
    north = "N" if latitude >= 0 else "S"
    east = "E" if longitude >= 0 else "W"
    return f"{abs(latitude):.4f}°{north}, {abs(longitude):.4f}°{east}"


# -- json ----------------------------------------------------------------------------------
def to_data(article: Article) -> dict[str, Any]:
    """The model as JSON-ready data with stable keys."""
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
            "affiliation": p.affiliation,
            "unnamed": p.unnamed,
            "forms": list(p.forms),
            "quotes": len(article.quotes_by(p.id)),
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
            "alternative_names": list(p.alternative_names),
            "forms": list(p.forms),
            "mentions": mentions(p),
        }

    def organization(o: Organization) -> dict[str, Any]:
        return {
            "id": o.id,
            "name": o.name,
            "kind": o.kind,
            "country": o.country,
            "description": o.description,
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
            "description": d.description,
            "forms": list(d.forms),
            "mentions": mentions(d),
        }

    translation = meta.translation
    return {
        "article": {
            "id": meta.id,
            "title": meta.title,
            "title_supplied_by_editor": meta.title_supplied_by_editor,
            "dateline": meta.dateline,
            "language": meta.language,
            "reference_date": meta.reference_date.isoformat(),
            "source": meta.source,
            "agencies": list(meta.agencies),
            "translation": None
            if translation is None
            else {
                "machine": translation.machine,
                "from_language": translation.from_language,
                "note_is_last_paragraph": translation.note_is_last_paragraph,
            },
        },
        "paragraphs": [
            {
                "number": p.number,
                "text": p.text,
                "translation_note": p.is_translation_note,
                "segments": [
                    {"text": s.text, "speaker": s.speaker, "kind": s.kind} for s in p.segments
                ],
            }
            for p in article.paragraphs
        ],
        "quotes": [
            {
                "speaker": q.speaker,
                "speaker_name": article.speaker_name(q.speaker),
                "kind": q.kind,
                "text": q.text,
                "paragraph": q.paragraph,
                "start": q.start,
                "end": q.end,
            }
            for q in article.quotes
        ],
        "people": [person(p) for p in article.people],
        "places": [place(p) for p in article.places],
        "organizations": [organization(o) for o in article.organizations],
        "dates": [date_entry(d) for d in article.timeline],
    }


def to_json(article: Article) -> str:
    return json.dumps(to_data(article), ensure_ascii=False, indent=2) + "\n"


RENDERERS: dict[str, Callable[[Article], str]] = {
    "markdown": to_markdown,
    "text": to_text,
    "json": to_json,
}


def render(article: Article, fmt: str) -> str:
    return RENDERERS[fmt](article)


# -- writing -------------------------------------------------------------------------------
class ExportError(Exception):
    """The export could not be written; the message says why, in one line."""


def _mode_for(target: Path) -> int:
    if target.exists():
        return stat.S_IMODE(target.stat().st_mode)
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomically(path: str | os.PathLike[str], content: str, *, force: bool = False) -> Path:
    """Write `content` to `path` through a temporary file in the same directory.

    An existing file is replaced only with `force`; if anything fails, it is left as it was.
    """
    target = Path(path)
    if target.is_dir():
        raise ExportError(f"{target}: is a directory")
    directory = target.parent
    if not directory.is_dir():
        raise ExportError(f"{target}: the directory {directory} does not exist")
    if target.exists() and not force:
        raise ExportError(f"{target}: already exists (use --force to overwrite it)")
    import tempfile  # only here: it costs the reader's start-up a few milliseconds

    try:
        descriptor, temporary = tempfile.mkstemp(
            dir=directory, prefix=f".{target.name}.", suffix=".tmp"
        )
    except OSError as error:
        raise ExportError(f"{target}: cannot write here: {error.strerror or error}") from None
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as stream:
            # mkstemp makes the file private: give it the mode a plain write would have given.
            os.fchmod(stream.fileno(), _mode_for(target))
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        if not force and target.exists():  # someone created it meanwhile
            raise ExportError(f"{target}: already exists (use --force to overwrite it)")
        os.replace(temporary, target)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise ExportError(f"{target}: cannot write: {error.strerror or error}") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target
