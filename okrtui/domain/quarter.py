"""Calendar quarters ("2026-Q4" = Oct 1 – Dec 31 2026) and the date maths on them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from okrtui.i18n import _

_QUARTER_RE = re.compile(r"^\s*([0-9]{4})\s*-?\s*[Qq]([1-4])\s*$")
WEEKS_PER_QUARTER = 13
# The years a quarter may be in: one quarter either way must still be a date Python can hold
# (0000-Q1 and 9999-Q4's next quarter are not).
FIRST_YEAR, LAST_YEAR = 1000, 9998


@dataclass(frozen=True, order=True)
class Quarter:
    """A calendar quarter, like 2026-Q4."""

    year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> "Quarter":
        match = _QUARTER_RE.match(str(text))
        if not match:
            raise ValueError(_("'{text}' is not a quarter; write it like 2026-Q4").format(text=text))
        year = int(match.group(1))
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise ValueError(_("'{text}' is not a quarter okrtui can use; the year must be from {first} to {last}").format(
                text=str(text).strip(), first=FIRST_YEAR, last=LAST_YEAR))
        return cls(year, int(match.group(2)))

    @classmethod
    def containing(cls, day: date) -> "Quarter":
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def current(cls, today: date) -> "Quarter":
        """The quarter of `today`: a local date, from the clock (domain/clock.py)."""
        return cls.containing(today)

    def __str__(self) -> str:
        return f"{self.year}-Q{self.number}"  # the id: storage keys, --quarter; people see format_quarter

    def __format__(self, spec: str) -> str:
        # "{quarter}".format(quarter=q) and f"{q}" are for people: the display form of the language.
        return format_quarter(self) if not spec else format(str(self), spec)

    @property
    def start(self) -> date:
        return date(self.year, 3 * (self.number - 1) + 1, 1)

    @property
    def end(self) -> date:
        """The last day of the quarter (inclusive)."""
        return self.next().start - timedelta(days=1)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def next(self) -> "Quarter":
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)

    def previous(self) -> "Quarter":
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def week_of(self, day: date) -> int:
        """Week number of `day` in this quarter, 1..13 (a 14th partial week folds into 13)."""
        if day < self.start:
            return 1
        if day > self.end:
            return WEEKS_PER_QUARTER
        return min((day - self.start).days // 7 + 1, WEEKS_PER_QUARTER)

    def weeks_left(self, day: date) -> int:
        """Whole weeks after `day`'s week: 4 in week 9, 0 in the last week and after the end,
        13 before the quarter starts."""
        if day < self.start:
            return WEEKS_PER_QUARTER
        if day > self.end:
            return 0
        return WEEKS_PER_QUARTER - self.week_of(day)

    def elapsed(self, day: date) -> float:
        """Share of the quarter elapsed by the end of `day`, 0..1 (the expected progress)."""
        if day < self.start:
            return 0.0
        if day >= self.end:
            return 1.0
        return ((day - self.start).days + 1) / self.days


def format_quarter(quarter: "Quarter | str") -> str:
    """The one display form of a quarter: "2026-Q4" in English, "2026年第4季" in zh-TW."""
    q = quarter if isinstance(quarter, Quarter) else Quarter.parse(quarter)
    return _("{year}-Q{number}").format(year=q.year, number=q.number)


_ZERO = timedelta(0)


def as_utc(moment: datetime) -> datetime:
    """Naive timestamps are read as UTC; one already in UTC is kept as it is (validating a file
    calls this for every check-in, and astimezone was a large share of a check-in at scale)."""
    if moment.tzinfo is timezone.utc:
        return moment
    if moment.tzinfo is None or moment.utcoffset() == _ZERO:
        # datetime's own UTC, not pydantic's TzInfo(0): comparing two instants with a Python
        # tzinfo calls utcoffset() in Python, and sorting a quarter's check-ins compares them
        # ~200,000 times (issue 21: the Workspace index at L).
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)
