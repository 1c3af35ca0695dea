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

import errno
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator, TypeVar

from filelock import FileLock, Timeout
from pydantic import ValidationError
from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Document, Table

from okrtui.domain.ids import MAX_ID_DIGITS, parse_id, shown_id
from okrtui.domain.models import KPI, SCHEMA_VERSION, Change, CheckIn, Comment, Initiative, KeyResult, Meta, Model, Objective, Team
from okrtui.domain.validation import describe_errors
from okrtui.domain.clock import Clock, machine_zone_name, system_clock
from okrtui.domain.workspace import Workspace
from okrtui.i18n import _
from okrtui.storage.errors import (
    DatabaseMissing,
    FutureSchema,
    InvalidDatabase,
    LockTimeout,
    NotAnOkrtuiDatabase,
    ReadOnly,
    Unwritable,
)
from okrtui.storage.files import (
    atomic_write,
    check_writable,
    encode,
    ensure_lock_file,
    new_file_mode,
    read_json,
    read_json_bytes,
    remove_stale_temporaries,
    write_file,
)
from okrtui.storage.changelog import CHANGES, COMMENTS, INITIATIVES, KIND_OF, change_entry, record_changes
from okrtui.storage.digests import DigestCache
from okrtui.storage.trusted import builder
from okrtui.storage.migrations import MIGRATIONS
from okrtui.storage.waiting import Patience, PatienceByThread, acquire

OBJECTIVES, KEY_RESULTS, CHECKINS, KPIS, META = "objectives", "key_results", "checkins", "kpis", "meta"
TEAMS = "teams"  # team settings (schema 7); never archived: a team outlives its quarters
TABLE_MODELS: dict[str, type[Model]] = {
    OBJECTIVES: Objective,
    KEY_RESULTS: KeyResult,
    CHECKINS: CheckIn,
    KPIS: KPI,
    CHANGES: Change,
    COMMENTS: Comment,
    TEAMS: Team,
    INITIATIVES: Initiative,
}
META_ID = 1
ARCHIVE_APP = "okrtui-archive"
# Set to 1 in the environment, every Store of the process is read-only: `okrtui serve` starts
# each visitor's app so, and the guard holds wherever a Repository is made.
READ_ONLY_ENV = "OKRTUI_READ_ONLY"

T = TypeVar("T")
# Which rows of each table a write needs built as models (None: all); tables not named: none.
# Applies only to a file the digest cache proved valid; any other file is validated whole.
Scope = Callable[[dict], dict[str, "set[str] | None"]]
# Tables loaded on first use from a file proven valid: the change log and the comments.
DEFERRED = (CHANGES, COMMENTS)


class _MemoryStorage(Storage):
    """TinyDB storage over a dict already read under the lock; saved once by the repository."""

    def __init__(self, data: dict):
        self.data = data

    def read(self) -> dict:
        return self.data

    def write(self, data: dict) -> None:
        self.data = data


class _FlooredTable(Table):
    """A table whose new ids stay above every id ever used, archived ones included.

    TinyDB numbers a new document max(id) + 1; once a quarter's records move to
    the archive, that could hand out an id the archive already holds.
    """

    def next_ids(self, count: int) -> list[int]:
        """Ids for `count` new documents at once, for an insert_multiple of Documents (an import)."""
        return [self._get_next_id() for _ in range(count)]

    def _get_next_id(self) -> int:
        if self._next_id is None:
            # TinyDB's own scan, in C: max(int(i) for i in keys) was a share of a check-in at L.
            table = self._read_table()
            self._next_id = max(map(int, table), default=0) + 1
        next_id = super()._get_next_id()
        meta = (self._storage.read().get(META) or {}).get(str(META_ID)) or {}
        floor = int((meta.get("id_floor") or {}).get(self.name, 0))
        if next_id <= floor:
            next_id = floor + 1
            self._next_id = next_id + 1
        return next_id


    def _update_table(self, updater: Callable[[dict], None]) -> None:
        """TinyDB's, but a row is copied the first time an operation touches it (update changes rows
        in place): the rows read from the file stay exactly as read without copying every row of
        every table up front (15,600 check-ins at L, 156,000 at XL, for a write that changes two)."""

        def copying(table: dict) -> None:
            rows = _CopyOnAccess(table)
            updater(rows)
            table.clear()
            table.update(rows)  # the rows as the operation left them (copies where it touched one)

        super()._update_table(copying)


class _CopyOnAccess(dict):
    """A table whose rows are copied when first looked up by key (TinyDB's updaters do so to change them)."""

    def __init__(self, rows: dict):
        super().__init__(rows)
        self._copied: set = set()

    def __getitem__(self, key: Any) -> Any:
        row = dict.__getitem__(self, key)
        if key not in self._copied:
            self._copied.add(key)
            row = dict(row) if isinstance(row, dict) else row
            dict.__setitem__(self, key, row)
        return row


class _Database(TinyDB):
    table_class = _FlooredTable


def replace_rows(db: TinyDB, table: str, rows: dict[int, dict]) -> None:
    """Replace many rows of an in-memory table at once (TinyDB rebuilds a whole table on each
    update: one update per row made a batch quadratic). The table becomes a new object, so the
    change log sees it changed."""
    if not rows:
        return
    data = db.storage.read()
    updated = dict(data.get(table) or {})
    updated.update({str(row_id): row for row_id, row in rows.items()})
    db.storage.write({**data, table: updated})


def open_memory_db(data: dict) -> TinyDB:
    return _Database(storage=_MemoryStorage, data=data)


class Store:
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

    def load(self, *, missing_ok: bool = False, with_archive: bool = False) -> Workspace:
        """Read and validate the whole database. A missing file is an error unless missing_ok.

        with_archive also reads the archived (closed) quarters, for views of the past.
        """
        try:
            data, raw = read_json_bytes(self.path)
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
        live = self._decode(data, raw=raw)
        if not with_archive or not live.meta.archived:
            return live
        archive = self.load_archive()
        return merge(live, archive)

    def load_archive(self) -> Workspace:
        """The archived quarters alone (empty when nothing was archived)."""
        try:
            data = read_json(self.archive_path)
        except DatabaseMissing:
            return Workspace()
        self._check_header(data, app=ARCHIVE_APP, path=self.archive_path)
        return self._decode(data, path=self.archive_path)

    def _check_header(self, data: dict, app: str = "okrtui", path: Path | None = None) -> int:
        path = path or self.path
        meta_table = data.get(META)
        meta = meta_table.get(str(META_ID)) if isinstance(meta_table, dict) else None
        if not isinstance(meta, dict) or meta.get("app") != app:
            raise NotAnOkrtuiDatabase(
                _("{path} is a JSON file but not an okrtui database; it was left unchanged").format(path=path)
            )
        version = meta.get("schema_version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise InvalidDatabase(_("{path} has no valid schema version").format(path=path))
        if version > SCHEMA_VERSION:
            raise FutureSchema(
                _(
                    "{path} was written by a newer okrtui (schema {found}; this version reads up to {known}); "
                    "upgrade okrtui to open it"
                ).format(path=path, found=version, known=SCHEMA_VERSION)
            )
        return version

    def _decode(self, data: dict, path: Path | None = None, raw: bytes | None = None,
                scope: Scope | None = None) -> Workspace:
        """The validated Workspace of a parsed file. `raw`, the bytes parsed: when the digest cache
        proves them validated before, rows are built without validating them (storage/trusted.py),
        the change log and comments only when first used, and with `scope` only the rows it names;
        otherwise every row is validated and the bytes are remembered as validated."""
        path = path or self.path
        trusted = raw is not None and path == self.path and self.digests.trusted(raw)
        wanted = scope(data) if trusted and scope is not None else {}
        tables: dict[str, list[Any]] = {}
        deferred: dict[str, tuple[type[Model], dict]] = {}
        for name, model in TABLE_MODELS.items():
            table = data.get(name, {})
            if not isinstance(table, dict):
                raise InvalidDatabase(_("{path}: table '{table}' is not a table").format(path=path, table=name))
            if trusted:
                if scope is not None:
                    keys = wanted.get(name, set())
                    table = table if keys is None else {k: table[k] for k in keys if k in table}
                if name in DEFERRED and table:
                    deferred[name] = (model, table)
                    tables[name] = []
                else:
                    tables[name] = self._trusted_table(model, name, table, whole=scope is None)
            elif path == self.path:
                tables[name] = self._validate_table(model, name, table)
            else:
                tables[name] = [self._validate_row(model, name, key, doc, path) for key, doc in table.items()]
        meta_record = dict(data[META][str(META_ID)])
        if meta_record.get("app") == ARCHIVE_APP:
            meta_record["app"] = "okrtui"
        try:
            meta = Meta.model_validate(meta_record)
        except ValidationError as error:
            raise InvalidDatabase(
                _("{path}: the meta record is invalid: {problem}").format(
                    path=path, problem="; ".join(m for _f, m in describe_errors(error))
                )
            ) from None
        if path == self.path and meta.timezone != self._zone_name:
            # The calendar follows the workspace's zone, read with the data (one rule, one place).
            self.clock = self.clock.in_zone(meta.timezone)
            self._zone_name = meta.timezone
        workspace = Workspace(tables[OBJECTIVES], tables[KEY_RESULTS], tables[CHECKINS], tables[KPIS], meta,
                              tables[CHANGES], tables[COMMENTS], tables[TEAMS], tables[INITIATIVES])
        for name, (model, table) in deferred.items():
            workspace.defer(name, lambda model=model, name=name, table=table: self._trusted_table(
                model, name, table, whole=scope is None))
        if raw is not None and path == self.path and not trusted:
            self.digests.remember(raw)  # every row of these bytes was just validated
        return workspace

    def _trusted_table(self, model: type[Model], name: str, table: dict, whole: bool = True) -> list[Any]:
        """Rows proven valid by the digest cache, as models: those this process already holds
        are reused, the others built without validation. A whole table's rows are remembered
        as the validated ones (proven valid is as good as validated)."""
        seen = self._validated.get(name, {})
        build = builder(model)
        fresh: dict[str, tuple[dict, Any]] = {}
        rows = []
        for key, doc in table.items():
            known = seen.get(key)
            row = known[1] if known is not None and known[0] == doc else build(int(key), doc)
            fresh[key] = (doc, row)
            rows.append(row)
        if whole:
            self._validated[name] = fresh
        return rows

    def _validate_table(self, model: type[Model], name: str, table: dict) -> list[Any]:
        seen = self._validated.get(name, {})
        fresh: dict[str, tuple[dict, Any]] = {}
        rows = []
        for key, doc in table.items():
            known = seen.get(key)
            if known is not None and known[0] == doc:
                validated = known[1]
            else:
                validated = self._validate_row(model, name, key, doc, self.path)
            fresh[key] = (doc, validated)
            rows.append(validated)
        self._validated[name] = fresh
        return rows

    @staticmethod
    def _validate_row(model: type[Model], table: str, key: str, doc: Any, path: Path) -> Any:
        record_id = parse_id(key)
        if record_id is None:
            # "07" or "٧" beside "7" would be three records #7 that the next write merges.
            raise InvalidDatabase(
                _("{path}: '{table}' has a record with the id '{key}'; an id is a whole number written with the "
                  "digits 0–9, without leading zeros, of at most {n} digits; the file was left unchanged").format(
                    path=path, table=table, key=shown_id(key), n=MAX_ID_DIGITS)
            )
        if not isinstance(doc, dict):
            raise InvalidDatabase(
                _("{path}: record {key} of '{table}' is not a record").format(path=path, key=key, table=table)
            )
        try:
            return model.model_validate({**doc, "id": record_id})
        except ValidationError as error:
            problem = "; ".join(m for _f, m in describe_errors(error))
            raise InvalidDatabase(
                _("{path}: record {key} of '{table}' is invalid: {problem}; the file was left unchanged").format(
                    path=path, key=key, table=table, problem=problem
                )
            ) from None

    # ---- writing ---------------------------------------------------------

    def _refuse_if_read_only(self) -> None:
        if self.read_only:
            raise ReadOnly(_("this screen is read-only: it shows the OKRs but cannot change them; nothing was saved"))

    @contextmanager
    def _locked(self) -> Iterator[None]:
        self._refuse_if_read_only()  # every write takes the lock first (archive and migration too)
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
            raw, db, before = self._read_raw_for_write(create, scope)
            untouched = dict(db.storage.data)
            result = change(db, before)
            self._log(raw, db, untouched, action, on_behalf_of, reverts)
            self._save(db, untouched)
            return result

    def _log(self, raw: dict, db: TinyDB, untouched: dict, action: str | None, on_behalf_of: str,
             reverts: int | Callable[[], int | None] | None) -> None:
        records = record_changes(raw, db.storage.data, untouched)
        if not records:
            return
        self._check_records(db.storage.data, records)
        if callable(reverts):  # an undo or redo learns which change it reverses inside the write
            reverts = reverts()
        entry = change_entry(raw, db.storage.data, records, at=self.clock.now(), author=self.author, action=action,
                             on_behalf_of=on_behalf_of if on_behalf_of != self.author else "", reverts=reverts)
        new_id = db.table(CHANGES).insert(entry)
        self._validate_row(Change, CHANGES, str(new_id), entry, self.path)

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
        _raw, db, before = self._read_raw_for_write(create)
        return db, before

    def _read_raw_for_write(self, create: bool = False, scope: Scope | None = None) -> tuple[dict, TinyDB, Workspace]:
        """Under the lock: the file as read, as an in-memory TinyDB of copies, and validated."""
        remove_stale_temporaries(self.path)
        raw: bytes | None
        try:
            data, raw = read_json_bytes(self.path)
        except DatabaseMissing:
            if not create:
                raise
            # A new workspace keeps the calendar of the machine that created it (schema 4).
            data, raw = {META: {str(META_ID): Meta(timezone=machine_zone_name()).model_dump(mode="json")}}, None
        if self._check_header(data) < SCHEMA_VERSION:
            data, raw = self._migrate_locked(data), None
        before = self._decode(data, raw=raw, scope=scope)
        # TinyDB changes rows in place; its tables copy a row when an operation first touches it
        # (_FlooredTable._update_table), and the meta record, which archiving edits directly, is
        # copied here, so the rows remembered as validated stay exactly what the file held.
        working = {name: dict(table) if isinstance(table, dict) else table for name, table in data.items()}
        if isinstance(working.get(META), dict):
            working[META] = {k: dict(v) if isinstance(v, dict) else v for k, v in working[META].items()}
        return data, open_memory_db(working), before

    def _save(self, db: TinyDB, untouched: dict | None = None) -> None:
        """Under the lock: bump the revision and replace the file atomically; remember the bytes
        as valid when every row in them is (read valid, and the changed ones validated)."""
        self._refuse_if_read_only()
        meta = db.table(META)
        record = dict(meta.get(doc_id=META_ID) or {})
        record["revision"] = int(record.get("revision", 0)) + 1
        meta.upsert(Document(record, doc_id=META_ID))
        data = db.storage.data
        if untouched is not None:
            self._check_unlogged(data, untouched)
        payload = encode(data)
        atomic_write(self.path, payload)
        if untouched is not None:
            self.digests.remember(payload)
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

    # ---- migrations --------------------------------------------------------

    def migrate(self) -> Path | None:
        """Bring an older file up to the current schema, keeping a backup beside it."""
        with self._locked():
            data = read_json(self.path)
            if self._check_header(data) >= SCHEMA_VERSION:
                return None
            self._migrate_locked(data)
            return self.backup_path

    def _migrated(self, data: dict) -> dict:
        """The data brought up to the current schema, in memory, and validated."""
        version = self._check_header(data)
        while version < SCHEMA_VERSION:
            data = MIGRATIONS[version](data)
            version += 1
            data[META][str(META_ID)]["schema_version"] = version
        self._decode(data)
        return data

    def _migrate_locked(self, data: dict) -> dict:
        """Migrate and validate in memory first; only a result that validates is backed up and saved."""
        version = self._check_header(data)
        data = self._migrated(data)
        self.backup(suffix=f"v{version}")
        atomic_write(self.path, encode(data))
        return data

    def backup(self, suffix: str = "backup") -> Path:
        """Copy the file beside itself before a migration or a destructive action."""
        self._refuse_if_read_only()
        stamp = self.clock.now().strftime("%Y%m%dT%H%M%SZ")
        try:
            target = self._new_backup(self.path.read_bytes(), f"{self.path.name}.{suffix}-{stamp}")
        except OSError as error:
            raise Unwritable(
                _("could not keep a backup of {path}: {reason}; nothing was changed").format(
                    path=self.path, reason=error.strerror
                )
            ) from None
        self.backup_path = target
        return target

    def _new_backup(self, payload: bytes, stem: str) -> Path:
        """The first free name of stem.bak, stem-1.bak, …: a name already there (a link planted by
        someone sharing the folder, above all) is never written through, only passed over."""
        for attempt in range(100):
            target = self.path.with_name(f"{stem}-{attempt}.bak" if attempt else f"{stem}.bak")
            try:
                write_file(target, payload, replace=False)
            except FileExistsError:
                continue
            return target
        raise FileExistsError(errno.EEXIST, _("every backup name is taken"))

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
