"""Shared by the repository's operations: a record as its row, a record that must be there, what a delete removed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar

from tinydb import TinyDB

from okrtui.domain.models import Model
from okrtui.domain.workspace import Workspace
from okrtui.i18n import _
from okrtui.storage.errors import NotFound
from okrtui.storage.tables import OBJECTIVES


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


def unalign_from_krs(db: TinyDB, ws: Workspace, kr_ids: list, gone: Deleted) -> None:
    """Objectives aligned to deleted KRs stay, unaligned (a restore aligns them again)."""
    for kr_id in kr_ids:
        for child in ws.aligned_to_kr(kr_id):
            gone.unaligned_kr[child.id or 0] = kr_id
            db.table(OBJECTIVES).update({"parent_kr_id": None}, doc_ids=[child.id])


def row_of(model: Model) -> dict:
    return model.model_dump(mode="json", exclude={"id"})


def need(item: T | None, what: str, item_id: int) -> T:
    """The record, or NotFound with a sentence: another user may have deleted it meanwhile."""
    if item is None:
        raise NotFound(_("there is no {what} {id}; it may have been deleted by someone else").format(what=what, id=item_id))
    return item
