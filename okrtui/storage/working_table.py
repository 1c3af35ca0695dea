"""A table of a write's in-memory copy that knows which rows replace_rows set in it (storage/memory_db.py),
so the change log compares only those (storage/changelog.py). No TinyDB here: the log's diff stays a pure
function of dicts."""

from __future__ import annotations

from typing import Any


class WorkingTable(dict):
    """A table of the in-memory copy, that knows which of its rows were set since it was copied from the
    file's table: `origin`, that table (None once the copy was changed any other way) and `changed`, the
    keys replace_rows set. The change log then compares those rows only, not the 15,600 check-ins of L
    (changelog.record_changes; ~2.5 ms of a check-in at L)."""

    __slots__ = ("origin", "changed")

    def __init__(self, rows: dict, origin: dict | None = None, changed: frozenset = frozenset()):
        super().__init__(rows)
        self.origin = origin
        self.changed = changed

    # Any change but replace_rows' forgets the origin: the log then compares every row, as for a plain dict.
    def __setitem__(self, key: Any, value: Any) -> None:
        self.origin = None
        super().__setitem__(key, value)

    def __delitem__(self, key: Any) -> None:
        self.origin = None
        super().__delitem__(key)

    def __ior__(self, other: Any):  # type: ignore[misc]
        self.origin = None
        return super().__ior__(other)

    def clear(self) -> None:
        self.origin = None
        super().clear()

    def update(self, *args: Any, **kwargs: Any) -> None:
        self.origin = None
        super().update(*args, **kwargs)

    def pop(self, *args: Any) -> Any:
        self.origin = None
        return super().pop(*args)

    def popitem(self) -> Any:
        self.origin = None
        return super().popitem()

    def setdefault(self, *args: Any) -> Any:
        self.origin = None
        return super().setdefault(*args)


class PartialRows(dict):
    """A table that holds only some of its rows (the rest are bytes of the file not parsed): nothing may
    summarise or count it as the whole table (storage/summaries.py)."""

    __slots__ = ()


class AppendOnly(RuntimeError):
    """A write changed a table it may only add rows to (a scope that said it reads none of its rows)."""


class KeptRows(PartialRows):
    """A table of the file that a scoped write reads no row of (a check-in's KPIs and check-ins, 3.3 of
    L's 3.7 MB): empty as a dict; `kept`, its encoded bytes as read (proven by the digest cache,
    storage/spans.py); `next_id`, above every id in them (kept with the digest), or None when no row
    may be added to it."""

    __slots__ = ("kept", "next_id")

    def __init__(self, kept: bytes | memoryview, next_id: int | None):
        super().__init__()
        self.kept = kept
        self.next_id = next_id


class AppendedRows(WorkingTable, PartialRows):
    """The working copy of KeptRows: only the rows a write adds, each with an id above the kept ones.
    Every other change raises AppendOnly (the rows it would change or count are not here), so a write
    can never drop the kept rows: spans.encode_tables writes them back, then these."""

    __slots__ = ()
    origin: KeptRows

    def __init__(self, rows: dict, origin: KeptRows, changed: frozenset = frozenset()):
        for key in rows:
            _check_new(key, origin)
        super().__init__(rows, origin=origin, changed=changed)

    def adding(self, rows: dict[str, dict]) -> AppendedRows:
        """A copy with `rows` added (replace_rows': the change log compares only the keys it names)."""
        return AppendedRows({**self, **rows}, origin=self.origin, changed=self.changed | rows.keys())

    def _refuse(self, *_args: Any, **_kwargs: Any) -> Any:
        raise AppendOnly("a write may only add rows to a table it did not read")

    __setitem__ = __delitem__ = __ior__ = clear = update = pop = popitem = setdefault = _refuse


def _check_new(key: object, origin: KeptRows) -> None:
    if origin.next_id is None or not (isinstance(key, str) and key.isdigit() and int(key) >= origin.next_id):
        raise AppendOnly(f"row {key!r} is not a new row of a table a write may only add rows to")


def working_copy(table: dict) -> WorkingTable:
    """A table of the file, copied for a write (its rows are copied when first changed: _FlooredTable)."""
    if isinstance(table, KeptRows):
        return AppendedRows({}, origin=table)
    return WorkingTable(table, origin=table)
