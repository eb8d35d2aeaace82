"""The article in the formats people paste into their own tools: CSL-JSON (Zotero, pandoc),
BibTeX, RIS, Wikipedia's {{cite news}}, a W3C Web Annotation collection of its speech, and
GeoJSON of its places.

What the source does not state (a publication date, an author) is left out or said to be
missing, never invented: the report's reference date is the day of its events.
"""

from __future__ import annotations

import json
import re
from typing import Any

from .attribution import KIND_LABELS, UNREVIEWED, quoted_words, speaker_line, translated
from .export import to_text
from .model import Article, Quote

NOT_STATED = "not stated in the source"
CONTEXT = 32  # characters of prefix and suffix in a TextQuoteSelector


def _note(article: Article) -> str:
    """What a citation says of the report's language and date, in words."""
    events = f"events of {article.metadata.reference_date:%d %B %Y}"
    how = translated(article)
    return f"{how[0].upper()}{how[1:]}; {events}" if how else events


def _publisher(article: Article) -> tuple[str | None, str | None]:
    publisher = article.metadata.publisher
    return (publisher.name, publisher.url) if publisher is not None else (None, None)


# -- CSL-JSON ------------------------------------------------------------------------------------
def to_csl_json(article: Article) -> str:
    """One CSL item (a newspaper article), as Zotero and pandoc read it."""
    meta = article.metadata
    name, url = _publisher(article)
    item: dict[str, Any] = {
        "id": meta.id,
        "type": "article-newspaper",
        "title": meta.title,
        "language": meta.language,
        "note": f"{_note(article)}; date and author {NOT_STATED}",
    }
    if name:
        item["container-title"] = name
        item["publisher"] = name
    if url:
        item["URL"] = url
    return json.dumps([item], ensure_ascii=False, indent=2) + "\n"


# -- BibTeX --------------------------------------------------------------------------------------
_BIBTEX_SPECIAL = re.compile(r"([\\{}%&#$_^~])")
_BIBTEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}


def _bibtex_value(text: str) -> str:
    escaped = _BIBTEX_SPECIAL.sub(lambda m: _BIBTEX_ESCAPES.get(m.group(), "\\" + m.group()), text)
    return "{" + escaped + "}"


def to_bibtex(article: Article) -> str:
    """A @misc entry (what every BibTeX style knows), the title's case kept."""
    meta = article.metadata
    name, url = _publisher(article)
    key = re.sub(r"[^A-Za-z0-9_:-]", "-", meta.id)
    fields = [("title", "{" + _bibtex_value(meta.title) + "}")]
    if name:
        fields.append(("howpublished", _bibtex_value(name)))
    if url:
        fields.append(("url", "{" + url.replace("}", "%7D").replace("{", "%7B") + "}"))
    note = f"{_note(article)}; date and author {NOT_STATED}"
    fields += [("language", _bibtex_value(meta.language)), ("note", _bibtex_value(note))]
    body = ",\n".join(f"  {field} = {value}" for field, value in fields)
    return f"@misc{{{key},\n{body}\n}}\n"


# -- RIS -----------------------------------------------------------------------------------------
def to_ris(article: Article) -> str:
    """A NEWS record, one tag a line, as reference managers import it."""
    meta = article.metadata
    name, url = _publisher(article)
    lines = [("TY", "NEWS"), ("TI", meta.title)]
    if name:
        lines += [("T2", name), ("PB", name)]
    if url:
        lines.append(("UR", url))
    note = f"{_note(article)}; date and author {NOT_STATED}"
    lines += [("LA", meta.language), ("N1", note), ("ER", "")]
    return "".join(f"{tag}  - {_one_line(value)}".rstrip() + "\n" for tag, value in lines)


def _one_line(text: str) -> str:
    return " ".join(text.split())


# -- Wikipedia -----------------------------------------------------------------------------------
def _template_value(text: str) -> str:
    """A parameter's value with what would break the template written as entities."""
    return text.replace("|", "&#124;").replace("{{", "&#123;&#123;").replace("}}", "&#125;&#125;")


def cite_news(article: Article, quote: Quote | None = None) -> str:
    """{{cite news}}: what the source gives, and "not stated" for what it does not."""
    meta = article.metadata
    name, url = _publisher(article)
    params = [("title", meta.title)]
    if url:
        params.append(("url", url))
    if name:
        params.append(("work", name))
    params.append(("language", meta.language))
    if quote is not None:  # a quotation's own words, what is not the speaker's in brackets
        params.append(("quote", quoted_words(quote)))
    fields = " ".join(f"|{key}={_template_value(value)}" for key, value in params if value)
    missing = f"<!-- date and author: {NOT_STATED}; {_template_value(_note(article))} -->"
    if quote is not None and quote.suggested:
        missing += f"<!-- the quote's attribution is {UNREVIEWED} -->"
    return f"{{{{cite news {fields}}}}}{missing}"


def to_wikipedia(article: Article) -> str:
    """The article's {{cite news}}, then one for each quotation, with its words."""
    lines = [cite_news(article)]
    lines += [cite_news(article, quote) for quote in article.quotations if not quote.nested]
    return "\n".join(lines) + "\n"


# -- W3C Web Annotation --------------------------------------------------------------------------
def paragraph_offsets(article: Article) -> list[int]:
    """Where each paragraph starts in the text export (paragraphs, a blank line between)."""
    offsets, position = [], 0
    for paragraph in article.paragraphs:
        offsets.append(position)
        position += len(paragraph.text) + 2
    return offsets


def to_annotations(article: Article) -> str:
    """An AnnotationCollection: each passage of speech, its speaker and kind in the body,
    found by TextQuoteSelector and by TextPositionSelector offsets into the text export."""
    text = to_text(article)
    starts = paragraph_offsets(article)
    _, url = _publisher(article)
    items = []
    for quote in article.quotes:
        start = starts[quote.paragraph - 1] + quote.start
        end = start + len(quote.text)
        kind = KIND_LABELS[quote.kind]
        how = f", {quote.via.words}" if quote.via is not None and quote.via.words else ""
        items.append(
            {
                "id": f"#speech-{quote.index + 1}",
                "type": "Annotation",
                "motivation": "describing",
                "body": {
                    "type": "TextualBody",
                    "value": f"{kind} by {speaker_line(article, quote.speaker)}{how}"
                    + (f" ({UNREVIEWED})" if quote.suggested else ""),
                    "format": "text/plain",
                },
                "target": {
                    "source": url or f"urn:article:{article.metadata.id}",
                    "selector": [
                        {
                            "type": "TextQuoteSelector",
                            "exact": text[start:end],
                            "prefix": text[max(0, start - CONTEXT) : start],
                            "suffix": text[end : end + CONTEXT],
                        },
                        {"type": "TextPositionSelector", "start": start, "end": end},
                    ],
                },
            }
        )
    collection = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "AnnotationCollection",
        "label": f"Speech in {article.metadata.title}",
        "total": len(items),
        "first": {"type": "AnnotationPage", "items": items},
    }
    return json.dumps(collection, ensure_ascii=False, indent=2) + "\n"


# -- GeoJSON -------------------------------------------------------------------------------------
def to_geojson(article: Article) -> str:
    """The places with coordinates, as points ([longitude, latitude], as GeoJSON orders them)."""
    features = [
        {
            "type": "Feature",
            "id": place.id,
            "geometry": {"type": "Point", "coordinates": [place.longitude, place.latitude]},
            "properties": {
                "name": place.name,
                "kind": place.kind,
                "point": place.point,
                "point_name": place.point_name,
                "mentions": len(article.mentions_of(place.id)),
            },
        }
        for place in article.places
        if place.latitude is not None and place.longitude is not None
    ]
    return (
        json.dumps(
            {"type": "FeatureCollection", "features": features}, ensure_ascii=False, indent=2
        )
        + "\n"
    )
