"""What a list reads of the check-ins and the KPIs, kept by the digest cache beside the digest of the
bytes it came from (storage/summaries.py, spans.lazy_loads): a list on proven bytes parses neither
table and shows what a full read shows; a check-in updates only its KR's shard of the check-ins'
summary, to what a full scan gives; a summary file that is not exactly the one the entry names (a
changed byte, another file, a link, a file others may read) is never used."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import orjson
import pytest

from okrtui.domain.views import quarter_as_dict, view_quarter
from okrtui.domain.clock import view_moment
from okrtui.domain.quarter import Quarter
from okrtui.storage import digests, spans as spans_module, summaries
from okrtui.storage.repository import Repository
from okrtui.storage.spans import Summarised, encode_tables, frames_table
from okrtui.storage.store import Store
from okrtui.storage.summaries import SHARD_NAMES, SUMMARY_NAMES, list_summary, read_summary, shard_of
from tests.cli.test_list_scope import _rich, _scoped
from tests.conftest import pinned_clock


@pytest.fixture
def parsed(monkeypatch) -> list[dict]:
    """The data of every list's summarised parse (spans._loads_summarised with a scope), as it left the parse."""
    seen: list[dict] = []
    original = spans_module._loads_summarised

    def spying(raw, spans, summary, scope):
        data = original(raw, spans, summary, scope)
        if scope is not None:
            seen.append(data)
        return data

    monkeypatch.setattr(spans_module, "_loads_summarised", spying)
    return seen


def _document(db: Path, label: str = "2026-Q4", *, scoped: bool) -> dict:
    """The list --json document of a quarter, from a scoped read or a full one."""
    repo = Repository(db, clock=pinned_clock())
    q = Quarter.parse(label)
    day, now = view_moment(repo.clock, q)
    workspace = _scoped(db, label) if scoped else repo.load()
    return quarter_as_dict(view_quarter(workspace, q, day, now))


def _summary_digests(db: Path) -> dict[str, str]:
    entry = orjson.loads(Store(db).digests.entry.read_bytes())
    return entry.get("summary", {})


def test_a_list_on_proven_bytes_parses_neither_the_check_ins_nor_the_kpis(tmp_path, parsed):
    db = _rich(tmp_path)
    assert set(_summary_digests(db)) == set(SUMMARY_NAMES)
    warm = _document(db, scoped=True)
    assert len(parsed) == 1
    assert isinstance(parsed[0]["checkins"], Summarised) and isinstance(parsed[0]["kpis"], Summarised)
    assert warm == _document(db, scoped=False)
    # each KR's last check-in is in the document: the summary gave it
    assert any(kr["last_checkin"] for o in warm["objectives"] for kr in o["key_results"])


def test_a_quarter_seen_at_its_end_parses_the_kpis_for_their_readings(tmp_path, parsed):
    db = _rich(tmp_path)
    ended = _document(db, "2026-Q3", scoped=True)
    assert isinstance(parsed[0]["checkins"], Summarised)
    assert not isinstance(parsed[0]["kpis"], Summarised) and parsed[0]["kpis"]
    assert ended == _document(db, "2026-Q3", scoped=False)


def test_a_check_in_rewrites_only_its_krs_shard_and_keeps_the_kpis_summary(tmp_path, parsed, monkeypatch):
    db = _rich(tmp_path)
    before = _summary_digests(db)
    repo = Repository(db, clock=pinned_clock(), author="ann")
    kr = repo.load().key_results[0]
    scans: list[int] = []
    full_scan = summaries.checkin_ends
    monkeypatch.setattr(summaries, "checkin_ends", lambda table: scans.append(1) or full_scan(table))
    Repository(db, clock=pinned_clock(), author="ann").record_checkin(kr.id, kr.value + 9, confidence=4)
    assert scans == []  # updated from the shard read, not from a scan of every check-in
    after = _summary_digests(db)
    assert set(after) == set(SUMMARY_NAMES)
    assert {name for name in SUMMARY_NAMES if after[name] != before[name]} == {shard_of(kr.id)}
    parsed.clear()
    warm = _document(db, scoped=True)
    assert isinstance(parsed[0]["checkins"], Summarised) and isinstance(parsed[0]["kpis"], Summarised)
    assert warm == _document(db, scoped=False)
    shown = {kr_doc["id"]: kr_doc for o in warm["objectives"] for kr_doc in o["key_results"]}
    assert shown[kr.id]["current"] == kr.value + 9 and shown[kr.id]["confidence"] == 4


def _kept(db: Path) -> dict:
    """The check-ins' summary as the cache holds it for the file now, merged from its shards."""
    cache = Store(db).digests
    assert cache.trusted(db.read_bytes())
    return read_summary(cache.summary())["checkins"]


def _by_kr(rows: dict) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for key, row in rows.items():
        out.setdefault(row["kr_id"], []).append(key)
    return out


def test_shards_updated_by_check_ins_equal_a_full_scan(tmp_path):
    """Check-ins in order, back-dated before a KR's first, tied to the second with its last, on a KR
    with none yet, and in another quarter; then an edit and a deletion, which recompute every shard."""
    db = _rich(tmp_path)
    repo = Repository(db, clock=pinned_clock(), author="ann")
    workspace = repo.load()
    first, second = workspace.key_results[0], workspace.key_results[1]
    fresh = repo.add_key_result(first.objective_id, title="Newly measured", start=0, target=10, owner="ann")
    last_at = workspace.checkins_of(first.id)[-1].at
    steps = [(first.id, {}), (first.id, {"at": workspace.checkins_of(first.id)[0].at - timedelta(days=3)}),
             (second.id, {"at": workspace.checkins_of(second.id)[-1].at}), (fresh.id, {}),
             (first.id, {"at": last_at})]
    for kr_id, extra in steps:
        repo.record_checkin(kr_id, 5, **extra)
        expected = list_summary(orjson.loads(db.read_bytes()))
        assert _by_kr(_kept(db)) == _by_kr(read_summary(expected)["checkins"])
    checkin = repo.load().checkins_of(fresh.id)[0]
    repo.delete_checkin(checkin.id)
    assert _by_kr(_kept(db)) == _by_kr(read_summary(list_summary(orjson.loads(db.read_bytes())))["checkins"])
    assert fresh.id not in _by_kr(_kept(db))


def _damage(path: Path, how: str) -> None:
    payload = path.read_bytes()
    if how == "a changed byte":  # still JSON, still rows: only the digest tells
        index = payload.index(b'"value":') + len(b'"value":')
        digit = payload[index:index + 1]
        path.write_bytes(payload[:index] + (b"8" if digit != b"8" else b"7") + payload[index + 1:])
    elif how == "another summary":
        path.write_bytes(b"{}")
    elif how == "not JSON":
        path.write_bytes(payload[: len(payload) // 2])
    elif how == "readable by others":
        os.chmod(path, 0o644)
    elif how == "a link":
        target = path.with_name("elsewhere.json")
        target.write_bytes(payload)
        os.chmod(target, 0o600)
        path.unlink()
        path.symlink_to(target)


@pytest.mark.parametrize("how", ["a changed byte", "another summary", "not JSON", "readable by others", "a link"])
def test_a_summary_that_is_not_the_one_named_is_never_used(tmp_path, parsed, how):
    db = _rich(tmp_path)
    cache = Store(db).digests
    workspace = Repository(db, clock=pinned_clock()).load()
    measured = next(kr for kr in workspace.krs_in("2026-Q4") if workspace.checkins_of(kr.id))
    _damage(cache.summary_file(shard_of(measured.id)), how)
    warm = _document(db, scoped=True)
    assert not isinstance(parsed[0]["checkins"], Summarised) and parsed[0]["checkins"]  # parsed from the file
    assert isinstance(parsed[0]["kpis"], Summarised)  # the KPIs' own summary is intact
    assert warm == _document(db, scoped=False)


def test_summary_table_names_from_the_entry_never_leave_the_cache_folder(tmp_path):
    db = _rich(tmp_path)
    cache = Store(db).digests
    entry = orjson.loads(cache.entry.read_bytes())
    entry["summary"] = {"../../x": entry["summary"]["checkins_0"], "kpis": entry["summary"]["kpis"]}
    cache.entry.write_bytes(orjson.dumps(entry))
    assert cache.trusted(db.read_bytes())
    assert cache.summary_digests() == {"kpis": entry["summary"]["kpis"]}


def test_the_cache_turned_off_reads_every_table(tmp_path, parsed, monkeypatch):
    db = _rich(tmp_path)
    monkeypatch.setenv(digests.CACHE_ENV, "0")
    assert _document(db, scoped=True) == _document(db, scoped=False)
    assert parsed == []


def test_forgetting_the_entry_removes_its_summaries(tmp_path):
    db = _rich(tmp_path)
    cache = Store(db).digests
    files = [cache.summary_file(name) for name in SUMMARY_NAMES]
    assert all(f.exists() for f in files)
    cache.forget()
    assert not cache.entry.exists() and not any(f.exists() for f in files)


def test_encode_tables_frames_the_check_ins_too(tmp_path):
    data = orjson.loads(_rich(tmp_path).read_bytes())
    payload, spans = encode_tables(data)
    assert payload == orjson.dumps(data)
    start, end = spans["checkins"]
    assert orjson.loads(payload[start:end]) == data["checkins"] and frames_table(payload, "checkins", (start, end))


def _source(workspace):
    return workspace.__dict__["_checkin_source"]


def test_a_whole_read_takes_each_krs_first_and_last_from_the_summary_and_parses_the_rest_when_asked(tmp_path):
    """The app's read: every KR's first and last check-in and the target marks without the check-ins
    table parsed; a history parses it then, and every model equals a full validation's."""
    from okrtui.domain.history import target_moved

    db = _rich(tmp_path)
    full = Repository(db, clock=pinned_clock()).load()
    kr_ids = [k.id for k in full.key_results]
    read = Repository(db, clock=pinned_clock()).load()
    source = _source(read)
    assert source._table is None and source._pending  # left as its bytes
    for kr_id in kr_ids:
        history = full.checkins_of(kr_id)
        assert read.last_checkin(kr_id) == (history[-1] if history else None)
        assert read.first_checkin(kr_id) == (history[0] if history else None)
    moved = [kr_id for kr_id in kr_ids if target_moved(read, kr_id)]
    assert moved and moved == [kr_id for kr_id in kr_ids if target_moved(full, kr_id)]
    assert source._table is None  # the marks and the ends needed no history
    assert read.checkins_of(kr_ids[0]) == full.checkins_of(kr_ids[0])
    assert source._table is not None and len(source.table) == len(full.checkins)
    assert read.last_checkin(kr_ids[0]) is read.checkins_of(kr_ids[0])[-1]  # one model per row, shared
    assert sorted(read.checkins, key=lambda c: c.id) == sorted(full.checkins, key=lambda c: c.id)


def test_a_whole_read_with_a_damaged_summary_parses_the_check_ins(tmp_path):
    db = _rich(tmp_path)
    cache = Store(db).digests
    _damage(cache.summary_file(SHARD_NAMES[0]), "another summary")
    read = Repository(db, clock=pinned_clock()).load()
    full = Repository(db, clock=pinned_clock()).load(with_archive=True)
    assert _source(read)._table is not None  # parsed with the file, as before
    assert [read.last_checkin(k.id) for k in full.key_results] == [full.last_checkin(k.id) for k in full.key_results]


def test_first_checkin_of_a_built_workspace():
    from datetime import datetime, timezone

    from okrtui.domain.models import CheckIn
    from okrtui.domain.workspace import Workspace

    at = datetime(2026, 11, 2, 9, tzinfo=timezone.utc)
    rows = [CheckIn(id=3, kr_id=1, at=at, value=2), CheckIn(id=1, kr_id=1, at=at - timedelta(days=1), value=1),
            CheckIn(id=2, kr_id=1, at=at, value=3)]
    workspace = Workspace(checkins=rows)
    assert workspace.first_checkin(1).id == 1 and workspace.last_checkin(1).id == 3
    assert workspace.first_checkin(2) is None and workspace.first_checkin(None) is None


def test_a_whole_read_builds_the_kpis_when_first_read_and_a_view_asks_for_them_only_then(tmp_path):
    """The KPIs and their readings (110,500 at XL) are built when first read: a quarter's view of the
    objectives needs none; its KPIs, read later, equal those of a full validation."""
    from okrtui.domain.views import view_quarter

    db = _rich(tmp_path)
    read = Repository(db, clock=pinned_clock()).load()
    assert "_kpis_load" in read.__dict__  # not built
    repo = Repository(db, clock=pinned_clock())
    q = Quarter.parse("2026-Q4")
    day, now = view_moment(repo.clock, q)
    view = view_quarter(read, q, day, now)
    assert view.objectives and "_kpis_load" in read.__dict__  # the objectives' view built none
    assert any(k.readings for k in read.kpis) and "_kpis_load" not in read.__dict__
    with_validation = view_quarter(_validated(db), q, day, now)
    assert [(k.kpi, k.status) for k in view.kpis] == [(k.kpi, k.status) for k in with_validation.kpis]


def _validated(db: Path):
    """A load that validates every row (the cache turned off for it alone)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(digests.CACHE_ENV, "0")
        return Repository(db, clock=pinned_clock()).load()
