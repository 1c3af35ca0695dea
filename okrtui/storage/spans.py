"""Tables a write does not read, kept as the bytes they were (issue 21, XL).

A check-in reads one KR and writes two rows, yet the whole file is parsed and encoded again;
the KPIs and their weekly readings are a fifth of it (0.7 of 3.7 MB at L, 7.5 of 37 MB at XL)
and a check-in never reads them. When okrtui writes the file it encodes table by table and
notes where each skippable table's bytes lie; the digest cache keeps those spans with the
digest of the very bytes they describe. A later scoped write (a check-in) on bytes the cache
proves parses the file without those tables and writes their bytes back untouched
(working_table.KeptRows). Anything else (an unproven file, an entry without spans, a scope that reads
a KPI, spans that do not frame a table) parses the whole file, as before.

A read goes further (summarised_read): a list needs of the check-ins (70% of the file) only each
KR's first and last, and of the KPIs only the rows without their readings, which the digest cache
keeps beside the digest of the bytes they were taken from (digests.DigestCache.summary). A read
whose scope takes those rows parses the file without either table (list --json at L: ~21 -> ~2 ms
of parsing, and no scan of 15,600 check-ins).

A check-in adds one row to the check-ins (70% of the file) and reads none of them. On proven bytes
whose entry also keeps the largest check-in id (`last_ids`), the check-ins stay their bytes too, the
same KeptRows with a next id: the write adds its row after them, and encode_tables writes the kept
bytes, then the new rows, exactly as orjson would encode the whole table (a new key is last in a dict).
Any other change to such a table raises (working_table.AppendOnly), and check_kept refuses a write
whose table was replaced or dropped, so the kept rows can never be lost.
"""

from __future__ import annotations

from typing import Callable

import orjson

from okrtui.storage.tables import CHECKINS, KPIS, Scope
from okrtui.storage.working_table import AppendedRows, AppendOnly, KeptRows, PartialRows

# Tables that may be kept as bytes: read by no scoped write, and never changed by one.
SKIPPABLE = (KPIS,)
# Tables whose place in the bytes is noted when okrtui writes them: those, those a write may add
# rows to (APPENDABLE), and those a read may leave unparsed when it has a summary of them
# (summarised_read).
SPANNED = (CHECKINS, KPIS)
# Tables a scoped write that reads none of their rows may add rows to, kept as bytes (KeptRows):
# their largest id is kept with the digest, for the next id.
APPENDABLE = (CHECKINS,)
Spans = dict[str, tuple[int, int]]


class Summarised(PartialRows):
    """A table a read left unparsed (empty as a dict): `rows` are what the digest cache's summary
    keeps of it (storage/summaries.py), proven with the bytes. A scope takes its rows from them
    (scopes.quarter_scope); a table the scope wants otherwise is parsed after all. `pending`: the
    table's own bytes, for a read that parses it when first needed (storage/lazy_checkins.py)."""

    def __init__(self, rows: dict[str, dict], pending: bytes | None = None) -> None:
        super().__init__()
        self.rows = rows
        self.pending = pending


Piece = bytes | memoryview


def _encoded_parts(data: dict):
    """orjson.dumps(data) in pieces: (the table's name or None, its bytes in one or more pieces), in order."""
    yield None, (b"{",)
    for index, (name, table) in enumerate(data.items()):
        yield None, ((b"," if index else b"") + orjson.dumps(name) + b":",)
        yield name, _encoded_table(table)
    yield None, (b"}",)


def _encoded_table(table: object) -> tuple[Piece, ...]:
    """orjson.dumps(table); a table kept as its bytes is those bytes, then the rows the write added (as
    views of the bytes read: at XL the check-ins are 26 MB, copied once, when the file's bytes are joined)."""
    if isinstance(table, AppendedRows):
        kept = table.origin.kept
        if not table:
            return (kept,)
        added = orjson.dumps(dict(table))
        return (added,) if kept == b"{}" else (kept[:-1], b",", memoryview(added)[1:])
    if isinstance(table, KeptRows):
        return (table.kept,)
    return (orjson.dumps(table),)


def last_ids(data: dict) -> dict[str, int]:
    """The largest id of each appendable table in `data` as written (kept with the digest: a check-in on
    those bytes numbers its row without reading the table); none for a table whose keys are not ids."""
    out: dict[str, int] = {}
    for name in APPENDABLE:
        table = data.get(name)
        if isinstance(table, AppendedRows):  # a write's: the kept rows' largest, or one it added
            if table.origin.next_id is not None:
                out[name] = max([table.origin.next_id - 1, *map(int, table)])
        elif isinstance(table, dict) and not isinstance(table, PartialRows):
            try:
                out[name] = max(map(int, table), default=0)
            except (TypeError, ValueError):
                continue
    return out


def check_kept(read: dict, written: dict) -> None:
    """Refuse (AppendOnly) a write that replaced or dropped a table it read as kept bytes: what it
    holds is only the rows the write added."""
    for name, table in read.items():
        if isinstance(table, KeptRows):
            now = written.get(name)
            if not (isinstance(now, AppendedRows) and now.origin is table):
                raise AppendOnly(f"table {name!r} was read as its bytes and then replaced")


def encode_tables(data: dict) -> tuple[bytes, Spans]:
    """orjson.dumps(data), byte for byte (compact, keys in order), with the spans of the
    skippable tables' values."""
    parts: list[Piece] = []
    spans: Spans = {}
    position = 0
    for name, pieces in _encoded_parts(data):
        size = sum(map(len, pieces))
        if name in SPANNED:
            spans[name] = (position, position + size)
        position += size
        parts += pieces
    return b"".join(parts), spans


def spans_of(data: dict, raw: bytes) -> Spans | None:
    """The spans encode_tables would give, if `raw` is exactly what it would write for `data` (else
    None); compared piece by piece, without encoding the whole file again (a validated file at XL)."""
    spans: Spans = {}
    position = 0
    view = memoryview(raw)
    for name, pieces in _encoded_parts(data):
        start = position
        for piece in pieces:
            end = position + len(piece)
            if view[position:end] != piece:
                return None
            position = end
        if name in SPANNED:
            spans[name] = (start, position)
    return spans if position == len(raw) else None


def frames_table(raw: bytes, name: str, span: tuple[int, int]) -> bool:
    """`span` holds exactly the object value of top-level table `name` (as encode_tables wrote it)."""
    start, end = span
    key = orjson.dumps(name) + b":"
    return (
        len(key) < start < end <= len(raw) - 1
        and raw[start - len(key):start] == key
        and raw[start - len(key) - 1] in b"{,"
        and raw[start] == ord("{") and raw[end - 1] == ord("}")
        and raw[end] in b",}"
    )


def lazy_loads(raw: bytes, spans: Spans | None, scope: Scope, last: dict[str, int] | None = None) -> dict:
    """The parsed file, each table the scope does not read left as its bytes (KeptRows, which
    encode_tables writes back as they were): a skippable one, and an appendable one whose largest id
    is known (`last`), to which the write may add rows. `spans` and `last` come from a digest-cache
    entry proving `raw`."""
    last = last or {}
    usable = {name: span for name, span in (spans or {}).items()
              if (name in SKIPPABLE or _appendable(raw, name, span, last)) and frames_table(raw, name, span)}
    data = _loads_without(raw, usable)
    if data is None:
        return orjson.loads(raw)
    wanted = scope(data)
    for name, (start, end) in usable.items():
        if wanted.get(name, set()) != set():  # the scope reads it after all: parsed, as always
            data[name] = orjson.loads(raw[start:end])
        else:  # a view of the bytes, not a copy
            data[name] = KeptRows(memoryview(raw)[start:end], next_id=last[name] + 1 if name in last else None)
    return data


def _loads_without(raw: bytes, usable: Spans) -> dict | None:
    """The file parsed with each table in `usable` as an empty one; None (parse the whole file, as
    always) when there is none to leave out or the spans only looked right."""
    if not usable:
        return None
    pieces, cursor = [], 0
    for start, end in sorted(usable.values()):
        pieces += [raw[cursor:start], b"{}"]
        cursor = end
    pieces.append(raw[cursor:])
    try:
        data = orjson.loads(b"".join(pieces))
    except orjson.JSONDecodeError:
        return None
    return data if isinstance(data, dict) else None


def _loads_summarised(raw: bytes, spans: Spans | None, summary: dict[str, dict], scope: Scope | None) -> dict:
    """The file parsed without the summarised tables, each left as Summarised with its own bytes;
    a scope's table it wants other rows of than the summary's is parsed at once."""
    usable = {name: span for name, span in (spans or {}).items()
              if name in summary and frames_table(raw, name, span)}
    data = _loads_without(raw, usable)
    if data is None:
        return orjson.loads(raw)
    for name, (start, end) in usable.items():
        data[name] = Summarised(summary[name], pending=raw[start:end])
    if scope is not None:
        wanted = scope(data)
        for name in usable:
            if not isinstance(wanted.get(name), dict):  # the scope wants rows the summary does not hold
                data[name] = orjson.loads(data[name].pending)
    return data


def written_as_read(table: object) -> bool:
    """A write's table that is the bytes it read, with no row added (its summary carries over)."""
    return isinstance(table, AppendedRows) and not table


def _appendable(raw: bytes, name: str, span: tuple[int, int], last: dict[str, int]) -> bool:
    """A table a write may add rows to after its bytes: its largest id is known, and the next one is
    not a key in them (a cheap second proof of the id kept with the digest)."""
    if name not in APPENDABLE or name not in last:
        return False
    return raw.find(b'"%d":' % (last[name] + 1), span[0], span[1]) < 0


def scoped_parse(trusted: Callable[[bytes], bool], spans: Callable[[], Spans | None],
                 scope: Scope | None, last: Callable[[], dict[str, int]]) -> Callable[[bytes], dict] | None:
    """The parse of a scoped write: bytes the digest cache proves (`trusted`, then the spans and the
    largest ids kept with their digest) are parsed without the tables the scope does not read."""
    if scope is None:
        return None

    def parse(raw: bytes) -> dict:
        if trusted(raw):
            return lazy_loads(raw, spans(), scope, last())
        return orjson.loads(raw)

    return parse


def summarised_read(trusted: Callable[[bytes], bool], spans: Callable[[], Spans | None],
                    summary: Callable[[], dict[str, dict] | None], scope: Scope | None) -> Callable[[bytes], dict]:
    """The parse of a read: on bytes the digest cache proves, with summaries kept beside their digest,
    the summarised tables are left as their bytes (Summarised). A list (`scope`) takes its rows from
    the check-ins' and the KPIs' summaries; a read of the whole workspace (the app, a report) only
    from the check-ins', each KR's first and last, and parses them when a history is first asked for
    (storage/lazy_checkins.py: the first frame asks only those, XL's 26 MB of check-ins)."""

    def parse(raw: bytes) -> dict:
        where = spans() if trusted(raw) else None
        kept = summary() if where else None
        if kept and scope is None:
            kept = {CHECKINS: kept[CHECKINS]} if CHECKINS in kept else None
        if kept:
            return _loads_summarised(raw, where, kept, scope)
        return orjson.loads(raw)

    return parse
