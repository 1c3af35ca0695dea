"""The change log's entries, worked out from the tables before and after a write.

Store._write runs every operation on an in-memory copy of the file; comparing that copy
with the file as read tells exactly which records the write created, edited or deleted, so the
log can never disagree with the data, whichever operation made the change (an operation
only names its action). Pure functions of the raw TinyDB dicts.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from okrtui.storage.working_table import WorkingTable

OBJECTIVES, KEY_RESULTS, CHECKINS, KPIS = "objectives", "key_results", "checkins", "kpis"
CHANGES, COMMENTS = "changes", "comments"
INITIATIVES = "initiatives"  # schema 8
# The tables whose records the log follows, in the order a change names its records: the
# first one is what the change is about (a check-in edits its KR first, then adds the check-in).
KIND_OF = {OBJECTIVES: "objective", KEY_RESULTS: "key_result", KPIS: "kpi", COMMENTS: "comment", CHECKINS: "checkin",
           INITIATIVES: "initiative"}
LOGGED_TABLES = tuple(KIND_OF)


def record_changes(old: dict, new: dict, untouched: dict) -> list[dict]:
    """Per record that differs between `old` and `new`: its kind, id, and the fields before and after.

    `untouched` holds the table objects of `new` as they were before the write: a table
    TinyDB did not rewrite is still that very object and is skipped without comparing rows.
    """
    out: list[dict] = []
    for table in LOGGED_TABLES:
        after_rows = new.get(table) or {}
        if after_rows is untouched.get(table):
            continue
        before_rows = old.get(table) or {}
        if not isinstance(before_rows, dict) or not isinstance(after_rows, dict):
            continue
        kind = KIND_OF[table]
        # Compare first, sort only what differs: a check-in at L has 15,600 rows to change two. A row
        # no operation touched is still the very object read (the store copies a row on write).
        get_before, get_after = before_rows.get, after_rows.get
        if isinstance(after_rows, WorkingTable) and after_rows.origin is before_rows:
            # a copy of this very table whose only changes are the rows it names (storage/working_table.py):
            # every other row is still the object read, and no row was removed
            differ = [key for key in after_rows.changed if (was := get_before(key)) is not (row := get_after(key))
                      and was != row]
        else:
            differ = [key for key, row in after_rows.items() if (was := get_before(key)) is not row and was != row]
            differ += before_rows.keys() - after_rows.keys()
        for key in sorted(differ, key=lambda k: (len(k), k)):
            before, after = get_before(key), get_after(key)
            if before is None or after is None:
                out.append({"kind": kind, "id": int(key), "before": before, "after": after})
                continue
            fields = [name for name in {**before, **after} if not _same(before.get(name), after.get(name))]
            if not fields:
                continue
            out.append({"kind": kind, "id": int(key),
                        "before": {name: before.get(name) for name in fields},
                        "after": {name: after.get(name) for name in fields}})
    return out


def _same(a: Any, b: Any) -> bool:
    """Equal values; an instant written two ways ("+00:00" and "Z") is the same instant."""
    if a == b:
        return True
    if isinstance(a, str) and isinstance(b, str) and len(a) >= 19 and len(b) >= 19 and a[:19] == b[:19]:
        try:
            return datetime.fromisoformat(a.replace("Z", "+00:00")) == datetime.fromisoformat(b.replace("Z", "+00:00"))
        except ValueError:
            return False
    return False


def _row(old: dict, new: dict, table: str, record_id: Any) -> dict:
    key = str(record_id)
    return (new.get(table) or {}).get(key) or (old.get(table) or {}).get(key) or {}


def change_entry(old: dict, new: dict, records: list[dict], *, at: datetime, author: str, action: str | None,
                 on_behalf_of: str = "", reverts: int | None = None) -> dict:
    """The Change row for a write that made `records` (record_changes); the action inferred when not named."""
    objective_ids: list[int] = []
    kr_ids: list[int] = []
    kpi_ids: list[int] = []

    def add(ids: list[int], value: Any) -> None:
        if isinstance(value, int) and value not in ids:
            ids.append(value)

    def add_kr(kr_id: Any) -> None:
        add(kr_ids, kr_id)
        add(objective_ids, _row(old, new, KEY_RESULTS, kr_id).get("objective_id"))

    for record in records:
        row = _row(old, new, {v: k for k, v in KIND_OF.items()}[record["kind"]], record["id"])
        kind = record["kind"]
        if kind == "objective":
            add(objective_ids, record["id"])
        elif kind == "key_result":
            add_kr(record["id"])
        elif kind in ("checkin", "initiative"):
            add_kr(row.get("kr_id"))
        elif kind == "kpi":
            add(kpi_ids, record["id"])
        elif kind == "comment":
            if row.get("target_kind") == "key_result":
                add_kr(row.get("target_id"))
            else:
                add(objective_ids, row.get("target_id"))
    quarter = next((q for q in (_row(old, new, OBJECTIVES, oid).get("quarter") for oid in objective_ids) if q), None)
    # A write that removes records is a delete whatever else it touched (a KR's delete unaligns
    # objectives, a KPI's unlinks KRs, a check-in's undo resets its KR); when it removes an objective,
    # a KR or a KPI, it is about that record, not about what it touched on the way.
    removed = next((r for r in records if r["after"] is None and r["kind"] in ("objective", "key_result", "kpi")),
                   None)
    if action is None:
        if any(r["after"] is None for r in records):
            action = "delete"
        elif all(r["before"] is None for r in records):
            action = "create"
        else:
            action = "edit"
    # A reading that fed KRs is about the KPI, whatever else it wrote.
    primary = removed if removed is not None and action == "delete" else next(
        (r for r in records if action == "reading" and r["kind"] == "kpi"), records[0])
    return {
        "at": at.isoformat(), "author": author, "on_behalf_of": on_behalf_of, "action": action,
        "kind": primary["kind"], "record_id": primary["id"], "quarter": quarter,
        "objective_ids": objective_ids, "kr_ids": kr_ids, "kpi_ids": kpi_ids,
        "records": records, "reverts": reverts,
    }
