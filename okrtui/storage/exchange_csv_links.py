"""A CSV import's cascade: the `level` of a new objective and what it aligns to (`aligned_team`,
`aligned_objective`, `aligned_kr`: an objective of the same quarter, by title, and optionally one
of its key results). Targets are found among the file's rows and the database; each link is then
checked with the objective form's rule (domain/alignment) on the quarter as the import leaves it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from okrtui.domain.alignment import alignment_problems
from okrtui.domain.workspace import Workspace
from okrtui.i18n import _
from okrtui.storage.exchange_plan import Plan, Rejected
from okrtui.storage.exchange_tasks import KRRef

LINK_COLUMNS = ("level", "aligned_team", "aligned_objective", "aligned_kr")
LINK_ALIASES = {"aligned team": "aligned_team", "aligned objective": "aligned_objective", "aligned kr": "aligned_kr",
                "aligned key result": "aligned_kr", "aligned-team": "aligned_team",
                "aligned-objective": "aligned_objective", "aligned-kr": "aligned_kr"}


@dataclass
class LinkRow:
    """The link a new objective's first row asks for, with where it was asked."""

    where: str
    team: str
    objective: str
    kr: str


def read_link(values: dict[str, str], where: str) -> LinkRow | None:
    if not values.get("aligned_objective"):
        if values.get("aligned_kr") or values.get("aligned_team"):
            raise ValueError(_("aligned_team and aligned_kr need the objective's title in aligned_objective"))
        return None
    return LinkRow(where, values.get("aligned_team", ""), values["aligned_objective"], values.get("aligned_kr", ""))


def link_objectives(workspace: Workspace, plan: Plan, asked: dict[Any, LinkRow]) -> None:
    """Resolve each asked link into plan.links (objective key -> (parent key, KR reference or None));
    a target not found, found twice, or refused by the rule rejects the objective's row."""
    known = {(o.quarter, o.team, o.title): o for o in workspace.objectives}
    planned_keys = [key for key, _o in plan.objectives]
    for key, link in asked.items():
        named = [k for k in dict.fromkeys([*planned_keys, *known]) if k[2] == link.objective
                 and (not link.team or k[1] == link.team)]
        # Its own quarter first; one elsewhere is found so that the rule can say why it is refused.
        candidates = [k for k in named if k[0] == key[0]] or named
        if len(candidates) != 1:
            message = _("aligned_objective names no objective of this file or of the database") if not candidates \
                else _("more than one objective of {quarter} has the title in aligned_objective; name its team in aligned_team")
            plan.rejected.append(Rejected(link.where, message.format(quarter=key[0])))
            continue
        parent = candidates[0]
        kr_ref: KRRef | None = None
        if link.kr:
            if parent in known:
                found = next((k for k in workspace.krs_of(known[parent].id) if k.title == link.kr), None)
                kr_ref = ("db", found.id) if found is not None else None
            if kr_ref is None:
                index = next((i for i, (k, kr, _c) in enumerate(plan.key_results) if k == parent and kr.title == link.kr),
                             None)
                kr_ref = ("new", index) if index is not None else None
            if kr_ref is None:
                plan.rejected.append(Rejected(link.where, _("aligned_kr names no key result of '{objective}'").format(
                    objective=link.objective)))
                continue
        plan.links[key] = (parent, kr_ref)
    _check(workspace, plan, asked)
    plan.rejected.sort(key=_line)  # the file's order (each where is "line N"), this step's among the others


def _line(rejected: Rejected) -> int:
    number = re.search(r"[0-9]+", rejected.where)
    return int(number.group()) if number else 0


def _check(workspace: Workspace, plan: Plan, asked: dict[Any, LinkRow]) -> None:
    """The form's refusals (another level above, a loop) on the quarter as the import leaves it:
    new objectives and KRs stand there under provisional negative ids."""
    known = {(o.quarter, o.team, o.title): o.id for o in workspace.objectives}
    ids = {**known, **{key: -(i + 1) for i, (key, _o) in enumerate(plan.objectives)}}
    kr_ids = {("new", i): -(i + 1) for i in range(len(plan.key_results))}
    new = []
    for key, objective in plan.objectives:
        parent, kr_ref = plan.links.get(key, (None, None))
        new.append(objective.model_copy(update={
            "id": ids[key], "parent_id": ids[parent] if parent is not None and kr_ref is None else None,
            "parent_kr_id": (kr_ref[1] if kr_ref[0] == "db" else kr_ids[kr_ref]) if kr_ref is not None else None}))
    krs = [kr.model_copy(update={"id": kr_ids[("new", i)], "objective_id": ids[key]})
           for i, (key, kr, _c) in enumerate(plan.key_results)]
    planned = Workspace(objectives=[*workspace.objectives, *new], key_results=[*workspace.key_results, *krs])
    for (key, _o), objective in zip(plan.objectives, new):
        if key in plan.links:
            problems = alignment_problems(planned, objective)
            if problems:
                plan.rejected += [Rejected(asked[key].where, message) for _field, message in problems]
                del plan.links[key]


def linked_ids(plan: Plan, key: Any, ids: dict[Any, int], new_kr_ids: list[int]) -> dict[str, int | None]:
    """Under the lock: the objective's parent_id and parent_kr_id by the ids the import gave."""
    parent, kr_ref = plan.links[key]
    if kr_ref is None:
        return {"parent_id": ids[parent], "parent_kr_id": None}
    return {"parent_id": None, "parent_kr_id": kr_ref[1] if kr_ref[0] == "db" else new_kr_ids[kr_ref[1]]}
