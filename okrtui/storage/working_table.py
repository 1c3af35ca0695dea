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


def working_copy(table: dict) -> WorkingTable:
    """A table of the file, copied for a write (its rows are copied when first changed: _FlooredTable)."""
    return WorkingTable(table, origin=table)
