"""The one clock: instants in UTC, days in the workspace's zone, and the hard moments of a calendar.

Expected values are worked out by hand in the comments (offsets: Pacific/Kiritimati is UTC+14,
America/Adak UTC-10 in winter, Asia/Taipei UTC+8, no DST)."""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta, timezone

import pytest

from okrtui.domain.clock import (
    NOW_ENV,
    BadMoment,
    Clock,
    FixedClock,
    StartedClock,
    instant_in,
    machine_zone_name,
    parse_moment,
    start_of_day,
    system_clock,
    view_moment,
    zone_named,
)
from okrtui.domain.quarter import Quarter

UTC = timezone.utc
KIRITIMATI, ADAK, TAIPEI = zone_named("Pacific/Kiritimati"), zone_named("America/Adak"), zone_named("Asia/Taipei")


def local(zone, *parts) -> FixedClock:
    return FixedClock(datetime(*parts, tzinfo=zone), zone)


@pytest.mark.parametrize("zone", [KIRITIMATI, ADAK, TAIPEI], ids=["Kiritimati", "Adak", "Taipei"])
def test_new_year_is_the_local_new_year(zone):
    before = local(zone, 2026, 12, 31, 23, 30)
    after = local(zone, 2027, 1, 1, 0, 30)
    assert (before.today(), Quarter.current(before.today())) == (date(2026, 12, 31), Quarter(2026, 4))
    assert (after.today(), Quarter.current(after.today())) == (date(2027, 1, 1), Quarter(2027, 1))
    # The instants are an hour apart, whatever the zone; the UTC date can differ from the local one.
    assert after.now() - before.now() == timedelta(hours=1)


def test_the_utc_date_is_not_the_day():
    # 1 Jan 00:30 in Kiritimati is 31 Dec 10:30 UTC; 31 Dec 23:30 in Adak is 1 Jan 09:30 UTC.
    assert local(KIRITIMATI, 2027, 1, 1, 0, 30).now() == datetime(2026, 12, 31, 10, 30, tzinfo=UTC)
    assert local(ADAK, 2026, 12, 31, 23, 30).now() == datetime(2027, 1, 1, 9, 30, tzinfo=UTC)
    # A morning check-in in Taipei on 1 January belongs to the new quarter, not the one that ended.
    morning = FixedClock(datetime(2026, 12, 31, 23, 0, tzinfo=UTC), TAIPEI)  # 07:00 on 1 Jan in Taipei
    assert Quarter.current(morning.today()) == Quarter(2027, 1)


def test_first_and_last_day_of_a_quarter():
    q = Quarter(2026, 4)  # Oct 1 – Dec 31, 92 days
    first, last = local(TAIPEI, 2026, 10, 1, 0, 5), local(TAIPEI, 2026, 12, 31, 23, 55)
    assert q.week_of(first.today()) == 1 and q.elapsed(first.today()) == pytest.approx(1 / 92)
    assert q.week_of(last.today()) == 13 and q.elapsed(last.today()) == 1.0
    assert view_moment(first, q) == (date(2026, 10, 1), first.now())
    assert view_moment(last, q) == (date(2026, 12, 31), last.now())


def test_a_quarter_of_14_weeks_folds_its_last_days_into_week_13():
    # Q3 2026 runs Jul 1 – Sep 30: 92 days, so Sep 30 is day 92, in a 14th week that has one day.
    q = Quarter(2026, 3)
    assert q.days == 92 and (q.end - q.start).days // 7 + 1 == 14
    assert q.week_of(date(2026, 9, 30)) == 13 and q.week_of(date(2026, 9, 23)) == 13
    assert q.week_of(date(2026, 9, 22)) == 12  # day 84: (84 - 1) // 7 + 1 = 12


def test_29_february_2028():
    # 2028-Q1: Jan 31 + Feb 29 + Mar 31 = 91 days; by the end of Feb 29, 60 of them have passed.
    leap = local(ADAK, 2028, 2, 29, 12, 0)
    q = Quarter.current(leap.today())
    assert (q, q.days) == (Quarter(2028, 1), 91)
    assert q.elapsed(leap.today()) == pytest.approx(60 / 91) and q.week_of(leap.today()) == 9
    assert leap.end_of(date(2028, 2, 29)) == datetime(2028, 3, 1, 10, 0, tzinfo=UTC) - timedelta(microseconds=1)


def test_a_past_quarter_is_seen_at_its_last_moment_and_a_future_one_from_now():
    clock = local(TAIPEI, 2027, 1, 15, 9, 0)
    day, moment = view_moment(clock, Quarter(2026, 4))
    assert day == date(2026, 12, 31)
    assert moment == datetime(2026, 12, 31, 15, 59, 59, 999999, tzinfo=UTC)  # 23:59:59.999999 in Taipei
    assert view_moment(clock, Quarter(2027, 2)) == (date(2027, 1, 15), clock.now())


def test_a_value_for_a_past_or_future_quarter_is_filed_inside_it():
    clock = local(TAIPEI, 2027, 1, 15, 9, 0)
    assert instant_in(clock, Quarter(2027, 1)) == clock.now()
    assert instant_in(clock, Quarter(2026, 3)) == datetime(2026, 9, 30, 15, 59, 59, 999999, tzinfo=UTC)
    assert instant_in(clock, Quarter(2027, 2)) == datetime(2027, 3, 31, 16, 0, tzinfo=UTC)  # Apr 1 00:00 Taipei


def test_start_of_day_across_a_dst_change():
    # Adak moves to UTC-9 on 14 Mar 2027: that day starts at 10:00 UTC, the next at 09:00 UTC.
    assert start_of_day(date(2027, 3, 14), ADAK) == datetime(2027, 3, 14, 10, 0, tzinfo=UTC)
    assert start_of_day(date(2027, 3, 15), ADAK) == datetime(2027, 3, 15, 9, 0, tzinfo=UTC)


def test_a_started_clock_runs_on_from_its_moment():
    start = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
    clock = StartedClock(start, TAIPEI)
    first = clock.now()
    time.sleep(0.02)
    second = clock.now()
    assert start <= first < second < start + timedelta(seconds=5)
    assert clock.today() == date(2026, 11, 30) and clock.local().hour == 20


def test_a_moment_without_an_offset_is_read_in_the_workspace_zone():
    clock = StartedClock(parse_moment("2026-12-31T23:30"), KIRITIMATI)
    assert clock.today() == date(2026, 12, 31)
    assert abs(clock.now() - datetime(2026, 12, 31, 9, 30, tzinfo=UTC)) < timedelta(seconds=5)
    # Opened on a workspace in Adak, the same setting means 23:30 on Adak's 31 December (09:30 UTC
    # on 1 January): a demo's "noon" is noon on the calendar of the workspace it shows.
    elsewhere = clock.in_zone("America/Adak")
    assert elsewhere.today() == date(2026, 12, 31)
    assert abs(elsewhere.now() - datetime(2027, 1, 1, 9, 30, tzinfo=UTC)) < timedelta(seconds=5)
    # An aware moment is the same instant in every zone.
    aware = StartedClock(parse_moment("2026-12-31T23:30+14:00"), KIRITIMATI).in_zone("America/Adak")
    assert aware.today() == date(2026, 12, 30)
    assert abs(aware.now() - datetime(2026, 12, 31, 9, 30, tzinfo=UTC)) < timedelta(seconds=5)


def test_okrtui_now_starts_the_system_clock(monkeypatch):
    monkeypatch.setenv(NOW_ENV, "2027-03-31T12:00+00:00")
    clock = system_clock(zone="UTC")
    assert isinstance(clock, StartedClock) and clock.today() == date(2027, 3, 31)
    assert system_clock("2028-02-29T12:00+00:00", "UTC").today() == date(2028, 2, 29)  # --now wins
    monkeypatch.setenv(NOW_ENV, "")
    assert type(system_clock(zone="UTC")) is Clock
    monkeypatch.setenv(NOW_ENV, "yesterday")
    with pytest.raises(BadMoment, match="'yesterday' is not a moment; write it like 2026-11-30T12:00"):
        system_clock()


def test_zones_by_name(monkeypatch):
    assert zone_named("UTC") is UTC and zone_named("Asia/Taipei") == TAIPEI
    with pytest.raises(BadMoment, match="'Mars/Olympus' is not a time zone"):
        zone_named("Mars/Olympus")
    monkeypatch.setenv("TZ", "America/Adak")
    assert machine_zone_name() == "America/Adak"
    monkeypatch.setenv("TZ", "Not/AZone")
    assert machine_zone_name() != "Not/AZone"


def test_the_end_of_the_last_day_there_is():
    assert Clock(UTC).end_of(date.max).year == 9999
