"""Computed views of a quarter: what every list, table and report shows, in one place."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from okrtui.domain.kpi import KPIStatus, kpi_status
from okrtui.domain.models import KPI, CheckIn, KeyResult, Objective
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
    kr: KeyResult
    raw: float  # unclamped progress (1.2 = 120%)
    progress: float  # clamped 0..1
    status: Status
    last_checkin: CheckIn | None
    stale: bool

    @property
    def id(self) -> int:
        return self.kr.id or 0


@dataclass
class ObjectiveView:
    objective: Objective
    progress: float
    status: Status
    key_results: list[KRView] = field(default_factory=list)

    @property
    def id(self) -> int:
        return self.objective.id or 0


@dataclass
class KPIView:
    kpi: KPI
    status: KPIStatus


@dataclass
class QuarterView:
    quarter: Quarter
    as_of: date
    expected: float
    week: int
    objectives: list[ObjectiveView]
    kpis: list[KPIView]
    now: datetime  # the instant the view was taken at: ages and stale flags come from it


def view_kr(workspace: Workspace, kr: KeyResult, expected: float, now: datetime) -> KRView:
    last = workspace.last_checkin(kr.id)
    raw = kr_progress(kr)
    return KRView(
        kr=kr,
        raw=raw,
        progress=clamp(raw),
        status=kr_status(kr, expected, has_checkin=last is not None),
        last_checkin=last,
        stale=is_stale(last.at if last else None, now),
    )


def view_objective(
    workspace: Workspace, objective: Objective, expected: float, now: datetime, _seen: frozenset[int] = frozenset()
) -> ObjectiveView:
    """Progress of an objective from its KRs; one with no KRs of its own (a company objective)
    rolls up the objectives aligned to it in the same quarter, each weighing the same."""
    krs = [view_kr(workspace, kr, expected, now) for kr in workspace.krs_of(objective.id)]
    if krs:
        progress = weighted_progress((k.raw, k.kr.weight) for k in krs)
        status = objective_status([k.status for k in krs], progress, expected)
        return ObjectiveView(objective=objective, progress=progress, status=status, key_results=krs)
    seen = _seen | {objective.id or 0}
    children = [
        view_objective(workspace, child, expected, now, seen)
        for child in workspace.children_of(objective.id)
        if child.quarter == objective.quarter and (child.id or 0) not in seen and child.state != "dropped"
    ]
    progress = weighted_progress((c.progress, 1.0) for c in children)
    status = objective_status([c.status for c in children], progress, expected)
    return ObjectiveView(objective=objective, progress=progress, status=status, key_results=[])


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
    kpis = [KPIView(k, kpi_status(k)) for k in (kpi_as_of(k, now) if ended else k for k in workspace.kpis)
            if team is None or k.team == team]
    return QuarterView(quarter, as_of, expected, quarter.week_of(as_of), objectives, kpis, now)


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
        return {
            "id": k.kr.id, "title": k.kr.title, "kind": k.kr.kind, "unit": k.kr.unit,
            "start": k.kr.start, "target": k.kr.target, "current": k.kr.current, "weight": k.kr.weight,
            "progress": round(k.progress, 6), "status": k.status, "confidence": k.kr.confidence,
            "last_checkin": k.last_checkin.at.isoformat() if k.last_checkin else None,
        }

    return {
        "quarter": str(view.quarter),
        "as_of": view.as_of.isoformat(),
        "expected": round(view.expected, 6),
        "objectives": [
            {
                "id": o.objective.id, "title": o.objective.title, "team": o.objective.team,
                "owner": o.objective.owner, "quarter": o.objective.quarter,
                "commitment": o.objective.commitment, "parent_id": o.objective.parent_id,
                "progress": round(o.progress, 6), "status": o.status,
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
