"""The coach: quality checks from the OKR method, shown while a team writes and by `okrtui lint`.

1–3 objectives per team per quarter; 3–5 KRs per objective; an objective is
qualitative and short; a KR is measurable and an outcome rather than an
activity; an objective whose KRs are all done but which the team marks unmet
has KRs that do not cover it; a KR off track with no initiative being worked on needs work planned.
"""

from __future__ import annotations

import re
from typing import Sequence
from datetime import date

from okrtui.domain.findings import Finding, Level
from okrtui.domain.lens import check_kpi_in_disguise
from okrtui.domain.alignment import ended_parent, parent_objective
from okrtui.domain.history import change_day, lowered_late, target_changes
from okrtui.domain.models import KeyResult, Objective
from okrtui.domain.quarter import Quarter, format_quarter
from okrtui.domain.scoring import expected_progress, kr_progress, kr_status
from okrtui.domain.workspace import Workspace
from okrtui.domain.numbers import format_number
from okrtui.i18n import _, ngettext
from okrtui.domain.text_rules import cell_width

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
# The Chinese vocabulary of work done (a KR opening with one of these within its first few
# characters, after a subject or a place such as 業務團隊 or 在新市場, describes an activity).
_ACTIVITY_ZH = (
    "完成", "上線", "舉辦", "推出", "建立", "導入", "發布", "發佈", "發表", "執行", "撰寫", "參加", "開會",
    "寄送", "製作", "準備", "召開", "拜訪", "辦理", "規劃", "設計", "開發", "拍攝", "安排", "進行", "實施",
    "部署", "上架", "籌辦", "主辦",
)
# One-character verbs count only right before a count: 發10篇 (publish 10), 寫3篇, 辦2場, 拍5支.
_ACTIVITY_ZH_COUNT = re.compile(r"[發寫辦拍做開](?=\s*(?:\d|[０-９]|[一二兩三四五六七八九十]+[場篇次支個項]))")
_VERB_WITHIN = 6  # characters of subject, time or place allowed before the verb (業務團隊, 在新市場, 每月)
# Words that state a result reached; with a number beside them a clause measures an outcome
# (參與人數達500人, 專案準時完成率達95%, 新產品上線後月活躍用戶達1萬人).
_OUTCOME_ZH = re.compile(r"達|增加|增長|成長|提升|提高|降低|減少|縮短|下降|吸引|維持|率")
_NUMBER = re.compile(r"\d|[０-９]|[一二兩三四五六七八九十百千萬]+[場篇次支個項人家位名%％]")
_CLAUSES = re.compile(r"[,，;；]|(?:並且|並|且|同時)(?=\S)")


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
    activity = activity_message(kr.title)
    if activity:
        code, message = activity
        findings.append(Finding("hint", code, message, item, kr.objective_id, kr.id))
    if not _DIGIT.search(kr.title) and kr.kind != "milestone":
        findings.append(
            Finding("hint", "kr-title-no-number",
                    _("say the finish line in the title too (e.g. 'traffic +30% to 50,000 views')"),
                    item, kr.objective_id, kr.id)
        )
    return findings


def _is_activity_clause(clause: str) -> bool:
    """A clause that opens (after a short subject, time or place) with a verb of work done and does
    not itself state a measured result."""
    if _OUTCOME_ZH.search(clause) and _NUMBER.search(clause):
        return False
    head = clause[: _VERB_WITHIN + 2]
    if any(0 <= head.find(verb) <= _VERB_WITHIN for verb in _ACTIVITY_ZH):
        return True
    found = _ACTIVITY_ZH_COUNT.search(clause)
    return found is not None and found.start() <= _VERB_WITHIN


def activity_message(title: str) -> tuple[str, str] | None:
    """The coach's activity check: (code, sentence), or None when the KR states an outcome.

    English: a title opening with a verb of work done (write, launch, complete …). Chinese: the
    title is read clause by clause (split at commas and at 並 / 且 / 同時); a clause is an
    activity when it opens with a verb of work done (完成, 上線, 舉辦, 推出, 建立, 導入, 發布,
    執行 …) and does not itself state a measured result. Then:
    - only activities: `kr-activity`, as in English;
    - the number sits on the activity and the outcome is named without one
      (完成80%的CRM系統資料更新,提升客戶追蹤效率): `kr-activity`, saying to measure the outcome;
    - an activity beside a measured outcome (完成2場線上直播活動,且參與人數達500人): a hint,
      `kr-partly-activity`, that says why this is fine: the outcome is what the KR counts.
    """
    if _ACTIVITY_EN.match(title):
        return "kr-activity", _("this reads like an activity; a key result names the outcome the activity should bring")
    clauses = [c.strip() for c in _CLAUSES.split(title) if c and c.strip()]
    activities = [c for c in clauses if _is_activity_clause(c)]
    if not activities:
        return None
    others = [c for c in clauses if c not in activities]
    measured = [c for c in others if _NUMBER.search(c)]
    if measured:
        return "kr-partly-activity", _(
            "'{activity}' is an activity, but '{outcome}' counts what it brings, and that is what a key result "
            "measures: keep the target and the check-ins on it").format(activity=activities[0], outcome=measured[0])
    if others:
        return "kr-activity", _(
            "'{activity}' is an activity and carries the number; '{outcome}' is the outcome: measure that "
            "instead").format(activity=activities[0], outcome=others[0])
    return "kr-activity", _("this reads like an activity; a key result names the outcome the activity should bring")


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
    """A link to nothing is an error; a link to an objective that ended (closed) or was dropped while
    this one goes on is a warning: the work serves a goal nobody pursues any more."""
    if objective.parent_id is None and objective.parent_kr_id is None:
        return []
    if parent_objective(workspace, objective) is None:
        message = (_("aligned to objective {id}, which does not exist").format(id=objective.parent_id)
                   if objective.parent_id is not None else
                   _("aligned to key result {id}, which does not exist").format(id=objective.parent_kr_id))
        return [Finding("error", "missing-parent", message, _obj_item(objective), objective.id)]
    parent = ended_parent(workspace, objective)
    if parent is not None:
        message = (_("aligned to O{id} '{title}', which was dropped: align it to a goal still pursued, or "
                     "drop it too") if parent.state == "dropped" else
                   _("aligned to O{id} '{title}', which has ended: align it to a goal still pursued"))
        return [Finding("warning", "parent-ended", message.format(id=parent.id, title=parent.title),
                        _obj_item(objective), objective.id)]
    return []


def check_target_lowered(workspace: Workspace, kr: KeyResult, quarter: Quarter | str) -> list[Finding]:
    """A target made easier in the last third of the quarter, after check-ins: the grade would
    then measure a goal set once the outcome was in sight (issue 18)."""
    q = Quarter.parse(str(quarter))
    out = []
    for move in target_changes(workspace, kr.id):
        if lowered_late(move, q, change_day(workspace, move.at)):
            out.append(Finding("warning", "target-lowered-late", _(
                "the target was lowered from {before} to {after} on {day}, in the last third of the quarter: "
                "grade it against the first target too").format(
                before=format_number(move.before), after=format_number(move.after), day=change_day(workspace, move.at).isoformat()),
                _kr_item(kr), kr.objective_id, kr.id))
    return out


def check_work_planned(workspace: Workspace, kr: KeyResult, quarter: Quarter | str, today: date) -> list[Finding]:
    """A KR off track with no initiative being worked on (issue 20): the outcome is behind and
    nobody is doing anything planned to move it."""
    q = Quarter.parse(str(quarter))
    if not q.contains(today) or any(i.status == "doing" for i in workspace.initiatives_of(kr.id)):
        return []
    status = kr_status(kr, expected_progress(q, today), has_checkin=workspace.last_checkin(kr.id) is not None)
    if status != "off_track":
        return []
    return [Finding("warning", "off-track-no-initiative", _(
        "off track, and no initiative is being worked on: plan the work that will move it, or start one "
        "(okrtui task add {id} TITLE, okrtui task start)").format(id=kr.id), _kr_item(kr), kr.objective_id, kr.id)]


def review_quarter(workspace: Workspace, quarter: Quarter | str, team: str | None = None,
                   today: date | None = None) -> list[Finding]:
    """Every finding for the active objectives of a quarter, errors first. `today` (the local day):
    also what depends on the day, a KR off track with no initiative doing."""
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
            findings += check_target_lowered(workspace, kr, objective.quarter)
            if today is not None and objective.state == "active":
                findings += check_work_planned(workspace, kr, objective.quarter, today)
    for team_name, count in sorted(per_team.items()):
        findings += check_team_load(team_name, str(quarter), count)
    return sorted(findings, key=lambda f: LEVELS.index(f.level))


def level_label(level: str) -> str:
    return {"error": _("error"), "warning": _("warning"), "hint": _("hint")}.get(level, level)
