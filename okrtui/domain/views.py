"""Computed views of a quarter: what every list, table and report shows, in one place.

Two rules of the method live here, so that every list, roll-up and report applies them alike:

- Nothing measured, nothing counted. A KR nobody has checked in is pending with no
  progress (its start is where it stands, not an achievement); an objective whose KRs
  are all pending, or that has nothing to measure yet (no KRs, nothing aligned, or
  only pending objectives aligned to it), is pending and is left out of every
  roll-up mean: its parent's, its team's and the company's. Inside one objective
  that has been measured, a pending KR still counts as 0: the objective is what all
  its KRs say, and one early check-in must not stand for the rest.
- Alignment rolls up (the README's Scoring section): an objective is the weighted mean of
  its KRs; one with no KRs takes the mean of the objectives aligned to it; a KR with no
  check-ins of its own and objectives aligned to it takes their mean (`rolled_up`); a KR
  with its own check-ins keeps them, and lists its aligned objectives beside it.
- A closed quarter shows its final grades. An objective graded at the close
  (closed, or dropped by the close's decision) shows its final score as its
  progress and `closed` or `dropped` as its status; its KRs show their grade and
  `closed` (`done` when they reached 1.0). An objective dropped during the quarter
  is `dropped` and counts nowhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from datetime import date, datetime
from typing import Callable, Sequence

from okrtui.domain.cadence import cadence_of
from okrtui.domain.closed import quarter_closed
from okrtui.domain.history import target_moved
from okrtui.domain.kpi import KPIStatus, kpi_status
from okrtui.domain.models import KPI, CheckIn, Initiative, KeyResult, Objective
from okrtui.domain.quarter import Quarter, as_utc
from okrtui.domain.scoring import (
    Status,
    clamp,
    expected_progress,
    is_stale,
    kr_progress,
    kr_status,
    objective_status,
    weighted_progress,
)
from okrtui.domain.workspace import Workspace


@dataclass
class KRView:
    """A KR as every list shows it: progress, status, last check-in, staleness, roll-up."""

    kr: KeyResult
    raw: float  # unclamped progress (1.2 = 120%)
    progress: float  # clamped 0..1
    status: Status
    last_checkin: CheckIn | None
    stale: bool
    target_moved: bool = False  # its target or start moved after its first check-in (domain/history)
    initiatives: list[Initiative] = field(default_factory=list)  # the work planned under it; never scored
    aligned: list[int] = field(default_factory=list)  # ids of the objectives aligned to it (same quarter)
    rolled_up: bool = False  # no check-in of its own: its progress is the mean of the aligned objectives

    @property
    def id(self) -> int:
        return self.kr.id or 0


@dataclass
class ObjectiveView:
    """An objective with its progress, status and its KRs' views."""

    objective: Objective
    progress: float  # the final grade once graded at a close
    status: Status
    key_results: list[KRView] = field(default_factory=list)

    @property
    def id(self) -> int:
        return self.objective.id or 0

    @property
    def graded(self) -> bool:
        """Graded at a close: progress is the final grade."""
        return is_graded(self.objective)

    @property
    def counted(self) -> bool:
        """Whether it takes part in a roll-up mean (parent, team, company): measured and not dropped
        during the quarter. A graded objective counts with its final grade, even one the close dropped."""
        if self.graded:
            return True
        return self.status not in ("pending", "dropped")


def is_graded(objective: Objective) -> bool:
    return objective.state != "active" and objective.final_score is not None


def mean_of_counted(views: Sequence[ObjectiveView]) -> float | None:
    """The mean progress (final grades when graded) of the objectives that count; None when none does."""
    counted = [v.progress for v in views if v.counted]
    return sum(counted) / len(counted) if counted else None


@dataclass
class KPIView:
    """A KPI with its status."""

    kpi: KPI
    status: KPIStatus


@dataclass
class QuarterView:
    """A quarter's objectives and KPIs as of a day and an instant."""

    quarter: Quarter
    as_of: date
    expected: float
    week: int
    objectives: list[ObjectiveView]
    kpi_views: Callable[[], list[KPIView]] = field(repr=False, compare=False)  # `kpis`, made when first read
    now: datetime  # the instant the view was taken at: ages and stale flags come from it
    closed: bool = False  # closed at a close: final grades, read-only

    @cached_property
    def kpis(self) -> list[KPIView]:
        """The quarter's KPIs with their status, made when first read: a screen that shows no KPI never
        builds the workspace's KPIs and their readings (110,500 at XL: ~330 ms of the first frame)."""
        return self.kpi_views()


def view_kr(workspace: Workspace, kr: KeyResult, expected: float, now: datetime, graded: bool = False,
            cadence: str | None = None, _seen: frozenset[int] = frozenset(),
            objective: Objective | None = None) -> KRView:
    """A KR's progress and status; nothing measured (no check-in) is pending with no progress.
    `graded`: its objective was graded at a close, so it shows its grade and `closed`.
    `cadence`: its objective's check-in cadence (domain/cadence.cadence_of; default: looked up).
    `objective`: its objective, when the caller holds it (default: looked up).
    A KR with no check-in of its own and objectives aligned to it takes their mean (the roll-up)."""
    last = workspace.last_checkin(kr.id)
    if objective is None:
        objective = workspace.objective(kr.objective_id)
    quarter = objective.quarter if objective is not None else None
    aligned = workspace.aligned_to_kr(kr.id)
    if aligned:  # most KRs have none: no comprehension to run (1,200 KRs at L)
        aligned = [o for o in aligned if o.quarter == quarter]
    rolled_up = last is None and bool(aligned)
    if rolled_up:
        seen = _seen | {kr.objective_id}
        children = [view_objective(workspace, o, expected, now, seen) for o in aligned if (o.id or 0) not in seen]
        measured = [c for c in children if c.counted]
        raw = mean_of_counted(measured) or 0.0
        status = objective_status([c.status for c in measured], raw, expected)
    else:
        # Still at its start with no check-in: nothing measured, so no progress (a threshold that the
        # start already meets is not an achievement of this quarter).
        raw = 0.0 if last is None and kr.value == kr.start else kr_progress(kr)
        status = kr_status(kr, expected, has_checkin=last is not None, progress=raw)
    if graded and status != "done":
        status = "closed"
    return KRView(
        kr=kr,
        raw=raw,
        progress=clamp(raw),
        status=status,
        last_checkin=last,
        stale=not graded and is_stale(last.at if last else None, now,
                                      cadence or cadence_of(workspace, objective)),
        target_moved=target_moved(workspace, kr.id),
        initiatives=workspace.initiatives_of(kr.id),
        aligned=[o.id or 0 for o in aligned] if aligned else [],
        rolled_up=rolled_up,
    )


def view_objective(
    workspace: Workspace, objective: Objective, expected: float, now: datetime, _seen: frozenset[int] = frozenset()
) -> ObjectiveView:
    """Progress of an objective from its KRs; one with no KRs of its own (a company objective)
    rolls up the measured objectives aligned to it in the same quarter, each weighing the same.
    See the module's docstring for pending and graded objectives."""
    graded = is_graded(objective)
    cadence = cadence_of(workspace, objective)
    seen = _seen | {objective.id or 0}
    krs = [view_kr(workspace, kr, expected, now, graded, cadence, seen, objective)
           for kr in workspace.krs_of(objective.id)]
    if krs:
        progress = weighted_progress((k.raw, k.kr.weight) for k in krs)
        status = objective_status([k.status for k in krs], progress, expected)
    else:
        children = [
            view_objective(workspace, child, expected, now, seen)
            for child in workspace.children_of(objective.id)
            if child.quarter == objective.quarter and (child.id or 0) not in seen
        ]
        measured = [c for c in children if c.counted]
        progress = mean_of_counted(measured) or 0.0
        status = objective_status([c.status for c in measured], progress, expected)
    if graded:
        progress = objective.final_score or 0.0
        status = "dropped" if objective.state == "dropped" else "closed"
    elif objective.state == "dropped":
        status = "dropped"
    return ObjectiveView(objective=objective, progress=progress, status=status, key_results=krs)


def view_quarter(
    workspace: Workspace,
    quarter: Quarter,
    as_of: date,
    now: datetime,
    team: str | None = None,
) -> QuarterView:
    """Progress and status of every objective, KR and KPI of a quarter as of a local day and an
    instant (domain/clock.view_moment gives both; a past quarter is seen as it ended)."""
    expected = expected_progress(quarter, as_of)
    objectives = [view_objective(workspace, o, expected, now) for o in workspace.objectives_in(quarter, team)]
    # A quarter seen at its end (a past one) shows the KPI values it ended with, not today's.
    ended = as_of >= quarter.end

    def kpi_views() -> list[KPIView]:
        return [KPIView(k, kpi_status(k)) for k in (kpi_as_of(k, now) if ended else k for k in workspace.kpis)
                if team is None or k.team == team]

    return QuarterView(quarter, as_of, expected, quarter.week_of(as_of), objectives, kpi_views, now,
                       closed=quarter_closed(workspace, quarter))


def kpi_as_of(kpi: KPI, moment: datetime) -> KPI:
    """The KPI as its readings up to `moment` left it (a past quarter shows its own values)."""
    moment = as_utc(moment)
    if all(r.at <= moment for r in kpi.readings):
        return kpi
    readings = sorted((r for r in kpi.readings if r.at <= moment), key=lambda r: r.at)
    return kpi.model_copy(update={"readings": readings, "current": readings[-1].value if readings else None})


def quarter_as_dict(view: QuarterView) -> dict:
    """The `list --json` document of DESIGN.md."""

    def kr_dict(k: KRView) -> dict:
        kr = k.kr
        return {
            "id": kr.id, "title": kr.title, "kind": kr.kind, "unit": kr.unit,
            "start": kr.start, "target": kr.target, "current": kr.current, "weight": kr.weight,
            "progress": round(k.progress, 6), "status": k.status, "confidence": kr.confidence,
            "last_checkin": k.last_checkin.at.isoformat() if k.last_checkin else None,
            "initiatives": [initiative_as_dict(i) for i in k.initiatives] if k.initiatives else [],
            "aligned": k.aligned, "rolled_up": k.rolled_up,
        }

    return {
        "quarter": str(view.quarter),
        "as_of": view.as_of.isoformat(),
        "expected": round(view.expected, 6),
        "closed": view.closed,
        "objectives": [
            {
                "id": o.objective.id, "title": o.objective.title, "team": o.objective.team,
                "owner": o.objective.owner, "quarter": o.objective.quarter,
                "commitment": o.objective.commitment, "parent_id": o.objective.parent_id,
                "parent_kr_id": o.objective.parent_kr_id, "level": o.objective.level,
                "progress": round(o.progress, 6), "status": o.status,
                "final_score": o.objective.final_score if o.graded else None,
                "decision": o.objective.decision if o.graded else None,
                "key_results": [kr_dict(k) for k in o.key_results],
            }
            for o in view.objectives
        ],
        "kpis": [
            {
                "id": k.kpi.id, "name": k.kpi.name, "team": k.kpi.team, "unit": k.kpi.unit,
                "direction": k.kpi.direction, "target": k.kpi.target, "current": k.kpi.current,
                "status": k.status,
            }
            for k in view.kpis
        ],
    }


def initiative_as_dict(initiative: Initiative) -> dict:
    """An initiative in `list --json`, `task list --json` and JSON reports."""
    return {"id": initiative.id, "kr_id": initiative.kr_id, "title": initiative.title, "owner": initiative.owner,
            "status": initiative.status, "due": initiative.due,
            "status_at": initiative.status_at.isoformat() if initiative.status_at else None}
