"""What the charts plot: a KR's values over its quarter against the expected pace, and an
objective's progress over time. Points are (day of the quarter, value), day 0 its first day.

The expected pace of an increase or decrease KR is the straight line from its
start on day 0 to its target on the last day (the same elapsed share the
statuses use); a threshold KR's is its target; a milestone's is "done" (1).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from okrtui.domain.models import KeyResult, Objective
from okrtui.domain.quarter import Quarter
from okrtui.domain.scoring import clamp, kr_progress, weighted_progress
from okrtui.domain.workspace import Workspace

Point = tuple[float, float]


@dataclass
class Chart:
    quarter: Quarter
    values: list[Point]  # what was checked in (or the progress it made), step by step
    pace: list[Point]  # the expected line
    today: float | None  # the day of the quarter today, when it falls inside it
    last_day: int

    def ticks(self) -> list[tuple[float, str]]:
        """The first day of each month of the quarter, labelled MM-DD."""
        out = []
        for offset in range(self.last_day + 1):
            day = self.quarter.start + timedelta(days=offset)
            if day.day == 1:
                out.append((float(offset), day.strftime("%m-%d")))
        out.append((float(self.last_day), self.quarter.end.strftime("%m-%d")))
        return out


def _day(quarter: Quarter, moment: date) -> float:
    return float(min(max((moment - quarter.start).days, 0), (quarter.end - quarter.start).days))


def _frame(quarter: Quarter, today: date) -> tuple[int, float | None]:
    last = (quarter.end - quarter.start).days
    return last, (_day(quarter, today) if quarter.contains(today) else None)


def _value_before(workspace: Workspace, kr: KeyResult) -> float:
    history = workspace.checkins_of(kr.id)
    first = history[0] if history else None
    return first.previous_value if first is not None and first.previous_value is not None else kr.start


def kr_chart(workspace: Workspace, kr: KeyResult, quarter: Quarter, today: date) -> Chart:
    last, now = _frame(quarter, today)
    values: list[Point] = [(0.0, _value_before(workspace, kr))]
    for checkin in workspace.checkins_of(kr.id):
        values.append((_day(quarter, checkin.at.date()), checkin.value))
    if kr.kind in ("increase", "decrease"):
        pace = [(0.0, kr.start), (float(last), kr.target)]
    else:
        pace = [(0.0, kr.target), (float(last), kr.target)]
    return Chart(quarter, values, pace, now, last)


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

    values = [(0.0, progress_on(-1.0) if krs else 0.0)] + [(d, progress_on(d)) for d in days]
    return Chart(quarter, values, [(0.0, 0.0), (float(last), 1.0)], now, last)
