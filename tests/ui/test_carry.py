"""carry_forward: the next quarter's copy of an objective, its KRs starting at their latest values."""

from __future__ import annotations

import pytest

from okrtui.domain.models import InvalidInput
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
    new = carry_forward(empty_repo, objective.id)
    [carried] = empty_repo.load().krs_of(new.id)
    assert (carried.start, carried.target) == (25, 35)


def test_a_reached_decrease_target_moves_on_by_the_same_step(empty_repo):
    objective, kr = objective_with(empty_repo, kind="decrease", start=4, target=1)
    empty_repo.record_checkin(kr.id, 1)
    new = carry_forward(empty_repo, objective.id)
    [carried] = empty_repo.load().krs_of(new.id)
    assert (carried.start, carried.target) == (1, -2)


def test_milestones_start_again_and_thresholds_keep_their_target(empty_repo):
    objective, kr = objective_with(empty_repo, kind="milestone", start=0, target=1)
    empty_repo.record_checkin(kr.id, 1)
    empty_repo.add_key_result(objective.id, title="CSAT", kind="at_least", start=80, target=90, current=93)
    new = carry_forward(empty_repo, objective.id)
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
