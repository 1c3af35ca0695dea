"""Quarters: parsing, calendar bounds, elapsed share (the expected progress) and week numbers."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings, strategies as st

from okrtui.domain.quarter import Quarter, as_utc

quarters = st.builds(Quarter, st.integers(min_value=1900, max_value=2200), st.integers(min_value=1, max_value=4))


@pytest.mark.parametrize("text", ["2026-Q4", "2026-q4", "2026Q4", " 2026 - Q4 ", "2026-Q4\n"])
def test_parse_accepts_the_usual_spellings(text):
    assert Quarter.parse(text) == Quarter(2026, 4)


@pytest.mark.parametrize("text", ["2026-Q5", "2026-Q0", "Q4-2026", "26-Q4", "2026", "", "2026-Q4-1", "twenty"])
def test_parse_refuses_with_a_sentence(text):
    with pytest.raises(ValueError, match="is not a quarter; write it like 2026-Q4"):
        Quarter.parse(text)


def test_str_is_the_stored_form():
    assert str(Quarter(2026, 4)) == "2026-Q4"
    assert str(Quarter(2027, 1)) == "2027-Q1"


@pytest.mark.parametrize(
    "quarter, start, end, days",
    [
        # Q1 2026: Jan 31 + Feb 28 + Mar 31 = 90 days
        (Quarter(2026, 1), date(2026, 1, 1), date(2026, 3, 31), 90),
        # Q1 2024 is a leap year: Jan 31 + Feb 29 + Mar 31 = 91 days
        (Quarter(2024, 1), date(2024, 1, 1), date(2024, 3, 31), 91),
        # Q2: Apr 30 + May 31 + Jun 30 = 91
        (Quarter(2026, 2), date(2026, 4, 1), date(2026, 6, 30), 91),
        # Q3: Jul 31 + Aug 31 + Sep 30 = 92
        (Quarter(2026, 3), date(2026, 7, 1), date(2026, 9, 30), 92),
        # Q4 = Oct 1 - Dec 31: 31 + 30 + 31 = 92
        (Quarter(2026, 4), date(2026, 10, 1), date(2026, 12, 31), 92),
    ],
)
def test_calendar_bounds(quarter, start, end, days):
    assert quarter.start == start
    assert quarter.end == end
    assert quarter.days == days
    assert quarter.contains(start) and quarter.contains(end)
    assert not quarter.contains(start - timedelta(days=1))
    assert not quarter.contains(end + timedelta(days=1))


@pytest.mark.parametrize(
    "day, expected",
    [
        (date(2026, 1, 1), Quarter(2026, 1)),
        (date(2026, 3, 31), Quarter(2026, 1)),
        (date(2026, 4, 1), Quarter(2026, 2)),
        (date(2026, 9, 30), Quarter(2026, 3)),
        (date(2026, 10, 1), Quarter(2026, 4)),
        (date(2026, 12, 31), Quarter(2026, 4)),
    ],
)
def test_containing(day, expected):
    assert Quarter.containing(day) == expected
    assert Quarter.current(day) == expected


def test_next_and_previous_cross_the_year():
    assert Quarter(2026, 4).next() == Quarter(2027, 1)
    assert Quarter(2027, 1).previous() == Quarter(2026, 4)
    assert Quarter(2026, 2).next() == Quarter(2026, 3)
    assert Quarter(2026, 2).previous() == Quarter(2026, 1)


def test_quarters_order_by_time():
    assert Quarter(2026, 4) < Quarter(2027, 1) < Quarter(2027, 2)
    assert sorted([Quarter(2027, 1), Quarter(2026, 2), Quarter(2026, 4)]) == [
        Quarter(2026, 2), Quarter(2026, 4), Quarter(2027, 1)
    ]


@pytest.mark.parametrize(
    "day, expected",
    [
        (date(2026, 9, 30), 0.0),  # before the quarter
        (date(2026, 10, 1), 1 / 92),  # by the end of the first day, 1 of 92 days
        (date(2026, 11, 15), 0.5),  # Oct (31) + Nov 1..15 (15) = 46 days; 46/92 = 0.5
        (date(2026, 12, 30), 91 / 92),
        (date(2026, 12, 31), 1.0),  # the last day
        (date(2027, 2, 1), 1.0),  # after the quarter
    ],
)
def test_elapsed_share(day, expected):
    assert Quarter(2026, 4).elapsed(day) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize(
    "day, week",
    [
        (date(2026, 9, 1), 1),  # before the quarter folds into week 1
        (date(2026, 10, 1), 1),
        (date(2026, 10, 7), 1),  # day index 6 -> 6 // 7 + 1 = 1
        (date(2026, 10, 8), 2),  # day index 7
        (date(2026, 11, 15), 7),  # day index 45 -> 45 // 7 + 1 = 7
        (date(2026, 12, 24), 13),  # day index 84 -> 13
        (date(2026, 12, 31), 13),  # day index 91 would be week 14; folds into 13
        (date(2027, 1, 5), 13),  # after the quarter
    ],
)
def test_week_of(day, week):
    assert Quarter(2026, 4).week_of(day) == week


def test_as_utc_reads_naive_as_utc_and_converts_aware():
    from datetime import datetime, timezone

    naive = datetime(2026, 10, 1, 12, 0)
    assert as_utc(naive) == datetime(2026, 10, 1, 12, 0, tzinfo=timezone.utc)
    plus8 = datetime(2026, 10, 1, 20, 0, tzinfo=timezone(timedelta(hours=8)))
    converted = as_utc(plus8)
    assert converted.tzinfo == timezone.utc and converted.hour == 12


# ---- properties ---------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(quarters)
def test_parse_round_trips_str(q):
    assert Quarter.parse(str(q)) == q


@settings(max_examples=200, deadline=None)
@given(quarters)
def test_next_previous_are_inverse(q):
    assert q.next().previous() == q
    assert q.previous().next() == q
    assert q.previous() < q < q.next()
    # consecutive quarters tile the calendar
    assert q.next().start == q.end + timedelta(days=1)


@settings(max_examples=200, deadline=None)
@given(quarters, st.integers(min_value=-30, max_value=125), st.integers(min_value=0, max_value=40))
def test_elapsed_is_monotonic_and_bounded(q, offset, step):
    day = q.start + timedelta(days=offset)
    later = day + timedelta(days=step)
    a, b = q.elapsed(day), q.elapsed(later)
    assert 0.0 <= a <= 1.0 and 0.0 <= b <= 1.0
    assert a <= b


@settings(max_examples=200, deadline=None)
@given(quarters, st.integers(min_value=-30, max_value=125))
def test_week_of_is_1_to_13(q, offset):
    day = q.start + timedelta(days=offset)
    week = q.week_of(day)
    assert 1 <= week <= 13
    if q.contains(day):
        assert q.elapsed(day) > 0.0
