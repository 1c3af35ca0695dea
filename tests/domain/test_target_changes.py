"""A KR whose target or start moved after its first check-in (issue 18 point 3): marked in every
view, listed beside the grade in the reports and at the close, and the coach warns when a target is
made easier in the last third of the quarter."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, timedelta, timezone

import pytest

from okrtui.domain.coach import review_quarter
from okrtui.domain.grading import proposals
from okrtui.domain.history import target_changes
from okrtui.domain.lens import lens_report
from okrtui.domain.quarter import Quarter
from okrtui.present.report import build_report
from okrtui.present.report_formats import render
from okrtui.domain.views import view_quarter
from okrtui.storage.repository import Repository
from tests.conftest import DEMO_NOW, pinned_clock

Q4 = Quarter(2026, 4)
DAY = date(2026, 11, 30)
KR = 4  # 網站月流量: 38,000 → 50,000 visits, checked in before the demo's moment


@pytest.fixture
def moved(demo_path):
    """The demo with KR 4's target lowered from 50,000 to 48,000 at the demo's moment."""
    repo = Repository(demo_path, clock=pinned_clock(), author="王小明")
    repo.update_key_result(KR, target=48000)
    return repo


def test_a_target_lowered_after_check_ins_is_one_change_with_who_and_when(moved):
    ws = moved.load()
    [change] = target_changes(ws)
    assert (change.kr_id, change.field, change.before, change.after) == (KR, "target", 50000, 48000)
    assert change.at == DEMO_NOW and change.author == "王小明" and change.lowered is True
    assert target_changes(ws, KR) == [change] and target_changes(ws, 1) == []


def test_an_edit_before_the_first_check_in_is_no_move(tmp_path):
    repo = Repository(tmp_path / "okr.json", clock=pinned_clock(), author="王小明")
    repo.create()
    objective = repo.add_objective(quarter="2026-Q4", title="Grow", team="Sales")
    kr = repo.add_key_result(objective.id, title="Clients to 50", start=0, target=50)
    repo.update_key_result(kr.id, target=40)  # planning: nothing measured yet
    repo.clock.advance(timedelta(hours=1))
    repo.record_checkin(kr.id, 10)
    repo.update_key_result(kr.id, title="Clients to 40")  # a title is not the goal
    assert target_changes(repo.load()) == []
    repo.clock.advance(timedelta(hours=1))
    repo.update_key_result(kr.id, start=5)
    [change] = target_changes(repo.load())
    assert (change.field, change.before, change.after, change.lowered) == ("start", 0, 5, False)


def test_the_views_and_the_lens_mark_only_the_moved_kr(moved):
    ws = moved.load()
    view = view_quarter(ws, Q4, DAY, DEMO_NOW)
    marked = {k.id for o in view.objectives for k in o.key_results if k.target_moved}
    assert marked == {KR}
    assert {k.kr.id for k in lens_report(view).krs if k.target_moved} == {KR}


def test_reports_list_the_change_beside_the_grade(moved):
    ws = moved.load()
    report = build_report(ws, Q4, DAY, DEMO_NOW)
    text = render(report, "md")
    assert "- #4: target 50,000 → 48,000 on 2026-11-30 by 王小明" in text
    assert "| 4 | ⇄ 網站月流量" in text and "| 1 | ⇄" not in text
    data = json.loads(render(report, "json"))
    krs = {k["id"]: k for t in data["teams"] for o in t["objectives"] for k in o["key_results"]}
    assert krs[KR]["target_changes"] == [{
        "field": "target", "before": 50000, "after": 48000, "at": "2026-11-30T12:00:00+00:00", "day": "2026-11-30",
        "author": "王小明", "on_behalf_of": "", "lowered": True}]
    assert krs[1]["target_changes"] == []
    rows = {r["kr_id"]: r for r in csv.DictReader(io.StringIO(render(report, "csv").lstrip("\ufeff")))}
    assert rows["4"]["target_changes"] == "target 50,000 → 48,000 on 2026-11-30 by 王小明"
    assert rows["1"]["target_changes"] == ""


def test_the_close_proposal_carries_the_change(moved):
    by_kr = {k.kr.id: k for p in proposals(moved.load(), "2026-Q4") for k in p.krs}
    assert [(m.before, m.after) for m in by_kr[KR].moves] == [(50000, 48000)]
    assert by_kr[1].moves == []


def test_the_coach_warns_only_when_a_target_is_lowered_in_the_last_third(demo_path):
    # 2026-11-30 is day 60 of Q4's 91: not yet the last third, so the demo's moment is quiet.
    repo = Repository(demo_path, clock=pinned_clock(), author="王小明")
    repo.update_key_result(KR, target=48000)
    assert [f for f in review_quarter(repo.load(), "2026-Q4") if f.code == "target-lowered-late"] == []
    repo.clock.moment = datetime(2026, 12, 10, 12, tzinfo=timezone.utc)
    repo.update_key_result(1, target=60)  # raised: harder, no warning
    repo.update_key_result(KR, target=45000)  # lowered in December: warned
    [finding] = [f for f in review_quarter(repo.load(), "2026-Q4") if f.code == "target-lowered-late"]
    assert finding.kr_id == KR and finding.level == "warning"
    assert "from 48,000 to 45,000 on 2026-12-10" in finding.message


def test_a_script_acting_for_someone_is_named_as_such(demo_path):
    from okrtui.present.history_text import target_change_line

    repo = Repository(demo_path, clock=pinned_clock(), author="ci-bot")
    repo._write(lambda db, ws: db.table("key_results").update({"target": 48000.0}, doc_ids=[KR]),
                action="edit", on_behalf_of="王小明")
    [change] = target_changes(repo.load())
    assert target_change_line(change, repo.clock.local) == "target 50,000 → 48,000 on 2026-11-30 by ci-bot for 王小明"


def test_the_marks_read_only_the_logs_edits_of_krs_and_agree_with_the_whole_log(moved, monkeypatch):
    """`okrtui list` at L with a quarter's log: the target marks validate the log's KR edits, not
    its check-ins (most of it), and find what reading the whole log finds."""
    from okrtui.domain.models import Change

    for value in (30000, 31000, 32000):
        moved.record_checkin(KR, value)
    validated: list[str] = []
    original = Change.model_validate.__func__  # type: ignore[attr-defined]

    def counting(cls, data, *args, **kwargs):
        validated.append(data["action"])
        return original(cls, data, *args, **kwargs)

    monkeypatch.setattr(Change, "model_validate", classmethod(counting))
    ws = Repository(moved.path, clock=pinned_clock()).load()
    partial = target_changes(ws)
    assert validated and "checkin" not in validated  # the three check-ins' entries were not validated
    edits = len(validated)
    whole = Repository(moved.path, clock=pinned_clock()).load()
    assert len(whole.changes) > edits and validated[edits:].count("checkin") >= 3  # now the whole log
    assert partial == target_changes(whole) and [(c.kr_id, c.after) for c in partial] == [(KR, 48000)]
