"""What a write reads, named before the file is read: on a file the digest cache proves valid,
the store builds only these rows (a check-in at L needs 1 KR of 1,200, not the whole Workspace
index). Pure functions of the raw TinyDB dict.

The scans run in C (map, itemgetter, compress): a Python comprehension over L's 15,600
check-ins cost ~2 ms of a ~45 ms check-in, 16 ms at XL."""

from __future__ import annotations

from itertools import compress
from operator import itemgetter
from typing import Any

from okrtui.domain.ids import reference_id

OBJECTIVES, KEY_RESULTS, CHECKINS = "objectives", "key_results", "checkins"


def keys_where(table: dict, field: str, value: Any) -> set[str]:
    """The keys of the rows whose `field` equals `value` (only for a file proven valid: every row
    is a dict holding `field`)."""
    return set(compress(table, map(value.__eq__, map(itemgetter(field), table.values()))))


def kr_scope(ref: Any, *, resolving: bool = True):
    """The rows a check-in on the KR named `ref` reads: that KR and its objective; `resolving`
    (the quick command's check-in by reference, which refuses a closed quarter) also the
    objectives of its quarter. No check-in is read: a check-in's rows are made from the KR alone.
    A reference that is not a KR's id (a title fragment) needs every KR and objective to be
    resolved: then the whole file is read."""
    number = ref if isinstance(ref, int) and not isinstance(ref, bool) else reference_id(str(ref).strip())

    def scope(data: dict) -> dict[str, set[str] | None]:
        krs = data.get(KEY_RESULTS)
        kr = krs.get(str(number)) if isinstance(krs, dict) and number is not None else None
        if not isinstance(kr, dict):
            return {name: None for name in data}
        objectives = data.get(OBJECTIVES) or {}
        objective_key = str(kr.get("objective_id"))
        wanted = {objective_key}
        objective = objectives.get(objective_key)
        if resolving and isinstance(objective, dict):
            wanted = keys_where(objectives, "quarter", objective.get("quarter"))
        return {KEY_RESULTS: {str(number)}, OBJECTIVES: wanted, CHECKINS: set(), "teams": None}

    return scope
