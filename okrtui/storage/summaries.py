"""What the digest cache keeps beside a file's digest for a list (issue 21, B10): each KR's first
and last check-in, and the KPIs without their readings, as the bytes proven hold them.

A list on proven bytes reads these instead of parsing the two largest tables (spans.lazy_loads).
The check-ins' summary is kept in shards by KR (kr_id % CHECKIN_SHARDS), so that a check-in, which
adds rows to one or two KRs, rewrites only their shards from the old ones and carries the rest, as
it carries the KPIs' summary with the KPIs' bytes: no scan of every check-in at each write (~5 ms at
L, ~50 ms at XL). Anything but added check-ins (an edit, a deletion, an undo) recomputes every shard
from the rows written.
"""

from __future__ import annotations

from typing import Callable

from okrtui.storage.scopes import instant_key, checkin_ends, kpi_heads
from okrtui.storage.spans import Summarised, written_as_read
from okrtui.storage.tables import CHECKINS, KPIS
from okrtui.storage.working_table import PartialRows

CHECKIN_SHARDS = 16
SHARD_NAMES = tuple(f"{CHECKINS}_{n}" for n in range(CHECKIN_SHARDS))
SUMMARY_NAMES = (*SHARD_NAMES, KPIS)
Rows = dict[str, dict]
# A summary file by table name and the digest it must have: its rows, or None when it is not that file.
LoadSummary = Callable[[str, str], "Rows | None"]


def shard_of(kr_id: int) -> str:
    return SHARD_NAMES[int(kr_id) % CHECKIN_SHARDS]


def list_summary(data: dict) -> dict[str, Rows]:
    """Every summary of the rows in `data` (the file as parsed or as written): the check-ins' shards
    when their instants can be ordered, the KPIs' heads when `data` holds the KPIs' rows."""
    ends = checkin_ends(data.get(CHECKINS))
    return {**(_split(ends) if ends is not None else {}), **_kpis_summary(data)}


def _kpis_summary(data: dict) -> dict[str, Rows]:
    """{KPIS: the KPIs without readings} when `data` holds the KPIs' rows, else nothing."""
    kpis = data.get(KPIS)
    if not isinstance(kpis, dict) or isinstance(kpis, PartialRows):  # not the whole table
        return {}
    try:
        return {KPIS: kpi_heads(kpis)}
    except TypeError:  # a row that is not a record: nothing to keep
        return {}


def _split(ends: Rows) -> dict[str, Rows]:
    shards: dict[str, Rows] = {name: {} for name in SHARD_NAMES}
    for key, row in ends.items():
        shards[shard_of(row["kr_id"])][key] = row
    return shards


def read_summary(kept: dict[str, Rows] | None) -> dict[str, Rows] | None:
    """The tables a read may leave unparsed, {table: rows}, from the summary files the digest cache
    proved (digests.DigestCache.summary): the check-ins only when every shard is there."""
    if not kept:
        return None
    out: dict[str, Rows] = {}
    if all(name in kept for name in SHARD_NAMES):
        merged: Rows = {}
        for name in SHARD_NAMES:
            merged.update(kept[name])
        out[CHECKINS] = merged
    if KPIS in kept:
        out[KPIS] = kept[KPIS]
    return out or None


def after_write(data: dict, records: list[dict], kept: dict[str, str],
                load: LoadSummary) -> tuple[dict[str, Rows], dict[str, str]]:
    """The summaries of the bytes a write encodes from `data`: (files to write, by name; digests of
    files to carry over, by name). `records`: the write's changed records (changelog.record_changes);
    `kept`: the summary digests of the proven bytes it read (empty when they were not proven)."""
    # the KPIs' bytes written back as read keep their summary
    carry = {KPIS: kept[KPIS]} if written_as_read(data.get(KPIS)) and KPIS in kept else {}
    changed = _changed_shards(data, records, kept, load)
    if changed is None:
        return list_summary(data), carry
    carry.update({name: kept[name] for name in SHARD_NAMES if name not in changed})
    return {**_kpis_summary(data), **changed}, carry


def _changed_shards(data: dict, records: list[dict], kept: dict[str, str], load: LoadSummary) -> dict[str, Rows] | None:
    """The shards of the KRs a write added check-ins to, updated from the files read; None when the
    write did anything else to check-ins, or an old shard is missing: then every shard is recomputed."""
    if not all(name in kept for name in SHARD_NAMES):
        return None
    table = data.get(CHECKINS)
    if not isinstance(table, dict) or isinstance(table, Summarised):
        return None
    changed: dict[str, Rows] = {}
    for record in records:
        if record.get("kind") != "checkin":
            continue
        if record.get("before") is not None:  # an edit or a deletion: recompute
            return None
        key = str(record.get("id"))
        row = table.get(key)
        if not isinstance(row, dict) or type(row.get("kr_id")) is not int:
            return None
        name = shard_of(row["kr_id"])
        shard = changed.get(name)
        if shard is None:
            old = load(name, kept[name])
            if old is None:
                return None
            shard = changed[name] = dict(old)
        if not _add(shard, key, row):
            return None
    return changed


def _add(shard: Rows, key: str, row: dict) -> bool:
    """Take a new check-in into its KR's first and last in `shard`; False when an instant cannot be ordered."""
    kr = row["kr_id"]
    mine = [(k, r) for k, r in shard.items() if r.get("kr_id") == kr] + [(key, row)]
    order = {}
    for k, r in mine:
        at = instant_key(r.get("at"))
        if at is None:
            return False
        order[k] = (at, int(k))
    keys = sorted(order, key=order.__getitem__)
    for k, _r in mine[:-1]:
        del shard[k]
    rows = dict(mine)
    shard[keys[0]] = rows[keys[0]]
    shard[keys[-1]] = rows[keys[-1]]
    return True
