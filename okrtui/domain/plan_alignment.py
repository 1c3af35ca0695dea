"""A plan file's links to key results (`aligned: #3 title`), and the alignment rule checked on the
quarter as the file would leave it. The rule is domain/alignment's, asked once per objective of the
file on a workspace where the file's new records stand under provisional (negative) ids."""

from __future__ import annotations

from typing import TYPE_CHECKING

from okrtui.domain.alignment import alignment_problems
from okrtui.domain.plan_match import find_link
from okrtui.domain.workspace import Workspace
from okrtui.i18n import _

if TYPE_CHECKING:
    from okrtui.domain.plan_changes import PlanChanges


def link_key_results(workspace: Workspace, changes: PlanChanges, same_db: bool, problems: list[tuple[int, str]],
                     resolve: bool = True) -> None:
    """Each objective's `aligned: #…`: a key result of the file (by its tag, then its title), else of
    the database (by tag when the file is this database's, else a title the database has once)."""
    file_krs = changes.key_results
    for plan in changes.objectives:
        entry = plan.entry
        if entry.parent_kr_tag is None and not entry.parent_kr_title:
            continue
        found = find_link(entry.parent_kr_tag, entry.parent_kr_title, file_tags=[k.entry.tag for k in file_krs],
                          file_titles=[k.entry.title for k in file_krs], file_records=[k.before for k in file_krs],
                          tagged=workspace.key_result if same_db else None, records=workspace.key_results)
        kr_id: int | None = None
        if found is not None:
            kr_id, plan.parent_kr_entry = found
        elif resolve:
            problems.append((entry.line, _("'aligned: #…' names no key result of this file or of the database; "
                                           "write it as 'aligned: #3 title'")))
        if kr_id is not None:
            plan.record = plan.record.model_copy(update={"parent_kr_id": kr_id})


def planned_workspace(workspace: Workspace, changes: PlanChanges) -> tuple[Workspace, list[int]]:
    """The quarter's records as the file would leave them (new ones under provisional negative ids),
    and each file objective's id in it."""
    ids = [p.before.id if p.before is not None and p.before.id is not None else -(i + 1)
           for i, p in enumerate(changes.objectives)]
    kr_ids = [k.before.id if k.before is not None and k.before.id is not None else -(j + 1)
              for j, k in enumerate(changes.key_results)]
    objectives = {o.id: o for o in workspace.objectives}
    key_results = {k.id: k for k in workspace.key_results}
    for removal in changes.removed:
        if removal.objective is not None:
            objectives.pop(removal.objective.id, None)
        if removal.kr is not None:
            key_results.pop(removal.kr.id, None)
    for i, plan in enumerate(changes.objectives):
        objectives[ids[i]] = plan.record.model_copy(update={
            "id": ids[i],
            "parent_id": ids[plan.parent_entry] if plan.parent_entry is not None else plan.record.parent_id,
            "parent_kr_id": kr_ids[plan.parent_kr_entry] if plan.parent_kr_entry is not None else plan.record.parent_kr_id})
    for j, kr_plan in enumerate(changes.key_results):
        key_results[kr_ids[j]] = kr_plan.record.model_copy(update={"id": kr_ids[j],
                                                                    "objective_id": ids[kr_plan.objective_entry]})
    kept = [k for k in key_results.values() if k.objective_id in objectives]  # a removed objective's KRs go too
    return Workspace(objectives=list(objectives.values()), key_results=kept), ids


def check_alignment(workspace: Workspace, changes: PlanChanges, problems: list[tuple[int, str]]) -> None:
    """The form's refusals for every link of the file: a missing target, another quarter, a higher
    level under a lower one, a loop — each on its objective's line."""
    planned, ids = planned_workspace(workspace, changes)
    for plan, objective_id in zip(changes.objectives, ids):
        objective = planned.objective(objective_id)
        if objective is not None:
            problems += [(plan.entry.line, message) for _field, message in alignment_problems(planned, objective)]
