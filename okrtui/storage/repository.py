"""The repository: every change okrtui makes to the database, each one locked, validated and atomic.

The file handling lives in store.py; this module holds the operations, so the
app and the command line change data through exactly the same functions.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from tinydb import TinyDB
from tinydb.table import Document

from okrtui.domain.alignment import alignment_problems
from okrtui.domain.clock import zone_named
from okrtui.domain.kpi_feed import check_source
from okrtui.domain.models import KeyResult, Objective, Team
from okrtui.domain.validation import InvalidInput, build
from okrtui.domain.workspace import Workspace
from okrtui.i18n import _
from okrtui.storage.history import HistoryOperations
from okrtui.storage.kpi_ops import KPIOperations
from okrtui.storage.records import RESTORED_TABLES, Deleted, need, remove_records, row_of, unalign_from_krs
from okrtui.storage.initiatives import InitiativeOperations
from okrtui.storage.tables import KEY_RESULTS, META, META_ID, OBJECTIVES, TEAMS

if TYPE_CHECKING:  # plan files are read and applied by `okrtui apply/edit` only: not on a check-in's path
    from okrtui.domain.plan_changes import PlanChanges
    from okrtui.domain.plan_text import PlanText

class Repository(HistoryOperations, InitiativeOperations, KPIOperations):
    """Every operation; check-ins (checkin_ops), KPIs (kpi_ops), initiatives and history live in their mixins."""

    # ---- objectives -------------------------------------------------------

    def add_objective(self, **fields: Any) -> Objective:
        candidate = build(Objective, {**fields, "id": None})

        def change(db: TinyDB, ws: Workspace) -> Objective:
            self._check_alignment(ws, candidate)
            new_id = db.table(OBJECTIVES).insert(row_of(candidate))
            return candidate.model_copy(update={"id": new_id})

        return self._write(change, create=True)

    def update_objective(self, objective_id: int, **changes: Any) -> Objective:
        def change(db: TinyDB, ws: Workspace) -> Objective:
            current = need(ws.objective(objective_id), _("objective"), objective_id)
            updated = build(Objective, {**current.model_dump(), **changes, "id": objective_id})
            self._check_alignment(ws, updated)
            db.table(OBJECTIVES).update(row_of(updated), doc_ids=[objective_id])
            return updated

        return self._write(change)

    @staticmethod
    def _check_alignment(ws: Workspace, objective: Objective) -> None:
        """The link the objective keeps must exist, stay in its quarter and level, and make no loop."""
        problems = alignment_problems(ws, objective)
        if problems:
            raise InvalidInput(problems)

    def delete_objective(self, objective_id: int) -> Deleted:
        """Delete an objective with its KRs and their check-ins; returns what is needed to restore it."""

        def change(db: TinyDB, ws: Workspace) -> Deleted:
            objective = need(ws.objective(objective_id), _("objective"), objective_id)
            krs = ws.krs_of(objective_id)
            kr_ids = [k.id for k in krs]
            gone = Deleted(Workspace(objectives=[objective], key_results=krs,
                                     checkins=[c for k in krs for c in ws.checkins_of(k.id)],
                                     initiatives=[i for k in krs for i in ws.initiatives_of(k.id)]))
            for child in ws.children_of(objective_id):
                gone.unaligned[child.id or 0] = objective_id
                db.table(OBJECTIVES).update({"parent_id": None}, doc_ids=[child.id])
            unalign_from_krs(db, ws, kr_ids, gone)
            remove_records(db, gone.records)
            return gone

        return self._write(change)  # a delete: changelog.change_entry tells it by the records removed

    def restore(self, gone: Deleted) -> None:
        """Put back exactly what a delete removed, with the same ids."""

        def change(db: TinyDB, ws: Workspace) -> None:
            for table in RESTORED_TABLES:
                for record in getattr(gone.records, table):
                    db.table(table).upsert(Document(row_of(record), doc_id=record.id))
            for child_id, parent_id in gone.unaligned.items():
                if db.table(OBJECTIVES).contains(doc_id=child_id):
                    db.table(OBJECTIVES).update({"parent_id": parent_id}, doc_ids=[child_id])
            for kr_id, kpi_id in gone.unlinked.items():
                if db.table(KEY_RESULTS).contains(doc_id=kr_id):
                    db.table(KEY_RESULTS).update({"source_kpi_id": kpi_id}, doc_ids=[kr_id])
            for child_id, kr_id in gone.unaligned_kr.items():
                if db.table(OBJECTIVES).contains(doc_id=child_id):
                    db.table(OBJECTIVES).update({"parent_kr_id": kr_id}, doc_ids=[child_id])

        self._write(change, action="restore")

    # ---- key results ------------------------------------------------------

    def add_key_result(self, objective_id: int, **fields: Any) -> KeyResult:
        candidate = build(KeyResult, {**fields, "objective_id": objective_id, "id": None})

        def change(db: TinyDB, ws: Workspace) -> KeyResult:
            need(ws.objective(objective_id), _("objective"), objective_id)
            check_source(ws, candidate)
            new_id = db.table(KEY_RESULTS).insert(row_of(candidate))
            return candidate.model_copy(update={"id": new_id})

        return self._write(change)

    def update_key_result(self, kr_id: int, **changes: Any) -> KeyResult:
        def change(db: TinyDB, ws: Workspace) -> KeyResult:
            current = need(ws.key_result(kr_id), _("key result"), kr_id)
            updated = build(KeyResult, {**current.model_dump(), **changes, "id": kr_id})
            if updated.source_kpi_id != current.source_kpi_id or updated.kind != current.kind:
                check_source(ws, updated)
            db.table(KEY_RESULTS).update(row_of(updated), doc_ids=[kr_id])
            return updated

        return self._write(change)

    def delete_key_result(self, kr_id: int) -> Deleted:
        def change(db: TinyDB, ws: Workspace) -> Deleted:
            kr = need(ws.key_result(kr_id), _("key result"), kr_id)
            gone = Deleted(Workspace(key_results=[kr], checkins=ws.checkins_of(kr_id), initiatives=ws.initiatives_of(kr_id)))
            unalign_from_krs(db, ws, [kr_id], gone)
            remove_records(db, gone.records)
            return gone

        return self._write(change)  # a delete: changelog.change_entry tells it by the records removed



    # ---- plan files -------------------------------------------------------

    def apply_plan(self, plan: PlanText, *, prune: bool = False, whole_quarter: bool = False,
                   seen: PlanChanges | None = None) -> PlanChanges:
        """Apply a plan file's changes in one locked write (storage/plan_write): refused, with
        nothing written, when they are no longer the changes `seen` (someone changed the records)."""

        def change(db: TinyDB, ws: Workspace) -> PlanChanges:
            from okrtui.storage.plan_write import write_plan  # only `okrtui apply/edit` and the editor write plans

            return write_plan(db, ws, plan, prune=prune, whole_quarter=whole_quarter, seen=seen, now=self.clock.now())

        return self._write(change)

    # ---- standup ----------------------------------------------------------

    def mark_standup(self, at: datetime | None = None) -> datetime:
        """Record "standup done" for every session sharing the file."""
        moment = at or self.clock.now()

        def change(db: TinyDB, ws: Workspace) -> datetime:
            meta = db.table(META)
            record = dict(meta.get(doc_id=META_ID) or {})
            record["standup_at"] = moment.isoformat()
            meta.upsert(Document(record, doc_id=META_ID))
            return moment

        return self._write(change)

    # ---- workspace settings ----------------------------------------------

    def set_timezone(self, name: str) -> str:
        """Set the workspace's time zone (an IANA name) for everyone sharing the file."""
        zone_named(name)  # a sentence for an unknown name, before anything is written
        canonical = "UTC" if name.upper() == "UTC" else name

        def change(db: TinyDB, ws: Workspace) -> str:
            meta = db.table(META)
            record = dict(meta.get(doc_id=META_ID) or {})
            record["timezone"] = canonical
            meta.upsert(Document(record, doc_id=META_ID))
            return canonical

        return self._write(change)

    def set_team_settings(self, team: str, *, cadence: str | None = None, lead: str | None = None) -> Team:
        """Set a team's check-in cadence and/or lead (None: unchanged), for everyone sharing the file."""
        changes = {k: v for k, v in (("cadence", cadence), ("lead", lead)) if v is not None}
        build(Team, {"name": team, **changes})  # a sentence for bad input, before anything is written

        def change(db: TinyDB, ws: Workspace) -> Team:
            current = ws.team_record(build(Team, {"name": team}).name)
            base = current.model_dump() if current is not None else {"name": team}
            updated = build(Team, {**base, **changes})
            if current is not None:
                db.table(TEAMS).update(row_of(updated), doc_ids=[current.id])
                return updated
            new_id = db.table(TEAMS).insert(row_of(updated))
            return updated.model_copy(update={"id": new_id})

        return self._write(change)
