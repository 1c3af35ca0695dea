"""The coach: quality checks from the OKR method, shown while a team writes and by `okrtui lint`.

1–3 objectives per team per quarter; 3–5 KRs per objective; an objective is
qualitative and short; a KR is measurable and an outcome rather than an
activity; an objective whose KRs are all done but which the team marks unmet
has KRs that do not cover it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, Sequence

from okrtui.domain.models import KeyResult, Objective
from okrtui.domain.quarter import Quarter, format_quarter
from okrtui.domain.scoring import kr_progress
from okrtui.domain.workspace import Workspace
from okrtui.i18n import _, ngettext
from okrtui.text import cell_width

Level = Literal["error", "warning", "hint"]
LEVELS: tuple[Level, ...] = ("error", "warning", "hint")

MAX_OBJECTIVES_PER_TEAM = 3
MIN_KRS, MAX_KRS = 3, 5
# Cells, so that CJK (two cells a character) and English get comparable limits.
OBJECTIVE_TITLE_MAX_CELLS = 60

_DIGIT = re.compile(r"\d|[０-９]")
# Words that open a description of work done rather than a result reached.
_ACTIVITY_EN = re.compile(
    r"^\s*(write|publish|hold|run|organi[sz]e|attend|send|post|create|build|launch|do|make|meet|"
    r"call|review|complete|finish|host|prepare|draft|ship)\b",
    re.IGNORECASE,
)
_ACTIVITY_ZH = ("舉辦", "發布", "發佈", "撰寫", "參加", "開會", "寄送", "製作", "準備", "召開", "拜訪")


@dataclass(frozen=True)
class Finding:
    level: Level
    code: str
    message: str
    item: str  # "objective 3", "key result 12", "team 業務 in 2026-Q4"
    objective_id: int | None = None
    kr_id: int | None = None

    def as_dict(self) -> dict:
        return {
            "level": self.level,
            "code": self.code,
            "message": self.message,
            "item": self.item,
            "objective_id": self.objective_id,
            "kr_id": self.kr_id,
        }


def _obj_item(objective: Objective) -> str:
    return _("objective {id} '{title}'").format(id=objective.id if objective.id is not None else "new", title=objective.title)


def _kr_item(kr: KeyResult) -> str:
    return _("key result {id} '{title}'").format(id=kr.id if kr.id is not None else "new", title=kr.title)


def check_objective_title(objective: Objective) -> list[Finding]:
    """Checks on an objective's own text (used live in the form)."""
    findings: list[Finding] = []
    item = _obj_item(objective)
    if _DIGIT.search(objective.title):
        findings.append(
            Finding("warning", "objective-has-number",
                    _("objectives are qualitative: move the number into a key result"), item, objective.id)
        )
    if cell_width(objective.title) > OBJECTIVE_TITLE_MAX_CELLS:
        findings.append(
            Finding("hint", "objective-too-long",
                    _("a good objective is short and strong; say the details in its key results"), item, objective.id)
        )
    return findings


def check_key_result(kr: KeyResult) -> list[Finding]:
    """Checks on one KR on its own (used live in the form)."""
    findings: list[Finding] = []
    item = _kr_item(kr)
    if kr.kind in ("increase", "decrease", "at_least", "at_most") and not kr.unit:
        findings.append(
            Finding("hint", "kr-no-unit",
                    _("give the key result a unit (%, clients, hours) so everyone reads its number the same way"),
                    item, kr.objective_id, kr.id)
        )
    if _ACTIVITY_EN.match(kr.title) or any(kr.title.lstrip().startswith(w) for w in _ACTIVITY_ZH):
        findings.append(
            Finding("hint", "kr-activity",
                    _("this reads like an activity; a key result names the outcome the activity should bring"),
                    item, kr.objective_id, kr.id)
        )
    if not _DIGIT.search(kr.title) and kr.kind != "milestone":
        findings.append(
            Finding("hint", "kr-title-no-number",
                    _("say the finish line in the title too (e.g. 'traffic +30% to 50,000 views')"),
                    item, kr.objective_id, kr.id)
        )
    return findings


def check_kr_count(objective: Objective, count: int, aligned: int = 0) -> list[Finding]:
    """3–5 KRs. An objective with none of its own but with objectives aligned to it
    (a company objective) is measured through them, so it is not flagged."""
    item = _obj_item(objective)
    if count == 0 and aligned:
        return []
    if count == 0:
        return [Finding("error", "objective-no-krs",
                        _("an objective needs measurable key results; add 3 to 5"), item, objective.id)]
    if count < MIN_KRS:
        return [Finding("warning", "too-few-krs",
                        ngettext("{n} key result; 3 to 5 show how far the objective is reached",
                                 "{n} key results; 3 to 5 show how far the objective is reached", count).format(n=count),
                        item, objective.id)]
    if count > MAX_KRS:
        return [Finding("warning", "too-many-krs",
                        ngettext("{n} key result; keep to 5 or fewer so the team can focus",
                                 "{n} key results; keep to 5 or fewer so the team can focus", count).format(n=count),
                        item, objective.id)]
    return []


def check_team_load(team: str, quarter: str, count: int) -> list[Finding]:
    if count > MAX_OBJECTIVES_PER_TEAM:
        return [Finding("warning", "too-many-objectives",
                        ngettext("{n} objective for one quarter; 1 to 3 keep a team focused",
                                 "{n} objectives for one quarter; 1 to 3 keep a team focused", count).format(n=count),
                        _("team {team} in {quarter}").format(team=team, quarter=format_quarter(quarter)))]
    return []


def check_coverage(objective: Objective, krs: Sequence[KeyResult]) -> list[Finding]:
    """All KRs done but the team says the objective was not met: the KRs do not cover it."""
    if krs and objective.met is False and all(kr_progress(kr) >= 1.0 for kr in krs):
        return [Finding("warning", "krs-miss-objective",
                        _("every key result is done but the objective is marked unmet: "
                          "the key results do not cover it; review them"),
                        _obj_item(objective), objective.id)]
    return []


def check_alignment(workspace: Workspace, objective: Objective) -> list[Finding]:
    if objective.parent_id is None:
        return []
    parent = workspace.objective(objective.parent_id)
    if parent is None:
        return [Finding("error", "missing-parent",
                        _("aligned to objective {id}, which does not exist").format(id=objective.parent_id),
                        _obj_item(objective), objective.id)]
    return []


def review_quarter(workspace: Workspace, quarter: Quarter | str, team: str | None = None) -> list[Finding]:
    """Every finding for the active objectives of a quarter, errors first."""
    from okrtui.domain.lens import check_kpi_in_disguise  # lens builds on this module's Finding

    findings: list[Finding] = []
    objectives = [o for o in workspace.objectives_in(quarter, team) if o.state != "dropped"]
    per_team: dict[str, int] = {}
    for objective in objectives:
        per_team[objective.team] = per_team.get(objective.team, 0) + 1
        krs = workspace.krs_of(objective.id)
        findings += check_objective_title(objective)
        findings += check_alignment(workspace, objective)
        # Aligned objectives measure this one (as views.view_objective rolls them up): same quarter, not dropped.
        aligned = [
            c for c in workspace.children_of(objective.id) if c.quarter == objective.quarter and c.state != "dropped"
        ]
        findings += check_kr_count(objective, len(krs), len(aligned))
        findings += check_coverage(objective, krs)
        for kr in krs:
            findings += check_key_result(kr)
            findings += check_kpi_in_disguise(workspace, kr)
    for team_name, count in sorted(per_team.items()):
        findings += check_team_load(team_name, str(quarter), count)
    return sorted(findings, key=lambda f: LEVELS.index(f.level))


def level_label(level: str) -> str:
    return {"error": _("error"), "warning": _("warning"), "hint": _("hint")}.get(level, level)
