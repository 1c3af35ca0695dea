"""Moving closed quarters out of the file written on every check-in, and back.

The database file holds the quarters in use; an archive file beside it
(`okr.archive.json` for `okr.json`) holds archived quarters' objectives, key
results and check-ins, with their ids unchanged. Both files are written under
the database's one lock, the archive first: a crash between the two writes
leaves the records in both files, which `merge` counts once and a second run
finishes. The change log's entries of the quarter move with it: from the log
file (rewritten without them, after the archive and before the database) to the
archive's "changes" table, and back.
"""

from __future__ import annotations

from okrtui.domain.models import SCHEMA_VERSION
from okrtui.domain.quarter import Quarter, format_quarter
from okrtui.i18n import _
from okrtui.storage.errors import DatabaseMissing
from okrtui.storage.files import atomic_write, encode, read_json
from okrtui.storage.changelog import CHANGES, COMMENTS, INITIATIVES
from okrtui.storage.store import Store
from okrtui.storage.tables import ARCHIVE_APP, CHECKINS, KEY_RESULTS, META, META_ID, OBJECTIVES
from okrtui.storage.memory_db import open_memory_db
from okrtui.storage.log_file import LogLine, entry_line, read_log, write_log

MOVED_TABLES = (OBJECTIVES, KEY_RESULTS, CHECKINS, CHANGES, COMMENTS, INITIATIVES)


def _empty_archive() -> dict:
    return {META: {str(META_ID): {"app": ARCHIVE_APP, "schema_version": SCHEMA_VERSION}}}


def _records_of_quarter(data: dict, quarter: str) -> dict[str, dict[str, dict]]:
    objectives = {k: v for k, v in data.get(OBJECTIVES, {}).items() if v.get("quarter") == quarter}
    objective_ids = {int(k) for k in objectives}
    krs = {k: v for k, v in data.get(KEY_RESULTS, {}).items() if v.get("objective_id") in objective_ids}
    kr_ids = {int(k) for k in krs}
    checkins = {k: v for k, v in data.get(CHECKINS, {}).items() if v.get("kr_id") in kr_ids}
    # The log and the comments go with their quarter (a change to a KPI stays: KPIs are never archived).
    changes = {k: v for k, v in data.get(CHANGES, {}).items() if v.get("quarter") == quarter}
    comments = {k: v for k, v in data.get(COMMENTS, {}).items()
                if (v.get("target_id") in objective_ids if v.get("target_kind") == "objective" else v.get("target_id") in kr_ids)}
    initiatives = {k: v for k, v in data.get(INITIATIVES, {}).items() if v.get("kr_id") in kr_ids}
    return {OBJECTIVES: objectives, KEY_RESULTS: krs, CHECKINS: checkins, CHANGES: changes, COMMENTS: comments,
            INITIATIVES: initiatives}


def _log_lines(store: Store, meta: dict) -> list[LogLine]:
    return read_log(store.log_path, store.path, meta.get("database_id"), int(meta.get("revision", 0) or 0),
                    int(meta.get("log_size", 0) or 0))


def _rewrite_log(store: Store, meta: dict, lines: list[bytes]) -> None:
    """Replace the live log (temp, fsync, rename) and record its length in the meta about to be saved."""
    meta["log_size"] = write_log(store.log_path, meta.get("database_id"), lines)


def archive_quarter(store: Store, quarter: str) -> int:
    """Move a quarter's objectives, KRs and check-ins to the archive; returns how many records moved."""
    label = str(Quarter.parse(quarter))
    with store._locked():
        db, before = store._read_for_write()
        live = db.storage.data
        moving = _records_of_quarter(live, label)
        meta = live[META][str(META_ID)]
        log = _log_lines(store, meta)
        moving[CHANGES] = {str(line.id): {k: v for k, v in line.data.items() if k != "id"}
                           for line in log if line.data.get("quarter") == label}
        try:
            archive = read_json(store.archive_path)
            store._check_header(archive, app=ARCHIVE_APP, path=store.archive_path)
        except DatabaseMissing:
            archive = _empty_archive()
        for table in MOVED_TABLES:
            archive.setdefault(table, {}).update(moving[table])
        store._decode(archive, path=store.archive_path)  # never write an archive that does not validate
        atomic_write(store.archive_path, encode(archive))
        if moving[CHANGES]:
            _rewrite_log(store, meta, [line.raw + b"\n" for line in log if str(line.id) not in moving[CHANGES]])

        floors = dict(meta.get("id_floor") or {})
        for table in MOVED_TABLES:
            if table == CHANGES:  # a change's id is a revision: never reused, no floor needed
                continue
            ids = [int(k) for k in live.get(table, {})] + [int(k) for k in archive.get(table, {})]
            floors[table] = max([floors.get(table, 0), *ids]) if ids else floors.get(table, 0)
            for key in moving[table]:
                del live[table][key]
        meta["id_floor"] = floors
        meta["archived"] = sorted(set(meta.get("archived") or []) | {label})
        store._save(open_memory_db(live))
        return sum(len(moving[table]) for table in (OBJECTIVES, KEY_RESULTS, CHECKINS))


def unarchive_quarter(store: Store, quarter: str) -> int:
    """Bring an archived quarter back into the database file (to reopen it); returns records moved."""
    label = str(Quarter.parse(quarter))
    with store._locked():
        db, before = store._read_for_write()
        live = db.storage.data
        if label not in (live[META][str(META_ID)].get("archived") or []):
            raise ValueError(_("{quarter} is not archived").format(quarter=format_quarter(label)))
        archive = read_json(store.archive_path)
        store._check_header(archive, app=ARCHIVE_APP, path=store.archive_path)
        moving = _records_of_quarter(archive, label)
        for table in MOVED_TABLES:
            if table != CHANGES:
                live.setdefault(table, {}).update(moving[table])
        meta = live[META][str(META_ID)]
        meta["archived"] = [q for q in meta.get("archived") or [] if q != label]
        log = _log_lines(store, meta)
        if moving[CHANGES]:
            kept = {line.id: line.raw + b"\n" for line in log}
            for key, row in moving[CHANGES].items():
                kept.setdefault(int(key), entry_line(int(key), {k: v for k, v in row.items() if k != "id"}))
            _rewrite_log(store, meta, [kept[change_id] for change_id in sorted(kept)])
        store._decode(live)
        store._save(open_memory_db(live))  # the live file first: the records are never only in neither
        for table in MOVED_TABLES:
            for key in moving[table]:
                archive[table].pop(key, None)
        atomic_write(store.archive_path, encode(archive))
        return sum(len(moving[table]) for table in (OBJECTIVES, KEY_RESULTS, CHECKINS))
