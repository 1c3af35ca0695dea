"""Check-ins of a proven file, built per KR when first asked for (issue 21: memory and start-up at XL).

A file whose bytes the digest cache proved valid has its rows built without validation (trusted.py);
this goes one step further for the largest table: a screen that shows each KR's last check-in
builds that one model per KR, not the KR's whole history (156,000 models at XL, ~185 MB and
~0.7 s). Every model is built once and shared, so `of`, `last` and `all` give the same objects.
The ordering is the Workspace index's own: by instant (as the model holds it), then id.

A read that left the table as its bytes (spans.summarised_read) gives each KR's first and last row from
the digest cache's summary: `first` and `last` build from those, and the bytes are parsed only when
a history (`of`), the whole list (`all`) or the grouping is first asked for.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any, Callable

import orjson

from okrtui.domain.models import CheckIn
from okrtui.storage.scopes import first_and_last_keys
from okrtui.storage.spans import Summarised
from okrtui.storage.trusted import builder, instant


parse_instant = datetime.fromisoformat


class LazyCheckins:
    """domain.workspace.CheckinSource over a proven check-ins table ({record id: row})."""

    def __init__(self, table: dict[str, dict], reuse: dict[str, tuple[dict, Any]] | None = None,
                 ordered: bool = False) -> None:
        # The snapshot's rows (a write that follows may add to the parsed table); or, from a summary,
        # each KR's first and last row, and the table's bytes to parse when first needed.
        self._ends: dict[str, dict] | None = None
        self._pending: bytes | None = None
        self._table: dict[str, dict] | None = None
        if isinstance(table, Summarised) and table.pending is not None:
            self._ends, self._pending = table.rows, table.pending
        else:
            self._table = dict(table)
        self.reuse = reuse or {}  # this process's earlier models, by record id with their rows
        self.build: Callable[[Any, dict], Any] = builder(CheckIn)
        self._keys_of: dict[int, list[str]] | None = None
        # `ordered`: each KR's rows come in its history's order (storage/scopes.OrderedCheckins, a
        # list's first and last check-in of each KR), so the newest is the last key, unparsed.
        self.ordered = ordered
        self.made: dict[str, CheckIn] = {}
        self.history: dict[int, list[CheckIn]] = {}
        self._newest: dict[int, str] | None = None  # each KR's newest row's key, found in one pass
        self._oldest: dict[int, str] | None = None  # and its oldest
        self._scanned = False  # that pass was made (both stay None where it cannot order the rows)

    @property
    def table(self) -> dict[str, dict]:
        """Every row, by record id (parsed from the bytes on first use when a summary stood for them)."""
        if self._table is None:
            self._table = orjson.loads(self._pending or b"{}")
            self._pending = None
        return self._table

    def _scan(self) -> None:
        """Each KR's oldest and newest row's key: from the summary, or one pass over the rows."""
        if self._scanned:
            return
        self._scanned = True
        if self._table is None and self._ends is not None:  # the summary: each KR's first row, then its last
            self._oldest, self._newest = {}, {}
            for key, row in self._ends.items():
                self._oldest.setdefault(row["kr_id"], key)
                self._newest[row["kr_id"]] = key
            return
        found = first_and_last_keys(self.table)
        if found is not None:
            self._oldest, self._newest = found

    @property
    def keys_of(self) -> dict[int, list[str]]:
        """Each KR's row keys, in the table's order; grouped on first use: a screen that shows each
        KR's newest check-in only never needs them (156,000 rows at XL: ~80 ms of the first frame)."""
        if self._keys_of is None:
            keys_of: dict[int, list[str]] = defaultdict(list)
            for key, row in self.table.items():
                keys_of[row.get("kr_id")].append(key)  # type: ignore[index]
            self._keys_of = keys_of
        return self._keys_of

    def _model(self, key: str) -> CheckIn:
        model = self.made.get(key)
        if model is None:
            row = self._ends[key] if self._table is None and self._ends is not None else self.table[key]
            known = self.reuse.get(key)
            model = known[1] if known is not None and known[0] == row else self.build(int(key), row)
            self.made[key] = model
        return model

    def of(self, kr_id: int) -> list[CheckIn]:
        history = self.history.get(kr_id)
        if history is None and self.ordered:
            history = self.history[kr_id] = [self._model(k) for k in self.keys_of.get(kr_id, ())]
        if history is None:
            history = sorted((self._model(k) for k in self.keys_of.get(kr_id, ())), key=lambda c: (c.at, c.id or 0))
            self.history[kr_id] = history
        return list(history)

    def last(self, kr_id: int) -> CheckIn | None:
        history = self.history.get(kr_id)
        if history is not None:
            return history[-1] if history else None
        if self.ordered:
            keys = self.keys_of.get(kr_id)
            return self._model(keys[-1]) if keys else None
        self._scan()  # a screen showing each KR's last check-in asks for all of them: one pass
        if self._newest is not None:
            newest_key = self._newest.get(kr_id)
            return self._model(newest_key) if newest_key is not None else None
        keys = self.keys_of.get(kr_id)
        if not keys:
            return None
        # The newest row by the same key as `of`, read from the rows: only it is built. Aware
        # instants compare as UTC whatever their offset, so the parse alone orders them (12,000 KRs'
        # 156,000 rows at XL); a file mixing naive and aware ones is ordered as the models are.
        table = self.table
        try:
            newest = max(keys, key=lambda k: (parse_instant(table[k]["at"]), int(k)))
        except TypeError:
            newest = max(keys, key=lambda k: (instant(table[k]["at"]), int(k)))
        return self._model(newest)

    def first(self, kr_id: int) -> CheckIn | None:
        history = self.history.get(kr_id)
        if history is not None:
            return history[0] if history else None
        if self.ordered:
            keys = self.keys_of.get(kr_id)
            return self._model(keys[0]) if keys else None
        self._scan()
        if self._oldest is not None:
            oldest_key = self._oldest.get(kr_id)
            return self._model(oldest_key) if oldest_key is not None else None
        history = self.of(kr_id)
        return history[0] if history else None

    def all(self) -> list[CheckIn]:
        return [self._model(key) for key in self.table]
