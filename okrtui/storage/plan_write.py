"""Writing a plan file's changes (domain/plan_changes) into the database: one locked write.

The changes are computed again under the lock from the file as it is then; if they differ from
the ones the user saw and accepted (someone changed the same records meanwhile), nothing is
written and PlanConflict says what differs.
"""

from __future__ import annotations

from datetime import datetime

from tinydb import TinyDB

from okrtui.domain.plan_changes import PlanChanges, plan_changes
from okrtui.domain.plan_initiatives import write_initiatives
from okrtui.domain.plan_text import PlanText
from okrtui.domain.workspace import Workspace
from okrtui.i18n import _, ngettext
from okrtui.storage.errors import DatabaseError
from okrtui.storage.changelog import INITIATIVES
from okrtui.storage.tables import CHECKINS, KEY_RESULTS, OBJECTIVES


class PlanConflict(DatabaseError):
    """The records a plan changes were changed by someone else after the plan was shown."""


def _row(model) -> dict:
    return model.model_dump(mode="json", exclude={"id"})


def conflict_message(seen: PlanChanges, now: PlanChanges) -> str:
    """Which records differ between the changes shown and the changes as they would be now."""
    titles = []
    for before, after in ((seen.objectives, now.objectives), (seen.key_results, now.key_results)):
        was = {p.entry.line: p for p in before}
        for plan in after:
            old = was.get(plan.entry.line)
            if old is None or old.before != plan.before:
                titles.append(plan.entry.title)
    shown = "; ".join(titles[:5]) or _("records outside the file's lines")
    return ngettext("someone changed the database while you were editing ({records}); nothing was written: "
                    "edit again on top of their change",
                    "someone changed the database while you were editing ({records}); nothing was written: "
                    "edit again on top of their changes", len(titles)).format(records=shown)


def write_plan(db: TinyDB, workspace: Workspace, plan: PlanText, *, prune: bool, whole_quarter: bool,
               seen: PlanChanges | None, now: datetime) -> PlanChanges:
    """Under the lock: compute the changes again, check they are the ones seen, write them."""
    changes = plan_changes(workspace, plan, prune=prune, whole_quarter=whole_quarter)
    if seen is not None and changes.signature() != seen.signature():
        raise PlanConflict(conflict_message(seen, changes))
    objectives, key_results, checkins = db.table(OBJECTIVES), db.table(KEY_RESULTS), db.table(CHECKINS)
    ids: list[int] = []
    for item in changes.objectives:
        if item.before is None:
            ids.append(objectives.insert(_row(item.record)))
        else:
            ids.append(item.before.id)
            if item.changed:
                objectives.update(_row(item.record), doc_ids=[item.before.id])
    for item, objective_id in zip(changes.objectives, ids):
        if item.parent_entry is not None:
            objectives.update({"parent_id": ids[item.parent_entry]}, doc_ids=[objective_id])
    kr_ids: list[int] = []
    for item in changes.key_results:
        record = item.record.model_copy(update={"objective_id": ids[item.objective_entry]})
        if item.before is None:
            kr_ids.append(key_results.insert(_row(record)))
            continue
        kr_ids.append(item.before.id)
        if item.changed or record.objective_id != item.before.objective_id:
            key_results.update(_row(record), doc_ids=[item.before.id])
    for item, objective_id in zip(changes.objectives, ids):
        if item.parent_kr_entry is not None:
            objectives.update({"parent_kr_id": kr_ids[item.parent_kr_entry]}, doc_ids=[objective_id])
    write_initiatives(db.table(INITIATIVES), changes.initiatives, kr_ids, changes.removed_initiatives, now)
    kept_krs = {item.before.id for item in changes.key_results if item.before is not None}
    for removal in changes.removed:
        gone = [removal.kr] if removal.kr is not None else workspace.krs_of(removal.objective.id if removal.objective else None)
        gone = [k for k in gone if k.id not in kept_krs]
        checkin_ids = [c.id for k in gone for c in workspace.checkins_of(k.id)]
        if checkin_ids:
            checkins.remove(doc_ids=checkin_ids)
        initiative_ids = [i.id for k in gone for i in workspace.initiatives_of(k.id)]
        if initiative_ids:
            db.table(INITIATIVES).remove(doc_ids=initiative_ids)
        if gone:
            key_results.remove(doc_ids=[k.id for k in gone])
            for kr in gone:  # objectives aligned to a removed KR stay, unaligned, as after a delete
                for child in workspace.aligned_to_kr(kr.id):
                    row = objectives.get(doc_id=child.id)
                    if row is not None and row.get("parent_kr_id") == kr.id:
                        objectives.update({"parent_kr_id": None}, doc_ids=[child.id])
        if removal.objective is not None:
            for child in workspace.children_of(removal.objective.id):
                if objectives.contains(doc_id=child.id):
                    objectives.update({"parent_id": None}, doc_ids=[child.id])
            objectives.remove(doc_ids=[removal.objective.id])
    return changes
