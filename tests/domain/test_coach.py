"""The coach: quality checks from the OKR method (METHOD.md), with levels and codes."""

import pytest

from okrtui.domain.coach import (
    Finding,
    check_coverage,
    check_key_result,
    check_kr_count,
    check_objective_title,
    check_team_load,
    level_label,
    review_quarter,
)
from okrtui.domain.models import KeyResult, Objective
from okrtui.domain.workspace import Workspace

Q = "2026-Q4"


def objective(id, title="Delight our customers", team="Support", quarter=Q, **extra):
    return Objective(id=id, quarter=quarter, title=title, team=team, **extra)


def kr(id, objective_id, title="Response time to 1 hour", unit="h", kind="increase", start=0, target=10, current=None):
    return KeyResult(id=id, objective_id=objective_id, title=title, unit=unit, kind=kind, start=start, target=target,
                     current=current)


def good_krs(objective_id, first_id, n=3):
    return [kr(first_id + i, objective_id, title=f"Satisfaction to {90 + i}%", unit="%") for i in range(n)]


def codes(findings):
    return [f.code for f in findings]


def by_code(findings, code):
    found = [f for f in findings if f.code == code]
    assert found, f"no {code} in {codes(findings)}"
    return found[0]


def test_a_good_objective_has_no_findings():
    ws = Workspace(objectives=[objective(1)], key_results=good_krs(1, 1))
    assert review_quarter(ws, Q) == []


# ---- objective text -----------------------------------------------------------------------------


@pytest.mark.parametrize("title", ["Publish 10 posts", "Grow revenue 30%", "提升品牌知名度 2026", "達成 ５ 個目標"])
def test_objective_with_a_number_is_warned(title):
    finding = by_code(check_objective_title(objective(1, title=title)), "objective-has-number")
    assert finding.level == "warning"
    assert "qualitative" in finding.message
    assert finding.objective_id == 1


@pytest.mark.parametrize("title", ["Raise brand awareness", "提升品牌知名度,吸引更多潛在用戶", "打造卓越的客戶服務體驗"])
def test_qualitative_objective_passes(title):
    assert check_objective_title(objective(1, title=title)) == []


def test_long_objective_is_hinted_by_cells_not_characters():
    # 31 CJK characters = 62 cells > 60; 31 ASCII characters = 31 cells
    long_cjk = "提" * 31
    finding = by_code(check_objective_title(objective(1, title=long_cjk)), "objective-too-long")
    assert finding.level == "hint"
    assert check_objective_title(objective(1, title="a" * 31)) == []
    assert check_objective_title(objective(1, title="提" * 30)) == []  # 60 cells: at the limit
    assert codes(check_objective_title(objective(1, title="a" * 61))) == ["objective-too-long"]


# ---- KR count -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "count, code, level",
    [(0, "objective-no-krs", "error"), (1, "too-few-krs", "warning"), (2, "too-few-krs", "warning"),
     (6, "too-many-krs", "warning"), (9, "too-many-krs", "warning")],
)
def test_kr_count(count, code, level):
    ws = Workspace(objectives=[objective(1)], key_results=good_krs(1, 1, count))
    finding = by_code(review_quarter(ws, Q), code)
    assert finding.level == level
    assert finding.objective_id == 1
    if count:
        assert str(count) in finding.message


@pytest.mark.parametrize("count", [3, 4, 5])
def test_three_to_five_krs_are_fine(count):
    assert check_kr_count(objective(1), count) == []


def test_no_krs_is_fine_when_objectives_align_to_it():
    company = objective(1, title="Grow the company", team="Company")
    child = objective(2, parent_id=1)
    ws = Workspace(objectives=[company, child], key_results=good_krs(2, 10))
    findings = review_quarter(ws, Q)
    assert "objective-no-krs" not in codes(findings)
    assert findings == []


def test_children_in_another_quarter_do_not_count():
    company = objective(1, title="Grow the company", team="Company")
    child = objective(2, parent_id=1, quarter="2027-Q1")
    ws = Workspace(objectives=[company, child], key_results=good_krs(2, 10))
    finding = by_code(review_quarter(ws, Q), "objective-no-krs")
    assert finding.level == "error" and finding.objective_id == 1


def test_a_dropped_child_does_not_measure_its_parent():
    # views.view_objective leaves dropped children out of the roll-up, so a parent whose only aligned
    # child is dropped is measured by nothing and must be flagged.
    company = objective(1, title="Grow the company", team="Company")
    child = objective(2, parent_id=1, state="dropped")
    ws = Workspace(objectives=[company, child], key_results=good_krs(2, 10))
    assert "objective-no-krs" in codes(review_quarter(ws, Q))


# ---- team load ----------------------------------------------------------------------------------


def test_four_objectives_for_one_team_is_too_many():
    objectives = [objective(i, title=f"Objective {'abcd'[i - 1]}") for i in range(1, 5)]
    krs = [k for o in objectives for k in good_krs(o.id, o.id * 10)]
    finding = by_code(review_quarter(Workspace(objectives=objectives, key_results=krs), Q), "too-many-objectives")
    assert finding.level == "warning"
    assert "4 objectives" in finding.message
    assert "Support" in finding.item and Q in finding.item


def test_three_objectives_or_other_teams_and_quarters_are_fine():
    objectives = [objective(i, title=f"Objective {'abc'[i - 1]}") for i in range(1, 4)]
    objectives.append(objective(4, title="Objective d", team="Sales"))
    objectives.append(objective(5, title="Objective e", quarter="2027-Q1"))
    objectives.append(objective(6, title="Objective f", state="dropped"))
    krs = [k for o in objectives for k in good_krs(o.id, o.id * 10)]
    assert "too-many-objectives" not in codes(review_quarter(Workspace(objectives=objectives, key_results=krs), Q))


def test_check_team_load_boundary():
    assert check_team_load("Support", Q, 3) == []
    assert codes(check_team_load("Support", Q, 4)) == ["too-many-objectives"]


# ---- coverage, alignment, KR text ---------------------------------------------------------------


def test_all_krs_done_but_objective_unmet():
    done = [kr(i, 1, title=f"Satisfaction to {90 + i}%", unit="%", start=0, target=10, current=10) for i in range(1, 4)]
    unmet = objective(1, met=False)
    finding = by_code(review_quarter(Workspace(objectives=[unmet], key_results=done), Q), "krs-miss-objective")
    assert finding.level == "warning"
    assert "do not cover" in finding.message
    # met or unknown: nothing to say; one KR not done: nothing to say either
    assert check_coverage(objective(1, met=True), done) == []
    assert check_coverage(objective(1), done) == []
    partly = done[:2] + [kr(3, 1, current=9)]
    assert check_coverage(unmet, partly) == []
    assert check_coverage(unmet, []) == []


def test_parent_that_does_not_exist():
    orphan = objective(1, parent_id=99)
    finding = by_code(review_quarter(Workspace(objectives=[orphan], key_results=good_krs(1, 1)), Q), "missing-parent")
    assert finding.level == "error"
    assert "99" in finding.message


@pytest.mark.parametrize("kind, start, target", [("increase", 0, 10), ("decrease", 10, 0), ("at_least", 0, 90), ("at_most", 5, 1)])
def test_numeric_kr_without_unit_is_hinted(kind, start, target):
    finding = by_code(check_key_result(kr(7, 1, title="NPS to 50", unit="", kind=kind, start=start, target=target)), "kr-no-unit")
    assert finding.level == "hint" and finding.kr_id == 7 and finding.objective_id == 1


def test_milestone_needs_no_unit_nor_number():
    ms = kr(7, 1, title="Launch the new site", unit="", kind="milestone", start=0, target=1)
    assert "kr-no-unit" not in codes(check_key_result(ms))
    assert "kr-title-no-number" not in codes(check_key_result(ms))


@pytest.mark.parametrize("title", ["Publish 10 social posts", "hold 2 live streams", "舉辦 3 場產品展"])
def test_activity_kr_is_hinted(title):
    assert "kr-activity" in codes(check_key_result(kr(7, 1, title=title)))


def test_outcome_kr_is_not_an_activity():
    assert check_key_result(kr(7, 1, title="Monthly traffic +30% to 50,000 views", unit="views")) == []


def test_kr_title_without_a_number_is_hinted():
    assert "kr-title-no-number" in codes(check_key_result(kr(7, 1, title="Much happier customers", unit="%")))


# ---- ordering, filtering, shape -----------------------------------------------------------------


def test_review_quarter_puts_errors_first():
    objectives = [
        objective(1, title="Grow 30%"),  # warning: number; error: no KRs
        objective(2, title="Happy users", parent_id=99),  # error: missing parent
        objective(3, title="Calm ops"),  # warning: too few KRs; hints from the KR
    ]
    krs = good_krs(2, 20) + [kr(30, 3, title="Better uptime", unit="")]
    findings = review_quarter(Workspace(objectives=objectives, key_results=krs), Q)
    levels = [f.level for f in findings]
    assert levels == sorted(levels, key=["error", "warning", "hint"].index)
    assert levels[0] == "error" and "warning" in levels and levels[-1] == "hint"
    assert {"objective-no-krs", "missing-parent", "objective-has-number", "too-few-krs", "kr-no-unit"} <= set(codes(findings))


def test_review_quarter_filters_by_team_and_skips_dropped():
    objectives = [objective(1, title="Grow 30%", team="Sales"), objective(2, title="Calm ops 2", state="dropped")]
    ws = Workspace(objectives=objectives)
    assert review_quarter(ws, Q, team="Support") == []
    assert {f.objective_id for f in review_quarter(ws, Q)} == {1}


def test_finding_as_dict():
    finding = Finding("error", "missing-parent", "aligned to objective 9, which does not exist", "objective 1 'x'", 1)
    assert finding.as_dict() == {
        "level": "error", "code": "missing-parent", "message": "aligned to objective 9, which does not exist",
        "item": "objective 1 'x'", "objective_id": 1, "kr_id": None,
    }
    assert [level_label(level) for level in ("error", "warning", "hint")] == ["error", "warning", "hint"]
