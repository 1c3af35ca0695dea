"""Key results fed by a KPI (issue 19, point 4): a reading of the KPI is also a check-in of each KR
that names it as its source, in the same locked write, with the same author, note and moment."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from okrtui.domain.validation import InvalidInput
from okrtui.storage.carry import carry_forward
from okrtui.storage.repository import Repository

READ_AT = datetime(2026, 11, 20, 3, 0, tzinfo=timezone.utc)


@pytest.fixture
def linked(empty_repo: Repository):
    """客服's response-time KR (4 → 1 小時), fed by the KPI that measures it."""
    objective = empty_repo.add_objective(quarter="2026-Q4", title="卓越客服", team="客服")
    kpi = empty_repo.add_kpi(name="平均回應時間", team="客服", unit="小時", direction="lower_is_better", target=2)
    kr = empty_repo.add_key_result(objective.id, title="回應時間縮短至1小時", kind="decrease", unit="小時",
                                   start=4, target=1, confidence=6, source_kpi_id=kpi.id)
    return empty_repo, objective, kr, kpi


def _raw(repo: Repository) -> dict:
    return json.loads(repo.path.read_text(encoding="utf-8"))


def test_a_reading_checks_into_the_linked_kr_in_the_same_write(linked):
    repo, _objective, kr, kpi = linked
    revision = _raw(repo)["meta"]["1"]["revision"]
    reading = repo.record_kpi_reading(kpi.id, 2.5, note="導入自動分派", author="陳大同", at=READ_AT)

    assert _raw(repo)["meta"]["1"]["revision"] == revision + 1  # one write: the file replaced once
    ws = repo.load()
    assert ws.key_result(kr.id).current == 2.5 and ws.key_result(kr.id).confidence == 6  # confidence kept
    [checkin] = ws.checkins_of(kr.id)
    assert (checkin.value, checkin.note, checkin.author, checkin.at) == (2.5, "導入自動分派", "陳大同", READ_AT)
    assert checkin.previous_value == 4 and checkin.confidence is None
    assert [r.value for r in ws.kpis[0].readings] == [2.5]
    # What the call returns is what was written.
    assert reading.kpi.current == 2.5 and [f.checkin.id for f in reading.fed] == [checkin.id]
    assert (reading.fed[0].before.current, reading.fed[0].after.current) == (4, 2.5)
    # Both in the change log, as one change about the KPI that names the KR too.
    change = ws.changes[-1]
    assert (change.action, change.kind, change.record_id) == ("reading", "kpi", kpi.id)
    assert change.kpi_ids == [kpi.id] and change.kr_ids == [kr.id] and change.quarter == "2026-Q4"
    assert {(r.kind, r.id, r.before is None) for r in change.records} == {
        ("key_result", kr.id, False), ("kpi", kpi.id, False), ("checkin", checkin.id, True)}
    assert change.on_behalf_of == "陳大同"


def test_the_quick_command_reading_feeds_the_kr_too(linked):
    repo, _objective, kr, _kpi = linked
    reading = repo.kpi_reading_by_reference("回應", "1.8", note="夜班", author="吳淑芬")
    assert [f.after.id for f in reading.fed] == [kr.id]
    assert repo.load().last_checkin(kr.id).note == "夜班"


def test_an_unlinked_kpi_and_a_removed_link_check_in_nothing_and_the_history_stays(linked):
    repo, _objective, kr, kpi = linked
    repo.record_kpi_reading(kpi.id, 3, at=READ_AT)
    repo.update_key_result(kr.id, source_kpi_id=None)
    reading = repo.record_kpi_reading(kpi.id, 2)
    ws = repo.load()
    assert reading.fed == []
    assert [c.value for c in ws.checkins_of(kr.id)] == [3]  # the fed check-in is kept
    assert ws.key_result(kr.id).current == 3 and ws.kpis[0].current == 2


def test_a_reading_never_checks_into_a_closed_quarter_a_graded_or_dropped_objective_or_a_future_quarter(linked):
    repo, objective, kr, kpi = linked
    q3 = repo.add_objective(quarter="2026-Q3", title="上季", team="客服", state="closed", decision="achieved",
                            final_score=0.7)
    old = repo.add_key_result(q3.id, title="上季回應時間", kind="decrease", start=5, target=4)
    dropped = repo.add_objective(quarter="2026-Q4", title="放棄", team="客服", state="dropped")
    gone = repo.add_key_result(dropped.id, title="放棄的", kind="decrease", start=5, target=4)
    q1 = repo.add_objective(quarter="2027-Q1", title="下季", team="客服")
    later = repo.add_key_result(q1.id, title="下季回應時間", kind="decrease", start=2, target=0.5)
    for other in (old, gone, later):
        repo.update_key_result(other.id, source_kpi_id=kpi.id)

    reading = repo.record_kpi_reading(kpi.id, 2.2, at=READ_AT)
    ws = repo.load()
    assert [f.after.id for f in reading.fed] == [kr.id]
    assert [ws.checkins_of(k.id) for k in (old, gone, later)] == [[], [], []]
    assert ws.key_result(old.id).current == 5  # the closed quarter's grade is not moved
    # Once 2027-Q1 begins (the reading's day in the workspace's calendar), it is fed.
    fed = repo.record_kpi_reading(kpi.id, 1.9, at=datetime(2027, 1, 5, 3, 0, tzinfo=timezone.utc)).fed
    assert {f.after.id for f in fed} == {kr.id, later.id}


def test_the_link_names_an_existing_kpi_and_never_feeds_a_milestone(linked):
    repo, objective, kr, kpi = linked
    with pytest.raises(InvalidInput, match="there is no KPI K99"):
        repo.update_key_result(kr.id, source_kpi_id=99)
    with pytest.raises(InvalidInput, match="milestone"):
        repo.add_key_result(objective.id, title="上線", kind="milestone", target=1, source_kpi_id=kpi.id)
    with pytest.raises(InvalidInput, match="milestone"):
        repo.update_key_result(kr.id, kind="milestone", start=0, target=1, current=0)
    assert repo.load().key_result(kr.id).source_kpi_id == kpi.id  # nothing written


def test_deleting_the_kpi_unlinks_its_krs_and_a_restore_links_them_again(linked):
    repo, _objective, kr, kpi = linked
    repo.record_kpi_reading(kpi.id, 3, at=READ_AT)
    gone = repo.delete_kpi(kpi.id)
    ws = repo.load()
    assert ws.key_result(kr.id).source_kpi_id is None and len(ws.checkins_of(kr.id)) == 1
    logged = ws.changes[-1]
    assert (logged.action, logged.kind, logged.record_id, logged.kr_ids) == ("delete", "kpi", kpi.id, [kr.id])
    repo.restore(gone)
    assert repo.load().key_result(kr.id).source_kpi_id == kpi.id
    assert [f.after.id for f in repo.record_kpi_reading(kpi.id, 2).fed] == [kr.id]


def test_undo_of_a_reading_takes_back_the_check_in_it_fed(linked):
    repo, _objective, kr, kpi = linked
    repo.author = "陳大同"
    repo.record_kpi_reading(kpi.id, 3, at=READ_AT)
    repo.undo()
    ws = repo.load()
    assert ws.checkins_of(kr.id) == [] and ws.key_result(kr.id).current == 4
    assert ws.kpis[0].readings == [] and ws.kpis[0].current is None


def test_a_carried_kr_stays_fed_by_its_kpi(linked):
    repo, objective, kr, kpi = linked
    carried = carry_forward(repo, objective.id, [kr.id])
    [next_kr] = repo.load().krs_of(carried.id)
    assert next_kr.source_kpi_id == kpi.id
