"""Key results fed by a KPI (schema 8): a KR names a KPI as its source, and each reading of that KPI
is also a check-in of the KR, written in the same locked write with the reading's author and note.

The rules, one place for the repository, the import, the forms and the lists:

- A milestone (done or not done) cannot be fed: a KPI's readings are amounts.
- A reading checks into the linked KRs of active objectives whose quarter has begun (on the
  reading's day, in the workspace's calendar) and is not closed: never into a closed quarter, nor
  into a graded objective, nor into next quarter's plan before it starts.
- The value is the reading's, recorded as the KPI gives it (no "unlikely value" question: the
  KPI is the source of truth); the KR keeps its confidence.
- Removing the link keeps the KR's check-ins; deleting the KPI removes the link (a restore puts it back).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from okrtui.domain.clock import zone_named
from okrtui.domain.models import KPI, CheckIn, KeyResult, Objective
from okrtui.domain.validation import InvalidInput
from okrtui.domain.quarter import Quarter, as_utc
from okrtui.domain.closed import quarter_closed
from okrtui.domain.workspace import Workspace
from okrtui.i18n import _


@dataclass(frozen=True)
class FedCheckIn:
    """A check-in a reading made: the check-in, the KR before and after it, and its objective."""

    checkin: CheckIn
    before: KeyResult
    after: KeyResult
    objective: Objective | None


@dataclass
class Reading:
    """What recording a KPI reading wrote: the KPI after it, and the check-ins it fed."""

    kpi: KPI
    fed: list[FedCheckIn] = field(default_factory=list)


def kpi_by_id(ws: Workspace, kpi_id: int | None) -> KPI | None:
    return next((k for k in ws.kpis if k.id == kpi_id), None) if kpi_id is not None else None


def check_source(ws: Workspace, kr: KeyResult) -> None:
    """Refuse, with a sentence, a link to a KPI that is not there or a milestone fed by a KPI."""
    if kr.source_kpi_id is None:
        return
    if kpi_by_id(ws, kr.source_kpi_id) is None:
        raise InvalidInput([("source_kpi_id", _("there is no KPI K{id} to feed this key result").format(
            id=kr.source_kpi_id))])
    if kr.kind == "milestone":
        raise InvalidInput([("source_kpi_id", _(
            "a milestone is done or not done; a KPI's readings cannot feed it (choose another kind, or no KPI)"))])


def krs_fed_by(ws: Workspace, kpi_id: int | None) -> list[KeyResult]:
    """Every KR that names the KPI as its source (closed quarters' too), by id."""
    by_kpi = ws.memo("krs-fed-by", lambda: _group(ws))
    return list(by_kpi.get(kpi_id or 0, ()))


def _group(ws: Workspace) -> dict[int, list[KeyResult]]:
    out: dict[int, list[KeyResult]] = {}
    for kr in sorted(ws.key_results, key=lambda k: k.id or 0):
        if kr.source_kpi_id is not None:
            out.setdefault(kr.source_kpi_id, []).append(kr)
    return out


def feeds_now(ws: Workspace, kr: KeyResult, moment: datetime) -> bool:
    """Does a reading at `moment` check into this linked KR? (See the module's rules.)"""
    objective = ws.objective(kr.objective_id)
    if objective is None or objective.state != "active" or quarter_closed(ws, objective.quarter):
        return False
    day = as_utc(moment).astimezone(zone_named(ws.meta.timezone)).date()
    return Quarter.parse(objective.quarter).start <= day


def krs_to_feed(ws: Workspace, kpi_id: int | None, moment: datetime) -> list[KeyResult]:
    """The KRs a reading of the KPI at `moment` checks into."""
    return [kr for kr in krs_fed_by(ws, kpi_id) if feeds_now(ws, kr, moment)]


def source_label(ws: Workspace, kr: KeyResult) -> str:
    """"K5 平均回應時間" for the KR's source KPI; "" when it has none."""
    kpi = kpi_by_id(ws, kr.source_kpi_id)
    if kpi is None:
        return ""
    return f"K{kpi.id} {kpi.name}"
