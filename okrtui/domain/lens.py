"""Two lenses on the same numbers: each KR graded the OKR way and judged the KPI way.

The OKR lens grades a KR by its achievement rate (0..1, banded by `scoring.grade`)
against its objective's success line (about 0.7 when aspirational, 1.0 when
committed). The KPI lens calls the very same KR a hit only when it is fully
reached (`kpi.kr_as_kpi`). Also here: moving numbers between the two worlds
(a KPI promoted into a KR, a KR kept as a KPI) and the coach check for a KR that
is really a KPI in disguise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from math import floor, isfinite, log10
from typing import Literal

from okrtui.domain.findings import Finding
from okrtui.domain.kpi import KPIStatus, kr_as_kpi
from okrtui.domain.models import KPI, KeyResult, Objective
from okrtui.domain.validation import InvalidInput
from okrtui.domain.quarter import Quarter
from okrtui.domain.scoring import THRESHOLD_KINDS, Grade, grade, success_line, weighted_progress
from okrtui.domain.views import QuarterView
from okrtui.domain.workspace import Workspace
from okrtui.domain.numbers import format_number
from okrtui.i18n import _, ngettext

Verdict = Literal["success", "progress", "behind"]
STRETCH = 0.3  # a promoted KPI's proposed KR target: 30% beyond the better of its reading and target


@dataclass
class KRLens:
    kr: KeyResult
    objective: Objective
    score: float  # the achievement rate, clamped 0..1: what the OKR lens grades
    raw: float
    grade: Grade
    line: float  # the success line of the KR's objective
    verdict: Verdict
    as_kpi: KPIStatus  # "hit" or "miss"
    target_moved: bool = False  # its target or start moved after its first check-in
    rolled_up: bool = False  # measured by the objectives aligned to it (views.KRView.rolled_up)
    aligned: list[int] = field(default_factory=list)


@dataclass
class LensSummary:
    team: str | None  # None: the whole quarter
    count: int
    average: float  # weight-averaged achievement rate, as objective progress is computed
    grade: Grade
    at_line: int  # KRs at or past their objective's success line
    hits: int  # KRs that the KPI lens calls a hit

    @property
    def misses(self) -> int:
        return self.count - self.hits


@dataclass
class LensReport:
    krs: list[KRLens] = field(default_factory=list)
    teams: list[LensSummary] = field(default_factory=list)
    total: LensSummary = field(default_factory=lambda: LensSummary(None, 0, 0.0, "red", 0, 0))


def verdict(score: float, line: float) -> Verdict:
    """Success at the success line; otherwise progress unless the grade is red."""
    if score >= line:
        return "success"
    return "behind" if grade(score) == "red" else "progress"


def summarise(team: str | None, items: list[KRLens]) -> LensSummary:
    average = weighted_progress((k.raw, k.kr.weight) for k in items)
    return LensSummary(
        team=team,
        count=len(items),
        average=average,
        grade=grade(average),
        at_line=sum(1 for k in items if k.verdict == "success"),
        hits=sum(1 for k in items if k.as_kpi == "hit"),
    )


def lens_report(view: QuarterView) -> LensReport:
    """Both lenses for every KR of a quarter's view (dropped objectives left out), per team and in total."""
    krs: list[KRLens] = []
    for o in view.objectives:
        if o.objective.state == "dropped":
            continue
        line = success_line(o.objective.commitment)
        for k in o.key_results:
            # A KR measured by the objectives aligned to it is judged on that roll-up, not its own value.
            as_kpi: KPIStatus = ("hit" if k.progress >= 1.0 else "miss") if k.rolled_up else kr_as_kpi(k.kr)
            krs.append(KRLens(k.kr, o.objective, k.progress, k.raw, grade(k.progress), line,
                              verdict(k.progress, line), as_kpi, k.target_moved, k.rolled_up, list(k.aligned)))
    teams = sorted({k.objective.team for k in krs})
    return LensReport(
        krs=krs,
        teams=[summarise(t, [k for k in krs if k.objective.team == t]) for t in teams],
        total=summarise(None, krs),
    )


def verdict_label(value: str) -> str:
    return {"success": _("success"), "progress": _("progress"), "behind": _("behind")}.get(value, value)


def verdict_symbol(value: str) -> str:
    return {"success": "●", "progress": "◐", "behind": "○"}.get(value, "?")


def okr_sentence(summary: LensSummary) -> str:
    """"OKR lens: average 0.64 — a healthy stretch; 2 of 9 KRs at their success line." """
    if summary.count == 0:
        return _("OKR lens: no key results to grade.")
    phrase = {
        "green": _("at or past the 0.7 line, a success for an aspirational OKR"),
        "yellow": _("a healthy stretch"),
        "red": _("well short of 0.7: worth a conversation"),
    }[summary.grade]
    return _("OKR lens: average {average} — {phrase}; {n} of {count} at their success line.").format(
        average=f"{summary.average:.2f}", phrase=phrase, n=summary.at_line, count=summary.count)


def kpi_sentence(summary: LensSummary) -> str:
    """"KPI lens: 1 of 9 hit; the other 8 count as failures." """
    if summary.count == 0:
        return _("KPI lens: no key results to judge.")
    text = _("KPI lens: {hits} of {count} hit").format(hits=summary.hits, count=summary.count)
    if summary.misses:
        text += ngettext("; the other {n} counts as a failure", "; the other {n} count as failures",
                         summary.misses).format(n=summary.misses)
    return _("{sentence}.").format(sentence=text)


# ---- moving numbers between the two worlds ---------------------------------------------------


def _nice(value: float) -> float:
    """Round to two significant figures, so a proposal reads like a number a person would set."""
    if value == 0 or not isfinite(value):
        return value
    digits = 1 - int(floor(log10(abs(value))))
    return round(value, digits)


def stretch_target(kpi: KPI) -> float | None:
    """A stretch KR target for a KPI: 30% beyond the better of its current reading and its target.

    None when there is nothing sensible to propose (no reading yet, or a lower-is-better
    KPI already at zero or below); the user then types a target.
    """
    if kpi.current is None:
        return None
    if kpi.direction == "higher_is_better":
        best = max(kpi.current, kpi.target)
        proposal = best + abs(best) * STRETCH if best else 1.0
        if not isfinite(proposal):
            return None
        nice = _nice(proposal)
        return nice if nice > kpi.current else proposal
    best = min(kpi.current, kpi.target)
    if best <= 0:
        return None
    proposal = best * (1 - STRETCH)
    nice = _nice(proposal)
    return nice if nice < kpi.current else proposal


def promoted_kr_fields(kpi: KPI, objective_id: int, title: str, target: float) -> dict:
    """A KR made from a KPI: it starts at the KPI's current reading and moves in its direction."""
    if kpi.current is None:
        raise InvalidInput([("target", _("K{id} has no reading yet; record one first, since the key result "
                                         "starts at the KPI's current reading").format(id=kpi.id))])
    return {
        "objective_id": objective_id,
        "title": title,
        "kind": "increase" if kpi.direction == "higher_is_better" else "decrease",
        "unit": kpi.unit,
        "start": kpi.current,
        "target": target,
    }


def kpi_fields_from_kr(kr: KeyResult, team: str, at: datetime) -> dict:
    """A KPI that keeps watching a KR's number after the quarter, its latest value as first reading."""
    if kr.kind == "milestone":
        raise InvalidInput([("kind", _("a milestone is done or not done; it cannot be watched as a KPI"))])
    direction = "higher_is_better" if kr.kind in ("increase", "at_least") else "lower_is_better"
    return {
        "name": kr.title, "team": team, "unit": kr.unit, "direction": direction, "target": kr.target,
        "current": kr.value,
        "readings": [{"at": at, "value": kr.value, "note": _("from key result #{id}").format(id=kr.id)}],
    }


# ---- the coach: a KPI in disguise --------------------------------------------------------------


def _meets(kr: KeyResult, value: float) -> bool:
    return value >= kr.target if kr.kind == "at_least" else value <= kr.target


def is_kpi_in_disguise(workspace: Workspace, kr: KeyResult) -> bool:
    """A threshold KR whose start already met its target and that every check-in since has held:
    it asks for no change, only that a level be kept, which is what a KPI watches."""
    if kr.kind not in THRESHOLD_KINDS or not _meets(kr, kr.start):
        return False
    return all(_meets(kr, c.value) for c in workspace.checkins_of(kr.id))


def check_kpi_in_disguise(workspace: Workspace, kr: KeyResult) -> list[Finding]:
    if not is_kpi_in_disguise(workspace, kr):
        return []
    arrow = "≥" if kr.kind == "at_least" else "≤"
    return [Finding(
        "warning", "kr-is-kpi",
        _("this key result keeps a level it already met at the start ({start}, target {arrow} {target}): "
          "that is a KPI, a health metric; watch it as a KPI and give the objective a key result "
          "with ambition").format(start=format_number(kr.start), arrow=arrow, target=format_number(kr.target)),
        _("key result {id} '{title}'").format(id=kr.id, title=kr.title), kr.objective_id, kr.id,
    )]


def kpis_in_disguise(workspace: Workspace, quarter: Quarter | str, team: str | None = None) -> list[Finding]:
    findings: list[Finding] = []
    for objective in workspace.objectives_in(quarter, team):
        if objective.state != "dropped":
            for kr in workspace.krs_of(objective.id):
                findings += check_kpi_in_disguise(workspace, kr)
    return findings
