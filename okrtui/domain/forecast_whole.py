"""Forecasts of an objective, a team and the company, from their KRs' forecasts (domain/forecast).

An objective is heading for the weighted mean of its KRs' projected grades, as its progress
is the weighted mean of theirs: each KR's own trend under its own kind's rule (a threshold KR
whose trend stays short of the line projects 0, not "most of the way"). A KR without a trend
(a milestone; one measured on one day only) counts where it stands; one never checked in
stands at 0, as in the views. An objective with no KRs of its own takes the mean of the
objectives aligned to it; a team (or the company) the mean of its objectives; in both, an
objective measured on no day yet is pending and left out, one without a trend counts where it
stands. No trend anywhere: no forecast.

The projection's line runs from where the whole stands on `today` to the grade on the
quarter's last day: that is what the charts draw dashed. Pure: the day is an argument.
"""

from __future__ import annotations

from datetime import date

from okrtui.domain.forecast import Forecast, Projection, kr_projection
from okrtui.domain.models import Objective
from okrtui.domain.quarter import Quarter
from okrtui.domain.scoring import clamp, kr_progress
from okrtui.domain.workspace import Workspace


def towards(now: float, then: float, end: date, today: date) -> Projection:
    """The straight line from `now` on `today` to `then` on `end`, and the grade `then`."""
    slope = (then - now) / max((end - today).days, 1)
    return Projection(Forecast(today, end, then, slope), clamp(then))


def _standing_and_ahead(workspace: Workspace, objective: Objective, quarter: Quarter, today: date,
                        seen: frozenset[int]) -> tuple[float | None, float | None, bool]:
    """(where it stands, where it is heading, whether any part of it has a trend); stands None: pending."""
    krs = workspace.krs_of(objective.id)
    if krs:
        now = then = weights = 0.0
        trends = False
        for kr in krs:
            history = [c for c in workspace.checkins_of(kr.id) if c.at.date() <= today]
            standing = clamp(kr_progress(kr, history[-1].value)) if history else 0.0
            projection = kr_projection(kr, history, quarter.end, today)
            trends = trends or projection is not None
            now += standing * kr.weight
            then += (projection.score if projection is not None else standing) * kr.weight
            weights += kr.weight
        measured = any(c.at.date() <= today for kr in krs for c in workspace.checkins_of(kr.id))
        return (now / weights if measured else None), then / weights, trends
    seen = seen | {objective.id or 0}
    parts = [_standing_and_ahead(workspace, child, quarter, today, seen) for child in workspace.children_of(objective.id)
             if child.quarter == objective.quarter and child.state != "dropped" and (child.id or 0) not in seen]
    return mean_ahead(parts)


def mean_ahead(parts: list[tuple[float | None, float | None, bool]]) -> tuple[float | None, float | None, bool]:
    """The mean of the measured parts (pending ones left out)."""
    measured = [(now, then) for now, then, _t in parts if now is not None and then is not None]
    if not measured:
        return None, None, False
    trends = any(t for now, _then, t in parts if now is not None)
    return (sum(n for n, _t in measured) / len(measured), sum(t for _n, t in measured) / len(measured), trends)


def objective_projection(workspace: Workspace, objective: Objective, quarter: Quarter, today: date) -> Projection | None:
    if today >= quarter.end:
        return None
    now, then, trends = _standing_and_ahead(workspace, objective, quarter, today, frozenset())
    return towards(now, then, quarter.end, today) if trends and now is not None and then is not None else None


def objectives_projection(workspace: Workspace, objectives: list[Objective], quarter: Quarter,
                          today: date) -> Projection | None:
    """A team's, or the company's: the mean over its measured objectives."""
    if today >= quarter.end:
        return None
    parts = [_standing_and_ahead(workspace, o, quarter, today, frozenset()) for o in objectives if o.state != "dropped"]
    now, then, trends = mean_ahead(parts)
    return towards(now, then, quarter.end, today) if trends and now is not None and then is not None else None
