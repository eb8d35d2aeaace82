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


def test_a_month_spans_the_whole_month() -> None:
    value = normalise("May", REFERENCE)
    assert (value.start, value.end) == (date(2022, 5, 1), date(2022, 5, 31))


@pytest.mark.parametrize(
    ("words", "start", "end"),
    [
        ("late February", date(2022, 2, 21), date(2022, 2, 28)),
        ("early March", date(2022, 3, 1), date(2022, 3, 10)),
        ("mid-May", date(2022, 5, 11), date(2022, 5, 20)),
        ("late 2014", date(2014, 9, 1), date(2014, 12, 31)),
    ],
)
def test_early_mid_and_late_take_their_part_of_the_month_or_year(
    words: str, start: date, end: date
) -> None:
    value = normalise(words, REFERENCE)
    assert (value.start, value.end) == (start, end)
    assert value.describe().startswith(words.split()[0].split("-")[0])


@pytest.mark.parametrize("words", ["24th", "Friday 24", "on 24"])
def test_a_day_without_a_month_is_a_day_of_the_reference_month(words: str) -> None:
    value = normalise(words, REFERENCE)
    assert (value.start, value.precision) == (date(2022, 6, 24), "day")


def test_a_day_the_reference_month_lacks_is_refused_with_a_reason() -> None:
    with pytest.raises(DateError, match="June 2022 has no day 31: give the month"):
        normalise("31st", REFERENCE)


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
