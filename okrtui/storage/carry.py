"""Carry an objective forward into the next quarter, in one write.

Only the key results that did not reach their line go along by default (grading's
Proposal.unfinished: a finished KR would show up done in a quarter that has not
measured it); the close asks which, and `kr_ids` names them. They start where
they stand now, and a carried KR has no check-in in the new quarter, so it is
pending, with no progress, until someone checks in (domain/views).

Each carried KR's latest value becomes its new start. An increase (or decrease) KR that has already reached its target
(carried only when chosen) would otherwise become invalid (start == target) or point backwards, so it keeps
start = latest value and its target moves on by the same step as before
(start 10 → target 20, reached 25: next quarter runs 25 → 35). A milestone
starts again as not done; a threshold KR (at least / at most) keeps its target.
The objective's alignment is not carried: its parent belongs to the old quarter.
"""

from __future__ import annotations

from typing import Collection

from tinydb import TinyDB

from okrtui.domain.grading import propose
from okrtui.domain.models import KeyResult, Objective
from okrtui.domain.validation import InvalidInput, build
from okrtui.domain.quarter import Quarter
from okrtui.domain.workspace import Workspace
from okrtui.i18n import _
from okrtui.storage.errors import NotFound
from okrtui.storage.repository import Repository
from okrtui.storage.tables import KEY_RESULTS, OBJECTIVES


def carried_key_result(kr: KeyResult, objective_id: int) -> KeyResult:
    """The next quarter's version of a KR: latest value as its start, same kind, unit, weight, owner."""
    latest = kr.value
    start, target = latest, kr.target
    if kr.kind == "increase" and latest >= kr.target:
        target = latest + (kr.target - kr.start)
    elif kr.kind == "decrease" and latest <= kr.target:
        target = latest - (kr.start - kr.target)
    elif kr.kind == "milestone":
        start, target = 0.0, 1.0
    fields = {
        "objective_id": objective_id, "title": kr.title, "kind": kr.kind, "unit": kr.unit,
        "start": start, "target": target, "weight": kr.weight, "owner": kr.owner,
        "confidence": kr.confidence, "source_kpi_id": kr.source_kpi_id,  # still fed by its KPI
    }
    return build(KeyResult, fields)


def carry_forward(repo: Repository, objective_id: int, kr_ids: Collection[int] | None = None) -> Objective:
    """Copy an objective and its KRs into the quarter after its own; returns the new objective.

    `kr_ids`: which KRs go along; None takes the unfinished ones (the default everywhere: the
    close on the command line and in the app, and `c` in planning).

    Refused when the next quarter already holds an objective with the same title
    for the same team (carrying twice would duplicate it).
    """

    def change(db: TinyDB, ws: Workspace) -> Objective:
        source = ws.objective(objective_id)
        if source is None:
            raise NotFound(
                _("there is no objective {id}; it may have been deleted by someone else").format(id=objective_id)
            )
        quarter = str(Quarter.parse(source.quarter).next())
        for other in ws.objectives_in(quarter, source.team):
            if other.title == source.title:
                raise InvalidInput([("quarter", _(
                    "'{title}' is already in {quarter} (objective {id}); it was not carried again"
                ).format(title=source.title, quarter=quarter, id=other.id))])
        fields = source.model_dump(include={"title", "description", "team", "owner", "commitment", "level"})
        objective: Objective = build(Objective, {**fields, "quarter": quarter})
        new_id = db.table(OBJECTIVES).insert(objective.model_dump(mode="json", exclude={"id"}))
        chosen = set(kr_ids) if kr_ids is not None else {kr.id for kr in propose(ws, source).unfinished}
        for kr in ws.krs_of(objective_id):
            if kr.id not in chosen:
                continue
            carried = carried_key_result(kr, new_id)
            db.table(KEY_RESULTS).insert(carried.model_dump(mode="json", exclude={"id"}))
        return objective.model_copy(update={"id": new_id})

    return repo.transaction(change)
