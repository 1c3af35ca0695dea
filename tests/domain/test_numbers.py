"""Issue 17, "wrong numbers": pending things count nowhere, final grades stay final, thresholds
show their distance. Expected values worked out by hand from the README's Scoring section.

2026-Q4 as of Nov 15: the elapsed share is (31 + 15) / 92 = 0.5.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timezone

from okrtui.domain.models import CheckIn, KeyResult, Objective
from okrtui.domain.quarter import Quarter
from okrtui.present.report import build_report
from okrtui.present.report_data import report_dict
from okrtui.present.report_formats import render
from okrtui.domain.scoring import threshold_gap
from okrtui.domain.views import quarter_as_dict, view_quarter
from okrtui.domain.workspace import Workspace
from okrtui.present.formatting import kr_values

Q4 = Quarter(2026, 4)
AS_OF = date(2026, 11, 15)
NOW = datetime(2026, 11, 15, 23, 59, tzinfo=timezone.utc)


def at(month, day):
    return datetime(2026, month, day, 12, tzinfo=timezone.utc)


def objective(id, title, team, **extra):
    return Objective(id=id, quarter="2026-Q4", title=title, team=team, **extra)


def kr(id, objective_id, **fields):
    return KeyResult(id=id, objective_id=objective_id, title=fields.pop("title", f"KR {id}"), **fields)


def by_id(view):
    return {o.id: o for o in view.objectives}


# ---- item 2: nothing measured yet is pending and counts in no mean ---------------------------------


def company(*extra_objectives, extra_krs=(), extra_checkins=()):
    """O1 company (no KRs) ← O2 sales, measured at 0.6 (on track: 0.6 >= 0.95 × 0.5)."""
    return Workspace(
        objectives=[objective(1, "Grow", "公司"), objective(2, "New market", "業務", parent_id=1), *extra_objectives],
        key_results=[kr(21, 2, start=0, target=10, current=6), *extra_krs],
        checkins=[CheckIn(id=1, kr_id=21, at=at(11, 10), value=6), *extra_checkins],
    )


def test_a_new_objective_without_krs_does_not_drag_its_parent():
    before = by_id(view_quarter(company(), Q4, AS_OF, NOW))
    assert before[1].progress == 0.6 and before[1].status == "on_track"
    ws = company(objective(3, "Brand", "行銷", parent_id=1))  # just saved: no KRs yet
    view = by_id(view_quarter(ws, Q4, AS_OF, NOW))
    assert view[3].status == "pending" and not view[3].counted
    # Before the fix the mean was (0.6 + 0) / 2 = 0.3, off track.
    assert view[1].progress == 0.6 and view[1].status == "on_track"


def test_an_objective_whose_krs_are_all_pending_counts_nowhere():
    ws = company(objective(3, "Brand", "行銷", parent_id=1),
                 extra_krs=[kr(31, 3, start=0, target=100), kr(32, 3, kind="at_most", start=1, target=1)])
    view = by_id(view_quarter(ws, Q4, AS_OF, NOW))
    assert view[3].status == "pending" and view[3].progress == 0.0
    assert view[1].progress == 0.6
    # The report's team and company means leave it out too: 行銷 has nothing to average.
    report = build_report(ws, Q4, AS_OF, NOW)
    teams = {t.team: t for t in report.teams}
    assert teams["行銷"].score is None and report.score == 0.6  # O1 0.6 and O2 0.6; O3 left out
    data = report_dict(report)
    assert [t["score"] for t in data["teams"] if t["team"] == "行銷"] == [None]
    assert "| 行銷 | 1 | 2 | · pending |" in render(report, "md")


def test_a_company_objective_with_only_pending_children_is_pending():
    ws = Workspace(objectives=[objective(1, "Grow", "公司"), objective(3, "Brand", "行銷", parent_id=1)])
    view = by_id(view_quarter(ws, Q4, AS_OF, NOW))
    assert view[1].status == "pending" and not view[1].counted


def test_once_measured_a_pending_kr_counts_as_zero_inside_its_objective():
    ws = company(extra_krs=[kr(22, 2, start=0, target=10)])  # O2: 0.6 and a KR never checked in
    assert by_id(view_quarter(ws, Q4, AS_OF, NOW))[2].progress == 0.3


# ---- item 4: a KR with no check-in is pending, whatever its start says --------------------------------


def test_an_at_most_kr_at_its_target_from_the_start_is_pending_until_checked_in():
    ws = Workspace(objectives=[objective(4, "Service", "客服")],
                   key_results=[kr(41, 4, kind="at_most", start=1, target=1, unit="小時")])
    view = by_id(view_quarter(ws, Q4, AS_OF, NOW))
    [k] = view[4].key_results
    assert (k.status, k.progress, k.raw) == ("pending", 0.0, 0.0)  # before: done, 100%
    assert view[4].status == "pending" and view[4].progress == 0.0
    ws = Workspace(ws.objectives, ws.key_results, [CheckIn(id=1, kr_id=41, at=at(11, 14), value=1)])
    [k] = by_id(view_quarter(ws, Q4, AS_OF, NOW))[4].key_results
    assert (k.status, k.progress) == ("done", 1.0)


# ---- item 1 and 5: graded objectives show their final grade and decision ------------------------------


def closed_marketing():
    """行銷's objective closed with "drop" at a final grade of 0.55; its 3 KRs measured."""
    o = objective(3, "Brand", "行銷", state="dropped", decision="drop", final_score=0.55, proposed_score=0.55,
                  retrospective="the channel did not work", met=False)
    krs = [kr(31, 3, start=0, target=10, current=5), kr(32, 3, start=0, target=10, current=6),
           kr(33, 3, kind="at_least", start=80, target=90, current=92)]
    checkins = [CheckIn(id=i, kr_id=k, at=at(12, 1), value=v) for i, (k, v) in enumerate(((31, 5), (32, 6), (33, 92)), 1)]
    meta = Workspace().meta.model_copy(update={"archived": ["2026-Q4"]})
    return Workspace([o], krs, checkins, [], meta)


def test_a_dropped_objective_reports_its_final_grade_with_the_decision():
    ws = closed_marketing()
    end = date(2026, 12, 31)
    report = build_report(ws, Q4, end, datetime(2026, 12, 31, 23, 59, tzinfo=timezone.utc))
    assert report.closed
    md = render(report, "md")
    # Before: "| 行銷 | 1 | 3 | 0.00 (red) |"
    assert "| 行銷 | 1 | 3 | 0.55 | 3 | 1 drop |" in md  # a grade, no colour word (item 19)
    data = json.loads(render(report, "json"))
    team = data["teams"][0]
    assert (team["score"], team["grade"], team["decisions"]) == (0.55, "yellow", {"drop": 1})
    assert data["company"]["score"] == 0.55
    [o] = team["objectives"]
    assert (o["score"], o["status"], o["decision"]) == (0.55, "dropped", "drop")
    csv_rows = render(report, "csv").splitlines()
    assert all(",0.5500,drop," in row for row in csv_rows[1:])


def test_a_closed_quarter_shows_final_grades_in_the_view():
    ws = closed_marketing()
    view = view_quarter(ws, Q4, date(2026, 12, 31), datetime(2026, 12, 31, 23, 59, tzinfo=timezone.utc))
    assert view.closed
    [o] = view.objectives
    assert (o.progress, o.status) == (0.55, "dropped")
    # KRs show their grade; the one that reached its line stays done, the others are closed.
    assert [(k.progress, k.status) for k in o.key_results] == [(0.5, "closed"), (0.6, "closed"), (1.0, "done")]
    data = quarter_as_dict(view)
    assert data["closed"] is True and data["objectives"][0]["final_score"] == 0.55
    assert data["objectives"][0]["decision"] == "drop"


# ---- item 27: a threshold KR shows how far it is from its line -----------------------------------------


def test_threshold_gap_is_the_distance_to_the_line():
    below = kr(8, 4, kind="at_least", start=82, target=90, current=87, unit="%")
    assert threshold_gap(below) == 3
    assert threshold_gap(below, 91) == 0
    slow = kr(7, 4, kind="at_most", start=4, target=1, current=1.5, unit="小時")
    assert threshold_gap(slow) == 0.5
    assert threshold_gap(kr(1, 4, start=0, target=10, current=3)) is None


def test_threshold_values_say_the_distance_and_the_rule_stays():
    below = kr(8, 4, kind="at_least", start=82, target=90, current=87, unit="%")
    assert kr_values(below) == "87 / ≥ 90% · 3 to go"
    assert kr_values(kr(8, 4, kind="at_least", start=82, target=90, current=92, unit="%")) == "92 / ≥ 90%"
    assert kr_values(kr(7, 4, kind="at_most", start=4, target=1, current=1.5, unit="小時")) == "1.5 / ≤ 1 小時 · 0.5 over"
    ws = Workspace([objective(4, "Service", "客服")], [below], [CheckIn(id=1, kr_id=8, at=at(11, 14), value=87)])
    [k] = by_id(view_quarter(ws, Q4, AS_OF, NOW))[4].key_results
    assert (k.status, k.progress) == ("off_track", 0.0)
