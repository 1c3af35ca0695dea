"""Migrations and backups: an older file brought up to the schema, a copy kept beside it first."""

from __future__ import annotations

import errno
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING

from okrtui.domain.models import SCHEMA_VERSION
from okrtui.i18n import _
from okrtui.storage.errors import (
    Unwritable,
)
from okrtui.storage.files import (
    atomic_write,
    encode,
    read_json,
    write_file,
)
from okrtui.storage.changelog import CHANGES
from okrtui.storage.log_file import entry_line, write_log
from okrtui.storage.migrations import MIGRATIONS
from okrtui.storage.tables import META, META_ID
from okrtui.storage.store_decode import StoreDecoding


class StoreBackups(StoreDecoding):
    """Store's migrations and backups; the lock and the read-only guard are Store's."""

    backup_path: Path
    read_only: bool

    if TYPE_CHECKING:
        def _locked(self) -> AbstractContextManager[None]: ...

        def _refuse_if_read_only(self) -> None: ...

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
        self._move_log_out(data)
        atomic_write(self.path, encode(data))
        return data

    def _move_log_out(self, data: dict) -> None:
        """Schema 11: the log's rows to the log file (replaced whole, fsynced), then out of the data,
        whose meta records the log's length. Interrupted before the database is replaced, the file
        is still at its old schema, and the next open migrates it again, writing the log anew."""
        rows = data.pop(CHANGES, None)
        if not isinstance(rows, dict):
            return
        meta = data[META][str(META_ID)]
        lines = [entry_line(int(key), {k: v for k, v in row.items() if k != "id"})
                 for key, row in sorted(rows.items(), key=lambda kv: int(kv[0]))]
        meta["log_size"] = write_log(self.log_path, meta.get("database_id"), lines) if lines else 0

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
