"""carry_forward: the next quarter's copy of an objective, its KRs starting at their latest values."""

from __future__ import annotations

import pytest

from okrtui.domain.validation import InvalidInput
from okrtui.storage.carry import carry_forward
from okrtui.storage.errors import NotFound


def objective_with(repo, **kr_fields):
    objective = repo.add_objective(quarter="2026-Q4", title="Delight users", team="Ops", owner="Li",
                                   commitment="committed", parent_id=None)
    kr = repo.add_key_result(objective.id, title="KR", **kr_fields)
    return objective, kr


def test_latest_value_becomes_the_start(empty_repo):
    objective, kr = objective_with(empty_repo, kind="increase", unit="%", start=10, target=50, weight=2, owner="Mei")
    empty_repo.record_checkin(kr.id, 30)
    new = carry_forward(empty_repo, objective.id)
    ws = empty_repo.load()
    assert (new.quarter, new.title, new.team, new.owner, new.commitment) == ("2027-Q1", "Delight users", "Ops", "Li", "committed")
    [carried] = ws.krs_of(new.id)
    assert (carried.start, carried.current, carried.target, carried.unit, carried.weight, carried.owner) == (30, 30, 50, "%", 2, "Mei")
    assert ws.checkins_of(carried.id) == []
    assert ws.objective(objective.id).quarter == "2026-Q4"  # the original stays where it was


def test_a_reached_increase_target_moves_on_by_the_same_step(empty_repo):
    objective, kr = objective_with(empty_repo, kind="increase", start=10, target=20)
    empty_repo.record_checkin(kr.id, 25)
    new = carry_forward(empty_repo, objective.id, [kr.id])  # finished: carried only when chosen
    [carried] = empty_repo.load().krs_of(new.id)
    assert (carried.start, carried.target) == (25, 35)


def test_a_reached_decrease_target_moves_on_by_the_same_step(empty_repo):
    objective, kr = objective_with(empty_repo, kind="decrease", start=4, target=1)
    empty_repo.record_checkin(kr.id, 1)
    new = carry_forward(empty_repo, objective.id, [kr.id])
    [carried] = empty_repo.load().krs_of(new.id)
    assert (carried.start, carried.target) == (1, -2)


def test_milestones_start_again_and_thresholds_keep_their_target(empty_repo):
    objective, kr = objective_with(empty_repo, kind="milestone", start=0, target=1)
    empty_repo.record_checkin(kr.id, 1)
    csat = empty_repo.add_key_result(objective.id, title="CSAT", kind="at_least", start=80, target=90, current=93)
    new = carry_forward(empty_repo, objective.id, [kr.id, csat.id])
    milestone, threshold = empty_repo.load().krs_of(new.id)
    assert (milestone.start, milestone.target, milestone.current) == (0, 1, 0)
    assert (threshold.start, threshold.target) == (93, 90)


def test_carrying_twice_is_refused_and_a_missing_objective_is_not_found(empty_repo):
    objective, _kr = objective_with(empty_repo, kind="increase", start=0, target=1)
    carry_forward(empty_repo, objective.id)
    with pytest.raises(InvalidInput, match="already in 2027-Q1"):
        carry_forward(empty_repo, objective.id)
    with pytest.raises(NotFound):
        carry_forward(empty_repo, 999)
    assert len(empty_repo.load().objectives) == 2


def test_only_unfinished_krs_are_carried_by_default_and_they_start_pending(empty_repo):
    """Issue 17 item 3: a done KR was copied and read `100% ✔ done (never)`; the new objective
    `33% ● on track` in week 1. Now: unfinished KRs only, pending with no progress until a check-in."""
    from datetime import date, datetime, timezone

    from okrtui.domain.quarter import Quarter
    from okrtui.domain.views import view_quarter

    objective, traffic = objective_with(empty_repo, kind="increase", start=10, target=50)
    empty_repo.record_checkin(traffic.id, 30)  # halfway: unfinished
    csat = empty_repo.add_key_result(objective.id, title="CSAT", kind="at_least", start=82, target=90)
    empty_repo.record_checkin(csat.id, 87)  # below its line: unfinished
    solved = empty_repo.add_key_result(objective.id, title="Solved", kind="at_least", start=86, target=90)
    empty_repo.record_checkin(solved.id, 92)  # done
    empty_repo.add_key_result(objective.id, title="Never measured", kind="at_most", start=1, target=1)
    new = carry_forward(empty_repo, objective.id)
    ws = empty_repo.load()
    carried = ws.krs_of(new.id)
    assert [k.title for k in carried] == ["KR", "CSAT", "Never measured"]
    assert [(k.start, k.current) for k in carried] == [(30, 30), (87, 87), (1, 1)]
    q1 = Quarter(2027, 1)
    week1 = view_quarter(ws, q1, date(2027, 1, 5), datetime(2027, 1, 5, 12, tzinfo=timezone.utc))
    [o] = week1.objectives
    assert (o.status, o.progress) == ("pending", 0.0)
    assert [(k.status, k.progress) for k in o.key_results] == [("pending", 0.0)] * 3
