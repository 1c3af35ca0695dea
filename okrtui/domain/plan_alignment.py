"""A plan file's links to key results (`aligned: #3 title`), and the alignment rule checked on the
quarter as the file would leave it. The rule is domain/alignment's, asked once per objective of the
file on a workspace where the file's new records stand under provisional (negative) ids."""

from __future__ import annotations

from typing import TYPE_CHECKING

from okrtui.domain.alignment import alignment_problems
from okrtui.domain.workspace import Workspace
from okrtui.i18n import _

if TYPE_CHECKING:
    from okrtui.domain.plan_changes import PlanChanges


def link_key_results(workspace: Workspace, changes: PlanChanges, same_db: bool, problems: list[tuple[int, str]],
                     resolve: bool = True) -> None:
    """Each objective's `aligned: #…`: a key result of the file (by its tag, then its title), else of
    the database (by tag when the file is this database's, else a title the database has once)."""
    file_krs = changes.key_results
    by_tag = {k.entry.tag: i for i, k in enumerate(file_krs) if k.entry.tag is not None}
    for plan in changes.objectives:
        entry = plan.entry
        if entry.parent_kr_tag is None and not entry.parent_kr_title:
            continue
        target = by_tag.get(entry.parent_kr_tag) if entry.parent_kr_tag is not None else None
        if target is None and entry.parent_kr_title:
            titled = [i for i, k in enumerate(file_krs) if k.entry.title == entry.parent_kr_title]
            target = titled[0] if len(titled) == 1 else None
        kr_id: int | None = None
        if target is not None:
            before = file_krs[target].before
            if before is not None:
                kr_id = before.id
            else:
                plan.parent_kr_entry = target
        elif same_db and entry.parent_kr_tag is not None and workspace.key_result(entry.parent_kr_tag) is not None:
            kr_id = entry.parent_kr_tag
        else:
            titled_krs = [k for k in workspace.key_results if k.title == entry.parent_kr_title] if entry.parent_kr_title else []
            if len(titled_krs) == 1:
                kr_id = titled_krs[0].id
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
