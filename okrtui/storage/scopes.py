"""What a write reads, named before the file is read: on a file the digest cache proves valid,
the store builds only these rows (a check-in at L needs 1 KR of 1,200, not the whole Workspace
index; a list of the quarter, one or two check-ins of each KR). Pure functions of the raw TinyDB dict.

The check-in's scans run in C (map, itemgetter, compress): a Python comprehension over L's 15,600
check-ins cost ~2 ms of a ~45 ms check-in, 16 ms at XL."""

from __future__ import annotations

from itertools import compress
from operator import itemgetter
from typing import Any, Callable

from okrtui.domain.ids import reference_id
from okrtui.domain.quarter import Quarter
from okrtui.storage.spans import Summarised
from okrtui.storage.tables import (CHECKINS, INITIATIVES, KEY_RESULTS, KPIS, META, META_ID, OBJECTIVES, TEAMS,
                                   Rows, Scope)
from okrtui.storage.trusted import instant
from okrtui.storage.working_table import PartialRows


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


def quarter_scope(shown: Callable[[str | None], tuple[str, bool]]) -> Scope:
    """The rows a list of one quarter reads (`okrtui list`): every objective (the file's teams are
    the valid --team values), the quarter's KRs with the first and last of each one's check-ins
    (the last is shown; the first dates what domain/history.target_moved compares with), their
    initiatives, the team settings, and the
    KPIs, without their readings unless the view needs them. `shown(the file's zone name)`: the
    quarter's label and whether the view reads KPI readings (a quarter seen at its end does)."""

    asked: list[tuple[dict, dict[str, Rows]]] = []  # the parse (spans.lazy_loads) and the decode ask alike

    def scope(data: dict) -> dict[str, Rows]:
        if asked and asked[0][0] is data:
            return asked[0][1]
        meta = data[META][str(META_ID)]
        quarter, with_readings = shown(meta.get("timezone"))
        objectives = data.get(OBJECTIVES) or {}
        labels: dict[str, str] = {}  # a proven file's quarter as written -> its label (few distinct ones)
        in_quarter = {int(k) for k, o in objectives.items()
                      if (labels.get(o["quarter"]) or labels.setdefault(o["quarter"], str(Quarter.parse(o["quarter"]))))
                      == quarter}
        krs = {k for k, r in (data.get(KEY_RESULTS) or {}).items() if r["objective_id"] in in_quarter}
        kr_ids = {int(k) for k in krs}
        kpis = _table(data, KPIS)
        wanted: dict[str, Rows] = {
            OBJECTIVES: None,
            TEAMS: None,
            KEY_RESULTS: krs,
            CHECKINS: _first_and_last(_table(data, CHECKINS), kr_ids),
            INITIATIVES: {k for k, i in (data.get(INITIATIVES) or {}).items() if i["kr_id"] in kr_ids},
            KPIS: None if with_readings else kpi_heads(kpis),
        }
        asked[:] = [(data, wanted)]
        return wanted

    return scope


def kpi_heads(kpis: dict) -> dict[str, dict]:
    """The KPIs without their readings (a summarised table holds them so already)."""
    if isinstance(kpis, Summarised):
        return kpis.rows
    return {k: {**row, "readings": []} for k, row in kpis.items()}


def _table(data: dict, name: str) -> dict:
    table = data.get(name)
    return {} if table is None else table  # a Summarised table is empty, not missing


class OrderedCheckins(dict):
    """Check-in rows a scope gives, by key, each KR's in the order of its history (instant, then
    id): storage/lazy_checkins builds them per KR without ordering them again."""


def _first_and_last(checkins: dict, kr_ids: set[int]) -> OrderedCheckins | None:
    """The earliest and the latest check-in of each KR in kr_ids, in that order; None (build them
    all) when an instant is not a string. A table left unparsed gives them from its kept ends."""
    if isinstance(checkins, Summarised):
        return OrderedCheckins({key: row for key, row in checkins.rows.items() if row.get("kr_id") in kr_ids})
    keys = first_and_last_keys(checkins, kr_ids)
    return None if keys is None else _ordered(checkins, *keys)


def first_and_last_keys(checkins: dict, kr_ids: set[int] | None = None) -> tuple[dict[int, str], dict[int, str]] | None:
    """The keys of the earliest and of the latest check-in (by instant, then id) of each KR in
    kr_ids (None: every KR), found in one pass over the raw rows; None when an instant is not a
    string. Where every instant is in okrtui's own forms, "…:00Z" or "…:00.123456Z", the texts
    compare as the instants do as they are (~3 ms for L's 15,600); once both forms are seen, the
    short one is compared as "…:00.000000Z" (a file generated whole-second and then checked into by
    okrtui, which writes microseconds: ~4 ms). Any other form is cut to its UTC text first
    (instant_key, ~30 ms). Parsing them, or building them all as models (~75 ms at L), costs more;
    doing it in C terms (map, one sort of tuples) was no faster in a new process: its 15,600 tuples
    cost their allocation."""
    first_at: dict[int, str] = {}
    first_key: dict[int, str] = {}
    last_at: dict[int, str] = {}
    last_key: dict[int, str] = {}
    width = 0
    mixed = False  # both of okrtui's forms seen: every instant compared in the long one
    for key, row in checkins.items():
        kr = row["kr_id"]
        if kr_ids is not None and kr not in kr_ids:
            continue
        at = row["at"]
        if type(at) is not str or len(at) != width:
            if type(at) is not str or len(at) not in (20, 27):
                return _first_and_last_cut(checkins, kr_ids)
            if width and not mixed:  # the other form: from now on both are compared in the long one
                mixed = True
                if width == 20:
                    first_at = {k: _long(v) for k, v in first_at.items()}
                    last_at = {k: _long(v) for k, v in last_at.items()}
                width = 27
            if mixed:
                if len(at) == 20:
                    if at[19] != "Z":
                        return _first_and_last_cut(checkins, kr_ids)
                    at = at[:19] + ".000000Z"
            else:
                width = len(at)
        if at[width - 1] != "Z" or at[10] != "T" or (width == 27 and at[19] != "."):
            return _first_and_last_cut(checkins, kr_ids)
        seen = last_at.get(kr)
        if seen is None:
            first_at[kr] = last_at[kr] = at
            first_key[kr] = last_key[kr] = key
        elif at > seen or (at == seen and int(key) > int(last_key[kr])):
            last_at[kr] = at
            last_key[kr] = key
        elif at < first_at[kr] or (at == first_at[kr] and int(key) < int(first_key[kr])):
            first_at[kr] = at
            first_key[kr] = key
    return first_key, last_key


def _long(at: str) -> str:
    """okrtui's whole-second form "…:00Z" as its long one, "…:00.000000Z" (checked by the caller after)."""
    return at[:19] + ".000000Z" if len(at) == 20 and at[19] == "Z" else at


def _first_and_last_cut(checkins: dict, kr_ids: set[int] | None) -> tuple[dict[int, str], dict[int, str]] | None:
    """first_and_last_keys for instants in any form: each cut to its UTC text (instant_key)."""
    first: dict[int, tuple[str, str]] = {}
    last: dict[int, tuple[str, str]] = {}
    for key, row in checkins.items():
        kr = row["kr_id"]
        if kr_ids is not None and kr not in kr_ids:
            continue
        at = instant_key(row["at"])
        if at is None:
            return None
        seen = first.get(kr)
        if seen is None or at < seen[0] or (at == seen[0] and int(key) < int(seen[1])):
            first[kr] = (at, key)
        seen = last.get(kr)
        if seen is None or at > seen[0] or (at == seen[0] and int(key) > int(seen[1])):
            last[kr] = (at, key)
    return {kr: key for kr, (_at, key) in first.items()}, {kr: key for kr, (_at, key) in last.items()}


def checkin_ends(checkins: object) -> OrderedCheckins | None:
    """Every KR's first and last check-in rows, by key, as a list's scope takes them (the digest
    cache keeps them with the bytes they come from); None when the table cannot be ordered so."""
    if not isinstance(checkins, dict) or isinstance(checkins, PartialRows):  # not the whole table
        return None
    try:
        keys = first_and_last_keys(checkins)
    except (TypeError, KeyError, AttributeError, ValueError):  # not proven rows: nothing to keep
        return None
    return None if keys is None else _ordered(checkins, *keys)


def _ordered(checkins: dict, first: dict[int, str], last: dict[int, str]) -> OrderedCheckins:
    out = OrderedCheckins()
    for kr, key in first.items():
        out[key] = checkins[key]
        if last[kr] != key:
            out[last[kr]] = checkins[last[kr]]
    return out


def instant_key(at: Any) -> str | None:
    """An instant as UTC text that sorts as the instants do: "2026-11-30T04:00:00", with
    ".ffffff" only when its microseconds are not zero (a shorter key of the same second is the
    earlier). okrtui's own forms ("…:00Z", "…:00.123456Z") are cut to it without parsing."""
    if type(at) is not str:
        return None
    if len(at) == 20 and at[19] == "Z" and at[10] == "T":
        return at[:19]
    if len(at) == 27 and at[26] == "Z" and at[19] == "." and at[10] == "T":
        return at[:19] if at[20:26] == "000000" else at[:26]
    return instant(at).replace(tzinfo=None).isoformat()
