"""What `draft` reads: a report saved as plain text (paragraphs separated by blank lines) or
as an HTML page (its main text found by trafilatura, the `[draft]` extra)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from ..controls import FORBIDDEN_IN_ARTICLES
from ..loader import UnreadableFile, bounded_file_bytes, max_bytes_from_environment

MIN_ARTICLE_WORDS = 12
DRAFT_EXTRA = "pip install 'sievierodonetsk-reader[draft]'"
_HTML = re.compile(rb"^\s*(?:<!doctype\s+html|<html|<head|<body|<meta|<!--)", re.IGNORECASE)


class SourceError(ValueError):
    """The input cannot be drafted: the message names the file, and where, and why."""


@dataclass(frozen=True)
class Source:
    paragraphs: list[str]
    title: str | None = None  # an HTML page's own title


def read_source(path: str) -> Source:
    """The paragraphs of the report saved at `path`."""
    name = os.fspath(path)
    limit = max_bytes_from_environment()
    try:
        data = bounded_file_bytes(name, limit, "a saved report", "one report")
    except UnreadableFile as error:
        raise SourceError(f"{name}: {error}") from None
    if b"\x00" in data:
        raise SourceError(
            f"{name}: a binary file (a NUL byte at offset {data.index(0):,}), not text"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SourceError(
            f"{name}: not UTF-8 text (byte 0x{data[error.start]:02X} at offset {error.start:,}): "
            "save it as UTF-8"
        ) from None
    looks_html = name.lower().endswith((".html", ".htm", ".xhtml")) or _HTML.match(data)
    source = _from_html(name, text) if looks_html else Source(paragraphs_of(text))
    _check_characters(name, source.paragraphs)
    if not source.paragraphs:
        raise SourceError(f"{name}: no text to draft: the file holds no paragraphs")
    return source


def paragraphs_of(text: str) -> list[str]:
    """Paragraphs separated by blank lines; the lines of one paragraph joined by a space (a
    saved text is often wrapped), and blanks at its edges left out."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = []
    for block in re.split(r"\n[ \t]*\n\s*", text):
        lines = [line.strip() for line in block.split("\n")]
        paragraph = " ".join(line for line in lines if line)
        if paragraph:
            paragraphs.append(paragraph)
    return paragraphs


def _from_html(name: str, text: str) -> Source:
    try:
        import trafilatura
    except ImportError:
        raise SourceError(
            f"{name}: reading an HTML page needs the draft extra: {DRAFT_EXTRA} "
            "(or save the page as plain text)"
        ) from None
    extracted = trafilatura.extract(
        text,
        output_format="txt",
        include_comments=False,
        include_tables=False,
        favor_precision=True,
    )
    # A page's menus and footers can leave a few words behind: an article has sentences.
    if not extracted or len(extracted.split()) < MIN_ARTICLE_WORDS:
        raise SourceError(f"{name}: no article text found in this page")
    metadata = trafilatura.extract_metadata(text)
    title = metadata.title if metadata is not None and metadata.title else None
    # trafilatura gives one paragraph a line.
    paragraphs = [line.strip() for line in extracted.splitlines() if line.strip()]
    if title and FORBIDDEN_IN_ARTICLES.search(title):
        title = None
    if title and paragraphs and paragraphs[0] == title:
        paragraphs = paragraphs[1:]  # the headline is the title, not the first paragraph
    return Source(paragraphs, title)


def _check_characters(name: str, paragraphs: list[str]) -> None:
    for number, paragraph in enumerate(paragraphs, start=1):
        bad = FORBIDDEN_IN_ARTICLES.search(paragraph)
        if bad is not None:
            raise SourceError(
                f"{name}: paragraph {number}, character {bad.start() + 1}: the control "
                f"character U+{ord(bad.group()):04X} cannot be part of an article: remove it"
            )
