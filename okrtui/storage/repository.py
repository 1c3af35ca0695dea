"""The repository: every change okrtui makes to the database, each one locked, validated and atomic.

The file handling lives in store.py; this module holds the operations, so the
app and the command line change data through exactly the same functions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from tinydb import TinyDB
from tinydb.table import Document

from okrtui.domain.batch import BatchPlan, BatchRead, BatchRefused, PlannedCheckIn, checkin_records, plan_batch
from okrtui.domain.clock import zone_named
from okrtui.domain.inputs import check_value, parse_checkin_value, parse_confidence, parse_number
from okrtui.domain.models import KPI, CheckIn, InvalidInput, KeyResult, KPIReading, Model, Objective, Team, build
from okrtui.domain.quarter import format_quarter
from okrtui.domain.views import quarter_closed
from okrtui.domain.workspace import ReferenceError_, Workspace, resolve_kpi, resolve_kr
from okrtui.i18n import _
from okrtui.storage.errors import NotFound
from okrtui.storage.history import HistoryOperations
from okrtui.storage.scopes import kr_scope
from okrtui.storage.store import (  # noqa: F401  (re-exported: table names are part of the storage API)
    CHECKINS,
    KEY_RESULTS,
    KPIS,
    META,
    META_ID,
    OBJECTIVES,
    TABLE_MODELS,
    TEAMS,
    Store,
    replace_rows,
)

if TYPE_CHECKING:  # plan files are read and applied by `okrtui apply/edit` only: not on a check-in's path
    from okrtui.domain.plan_changes import PlanChanges
    from okrtui.domain.plan_text import PlanText

T = TypeVar("T")


@dataclass
class Deleted:
    """What a delete removed, so that it can be restored exactly (same ids)."""

    objectives: list[dict] = field(default_factory=list)
    key_results: list[dict] = field(default_factory=list)
    checkins: list[dict] = field(default_factory=list)
    kpis: list[dict] = field(default_factory=list)
    # objective id -> parent id it had, for objectives that were aligned to a deleted one
    unaligned: dict[int, int] = field(default_factory=dict)


def _dump(model: Model) -> dict:
    return model.model_dump(mode="json", exclude={"id"})


class Repository(HistoryOperations):
    # ---- objectives -------------------------------------------------------

    def add_objective(self, **fields: Any) -> Objective:
        candidate = build(Objective, {**fields, "id": None})

        def change(db: TinyDB, ws: Workspace) -> Objective:
            self._check_parent(ws, candidate.parent_id, None)
            new_id = db.table(OBJECTIVES).insert(_dump(candidate))
            return candidate.model_copy(update={"id": new_id})

        return self._write(change, create=True)

    def update_objective(self, objective_id: int, **changes: Any) -> Objective:
        def change(db: TinyDB, ws: Workspace) -> Objective:
            current = self._need(ws.objective(objective_id), _("objective"), objective_id)
            updated = build(Objective, {**current.model_dump(), **changes, "id": objective_id})
            self._check_parent(ws, updated.parent_id, objective_id)
            db.table(OBJECTIVES).update(_dump(updated), doc_ids=[objective_id])
            return updated  # type: ignore[return-value]

        return self._write(change)

    def _check_parent(self, ws: Workspace, parent_id: int | None, own_id: int | None) -> None:
        if parent_id is None:
            return
        if ws.objective(parent_id) is None:
            raise InvalidInput([("parent_id", _("there is no objective {id} to align to").format(id=parent_id))])
        seen = {own_id}
        cursor: int | None = parent_id
        while cursor is not None:
            if cursor in seen:
                raise InvalidInput([("parent_id", _("that alignment would make a loop"))])
            seen.add(cursor)
            parent = ws.objective(cursor)
            cursor = parent.parent_id if parent else None

    def delete_objective(self, objective_id: int) -> Deleted:
        """Delete an objective with its KRs and their check-ins; returns what is needed to restore it."""

        def change(db: TinyDB, ws: Workspace) -> Deleted:
            objective = self._need(ws.objective(objective_id), _("objective"), objective_id)
            gone = Deleted(objectives=[objective.model_dump(mode="json")])
            krs = ws.krs_of(objective_id)
            kr_ids = [k.id for k in krs]
            gone.key_results = [k.model_dump(mode="json") for k in krs]
            gone.checkins = [c.model_dump(mode="json") for k in krs for c in ws.checkins_of(k.id)]
            for child in ws.children_of(objective_id):
                gone.unaligned[child.id or 0] = objective_id
                db.table(OBJECTIVES).update({"parent_id": None}, doc_ids=[child.id])
            db.table(CHECKINS).remove(doc_ids=[c["id"] for c in gone.checkins]) if gone.checkins else None
            db.table(KEY_RESULTS).remove(doc_ids=kr_ids) if kr_ids else None
            db.table(OBJECTIVES).remove(doc_ids=[objective_id])
            return gone

        return self._write(change)

    def restore(self, gone: Deleted) -> None:
        """Put back exactly what a delete removed, with the same ids."""

        def change(db: TinyDB, ws: Workspace) -> None:
            tables = (
                (OBJECTIVES, gone.objectives), (KEY_RESULTS, gone.key_results), (CHECKINS, gone.checkins), (KPIS, gone.kpis)
            )
            for table, rows in tables:
                for row in rows:
                    doc = {k: v for k, v in row.items() if k != "id"}
                    db.table(table).upsert(Document(doc, doc_id=row["id"]))
            for child_id, parent_id in gone.unaligned.items():
                if db.table(OBJECTIVES).contains(doc_id=child_id):
                    db.table(OBJECTIVES).update({"parent_id": parent_id}, doc_ids=[child_id])

        self._write(change, action="restore")

    # ---- key results ------------------------------------------------------

    def add_key_result(self, objective_id: int, **fields: Any) -> KeyResult:
        candidate = build(KeyResult, {**fields, "objective_id": objective_id, "id": None})

        def change(db: TinyDB, ws: Workspace) -> KeyResult:
            self._need(ws.objective(objective_id), _("objective"), objective_id)
            new_id = db.table(KEY_RESULTS).insert(_dump(candidate))
            return candidate.model_copy(update={"id": new_id})

        return self._write(change)

    def update_key_result(self, kr_id: int, **changes: Any) -> KeyResult:
        def change(db: TinyDB, ws: Workspace) -> KeyResult:
            current = self._need(ws.key_result(kr_id), _("key result"), kr_id)
            updated = build(KeyResult, {**current.model_dump(), **changes, "id": kr_id})
            db.table(KEY_RESULTS).update(_dump(updated), doc_ids=[kr_id])
            return updated  # type: ignore[return-value]

        return self._write(change)

    def delete_key_result(self, kr_id: int) -> Deleted:
        def change(db: TinyDB, ws: Workspace) -> Deleted:
            kr = self._need(ws.key_result(kr_id), _("key result"), kr_id)
            gone = Deleted(
                key_results=[kr.model_dump(mode="json")],
                checkins=[c.model_dump(mode="json") for c in ws.checkins_of(kr_id)],
            )
            if gone.checkins:
                db.table(CHECKINS).remove(doc_ids=[c["id"] for c in gone.checkins])
            db.table(KEY_RESULTS).remove(doc_ids=[kr_id])
            return gone

        return self._write(change)

    # ---- check-ins --------------------------------------------------------

    def record_checkin(
        self,
        kr_id: int,
        value: float,
        confidence: int | None = None,
        note: str = "",
        author: str = "",
        at: datetime | None = None,
        force: bool = False,
    ) -> tuple[CheckIn, KeyResult]:
        """Append a check-in and set the KR's current value and confidence, in one write.

        The value is checked by the domain's one rule (check_value); `force` records a value
        it finds unlikely (far out of range)."""
        moment = at or self.clock.now()

        def change(db: TinyDB, ws: Workspace) -> tuple[CheckIn, KeyResult]:
            kr = self._need(ws.key_result(kr_id), _("key result"), kr_id)
            check_value(kr, value, force=force)
            return self._checkin(db, kr, value, confidence, note, author, moment)

        return self._write(change, action="checkin", on_behalf_of=author, scope=kr_scope(kr_id))

    @staticmethod
    def _checkin(
        db: TinyDB, kr: KeyResult, value: float, confidence: int | None, note: str, author: str, moment: datetime
    ) -> tuple[CheckIn, KeyResult]:
        checkin, updated = checkin_records(kr, value, confidence, note, author, moment)
        # One new row and one replaced row, set directly: TinyDB's insert and update each rebuild
        # their whole table (the 15,600 check-ins at L) twice.
        new_id = db.table(CHECKINS)._get_next_id()  # type: ignore[attr-defined]  (the floored id)
        replace_rows(db, CHECKINS, {new_id: _dump(checkin)})
        replace_rows(db, KEY_RESULTS, {kr.id: _dump(updated)})  # type: ignore[dict-item]
        return checkin.model_copy(update={"id": new_id}), updated

    def checkin_by_reference(
        self, ref: str, value_text: str, confidence_text: str | None = None, note: str = "", author: str = "",
        force: bool = False,
    ) -> tuple[CheckIn, KeyResult, KeyResult, Objective | None]:
        """The quick command's check-in: resolve the KR and parse the input inside the one
        locked read-modify-write, so the file is read and validated once, not twice.

        Returns (check-in, KR before, KR after, its objective).
        """

        def change(db: TinyDB, ws: Workspace):
            kr = self._open_kr(ws, ref)
            value = parse_checkin_value(kr, value_text, force=force)
            confidence = parse_confidence(confidence_text)
            checkin, updated = self._checkin(db, kr, value, confidence, note, author, self.clock.now())
            return checkin, kr, updated, ws.objective(kr.objective_id)

        return self._write(change, action="checkin", on_behalf_of=author, scope=kr_scope(ref))

    def record_batch(self, read: BatchRead, *, author: str = "", force: bool = False,
                     dry_run: bool = False) -> BatchPlan:
        """Many check-ins (`okrtui checkin --from`) in one locked write, all or nothing: the lines are
        planned under the lock by the single check-in's rules (domain/batch); any refused line and
        BatchRefused is raised with every refusal, nothing written. `dry_run` plans against the file
        as it is and writes nothing."""

        def plan(ws: Workspace) -> BatchPlan:
            def last_at(kr_id: int):
                last = ws.last_checkin(kr_id)
                return last.at if last else None

            planned = plan_batch(read, resolve=lambda ref: self._open_kr(ws, ref), last_checkin_at=last_at,
                                 now=self.clock.now(), zone=self.clock.zone, author=author, force=force)
            if planned.problems:
                raise BatchRefused(planned.problems)
            planned.objectives = {o.id: o for p in planned.checkins if (o := ws.objective(p.kr.objective_id)) and o.id}
            return planned

        if dry_run:
            return plan(self.load())

        def change(db: TinyDB, ws: Workspace) -> BatchPlan:
            planned = plan(ws)
            checkins = db.table(CHECKINS)
            ids = checkins.next_ids(len(planned.checkins))  # type: ignore[attr-defined]
            checkins.insert_multiple([Document(_dump(p.checkin), doc_id=i) for p, i in zip(planned.checkins, ids)])
            replace_rows(db, KEY_RESULTS, {kr_id: _dump(kr) for kr_id, kr in planned.key_results.items()})
            planned.checkins = [PlannedCheckIn(p.line, p.checkin.model_copy(update={"id": i}), p.kr)
                                for p, i in zip(planned.checkins, ids)]
            return planned

        return self._write(change, action="checkin", on_behalf_of=author)

    def _open_kr(self, ws: Workspace, ref: str) -> KeyResult:
        """The KR a reference names, refused with how to reopen when its quarter is closed (also when it
        is only in the archive: 'no key result matches' would send the user looking for a typo)."""
        try:
            kr = resolve_kr(ws, ref)
        except ReferenceError_ as missing:
            if not ws.meta.archived:
                raise
            archived = self.load_archive()
            try:
                kr = resolve_kr(archived, ref)
            except ReferenceError_:
                raise missing from None
            objective = archived.objective(kr.objective_id)
        else:
            objective = ws.objective(kr.objective_id)
            if objective is None or not quarter_closed(ws, objective.quarter):
                return kr
        quarter = objective.quarter if objective else "?"
        raise InvalidInput([("kr", _(
            "key result #{id} '{title}' is in {quarter}, which is closed; to check in, reopen it first: "
            "okrtui close {label} --reopen").format(id=kr.id, title=kr.title, quarter=format_quarter(quarter),
                                                    label=quarter))])

    def kpi_reading_by_reference(self, ref: str, value_text: str, note: str = "", author: str = "") -> KPI:
        def change(db: TinyDB, ws: Workspace) -> KPI:
            kpi = resolve_kpi(ws, ref)
            return self._kpi_reading(db, kpi, parse_number(value_text), note, author, self.clock.now())

        return self._write(change, action="reading", on_behalf_of=author)

    def undo_checkin(self, checkin_id: int) -> KeyResult:
        """Remove a check-in; the KR's value and confidence go back to what the history says."""

        def change(db: TinyDB, ws: Workspace) -> KeyResult:
            removed = next((c for c in ws.checkins if c.id == checkin_id), None)
            removed = self._need(removed, _("check-in"), checkin_id)
            kr = self._need(ws.key_result(removed.kr_id), _("key result"), removed.kr_id)
            remaining = [c for c in ws.checkins_of(kr.id) if c.id != checkin_id]
            if remaining:
                value = remaining[-1].value
                known = [c.confidence for c in remaining if c.confidence is not None]
                confidence = known[-1] if known else (removed.previous_confidence or kr.confidence)
                updated_at = remaining[-1].at
            else:
                value = removed.previous_value if removed.previous_value is not None else kr.start
                confidence = removed.previous_confidence if removed.previous_confidence is not None else kr.confidence
                updated_at = None
            updated = build(KeyResult, {**kr.model_dump(), "current": value, "confidence": confidence, "updated_at": updated_at})
            db.table(CHECKINS).remove(doc_ids=[checkin_id])
            db.table(KEY_RESULTS).update(_dump(updated), doc_ids=[kr.id])
            return updated  # type: ignore[return-value]

        return self._write(change, action="delete")

    # ---- KPIs -------------------------------------------------------------

    def add_kpi(self, **fields: Any) -> KPI:
        candidate = build(KPI, {**fields, "id": None})

        def change(db: TinyDB, ws: Workspace) -> KPI:
            new_id = db.table(KPIS).insert(_dump(candidate))
            return candidate.model_copy(update={"id": new_id})

        return self._write(change, create=True)

    def record_kpi_reading(self, kpi_id: int, value: float, note: str = "", author: str = "", at: datetime | None = None) -> KPI:
        moment = at or self.clock.now()

        def change(db: TinyDB, ws: Workspace) -> KPI:
            kpi = self._need(next((k for k in ws.kpis if k.id == kpi_id), None), _("KPI"), kpi_id)
            return self._kpi_reading(db, kpi, value, note, author, moment)

        return self._write(change, action="reading", on_behalf_of=author)

    @staticmethod
    def _kpi_reading(db: TinyDB, kpi: KPI, value: float, note: str, author: str, moment: datetime) -> KPI:
        reading = build(KPIReading, {"at": moment, "value": value, "note": note, "author": author})
        updated = kpi.model_copy(update={"readings": [*kpi.readings, reading], "current": reading.value})  # type: ignore[attr-defined]
        db.table(KPIS).update(_dump(updated), doc_ids=[kpi.id])
        return updated

    def update_kpi(self, kpi_id: int, **changes: Any) -> KPI:
        def change(db: TinyDB, ws: Workspace) -> KPI:
            kpi = self._need(next((k for k in ws.kpis if k.id == kpi_id), None), _("KPI"), kpi_id)
            updated = build(KPI, {**kpi.model_dump(), **changes, "id": kpi_id})
            db.table(KPIS).update(_dump(updated), doc_ids=[kpi_id])
            return updated  # type: ignore[return-value]

        return self._write(change)

    def delete_kpi(self, kpi_id: int) -> Deleted:
        def change(db: TinyDB, ws: Workspace) -> Deleted:
            kpi = self._need(next((k for k in ws.kpis if k.id == kpi_id), None), _("KPI"), kpi_id)
            db.table(KPIS).remove(doc_ids=[kpi_id])
            return Deleted(kpis=[kpi.model_dump(mode="json")])

        return self._write(change)

    # ---- plan files -------------------------------------------------------

    def apply_plan(self, plan: PlanText, *, prune: bool = False, whole_quarter: bool = False,
                   seen: PlanChanges | None = None) -> PlanChanges:
        """Apply a plan file's changes in one locked write (storage/plan_write): refused, with
        nothing written, when they are no longer the changes `seen` (someone changed the records)."""

        from okrtui.storage.plan_write import write_plan

        def change(db: TinyDB, ws: Workspace) -> PlanChanges:
            return write_plan(db, ws, plan, prune=prune, whole_quarter=whole_quarter, seen=seen)

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
            current = ws.team_record(build(Team, {"name": team}).name)  # type: ignore[attr-defined]
            base = current.model_dump() if current is not None else {"name": team}
            updated = build(Team, {**base, **changes})
            if current is not None:
                db.table(TEAMS).update(_dump(updated), doc_ids=[current.id])
                return updated
            new_id = db.table(TEAMS).insert(_dump(updated))
            return updated.model_copy(update={"id": new_id})

        return self._write(change)

    # ---- helpers ----------------------------------------------------------

    @staticmethod
    def _need(item: T | None, what: str, item_id: int) -> T:
        if item is None:
            raise NotFound(_("there is no {what} {id}; it may have been deleted by someone else").format(what=what, id=item_id))
        return item
