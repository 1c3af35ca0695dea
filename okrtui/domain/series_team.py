"""What the pictures of the whole plot: a team's objectives, or the company's teams, over the quarter.

A team's chart has one line per objective (its progress at each check-in, from
domain/series.objective_chart) against the pace line, 0% on the first day to 100% on
the last. The company's chart has one line per team. "The company" is every team of
the quarter.

The mean (a team's, or the company's) follows the roll-up rule: on each day, the mean
progress of the objectives measured by then; one not measured yet is pending and left
out, never counted as 0. The forecast of the whole, "on this trend: 0.62 by 12-31", is
the mean of its objectives' forecasts (domain/forecast_whole), not a trend of the mean: an
objective first measured late would bend that line without anyone's progress changing.
The dashed line runs from where the whole stands today to that grade on the last day.

An objective with no key results of its own is drawn as the mean of the objectives aligned
to it (the roll-up of domain/views), from the first day any of them was measured.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from okrtui.domain.forecast import Projection, chart_line
from okrtui.domain.forecast_whole import objectives_projection
from okrtui.domain.models import Objective
from okrtui.domain.quarter import Quarter
from okrtui.domain.series import Point, _frame, objective_chart
from okrtui.domain.workspace import Workspace

MAX_LINES = 12  # more lines than this are not told apart: the chart says how many it left out


@dataclass
class Line:
    label: str  # "O3", or a team's name in the company's chart
    title: str
    values: list[Point]  # progress 0..1 at each day with a check-in


@dataclass
class WholeChart:
    quarter: Quarter
    team: str | None  # None: the company
    lines: list[Line]
    mean: list[Point]  # the team's (or the company's) progress at each day with a check-in
    today: float | None
    last_day: int
    projection: Projection | None = None
    left_out: int = 0  # lines beyond MAX_LINES
    pace: list[Point] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.pace:
            self.pace = [(0.0, 0.0), (float(self.last_day), 1.0)]

    @property
    def top(self) -> float:
        """The value axis' top: 100%, or the highest progress if above (progress is clamped, so 1)."""
        return max([1.0] + [y for line in self.lines for _x, y in line.values])

    def trend_points(self) -> list[Point]:
        """The forecast's dashed line in chart coordinates: from its first day to the quarter's last."""
        return [] if self.projection is None else chart_line(self.projection.forecast, self.quarter.start)


def _mean_series(series: list[list[Point]]) -> list[Point]:
    """On each day any series has a point: the mean of each series' latest value by then (series
    with no value yet left out)."""
    days = sorted({x for s in series for x, _y in s})
    out = []
    for day in days:
        latest = [[y for x, y in s if x <= day][-1] for s in series if any(x <= day for x, _y in s)]
        out.append((day, sum(latest) / len(latest)))
    return out


def progress_series(workspace: Workspace, objective: Objective, quarter: Quarter, today: date,
                    seen: frozenset[int] = frozenset()) -> list[Point]:
    """An objective's progress at each day with a check-in: from its KRs; when none of its KRs has a
    check-in, the mean of its KRs' roll-ups (each the mean of the objectives aligned to it); with no
    KRs, the mean of the objectives aligned to it in the quarter, as domain/views rolls them up."""
    seen = seen | {objective.id or 0}
    krs = workspace.krs_of(objective.id)
    if krs and any(workspace.checkins_of(k.id) for k in krs):
        return objective_chart(workspace, objective, quarter, today).values
    if krs:  # no KR checked in: each is measured by the objectives aligned to it (views' roll-up)
        per_kr = []
        for kr in krs:
            serving = [c for c in workspace.aligned_to_kr(kr.id)
                       if c.quarter == objective.quarter and c.state != "dropped" and (c.id or 0) not in seen]
            if line := _mean_series([s for c in serving if (s := progress_series(workspace, c, quarter, today, seen))]):
                per_kr.append(line)
        return _mean_series(per_kr)
    children = [c for c in workspace.children_of(objective.id)
                if c.quarter == objective.quarter and c.state != "dropped" and (c.id or 0) not in seen]
    return _mean_series([s for c in children if (s := progress_series(workspace, c, quarter, today, seen))])


def _measured(workspace: Workspace, quarter: Quarter, team: str | None, today: date) -> list[tuple[Objective, list[Point]]]:
    return [(o, progress_series(workspace, o, quarter, today)) for o in workspace.objectives_in(quarter, team)
            if o.state != "dropped"]


def _whole(quarter: Quarter, team: str | None, lines: list[Line], series: list[list[Point]], today: date,
           projection: Projection | None) -> WholeChart:
    last, now = _frame(quarter, today)
    mean = _mean_series([values for values in series if values])
    return WholeChart(quarter, team, lines[:MAX_LINES], mean, now, last, projection, max(len(lines) - MAX_LINES, 0))


def team_chart(workspace: Workspace, quarter: Quarter, team: str, today: date) -> WholeChart:
    """One line per objective of `team`, and the team's mean and forecast."""
    measured = _measured(workspace, quarter, team, today)
    lines = [Line(f"O{o.id}", o.title, values) for o, values in measured]
    projection = objectives_projection(workspace, [o for o, _v in measured], quarter, today)
    return _whole(quarter, team, lines, [values for _o, values in measured], today, projection)


def company_chart(workspace: Workspace, quarter: Quarter, today: date) -> WholeChart:
    """One line per team (its objectives' mean), and the company's mean over every objective."""
    measured = _measured(workspace, quarter, None, today)
    teams: dict[str, list[list[Point]]] = {}
    for objective, values in measured:
        teams.setdefault(objective.team, []).append(values)
    lines = [Line(name, name, _mean_series(series)) for name, series in teams.items()]
    projection = objectives_projection(workspace, [o for o, _v in measured], quarter, today)
    return _whole(quarter, None, lines, [values for _o, values in measured], today, projection)


def whole_charts(workspace: Workspace, quarter: Quarter, today: date, team: str | None = None) -> list[WholeChart]:
    """The team charts of a report: every team of the quarter (or the one asked for), in order."""
    teams = [team] if team else sorted({o.team for o in workspace.objectives_in(quarter)})
    return [team_chart(workspace, quarter, name, today) for name in teams]
