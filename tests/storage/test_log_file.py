"""The change log in a file of its own (schema 11): appended under the database's lock, never
disagreeing with the data after a crash at any step, refused when it is not okrtui's."""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import pytest

from okrtui.domain.models import SCHEMA_VERSION
from okrtui.storage import log_file, store as store_module, store_backups
from okrtui.storage.archive import archive_quarter
from okrtui.storage.errors import InvalidDatabase, Unwritable
from okrtui.storage.repository import Repository
from tests.ui.ui_helpers import pinned_clock

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture
def repo(tmp_path):
    repo = Repository(tmp_path / "okr.json", clock=pinned_clock(), author="王小明")
    repo.create()
    objective = repo.add_objective(quarter="2026-Q4", title="Grow", team="Sales")
    repo.add_key_result(objective.id, title="Clients", start=0, target=50)
    return repo


def lines(repo: Repository) -> list[dict]:
    return [json.loads(line) for line in repo.log_path.read_bytes().splitlines()]


def meta(repo: Repository) -> dict:
    return json.loads(repo.path.read_text(encoding="utf-8"))["meta"]["1"]


def test_the_log_is_a_private_file_beside_the_database_with_one_line_per_change(repo):
    assert repo.log_path == repo.path.with_name("okr.log.jsonl")
    assert stat.S_IMODE(os.lstat(repo.log_path).st_mode) == 0o600
    head, *entries = lines(repo)
    assert head == {"okrtui_log": 1, "database_id": meta(repo)["database_id"]}
    assert [e["action"] for e in entries] == ["create", "create"]
    # A change's id is the revision its write produced; the database knows the log's length.
    assert entries[-1]["id"] == meta(repo)["revision"]
    assert meta(repo)["log_size"] == repo.log_path.stat().st_size
    assert "changes" not in json.loads(repo.path.read_text(encoding="utf-8"))


def test_the_log_is_group_shared_in_a_setgid_folder(tmp_path):
    folder = tmp_path / "team"
    folder.mkdir()
    os.chmod(folder, 0o2770)
    repo = Repository(folder / "okr.json", author="ann")
    repo.add_objective(quarter="2026-Q4", title="Grow", team="Sales")
    assert stat.S_IMODE(os.lstat(repo.log_path).st_mode) == 0o660


def test_a_check_in_appends_one_line_and_never_reads_the_log(repo, monkeypatch):
    before = repo.log_path.read_bytes()

    def refuse(*args, **kwargs):
        raise AssertionError("a check-in parsed the log")

    monkeypatch.setattr(log_file, "parse_log", refuse)
    monkeypatch.setattr(log_file, "write_log", refuse)
    repo.record_checkin(1, 10, confidence=7)
    after = repo.log_path.read_bytes()
    assert after.startswith(before) and after[len(before):].count(b"\n") == 1
    monkeypatch.undo()
    assert [c.action for c in repo.load().changes] == ["create", "create", "checkin"]


def test_a_crash_after_the_append_leaves_a_line_no_reader_sees_and_the_next_write_cuts(repo, monkeypatch):
    def crash(*args, **kwargs):
        raise OSError("power cut")

    monkeypatch.setattr(store_module, "atomic_write", crash)
    with pytest.raises(OSError):
        repo.record_checkin(1, 10, confidence=7)
    monkeypatch.undo()
    assert lines(repo)[-1]["action"] == "checkin"  # appended, but the database never said so
    assert [c.action for c in Repository(repo.path).load().changes] == ["create", "create"]
    assert Repository(repo.path).load().checkins == []
    repo.update_key_result(1, target=40)
    entries = lines(repo)[1:]
    assert [e["action"] for e in entries] == ["create", "create", "edit"]
    assert entries[-1]["id"] == meta(repo)["revision"]
    assert [c.action for c in repo.load().changes] == ["create", "create", "edit"]


def test_the_database_is_not_replaced_until_the_line_is_on_disk(repo, monkeypatch):
    before = repo.path.read_bytes()

    def full_disk(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(log_file, "_sync", full_disk)
    with pytest.raises(Unwritable, match="could not save the change log .*the disk is full"):
        repo.record_checkin(1, 10, confidence=7)
    monkeypatch.undo()
    assert repo.path.read_bytes() == before
    assert list(repo.path.parent.glob(".okr.json.*.tmp")) == []
    assert [c.action for c in repo.load().changes] == ["create", "create"]


def test_a_torn_last_line_is_ignored_by_readers_and_cut_by_the_next_writer(repo):
    with open(repo.log_path, "ab") as handle:
        handle.write(b'{"id": 99, "at": "2026-11-')  # a crash in the middle of an append
    assert len(repo.load().changes) == 2
    repo.update_key_result(1, target=40)
    assert [e["action"] for e in lines(repo)[1:]] == ["create", "create", "edit"]
    assert len(repo.load().changes) == 3


def test_a_restored_older_database_sees_only_its_own_changes(repo):
    older = repo.path.read_bytes()
    repo.update_key_result(1, target=40)
    repo.update_key_result(1, target=30)
    repo.path.write_bytes(older)  # a backup put back: the log holds two changes it never made
    assert [c.action for c in repo.load().changes] == ["create", "create"]
    repo.update_key_result(1, title="Customers")
    assert [e["id"] for e in lines(repo)[1:]] == [2, 3, 4]
    assert [c.records[0].after for c in repo.load().changes][-1] == {"title": "Customers"}


def test_an_interrupted_archive_rewrite_is_repaired_by_the_next_write(repo, monkeypatch):
    repo.add_objective(quarter="2026-Q3", title="Old", team="Sales")
    saved = repo._save

    def crash(*args, **kwargs):
        raise OSError("power cut")

    monkeypatch.setattr(repo, "_save", crash)
    with pytest.raises(OSError):
        archive_quarter(repo, "2026-Q3")  # archive and log written, the database not
    monkeypatch.setattr(repo, "_save", saved)
    # The Q3 entry is safe in the archive, which a second run finishes (as for the records).
    archived = json.loads(repo.archive_path.read_text(encoding="utf-8"))["changes"]
    assert [row["quarter"] for row in archived.values()] == ["2026-Q3"]
    assert [c.quarter for c in repo.load().changes] == ["2026-Q4", "2026-Q4"]
    repo.update_key_result(1, target=40)  # the database's log_size is stale: the log is kept, not cut
    assert [e["id"] for e in lines(repo)[1:]] == [2, 3, 5]
    archive_quarter(repo, "2026-Q3")
    assert [c.quarter for c in repo.load().changes] == ["2026-Q4", "2026-Q4", "2026-Q4"]
    assert [e["quarter"] for e in lines(repo)[1:]] == ["2026-Q4", "2026-Q4", "2026-Q4"]
    everything = repo.load(with_archive=True).changes
    assert [c.id for c in everything] == [2, 3, 4, 5]


def test_a_foreign_line_is_refused_with_a_sentence_naming_it(repo):
    with open(repo.log_path, "ab") as handle:
        handle.write(b"hello\n")
    with pytest.raises(InvalidDatabase, match=r"okr\.log\.jsonl, line 4: not a change log entry"):
        _ = repo.load().changes
    # Refused, not repaired: a write that finds more than its log knows reads what is there (a check-in
    # that finds the log as it left it reads none of it), and saves nothing.
    before = repo.path.read_bytes()
    with pytest.raises(InvalidDatabase, match=r"line 4: not a change log entry"):
        repo.record_checkin(1, 10, confidence=7)
    assert repo.path.read_bytes() == before


def test_an_invalid_entry_is_refused_with_a_sentence_naming_it(repo):
    with open(repo.log_path, "ab") as handle:
        handle.write(json.dumps({"id": 2, "at": "soon", "action": "edit"}).encode() + b"\n")
    with pytest.raises(InvalidDatabase, match=r"line 4: a second entry with the id 2"):
        _ = repo.load().changes
    repo.log_path.write_bytes(repo.log_path.read_bytes().replace(b'"id": 2, "at": "soon"', b'"id": 1, "at": "soon"'))
    with pytest.raises(InvalidDatabase, match=r"line 4: the change log entry 1 is invalid"):
        _ = repo.load().changes


def test_a_log_of_another_database_is_refused_and_a_new_database_starts_its_own(repo, tmp_path):
    other = Repository(tmp_path / "other.json", author="ann")
    other.add_objective(quarter="2026-Q4", title="Theirs", team="Ops")
    shutil.copy(other.log_path, repo.log_path)
    with pytest.raises(InvalidDatabase, match="change log of another database"):
        _ = repo.load().changes
    with pytest.raises(InvalidDatabase, match="change log of another database"):
        repo.update_key_result(1, target=40)
    repo.path.unlink()  # a new database at the same name: the stale log is replaced, not read
    repo.create()
    assert repo.load().changes == []
    repo.add_objective(quarter="2026-Q4", title="Fresh", team="Sales")
    assert [c.action for c in repo.load().changes] == ["create"]


def test_a_link_at_the_log_is_never_followed(repo, tmp_path):
    target = tmp_path / "elsewhere.txt"
    target.write_bytes(b"mine\n")
    repo.log_path.unlink()
    repo.log_path.symlink_to(target)
    with pytest.raises(Unwritable, match="symbolic link"):
        repo.update_key_result(1, target=40)
    with pytest.raises(Unwritable, match="symbolic link"):
        _ = repo.load().changes
    assert target.read_bytes() == b"mine\n"


def test_a_log_anyone_may_write_is_refused(repo):
    os.chmod(repo.log_path, 0o666)
    with pytest.raises(InvalidDatabase.__base__, match="anyone may write it"):  # type: ignore[arg-type]
        _ = repo.load().changes


def test_schema_10_moves_its_log_to_the_file_with_a_backup(tmp_path):
    path = tmp_path / "okr.json"
    shutil.copy(FIXTURES / "schema-v10.json", path)
    rows = json.loads(path.read_text(encoding="utf-8"))["changes"]
    workspace = Repository(path).load()
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert raw["meta"]["1"]["schema_version"] == SCHEMA_VERSION == 11
    assert "changes" not in raw and len(list(tmp_path.glob("okr.json.v10-*.bak"))) == 1
    logged = [json.loads(line) for line in (tmp_path / "okr.log.jsonl").read_bytes().splitlines()[1:]]
    assert logged == [{"id": int(key), **row} for key, row in rows.items()]
    assert [c.id for c in workspace.changes] == [1, 2] and workspace.changes[0].records[0].after == {"target": 40.0}
    assert raw["meta"]["1"]["revision"] >= 2  # new changes get ids above the migrated ones
    assert raw["meta"]["1"]["log_size"] == (tmp_path / "okr.log.jsonl").stat().st_size
    repo = Repository(path, author="王小明")
    repo.update_key_result(1, target=45)
    assert [c.id for c in repo.load().changes] == [1, 2, 3]


def test_an_interrupted_migration_is_done_again_whole(tmp_path, monkeypatch):
    path = tmp_path / "okr.json"
    shutil.copy(FIXTURES / "schema-v10.json", path)
    original = path.read_bytes()

    def crash(*args, **kwargs):
        raise OSError("power cut")

    monkeypatch.setattr(store_backups, "atomic_write", crash)
    with pytest.raises(OSError):
        Repository(path).migrate()
    monkeypatch.undo()
    assert path.read_bytes() == original  # still schema 10, with its log inside
    assert (tmp_path / "okr.log.jsonl").exists()  # written first, harmless: rewritten whole
    workspace = Repository(path).load()
    assert [c.id for c in workspace.changes] == [1, 2]
    assert len((tmp_path / "okr.log.jsonl").read_bytes().splitlines()) == 3


def test_the_schema_11_fixture_opens_with_its_log(tmp_path):
    path = tmp_path / "okr.json"
    shutil.copy(FIXTURES / "schema-v11.json", path)
    shutil.copy(FIXTURES / "schema-v11.log.jsonl", tmp_path / "okr.log.jsonl")
    original = path.read_bytes()
    workspace = Repository(path).load()
    assert path.read_bytes() == original  # the current schema: not rewritten
    assert [(c.id, c.action) for c in workspace.changes] == [(1, "edit"), (2, "comment")]
    assert workspace.meta.log_size == (tmp_path / "okr.log.jsonl").stat().st_size


def test_a_read_only_store_never_creates_the_log(tmp_path):
    path = tmp_path / "okr.json"
    shutil.copy(FIXTURES / "schema-v10.json", path)
    workspace = Repository(path, read_only=True).load()  # migrated in memory only
    assert [c.id for c in workspace.changes] == [1, 2]
    assert not (tmp_path / "okr.log.jsonl").exists()
    assert json.loads(path.read_text(encoding="utf-8"))["meta"]["1"]["schema_version"] == 10
