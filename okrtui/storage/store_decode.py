"""Reading the database file: its header checked, its tables validated into models (each row once per process)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from pydantic import ValidationError

from okrtui.domain.clock import Clock
from okrtui.domain.ids import MAX_ID_DIGITS, parse_id, shown_id
from okrtui.domain.models import SCHEMA_VERSION, Change, Meta, Model
from okrtui.domain.validation import describe_errors
from okrtui.domain.workspace import Workspace, edits_krs
from okrtui.i18n import _
from okrtui.storage.changelog import CHANGES, COMMENTS, INITIATIVES
from okrtui.storage.digests import DigestCache
from okrtui.storage.log_file import read_log
from okrtui.storage.errors import (
    FutureSchema,
    InvalidDatabase,
    NotAnOkrtuiDatabase,
)
from okrtui.storage.tables import ARCHIVE_APP, CHECKINS, DEFERRED, KEY_RESULTS, KPIS, META, META_ID, OBJECTIVES, TABLE_MODELS, TEAMS, Scope
from okrtui.storage.lazy_checkins import LazyCheckins
from okrtui.storage.scopes import OrderedCheckins
from okrtui.storage.summaries import list_summary
from okrtui.storage.spans import last_ids, spans_of
from okrtui.storage.trusted import builder


def _edits_krs(entry: dict) -> bool:
    return edits_krs(entry.get("action"), entry.get("kr_ids"))


class StoreDecoding:
    """Store's reading half; the attributes are Store's (set in its __init__)."""

    path: Path
    clock: Clock
    digests: DigestCache
    _validated: dict[str, dict[str, tuple[dict, Any]]]
    _zone_name: str | None
    log_path: Path
    _log_rows: dict[int, tuple[bytes, Change]]
    _normalised: bool  # the last _decode changed a row as validation stored it (not remembered as proven)

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
        self._normalised = False
        trusted = raw is not None and path == self.path and self.digests.trusted(raw)
        wanted = scope(data) if trusted and scope is not None else {}
        tables: dict[str, list[Any]] = {}
        deferred: dict[str, tuple[type[Model], dict]] = {}
        lazy_checkins: LazyCheckins | None = None
        for name, model in TABLE_MODELS.items():
            table = data.get(name, {})
            if not isinstance(table, dict):
                raise InvalidDatabase(_("{path}: table '{table}' is not a table").format(path=path, table=name))
            if trusted:
                if scope is not None:
                    keys = wanted.get(name, set())
                    if isinstance(keys, dict):  # rows the scope gives instead (a list's KPIs without readings)
                        table = keys
                    elif keys is not None:
                        table = {k: table[k] for k in keys if k in table}
                if name in DEFERRED and table:
                    deferred[name] = (model, table)
                    tables[name] = []
                elif name == CHECKINS and (scope is None or isinstance(table, OrderedCheckins)):
                    # built per KR on first use; a list's scope gives each KR's first and last in order
                    lazy_checkins = LazyCheckins(table, self._validated.get(CHECKINS),
                                                 ordered=isinstance(table, OrderedCheckins))
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
            # proven like the rows: a read that validates nothing builds no pydantic validator at all
            meta = builder(Meta)(None, meta_record) if trusted else Meta.model_validate(meta_record)
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
                              [], tables[COMMENTS], tables[TEAMS], tables[INITIATIVES])
        rows = data.get(CHANGES)
        if isinstance(rows, dict):  # the archive's log, or an older file migrated in memory only
            workspace.changes = [self._validate_row(Change, CHANGES, key, doc, path) for key, doc in rows.items()]
        elif path == self.path:
            # The log file beside it (schema 11), read on first use, as far as this state of the data goes.
            database_id = data[META][str(META_ID)].get("database_id")
            workspace.defer(CHANGES, lambda: self._read_changes(database_id, meta.revision, meta.log_size))
            # What the target marks read, when nothing has read the whole log: its entries that edit
            # KRs, without validating the check-ins' (most of a quarter's log; list at L: 0.9 s).
            workspace.defer("kr_edits", lambda: self._read_changes(database_id, meta.revision, meta.log_size,
                                                                   keep=_edits_krs))
        if lazy_checkins is not None:
            workspace.defer_checkins(lazy_checkins)  # built per KR on first use (lazy_checkins.py)
        for name, (model, table) in deferred.items():
            workspace.defer(name, lambda model=model, name=name, table=table: self._trusted_table(
                model, name, table, whole=scope is None))
        if raw is not None and path == self.path and not trusted and not self._normalised:
            # every row of these bytes was just validated, and stored as it reads; with where its tables
            # lie (when laid out as okrtui writes) and what a list reads of them
            self.digests.remember(raw, spans_of(data, raw), list_summary(data), last_ids=last_ids(data))
        return workspace

    def _read_changes(self, database_id: str | None, revision: int, size: int,
                      keep: Callable[[dict], bool] | None = None) -> list[Change]:
        """The change log's entries, oldest first, each line validated once per process; with `keep`,
        only the lines whose parsed entry it keeps (every line is still parsed and its id checked)."""
        known = self._log_rows
        out: list[Change] = []
        for line in read_log(self.log_path, self.path, database_id, revision, size):
            if keep is not None and not keep(line.data):
                continue
            seen = known.get(line.id)
            if seen is not None and seen[0] == line.raw:
                out.append(seen[1])
                continue
            try:
                change = Change.model_validate(line.data)
            except ValidationError as error:
                raise InvalidDatabase(
                    _("{path}, line {line}: the change log entry {id} is invalid: {problem}; the file was left "
                      "unchanged; correct or delete that line").format(
                        path=self.log_path, line=line.number, id=line.id,
                        problem="; ".join(m for _f, m in describe_errors(error)))
                ) from None
            known[line.id] = (line.raw, change)
            out.append(change)
        if any((a.id or 0) >= (b.id or 0) for a, b in zip(out, out[1:])):
            out.sort(key=lambda c: c.id or 0)
        return out

    def _trusted_table(self, model: type[Model], name: str, table: dict, whole: bool = True) -> list[Any]:
        """Rows proven valid by the digest cache, as models: those this process already holds
        are reused, the others built without validation. A whole table's rows are remembered
        as the validated ones (proven valid is as good as validated)."""
        seen = self._validated.get(name, {})
        build = builder(model) if table else None  # no table, no builder to write (trusted.builder)
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
        build = builder(model)
        for key, doc in table.items():
            known = seen.get(key)
            if known is not None and known[0] == doc:
                validated = known[1]
            else:
                validated = self._validate_row(model, name, key, doc, self.path)
                if not self._builds_as_validated(build, key, doc, validated):
                    # Validation changed the row (a trimmed title, "2026q4" as "2026-Q4"): building it
                    # from these bytes as proven would give another record, so the bytes are not
                    # remembered, and the parsed file takes the row as validation stores it (a write
                    # keeps that form; the next read of the written file is proven).
                    doc = table[key] = validated.model_dump(mode="json", exclude={"id"})
                    self._normalised = True
            fresh[key] = (doc, validated)
            rows.append(validated)
        self._validated[name] = fresh
        return rows

    @staticmethod
    def _builds_as_validated(build: Callable[[Any, dict], Any], key: str, doc: dict, validated: Any) -> bool:
        """Whether the proven-row build (storage/trusted.py) of `doc` is the model validation made of it."""
        try:
            return bool(build(int(key), doc) == validated)
        except Exception:  # noqa: BLE001 - a row the builder cannot take is simply not proven
            return False

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
