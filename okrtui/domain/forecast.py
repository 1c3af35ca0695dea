"""The forecast: where a KR ends the quarter if it keeps its check-in trend (an objective's, a
team's and the company's are made of their KRs', domain/forecast_whole).

The trend is the least-squares straight line through the history, each point a day and the value
(or progress) that day; it is read on the quarter's last day. A value corrected the same day
counts once (its last value), so a typo fixed at once does not weigh twice. Nothing after the
moment counts, and from the quarter's last day on there is no forecast: its grade is no longer a guess.

Two days of history at the least: one day has no slope. A milestone has none either (it is
done or not), and a KR's projected grade is its progress at the projected value, clamped to
0..1 like every grade (domain/scoring).

Pure: the quarter's end and the moment are arguments; nothing here reads a clock.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Sequence

from okrtui.domain.models import CheckIn, KeyResult
from okrtui.domain.scoring import clamp, kr_progress


@dataclass(frozen=True)
class Forecast:
    first: date  # the first day of the history: where the trend line is drawn from
    end: date  # the quarter's last day: where the line is read
    intercept: float  # the line's value on `end`
    slope: float  # per day

    def value_on(self, day: date) -> float:
        return self.intercept + self.slope * (day - self.end).days

    @property
    def value(self) -> float:
        """The projected value on the quarter's last day."""
        return self.intercept


@dataclass(frozen=True)
class Projection:
    """A forecast with the grade it would earn: a KR's progress at the projected value, an
    objective's or a team's projected progress; clamped to 0..1."""

    forecast: Forecast
    score: float

    @property
    def end(self) -> date:
        return self.forecast.end


def daily(points: Sequence[tuple[date, float]], today: date) -> list[tuple[date, float]]:
    """The last value of each day up to `today`, oldest first."""
    last: dict[date, float] = {}
    for day, value in sorted(points, key=lambda p: p[0]):
        if day <= today:
            last[day] = value
    return sorted(last.items())


def trend(points: Sequence[tuple[date, float]], end: date, today: date) -> Forecast | None:
    """The least-squares line through `points` (day, value), read on `end`; None without a trend
    (fewer than two days, `today` already the last day or later, or numbers too large to fit)."""
    if today >= end:
        return None
    days = daily(points, today)
    if len(days) < 2:
        return None
    # x: days before the end (negative), so the line's intercept is its value on the end itself.
    xs = [float((day - end).days) for day, _v in days]
    # Fitted on values scaled to at most 1, so that sums of values near the float limit do not
    # overflow; a projection beyond the limit itself is no forecast.
    scale = max(abs(value) for _d, value in days) or 1.0
    ys = [value / scale for _d, value in days]
    n = len(days)
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mean_x) ** 2 for x in xs)
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys))
    if sxx == 0:
        return None
    slope = sxy / sxx * scale
    intercept = (mean_y - sxy / sxx * mean_x) * scale
    if not (math.isfinite(slope) and math.isfinite(intercept)):
        return None
    return Forecast(days[0][0], end, intercept, slope)


def kr_projection(kr: KeyResult, checkins: Sequence[CheckIn], end: date, today: date) -> Projection | None:
    """A KR's value on `end` on the trend of its check-ins up to `today`, and the grade it earns."""
    if kr.kind == "milestone":
        return None
    forecast = trend([(c.at.date(), c.value) for c in checkins], end, today)
    if forecast is None:
        return None
    return Projection(forecast, clamp(kr_progress(kr, forecast.value)))


def chart_line(forecast: Forecast, start: date) -> list[tuple[float, float]]:
    """The trend in chart coordinates (day of the quarter from `start`): from its first day to the end."""
    return [(float((forecast.first - start).days), forecast.value_on(forecast.first)),
            (float((forecast.end - start).days), forecast.value)]
