"""Writes of initiatives (schema 8): add, edit, advance, delete — each one locked write, logged
in the change log like every other (so undo and redo reverse them), refused on a closed quarter."""

from __future__ import annotations

from typing import Any

from tinydb import TinyDB

from okrtui.domain.initiatives import resolve_initiative
from okrtui.domain.models import Initiative, KeyResult
from okrtui.domain.validation import InvalidInput, build
from okrtui.domain.quarter import format_quarter
from okrtui.domain.closed import quarter_closed
from okrtui.domain.workspace import Workspace, resolve_kr
from okrtui.i18n import _
from okrtui.storage.changelog import INITIATIVES
from okrtui.storage.errors import NotFound
from okrtui.storage.store import Store


def _dump(model: Initiative) -> dict:
    return model.model_dump(mode="json", exclude={"id"})


class InitiativeOperations(Store):
    def add_initiative(self, kr: int | str, title: str, *, owner: str = "", status: str = "todo",
                       due: str | None = None) -> tuple[Initiative, KeyResult]:
        """Add an initiative under a KR (an id, or with a str a reference resolved inside the write)."""
        fields = {"kr_id": 0, "title": title, "owner": owner, "status": status, "due": due}
        build(Initiative, fields)  # a sentence for bad input before the lock is taken

        def change(db: TinyDB, ws: Workspace) -> tuple[Initiative, KeyResult]:
            key_result = self._open_key_result(ws, kr)
            candidate: Initiative = build(Initiative, {
                **fields, "kr_id": key_result.id, "status_at": self.clock.now() if status != "todo" else None})
            new_id = db.table(INITIATIVES).insert(_dump(candidate))
            return candidate.model_copy(update={"id": new_id}), key_result

        return self._write(change)

    def update_initiative(self, ref: int | str, title_ref: str | None = None, **changes: Any) -> Initiative:
        """Change an initiative's fields (title, owner, status, due); a new status is stamped with
        the time, which the standup counts from. `ref` is its id, or a KR with `title_ref`."""
        changes = {k: v for k, v in changes.items() if k in ("title", "owner", "status", "due")}

        def change(db: TinyDB, ws: Workspace) -> Initiative:
            current = self._find(ws, ref, title_ref)
            self._open_key_result(ws, current.kr_id)
            merged = {**current.model_dump(), **changes}
            if changes.get("status", current.status) != current.status:
                merged["status_at"] = self.clock.now()
            updated: Initiative = build(Initiative, merged)
            db.table(INITIATIVES).update(_dump(updated), doc_ids=[current.id])
            return updated

        return self._write(change)

    def delete_initiative(self, ref: int | str, title_ref: str | None = None) -> Initiative:
        def change(db: TinyDB, ws: Workspace) -> Initiative:
            current = self._find(ws, ref, title_ref)
            self._open_key_result(ws, current.kr_id)
            db.table(INITIATIVES).remove(doc_ids=[current.id])
            return current

        return self._write(change)

    @staticmethod
    def _find(ws: Workspace, ref: int | str, title_ref: str | None) -> Initiative:
        if isinstance(ref, int):
            found = ws.initiative(ref)
            if found is None:
                raise NotFound(_("there is no initiative {id}; it may have been deleted by someone else").format(id=ref))
            return found
        return resolve_initiative(ws, ref, title_ref)

    @staticmethod
    def _open_key_result(ws: Workspace, kr: int | str) -> KeyResult:
        """The KR, which must exist and be in a quarter still open (a closed quarter's work is history)."""
        if isinstance(kr, int):
            found = ws.key_result(kr)
            if found is None:
                raise NotFound(_("there is no {what} {id}; it may have been deleted by someone else").format(
                    what=_("key result"), id=kr))
        else:
            found = resolve_kr(ws, kr)
        objective = ws.objective(found.objective_id)
        if objective is not None and quarter_closed(ws, objective.quarter):
            raise InvalidInput([("kr_id", _(
                "key result #{id} is in {quarter}, which is closed; its initiatives can no longer change").format(
                    id=found.id, quarter=format_quarter(objective.quarter)))])
        return found
