"""The digest cache (issue 21): a file okrtui validated or wrote, unchanged since, is not validated
again; any changed byte, a damaged cache entry, or one that is not the user's own, means full
validation."""

from __future__ import annotations

import os
from pathlib import Path

import orjson
import pytest

from okrtui.storage import digests
from okrtui.storage.demo import install_demo
from okrtui.storage.errors import DatabaseError, InvalidDatabase
from okrtui.storage.repository import Repository
from okrtui.storage.store import Store
from okrtui.storage.summaries import SUMMARY_NAMES
from tests.conftest import pinned_clock


@pytest.fixture
def validations(monkeypatch) -> list[str]:
    """The table of every row validated in full (Store._validate_row), in order."""
    seen: list[str] = []
    original = Store._validate_row

    def counting(model, table, key, doc, path):
        seen.append(table)
        return original(model, table, key, doc, path)

    monkeypatch.setattr(Store, "_validate_row", staticmethod(counting))
    return seen


def _demo(tmp_path: Path) -> Path:
    db = tmp_path / "okr.json"
    install_demo(db, pinned_clock())
    repo = Repository(db, clock=pinned_clock(), author="ann")
    kr = repo.load().key_results[0]
    repo.record_checkin(kr.id, kr.value + 1, confidence=6, note="a note")  # a change log entry
    repo.add_comment("key_result", kr.id, "first comment")
    return db


def _fresh_load(db: Path):
    """A new process's read: a new Store, nothing remembered in memory."""
    return Repository(db, clock=pinned_clock()).load()


def test_an_unchanged_file_written_by_okrtui_is_not_validated_again(tmp_path, validations):
    db = _demo(tmp_path)
    validations.clear()
    workspace = _fresh_load(db)
    assert validations == []
    assert workspace.key_results and workspace.checkins and workspace.changes and workspace.comments


def test_trusted_models_equal_validated_ones(tmp_path, monkeypatch):
    db = _demo(tmp_path)
    trusted = _fresh_load(db)
    monkeypatch.setenv(digests.CACHE_ENV, "0")
    validated = _fresh_load(db)
    for table in ("objectives", "key_results", "checkins", "kpis", "changes", "comments", "team_settings"):
        assert getattr(trusted, table) == getattr(validated, table), table
    assert trusted.meta == validated.meta
    assert [c.at for c in trusted.checkins] == [c.at for c in validated.checkins]
    assert all(c.at.utcoffset().total_seconds() == 0 for c in trusted.checkins)


def test_a_changed_byte_anywhere_is_caught_with_a_warm_cache(tmp_path, validations):
    db = _demo(tmp_path)
    original = db.read_bytes()
    assert Store(db).digests.trusted(original)
    # One byte made invalid in a KR's kind, an objective's title and the meta record, each in turn:
    # validation must run and refuse the file, though the cache was warm for the original bytes.
    for old, new in ((b'"kind":"increase"', b'"kind":"increasf"'), (b'"confidence":', b'"confidencf":'),
                     (b'"commitment":"', b'"commitmenu":"')):
        assert old in original
        db.write_bytes(original.replace(old, new, 1))
        with pytest.raises(InvalidDatabase):
            _fresh_load(db)
    # A byte changed anywhere else, keeping the file valid (a note's letter): validated in full.
    for position in range(0, len(original), max(1, len(original) // 40)):
        changed = bytearray(original)
        changed[position] ^= 0x01
        db.write_bytes(bytes(changed))
        validations.clear()
        try:
            _fresh_load(db)
        except DatabaseError:
            continue  # not JSON any more, or an invalid row: refused, never trusted
        assert validations, f"byte {position} changed, yet nothing was validated"


def test_a_corrupted_cache_entry_is_ignored(tmp_path, validations):
    db = _demo(tmp_path)
    entry = Store(db).digests.entry
    for garbage in (b"", b"{", b"[1, 2]", b'{"digest": "00"}', os.urandom(64), b"x" * 10_000):
        entry.write_bytes(garbage)
        os.chmod(entry, 0o600)
        validations.clear()
        workspace = _fresh_load(db)
        assert validations and workspace.key_results
    # and the full validation put a good entry back
    validations.clear()
    _fresh_load(db)
    assert validations == []


def test_an_entry_for_another_version_or_schema_is_not_trusted(tmp_path, validations, monkeypatch):
    db = _demo(tmp_path)
    monkeypatch.setattr(digests, "_code_identity", "9.9.9 another okrtui")
    validations.clear()
    _fresh_load(db)
    assert validations
    entry = Store(db).digests.entry
    payload = orjson.loads(entry.read_bytes())
    payload["schema"] -= 1
    entry.write_bytes(orjson.dumps(payload))
    validations.clear()
    _fresh_load(db)
    assert validations


def test_the_code_identity_follows_every_module_of_the_validation_rules():
    import ast

    package = Path(digests.__file__).resolve().parent.parent
    tree = ast.parse((package / "domain/models.py").read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    rule_modules = {m.removeprefix("okrtui.").replace(".", "/") + ".py" for m in imported
                    if m.startswith("okrtui.domain.")}
    assert rule_modules | {"domain/models.py"} == set(digests._RULE_MODULES)
    assert all((package / name).is_file() for name in digests._RULE_MODULES)
    assert "?" not in digests.code_identity().split()


def test_an_entry_that_is_a_link_or_not_private_or_someone_elses_is_not_trusted(tmp_path, validations, monkeypatch):
    db = _demo(tmp_path)
    entry = Store(db).digests.entry
    good = entry.read_bytes()

    elsewhere = tmp_path / "planted.json"
    elsewhere.write_bytes(good)
    os.chmod(elsewhere, 0o600)
    entry.unlink()
    entry.symlink_to(elsewhere)
    validations.clear()
    _fresh_load(db)
    assert validations, "a link at the entry's name was followed"

    entry.unlink(missing_ok=True)
    _fresh_load(db)  # a good entry again
    os.chmod(entry, 0o644)
    validations.clear()
    _fresh_load(db)
    assert validations, "an entry readable by others was trusted"

    _fresh_load(db)
    os.chmod(entry, 0o600)
    if os.geteuid() == 0:
        os.chown(entry, 65534, 65534)
    else:
        monkeypatch.setattr(digests.os, "geteuid", lambda: os.getuid() + 1)
    validations.clear()
    _fresh_load(db)
    assert validations, "an entry owned by someone else was trusted"


def test_a_folder_others_may_write_is_not_trusted(tmp_path, validations):
    db = _demo(tmp_path)
    folder = Store(db).digests.folder
    os.chmod(folder, 0o777)
    validations.clear()
    _fresh_load(db)
    assert validations


def test_the_entry_is_private_and_names_the_digest_of_the_written_bytes(tmp_path):
    db = _demo(tmp_path)
    store = Store(db)
    entry = store.digests.entry
    assert oct(entry.stat().st_mode & 0o777) == "0o600"
    assert oct(store.digests.folder.stat().st_mode & 0o777) == "0o700"
    payload = orjson.loads(entry.read_bytes())
    assert payload["digest"] == digests.file_digest(db.read_bytes())
    assert payload["path"] == os.path.realpath(db)


def test_a_check_in_on_a_trusted_file_validates_only_what_it_writes(tmp_path, validations):
    db = _demo(tmp_path)
    repo = Repository(db, clock=pinned_clock(), author="ann")
    kr = _fresh_load(db).key_results[1]
    validations.clear()
    checkin, _updated = repo.record_checkin(kr.id, kr.value + 1, confidence=5)
    # the new check-in, the KR it changed and the log entry; nothing else
    assert sorted(validations) == ["changes", "checkins", "key_results"]
    assert _fresh_load(db).key_result(kr.id).current == kr.value + 1
    assert any(c.id == checkin.id for c in _fresh_load(db).checkins)


def test_the_cache_can_be_turned_off(tmp_path, validations, monkeypatch):
    db = _demo(tmp_path)
    monkeypatch.setenv(digests.CACHE_ENV, "0")
    validations.clear()
    _fresh_load(db)
    assert validations


def test_bytes_checked_then_validated_are_hashed_once_and_named_by_their_algorithm(tmp_path, monkeypatch):
    db = _demo(tmp_path)
    raw = db.read_bytes()
    assert digests.file_digest(raw).startswith("sha256:")
    # an entry for other bytes (a foreign edit): checked, validated in full, remembered
    edited = raw.replace(b'"note":"a note"', b'"note":"a nose"', 1)
    assert edited != raw
    db.write_bytes(edited)
    hashed: list[int] = []
    original = digests.file_digest
    monkeypatch.setattr(digests, "file_digest", lambda payload: hashed.append(len(payload)) or original(payload))
    _fresh_load(db)
    cache = Store(db).digests
    summaries = [len(cache.summary_file(name).read_bytes()) for name in SUMMARY_NAMES]
    assert hashed == [len(raw), *summaries]  # the database's bytes once, then each summary written beside them
    assert cache.trusted(db.read_bytes())


def test_a_row_validation_normalises_is_never_built_raw_from_the_cache(tmp_path):
    """A foreign program's row that validation changes (padded title, lower-case quarter): the next
    process must not build it from the raw bytes as proven, and a write stores it as validated."""
    db = _demo(tmp_path)
    data = orjson.loads(db.read_bytes())
    key = next(iter(data["objectives"]))
    data["objectives"][key]["title"] = "  Padded title  "
    data["objectives"][key]["quarter"] = data["objectives"][key]["quarter"].lower().replace("-", "")
    db.write_bytes(orjson.dumps(data))  # another program's edit, bytes okrtui never proved
    expected_quarter = _fresh_load(db).objectives[0].quarter

    for _ in range(2):  # the first read validates; the second must not trust the raw rows
        objective = next(o for o in _fresh_load(db).objectives if o.id == int(key))
        assert objective.title == "Padded title"
        assert str(objective.quarter) == str(expected_quarter) and "-Q" in str(objective.quarter)

    repo = Repository(db, clock=pinned_clock(), author="ann")
    kr = repo.load().key_results[0]
    repo.record_checkin(kr.id, kr.value + 1, confidence=6)
    stored = orjson.loads(db.read_bytes())["objectives"][key]
    assert stored["title"] == "Padded title" and "-Q" in stored["quarter"]
    objective = next(o for o in _fresh_load(db).objectives if o.id == int(key))
    assert objective.title == "Padded title"
