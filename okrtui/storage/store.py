"""The store: the one TinyDB file, read and validated whole, written under a lock, atomically.

TinyDB rewrites the whole file on every write and has no locking, so each
write here is a read-modify-write under an exclusive lock on a sidecar lock
file, done on an in-memory TinyDB and saved once, atomically (files.py).
Readers re-open the file every time and never need the lock.

Closed quarters can be moved to an archive file beside the database
(archive.py), so that the file read and written on every check-in holds only
the quarters in use; `load(with_archive=True)` reads both.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator, TypeVar

from pydantic import ValidationError
from tinydb import TinyDB
from tinydb.table import Document

from okrtui.domain.clock import Clock, machine_zone_name, system_clock
from okrtui.domain.models import SCHEMA_VERSION, Change, Meta, Team
from okrtui.domain.validation import describe_errors
from okrtui.domain.workspace import Workspace
from okrtui.i18n import _
from okrtui.storage.changelog import CHANGES, KIND_OF, change_entry, record_changes
from okrtui.storage.log_file import append_log, entry_line, log_path_of
from okrtui.storage.digests import DigestCache
from okrtui.storage.errors import (
    DatabaseMissing,
    InvalidDatabase,
    LockTimeout,
    ReadOnly,
    Unwritable,
)
from okrtui.storage.files import (
    atomic_write,
    check_writable,
    ensure_lock_file,
    new_file_mode,
    read_json,
    read_json_bytes,
    remove_stale_temporaries,
)
from okrtui.storage.memory_db import open_memory_db
from okrtui.storage.working_table import working_copy
from okrtui.storage.summaries import after_write, read_summary
from okrtui.storage.spans import check_kept, encode_tables, last_ids, scoped_parse, summarised_read
from okrtui.storage.store_backups import StoreBackups
from okrtui.storage.tables import ARCHIVE_APP, META, META_ID, TABLE_MODELS, TEAMS, Scope
from okrtui.storage.waiting import Patience, PatienceByThread, acquire

# Set to 1 in the environment, every Store of the process is read-only: `okrtui serve` starts
# each visitor's app so, and the guard holds wherever a Repository is made.
READ_ONLY_ENV = "OKRTUI_READ_ONLY"

T = TypeVar("T")


class Store(StoreBackups):
    """The database file: read (StoreDecoding), migrated and backed up (StoreBackups), written under its lock (here)."""

    def __init__(self, path: str | os.PathLike[str], lock_timeout: float = 10.0, clock: Clock | None = None,
                 read_only: bool | None = None, author: str = ""):
        self.path = Path(path).expanduser()
        # Who the change log names for this store's writes: given by the caller (the identity
        # rule lives with the settings, never guessed here).
        self.author = author
        self.read_only = os.environ.get(READ_ONLY_ENV, "") not in ("", "0") if read_only is None else read_only
        if self.path.is_symlink():
            # A link to the team's file: resolved once, so the lock, the temporaries and the
            # replace all happen beside the real file (replacing the link would fork the team).
            self.path = Path(os.path.realpath(self.path))
        # Every timestamp this store writes (check-ins, readings, backups) comes from this clock.
        self.clock = clock if clock is not None else system_clock()
        self._zone_name: str | None = None  # the workspace zone the clock reads, once a file was read
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        self.lock_timeout = lock_timeout
        self.archive_path = self.path.with_name(f"{self.path.stem}.archive{self.path.suffix or '.json'}")
        self.log_path = log_path_of(self.path)  # the change log (schema 11): storage/log_file.py
        self._log_rows: dict[int, tuple[bytes, Change]] = {}  # log lines validated by this process
        # Rows of the database file already validated by this process, with their models:
        # validation is a pure function of the row, so a row equal to one seen before has the
        # same result. The app re-reads the file after every write and on every change by
        # others; with this, only rows that changed are validated again (at 17,000 rows a
        # check-in went from ~150 ms to well under 100 ms).
        self._validated: dict[str, dict[str, tuple[dict, Any]]] = {}
        self._patience = PatienceByThread()
        self.digests = DigestCache(self.path)

    @contextmanager
    def waiting(self, on_wait: Callable[[float], None] | None = None, timeout: float | None = None) -> Iterator[None]:
        """Writes made by this thread inside the block wait for the lock by non-blocking attempts,
        calling `on_wait(seconds waited)` between them, until the lock frees (or `timeout`)."""
        with self._patience.applied(Patience(on_wait, timeout)):
            yield

    # ---- reading ---------------------------------------------------------

    def exists(self) -> bool:
        return self.path.exists()

    def stat_token(self) -> tuple[int, int, int] | None:
        """Changes whenever another process replaces the file (mtime, size, inode)."""
        try:
            st = self.path.stat()
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_size, st.st_ino)

    def load(self, *, missing_ok: bool = False, with_archive: bool = False, scope: Scope | None = None) -> Workspace:
        """Read and validate the whole database. A missing file is an error unless missing_ok.

        with_archive also reads the archived (closed) quarters, for views of the past. `scope`: the
        rows a view reads (storage/scopes.py); on a file the digest cache proves valid, only those
        are built (without the archive only).
        """
        scoped = None if with_archive else scope
        try:
            # on proven bytes each KR's first and last check-in come from the digest cache's summary: a
            # list leaves the check-ins (and the KPIs) unparsed, any other read parses the check-ins when
            # a history is first asked for (spans.summarised_read)
            data, raw = read_json_bytes(self.path, summarised_read(self.digests.trusted, self.digests.spans,
                                                                   self._proven_summary, scoped))
        except DatabaseMissing:
            if missing_ok:
                return Workspace()
            raise
        version = self._check_header(data)
        if version < SCHEMA_VERSION:
            try:
                self.migrate()
                data, raw = read_json_bytes(self.path)
            except (Unwritable, LockTimeout):
                # A file we may read but not write (someone else's, read-only): migrate in memory only.
                data, raw = self._migrated(data), None
        live = self._decode(data, raw=raw, scope=scoped)
        if not with_archive or not live.meta.archived:
            return live
        archive = self.load_archive()
        return merge(live, archive)

    def _proven_summary(self) -> dict[str, dict] | None:
        """The summaries kept with the bytes the digest cache just proved, by table (storage/summaries.py)."""
        return read_summary(self.digests.summary())

    def load_archive(self) -> Workspace:
        """The archived quarters alone (empty when nothing was archived)."""
        try:
            data = read_json(self.archive_path)
        except DatabaseMissing:
            return Workspace()
        self._check_header(data, app=ARCHIVE_APP, path=self.archive_path)
        return self._decode(data, path=self.archive_path)


    def _refuse_if_read_only(self) -> None:
        if self.read_only:
            raise ReadOnly(_("this screen is read-only: it shows the OKRs but cannot change them; nothing was saved"))

    @contextmanager
    def _locked(self) -> Iterator[None]:
        self._refuse_if_read_only()  # every write takes the lock first (archive and migration too)
        from filelock import FileLock, Timeout  # imported by the first write: a read needs no lock (~6 ms)

        lock = FileLock(self.lock_path, timeout=self.lock_timeout, mode=new_file_mode(self.path.parent), thread_local=False)
        patience = self._patience.current
        try:
            ensure_lock_file(self.lock_path)
            if patience is None:
                lock.acquire()
            elif not acquire(lock, patience.timeout, patience.on_wait):
                raise Timeout(str(self.lock_path))
        except Timeout:
            raise LockTimeout(
                _("{path} is being written by another okrtui for more than {n} s; try again").format(
                    path=self.path, n=int(patience.timeout if patience and patience.timeout is not None
                                          else self.lock_timeout)
                )
            ) from None
        except PermissionError:
            raise Unwritable(
                _("cannot write {path}: no permission to create its lock file {lock}").format(
                    path=self.path, lock=self.lock_path
                )
            ) from None
        except OSError as error:
            raise Unwritable(
                _("cannot write {path}: its lock file {lock} cannot be made ({reason})").format(
                    path=self.path, lock=self.lock_path, reason=error.strerror
                )
            ) from None
        try:
            yield
        finally:
            lock.release()

    def _write(self, change: Callable[[TinyDB, Workspace], T], *, create: bool = False, action: str | None = None,
               on_behalf_of: str = "", reverts: int | Callable[[], int | None] | None = None,
               scope: Scope | None = None) -> T:
        """Run `change` on an in-memory TinyDB of the current file and save the result once.

        The records it changed are logged in that same write (one Change, naming `action`, or
        create / edit / delete as the records say); a write that changes no record logs nothing.
        `scope`: the rows `change` reads (a check-in: one KR, its objective's quarter, its
        check-ins); on a file the digest cache proves valid, only those are built.
        """
        self._refuse_if_read_only()
        check_writable(self.path)
        with self._locked():
            raw, db, before, kept = self._read_raw_for_write(create, scope)
            untouched = dict(db.storage.data)
            result = change(db, before)
            check_kept(raw, db.storage.data)  # a table read as its bytes was only added to
            entry, records = self._log(raw, db, untouched, action, on_behalf_of, reverts)
            # the list's summaries of what is written: the KPIs' carried with their kept bytes, the
            # check-ins' shards this write added to updated from those read (storage/summaries.py)
            summaries = after_write(db.storage.data, records, kept, self.digests.summary_table)
            self._save(db, untouched, entry, summaries)
            return result

    def _log(self, raw: dict, db: TinyDB, untouched: dict, action: str | None, on_behalf_of: str,
             reverts: int | Callable[[], int | None] | None) -> tuple[dict | None, list[dict]]:
        """The change-log entry of this write (None: it changed no record), which _save appends, and
        the records it changed."""
        records = record_changes(raw, db.storage.data, untouched)
        if not records:
            return None, records
        self._check_records(db.storage.data, records)
        if callable(reverts):  # an undo or redo learns which change it reverses inside the write
            reverts = reverts()
        entry = change_entry(raw, db.storage.data, records, at=self.clock.now(), author=self.author, action=action,
                             on_behalf_of=on_behalf_of if on_behalf_of != self.author else "", reverts=reverts)
        meta = (db.storage.data.get(META) or {}).get(str(META_ID)) or {}
        self._validate_row(Change, CHANGES, str(int(meta.get("revision", 0) or 0) + 1), entry, self.path)
        return entry, records

    def _check_records(self, data: dict, records: list[dict]) -> None:
        """Validate the rows a write created or changed (the file written must be wholly valid for
        its digest to be remembered; the rows it did not change were proven valid when read)."""
        tables = {kind: table for table, kind in KIND_OF.items()}
        for record in records:
            if record["after"] is None:
                continue
            table = tables[record["kind"]]
            key = str(record["id"])
            self._validate_row(TABLE_MODELS[table], table, key, (data.get(table) or {}).get(key), self.path)

    def _read_for_write(self, create: bool = False) -> tuple[TinyDB, Workspace]:
        """Under the lock: the current file as an in-memory TinyDB, and validated."""
        _raw, db, before, _kept = self._read_raw_for_write(create)
        return db, before

    def _read_raw_for_write(self, create: bool = False,
                            scope: Scope | None = None) -> tuple[dict, TinyDB, Workspace, dict[str, str]]:
        """Under the lock: the file as read, as an in-memory TinyDB of copies, validated, and the
        digests of the summaries kept with its bytes when they were proven (empty otherwise)."""
        remove_stale_temporaries(self.path)
        raw: bytes | None
        try:
            # a scoped write on proven bytes leaves the tables it does not read unparsed (spans.py)
            data, raw = read_json_bytes(self.path, scoped_parse(self.digests.trusted, self.digests.spans, scope,
                                                                self.digests.last_ids))
        except DatabaseMissing:
            if not create:
                raise
            # A new workspace keeps the calendar of the machine that created it (schema 4).
            data, raw = {META: {str(META_ID): Meta(timezone=machine_zone_name()).model_dump(mode="json")}}, None
        if self._check_header(data) < SCHEMA_VERSION:
            data, raw = self._migrate_locked(data), None
        before = self._decode(data, raw=raw, scope=scope)
        kept = self.digests.summary_digests() if raw is not None else {}  # _decode asked the cache about `raw`
        # TinyDB changes rows in place; its tables copy a row when an operation first touches it
        # (_FlooredTable._update_table), and the meta record, which archiving edits directly, is
        # copied here, so the rows remembered as validated stay exactly what the file held.
        working = {name: working_copy(table) if isinstance(table, dict) else table for name, table in data.items()}
        if isinstance(working.get(META), dict):
            working[META] = {k: dict(v) if isinstance(v, dict) else v for k, v in working[META].items()}
        return data, open_memory_db(working), before, kept

    def _save(self, db: TinyDB, untouched: dict | None = None, entry: dict | None = None,
              summaries: tuple[dict, dict[str, str]] | None = None) -> None:
        """Under the lock: bump the revision and replace the file atomically; remember the bytes
        as valid when every row in them is (read valid, and the changed ones validated).

        `entry`, the write's change: appended to the log file with the new revision as its id, its
        flush to disk running while the database is encoded and written; the database, which records
        the log's new length, is renamed into place only once the line is on disk (storage/log_file.py)."""
        self._refuse_if_read_only()
        meta = db.table(META)
        record = dict(meta.get(doc_id=META_ID) or {})
        revision = int(record.get("revision", 0)) + 1
        record["revision"] = revision
        appended = None if entry is None else append_log(
            self.log_path, self.path, entry_line(revision, entry), database_id=record.get("database_id"),
            revision=revision - 1, size=int(record.get("log_size", 0) or 0))
        try:
            if appended is not None:
                record["log_size"] = appended.size
            self._replace(db, record, untouched, appended.wait if appended is not None else None, summaries)
        finally:
            if appended is not None:
                appended.close()

    def _replace(self, db: TinyDB, record: dict, untouched: dict | None, before_replace: Callable[[], None] | None,
                 summaries: tuple[dict, dict[str, str]] | None = None) -> None:
        meta = db.table(META)
        meta.upsert(Document(record, doc_id=META_ID))
        data = db.storage.data
        if untouched is not None:
            self._check_unlogged(data, untouched)
        payload, spans = encode_tables(data)  # encode's bytes, and where the KPIs and check-ins lie in them
        atomic_write(self.path, payload, before_replace=before_replace)
        if untouched is not None:
            summary, carried = summaries or ({}, {})
            self.digests.remember(payload, spans, summary, carried=carried, last_ids=last_ids(data))
        else:
            self.digests.forget()

    def _check_unlogged(self, data: dict, untouched: dict) -> None:
        """The tables the change log does not follow (meta, teams), validated when a write changed them."""
        meta_record = (data.get(META) or {}).get(str(META_ID))
        try:
            Meta.model_validate(meta_record)
        except ValidationError as error:
            raise InvalidDatabase(
                _("{path}: the meta record is invalid: {problem}").format(
                    path=self.path, problem="; ".join(m for _f, m in describe_errors(error))
                )
            ) from None
        teams = data.get(TEAMS)
        if isinstance(teams, dict) and teams is not untouched.get(TEAMS):
            for key, doc in teams.items():
                self._validate_row(Team, TEAMS, key, doc, self.path)

    def create(self) -> Workspace:
        """Create an empty database file (mode 0600) if there is none; return its content."""
        self._write(lambda db, ws: None, create=True)
        return self.load()

    def transaction(self, change: Callable[[TinyDB, Workspace], T], *, create: bool = False, action: str | None = None) -> T:
        """One locked write for storage code outside this class (closing, carrying over, import): `change`
        gets the file as an in-memory TinyDB and the validated Workspace it holds; the result is saved once,
        with its change-log entry naming `action`."""
        return self._write(change, create=create, action=action)


def merge(live: Workspace, archive: Workspace) -> Workspace:
    """Live records and archived ones together; a record in both (an interrupted archiving) counts once."""

    def union(new: list, old: list) -> list:
        ids = {item.id for item in new}
        return new + [item for item in old if item.id not in ids]

    return Workspace(
        union(live.objectives, archive.objectives),
        union(live.key_results, archive.key_results),
        union(live.checkins, archive.checkins),
        list(live.kpis),
        live.meta,
        sorted(union(live.changes, archive.changes), key=lambda c: c.id or 0),
        union(live.comments, archive.comments),
        list(live.team_settings),
        union(live.initiatives, archive.initiatives),
    )
