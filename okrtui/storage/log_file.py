"""The change log's own file beside the database (schema 11): `okr.log.jsonl` for `okr.json`.

One JSON object a line: a header naming the database it belongs to, then one line per logged
change, oldest first. A change's id is the database revision its write produced, so a line can
always be matched with the data:

- a writer, under the database's lock, appends the change's line and fsyncs it, then replaces the
  database (whose meta records the new revision and the log's length, `log_size`);
- a reader takes only the lines whose id is at most the database's revision (a line beyond it is a
  write that never completed) and leaves out a torn last line (a crash mid-append);
- the next writer cuts such lines off before appending its own (reading the few bytes after
  `log_size` only: a check-in at L never parses, digests nor rewrites the log's bytes).

The file is opened with O_NOFOLLOW and refused when it is a link, not a regular file, owned by
neither the user nor the database's owner, or writable by anyone; a new or rewritten file is made by
files.write_file (O_EXCL under an unguessable name, the database's mode rule, then renamed).
"""

from __future__ import annotations

import errno
import os
import stat
import threading
from pathlib import Path
from typing import NamedTuple

import orjson

from okrtui.i18n import _
from okrtui.storage.errors import InvalidDatabase, Unreadable, Unwritable
from okrtui.storage.files import kept_mode, new_file_mode, write_file

LOG_FORMAT = 1
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


class LogLine(NamedTuple):
    number: int  # the line's number in the file (1: the header)
    id: int
    raw: bytes
    data: dict


def log_path_of(db_path: Path) -> Path:
    return db_path.with_name(f"{db_path.stem}.log.jsonl")


def header(database_id: str | None) -> bytes:
    return orjson.dumps({"okrtui_log": LOG_FORMAT, "database_id": database_id}) + b"\n"


def entry_line(change_id: int, entry: dict) -> bytes:
    return orjson.dumps({"id": change_id, **entry}) + b"\n"


def _open(path: Path, flags: int, db_path: Path) -> int | None:
    """The log file opened without following a link, and checked; None when there is none."""
    try:
        fd = os.open(path, flags | _NOFOLLOW)
    except FileNotFoundError:
        return None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise Unwritable(_("the change log {path} is a symbolic link, which okrtui never follows; "
                               "delete it").format(path=path)) from None
        raise Unreadable(_("cannot open the change log {path}: {reason}").format(
            path=path, reason=error.strerror)) from None
    try:
        _check_owner(os.fstat(fd), path, db_path)
    except BaseException:
        os.close(fd)
        raise
    return fd


def _check_owner(st: os.stat_result, path: Path, db_path: Path) -> None:
    """A regular file, owned by me or by the database's owner, that no one else may write."""
    if not stat.S_ISREG(st.st_mode):
        raise Unreadable(_("the change log {path} is not a regular file").format(path=path))
    try:
        owners = {os.geteuid(), os.stat(db_path).st_uid}
    except OSError:
        owners = {os.geteuid()}
    if st.st_uid not in owners or st.st_mode & 0o002:
        raise Unreadable(_("the change log {path} is not owned by you or by the database's owner, or anyone may "
                           "write it; okrtui does not use it; check who made it").format(path=path))


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


def _check_header(line: bytes, path: Path, database_id: str | None) -> None:
    try:
        head = orjson.loads(line)
    except orjson.JSONDecodeError:
        head = None
    if not isinstance(head, dict) or head.get("okrtui_log") != LOG_FORMAT:
        raise InvalidDatabase(_("{path}, line 1: not the header of an okrtui change log; the file was left "
                                "unchanged").format(path=path))
    if head.get("database_id") != database_id:
        raise InvalidDatabase(_("{path} is the change log of another database (its id is {found}, this "
                                "database's is {expected}); move it away, and okrtui starts a new one").format(
            path=path, found=head.get("database_id"), expected=database_id))


def parse_log(payload: bytes, path: Path, database_id: str | None, revision: int) -> list[LogLine]:
    """The lines of completed writes (id at most `revision`), in file order; a line that is not an
    entry is refused with a sentence naming it (the log was edited by something else)."""
    lines = payload.split(b"\n")
    lines.pop()  # after the last newline: nothing, or the torn line of an interrupted append
    if not lines:
        return []
    _check_header(lines[0], path, database_id)
    out: list[LogLine] = []
    seen: set[int] = set()
    for number, raw in enumerate(lines[1:], 2):
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError:
            data = None
        change_id = data.get("id") if isinstance(data, dict) else None
        if not isinstance(change_id, int) or isinstance(change_id, bool) or change_id < 1:
            raise InvalidDatabase(_("{path}, line {line}: not a change log entry (no JSON object with a whole-number "
                                    "id); the file was left unchanged; correct or delete that line").format(
                path=path, line=number))
        if change_id > revision:
            continue  # appended by a write that did not complete
        if change_id in seen:
            raise InvalidDatabase(_("{path}, line {line}: a second entry with the id {id}; the file was left "
                                    "unchanged; delete one of them").format(path=path, line=number, id=change_id))
        seen.add(change_id)
        assert isinstance(data, dict)
        out.append(LogLine(number, change_id, raw, data))
    return out


def read_log(path: Path, db_path: Path, database_id: str | None, revision: int, size: int) -> list[LogLine]:
    """The log's lines that belong to the database read (revision, log_size from its meta)."""
    if size <= 0:
        return []  # no log was started for this database (a file left beside it is someone else's)
    fd = _open(path, os.O_RDONLY, db_path)
    if fd is None:
        return []
    try:
        payload = _read_all(fd)
    except OSError as error:
        raise Unreadable(_("cannot read the change log {path}: {reason}").format(
            path=path, reason=error.strerror)) from None
    finally:
        os.close(fd)
    return parse_log(payload, path, database_id, revision)


def write_log(path: Path, database_id: str | None, lines: list[bytes]) -> int:
    """Replace the whole log (a new database, a migration, an archived quarter): temp, fsync, rename."""
    payload = header(database_id) + b"".join(lines)
    try:
        write_file(path, payload, mode=kept_mode(path) or new_file_mode(path.parent))
    except OSError as error:
        reason = _("the disk is full") if error.errno == errno.ENOSPC else error.strerror
        raise Unwritable(_("could not save the change log {path}: {reason}; nothing was changed").format(
            path=path, reason=reason)) from None
    return len(payload)


class Append:
    """An append whose bytes are written and whose flush to disk runs in a thread meanwhile: the
    database is encoded and written to its temporary file while the log's line reaches the disk;
    `wait()` (files.write_file's before_replace) holds the database's rename until it has."""

    def __init__(self, path: Path, size: int, fd: int = -1):
        self.path, self.size, self._fd = path, size, fd
        self._error: OSError | None = None
        self._thread: threading.Thread | None = None
        if fd >= 0:
            self._thread = threading.Thread(target=self._sync, name="okrtui-log-sync", daemon=True)
            self._thread.start()

    def _sync(self) -> None:
        try:
            _sync(self._fd)
        except OSError as error:
            self._error = error

    def wait(self) -> None:
        """Raises Unwritable when the line could not be made durable (the database is then not replaced)."""
        self.close()
        if self._error is not None:
            raise _unwritable(self.path, self._error)

    def close(self) -> None:
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1


def _unwritable(path: Path, error: OSError) -> Unwritable:
    reason = _("the disk is full") if error.errno == errno.ENOSPC else error.strerror
    return Unwritable(_("could not save the change log {path}: {reason}; nothing was changed").format(
        path=path, reason=reason))


def append_log(path: Path, db_path: Path, lines: bytes, *, database_id: str | None, revision: int,
               size: int) -> Append:
    """Under the lock, before the database is replaced: add `lines` after the `size` bytes the
    database knows, cutting off what incomplete writes left. The returned Append names the log's
    new length; its wait() returns once the lines are on disk."""
    if size <= 0:
        return Append(path, write_log(path, database_id, [lines]))
    fd = _open(path, os.O_RDWR, db_path)
    if fd is None:  # deleted by someone: the log starts again (the data never depended on it)
        return Append(path, write_log(path, database_id, [lines]))
    try:
        _check_header(os.pread(fd, 4096, 0).split(b"\n", 1)[0], path, database_id)
        length = os.fstat(fd).st_size
        if length != size and not _cut_incomplete(fd, length, size, revision):
            kept = [line.raw + b"\n" for line in _kept_lines(fd, path, database_id, revision)]
            os.close(fd)
            fd = -1
            return Append(path, write_log(path, database_id, [*kept, lines]))
        os.lseek(fd, 0, os.SEEK_END)
        view = memoryview(lines)
        while view:
            view = view[os.write(fd, view):]
    except OSError as error:
        if fd >= 0:
            os.close(fd)
        raise _unwritable(path, error) from None
    except BaseException:
        if fd >= 0:
            os.close(fd)
        raise
    return Append(path, size + len(lines), fd)  # the flush runs while the database is written


def _sync(fd: int) -> None:
    """The appended bytes and the file's new length on disk before the database is replaced
    (fdatasync: the length is flushed, the modification time need not be)."""
    getattr(os, "fdatasync", os.fsync)(fd)


def _cut_incomplete(fd: int, length: int, size: int, revision: int) -> bool:
    """Truncate the log to `size` when all it holds beyond are lines of incomplete writes (the
    usual case: a crash after the append); False when the file is not simply that (an archived
    quarter's rewrite that did not complete, a restored database, an edit): then it is rewritten."""
    if length < size or os.pread(fd, 1, size - 1) != b"\n":
        return False
    tail = os.pread(fd, length - size, size).split(b"\n")
    tail.pop()  # a torn line, or nothing
    for raw in tail:
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError:
            return False
        change_id = data.get("id") if isinstance(data, dict) else None
        if not isinstance(change_id, int) or change_id <= revision:
            return False
    os.ftruncate(fd, size)
    return True


def _kept_lines(fd: int, path: Path, database_id: str | None, revision: int) -> list[LogLine]:
    os.lseek(fd, 0, os.SEEK_SET)
    return parse_log(_read_all(fd), path, database_id, revision)
