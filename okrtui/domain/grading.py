"""Grading an objective when its quarter closes: the proposed score and what the team must answer.

The proposed score is the weighted mean of the KRs' grades (each KR's progress
clamped to 0..1), the same roll-up the views use, rounded to two decimals as
grades are read. The team may adjust it, with a reason. A committed objective
graded below 1.0 asks why. When every KR reached 1.0 but the team does not
mark the objective achieved, the guide's question comes up: do the KRs cover
the objective? Closing is refused until each of these is answered.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone

from okrtui.domain.history import TargetChange, target_changes
from okrtui.domain.models import DECISIONS, KeyResult, Objective
from okrtui.domain.validation import InvalidInput, build
from okrtui.domain.quarter import Quarter, format_quarter
from okrtui.domain.views import view_objective
from okrtui.domain.closed import quarter_closed
from okrtui.domain.workspace import Workspace
from okrtui.i18n import _, ngettext

# A score typed differently from the proposal by less than this is the proposal (grades have 2 decimals).
ADJUST_EPSILON = 0.005


def decision_label(decision: str | None) -> str:
    return {
        "achieved": _("achieved"), "carry_forward": _("carry forward"), "modify": _("modify"),
        "defer": _("defer"), "drop": _("drop"),
    }.get(decision or "", decision or "")


def decision_help(decision: str) -> str:
    return {
        "achieved": _("the objective was met"),
        "carry_forward": _("copy it into the next quarter; the latest values become the new starts"),
        "modify": _("not met; the team rewrites it for the next quarter"),
        "defer": _("not met; set aside for a later quarter"),
        "drop": _("not met and no longer pursued"),
    }[decision]


@dataclass
class KRGrade:
    kr: KeyResult
    grade: float  # clamped progress 0..1
    # Its target or start moved after its first check-in: listed beside the grade (domain/history).
    moves: list[TargetChange] = field(default_factory=list)


@dataclass
class Proposal:
    """What the data says about one objective at the close."""

    objective: Objective
    proposed: float
    krs: list[KRGrade]

    @property
    def all_krs_done(self) -> bool:
        return bool(self.krs) and all(k.grade >= 1.0 for k in self.krs)

    @property
    def unfinished(self) -> list[KeyResult]:
        """The KRs that did not reach their line (one never checked in did not): what a carry
        forward offers by default. A finished KR is done; carrying it would show it done again
        in a quarter that has not measured it."""
        return [k.kr for k in self.krs if k.grade < 1.0]


@dataclass
class ClosingEntry:
    """What the team decides for one objective; `score` None keeps the proposed score."""

    objective_id: int
    decision: str | None = None
    score: float | None = None
    score_reason: str = ""
    retrospective: str = ""
    shortfall_reason: str = ""
    coverage_answer: str = ""
    carry_krs: list[int] | None = None  # carry forward: which KRs go along; None = the unfinished ones


def propose(workspace: Workspace, objective: Objective) -> Proposal:
    """The proposed score: weighted mean of KR grades (an objective without KRs rolls up its aligned ones).
    Graded as the quarter's last day ends: a grade never depends on the day it is proposed."""
    end = datetime.combine(Quarter.parse(objective.quarter).end, time.max, tzinfo=timezone.utc)
    view = view_objective(workspace, objective, 1.0, end)
    return Proposal(objective, round(view.progress, 2), [KRGrade(k.kr, k.progress, target_changes(workspace, k.kr.id))
                                                       for k in view.key_results])


def proposals(workspace: Workspace, quarter: Quarter | str) -> list[Proposal]:
    """Every objective still active in the quarter (one dropped earlier stays as it is)."""
    return [propose(workspace, o) for o in workspace.objectives_in(quarter) if o.state == "active"]


def is_closed(workspace: Workspace, quarter: Quarter | str) -> bool:
    """Closed: archived, or every objective graded (a close whose archiving did not happen yet)."""
    return quarter_closed(workspace, quarter)


def early_close_question(quarter: Quarter | str, today: date) -> str | None:
    """Closing before the quarter's last week is allowed, but asked first (the CLI and the app ask
    the same question); None in the last week and after it."""
    left = Quarter.parse(str(quarter)).weeks_left(today)
    if left <= 0:
        return None
    return ngettext("There is {n} week left in {quarter} — close it anyway?",
                    "There are {n} weeks left in {quarter} — close it anyway?", left).format(
        n=left, quarter=format_quarter(str(quarter)))


def parse_score(text: str) -> float:
    """"0.7", ".65", "70%" → a score 0..1; anything else is a sentence."""
    raw = str(text).strip()
    try:
        value = float(raw[:-1]) / 100 if raw.endswith("%") else float(raw)
    except ValueError:
        raise InvalidInput([("score", _("the score must be a number from 0.0 to 1.0 (or 0–100%), not '{text}'")
                             .format(text=raw))]) from None
    if not math.isfinite(value) or not 0.0 <= value <= 1.0:
        raise InvalidInput([("score", _("the score must be from 0.0 to 1.0 (or 0–100%), not '{text}'").format(text=raw))])
    return value


def carried_ids(proposal: Proposal, entry: ClosingEntry) -> list[int]:
    """The KRs a "carry forward" takes into the next quarter: the team's choice, else the unfinished ones."""
    if entry.carry_krs is not None:
        return list(entry.carry_krs)
    return [kr.id for kr in proposal.unfinished if kr.id is not None]


def carry_text(ids: list[int]) -> str:
    """The KR ids as a carry answer is typed: "#7 #8", or "-" for none."""
    return " ".join(f"#{i}" for i in ids) or "-"


def parse_carry(text: str, proposal: Proposal) -> list[int]:
    """"#7 #8", "7, 8" or "-" (none) → KR ids of this objective; anything else is a sentence."""
    raw = str(text).strip()
    if raw in ("-", ""):
        return []
    own = [k.kr.id for k in proposal.krs]
    ids: list[int] = []
    for token in raw.replace(",", " ").replace("，", " ").split():
        number = token.lstrip("#")
        if not number.isdigit() or int(number) not in own:
            raise InvalidInput([("carry_krs", _("'{token}' is not one of this objective's key results ({ids}); "
                                                "write their ids, or - for none").format(
                token=token, ids=carry_text([i for i in own if i is not None])))])
        if int(number) not in ids:
            ids.append(int(number))
    return ids


def final_score(proposal: Proposal, entry: ClosingEntry) -> float:
    return proposal.proposed if entry.score is None else round(entry.score, 2)


def is_adjusted(proposal: Proposal, entry: ClosingEntry) -> bool:
    return entry.score is not None and abs(entry.score - proposal.proposed) >= ADJUST_EPSILON


def asks_shortfall(proposal: Proposal, entry: ClosingEntry) -> bool:
    return proposal.objective.commitment == "committed" and final_score(proposal, entry) < 1.0


def asks_coverage(proposal: Proposal, entry: ClosingEntry) -> bool:
    return proposal.all_krs_done and entry.decision is not None and entry.decision != "achieved"


def coverage_question() -> str:
    return _("Every key result reached 1.0, yet the objective is not marked achieved: do the key results "
             "cover the objective? What did they miss?")


def check_entry(proposal: Proposal, entry: ClosingEntry) -> list[tuple[str, str]]:
    """(field, sentence) for everything the team still has to decide or answer; empty when complete."""
    problems: list[tuple[str, str]] = []
    score = final_score(proposal, entry)
    if entry.decision not in DECISIONS:
        problems.append(("decision", _("choose a decision: achieved, carry forward, modify, defer or drop")))
    if is_adjusted(proposal, entry) and not entry.score_reason.strip():
        problems.append(("score_reason", _("the score differs from the proposed {proposed}; say why").format(
            proposed=f"{proposal.proposed:.2f}")))
    if not entry.retrospective.strip():
        problems.append(("retrospective", _("write a short retrospective: what worked, what did not")))
    if asks_shortfall(proposal, entry) and not entry.shortfall_reason.strip():
        problems.append(("shortfall_reason", _("a committed objective is expected to reach 1.0; it scored {score}: "
                                               "why did it fall short?").format(score=f"{score:.2f}")))
    if asks_coverage(proposal, entry) and not entry.coverage_answer.strip():
        problems.append(("coverage_answer", coverage_question()))
    return problems


def closed_objective(proposal: Proposal, entry: ClosingEntry) -> Objective:
    """The objective as the close records it; raises InvalidInput with every open question."""
    problems = check_entry(proposal, entry)
    if problems:
        raise InvalidInput(problems)
    fields = {
        **proposal.objective.model_dump(),
        "state": "dropped" if entry.decision == "drop" else "closed",
        "final_score": final_score(proposal, entry),
        "proposed_score": proposal.proposed,
        "met": entry.decision == "achieved",
        "decision": entry.decision,
        "retrospective": entry.retrospective,
        "score_reason": entry.score_reason if is_adjusted(proposal, entry) else "",
        "shortfall_reason": entry.shortfall_reason if asks_shortfall(proposal, entry) else "",
        "coverage_answer": entry.coverage_answer if asks_coverage(proposal, entry) else "",
    }
    return build(Objective, fields)


def entry_from(objective: Objective) -> ClosingEntry:
    """A reopened objective's earlier answers, so closing it again starts from them."""
    adjusted = objective.final_score is not None and objective.proposed_score is not None and abs(
        objective.final_score - objective.proposed_score) >= ADJUST_EPSILON
    return ClosingEntry(
        objective_id=objective.id or 0, decision=objective.decision,
        score=objective.final_score if adjusted else None, score_reason=objective.score_reason,
        retrospective=objective.retrospective, shortfall_reason=objective.shortfall_reason,
        coverage_answer=objective.coverage_answer,
    )
