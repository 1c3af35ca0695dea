"""What the charts plot: a KR's values over its quarter against the expected pace, and an
objective's progress over time. Points are (day of the quarter, value), day 0 its first day.

The expected pace of an increase or decrease KR is the straight line from its
start on day 0 to its target on the last day (the same elapsed share the
statuses use); a threshold KR's is its target; a milestone's is "done" (1).

Values start at the first check-in: nothing is drawn before anyone measured
anything (an objective written today has no line from 0% at the quarter's
start, which would suggest progress that did not happen). The value axis
is decided here too, so every screen draws the same one: round steps that
cover the values, the pace and the target; a milestone's axis is exactly
not done (0) to done (1), an objective's 0% to 100% (or its best, if above).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta

from okrtui.domain.kr_rules import value_before_first
from okrtui.domain.models import KeyResult, Objective
from okrtui.domain.quarter import Quarter
from okrtui.domain.scoring import clamp, kr_progress, weighted_progress
from okrtui.domain.workspace import Workspace

Point = tuple[float, float]


@dataclass
class Chart:
    quarter: Quarter
    values: list[Point]  # what was checked in (or the progress it made), step by step; [] before any
    pace: list[Point]  # the expected line
    today: float | None  # the day of the quarter today, when it falls inside it
    last_day: int
    target: float = 1.0  # where the KR (or the objective, 100%) should end: drawn as a line
    kind: str = "progress"  # a KR's kind, or "progress" for an objective (0..1)
    y_ticks: list[float] = field(default_factory=list)  # the value axis: its ends are the first and last

    def __post_init__(self) -> None:
        if not self.y_ticks:
            self.y_ticks = value_axis(self.kind, [y for _x, y in self.values + self.pace] + [self.target])

    @property
    def sloped_pace(self) -> bool:
        """An increase or decrease KR (or an objective) has a pace line apart from its target."""
        return self.pace[0][1] != self.pace[-1][1]

    def ticks(self) -> list[tuple[float, str]]:
        return chart_ticks(self.quarter, self.last_day)


def chart_ticks(quarter: Quarter, last_day: int) -> list[tuple[float, str]]:
    """The first day of each month of the quarter, labelled MM-DD, and its last day."""
    out = []
    for offset in range(last_day + 1):
        day = quarter.start + timedelta(days=offset)
        if day.day == 1:
            out.append((float(offset), day.strftime("%m-%d")))
    out.append((float(last_day), quarter.end.strftime("%m-%d")))
    return out


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """About `count` round values (steps of 1, 2, 2.5 or 5 × 10ⁿ) from at or below `low` to at or above `high`."""
    if high < low:
        low, high = high, low
    if high == low:
        spread = abs(high) * 0.1 or 1.0
        low, high = low - spread, high + spread
    raw = (high - low) / max(count - 1, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw * (1 - 1e-9))
    first, last = math.floor(low / step + 1e-9), math.ceil(high / step - 1e-9)
    return [round(i * step, 10) + 0.0 for i in range(first, last + 1)]


def value_axis(kind: str, ys: list[float]) -> list[float]:
    """The ticks of the value axis; the first and the last are its ends."""
    if kind == "milestone":
        return [0.0, 1.0]
    if kind == "progress":
        top = max([1.0, *ys])
        return [0.0, 0.25, 0.5, 0.75, 1.0] if top <= 1.0 else nice_ticks(0.0, top)
    low, high = min(ys), max(ys)
    ticks = nice_ticks(low, high)
    step = ticks[1] - ticks[0]
    # A line on the frame is hidden by it: a target at the top (or a start at the bottom, unless it
    # is zero, the natural floor) gets one more step of room.
    if high == ticks[-1]:
        ticks.append(round(ticks[-1] + step, 10))
    if low == ticks[0] and low != 0:
        ticks.insert(0, round(ticks[0] - step, 10))
    return ticks


def _day(quarter: Quarter, moment: date) -> float:
    return float(min(max((moment - quarter.start).days, 0), (quarter.end - quarter.start).days))


def _frame(quarter: Quarter, today: date) -> tuple[int, float | None]:
    last = (quarter.end - quarter.start).days
    return last, (_day(quarter, today) if quarter.contains(today) else None)


def _value_before(workspace: Workspace, kr: KeyResult) -> float:
    return value_before_first(kr, workspace.checkins_of(kr.id))


def kr_chart(workspace: Workspace, kr: KeyResult, quarter: Quarter, today: date) -> Chart:
    last, now = _frame(quarter, today)
    values = [(_day(quarter, c.at.date()), c.value) for c in workspace.checkins_of(kr.id)]
    if kr.kind in ("increase", "decrease"):
        pace = [(0.0, kr.start), (float(last), kr.target)]
    else:
        pace = [(0.0, kr.target), (float(last), kr.target)]
    return Chart(quarter, values, pace, now, last, target=kr.target, kind=kr.kind)


def objective_chart(workspace: Workspace, objective: Objective, quarter: Quarter, today: date) -> Chart:
    """Progress (0..1) after each day with a check-in: every KR at its latest value by then."""
    last, now = _frame(quarter, today)
    krs = workspace.krs_of(objective.id)
    days = sorted({_day(quarter, c.at.date()) for kr in krs for c in workspace.checkins_of(kr.id)})

    def progress_on(day: float) -> float:
        pairs = []
        for kr in krs:
            seen = [c.value for c in workspace.checkins_of(kr.id) if _day(quarter, c.at.date()) <= day]
            pairs.append((kr_progress(kr, seen[-1] if seen else _value_before(workspace, kr)), kr.weight))
        return clamp(weighted_progress(pairs))

    values = [(d, progress_on(d)) for d in days]  # from the first check-in: nothing before is known
    return Chart(quarter, values, [(0.0, 0.0), (float(last), 1.0)], now, last, target=1.0, kind="progress")
