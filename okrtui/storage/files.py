"""Reading the database file, and creating every file okrtui writes (write_file).

Teammates share the database's folder, so any of them can plant a link at a name okrtui is
about to write. No file is therefore ever opened at its final name: it is made under an
unguessable name with O_EXCL, then renamed or linked into place.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from pathlib import Path
from typing import BinaryIO, Callable

import orjson

from okrtui.i18n import _
from okrtui.storage.errors import DatabaseMissing, NotAnOkrtuiDatabase, NotJSON, Unreadable, Unwritable

NEW_FILE_MODE = 0o600
SHARED_FILE_MODE = 0o660


def new_file_mode(folder: Path) -> int:
    """0600, or 0660 in a setgid folder: the way a team configures sharing one file among a group
    (the group is inherited from the folder, so only its members can read and write)."""
    try:
        return SHARED_FILE_MODE if folder.stat().st_mode & stat.S_ISGID else NEW_FILE_MODE
    except OSError:
        return NEW_FILE_MODE


def read_json(path: Path) -> dict:
    """Parse the whole file; every failure is a DatabaseError that names the file."""
    return read_json_bytes(path)[0]


def read_json_bytes(path: Path, parse: Callable[[bytes], dict] | None = None) -> tuple[dict, bytes]:
    """The parsed file and exactly the bytes parsed (the digest cache proves them validated).
    `parse`: instead of orjson.loads (a scoped write's, spans.scoped_parse); raises as it does."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DatabaseMissing(_("no database at {path}").format(path=path)) from None
    except IsADirectoryError:
        raise Unreadable(_("{path} is a folder, not a database file").format(path=path)) from None
    except PermissionError:
        raise Unreadable(_("cannot read {path}: permission denied").format(path=path)) from None
    except OSError as error:
        raise Unreadable(_("cannot read {path}: {reason}").format(path=path, reason=error.strerror)) from None
    if not raw.strip():
        raise NotAnOkrtuiDatabase(_("{path} is empty, not an okrtui database").format(path=path))
    try:
        # orjson: ~2x faster to parse and ~20x faster to write than the json module at 40 MB,
        # and strict (no NaN, valid UTF-8 only).
        data = orjson.loads(raw) if parse is None else parse(raw)
    except orjson.JSONDecodeError as error:
        if b"\x00" in raw:
            raise NotJSON(_("{path} is not a text file, so not an okrtui database").format(path=path)) from None
        raise NotJSON(
            _("{path} is not valid JSON ({where}); it was left unchanged").format(path=path, where=describe_json_error(error))
        ) from None
    if not isinstance(data, dict):
        raise NotAnOkrtuiDatabase(_("{path} is JSON but not an okrtui database").format(path=path))
    return data, raw


def describe_json_error(error: orjson.JSONDecodeError) -> str:
    """Where and why a text stops being JSON (line, column), in plain words.

    orjson's own finding: the json module would recurse (a RecursionError on a file nested
    100,000 levels) and would read 1e400 as infinity.
    """
    reason = error.msg
    if "depth" in reason:
        reason = _("it is nested more than {n} levels deep").format(n=1024)
    elif "infinity" in reason:
        reason = _("a number is too large (like 1e400)")
    elif "UTF-8" in reason:
        return _("it is not UTF-8 text")
    return _("line {line}, column {col}: {msg}").format(line=error.lineno, col=error.colno, msg=reason)


def encode(data: dict) -> bytes:
    """Compact UTF-8 JSON; CJK stays readable in the file (not \\u-escaped)."""
    return orjson.dumps(data)


# O_EXCL never follows a link (POSIX) and O_NOFOLLOW says so twice; the name is unguessable besides.
_CREATE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


def temporary_name(path: Path) -> Path:
    """An unguessable name beside `path`, of the form remove_stale_temporaries sweeps."""
    return path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")


def write_file(path: Path, payload: bytes, *, mode: int | None = None, replace: bool = True, sync: bool = True,
               before_replace: Callable[[], None] | None = None) -> None:
    """The one way okrtui creates a file: every writer (database, archive, backups, lock, exports,
    reports, config, crash logs, screenshots) goes through here.

    The bytes go to a new file under an unguessable name (O_CREAT|O_EXCL|O_NOFOLLOW), with its mode
    set explicitly (the umask plays no part), fsynced, then moved to `path`: os.replace swaps a link
    planted at `path` for the file and never writes through it; with replace=False, os.link refuses
    any existing name, a link included. Raises OSError; a failure leaves no temporary behind.
    In a setgid folder the file takes the folder's group (the kernel's rule) and mode 0660.
    `before_replace` runs once the bytes are on disk, before the rename; if it raises, nothing is
    replaced (the database waits there for its change-log line to be on disk).
    """
    mode = new_file_mode(path.parent) if mode is None else mode
    temporary = temporary_name(path)
    fd = os.open(temporary, _CREATE_FLAGS, 0o600)
    try:
        try:
            os.fchmod(fd, mode)
            view = memoryview(payload)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            if sync:
                os.fsync(fd)
        finally:
            os.close(fd)
        if before_replace is not None:
            before_replace()
        if replace:
            os.replace(temporary, path)
        else:
            os.link(temporary, path)
    except BaseException:
        _discard(temporary)
        raise
    if not replace:
        _discard(temporary)
    if sync:
        _fsync_folder(path.parent)


def _discard(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def kept_mode(path: Path) -> int | None:
    """The permission bits of the regular file at `path` (a team may have set them), else None."""
    try:
        st = os.lstat(path)
    except OSError:
        return None
    return stat.S_IMODE(st.st_mode) & 0o777 if stat.S_ISREG(st.st_mode) else None


def atomic_write(path: Path, payload: bytes, before_replace: Callable[[], None] | None = None) -> None:
    """Replace the database (or its archive) whole: readers see the old file or the new one.

    A file keeps its permission bits; a new one follows the rule of new_file_mode.
    """
    folder = path.parent
    try:
        write_file(path, payload, mode=kept_mode(path), before_replace=before_replace)
    except PermissionError:
        raise Unwritable(_("cannot write in {folder}: permission denied").format(folder=folder)) from None
    except OSError as error:
        reason = _("the disk is full") if error.errno == errno.ENOSPC else error.strerror
        raise Unwritable(
            _("could not save {path}: {reason}; nothing was changed").format(path=path, reason=reason)
        ) from None


def write_output(path: Path, payload: bytes) -> None:
    """A file at a path the user named (export, report, screenshot), by the rule of write_file.

    An existing regular file (or a link) at the name is replaced, never written through; a folder,
    a device or a pipe is refused. Raises Unwritable with a sentence.
    """
    try:
        st = os.lstat(path)
    except OSError:
        st = None
    if st is not None and not (stat.S_ISREG(st.st_mode) or stat.S_ISLNK(st.st_mode)):
        raise Unwritable(_("cannot write {path}: it is not a regular file").format(path=path))
    try:
        write_file(path, payload)
    except OSError as error:
        reason = _("the disk is full") if error.errno == errno.ENOSPC else error.strerror
        raise Unwritable(_("cannot write {path}: {reason}").format(path=path, reason=reason)) from None


def private_folder(folder: Path) -> None:
    """Make `folder` (okrtui's own: config, crash logs) and keep it 0700. Raises OSError."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    st = os.stat(folder)
    if stat.S_IMODE(st.st_mode) != 0o700 and st.st_uid == os.geteuid():
        os.chmod(folder, 0o700)


def ensure_lock_file(path: Path) -> None:
    """Create the lock file by the rule of write_file before filelock opens it; refuse a link there,
    which would make every writer open (and an older filelock truncate) whatever it points to."""
    if os.path.islink(path):
        raise Unwritable(_("the lock file {lock} is a symbolic link, which okrtui never follows; delete it").format(lock=path))
    if os.path.lexists(path):
        return
    try:
        write_file(path, b"", replace=False, sync=False)  # empty: nothing to lose in a crash
    except FileExistsError:
        pass  # another writer made it first


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_stale_temporaries(path: Path) -> int:
    """Delete temporary files a killed writer left beside `path`.

    Only call this while holding the write lock: temporaries are made only
    under the lock, so any that exist then belong to a writer that died.
    """
    prefix = f".{path.name}."
    removed = 0
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return 0
    for entry in entries:
        if entry.name.startswith(prefix) and entry.name.endswith(".tmp"):
            try:
                os.unlink(entry.path)
                removed += 1
            except OSError:
                pass
    return removed


def check_writable(path: Path) -> None:
    """Refuse early (before taking the lock) when the file exists but may not be written."""
    if path.exists() and not os.access(path, os.W_OK):
        raise Unwritable(_("cannot write {path}: permission denied").format(path=path))
    if path.is_dir():
        raise Unreadable(_("{path} is a folder, not a database file").format(path=path))


def read_text_file(path: Path, limit: int = 8 * 1024 * 1024, what: str | None = None) -> str:
    """A UTF-8 text file the user named (a plan file, check-ins to record): its text, or Unreadable
    with a sentence. `what` names what the file should be, for the sentence when it is too large."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(limit + 1)
    except FileNotFoundError:
        raise Unreadable(_("there is no file {path}").format(path=path)) from None
    except IsADirectoryError:
        raise Unreadable(_("{path} is a folder, not a file").format(path=path)) from None
    except OSError as error:
        raise Unreadable(_("cannot read {path}: {reason}").format(path=path, reason=error.strerror)) from None
    return _decoded(raw, str(path), limit, what)


def read_text_stream(handle: BinaryIO, name: str, limit: int, what: str) -> str:
    """UTF-8 text from a stream (standard input), by the same rules as read_text_file."""
    try:
        raw = handle.read(limit + 1)
    except OSError as error:
        raise Unreadable(_("cannot read {path}: {reason}").format(path=name, reason=error.strerror)) from None
    return _decoded(raw, name, limit, what)


def _decoded(raw: bytes, path: str, limit: int, what: str | None) -> str:
    if len(raw) > limit:
        if what is None:
            raise Unreadable(_("{path} is larger than {n} MB; that is not a plan file").format(
                path=path, n=limit // (1024 * 1024)))
        raise Unreadable(_("{path} is larger than {n} MB; that is too large for {what}").format(
            path=path, n=limit // (1024 * 1024), what=what))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Unreadable(_("{path} is not UTF-8 text").format(path=path)) from None


def private_temporary_file(payload: bytes, prefix: str = "okrtui-", suffix: str = "") -> Path:
    """A new file only its owner can read and write (0600), made with O_EXCL under an unguessable
    name in the system's temporary folder (the plan `okrtui edit` opens in an editor)."""
    import tempfile

    folder = Path(tempfile.gettempdir())
    for _attempt in range(10):
        path = folder / f"{prefix}{secrets.token_hex(8)}{suffix}"
        try:
            fd = os.open(path, _CREATE_FLAGS, NEW_FILE_MODE)
        except FileExistsError:
            continue
        try:
            os.fchmod(fd, NEW_FILE_MODE)
            view = memoryview(payload)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
        return path
    raise FileExistsError(errno.EEXIST, _("every temporary name is taken"))


def rewrite_private_file(path: Path, payload: bytes) -> None:
    """Replace the private file made by private_temporary_file (0600, never through a link)."""
    write_file(path, payload, mode=NEW_FILE_MODE, sync=False)


def remove_file(path: Path) -> None:
    _discard(path)
