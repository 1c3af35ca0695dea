"""Grading at the close: the proposed score, and what the team must answer before closing."""

from __future__ import annotations

import pytest

from okrtui.domain.grading import (
    ClosingEntry,
    check_entry,
    closed_objective,
    coverage_question,
    entry_from,
    is_closed,
    parse_score,
    propose,
    proposals,
)
from okrtui.domain.models import KeyResult, Meta, Objective
from okrtui.domain.validation import InvalidInput
from okrtui.domain.workspace import Workspace


def workspace(commitment="aspirational", krs=((0, 10, 5, 1.0), (0, 10, 10, 3.0))) -> Workspace:
    objective = Objective(id=1, quarter="2026-Q4", title="Delight users", team="Ops", commitment=commitment)
    key_results = [KeyResult(id=i + 1, objective_id=1, title=f"KR {i}", start=s, target=t, current=c, weight=w)
                   for i, (s, t, c, w) in enumerate(krs)]
    return Workspace([objective], key_results)


def test_proposed_score_is_the_weighted_mean_of_kr_grades():
    ws = workspace()
    proposal = propose(ws, ws.objective(1))
    assert [k.grade for k in proposal.krs] == [0.5, 1.0]
    assert proposal.proposed == round((0.5 * 1 + 1.0 * 3) / 4, 2) == 0.88


def test_over_achievement_is_clamped_in_the_proposal():
    ws = workspace(krs=((0, 10, 20, 1.0), (0, 10, 0, 1.0)))
    assert propose(ws, ws.objective(1)).proposed == 0.5


def test_a_complete_entry_needs_a_decision_and_a_retrospective():
    ws = workspace()
    problems = dict(check_entry(propose(ws, ws.objective(1)), ClosingEntry(1)))
    assert set(problems) == {"decision", "retrospective"}


def test_an_adjusted_score_needs_a_reason():
    proposal = propose(ws := workspace(), ws.objective(1))
    entry = ClosingEntry(1, "achieved", score=0.7, retrospective="ok")
    assert [f for f, _m in check_entry(proposal, entry)] == ["score_reason"]
    entry.score_reason = "the last deal closed a day late"
    closed = closed_objective(proposal, entry)
    assert (closed.final_score, closed.proposed_score, closed.score_reason) == (0.7, 0.88, entry.score_reason)
    # The proposal itself needs no reason, and a reason given anyway is not recorded.
    same = closed_objective(proposal, ClosingEntry(1, "achieved", score=0.88, score_reason="x", retrospective="ok"))
    assert (same.final_score, same.score_reason) == (0.88, "")


def test_a_committed_objective_below_one_asks_why():
    proposal = propose(ws := workspace("committed"), ws.objective(1))
    entry = ClosingEntry(1, "defer", retrospective="ok")
    [(field, message)] = check_entry(proposal, entry)
    assert field == "shortfall_reason" and "0.88" in message and "why" in message
    entry.shortfall_reason = "hiring slipped"
    closed = closed_objective(proposal, entry)
    assert (closed.state, closed.met, closed.decision, closed.shortfall_reason) == ("closed", False, "defer", "hiring slipped")


def test_all_krs_done_but_not_achieved_gets_the_guides_question():
    ws = workspace(krs=((0, 10, 10, 1.0), (0, 5, 6, 1.0)))
    proposal = propose(ws, ws.objective(1))
    assert proposal.all_krs_done and proposal.proposed == 1.0
    assert check_entry(proposal, ClosingEntry(1, "achieved", retrospective="ok")) == []
    problems = check_entry(proposal, ClosingEntry(1, "drop", retrospective="ok"))
    assert problems == [("coverage_answer", coverage_question())]
    assert "cover the objective" in coverage_question()
    dropped = closed_objective(proposal, ClosingEntry(1, "drop", retrospective="ok", coverage_answer="wrong audience"))
    assert (dropped.state, dropped.met, dropped.coverage_answer) == ("dropped", False, "wrong audience")


def test_closed_objective_refuses_control_characters_in_answers():
    proposal = propose(ws := workspace(), ws.objective(1))
    with pytest.raises(InvalidInput, match="control character"):
        closed_objective(proposal, ClosingEntry(1, "achieved", retrospective="ok\x1b[31m"))


@pytest.mark.parametrize("text,value", [("0.7", 0.7), (".65", 0.65), ("70%", 0.7), ("1", 1.0), ("0", 0.0)])
def test_parse_score(text, value):
    assert parse_score(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["1.2", "-0.1", "abc", "", "nan", "120%"])
def test_parse_score_refuses(text):
    with pytest.raises(InvalidInput, match="score"):
        parse_score(text)


def test_is_closed_and_proposals_skip_closed_objectives():
    ws = workspace()
    assert not is_closed(ws, "2026-Q4") and len(proposals(ws, "2026-Q4")) == 1
    closed = closed_objective(propose(ws, ws.objective(1)), ClosingEntry(1, "achieved", retrospective="ok"))
    done = Workspace([closed], ws.key_results)
    assert is_closed(done, "2026-Q4") and proposals(done, "2026-Q4") == []
    assert is_closed(Workspace(meta=Meta(archived=["2026-Q3"])), "2026-Q3")
    assert not is_closed(Workspace(), "2026-Q4")  # an empty quarter is not closed


def test_entry_from_a_reopened_objective_keeps_the_answers():
    proposal = propose(ws := workspace(), ws.objective(1))
    closed = closed_objective(proposal, ClosingEntry(1, "modify", score=0.5, score_reason="r", retrospective="ok"))
    again = entry_from(closed)
    assert (again.decision, again.score, again.score_reason, again.retrospective) == ("modify", 0.5, "r", "ok")
    assert check_entry(proposal, again) == []
