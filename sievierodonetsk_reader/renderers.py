"""Every format `export -f` writes, by the name the command line takes."""

from __future__ import annotations

from collections.abc import Callable

from .citations import to_annotations, to_bibtex, to_csl_json, to_geojson, to_ris, to_wikipedia
from .export import to_json, to_markdown, to_text
from .model import Article

RENDERERS: dict[str, Callable[[Article], str]] = {
    "markdown": to_markdown,
    "text": to_text,
    "json": to_json,
    "csl-json": to_csl_json,
    "bibtex": to_bibtex,
    "ris": to_ris,
    "wikipedia": to_wikipedia,
    "annotations": to_annotations,
    "geojson": to_geojson,
}


def render(article: Article, fmt: str) -> str:
    return RENDERERS[fmt](article)
