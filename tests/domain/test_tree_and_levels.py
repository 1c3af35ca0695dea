"""The alignment tree (company → team → person) and what a person owns (`m`, --owner), on the demo."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from okrtui.domain.levels import owned_by, owners_in, view_for_owner
from okrtui.domain.quarter import Quarter
from okrtui.domain.tree import alignment_tree, flatten, path_to
from okrtui.domain.views import view_quarter

Q = Quarter(2026, 4)
DAY = date(2026, 11, 30)
AT = datetime(2026, 11, 30, 12, tzinfo=timezone.utc)


@pytest.fixture
def view(demo_repo):
    return view_quarter(demo_repo.load(), Q, DAY, AT)


def test_the_tree_runs_from_the_company_through_its_krs_to_teams_and_a_person(view):
    rows = [(n.row, n.depth) for n in flatten(alignment_tree(view))]
    assert rows == [
        ("o1", 0),
        ("k10", 1), ("o2", 2), ("k2", 3), ("o5", 4),  # 業務 serves #10; 張志豪 serves 業務's #2
        ("k11", 1), ("o3", 2),
        ("k12", 1), ("o4", 2),
    ]
    nodes = {n.row: n for n in flatten(alignment_tree(view))}
    levels = [nodes[r].objective.objective.level for r in ("o1", "o2", "o5")]
    assert levels == ["company", "team", "person"]
    # Every node carries its view's roll-up: the company 0.6284, #10 = 業務 0.7307, #2 its own 0.75.
    assert (round(nodes["o1"].progress, 4), round(nodes["k10"].progress, 4), nodes["k2"].progress) == (0.6284, 0.7307, 0.75)


def test_folding_hides_the_subtree_and_path_to_names_what_to_unfold(view):
    tree = alignment_tree(view)
    assert [n.row for n in flatten(tree, {"k10"})] == ["o1", "k10", "k11", "o3", "k12", "o4"]
    assert path_to(tree, "o5") == ["o1", "k10", "o2", "k2", "o5"]
    assert path_to(tree, "k1") == []  # a KR nothing aligns to is not a node


def test_an_objective_whose_parent_is_filtered_out_becomes_a_root(view):
    rows = [(n.row, n.depth) for n in flatten(alignment_tree(view, shown={2, 5}))]
    assert rows == [("o2", 0), ("k2", 1), ("o5", 2)]
    assert [n.row for n in alignment_tree(view, shown={5})] == ["o5"]


def test_a_person_owns_their_objectives_whole_and_their_krs_elsewhere(view):
    owned = {o.id: [k.id for k in krs] for o, krs in owned_by(view.objectives, "張志豪")}
    assert owned == {2: [2], 5: [13, 14, 15]}  # #2 of 業務 is 張志豪's; O5 is his, all its KRs
    # A KR without an owner of its own is its objective's owner's: 周執行長 owns O1 and #10-12.
    assert {o.id: [k.id for k in krs] for o, krs in owned_by(view.objectives, "周執行長")} == {1: [10, 11, 12]}
    narrowed = view_for_owner(view, " 張志豪 ")
    assert [o.id for o in narrowed.objectives] == [2, 5] and narrowed.kpis == []
    assert narrowed.objectives[0].progress == view.objectives[2].progress  # O2 keeps its own progress
    assert view_for_owner(view, None) is view


def test_owners_in_the_quarter(demo_repo):
    assert owners_in(demo_repo.load(), Q) == sorted(
        ["周執行長", "王小明", "張志豪", "李佳蓉", "林美玲", "黃思涵", "陳大同", "吳淑芬"])
