"""The one clock: every "now" and "today" in okrtui comes from here, and only this module reads
the system clock (tests/test_clock_rule.py enforces it).

The rule for time: instants are aware and stored in UTC; days (today, quarters, weeks, the
previous working day) are the calendar of the workspace's time zone, a setting stored in the
database (meta.timezone, default: the zone of the machine that created it), so that everyone
who logs in to the shared host from anywhere sees the same quarter and the same "today".

`OKRTUI_NOW=2026-11-30T12:00` (or the hidden `--now`) starts the clock at that moment, and it
advances from there: demos, screenshots, support and tests see a chosen day, while backups, logs
and check-ins still get distinct timestamps. A moment without an offset is read in the
workspace's zone.
"""

from __future__ import annotations

import os
import time
from datetime import date, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from okrtui.domain.quarter import Quarter
from okrtui.i18n import _

NOW_ENV = "OKRTUI_NOW"
UTC = timezone.utc


class BadMoment(ValueError):
    """OKRTUI_NOW or --now that is not a moment, or a time zone that does not exist."""


def zone_named(name: str | None) -> tzinfo:
    """The zone of an IANA name ("Asia/Taipei"); None or "" is the machine's zone."""
    if not name:
        return zone_named(machine_zone_name())
    if name.upper() == "UTC":
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise BadMoment(_("'{name}' is not a time zone; write it like Asia/Taipei or Europe/Berlin").format(name=name)) from None


def is_zone_name(name: str) -> bool:
    try:
        zone_named(name)
    except BadMoment:
        return False
    return bool(name)


def machine_zone_name() -> str:
    """The IANA name of this machine's zone: $TZ, else the target of /etc/localtime, else UTC."""
    tz = os.environ.get("TZ", "").lstrip(":")
    if tz and not tz.startswith("/") and _exists(tz):
        return tz
    try:
        target = os.readlink(tz if tz.startswith("/") else "/etc/localtime")
    except OSError:
        target = ""
    if "zoneinfo/" in target:
        name = target.split("zoneinfo/", 1)[1]
        if _exists(name):
            return name
    try:
        name = Path("/etc/timezone").read_text(encoding="utf-8").strip()
    except OSError:
        name = ""
    return name if name and _exists(name) else "UTC"


def _exists(name: str) -> bool:
    if name.upper() == "UTC":
        return True
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def parse_moment(text: str) -> datetime:
    """An ISO moment ("2026-11-30T12:00", "2026-11-30 12:00+08:00", "2026-11-30"); may be naive."""
    try:
        return datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise BadMoment(_("'{text}' is not a moment; write it like 2026-11-30T12:00").format(text=text)) from None


class Clock:
    """The system clock: now() an aware UTC instant, today() the date in the clock's zone."""

    def __init__(self, zone: tzinfo | None = None) -> None:
        self.zone: tzinfo = zone if zone is not None else zone_named(None)

    def now(self) -> datetime:
        return datetime.now(UTC)

    def today(self) -> date:
        return self.now().astimezone(self.zone).date()

    def local(self, moment: datetime | None = None) -> datetime:
        """A moment (default: now) in the clock's zone."""
        moment = self.now() if moment is None else moment
        return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(self.zone)

    def end_of(self, day: date) -> datetime:
        """The last instant of a local day, in UTC (what "as of that day" means)."""
        if day >= date.max:
            return datetime.max.replace(tzinfo=UTC)
        return start_of_day(day + timedelta(days=1), self.zone) - timedelta(microseconds=1)

    def in_zone(self, name: str | None) -> "Clock":
        """The same clock reading the calendar of another zone (a workspace's, by its name)."""
        clone = object.__new__(type(self))
        clone.__dict__.update(self.__dict__)
        clone.zone = zone_named(name)
        return clone


class StartedClock(Clock):
    """Starts at a chosen moment and advances in real time from the moment it was made."""

    def __init__(self, start: datetime, zone: tzinfo | None = None) -> None:
        super().__init__(zone)
        self.start = start
        self._origin = time.monotonic()

    def now(self) -> datetime:
        start = self.start if self.start.tzinfo else self.start.replace(tzinfo=self.zone)
        return (start + timedelta(seconds=time.monotonic() - self._origin)).astimezone(UTC)


class FixedClock(Clock):
    """Always the same moment (tests); `advance` moves it."""

    def __init__(self, moment: datetime, zone: tzinfo | None = None) -> None:
        super().__init__(zone if zone is not None else UTC)
        self.moment = moment if moment.tzinfo else moment.replace(tzinfo=self.zone)

    def now(self) -> datetime:
        return self.moment.astimezone(UTC)

    def advance(self, delta: timedelta) -> None:
        self.moment += delta


def start_of_day(day: date, zone: tzinfo) -> datetime:
    """Local midnight starting `day`, as a UTC instant (DST-safe: the first instant of that date)."""
    moment = datetime(day.year, day.month, day.day, tzinfo=zone)
    return moment.astimezone(UTC)


def view_moment(clock: Clock, quarter: Quarter) -> tuple[date, datetime]:
    """The local day and the instant a quarter is seen at: now, or its last moment once it has ended
    (so a past quarter shows its own values, ages and KPI readings, not today's)."""
    today = clock.today()
    if today <= quarter.end:
        return today, clock.now()
    return quarter.end, clock.end_of(quarter.end)


def instant_in(clock: Clock, quarter: Quarter) -> datetime:
    """Now when it falls in the quarter; else the quarter's last instant (a past one) or its first
    (a future one): the moment a value entered for that quarter is filed at."""
    today = clock.today()
    if today > quarter.end:
        return clock.end_of(quarter.end)
    if today < quarter.start:
        return start_of_day(quarter.start, clock.zone)
    return clock.now()


def system_clock(now: str | None = None, zone: str | None = None) -> Clock:
    """The clock of a process: started at `now` or $OKRTUI_NOW when given, else the system's."""
    text = now if now is not None else os.environ.get(NOW_ENV, "")
    tz = zone_named(zone)
    if text.strip():
        return StartedClock(parse_moment(text), tz)
    return Clock(tz)
