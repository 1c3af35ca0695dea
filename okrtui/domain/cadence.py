"""The check-in rhythm: how often a team checks in, when a KR is stale, and who owes a check-in.

One rule, used by every list, the standup, `okrtui due`, `okrtui remind` and the app:

- A KR's cadence is its objective's own (when set), else its team's (the teams table), else weekly.
- weekly is 7 days, biweekly 14, monthly 31 (scoring.cadence_days; scoring.is_stale).
- A check-in falls due one cadence after the last one (a KR never checked in: one cadence after
  its quarter's first day). Its owner owes it from the local day it falls due (the workspace's
  calendar): `due` on that day until the moment itself, `overdue` after it, which is also what
  "stale" means.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from okrtui.domain.clock import start_of_day, zone_named
from okrtui.domain.models import KeyResult, Objective, Team
from okrtui.domain.quarter import Quarter, as_utc
from okrtui.domain.scoring import DEFAULT_CADENCE, cadence_days
from okrtui.domain.workspace import Workspace

DueState = Literal["due", "overdue"]


def team_settings(workspace: Workspace, team: str) -> Team:
    """The team's record, or the defaults (weekly, no lead) when it has none."""
    return workspace.team_record(team) or Team(name=team)


def cadence_of(workspace: Workspace, objective: Objective | None) -> str:
    """The objective's own cadence, else its team's, else weekly."""
    if objective is None:
        return DEFAULT_CADENCE
    if objective.cadence:
        return objective.cadence
    record = workspace.team_record(objective.team)
    return record.cadence if record is not None else DEFAULT_CADENCE


@dataclass(frozen=True)
class Owed:
    """A check-in a KR's owner owes."""

    kr: KeyResult
    objective: Objective
    owner: str  # the KR's owner, else its objective's ("" when neither has one)
    cadence: str
    state: DueState
    due_at: datetime  # UTC
    days_late: int  # local days since the day it fell due (0: it falls due, or fell due, today)
    last_checkin: datetime | None


def owed_checkin(kr: KeyResult, objective: Objective, cadence: str, last: datetime | None,
                 quarter: Quarter, now: datetime, zone_name: str | None) -> Owed | None:
    """The check-in `kr` owes at `now`, or None when it owes none yet."""
    zone = zone_named(zone_name)
    since = as_utc(last) if last is not None else start_of_day(quarter.start, zone)
    due_at = since + timedelta(days=cadence_days(cadence))
    today: date = as_utc(now).astimezone(zone).date()
    due_day = due_at.astimezone(zone).date()
    if today < due_day:
        return None
    state: DueState = "overdue" if as_utc(now) > due_at else "due"
    return Owed(kr, objective, kr.owner or objective.owner, cadence, state, due_at, (today - due_day).days, last)


def owed_checkins(workspace: Workspace, view, team: str | None = None, owner: str | None = None) -> list[Owed]:
    """What is owed in a quarter's view (domain.views.QuarterView): KRs of active objectives not
    done yet and not measured by aligned objectives, in an open quarter. Most overdue first, then by owner and KR."""
    if view.closed:
        return []
    out: list[Owed] = []
    for ov in view.objectives:
        objective = ov.objective
        if objective.state != "active" or (team is not None and objective.team != team):
            continue
        cadence = cadence_of(workspace, objective)
        for kv in ov.key_results:
            if kv.status == "done" or kv.rolled_up:  # measured by the objectives aligned to it
                continue
            owed = owed_checkin(kv.kr, objective, cadence, kv.last_checkin.at if kv.last_checkin else None,
                                view.quarter, view.now, workspace.meta.timezone)
            if owed is not None and (owner is None or owed.owner == owner):
                out.append(owed)
    out.sort(key=lambda o: (-o.days_late, o.state != "overdue", o.owner, o.kr.id or 0))
    return out


def by_owner(owed: list[Owed]) -> dict[str, list[Owed]]:
    """Owed check-ins grouped by owner, owners in order of their most overdue one."""
    groups: dict[str, list[Owed]] = {}
    for item in owed:
        groups.setdefault(item.owner, []).append(item)
    return groups
