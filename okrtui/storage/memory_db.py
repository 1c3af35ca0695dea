"""TinyDB in memory: the database file's content as tables that insert in batches and never reuse an id."""

from __future__ import annotations

from typing import Any, Callable

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from okrtui.storage.tables import META, META_ID
from okrtui.storage.working_table import AppendedRows, AppendOnly, WorkingTable


class _MemoryStorage(Storage):
    """TinyDB storage over a dict already read under the lock; saved once by the repository."""

    def __init__(self, data: dict):
        self.data = data

    def read(self) -> dict:
        return self.data

    def write(self, data: dict) -> None:
        self.data = data


class _FlooredTable(Table):
    """A table whose new ids stay above every id ever used, archived ones included.

    TinyDB numbers a new document max(id) + 1; once a quarter's records move to
    the archive, that could hand out an id the archive already holds.
    """

    def next_ids(self, count: int) -> list[int]:
        """Ids for `count` new documents at once, for an insert_multiple of Documents (an import)."""
        return [self._get_next_id() for _ in range(count)]

    def _get_next_id(self) -> int:
        if self._next_id is None:
            # TinyDB's own scan, in C: max(int(i) for i in keys) was a share of a check-in at L.
            table = self._read_table()
            next_free = max(map(int, table), default=0) + 1
            if isinstance(table, AppendedRows):  # its kept rows are bytes: the id after the entry's largest
                if table.origin.next_id is None:
                    raise AppendOnly(f"no row may be added to table {self.name!r}: its ids were not read")
                next_free = max(next_free, table.origin.next_id)
            self._next_id = next_free
        next_id = super()._get_next_id()
        meta = (self._storage.read().get(META) or {}).get(str(META_ID)) or {}
        floor = int((meta.get("id_floor") or {}).get(self.name, 0))
        if next_id <= floor:
            next_id = floor + 1
            self._next_id = next_id + 1
        return next_id


    def _update_table(self, updater: Callable[[dict], None]) -> None:
        """TinyDB's, but a row is copied the first time an operation touches it (update changes rows
        in place): the rows read from the file stay exactly as read without copying every row of
        every table up front (15,600 check-ins at L, 156,000 at XL, for a write that changes two)."""
        if isinstance(self._read_table(), AppendedRows):  # TinyDB would replace it by these rows alone
            raise AppendOnly(f"table {self.name!r} was not read by this write; it may only add rows with replace_rows")

        def copying(table: dict) -> None:
            rows = _CopyOnAccess(table)
            updater(rows)
            table.clear()
            table.update(rows)  # the rows as the operation left them (copies where it touched one)

        super()._update_table(copying)


class _CopyOnAccess(dict):
    """A table whose rows are copied when first looked up by key (TinyDB's updaters do so to change them)."""

    def __init__(self, rows: dict):
        super().__init__(rows)
        self._copied: set = set()

    def __getitem__(self, key: Any) -> Any:
        row = dict.__getitem__(self, key)
        if key not in self._copied:
            self._copied.add(key)
            row = dict(row) if isinstance(row, dict) else row
            dict.__setitem__(self, key, row)
        return row


class _Database(TinyDB):
    table_class = _FlooredTable


def replace_rows(db: TinyDB, table: str, rows: dict[int, dict]) -> None:
    """Replace many rows of an in-memory table at once (TinyDB rebuilds a whole table on each
    update: one update per row made a batch quadratic). The table becomes a new object, so the
    change log sees it changed."""
    if not rows:
        return
    data = db.storage.read()
    base = data.get(table)
    if base is None:  # not `or {}`: a table kept as its bytes is empty as a dict
        base = {}
    new_rows = {str(row_id): row for row_id, row in rows.items()}
    updated: dict
    if isinstance(base, AppendedRows):  # a table kept as its bytes: only new rows (else AppendOnly)
        updated = base.adding(new_rows)
    elif isinstance(base, WorkingTable) and base.origin is not None:
        updated = WorkingTable(base, origin=base.origin, changed=base.changed | new_rows.keys())
        dict.update(updated, new_rows)  # not WorkingTable.update: these keys are the ones it names
    else:
        updated = dict(base)
        updated.update(new_rows)
    db.storage.write({**data, table: updated})


def open_memory_db(data: dict) -> TinyDB:
    return _Database(storage=_MemoryStorage, data=data)
