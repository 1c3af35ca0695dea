"""Alignment to a key result (issue 20): the roll-up rule by hand, the refusals, the coach.

The demo at its moment (2026-11-30, expected 61/92 = 0.663): the company objective O1 has three
KRs, each measured by the team objective aligned to it (#10 ← O2 業務, #11 ← O3 行銷, #12 ← O4
客服); 張志豪's person objective O5 aligns to 業務's KR #2, which keeps its own check-ins.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from okrtui.domain.alignment import alignment_problems
from okrtui.domain.coach import review_quarter
from okrtui.domain.models import KeyResult, Objective
from okrtui.domain.validation import InvalidInput
from okrtui.domain.quarter import Quarter
from okrtui.domain.views import view_quarter
from okrtui.domain.workspace import Workspace

Q = Quarter(2026, 4)
DAY = date(2026, 11, 30)
AT = datetime(2026, 11, 30, 12, tzinfo=timezone.utc)

# The teams' objectives from their KRs' values (start → target, current):
SALES = (31 / 50 + 150 / 200 + (72 - 35) / (80 - 35)) / 3  # 0.62, 0.75, 0.8222 → 0.7307
MARKETING = ((44000 - 38500) / (50000 - 38500) + 1450 / 2000 + 230 / 500) / 3  # 0.4783, 0.725, 0.46 → 0.5544
SERVICE = ((4 - 1.6) / (4 - 1) + 0 + 1) / 3  # 0.8; 87 < 90: 0; 92 >= 90: 1 → 0.6
PERSON = (75 / 90 + 52 / 80 + 12 / 25) / 3  # 0.8333, 0.65, 0.48 → 0.6544


def views(workspace):
    view = view_quarter(workspace, Q, DAY, AT)
    return {o.id: o for o in view.objectives}, {k.id: k for o in view.objectives for k in o.key_results}


def test_the_company_is_the_mean_of_its_krs_each_measured_by_the_objective_aligned_to_it(demo_repo):
    objectives, krs = views(demo_repo.load())
    assert objectives[2].progress == pytest.approx(SALES) and round(SALES, 4) == 0.7307
    assert (krs[10].rolled_up, krs[10].aligned, krs[10].progress) == (True, [2], pytest.approx(SALES))
    assert (krs[11].rolled_up, krs[11].progress) == (True, pytest.approx(MARKETING))
    assert (krs[12].rolled_up, krs[12].progress) == (True, pytest.approx(SERVICE))
    assert objectives[1].progress == pytest.approx((SALES + MARKETING + SERVICE) / 3)
    assert round(objectives[1].progress, 4) == 0.6284
    # 0.6284 against 0.95 × 0.663 = 0.630: just under, at risk (0.75 × 0.663 = 0.497 is the floor).
    assert objectives[1].status == "at_risk" and krs[10].status == "on_track"


def test_a_kr_with_its_own_checkins_keeps_them_and_lists_the_objective_beside_it(demo_repo):
    objectives, krs = views(demo_repo.load())
    assert (krs[2].rolled_up, krs[2].aligned, krs[2].progress) == (False, [5], 0.75)
    assert objectives[5].objective.level == "person" and objectives[5].progress == pytest.approx(PERSON)


def test_a_checkin_on_an_aligned_objectives_kr_moves_the_company(demo_repo):
    before, _krs = views(demo_repo.load())
    demo_repo.record_checkin(1, 50, author="王小明")  # #1 reaches its 50 萬元: 0.62 → 1.0
    after, krs = views(demo_repo.load())
    sales = (1.0 + 0.75 + 37 / 45) / 3
    assert krs[10].progress == pytest.approx(sales) == after[2].progress
    assert after[1].progress == pytest.approx((sales + MARKETING + SERVICE) / 3)
    assert after[1].progress - before[1].progress == pytest.approx((1.0 - 0.62) / 3 / 3)


def test_a_checkin_on_the_company_kr_itself_replaces_the_roll_up(demo_repo):
    demo_repo.record_checkin(10, 5, author="周執行長")  # 5 of 20%
    objectives, krs = views(demo_repo.load())
    assert (krs[10].rolled_up, krs[10].progress, krs[10].aligned) == (False, 0.25, [2])
    assert objectives[1].progress == pytest.approx((0.25 + MARKETING + SERVICE) / 3)


def test_an_aligned_objective_with_nothing_measured_is_left_out_and_leaves_the_kr_pending():
    ws = Workspace(
        objectives=[Objective(id=1, quarter="2026-Q4", title="Grow", team="Co", level="company"),
                    Objective(id=2, quarter="2026-Q4", title="Sell", team="Sales", parent_kr_id=1),
                    Objective(id=3, quarter="2026-Q4", title="Serve", team="Help", parent_kr_id=2)],
        key_results=[KeyResult(id=1, objective_id=1, title="Revenue +20%", target=20),
                     KeyResult(id=2, objective_id=1, title="NPS 50", target=50),
                     KeyResult(id=3, objective_id=2, title="Deals 10", target=10),
                     KeyResult(id=4, objective_id=3, title="Tickets 90%", target=90)],
    )
    objectives, krs = views(ws)
    assert (krs[1].status, krs[1].progress, krs[1].rolled_up) == ("pending", 0.0, True)
    assert objectives[1].status == "pending" and not objectives[1].counted


def demo_objective(workspace, objective_id, **changes) -> Objective:
    return workspace.objective(objective_id).model_copy(update=changes)


@pytest.mark.parametrize("changes, words", [
    ({"parent_kr_id": 99}, "there is no key result 99"),
    ({"parent_kr_id": 1}, "own key result"),  # O2's own KR #1
])
def test_refused_links_say_why(demo_repo, changes, words):
    ws = demo_repo.load()
    problems = alignment_problems(ws, demo_objective(ws, 2, **changes))
    assert problems and words in problems[0][1] and problems[0][0] == "parent_kr_id"


def test_a_link_across_quarters_and_a_link_to_a_lower_level_are_refused_and_nothing_is_written(demo_repo):
    before = demo_repo.path.read_bytes()
    with pytest.raises(InvalidInput) as crossing:
        demo_repo.add_objective(quarter="2027-Q1", title="Next year", team="業務", parent_kr_id=10)
    assert "in 2026-Q4 and this objective in 2027-Q1" in str(crossing.value)
    with pytest.raises(InvalidInput) as lower:
        demo_repo.update_objective(3, parent_kr_id=13, parent_id=None)  # a team objective under a person's KR
    assert "is a person objective; a team objective aligns to its own level or a higher one" in str(lower.value)
    with pytest.raises(InvalidInput) as higher:
        demo_repo.update_objective(1, parent_id=5)  # the company under a person
    assert "a company objective aligns to its own level" in str(higher.value)
    assert demo_repo.path.read_bytes() == before
    demo_repo.update_objective(2, parent_kr_id=4)  # 業務 under 行銷's KR #4: allowed, same level
    written = demo_repo.path.read_bytes()
    with pytest.raises(InvalidInput) as loop:
        demo_repo.update_objective(3, parent_kr_id=1)  # 行銷 under 業務's #1, while 業務 serves 行銷
    assert "that alignment would make a loop: key result #1 already leads up to this objective" in str(loop.value)
    assert demo_repo.path.read_bytes() == written


def test_an_objective_aligns_to_one_thing_and_a_person_objective_names_its_person():
    with pytest.raises(ValueError, match="not both"):
        Objective(quarter="2026-Q4", title="x", team="t", parent_id=1, parent_kr_id=2)
    with pytest.raises(ValueError, match="needs its owner"):
        Objective(quarter="2026-Q4", title="x", team="t", level="person")


def test_the_coach_flags_an_objective_whose_parent_was_dropped_or_has_ended(demo_repo):
    assert not [f for f in review_quarter(demo_repo.load(), Q) if f.code == "parent-ended"]
    demo_repo.update_objective(2, state="dropped")  # O5 serves #2 of O2
    found = [f for f in review_quarter(demo_repo.load(), Q) if f.code == "parent-ended"]
    assert [(f.level, f.objective_id) for f in found] == [("warning", 5)]
    assert "O2" in found[0].message and "dropped" in found[0].message
    demo_repo.update_objective(2, state="closed")
    found = [f for f in review_quarter(demo_repo.load(), Q) if f.code == "parent-ended"]
    assert [f.objective_id for f in found] == [5] and "has ended" in found[0].message


def test_deleting_a_kr_unaligns_its_objectives_and_a_restore_aligns_them_again(demo_repo):
    gone = demo_repo.delete_key_result(2)
    ws = demo_repo.load()
    assert ws.objective(5).parent_kr_id is None and ws.aligned_to_kr(2) == []
    demo_repo.restore(gone)
    assert demo_repo.load().objective(5).parent_kr_id == 2
    gone = demo_repo.delete_objective(1)  # its KRs #10-12 go, and O2-O4 lose their link
    assert all(demo_repo.load().objective(i).parent_kr_id is None for i in (2, 3, 4))
    demo_repo.restore(gone)
    assert [demo_repo.load().objective(i).parent_kr_id for i in (2, 3, 4)] == [10, 11, 12]
