"""storage/working_table.py: the change log compares only the rows replace_rows set on a table copied from
the file's (a check-in at L: 2 of 15,600 check-ins), and every other change to the copy makes it compare
them all; either way the log's records are those a comparison of every row gives."""

from __future__ import annotations

import random

from tinydb.table import Document

from okrtui.storage.changelog import record_changes
from okrtui.storage.memory_db import open_memory_db, replace_rows
from okrtui.storage.working_table import WorkingTable, working_copy

TABLE = "checkins"


def _file(n: int) -> dict:
    return {TABLE: {str(i): {"kr_id": i % 7, "value": float(i), "note": ""} for i in range(1, n + 1)},
            "key_results": {str(i): {"current": 0.0, "title": f"KR {i}"} for i in range(1, 8)},
            "meta": {"1": {"revision": 3}}}


def _write(data: dict, operations) -> tuple[dict, dict]:
    working = {name: working_copy(table) for name, table in data.items()}
    db = open_memory_db(working)
    untouched = dict(db.storage.data)
    for operation in operations:
        operation(db)
    return db.storage.data, untouched


def _compared_in_full(old: dict, new: dict, untouched: dict) -> list[dict]:
    """The records when every row is compared: the same tables as plain dicts (no origin to go by)."""
    plain = {name: dict(table) if isinstance(table, WorkingTable) else table for name, table in new.items()}
    keep = {name: plain[name] if untouched.get(name) is new.get(name) else untouched.get(name) for name in new}
    return record_changes(old, plain, keep)


def test_a_check_in_s_two_rows_are_found_without_comparing_the_others():
    old = _file(2000)
    new, untouched = _write(old, [lambda db: replace_rows(db, TABLE, {2001: {"kr_id": 1, "value": 5.0, "note": ""}}),
                                  lambda db: replace_rows(db, "key_results", {1: {"current": 5.0, "title": "KR 1"}})])
    assert new[TABLE].origin is old[TABLE] and new[TABLE].changed == {"2001"}
    records = record_changes(old, new, untouched)
    assert [(r["kind"], r["id"]) for r in records] == [("key_result", 1), ("checkin", 2001)]
    assert records == _compared_in_full(old, new, untouched)


def test_a_row_set_to_what_it_was_is_no_change():
    old = _file(50)
    same = dict(old[TABLE]["7"])
    new, untouched = _write(old, [lambda db: replace_rows(db, TABLE, {7: same})])
    assert record_changes(old, new, untouched) == [] == _compared_in_full(old, new, untouched)


def test_any_other_change_to_the_copy_makes_the_log_compare_every_row():
    old = _file(50)

    def remove(db):
        db.table(TABLE).remove(doc_ids=[3])

    def edit_in_place(db):
        db.storage.data[TABLE]["9"] = {"kr_id": 2, "value": 1.0, "note": "by hand"}

    for operation in (remove, edit_in_place):
        new, untouched = _write(old, [lambda db: replace_rows(db, TABLE, {51: {"kr_id": 1, "value": 1.0, "note": ""}}),
                                      operation])
        assert new[TABLE].origin is None if isinstance(new[TABLE], WorkingTable) else True
        records = record_changes(old, new, untouched)
        assert {r["id"] for r in records} == ({51, 3} if operation is remove else {51, 9})
        assert records == _compared_in_full(old, new, untouched)


def test_random_writes_log_what_a_full_comparison_logs():
    chance = random.Random(21)
    by_origin = 0
    for _round in range(300):
        old = _file(chance.randint(0, 40))
        operations = []
        for _step in range(chance.randint(1, 4)):
            pick = chance.random()
            key = chance.randint(1, 45)
            row = {"kr_id": chance.randint(0, 3), "value": float(chance.randint(0, 3)), "note": chance.choice(["", "x"])}
            if pick < 0.5:
                operations.append(lambda db, key=key, row=row: replace_rows(db, TABLE, {key: row}))
            elif pick < 0.65:
                operations.append(lambda db, key=key: db.table(TABLE).remove(doc_ids=[key])
                                  if db.table(TABLE).contains(doc_id=key) else None)
            elif pick < 0.8:
                operations.append(lambda db, key=key, row=row: db.table(TABLE).update(row, doc_ids=[key])
                                  if db.table(TABLE).contains(doc_id=key) else None)
            elif pick < 0.9:
                operations.append(lambda db, key=key, row=row: db.table(TABLE).insert(Document(row, doc_id=key + 100)))
            else:
                operations.append(lambda db, row=row: replace_rows(db, "key_results", {2: {"current": 1.0, "title": "x"}}))
        new, untouched = _write(old, operations)
        assert record_changes(old, new, untouched) == _compared_in_full(old, new, untouched)
        by_origin += getattr(new[TABLE], "origin", None) is old[TABLE] and bool(new[TABLE].changed)
    assert 50 < by_origin < 300  # both ways were taken
