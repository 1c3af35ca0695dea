"""Alignment: an objective under an objective or a key result of a higher level (the cascade).

The rule that a link must keep: its target exists, sits in the same quarter, is not of a lower
level (a team objective does not serve a person's), and does not lead back to the objective
itself through any chain of objectives and key results. Every write that sets a link asks
`alignment_problems`; the coach asks `ended_parent` for links whose target ended.
"""

from __future__ import annotations

from okrtui.domain.models import OBJECTIVE_LEVELS, Objective
from okrtui.domain.quarter import format_quarter
from okrtui.domain.workspace import Workspace
from okrtui.i18n import _


def level_label(level: str) -> str:
    return {"company": _("company"), "team": _("team"), "person": _("person")}.get(level, level)


def parent_objective(workspace: Workspace, objective: Objective) -> Objective | None:
    """The objective it serves: its parent objective, or the objective of the KR it aligns to."""
    if objective.parent_id is not None:
        return workspace.objective(objective.parent_id)
    if objective.parent_kr_id is not None:
        kr = workspace.key_result(objective.parent_kr_id)
        return workspace.objective(kr.objective_id) if kr is not None else None
    return None


def alignment_problems(workspace: Workspace, objective: Objective) -> list[tuple[str, str]]:
    """(field, sentence) for each reason the objective's link cannot be kept; [] when it can."""
    field = "parent_kr_id" if objective.parent_kr_id is not None else "parent_id"
    if objective.parent_id is None and objective.parent_kr_id is None:
        return []
    if objective.parent_kr_id is not None:
        kr = workspace.key_result(objective.parent_kr_id)
        if kr is None:
            return [(field, _("there is no key result {id} to align to").format(id=objective.parent_kr_id))]
        if kr.objective_id == objective.id and objective.id is not None:
            return [(field, _("an objective cannot be aligned to its own key result"))]
        what = _("key result #{id}").format(id=kr.id) if (kr.id or 0) > 0 else _("key result “{title}”").format(title=kr.title)
    parent = parent_objective(workspace, objective)
    if parent is None:
        return [(field, _("there is no objective {id} to align to").format(id=objective.parent_id))]
    if objective.parent_kr_id is None:  # a plan file's new record has a provisional id below 0: named by title
        what = _("objective O{id}").format(id=parent.id) if (parent.id or 0) > 0 else _("objective “{title}”").format(
            title=parent.title)
    if parent.quarter != objective.quarter:
        return [(field, _("{what} is in {theirs} and this objective in {ours}: align within one quarter "
                          "(carry the objective forward first)").format(
            what=what, theirs=format_quarter(parent.quarter), ours=format_quarter(objective.quarter)))]
    if OBJECTIVE_LEVELS.index(parent.level) > OBJECTIVE_LEVELS.index(objective.level):
        return [(field, _("{what} is a {theirs} objective; a {ours} objective aligns to its own level or a "
                          "higher one").format(what=what, theirs=level_label(parent.level),
                                               ours=level_label(objective.level)))]
    seen = {objective.id} if objective.id is not None else set()
    cursor: Objective | None = parent
    while cursor is not None:
        if cursor.id in seen:
            return [(field, _("that alignment would make a loop: {what} already leads up to this objective").format(
                what=what))]
        seen.add(cursor.id or 0)
        cursor = parent_objective(workspace, cursor)
    return []


def ended_parent(workspace: Workspace, objective: Objective) -> Objective | None:
    """The objective an active objective serves when that one has ended (closed) or been dropped."""
    if objective.state != "active":
        return None
    parent = parent_objective(workspace, objective)
    if parent is not None and parent.state in ("closed", "dropped"):
        return parent
    return None
