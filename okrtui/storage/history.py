"""Writes that work on the change log: undo and redo of one's own changes, and comments.

Undo and redo read the log (domain/history) inside the locked write, so they hold across
restarts and never act on a stale picture; each is itself a logged change.
"""

from __future__ import annotations

from dataclasses import dataclass

from tinydb import TinyDB
from tinydb.table import Document

from okrtui.domain.checkin_fix import (checkin_is_mine, comment_is_mine, corrected, fixed_previous, kr_after, next_after,
                                      not_yours)
from okrtui.domain.history import holds, next_redo, next_undo, who_changed_since
from okrtui.domain.inputs import check_value
from okrtui.domain.models import Change, CheckIn, Comment, KeyResult
from okrtui.domain.validation import InvalidInput, build
from okrtui.domain.quarter import format_quarter
from okrtui.domain.closed import quarter_closed
from okrtui.domain.workspace import Workspace
from okrtui.i18n import _
from okrtui.storage.changelog import CHECKINS, COMMENTS, KEY_RESULTS, KIND_OF
from okrtui.storage.errors import NotFound
from okrtui.storage.store import Store
from okrtui.storage.tables import TABLE_MODELS

TABLE_OF = {kind: table for table, kind in KIND_OF.items()}


class NothingToUndo(LookupError):
    """There is no change of mine to undo (or redo)."""


class ChangedSince(RuntimeError):
    """The fields no longer hold the values my change left: someone changed them since."""

    def __init__(self, message: str, by: Change | None):
        self.by = by
        super().__init__(message)


class NotYours(PermissionError):
    """A comment, or a check-in, is corrected only by its author."""


@dataclass(frozen=True)
class Reversal:
    action: str  # "undo" | "redo"
    change: Change  # the change undone or redone


class HistoryOperations(Store):
    # ---- undo and redo ---------------------------------------------------------------

    def undo(self, kr: int | None = None) -> Reversal:
        """Reverse my last change (of one KR with `kr`), unless someone changed those fields since."""
        return self._reverse("undo", kr)

    def redo(self) -> Reversal:
        """Repeat the change my last undo reversed, unless someone changed those fields since."""
        return self._reverse("redo", None)

    def _reverse(self, action: str, kr: int | None) -> Reversal:
        me = self.author
        found: dict[str, Change] = {}

        def change(db: TinyDB, ws: Workspace) -> None:
            target = next_undo(ws, me, kr) if action == "undo" else next_redo(ws, me)
            if target is None:
                raise NothingToUndo(_("there is no change of yours to undo") if action == "undo"
                                    else _("there is nothing of yours to redo"))
            data = db.storage.data
            for record in target.records:
                expected = record.after if action == "undo" else record.before
                whole = record.before is None or record.after is None
                row = (data.get(TABLE_OF[record.kind]) or {}).get(str(record.id))
                if not holds(row, expected, whole):
                    by = who_changed_since(ws.changes, target)
                    raise ChangedSince(self._changed_since_message(by), by)
            for record in reversed(target.records) if action == "undo" else target.records:
                self._put(db, record.kind, record.id, record.before if action == "undo" else record.after,
                          whole=record.before is None or record.after is None)
            found["change"] = target

        self._write(change, action=action, reverts=lambda: found["change"].id)
        return Reversal(action, found["change"])

    @staticmethod
    def _changed_since_message(by: Change | None) -> str:
        if by is None:
            return _("those fields were changed since your change; nothing was undone")
        return _("{who} changed those fields since, on {when}; nothing was undone, so as not to overwrite them").format(
            who=by.author or _("someone"), when=by.at.strftime("%Y-%m-%d %H:%M"))

    @staticmethod
    def _put(db: TinyDB, kind: str, record_id: int, values: dict | None, whole: bool) -> None:
        table = db.table(TABLE_OF[kind])
        if values is None:
            table.remove(doc_ids=[record_id])
            return
        current: dict = table.get(doc_id=record_id) or {}
        row = dict(values) if whole else {**current, **values}
        row.pop("id", None)
        build(TABLE_MODELS[TABLE_OF[kind]], row)  # only a valid record is written back
        table.upsert(Document(row, doc_id=record_id))

    # ---- comments ----------------------------------------------------------------------

    def add_comment(self, target_kind: str, target_id: int, text: str) -> Comment:
        comment: Comment = build(Comment, {
            "target_kind": target_kind, "target_id": target_id, "author": self.author,
            "at": self.clock.now(), "text": text})

        def change(db: TinyDB, ws: Workspace) -> Comment:
            exists = ws.objective(target_id) if target_kind == "objective" else ws.key_result(target_id)
            if exists is None:
                what = _("objective") if target_kind == "objective" else _("key result")
                raise NotFound(_("there is no {what} {id}; it may have been deleted by someone else").format(
                    what=what, id=target_id))
            new_id = db.table(COMMENTS).insert(comment.model_dump(mode="json", exclude={"id"}))
            return comment.model_copy(update={"id": new_id})

        return self._write(change, action="comment")

    def edit_comment(self, comment_id: int, text: str) -> Comment:
        def change(db: TinyDB, ws: Workspace) -> Comment:
            comment = self._own_comment(ws, comment_id)
            updated: Comment = build(Comment, {**comment.model_dump(), "text": text,
                                               "edited_at": self.clock.now()})
            db.table(COMMENTS).update(updated.model_dump(mode="json", exclude={"id"}), doc_ids=[comment_id])
            return updated

        return self._write(change, action="comment")

    def delete_comment(self, comment_id: int) -> Comment:
        def change(db: TinyDB, ws: Workspace) -> Comment:
            comment = self._own_comment(ws, comment_id)
            db.table(COMMENTS).remove(doc_ids=[comment_id])
            return comment

        return self._write(change, action="comment")

    def _own_comment(self, ws: Workspace, comment_id: int) -> Comment:
        comment = next((c for c in ws.comments if c.id == comment_id), None)
        if comment is None:
            raise NotFound(_("there is no comment {id}; it may have been deleted").format(id=comment_id))
        if not comment_is_mine(comment, self.author):
            raise NotYours(not_yours("comment", comment_id, comment.author))
        return comment

    # ---- mistaken check-ins ------------------------------------------------------------
    # Corrected or deleted in one logged write (action "checkin": the log keeps the values it had,
    # and undo puts them back); only by whoever recorded it, never in a closed quarter.

    def correct_checkin(self, checkin_id: int, value: float | None = None, confidence: int | None = None,
                        note: str | None = None, force: bool = False) -> tuple[CheckIn, KeyResult]:
        """Change a check-in's value, confidence or note (None: kept); the KR follows when it is its newest."""

        def change(db: TinyDB, ws: Workspace) -> tuple[CheckIn, KeyResult]:
            checkin, kr = self._own_checkin(ws, checkin_id)
            if value is not None:
                check_value(kr, value, force=force)
            fixed: CheckIn = build(CheckIn, corrected(checkin, value, confidence, note))
            db.table(CHECKINS).update(fixed.model_dump(mode="json", exclude={"id"}), doc_ids=[checkin_id])
            history = [fixed if c.id == checkin_id else c for c in ws.checkins_of(kr.id)]
            following = next_after(history, checkin_id)
            if following is not None:
                self._fix_following(db, following, fixed.value, fixed.confidence)
            return fixed, self._kr_follows(db, kr, history)

        return self._write(change, action="checkin")

    def delete_checkin(self, checkin_id: int) -> tuple[CheckIn, KeyResult]:
        """Take a mistaken check-in out; the KR goes back to what the remaining history says."""

        def change(db: TinyDB, ws: Workspace) -> tuple[CheckIn, KeyResult]:
            checkin, kr = self._own_checkin(ws, checkin_id)
            history = ws.checkins_of(kr.id)
            following = next_after(history, checkin_id)
            if following is not None:
                self._fix_following(db, following, checkin.previous_value, checkin.previous_confidence)
            db.table(CHECKINS).remove(doc_ids=[checkin_id])
            remaining = [c for c in history if c.id != checkin_id]
            return checkin, self._kr_follows(db, kr, remaining, removed=checkin)

        return self._write(change, action="checkin")

    @staticmethod
    def _fix_following(db: TinyDB, following: CheckIn, value: float | None, confidence: int | None) -> None:
        fields = fixed_previous(following, value, confidence)
        if fields:
            db.table(CHECKINS).update(fields, doc_ids=[following.id])

    @staticmethod
    def _kr_follows(db: TinyDB, kr: KeyResult, history: list[CheckIn], removed: CheckIn | None = None) -> KeyResult:
        updated: KeyResult = build(KeyResult, {**kr.model_dump(), **kr_after(kr, history, removed)})
        db.table(KEY_RESULTS).update(updated.model_dump(mode="json", exclude={"id"}), doc_ids=[kr.id])
        return updated

    def _own_checkin(self, ws: Workspace, checkin_id: int) -> tuple[CheckIn, KeyResult]:
        checkin = next((c for c in ws.checkins if c.id == checkin_id), None)
        kr = ws.key_result(checkin.kr_id) if checkin is not None else None
        if checkin is None or kr is None:
            raise NotFound(_("there is no check-in {id}; it may have been deleted").format(id=checkin_id))
        if not checkin_is_mine(ws, checkin, self.author):
            raise NotYours(not_yours("checkin", checkin_id, checkin.author))
        objective = ws.objective(kr.objective_id)
        if objective is not None and quarter_closed(ws, objective.quarter):
            raise InvalidInput([("checkin", _(
                "check-in {id} is in {quarter}, which is closed; to change it, reopen it first: "
                "okrtui close {label} --reopen").format(id=checkin_id, quarter=format_quarter(objective.quarter),
                                                        label=objective.quarter))])
        return checkin, kr
