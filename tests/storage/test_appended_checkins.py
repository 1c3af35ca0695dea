"""A check-in on proven bytes adds its row after the check-ins' bytes instead of parsing and encoding
them again (spans.lazy_loads, working_table.KeptRows): the file written is byte for byte what the
full read-modify-write writes; any other change to a table kept so is refused before anything is
written; a largest id in the cache entry that is wrong or missing sends the write down the full path."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import orjson
import pytest

from okrtui.storage import spans as spans_module
from okrtui.storage.digests import CACHE_ENV
from okrtui.storage.demo import install_demo
from okrtui.storage.memory_db import replace_rows
from okrtui.storage.repository import Repository
from okrtui.storage.scopes import kr_scope
from okrtui.storage.store import Store
from okrtui.storage.summaries import SHARD_NAMES
from okrtui.storage.working_table import AppendOnly, KeptRows
from tests.cli.test_list_scope import _rich
from tests.conftest import pinned_clock
from tests.storage.test_list_summary import _document


@pytest.fixture
def kept(monkeypatch) -> list[bool]:
    """Per scoped write's parse: whether it left the check-ins as their bytes."""
    seen: list[bool] = []
    original = spans_module.lazy_loads

    def spying(raw, spans, scope, last=None):
        data = original(raw, spans, scope, last)
        seen.append(isinstance(data.get("checkins"), KeptRows))
        return data

    monkeypatch.setattr(spans_module, "lazy_loads", spying)
    return seen


def _proven(folder: Path) -> Path:
    folder.mkdir()
    db = folder / "okr.json"
    install_demo(db, pinned_clock())
    Repository(db, clock=pinned_clock()).load()  # validated in full: its entry keeps the largest id
    return db


def _twin(db: Path, folder: Path) -> Path:
    """A copy of `db` in another folder, with no digest-cache entry: its writes take the full path."""
    folder.mkdir()
    copy = folder / db.name
    shutil.copyfile(db, copy)
    os.chmod(copy, 0o600)
    log = db.with_name(db.name + ".log")
    if log.exists():
        shutil.copyfile(log, folder / log.name)
    return copy


def _checkin(db: Path, value: float, kr_id: int | None = None, ref: str | None = None) -> None:
    repo = Repository(db, clock=pinned_clock(), author="ann")
    if ref is not None:
        repo.checkin_by_reference(ref, str(value), "6", note="via ref")
        return
    kr = kr_id if kr_id is not None else repo.load().key_results[0].id
    repo.record_checkin(kr, value, confidence=5, note="n\u00e4he \"quoted\" \u2028", force=True)


def test_the_entry_keeps_the_largest_check_in_id(tmp_path):
    db = _proven(tmp_path / "a")
    ids = [int(k) for k in orjson.loads(db.read_bytes())["checkins"]]
    entry = orjson.loads(Store(db).digests.entry.read_bytes())
    assert entry["last_ids"] == {"checkins": max(ids)}
    _checkin(db, 3.0)
    entry = orjson.loads(Store(db).digests.entry.read_bytes())
    assert entry["last_ids"] == {"checkins": max(ids) + 1}


@pytest.mark.parametrize("by_reference", [False, True])
def test_an_appended_check_in_writes_the_bytes_the_full_path_writes(tmp_path, kept, monkeypatch, by_reference):
    db = _proven(tmp_path / "a")
    twin = _twin(db, tmp_path / "b")
    kr = Repository(db, clock=pinned_clock()).load().key_results[2]
    for value in (1.0, 2.5, 4.0):
        ref = str(kr.id) if by_reference else None
        _checkin(db, value, kr.id, ref)
        with monkeypatch.context() as off:
            off.setenv(CACHE_ENV, "0")
            _checkin(twin, value, kr.id, ref)
        assert db.read_bytes() == twin.read_bytes()
    assert kept == [True, True, True]  # the cached file's three writes appended; the twin parsed in full
    # and the file is wholly valid when read without the cache: three more check-ins, distinct ids
    monkeypatch.setenv(CACHE_ENV, "0")
    data = orjson.loads(db.read_bytes())
    assert len(data["checkins"]) == len(orjson.loads(twin.read_bytes())["checkins"])
    workspace = Repository(db, clock=pinned_clock()).load()
    assert [c.value for c in workspace.checkins_of(kr.id)][-3:] == [1.0, 2.5, 4.0]


def test_a_floor_above_the_largest_id_numbers_the_appended_row_above_it(tmp_path, kept, monkeypatch):
    db = _proven(tmp_path / "a")
    data = orjson.loads(db.read_bytes())
    floor = max(int(k) for k in data["checkins"]) + 50  # ids archived away: never handed out again
    data["meta"]["1"]["id_floor"] = {**data["meta"]["1"].get("id_floor", {}), "checkins": floor}
    db.write_bytes(orjson.dumps(data))
    Repository(db, clock=pinned_clock()).load()
    twin = _twin(db, tmp_path / "b")
    _checkin(db, 2.0)
    monkeypatch.setenv(CACHE_ENV, "0")
    _checkin(twin, 2.0)
    assert kept == [True]  # the twin, uncached, parsed in full
    assert db.read_bytes() == twin.read_bytes()
    assert str(floor + 1) in orjson.loads(db.read_bytes())["checkins"]


def _scoped_write(db: Path, change) -> None:
    store = Repository(db, clock=pinned_clock(), author="ann")
    kr = store.load().key_results[0]
    store._write(change, action="checkin", scope=kr_scope(kr.id, resolving=False))


@pytest.mark.parametrize("change, at_once", [
    (lambda db, ws: db.table("checkins").remove(doc_ids=[1]), True),
    (lambda db, ws: db.table("checkins").update({"note": "x"}, doc_ids=[1]), True),
    (lambda db, ws: db.table("checkins").insert({"kr_id": 1}), True),
    (lambda db, ws: replace_rows(db, "checkins", {1: {"kr_id": 1}}), True),
    (lambda db, ws: db.drop_table("checkins"), False),
    (lambda db, ws: db.storage.write({**db.storage.data, "checkins": {"99999": {"kr_id": 1}}}), False),
    # the KPIs are kept as bytes too, with no next id: no row may be added to them at all
    (lambda db, ws: db.table("kpis").insert({"name": "x"}), True),
    (lambda db, ws: replace_rows(db, "kpis", {99999: {"name": "x"}}), True),
], ids=["remove", "update", "tinydb-insert", "replace-an-old-row", "drop", "replace-the-table", "kpi-insert",
        "kpi-new-row"])
def test_any_other_change_to_a_kept_table_is_refused_and_nothing_is_written(tmp_path, kept, change, at_once):
    db = _proven(tmp_path / "a")
    _checkin(db, 1.0)  # its entry now names these bytes
    before = db.read_bytes()
    raised_in_change: list[bool] = []

    def changing(db, ws):
        try:
            change(db, ws)
        except AppendOnly:
            raised_in_change.append(True)
            raise

    with pytest.raises(AppendOnly):
        _scoped_write(db, changing)
    assert kept[-1] is True
    # TinyDB's operations are refused as they are made; a table replaced or dropped, before the save
    assert raised_in_change == ([True] if at_once else [])
    assert db.read_bytes() == before


@pytest.mark.parametrize("last", [-5, "12", None, 0, 1])
def test_a_missing_or_wrong_largest_id_parses_the_check_ins(tmp_path, kept, monkeypatch, last):
    db = _proven(tmp_path / "a")
    _checkin(db, 1.0)
    entry_path = Store(db).digests.entry
    entry = orjson.loads(entry_path.read_bytes())
    if last is None:
        del entry["last_ids"]
    else:
        entry["last_ids"] = {"checkins": last}  # 0, 1: the next id is a row already there
    entry_path.write_bytes(orjson.dumps(entry))
    count = len(orjson.loads(db.read_bytes())["checkins"])
    _checkin(db, 2.0)
    assert kept[-1] is False
    assert len(orjson.loads(db.read_bytes())["checkins"]) == count + 1  # added, none replaced
    monkeypatch.setenv(CACHE_ENV, "0")
    assert Repository(db, clock=pinned_clock()).load().key_results[0].current == 2.0


def test_an_append_without_the_old_shards_keeps_no_summary_of_the_added_rows_alone(tmp_path, kept, monkeypatch):
    db = _rich(tmp_path)
    store = Store(db)
    for name in SHARD_NAMES:
        store.digests.summary_file(name).unlink()
    kr = Repository(db, clock=pinned_clock()).load().key_results[1]
    _checkin(db, 9.0, kr.id)
    assert kept[-1] is True
    # the list, and the app's read, give what the file holds, not a summary of the one row the write held
    scoped, whole = _document(db, scoped=True), _document(db, scoped=False)
    monkeypatch.setenv(CACHE_ENV, "0")
    uncached = _document(db, scoped=False)
    assert sum(1 for o in uncached["objectives"] for k in o["key_results"] if k["last_checkin"]) > 1
    assert scoped == uncached and whole == uncached
