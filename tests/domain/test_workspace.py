"""Workspace look-ups, name resolution, and rewind (the workspace as it stood at a moment)."""

from datetime import datetime, timezone

import pytest

from okrtui.domain.models import KPI, CheckIn, KeyResult, KPIReading, Objective
from okrtui.domain.quarter import Quarter
from okrtui.domain.workspace import ReferenceError_, Workspace, resolve_kpi, resolve_kr, rewind


def at(month, day, hour=12):
    return datetime(2026, month, day, hour, tzinfo=timezone.utc)


def objective(id, team="Sales", quarter="2026-Q4", **extra):
    return Objective(id=id, quarter=quarter, title=extra.pop("title", f"Objective {id}"), team=team, **extra)


def kr(id, objective_id, title, **extra):
    extra.setdefault("target", 100)
    return KeyResult(id=id, objective_id=objective_id, title=title, **extra)


def checkin(id, kr_id, when, value, confidence=None, previous_value=None, previous_confidence=None):
    return CheckIn(id=id, kr_id=kr_id, at=when, value=value, confidence=confidence,
                   previous_value=previous_value, previous_confidence=previous_confidence)


@pytest.fixture
def ws():
    return Workspace(
        objectives=[
            objective(2, team="Sales"),
            objective(1, team="Marketing"),
            objective(3, team="Sales", quarter="2027-Q1"),
            objective(4, team="Sales", parent_id=2),
        ],
        key_results=[
            kr(12, 2, "New clients to 10", current=3),
            kr(11, 2, "Revenue to 500k", current=40),
            kr(13, 1, "Web traffic to 50,000"),
            kr(14, 3, "New clients in Asia"),
        ],
        checkins=[
            checkin(2, 11, at(10, 20), 40),
            checkin(1, 11, at(10, 5), 20),
            checkin(3, 12, at(10, 6), 3),
        ],
        kpis=[
            KPI(id=1, name="Monthly revenue", team="Sales", target=500_000,
                readings=[KPIReading(at=at(10, 1), value=400_000), KPIReading(at=at(11, 1), value=470_000)],
                current=470_000),
            KPI(id=2, name="Response time", team="Support", target=1, direction="lower_is_better"),
        ],
    )


def test_lookups(ws):
    assert ws.objective(2).team == "Sales" and ws.objective(99) is None
    assert ws.key_result(13).title == "Web traffic to 50,000" and ws.key_result(99) is None
    assert [k.id for k in ws.krs_of(2)] == [11, 12]  # by id
    assert ws.krs_of(99) == []
    assert [c.id for c in ws.checkins_of(11)] == [1, 2]  # oldest first
    assert ws.last_checkin(11).value == 40
    assert ws.last_checkin(13) is None
    assert [o.id for o in ws.children_of(2)] == [4]
    assert ws.children_of(None) == []


def test_quarter_lookups(ws):
    # by team, then id
    assert [o.id for o in ws.objectives_in("2026-Q4")] == [1, 2, 4]
    assert [o.id for o in ws.objectives_in(Quarter(2026, 4), team="Sales")] == [2, 4]
    assert [k.id for k in ws.krs_in("2026-Q4", team="Sales")] == [11, 12]
    assert ws.quarters() == [Quarter(2026, 4), Quarter(2027, 1)]
    assert ws.teams() == ["Marketing", "Sales", "Support"]
    assert ws.latest_activity() == at(11, 1)
    assert Workspace().latest_activity() is None


# ---- resolve ------------------------------------------------------------------------------------


def test_resolve_by_id_and_fragment(ws):
    assert resolve_kr(ws, "13").id == 13
    assert resolve_kr(ws, "traffic").id == 13  # a fragment, case-insensitive
    assert resolve_kr(ws, "REVENUE").id == 11
    assert resolve_kpi(ws, "response").id == 2
    assert resolve_kpi(ws, "1").id == 1


def test_ambiguous_reference_lists_the_candidates(ws):
    with pytest.raises(ReferenceError_) as info:
        resolve_kr(ws, "to")  # "New clients to 10", "Revenue to 500k", "Web traffic to 50,000"
    assert "matches 3" in str(info.value)
    assert sorted(info.value.candidates) == ["11: Revenue to 500k", "12: New clients to 10", "13: Web traffic to 50,000"]


def test_unknown_reference(ws):
    with pytest.raises(ReferenceError_, match="no key result matches 'churn'"):
        resolve_kr(ws, "churn")
    with pytest.raises(ReferenceError_, match="no key result has id 77"):
        resolve_kr(ws, "77")
    with pytest.raises(ReferenceError_):
        resolve_kr(ws, "   ")


def test_exact_title_wins_over_fragments():
    ws = Workspace(objectives=[objective(1)], key_results=[kr(1, 1, "NPS"), kr(2, 1, "NPS to 50")])
    assert resolve_kr(ws, "nps").id == 1


def test_active_objectives_krs_are_preferred():
    # last quarter's closed copy of a KR must not make its name ambiguous
    ws = Workspace(
        objectives=[objective(1, state="closed", quarter="2026-Q3"), objective(2)],
        key_results=[kr(1, 1, "New clients to 10"), kr(2, 2, "New clients to 10")],
    )
    assert resolve_kr(ws, "clients").id == 2
    assert resolve_kr(ws, "1").id == 1  # an id still reaches the closed one


# ---- rewind -------------------------------------------------------------------------------------


def test_rewind_drops_later_checkins_and_replays_values(ws):
    past = rewind(ws, at(10, 10))
    assert past.key_result(11).current == 20  # Oct 5 check-in; Oct 20 one dropped
    assert past.key_result(12).current == 3
    assert past.key_result(13).current == 0  # never checked in: at its start
    assert [c.id for c in past.checkins_of(11)] == [1]
    # the original is untouched
    assert ws.key_result(11).current == 40
    assert len(ws.checkins) == 3


def test_rewind_before_everything_resets_to_start(ws):
    past = rewind(ws, at(9, 1))
    assert all(k.current == k.start for k in past.key_results)
    assert past.checkins == []
    assert past.kpis[0].current is None and past.kpis[0].readings == []


def test_rewind_replays_kpi_readings(ws):
    past = rewind(ws, at(10, 15))
    assert past.kpis[0].current == 400_000
    assert [r.value for r in past.kpis[0].readings] == [400_000]
    assert rewind(ws, at(12, 1)).kpis[0].current == 470_000


def test_rewind_includes_a_checkin_at_the_moment_itself(ws):
    past = rewind(ws, at(10, 20))
    assert past.key_result(11).current == 40
    assert [c.id for c in past.checkins_of(11)] == [1, 2]
    assert past.last_checkin(11).id == 2


def test_rewind_reads_a_naive_moment_as_utc(ws):
    naive = datetime(2026, 10, 10, 12, 0)
    assert rewind(ws, naive).key_result(11).current == 20


def history_ws():
    """A milestone whose confidence went 3 -> (check-in without confidence) -> 9 and which is done now."""
    ms = kr(1, 1, "Launch the site", kind="milestone", start=0, target=1, current=1, confidence=9)
    return Workspace(
        objectives=[objective(1)],
        key_results=[ms],
        checkins=[
            checkin(1, 1, at(10, 5), 0, confidence=3, previous_value=0, previous_confidence=5),
            checkin(2, 1, at(10, 20), 0, confidence=None, previous_value=0, previous_confidence=3),
            checkin(3, 1, at(11, 10), 1, confidence=9, previous_value=0, previous_confidence=3),
        ],
    )


def test_rewind_keeps_the_confidence_of_the_time():
    # As of Oct 25 the latest confidence given was 3 (Oct 5); the Oct 20 check-in gave none, and the
    # 9 of Nov 10 had not happened yet.
    past = rewind(history_ws(), at(10, 25))
    assert past.key_result(1).current == 0
    assert past.key_result(1).confidence == 3


def test_rewind_before_any_confidence_uses_what_the_next_checkin_found():
    # Before the first check-in, the confidence was what check-in 1 recorded as previous: 5.
    assert rewind(history_ws(), at(10, 1)).key_result(1).confidence == 5
    # After everything: the present confidence.
    assert rewind(history_ws(), at(12, 31)).key_result(1).confidence == 9


def test_rewind_to_now_keeps_checked_in_values(ws):
    now = rewind(ws, at(12, 31))
    assert now.key_result(11).current == 40 and now.key_result(12).current == 3
    assert len(now.checkins) == 3
