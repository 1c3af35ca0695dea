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

from okrtui.domain.alignment import alignment_problems
from okrtui.domain.batch import BatchPlan, BatchRead, BatchRefused, PlannedCheckIn, checkin_records, plan_batch
from okrtui.domain.checkin_fix import kr_after
from okrtui.domain.clock import zone_named
from okrtui.domain.inputs import check_value, parse_checkin_value, parse_confidence, parse_number
from okrtui.domain.kpi_feed import FedCheckIn, Reading, check_source, krs_fed_by, krs_to_feed
from okrtui.domain.models import KPI, CheckIn, KeyResult, KPIReading, Model, Objective, Team
from okrtui.domain.validation import InvalidInput, build
from okrtui.domain.quarter import format_quarter
from okrtui.domain.views import quarter_closed
from okrtui.domain.workspace import ReferenceError_, Workspace, resolve_kpi, resolve_kr
from okrtui.i18n import _
from okrtui.storage.errors import NotFound
from okrtui.storage.history import HistoryOperations
from okrtui.storage.initiatives import INITIATIVES, InitiativeOperations
from okrtui.storage.plan_write import write_plan
from okrtui.storage.scopes import kr_scope
from okrtui.storage.tables import CHECKINS, KEY_RESULTS, KPIS, META, META_ID, OBJECTIVES, TEAMS
from okrtui.storage.memory_db import replace_rows

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
    initiatives: list[dict] = field(default_factory=list)
    # objective id -> parent id it had, for objectives that were aligned to a deleted one
    unaligned: dict[int, int] = field(default_factory=dict)
    # KR id -> the deleted KPI that fed it (schema 8), linked again on a restore
    unlinked: dict[int, int] = field(default_factory=dict)
    # objective id -> key result id it had, for objectives that were aligned to a deleted KR
    unaligned_kr: dict[int, int] = field(default_factory=dict)


def _unalign_from_krs(db: TinyDB, ws: Workspace, kr_ids: list, gone: Deleted) -> None:
    """Objectives aligned to deleted KRs stay, unaligned (a restore aligns them again)."""
    for kr_id in kr_ids:
        for child in ws.aligned_to_kr(kr_id):
            gone.unaligned_kr[child.id or 0] = kr_id
            db.table(OBJECTIVES).update({"parent_kr_id": None}, doc_ids=[child.id])


def _dump(model: Model) -> dict:
    return model.model_dump(mode="json", exclude={"id"})


class Repository(HistoryOperations, InitiativeOperations):
    # ---- objectives -------------------------------------------------------

    def add_objective(self, **fields: Any) -> Objective:
        candidate = build(Objective, {**fields, "id": None})

        def change(db: TinyDB, ws: Workspace) -> Objective:
            self._check_alignment(ws, candidate)
            new_id = db.table(OBJECTIVES).insert(_dump(candidate))
            return candidate.model_copy(update={"id": new_id})

        return self._write(change, create=True)

    def update_objective(self, objective_id: int, **changes: Any) -> Objective:
        def change(db: TinyDB, ws: Workspace) -> Objective:
            current = self._need(ws.objective(objective_id), _("objective"), objective_id)
            updated = build(Objective, {**current.model_dump(), **changes, "id": objective_id})
            self._check_alignment(ws, updated)
            db.table(OBJECTIVES).update(_dump(updated), doc_ids=[objective_id])
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
            objective = self._need(ws.objective(objective_id), _("objective"), objective_id)
            gone = Deleted(objectives=[objective.model_dump(mode="json")])
            krs = ws.krs_of(objective_id)
            kr_ids = [k.id for k in krs]
            gone.key_results = [k.model_dump(mode="json") for k in krs]
            gone.checkins = [c.model_dump(mode="json") for k in krs for c in ws.checkins_of(k.id)]
            gone.initiatives = [i.model_dump(mode="json") for k in krs for i in ws.initiatives_of(k.id)]
            for child in ws.children_of(objective_id):
                gone.unaligned[child.id or 0] = objective_id
                db.table(OBJECTIVES).update({"parent_id": None}, doc_ids=[child.id])
            _unalign_from_krs(db, ws, kr_ids, gone)
            db.table(CHECKINS).remove(doc_ids=[c["id"] for c in gone.checkins]) if gone.checkins else None
            db.table(INITIATIVES).remove(doc_ids=[i["id"] for i in gone.initiatives]) if gone.initiatives else None
            db.table(KEY_RESULTS).remove(doc_ids=kr_ids) if kr_ids else None
            db.table(OBJECTIVES).remove(doc_ids=[objective_id])
            return gone

        return self._write(change)

    def restore(self, gone: Deleted) -> None:
        """Put back exactly what a delete removed, with the same ids."""

        def change(db: TinyDB, ws: Workspace) -> None:
            tables = (
                (OBJECTIVES, gone.objectives), (KEY_RESULTS, gone.key_results), (CHECKINS, gone.checkins), (KPIS, gone.kpis),
                (INITIATIVES, gone.initiatives),
            )
            for table, rows in tables:
                for row in rows:
                    doc = {k: v for k, v in row.items() if k != "id"}
                    db.table(table).upsert(Document(doc, doc_id=row["id"]))
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
            self._need(ws.objective(objective_id), _("objective"), objective_id)
            check_source(ws, candidate)
            new_id = db.table(KEY_RESULTS).insert(_dump(candidate))
            return candidate.model_copy(update={"id": new_id})

        return self._write(change)

    def update_key_result(self, kr_id: int, **changes: Any) -> KeyResult:
        def change(db: TinyDB, ws: Workspace) -> KeyResult:
            current = self._need(ws.key_result(kr_id), _("key result"), kr_id)
            updated = build(KeyResult, {**current.model_dump(), **changes, "id": kr_id})
            if updated.source_kpi_id != current.source_kpi_id or updated.kind != current.kind:
                check_source(ws, updated)
            db.table(KEY_RESULTS).update(_dump(updated), doc_ids=[kr_id])
            return updated

        return self._write(change)

    def delete_key_result(self, kr_id: int) -> Deleted:
        def change(db: TinyDB, ws: Workspace) -> Deleted:
            kr = self._need(ws.key_result(kr_id), _("key result"), kr_id)
            gone = Deleted(
                key_results=[kr.model_dump(mode="json")],
                checkins=[c.model_dump(mode="json") for c in ws.checkins_of(kr_id)],
                initiatives=[i.model_dump(mode="json") for i in ws.initiatives_of(kr_id)],
            )
            if gone.checkins:
                db.table(CHECKINS).remove(doc_ids=[c["id"] for c in gone.checkins])
            if gone.initiatives:
                db.table(INITIATIVES).remove(doc_ids=[i["id"] for i in gone.initiatives])
            _unalign_from_krs(db, ws, [kr_id], gone)
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
        new_id = db.table(CHECKINS)._get_next_id()  # the floored id
        replace_rows(db, CHECKINS, {new_id: _dump(checkin)})
        replace_rows(db, KEY_RESULTS, {kr.id: _dump(updated)})
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
            ids = checkins.next_ids(len(planned.checkins))
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

    def kpi_reading_by_reference(self, ref: str, value_text: str, note: str = "", author: str = "") -> Reading:
        """The quick command's reading: the KPI resolved and the value parsed inside the one write,
        which also checks into the KRs the KPI feeds."""

        def change(db: TinyDB, ws: Workspace) -> Reading:
            kpi = resolve_kpi(ws, ref)
            return self._kpi_reading(db, ws, kpi, parse_number(value_text), note, author, self.clock.now())

        return self._write(change, action="reading", on_behalf_of=author)

    def undo_checkin(self, checkin_id: int) -> KeyResult:
        """Remove a check-in; the KR's value and confidence go back to what the history says."""

        def change(db: TinyDB, ws: Workspace) -> KeyResult:
            removed = next((c for c in ws.checkins if c.id == checkin_id), None)
            removed = self._need(removed, _("check-in"), checkin_id)
            kr = self._need(ws.key_result(removed.kr_id), _("key result"), removed.kr_id)
            remaining = [c for c in ws.checkins_of(kr.id) if c.id != checkin_id]
            updated = build(KeyResult, {**kr.model_dump(), **kr_after(kr, remaining, removed)})
            db.table(CHECKINS).remove(doc_ids=[checkin_id])
            db.table(KEY_RESULTS).update(_dump(updated), doc_ids=[kr.id])
            return updated

        return self._write(change, action="delete")

    # ---- KPIs -------------------------------------------------------------

    def add_kpi(self, **fields: Any) -> KPI:
        candidate = build(KPI, {**fields, "id": None})

        def change(db: TinyDB, ws: Workspace) -> KPI:
            new_id = db.table(KPIS).insert(_dump(candidate))
            return candidate.model_copy(update={"id": new_id})

        return self._write(change, create=True)

    def record_kpi_reading(self, kpi_id: int, value: float, note: str = "", author: str = "",
                           at: datetime | None = None) -> Reading:
        """Append a reading and set the KPI's current value; each KR the KPI feeds (domain/kpi_feed)
        gets a check-in of the same value, author, note and moment, in the same write."""
        moment = at or self.clock.now()

        def change(db: TinyDB, ws: Workspace) -> Reading:
            kpi = self._need(next((k for k in ws.kpis if k.id == kpi_id), None), _("KPI"), kpi_id)
            return self._kpi_reading(db, ws, kpi, value, note, author, moment)

        return self._write(change, action="reading", on_behalf_of=author)

    def _kpi_reading(self, db: TinyDB, ws: Workspace, kpi: KPI, value: float, note: str, author: str,
                     moment: datetime) -> Reading:
        reading = build(KPIReading, {"at": moment, "value": value, "note": note, "author": author})
        updated = kpi.model_copy(update={"readings": [*kpi.readings, reading], "current": reading.value})
        db.table(KPIS).update(_dump(updated), doc_ids=[kpi.id])
        fed = []
        for kr in krs_to_feed(ws, kpi.id, moment):
            try:
                check_value(kr, reading.value, force=True)
            except InvalidInput as error:
                raise InvalidInput([("value", _("K{kpi} feeds key result #{id}: {problem}").format(
                    kpi=kpi.id, id=kr.id, problem=message)) for _f, message in error.problems]) from None
            checkin, after = self._checkin(db, kr, reading.value, None, note, author, moment)
            fed.append(FedCheckIn(checkin, kr, after, ws.objective(kr.objective_id)))
        return Reading(updated, fed)

    def update_kpi(self, kpi_id: int, **changes: Any) -> KPI:
        def change(db: TinyDB, ws: Workspace) -> KPI:
            kpi = self._need(next((k for k in ws.kpis if k.id == kpi_id), None), _("KPI"), kpi_id)
            updated = build(KPI, {**kpi.model_dump(), **changes, "id": kpi_id})
            db.table(KPIS).update(_dump(updated), doc_ids=[kpi_id])
            return updated

        return self._write(change)

    def delete_kpi(self, kpi_id: int) -> Deleted:
        def change(db: TinyDB, ws: Workspace) -> Deleted:
            kpi = self._need(next((k for k in ws.kpis if k.id == kpi_id), None), _("KPI"), kpi_id)
            # The KRs it fed keep their check-ins and are checked in by hand from now on.
            fed = {kr.id or 0: kpi_id for kr in krs_fed_by(ws, kpi_id)}
            if fed:
                db.table(KEY_RESULTS).update({"source_kpi_id": None}, doc_ids=list(fed))
            db.table(KPIS).remove(doc_ids=[kpi_id])
            return Deleted(kpis=[kpi.model_dump(mode="json")], unlinked=fed)

        return self._write(change, action="delete")  # not "edit", for the KRs it unlinks

    # ---- plan files -------------------------------------------------------

    def apply_plan(self, plan: PlanText, *, prune: bool = False, whole_quarter: bool = False,
                   seen: PlanChanges | None = None) -> PlanChanges:
        """Apply a plan file's changes in one locked write (storage/plan_write): refused, with
        nothing written, when they are no longer the changes `seen` (someone changed the records)."""


        def change(db: TinyDB, ws: Workspace) -> PlanChanges:
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
