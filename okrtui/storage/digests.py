"""Which database files this okrtui already validated: a digest cache (issue 21).

Validating every row of a file okrtui wrote itself, and nobody changed since, proves nothing
new. After the file's bytes were parsed and validated in full, or written by okrtui from
validated rows, their SHA-256 digest is kept in the user's state folder, keyed by the
database's real path, okrtui's version and the schema version. A later process whose bytes
have the same digest, under the same key, may skip validating the rows; anything else (another
tool's edit, a restored backup, a new okrtui, a changed validation rule in a checkout, a cache
entry that is damaged or not the user's own) is validated in full.

With the digest it may keep what a list reads of the two largest tables, as those bytes hold it:
each KR's first and last check-in, and the KPIs without their readings (storage/summaries.py; files
beside the entry, each named in the entry by its own digest). A list reads them instead of
parsing the tables (spans.lazy_loads). They are taken from the very rows that were validated or
written, so they are as proven as the digest.

Every read of an entry refuses what it cannot prove is this user's: a link, a file or folder
owned by someone else or writable by others, anything that does not parse. Entries are written
by the rule of files.write_file (O_EXCL under an unguessable name, mode 0600, then renamed).
"""

from __future__ import annotations

import hashlib
import os
import stat
import sys
from pathlib import Path

import orjson

from okrtui.domain.models import SCHEMA_VERSION
from okrtui.domain.versions import dist_info_version
from okrtui.storage.files import private_folder, write_file
from okrtui.storage.summaries import SUMMARY_NAMES

# "0" turns the cache off: every read validates in full (the bench's "before", a user's way out).
CACHE_ENV = "OKRTUI_DIGEST_CACHE"
_ENTRY_LIMIT = 16 * 1024  # a path of up to 4,096 bytes and 17 summary digests
_SUMMARY_LIMIT = 256 * 1024 * 1024  # each KR's two check-ins and the KPIs: ~0.4 MB at L, ~4 MB at XL
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NONBLOCK", 0)
# The modules whose rules validation applies: a checkout whose rules changed without a new
# version number (an editable install) must not trust digests taken under the old rules.
# models.py and the okrtui modules it imports (tests/storage/test_digest_cache.py keeps the list whole).
_RULE_MODULES = ("domain/models.py", "domain/ids.py", "domain/quarter.py", "domain/clock.py", "domain/pydantic_compat.py")


def file_digest(raw: bytes) -> str:
    """SHA-256, named: faster than blake2b where the CPU has SHA instructions (2.0 against 2.9 ms for
    L's 3.7 MB, 22 against 36 ms for XL's 37 MB), and an entry written under another algorithm never
    matches."""
    return "sha256:" + hashlib.sha256(raw).hexdigest()


def cache_folder() -> Path:
    from platformdirs import user_state_dir

    return Path(user_state_dir("okrtui", appauthor=False)) / "validated"


_code_identity: str | None = None


def code_identity() -> str:
    """okrtui's version and the state of its validation rules' source, cheaply (importlib.metadata
    costs ~40 ms to import: more than the validation it would save on a small file)."""
    global _code_identity
    if _code_identity is None:
        package = Path(__file__).resolve().parent.parent
        parts = [dist_info_version("okrtui", [str(package.parent), *sys.path]) or "0+unknown"]
        for name in _RULE_MODULES:
            try:
                st = os.stat(package / name)
                parts.append(f"{st.st_size}:{st.st_mtime_ns}")
            except OSError:
                parts.append("?")
        _code_identity = " ".join(parts)
    return _code_identity


def _checked_spans(spans: object) -> dict[str, tuple[int, int]] | None:
    """An entry's spans as {table: (start, end)}, or None when they are not that shape."""
    if not isinstance(spans, dict):
        return None
    out = {}
    for name, span in spans.items():
        if not (isinstance(span, list) and len(span) == 2 and all(type(n) is int for n in span)):
            return None
        out[name] = (span[0], span[1])
    return out


def _checked_ids(ids: object) -> dict[str, int]:
    """An entry's largest ids as {table: id} (only whole non-negative numbers), else none."""
    if not isinstance(ids, dict):
        return {}
    return {name: n for name, n in ids.items() if isinstance(name, str) and type(n) is int and n >= 0}


class DigestCache:
    """The cache entry of one database file."""

    def __init__(self, db_path: Path, folder: Path | None = None):
        self.db_path = str(Path(os.path.realpath(db_path)))
        self.folder = folder if folder is not None else cache_folder()
        name = hashlib.blake2b(self.db_path.encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()
        self.entry = self.folder / f"{name}.json"
        # The digest of the bytes last checked, with those very bytes (held: `is` is then exact), so
        # that bytes checked, found unknown, validated and remembered are hashed once, not twice.
        self._last: tuple[bytes, str] | None = None
        # The bytes `trusted` last proved (one use: the parse that asked, then _decode), and their spans.
        self._proven: bytes | None = None
        self._spans: dict[str, tuple[int, int]] | None = None
        self._last_ids: dict[str, int] = {}
        self._name = name
        # the digests of the summary files the entry of the bytes last proved names, by table
        self._summary_digests: dict[str, str] = {}

    def _digest(self, raw: bytes) -> str:
        last = self._last
        if last is not None and last[0] is raw:
            return last[1]
        digest = file_digest(raw)
        self._last = (raw, digest)
        return digest

    @staticmethod
    def enabled() -> bool:
        return os.environ.get(CACHE_ENV, "1") != "0"

    def _expected(self, digest: str) -> dict:
        return {"path": self.db_path, "okrtui": code_identity(), "schema": SCHEMA_VERSION, "digest": digest}

    def trusted(self, raw: bytes) -> bool:
        """True only when the entry is this user's, intact, and names these very bytes under this key."""
        if self._proven is not None and self._proven is raw:
            self._proven = None  # proven a moment ago for this very parse (spans.scoped_parse): once
            return True
        self._proven, self._spans, self._summary_digests, self._last_ids = None, None, {}, {}
        if not self.enabled():
            return False
        entry = self._read_entry()
        if entry is None:
            return False
        spans = entry.pop("spans", None)
        summary = entry.pop("summary", None)
        ids = entry.pop("last_ids", None)
        if entry == self._expected(self._digest(raw)):
            self._last = None  # nothing to remember: let the bytes go
            self._proven, self._spans, self._last_ids = raw, _checked_spans(spans), _checked_ids(ids)
            self._summary_digests = ({t: d for t, d in summary.items() if isinstance(d, str) and t.isidentifier()}
                                     if isinstance(summary, dict) else {})
            return True
        return False

    def spans(self) -> dict[str, tuple[int, int]] | None:
        """Where the tables lie in the bytes `trusted` just proved (kept with their digest), if known."""
        return self._spans

    def last_ids(self) -> dict[str, int]:
        """The largest id of the appendable tables in the bytes `trusted` just proved (spans.last_ids)."""
        return dict(self._last_ids)

    def summary_file(self, table: str) -> Path:
        return self.folder / f"{self._name}.{table}.json"

    def summary_digests(self) -> dict[str, str]:
        """The digests of the summary files of the bytes `trusted` last proved, by table (a write
        that keeps a table's bytes as they were keeps its summary: remember's `carried`)."""
        return dict(self._summary_digests)

    def summary(self) -> dict[str, dict[str, dict]] | None:
        """What a list reads of the bytes `trusted` just proved (storage/summaries.py: {name: {key: row}}),
        as kept with them: the files that are exactly the ones named; None when there is none."""
        out: dict[str, dict[str, dict]] = {}
        for table, expected in self._summary_digests.items():
            rows = self.summary_table(table, expected)
            if rows is not None:
                out[table] = rows
        return out or None

    def summary_table(self, table: str, expected: str) -> dict[str, dict] | None:
        """The rows of summary file `table` if it is this user's, private, and has the digest `expected`."""
        payload = self._read_private(self.summary_file(table), _SUMMARY_LIMIT)
        if payload is None or file_digest(payload) != expected:
            return None
        try:
            rows = orjson.loads(payload)
        except orjson.JSONDecodeError:
            return None
        if isinstance(rows, dict) and all(isinstance(row, dict) for row in rows.values()):
            return rows
        return None

    def remember(self, raw: bytes, spans: dict[str, tuple[int, int]] | None = None,
                 summary: dict[str, dict] | None = None, carried: dict[str, str] | None = None,
                 last_ids: dict[str, int] | None = None) -> None:
        """Record `raw` as validated (best effort: a state folder that cannot be written costs speed only),
        with where its tables lie (spans.encode_tables) and what a list reads of them
        (storage/summaries.py) when known; `carried`: summary files of tables whose bytes a write kept
        as they were (summary_digests of the bytes it read). Summaries are written before the entry."""
        if not self.enabled():
            return
        try:
            digest = self._digest(raw)
            self._last = None
            private_folder(self.folder)
            if not self._folder_is_private():
                return
            entry = self._expected(digest)
            if spans:
                entry["spans"] = {name: list(span) for name, span in spans.items()}
                if last_ids:
                    entry["last_ids"] = last_ids
            named = dict(carried or {})
            for table, rows in (summary or {}).items():
                payload = orjson.dumps(rows)
                write_file(self.summary_file(table), payload, mode=0o600, sync=False)
                named[table] = file_digest(payload)
            if named:
                entry["summary"] = named
            write_file(self.entry, orjson.dumps(entry), mode=0o600, sync=False)
        except OSError:
            pass

    def forget(self) -> None:
        for path in (self.entry, *(self.summary_file(table) for table in SUMMARY_NAMES)):
            try:
                os.unlink(path)
            except OSError:
                pass

    def _folder_is_private(self) -> bool:
        try:
            st = os.lstat(self.folder)
        except OSError:
            return False
        return stat.S_ISDIR(st.st_mode) and st.st_uid == os.geteuid() and not st.st_mode & 0o022

    def _read_private(self, path: Path, limit: int) -> bytes | None:
        """The bytes of a file of this cache, only if it is a regular file of this user's, private,
        in a private folder, and of at most `limit` bytes."""
        if not self._folder_is_private():
            return None
        try:
            fd = os.open(path, _OPEN_FLAGS)  # a link at the file's name fails here (O_NOFOLLOW)
        except OSError:
            return None
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode) or st.st_uid != os.geteuid() or st.st_mode & 0o077:
                return None
            if st.st_size > limit:
                return None
            chunks, left = [], st.st_size + 1
            while left > 0:
                chunk = os.read(fd, left)
                if not chunk:
                    break
                chunks.append(chunk)
                left -= len(chunk)
        except OSError:
            return None
        finally:
            os.close(fd)
        payload = b"".join(chunks)
        return payload if len(payload) <= limit else None

    def _read_entry(self) -> dict | None:
        payload = self._read_private(self.entry, _ENTRY_LIMIT)
        if payload is None:
            return None
        try:
            entry = orjson.loads(payload)
        except orjson.JSONDecodeError:
            return None
        return entry if isinstance(entry, dict) else None
