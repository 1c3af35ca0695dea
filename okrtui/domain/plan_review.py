"""The coach's view of a plan file: the database as the file's changes would leave it, and the findings at their lines."""

from __future__ import annotations

from dataclasses import dataclass

from okrtui.domain.coach import Finding, review_quarter
from okrtui.domain.workspace import Workspace
from okrtui.domain.plan_changes import PlanChanges


def planned_workspace(workspace: Workspace, changes: PlanChanges) -> tuple[Workspace, dict[int, int], dict[int, int]]:
    """The database as it would be after the changes (new records under provisional negative ids),
    and the line of each objective id and KR id, for the coach."""
    objective_ids: list[int] = []
    objectives = {o.id: o for o in workspace.objectives}
    lines_o: dict[int, int] = {}
    lines_k: dict[int, int] = {}
    for index, plan in enumerate(changes.objectives):
        new_id = plan.before.id if plan.before else -(index + 1)
        objective_ids.append(new_id)
        lines_o[new_id] = plan.entry.line  # type: ignore[index]
    for index, plan in enumerate(changes.objectives):
        parent = objective_ids[plan.parent_entry] if plan.parent_entry is not None else plan.record.parent_id
        objectives[objective_ids[index]] = plan.record.model_copy(update={"id": objective_ids[index], "parent_id": parent})
    key_results = {k.id: k for k in workspace.key_results}
    for index, plan in enumerate(changes.key_results):
        new_id = plan.before.id if plan.before else -(index + 1)
        key_results[new_id] = plan.record.model_copy(update={"id": new_id, "objective_id": objective_ids[plan.objective_entry]})
        lines_k[new_id] = plan.entry.line  # type: ignore[index]
    for removal in changes.removed:
        if removal.objective is not None:
            objectives.pop(removal.objective.id, None)
            for kr in workspace.krs_of(removal.objective.id):
                if key_results.get(kr.id) is not None and key_results[kr.id].objective_id == removal.objective.id:
                    key_results.pop(kr.id, None)
        if removal.kr is not None:
            key_results.pop(removal.kr.id, None)
    after = Workspace(list(objectives.values()), list(key_results.values()), workspace.checkins, workspace.kpis, workspace.meta,
                      team_settings=workspace.team_settings)
    return after, lines_o, lines_k


@dataclass(frozen=True)
class LineFinding:
    line: int
    finding: Finding


def review_plan(workspace: Workspace, changes: PlanChanges) -> list[LineFinding]:
    """The coach's findings on the quarter as the file would leave it, each at the line it is about."""
    after, lines_o, lines_k = planned_workspace(workspace, changes)
    out = []
    for team in changes.teams:
        for finding in review_quarter(after, changes.quarter, team):
            line = lines_k.get(finding.kr_id) if finding.kr_id is not None else None
            if line is None and finding.objective_id is not None:
                line = lines_o.get(finding.objective_id)
            out.append(LineFinding(line or 1, finding))
    return out
