"""Writes that work on the change log: undo and redo of one's own changes, and comments.

Undo and redo read the log (domain/history) inside the locked write, so they hold across
restarts and never act on a stale picture; each is itself a logged change.
"""

from __future__ import annotations

from dataclasses import dataclass

from tinydb import TinyDB
from tinydb.table import Document

from okrtui.domain.history import holds, next_redo, next_undo, who_changed_since
from okrtui.domain.models import Change, Comment, build
from okrtui.domain.workspace import Workspace
from okrtui.i18n import _
from okrtui.storage.changelog import COMMENTS, KIND_OF
from okrtui.storage.errors import NotFound
from okrtui.storage.store import TABLE_MODELS, Store

TABLE_OF = {kind: table for table, kind in KIND_OF.items()}


class NothingToUndo(LookupError):
    """There is no change of mine to undo (or redo)."""


class ChangedSince(RuntimeError):
    """The fields no longer hold the values my change left: someone changed them since."""

    def __init__(self, message: str, by: Change | None):
        self.by = by
        super().__init__(message)


class NotYours(PermissionError):
    """A comment is changed only by its author."""


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
        if comment.author != self.author:
            raise NotYours(_("comment {id} is {who}'s; only its author can change it").format(
                id=comment_id, who=comment.author or _("someone")))
        return comment
