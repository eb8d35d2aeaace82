"""Sentences and quotations of a paragraph, by offsets into its text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .letters import CAPITAL

OPENING = {'"': '"', "“": "”", "„": "“", "«": "»"}
# A sentence ends at . ! ? (with any closing quotation mark after it) before a blank and
# a capital letter or an opening quotation mark, outside a quotation.
_ABBREVIATIONS = frozenset(
    [
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "Prof",
        "Gen",
        "Col",
        "Lt",
        "Sgt",
        "Capt",
        "Maj",
        "Rep",
        "Sen",
        "Gov",
        "St",
        "Jr",
        "Sr",
        "No",
        "Vol",
        "vs",
        "etc",
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Sept",
        "Oct",
        "Nov",
        "Dec",
        "U.S",
        "U.K",
        "U.N",
        "E.U",
    ]
)


# A wire report's dateline: "JAKARTA - ", "KYIV (Reuters) - ", "ZAPORIZHZHIA, Ukraine (AP) - ".
DATELINE = re.compile(
    r"(?P<place>[A-Z][A-Z .'-]{1,40}?)(?:,\s+[A-Z][A-Za-z .'-]{1,30}?)?\s*"
    r"(?:\([^)]{1,40}\))?\s*[-–—]\s+"
)


@dataclass(frozen=True, slots=True)
class Quotation:
    start: int  # offset of the opening mark
    end: int  # offset just after the closing mark
    balanced: bool = True  # False: no closing mark, so the quotation runs to the paragraph's end

    @property
    def inner(self) -> tuple[int, int]:
        return self.start + 1, self.end - 1 if self.balanced else self.end


def quotations(text: str) -> list[Quotation]:
    """The top-level quotations of `text`, straight or curly; a quotation nested in another
    ('single' marks, or curly in straight) stays part of the outer one."""
    found: list[Quotation] = []
    position = 0
    while position < len(text):
        char = text[position]
        if char in OPENING and _opens(text, position):
            closing = OPENING[char]
            end = _closing(text, position + 1, closing)
            if end is None:
                found.append(Quotation(position, len(text), balanced=False))
                break
            found.append(Quotation(position, end + 1))
            position = end + 1
            continue
        position += 1
    return found


def _opens(text: str, position: int) -> bool:
    """A straight mark opens a quotation after a blank, a bracket or at the start."""
    if text[position] != '"':
        return True
    return position == 0 or text[position - 1] in " \t([{—–-/"


def _closing(text: str, start: int, closing: str) -> int | None:
    for position in range(start, len(text)):
        if text[position] == closing and (
            closing != '"' or position + 1 == len(text) or not text[position + 1].isalnum()
        ):
            return position
    return None


def sentences(text: str, quoted: list[Quotation]) -> list[tuple[int, int]]:
    """(start, end) of each sentence; a quotation is never split."""
    inside = [False] * (len(text) + 1)
    for quotation in quoted:
        for offset in range(quotation.start + 1, quotation.end - 1):
            inside[offset] = True
    spans = []
    start = 0
    for match in re.finditer(rf"[.!?]+[\"”’»)]*(?=\s+[\"“«(]?[{CAPITAL}0-9])", text):
        end = match.end()
        if inside[match.start()]:
            continue
        word = re.search(r"(\S+)$", text[start : match.start()])
        if word and (word.group(1) in _ABBREVIATIONS or re.fullmatch(r"[A-Z]", word.group(1))):
            continue
        spans.append((start, end))
        start = end
        while start < len(text) and text[start].isspace():
            start += 1
    if start < len(text):
        spans.append((start, len(text)))
    return spans
