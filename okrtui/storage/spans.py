"""Tables a write does not read, kept as the bytes they were (issue 21, XL).

A check-in reads one KR and writes two rows, yet the whole file is parsed and encoded again;
the KPIs and their weekly readings are a fifth of it (0.7 of 3.7 MB at L, 7.5 of 37 MB at XL)
and a check-in never reads them. When okrtui writes the file it encodes table by table and
notes where each skippable table's bytes lie; the digest cache keeps those spans with the
digest of the very bytes they describe. A later scoped write (a check-in) on bytes the cache
proves parses the file without those tables and writes their bytes back untouched
(orjson.Fragment). Anything else (an unproven file, an entry without spans, a scope that reads
a KPI, spans that do not frame a table) parses the whole file, as before.
"""

from __future__ import annotations

from typing import Callable

import orjson

from okrtui.storage.tables import KPIS, Scope

# Tables that may be kept as bytes: read by no scoped write, and never changed by one.
SKIPPABLE = (KPIS,)
Spans = dict[str, tuple[int, int]]


def encode_tables(data: dict) -> tuple[bytes, Spans]:
    """orjson.dumps(data), byte for byte (compact, keys in order), with the spans of the
    skippable tables' values."""
    parts = [b"{"]
    spans: Spans = {}
    position = 1
    for index, (name, table) in enumerate(data.items()):
        head = (b"," if index else b"") + orjson.dumps(name) + b":"
        body = orjson.dumps(table)
        position += len(head)
        if name in SKIPPABLE:
            spans[name] = (position, position + len(body))
        position += len(body)
        parts += [head, body]
    parts.append(b"}")
    return b"".join(parts), spans


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


def lazy_loads(raw: bytes, spans: Spans | None, scope: Scope) -> dict:
    """The parsed file, each skippable table the scope does not read left as its bytes (a Fragment,
    which orjson writes back as they are). `spans` come from a digest-cache entry proving `raw`."""
    usable = {name: span for name, span in (spans or {}).items()
              if name in SKIPPABLE and frames_table(raw, name, span)}
    if not usable:
        return orjson.loads(raw)
    pieces, cursor = [], 0
    for start, end in sorted(usable.values()):
        pieces += [raw[cursor:start], b"{}"]
        cursor = end
    pieces.append(raw[cursor:])
    try:
        data = orjson.loads(b"".join(pieces))
    except orjson.JSONDecodeError:  # spans that only looked right: the whole file, as always
        return orjson.loads(raw)
    if not isinstance(data, dict):
        return orjson.loads(raw)
    wanted = scope(data)
    for name, (start, end) in usable.items():
        if wanted.get(name, set()) == set():
            data[name] = orjson.Fragment(raw[start:end])
        else:  # the scope reads it after all: parsed, as always
            data[name] = orjson.loads(raw[start:end])
    return data


def is_kept_bytes(table: object) -> bool:
    return isinstance(table, orjson.Fragment)


def scoped_parse(trusted: Callable[[bytes], bool], spans: Callable[[], Spans | None],
                 scope: Scope | None) -> Callable[[bytes], dict] | None:
    """The parse of a scoped write: bytes the digest cache proves (`trusted`, then the spans kept
    with their digest) are parsed without the tables the scope does not read."""
    if scope is None:
        return None

    def parse(raw: bytes) -> dict:
        if trusted(raw):
            return lazy_loads(raw, spans(), scope)
        return orjson.loads(raw)

    return parse
