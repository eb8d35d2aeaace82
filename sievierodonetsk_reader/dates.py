"""Turning the article's words for dates into values, anchored to the article's reference date.

News copy names dates loosely ("on Friday", "late February", "May"): python-dateutil reads the
words, the reference date fills in what the words leave out, and the precision records how much
the words actually said.
"""

from __future__ import annotations

import calendar
import re
import warnings
from datetime import date, datetime, timedelta

from dateutil import parser as dateutil_parser

from .model import NormalisedDate

MODIFIERS = ("early", "mid", "late")
WEEKDAYS = tuple(calendar.day_name)  # Monday ... Sunday, in the C locale

_MODIFIER = re.compile(r"^(early|mid|late)(?:-|\s+)", re.IGNORECASE)
_PREPOSITION = re.compile(r"^(?:on|in|since|by|from|until|at)\s+", re.IGNORECASE)
_WEEKDAY = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b", re.IGNORECASE)
# ASCII digits only: "\d" would take Arabic-Indic digits, and int() would read them.
_YEAR = re.compile(r"[0-9]{4}")
_EXPLICIT = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


class DateError(ValueError):
    """The words or the value given for a date cannot be read."""


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


# Which part of a month or a year "early", "mid" and "late" take: thirds of each.
_MONTH_THIRDS = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}
_YEAR_THIRDS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}


def with_modifier(value: NormalisedDate, modifier: str | None) -> NormalisedDate:
    """`value` narrowed to the part its modifier names: "late February" is 21-28 February."""
    if modifier is None:
        return NormalisedDate(value.start, value.end, value.precision)
    start, end = value.start, value.end
    if value.precision == "month":
        first, last = _MONTH_THIRDS[modifier]
        start = start.replace(day=first)
        end = end.replace(day=min(last, end.day))
    elif value.precision == "year":
        first, last = _YEAR_THIRDS[modifier]
        start = date(start.year, first, 1)
        end = _month_end(start.year, last)
    return NormalisedDate(start, end, value.precision, modifier)


def parse_explicit(value: str, modifier: str | None = None) -> NormalisedDate:
    """Read a value written in the article file: 2022-06-24, 2022-02, 2014 or 1939/1945."""
    parts = value.strip().split("/")
    if len(parts) > 2 or not all(parts):
        raise DateError(f"cannot read date value {value!r}: use YYYY, YYYY-MM, YYYY-MM-DD or A/B")
    bounds = []
    for part in parts:
        match = _EXPLICIT.fullmatch(part.strip())
        if match is None:
            raise DateError(
                f"cannot read date value {value!r}: use YYYY, YYYY-MM, YYYY-MM-DD or A/B"
            )
        year, month, day = (int(g) if g else None for g in match.groups())
        assert year is not None
        try:
            if day is not None and month is not None:
                bounds.append((date(year, month, day), date(year, month, day), "day"))
            elif month is not None:
                bounds.append((date(year, month, 1), _month_end(year, month), "month"))
            else:
                bounds.append((date(year, 1, 1), date(year, 12, 31), "year"))
        except ValueError as error:
            raise DateError(f"cannot read date value {value!r}: {error}") from None
    if len(bounds) == 1:
        start, end, precision = bounds[0]
        return with_modifier(NormalisedDate(start, end, precision), modifier)  # type: ignore[arg-type]
    start, end = bounds[0][0], bounds[1][1]
    if end < start:
        raise DateError(f"date range {value!r} ends before it starts")
    return NormalisedDate(start, end, "range", modifier)


def normalise(text: str, reference: date) -> NormalisedDate:
    """Read `text` ("Friday, June 24", "late February", "2014") relative to `reference`."""
    words = text.strip()
    modifier = None
    match = _MODIFIER.match(words)
    if match:
        modifier = match.group(1).lower()
        words = words[match.end() :]
    words = _PREPOSITION.sub("", words).strip()
    if not words:
        raise DateError(f"cannot read {text!r} as a date")
    try:
        return with_modifier(_read(text, words, reference), modifier)
    except (ValueError, OverflowError) as error:  # year 0, or a day before 1 January 0001
        if isinstance(error, DateError):
            raise
        raise DateError(f"{text!r} is not a date this reader can hold (years 1 to 9999)") from None


def _read(text: str, words: str, reference: date) -> NormalisedDate:
    if _YEAR.fullmatch(words):
        year = int(words)
        return NormalisedDate(date(year, 1, 1), date(year, 12, 31), "year")

    weekday = _WEEKDAY.fullmatch(words)
    if weekday:
        # A bare weekday in a news report means the most recent such day, up to the report's day.
        wanted = WEEKDAYS.index(weekday.group(1).capitalize())
        day = reference - timedelta(days=(reference.weekday() - wanted) % 7)
        return NormalisedDate(day, day, "day")

    # Parse twice with different defaults: a field the words left out comes back different
    # (the time too, so that "0 AM" is seen as a time, which a date in the text never has).
    early = datetime(reference.year, 1, 1, 0, 0)
    late = datetime(reference.year, 12, 28, 23, 59)
    with warnings.catch_warnings(record=True) as caught:  # e.g. an unknown time zone "T"
        warnings.simplefilter("always")
        try:
            first = dateutil_parser.parse(words, default=early)
            second = dateutil_parser.parse(words, default=late)
        except (ValueError, OverflowError):
            # dateutil's message repeats the words; the error already names them, escaped.
            raise DateError(f"cannot read {text!r} as a date") from None
    if caught or first.time() == second.time() or first.tzinfo or first.year != second.year:
        raise DateError(f"cannot read {text!r} as a date (it has a time or a time zone)")
    if first.month != second.month:
        if first.day == second.day:  # a day without a month ("the 24th"): the report's month
            try:
                day = reference.replace(day=first.day)
            except ValueError:
                raise DateError(
                    f"{text!r} names day {first.day} but no month, and "
                    f"{reference:%B %Y} has no day {first.day}: give the month"
                ) from None
            return NormalisedDate(day, day, "day")
        year = first.year
        return NormalisedDate(date(year, 1, 1), date(year, 12, 31), "year")
    if first.day != second.day:
        start = date(first.year, first.month, 1)
        return NormalisedDate(start, _month_end(first.year, first.month), "month")
    return NormalisedDate(first.date(), first.date(), "day")


def weekday_mismatch(form: str, value: NormalisedDate) -> str | None:
    """If `form` names a weekday that `value` does not fall on, say so."""
    match = _WEEKDAY.search(form)
    if match is None or value.precision != "day":
        return None
    named = match.group(1).capitalize()
    actual = WEEKDAYS[value.start.weekday()]
    if named == actual:
        return None
    return f"{form!r} names a {named}, but {value.iso()} is a {actual}"
