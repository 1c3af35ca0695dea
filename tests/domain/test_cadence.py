"""The check-in rhythm (issue 19): a team's cadence, an objective's override, stale and owed check-ins."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from okrtui.domain.cadence import by_owner, cadence_of, owed_checkins
from okrtui.domain.models import CheckIn, KeyResult, Meta, Objective, Team
from okrtui.domain.quarter import Quarter
from okrtui.domain.scoring import is_stale
from okrtui.domain.standup import needs_attention
from okrtui.domain.views import view_quarter
from okrtui.domain.workspace import Workspace

UTC = timezone.utc
Q4 = Quarter.parse("2026-Q4")
NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize("cadence, age_days, stale", [
    ("weekly", 7, False), ("weekly", 7.01, True), ("weekly", 20, True),
    ("biweekly", 14, False), ("biweekly", 15, True),
    ("monthly", 20, False), ("monthly", 31, False), ("monthly", 32, True),
])
def test_stale_after_one_cadence(cadence, age_days, stale):
    assert is_stale(NOW - timedelta(days=age_days), NOW, cadence) is stale


def workspace(team_cadence: str | None = None, objective_cadence: str | None = None, last_days: float = 20,
              owner: str = "林美玲") -> Workspace:
    teams = [Team(id=1, name="行銷", cadence=team_cadence, lead="主管")] if team_cadence else []
    objective = Objective(id=1, quarter="2026-Q4", title="提升品牌知名度", team="行銷", owner="林美玲",
                          cadence=objective_cadence)
    kr = KeyResult(id=1, objective_id=1, title="網站流量", start=0, target=100, current=50, owner=owner)
    checkin = CheckIn(id=1, kr_id=1, at=NOW - timedelta(days=last_days), value=50)
    return Workspace([objective], [kr], [checkin], [], Meta(timezone="UTC"), team_settings=teams)


def kr_view(ws: Workspace):
    return view_quarter(ws, Q4, NOW.date(), NOW).objectives[0].key_results[0]


def test_monthly_team_checked_in_20_days_ago_is_not_stale_weekly_is():
    assert kr_view(workspace("monthly")).stale is False
    assert kr_view(workspace("weekly")).stale is True
    assert kr_view(workspace(None)).stale is True  # no team record: weekly


def test_the_objective_cadence_overrides_its_team():
    ws = workspace("weekly", objective_cadence="monthly")
    assert cadence_of(ws, ws.objective(1)) == "monthly" and kr_view(ws).stale is False
    ws = workspace("monthly", objective_cadence="weekly")
    assert cadence_of(ws, ws.objective(1)) == "weekly" and kr_view(ws).stale is True


def test_the_standup_lists_as_stale_only_past_the_cadence():
    for cadence, listed in (("monthly", False), ("weekly", True)):
        ws = workspace(cadence)
        view = view_quarter(ws, Q4, NOW.date(), NOW)
        reasons = [a.reasons for a in needs_attention(ws, view, NOW) if a.kr is not None]
        assert any("stale" in r for r in reasons) is listed


def owed(ws: Workspace, now: datetime = NOW, **kw):
    return owed_checkins(ws, view_quarter(ws, Q4, now.date(), now), **kw)


def test_overdue_by_days_since_the_day_it_fell_due():
    # weekly, checked in Nov 10 at noon: due Nov 17 at noon, 13 days ago
    [item] = owed(workspace("weekly", last_days=20))
    assert item.state == "overdue" and item.days_late == 13 and item.owner == "林美玲"
    assert item.due_at == datetime(2026, 11, 17, 12, 0, tzinfo=UTC)


def test_due_today_before_the_moment_then_overdue():
    ws = workspace("weekly", last_days=6.9)  # due at 14:24 today
    [item] = owed(ws)
    assert item.state == "due" and item.days_late == 0
    [later] = owed(ws, NOW + timedelta(hours=3))
    assert later.state == "overdue" and later.days_late == 0


def test_nothing_owed_within_the_cadence():
    assert owed(workspace("weekly", last_days=5)) == []
    assert owed(workspace("monthly", last_days=20)) == []
    # biweekly, 20 days: due 6 days ago
    [item] = owed(workspace("biweekly", last_days=20))
    assert item.days_late == 6 and item.cadence == "biweekly"


def test_a_kr_never_checked_in_is_owed_one_cadence_after_the_quarter_starts():
    ws = workspace("monthly")
    ws = Workspace(ws.objectives, ws.key_results, [], [], ws.meta, team_settings=ws.team_settings)
    [item] = owed(ws)  # Oct 1 + 31 days = Nov 1; Nov 30 is 29 days later
    assert item.last_checkin is None and item.days_late == 29
    early = datetime(2026, 10, 20, 12, 0, tzinfo=UTC)
    assert owed_checkins(ws, view_quarter(ws, Q4, date(2026, 10, 20), early)) == []


def test_filtered_by_owner_and_team_and_grouped():
    ws = workspace("weekly", owner="黃思涵")
    assert [o.owner for o in owed(ws)] == ["黃思涵"]
    assert owed(ws, owner="林美玲") == [] and owed(ws, team="業務") == []
    assert list(by_owner(owed(ws))) == ["黃思涵"]


def test_a_done_kr_owes_nothing():
    ws = workspace("weekly")
    done = ws.key_results[0].model_copy(update={"current": 100})
    ws = Workspace(ws.objectives, [done], ws.checkins, [], ws.meta, team_settings=ws.team_settings)
    assert owed(ws) == []
