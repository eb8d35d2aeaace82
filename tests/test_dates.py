from __future__ import annotations

from datetime import date

import pytest

from sievierodonetsk_reader.dates import DateError, normalise, parse_explicit, weekday_mismatch

REFERENCE = date(2022, 6, 24)  # a Friday


@pytest.mark.parametrize(
    ("words", "iso", "precision", "modifier"),
    [
        ("Friday, June 24", "2022-06-24", "day", None),
        ("June 24", "2022-06-24", "day", None),
        ("on Friday", "2022-06-24", "day", None),
        ("Monday", "2022-06-20", "day", None),  # the Monday before the report
        ("late February", "2022-02", "month", "late"),
        ("early-March", "2022-03", "month", "early"),
        ("May", "2022-05", "month", None),
        ("in May", "2022-05", "month", None),
        ("May 9", "2022-05-09", "day", None),
        ("2014", "2014", "year", None),
        ("June 24, 2021", "2021-06-24", "day", None),
    ],
)
def test_words_are_normalised_against_the_reference_date(
    words: str, iso: str, precision: str, modifier: str | None
) -> None:
    value = normalise(words, REFERENCE)
    assert (value.iso(), value.precision, value.modifier) == (iso, precision, modifier)


def test_month_precision_spans_the_whole_month() -> None:
    value = normalise("late February", REFERENCE)
    assert (value.start, value.end) == (date(2022, 2, 1), date(2022, 2, 28))
    assert value.describe() == "late February 2022"


@pytest.mark.parametrize("words", ["World War Two", "the day after", "", "late", "24:61"])
def test_words_that_are_not_a_date_are_refused(words: str) -> None:
    with pytest.raises(DateError):
        normalise(words, REFERENCE)


@pytest.mark.parametrize(
    ("value", "iso", "precision"),
    [
        ("1939/1945", "1939/1945", "range"),
        ("2022-06-24", "2022-06-24", "day"),
        ("2022-02", "2022-02", "month"),
        ("2014", "2014", "year"),
    ],
)
def test_explicit_values(value: str, iso: str, precision: str) -> None:
    parsed = parse_explicit(value)
    assert (parsed.iso(), parsed.precision) == (iso, precision)


@pytest.mark.parametrize("value", ["1945/1939", "2022-13", "22-06-24", "1939/", "soon"])
def test_bad_explicit_values_are_refused(value: str) -> None:
    with pytest.raises(DateError):
        parse_explicit(value)


def test_weekday_mismatch_is_reported_and_matching_weekday_is_not() -> None:
    friday = normalise("June 24", REFERENCE)
    assert weekday_mismatch("Friday, June 24", friday) is None
    message = weekday_mismatch("Thursday, June 24", friday)
    assert message is not None and "Thursday" in message and "Friday" in message
    assert weekday_mismatch("Thursday", normalise("May", REFERENCE)) is None  # not a single day
