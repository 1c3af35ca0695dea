"""The repository's check-ins: one, a batch, by reference, and undone; a KR of a closed quarter is refused."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from tinydb import TinyDB
from tinydb.table import Document

from okrtui.domain.checkin_rows import checkin_records
from okrtui.domain.inputs import check_value, parse_checkin_value, parse_confidence
from okrtui.domain.models import CheckIn, KeyResult, Objective
from okrtui.domain.validation import InvalidInput, build
from okrtui.domain.quarter import format_quarter
from okrtui.domain.closed import quarter_closed
from okrtui.domain.workspace import ReferenceError_, Workspace, resolve_kr
from okrtui.i18n import _
from okrtui.storage.scopes import kr_scope
from okrtui.storage.tables import CHECKINS, KEY_RESULTS
from okrtui.storage.memory_db import replace_rows
from okrtui.storage.records import row_of, need
from okrtui.storage.store import Store

if TYPE_CHECKING:  # a single check-in's path imports neither the batch reader nor the undo's rule
    from okrtui.domain.batch import BatchPlan, BatchRead

class CheckInOperations(Store):
    """Check-ins, kept with the KR's value and confidence in one write."""

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
            kr = need(ws.key_result(kr_id), _("key result"), kr_id)
            check_value(kr, value, force=force)
            return self._checkin(db, kr, value, confidence, note, author, moment)

        return self._write(change, action="checkin", on_behalf_of=author, scope=kr_scope(kr_id, resolving=False))

    @staticmethod
    def _checkin(
        db: TinyDB, kr: KeyResult, value: float, confidence: int | None, note: str, author: str, moment: datetime
    ) -> tuple[CheckIn, KeyResult]:
        checkin, updated = checkin_records(kr, value, confidence, note, author, moment)
        # One new row and one replaced row, set directly: TinyDB's insert and update each rebuild
        # their whole table (the 15,600 check-ins at L) twice.
        new_id = db.table(CHECKINS)._get_next_id()  # the floored id
        replace_rows(db, CHECKINS, {new_id: row_of(checkin)})
        replace_rows(db, KEY_RESULTS, {kr.id: row_of(updated)})
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
        from okrtui.domain.batch import BatchRefused, PlannedCheckIn, plan_batch

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
            checkins.insert_multiple([Document(row_of(p.checkin), doc_id=i) for p, i in zip(planned.checkins, ids)])
            replace_rows(db, KEY_RESULTS, {kr_id: row_of(kr) for kr_id, kr in planned.key_results.items()})
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


    def undo_checkin(self, checkin_id: int) -> KeyResult:
        """Remove a check-in; the KR's value and confidence go back to what the history says."""
        from okrtui.domain.checkin_fix import kr_after

        def change(db: TinyDB, ws: Workspace) -> KeyResult:
            removed = next((c for c in ws.checkins if c.id == checkin_id), None)
            removed = need(removed, _("check-in"), checkin_id)
            kr = need(ws.key_result(removed.kr_id), _("key result"), removed.kr_id)
            remaining = [c for c in ws.checkins_of(kr.id) if c.id != checkin_id]
            updated = build(KeyResult, {**kr.model_dump(), **kr_after(kr, remaining, removed)})
            db.table(CHECKINS).remove(doc_ids=[checkin_id])
            db.table(KEY_RESULTS).update(row_of(updated), doc_ids=[kr.id])
            return updated

        return self._write(change)  # a delete: changelog.change_entry tells it by the check-in removed
