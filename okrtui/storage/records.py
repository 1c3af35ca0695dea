"""Shared by the repository's operations: a record as its row, a record that must be there, what a delete removed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar

from tinydb import TinyDB

from okrtui.domain.models import Model
from okrtui.domain.workspace import Workspace
from okrtui.i18n import _
from okrtui.storage.errors import NotFound
from okrtui.storage.tables import CHECKINS, INITIATIVES, KEY_RESULTS, KPIS, OBJECTIVES


T = TypeVar("T")


@dataclass
class Deleted:
    """What a delete removed, so that it can be restored exactly (same ids): its records, held as the
    small workspace they make, and the links to them that other records lost."""

    records: Workspace = field(default_factory=Workspace)
    # objective id -> parent id it had, for objectives that were aligned to a deleted one
    unaligned: dict[int, int] = field(default_factory=dict)
    # KR id -> the deleted KPI that fed it (schema 8), linked again on a restore
    unlinked: dict[int, int] = field(default_factory=dict)
    # objective id -> key result id it had, for objectives that were aligned to a deleted KR
    unaligned_kr: dict[int, int] = field(default_factory=dict)


# The tables a delete removes from, each the Workspace list of the same name.
RESTORED_TABLES = (OBJECTIVES, KEY_RESULTS, CHECKINS, KPIS, INITIATIVES)


def unalign_from_krs(db: TinyDB, ws: Workspace, kr_ids: list, gone: Deleted) -> None:
    """Objectives aligned to deleted KRs stay, unaligned (a restore aligns them again)."""
    for kr_id in kr_ids:
        for child in ws.aligned_to_kr(kr_id):
            gone.unaligned_kr[child.id or 0] = kr_id
            db.table(OBJECTIVES).update({"parent_kr_id": None}, doc_ids=[child.id])


def remove_records(db: TinyDB, records: Workspace) -> None:
    """Remove the records a Deleted holds, from every table (their ids)."""
    for table in RESTORED_TABLES:
        ids = [record.id for record in getattr(records, table)]
        if ids:
            db.table(table).remove(doc_ids=ids)


def row_of(model: Model) -> dict:
    return model.model_dump(mode="json", exclude={"id"})


def need(item: T | None, what: str, item_id: int) -> T:
    """The record, or NotFound with a sentence: another user may have deleted it meanwhile."""
    if item is None:
        raise NotFound(_("there is no {what} {id}; it may have been deleted by someone else").format(what=what, id=item_id))
    return item
