"""views.view_quarter: what every list, table and report shows, computed by hand from DESIGN.md.

The quarter is 2026-Q4 (92 days); as of Nov 15 the elapsed share is (31 + 15) / 92 = 0.5, so
on_track needs p >= 0.475, at_risk 0.375 <= p < 0.475, off_track below 0.375.
"""

from datetime import date, datetime, timezone

import pytest

from okrtui.domain.models import KPI, CheckIn, KeyResult, Objective
from okrtui.domain.quarter import Quarter
from okrtui.domain.views import quarter_as_dict, view_quarter
from okrtui.domain.workspace import Workspace, rewind

Q4 = Quarter(2026, 4)
AS_OF = date(2026, 11, 15)
END = datetime(2026, 11, 15, 23, 59, 59, tzinfo=timezone.utc)  # the instant the views are taken at


def at(month, day, hour=12):
    return datetime(2026, month, day, hour, tzinfo=timezone.utc)


def objective(id, title, team, quarter="2026-Q4", **extra):
    return Objective(id=id, quarter=quarter, title=title, team=team, **extra)


def kr(id, objective_id, **fields):
    return KeyResult(id=id, objective_id=objective_id, title=fields.pop("title", f"KR {id}"), **fields)


def ci(id, kr_id, when, value, confidence=None):
    return CheckIn(id=id, kr_id=kr_id, at=when, value=value, confidence=confidence)


@pytest.fixture
def ws():
    return Workspace(
        objectives=[
            objective(1, "Grow the company", "Company"),  # no KRs: rolls up 2 and 3
            objective(2, "Open a new market", "Sales", parent_id=1),
            objective(3, "Raise brand awareness", "Marketing", parent_id=1),
            objective(4, "Next quarter's plan", "Sales", quarter="2027-Q1", parent_id=1),  # other quarter
            objective(5, "Abandoned idea", "Support", parent_id=1, state="dropped"),  # dropped
            objective(6, "Nothing yet", "Sales"),  # no KRs, no children
        ],
        key_results=[
            # objective 2
            kr(21, 2, kind="increase", start=0, target=10, current=6, weight=2, unit="clients"),  # p 0.6
            kr(22, 2, kind="increase", start=0, target=500_000, current=200_000, unit="NT$"),  # p 0.4
            kr(23, 2, kind="at_least", start=0, target=80, current=85, unit="%"),  # p 1
            # objective 3
            kr(31, 3, kind="increase", start=38_500, target=50_000, current=40_800, unit="views"),
            kr(32, 3, kind="milestone", start=0, target=1, current=0, confidence=5),
            kr(33, 3, kind="increase", start=0, target=2_000, unit="interactions"),  # never checked in
            # objective 4 and 5 (must not count)
            kr(41, 4, kind="milestone", start=0, target=1, current=1),
            kr(51, 5, kind="milestone", start=0, target=1, current=1),
        ],
        checkins=[
            ci(1, 21, at(11, 10), 6),
            ci(2, 22, at(10, 20), 200_000),  # 26 days before Nov 15: stale
            ci(3, 23, at(11, 14), 85),
            ci(4, 31, at(11, 12), 40_800),
            ci(5, 32, at(11, 1), 0, confidence=5),  # 14 days: stale
            ci(6, 41, at(11, 1), 1),
            ci(7, 51, at(11, 1), 1),
        ],
        kpis=[
            KPI(id=1, name="Monthly revenue", team="Sales", target=500_000, current=480_000),  # >= 450k: watch
            KPI(id=2, name="Response time", team="Support", direction="lower_is_better", target=1, current=0.8),
        ],
    )


def by_id(view):
    return {o.id: o for o in view.objectives}


def test_quarter_header(ws):
    view = view_quarter(ws, Q4, AS_OF, END)
    assert view.expected == pytest.approx(0.5)
    assert view.week == 7  # day index 45 -> 45 // 7 + 1
    assert view.as_of == AS_OF and view.quarter == Q4


def test_objectives_of_the_quarter_in_team_order(ws):
    view = view_quarter(ws, Q4, AS_OF, END)
    # sorted by team then id; objective 4 (2027-Q1) is not in this quarter
    assert [o.id for o in view.objectives] == [1, 3, 2, 6, 5]


def test_kr_progress_and_status(ws):
    krs = {k.id: k for o in view_quarter(ws, Q4, AS_OF, END).objectives for k in o.key_results}
    assert krs[21].raw == pytest.approx(0.6) and krs[21].status == "on_track"  # 0.6 >= 0.475
    assert krs[22].raw == pytest.approx(0.4) and krs[22].status == "at_risk"  # 0.375 <= 0.4 < 0.475
    assert krs[23].raw == 1.0 and krs[23].status == "done"  # 85 >= 80
    # (40,800 - 38,500) / (50,000 - 38,500) = 2,300 / 11,500 = 0.2 < 0.375
    assert krs[31].raw == pytest.approx(0.2) and krs[31].status == "off_track"
    assert krs[32].status == "at_risk"  # milestone, confidence 5
    assert krs[33].status == "pending" and krs[33].last_checkin is None and krs[33].stale is False


def test_staleness_is_measured_to_the_end_of_the_day(ws):
    krs = {k.id: k for o in view_quarter(ws, Q4, AS_OF, END).objectives for k in o.key_results}
    assert krs[22].stale is True  # Oct 20 -> Nov 15
    assert krs[32].stale is True  # Nov 1 -> end of Nov 15 is 14.5 days
    assert krs[21].stale is False  # Nov 10
    assert krs[21].last_checkin.id == 1


def test_staleness_is_measured_at_the_instant_given():
    # Checked in Nov 8 at 06:00: by the start of Nov 15 that is 6.75 days, by its end 7.75 days.
    ws = Workspace(objectives=[objective(1, "Grow", "Sales")], key_results=[kr(1, 1, start=0, target=10, current=5)],
                   checkins=[ci(1, 1, datetime(2026, 11, 8, 6, tzinfo=timezone.utc), 5)])
    assert view_quarter(ws, Q4, AS_OF, END).objectives[0].key_results[0].stale is True
    midnight = datetime(2026, 11, 15, 0, 0, tzinfo=timezone.utc)
    assert view_quarter(ws, Q4, AS_OF, midnight).objectives[0].key_results[0].stale is False


def test_objective_progress_is_the_weighted_mean(ws):
    objectives = by_id(view_quarter(ws, Q4, AS_OF, END))
    # (0.6*2 + 0.4*1 + 1.0*1) / (2+1+1) = 2.6 / 4 = 0.65 -> on_track (>= 0.475)
    assert objectives[2].progress == pytest.approx(0.65)
    assert objectives[2].status == "on_track"
    # (0.2 + 0 + 0) / 3 = 0.0667 -> off_track
    assert objectives[3].progress == pytest.approx(0.2 / 3)
    assert objectives[3].status == "off_track"


def test_company_objective_rolls_up_its_aligned_children(ws):
    company = by_id(view_quarter(ws, Q4, AS_OF, END))[1]
    assert company.key_results == []
    # children in the same quarter and not dropped, each weighing the same: (0.65 + 0.0667) / 2 = 0.3583
    assert company.progress == pytest.approx((0.65 + 0.2 / 3) / 2)
    # statuses [on_track, off_track] -> paced on 0.3583 < 0.375 -> off_track
    assert company.status == "off_track"


def test_each_aligned_child_weighs_the_same_whatever_its_kr_count():
    ws = Workspace(
        objectives=[objective(1, "Company", "Co"), objective(2, "A", "T1", parent_id=1), objective(3, "B", "T2", parent_id=1)],
        key_results=[kr(20, 2, start=0, target=10, current=10)]
        + [kr(30 + i, 3, start=0, target=10, current=0, weight=5) for i in range(3)],
        checkins=[ci(1, 20, at(11, 14), 10)] + [ci(2 + i, 30 + i, at(11, 14), 0) for i in range(3)],
    )
    # child A 1.0 (one KR), child B 0.0 (three KRs): (1.0 + 0.0) / 2 = 0.5
    assert by_id(view_quarter(ws, Q4, AS_OF, END))[1].progress == pytest.approx(0.5)


def test_objective_without_krs_or_children_is_pending_at_zero(ws):
    empty = by_id(view_quarter(ws, Q4, AS_OF, END))[6]
    assert empty.progress == 0.0 and empty.status == "pending"


def test_over_achievement_is_clamped_in_the_roll_up():
    ws = Workspace(
        objectives=[objective(1, "Grow", "Sales")],
        key_results=[kr(1, 1, start=0, target=100, current=150), kr(2, 1, start=0, target=100, current=20)],
        checkins=[ci(1, 1, at(11, 14), 150), ci(2, 2, at(11, 14), 20)],
    )
    view = view_quarter(ws, Q4, AS_OF, END)
    first = view.objectives[0].key_results[0]
    assert first.raw == pytest.approx(1.5) and first.progress == 1.0
    assert view.objectives[0].progress == pytest.approx(0.6)  # (1.0 + 0.2) / 2, not (1.5 + 0.2) / 2


def test_all_done_objective_is_done():
    ws = Workspace(
        objectives=[objective(1, "Ship", "Eng")],
        key_results=[kr(1, 1, kind="milestone", start=0, target=1, current=1), kr(2, 1, kind="at_most", start=9, target=2, current=1)],
        checkins=[ci(1, 1, at(11, 14), 1), ci(2, 2, at(11, 14), 1)],
    )
    assert view_quarter(ws, Q4, AS_OF, END).objectives[0].status == "done"


def test_alignment_cycles_do_not_recurse_forever():
    ws = Workspace(objectives=[objective(1, "A", "T", parent_id=2), objective(2, "B", "T", parent_id=1)])
    view = view_quarter(ws, Q4, AS_OF, END)
    assert [o.progress for o in view.objectives] == [0.0, 0.0]


def test_team_filter(ws):
    view = view_quarter(ws, Q4, AS_OF, END, team="Sales")
    assert [o.id for o in view.objectives] == [2, 6]
    assert [k.kpi.id for k in view.kpis] == [1]


def test_kpis(ws):
    statuses = {k.kpi.id: k.status for k in view_quarter(ws, Q4, AS_OF, END).kpis}
    assert statuses == {1: "watch", 2: "hit"}


def test_expected_follows_the_day(ws):
    assert view_quarter(ws, Q4, date(2026, 9, 1), at(9, 1)).expected == 0.0
    late = view_quarter(ws, Q4, date(2026, 12, 31), at(12, 31))
    assert late.expected == 1.0 and late.week == 13
    # at the end of the quarter, 0.6 < 0.75 is off_track for KR 21 (was on_track mid-quarter)
    krs = {k.id: k for o in late.objectives for k in o.key_results}
    assert krs[21].status == "off_track"


def test_as_dict_follows_the_list_json_contract(ws):
    document = quarter_as_dict(view_quarter(ws, Q4, AS_OF, END))
    assert set(document) == {"quarter", "as_of", "expected", "closed", "objectives", "kpis"}
    assert document["closed"] is False
    assert document["quarter"] == "2026-Q4" and document["as_of"] == "2026-11-15" and document["expected"] == 0.5
    obj = next(o for o in document["objectives"] if o["id"] == 2)
    assert set(obj) == {"id", "title", "team", "owner", "quarter", "commitment", "parent_id", "parent_kr_id", "level",
                        "progress", "status", "final_score", "decision", "key_results"}
    assert (obj["level"], obj["parent_kr_id"]) == ("team", None)
    assert obj["final_score"] is None and obj["decision"] is None
    assert obj["progress"] == 0.65 and obj["status"] == "on_track" and obj["parent_id"] == 1
    first = obj["key_results"][0]
    assert set(first) == {"id", "title", "kind", "unit", "start", "target", "current", "weight", "progress", "status",
                          "confidence", "last_checkin", "initiatives", "aligned", "rolled_up"}
    assert first["initiatives"] == []  # the work planned under it (issue 20); none in this workspace
    assert (first["aligned"], first["rolled_up"]) == ([], False)
    assert first["id"] == 21 and first["progress"] == 0.6 and first["last_checkin"] == "2026-11-10T12:00:00+00:00"
    assert set(document["kpis"][0]) == {"id", "name", "team", "unit", "direction", "target", "current", "status"}


def test_progress_in_the_document_is_clamped():
    ws = Workspace(objectives=[objective(1, "Grow", "Sales")], key_results=[kr(1, 1, start=0, target=100, current=120)],
                   checkins=[ci(1, 1, at(11, 1), 120)])
    document = quarter_as_dict(view_quarter(ws, Q4, AS_OF, END))
    assert document["objectives"][0]["key_results"][0]["progress"] == 1.0


# ---- as of a past moment ------------------------------------------------------------------------


def history():
    """One KR 0 -> 100 checked in at 20 (Oct 10), 50 (Oct 25) and 90 (Nov 20)."""
    return Workspace(
        objectives=[objective(1, "Grow", "Sales")],
        key_results=[
            kr(1, 1, start=0, target=100, current=90),
            kr(2, 1, kind="milestone", start=0, target=1, current=1, confidence=9),
        ],
        checkins=[
            ci(1, 1, at(10, 10), 20), ci(2, 1, at(10, 25), 50), ci(3, 1, at(11, 20), 90),
            CheckIn(id=4, kr_id=2, at=at(10, 10), value=0, confidence=2, previous_value=0, previous_confidence=5),
            CheckIn(id=5, kr_id=2, at=at(11, 20), value=1, confidence=9, previous_value=0, previous_confidence=2),
        ],
    )


def as_of(ws, day):
    moment = datetime.combine(day, datetime.max.time(), tzinfo=timezone.utc)
    return view_quarter(rewind(ws, moment), Q4, day, now=moment)


def test_rewind_replays_values_as_of_a_day():
    # Nov 1: value 50 (Oct 25); expected (31 + 1) / 92 = 0.3478; 0.5 >= 0.95*0.3478 -> on_track
    view = as_of(history(), date(2026, 11, 1))
    kr1, kr2 = view.objectives[0].key_results
    assert kr1.kr.current == 50 and kr1.status == "on_track"
    # Oct 25 noon -> the end of Nov 1 is 7.5 days: older than 7 days, so stale
    assert kr1.last_checkin.id == 2 and kr1.stale is True
    # Oct 25 noon -> the end of Oct 30 is 5.5 days: fresh
    assert as_of(history(), date(2026, 10, 30)).objectives[0].key_results[0].stale is False
    # the milestone was not done yet and its confidence was 2 -> off_track
    assert kr2.kr.current == 0 and kr2.status == "off_track"
    # objective: (0.5 + 0) / 2 = 0.25
    assert view.objectives[0].progress == pytest.approx(0.25)


def test_rewind_before_any_checkin_is_pending():
    view = as_of(history(), date(2026, 10, 5))
    assert [k.status for k in view.objectives[0].key_results] == ["pending", "pending"]
    assert view.objectives[0].status == "pending" and view.objectives[0].progress == 0.0


def test_rewind_after_the_last_checkin_is_the_present():
    view = as_of(history(), date(2026, 12, 1))
    kr1, kr2 = view.objectives[0].key_results
    assert kr1.kr.current == 90 and kr2.status == "done"
