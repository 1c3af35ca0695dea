"""The change log read back: which changes concern a record, what undo and redo would reverse,
and the target changes a grade should be read beside. Pure functions over a Workspace."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Iterable, Literal

from okrtui.domain.clock import zone_named
from okrtui.domain.models import Change, KeyResult, RecordChange
from okrtui.domain.quarter import Quarter, as_utc
from okrtui.domain.workspace import Workspace

# Changes that undo reverses: the ones a person makes (an undo and a redo move along the stack).
UNDOABLE = ("create", "edit", "delete", "restore", "checkin", "reading", "comment", "import")


def changes_about(changes: Iterable[Change], *, kr: int | None = None, objective: int | None = None,
                  kpi: int | None = None, since: datetime | None = None, author: str | None = None) -> list[Change]:
    """The log, oldest first, narrowed to one KR, objective (its KRs included) or KPI, a moment, an author."""
    out = []
    for change in sorted(changes, key=lambda c: c.id or 0):
        if kr is not None and kr not in change.kr_ids:
            continue
        if objective is not None and objective not in change.objective_ids:
            continue
        if kpi is not None and kpi not in change.kpi_ids:
            continue
        if since is not None and change.at < as_utc(since):
            continue
        if author is not None and author.casefold() not in (change.author.casefold(), change.on_behalf_of.casefold()):
            continue
        out.append(change)
    return out


def is_new_checkin(change: Change) -> bool:
    """A check-in recorded (not one corrected or deleted afterwards, which the same action names)."""
    return change.action == "checkin" and all(r.before is None for r in change.records if r.kind == "checkin")


def undo_stacks(changes: Iterable[Change], me: str) -> tuple[list[Change], list[Change]]:
    """My changes that an undo would reverse (last on top) and those a redo would repeat.

    Read from the log alone, so it holds across restarts and sessions; only `me`'s changes.
    """
    by_id = {c.id: c for c in changes}
    done: list[Change] = []
    undone: list[Change] = []
    for change in sorted(by_id.values(), key=lambda c: c.id or 0):
        if change.author != me:
            continue
        if change.action in ("undo", "redo"):
            original = by_id.get(change.reverts)
            source, target = (done, undone) if change.action == "undo" else (undone, done)
            if original is not None and original in source:
                source.remove(original)
                target.append(original)
        elif change.action in UNDOABLE:
            done.append(change)
            undone.clear()
    return done, undone


def next_undo(ws: Workspace, me: str, kr: int | None = None) -> Change | None:
    done, _undone = undo_stacks(ws.changes, me)
    for change in reversed(done):
        if kr is None or kr in change.kr_ids:
            return change
    return None


def next_redo(ws: Workspace, me: str) -> Change | None:
    _done, undone = undo_stacks(ws.changes, me)
    return undone[-1] if undone else None


def holds(row: dict | None, expected: dict | None, whole: bool) -> bool:
    """Does a stored row still hold the values a change left (`whole`: a created or deleted row, all of it)?"""
    if expected is None:
        return row is None
    if row is None:
        return False
    if whole:
        return all(row.get(k) == v for k, v in expected.items()) and set(row) <= set(expected) | {"id"}
    return all(row.get(k) == v for k, v in expected.items())


def who_changed_since(changes: Iterable[Change], change: Change) -> Change | None:
    """The latest later change touching one of the records `change` touched (for "changed since by …")."""
    mine = {(r.kind, r.id) for r in change.records}
    later = [c for c in changes if (c.id or 0) > (change.id or 0) and mine & {(r.kind, r.id) for r in c.records}]
    return max(later, key=lambda c: c.id or 0) if later else None


# ---- target changes --------------------------------------------------------------------

MOVED_FIELDS = ("target", "start")


@dataclass(frozen=True)
class TargetChange:
    """A KR's target or start moved after its first check-in."""

    kr_id: int
    field: Literal["target", "start"]
    before: float
    after: float
    at: datetime
    author: str
    lowered: bool  # made easier: a lower target on an increase KR, a higher one on a decrease KR
    on_behalf_of: str = ""  # a script's --author: the person it acted for


def _eases(kr: KeyResult | None, field: str, before: float, after: float) -> bool:
    if field != "target":
        return False
    if kr is not None and kr.kind in ("decrease", "at_most"):
        return after > before
    return after < before


def target_changes(ws: Workspace, kr_id: int | None = None) -> list[TargetChange]:
    """Every change of a KR's target or start made after that KR's first check-in, oldest first."""
    if kr_id is not None:
        return list(target_changes_by_kr(ws).get(kr_id, ()))
    return ws.memo("target-changes", lambda: _target_changes(ws))


def target_changes_by_kr(ws: Workspace) -> dict[int, list[TargetChange]]:
    """target_changes grouped by KR (worked out once per snapshot: every list row asks)."""
    def group() -> dict[int, list[TargetChange]]:
        out: dict[int, list[TargetChange]] = {}
        for change in target_changes(ws):
            out.setdefault(change.kr_id, []).append(change)
        return out

    return ws.memo("target-changes-by-kr", group)


def target_moved(ws: Workspace, kr_id: int | None) -> bool:
    """Did this KR's target or start move after its first check-in? (The mark in every mode.)"""
    return kr_id is not None and kr_id in target_changes_by_kr(ws)


def _target_changes(ws: Workspace) -> list[TargetChange]:
    first: dict[int, datetime | None] = {}

    def first_at(kr_id: int | None) -> datetime | None:
        """When a KR was first checked in; asked only for KRs an edit names (check-ins are built per KR)."""
        if kr_id is None:
            return None
        if kr_id not in first:
            checkin = ws.first_checkin(kr_id)  # built alone, without the KR's history
            first[kr_id] = checkin.at if checkin else None
        return first[kr_id]

    out: list[TargetChange] = []
    for change in sorted(ws.kr_edits(), key=lambda c: c.id or 0):
        for record in change.records:
            if not _is_edit_of_kr(record):
                continue
            started = first_at(record.id)
            if started is None or change.at <= started:
                continue
            for field in MOVED_FIELDS:
                if field in (record.after or {}):
                    before, after = (record.before or {}).get(field), (record.after or {}).get(field)
                    if isinstance(before, (int, float)) and isinstance(after, (int, float)):
                        kr = ws.key_result(record.id)
                        out.append(TargetChange(record.id, field, float(before), float(after), change.at,  # type: ignore[arg-type]
                                                change.author, _eases(kr, field, float(before), float(after)),
                                                change.on_behalf_of))
    return out


def _is_edit_of_kr(record: RecordChange) -> bool:
    return record.kind == "key_result" and record.before is not None and record.after is not None


def change_day(ws: Workspace, at: datetime) -> date:
    """The workspace's calendar day of an instant (days are the team's, not UTC's)."""
    return as_utc(at).astimezone(zone_named(ws.meta.timezone)).date()


def lowered_late(change: TargetChange, quarter: Quarter, day: date | None = None) -> bool:
    """A target made easier in the last third of its quarter (the coach warns)."""
    start, end = quarter.start, quarter.end
    local = day or change.at.date()
    return change.lowered and start <= local <= end and (local - start).days >= (end - start).days * 2 / 3
