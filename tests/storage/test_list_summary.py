"""What a list reads of the check-ins and the KPIs, kept by the digest cache beside the digest of the
bytes it came from (storage/scopes.list_summary, spans.lazy_loads): a list on proven bytes parses
neither table and shows what a full read shows; a summary file that is not exactly the one the
entry names (a changed byte, another file, a link, a file others may read) is never used."""

from __future__ import annotations

import os
from pathlib import Path

import orjson
import pytest

from okrtui.domain.views import quarter_as_dict, view_quarter
from okrtui.domain.clock import view_moment
from okrtui.domain.quarter import Quarter
from okrtui.storage import digests, spans as spans_module
from okrtui.storage.repository import Repository
from okrtui.storage.spans import Summarised, encode_tables, frames_table
from okrtui.storage.store import Store
from tests.cli.test_list_scope import _rich, _scoped
from tests.conftest import pinned_clock


@pytest.fixture
def parsed(monkeypatch) -> list[dict]:
    """The data of every summarised parse (spans._loads_summarised), as it left the parse."""
    seen: list[dict] = []
    original = spans_module._loads_summarised

    def spying(*args):
        data = original(*args)
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
    assert set(_summary_digests(db)) == {"checkins", "kpis"}
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


def test_a_check_in_keeps_the_kpis_summary_and_renews_the_check_ins_one(tmp_path, parsed):
    db = _rich(tmp_path)
    before = _summary_digests(db)
    repo = Repository(db, clock=pinned_clock(), author="ann")
    kr = repo.load().key_results[0]
    Repository(db, clock=pinned_clock(), author="ann").record_checkin(kr.id, kr.value + 9, confidence=4)
    after = _summary_digests(db)
    assert after["kpis"] == before["kpis"]  # the KPIs' bytes were written back as read: same summary
    assert after["checkins"] != before["checkins"]
    parsed.clear()
    warm = _document(db, scoped=True)
    assert isinstance(parsed[0]["checkins"], Summarised) and isinstance(parsed[0]["kpis"], Summarised)
    assert warm == _document(db, scoped=False)
    shown = {kr_doc["id"]: kr_doc for o in warm["objectives"] for kr_doc in o["key_results"]}
    assert shown[kr.id]["current"] == kr.value + 9 and shown[kr.id]["confidence"] == 4


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
    _damage(cache.summary_file("checkins"), how)
    warm = _document(db, scoped=True)
    assert not isinstance(parsed[0]["checkins"], Summarised) and parsed[0]["checkins"]  # parsed from the file
    assert isinstance(parsed[0]["kpis"], Summarised)  # the KPIs' own summary is intact
    assert warm == _document(db, scoped=False)


def test_summary_table_names_from_the_entry_never_leave_the_cache_folder(tmp_path):
    db = _rich(tmp_path)
    cache = Store(db).digests
    entry = orjson.loads(cache.entry.read_bytes())
    entry["summary"] = {"../../x": entry["summary"]["checkins"], "kpis": entry["summary"]["kpis"]}
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
    files = [cache.summary_file(t) for t in ("checkins", "kpis")]
    assert all(f.exists() for f in files)
    cache.forget()
    assert not cache.entry.exists() and not any(f.exists() for f in files)


def test_encode_tables_frames_the_check_ins_too(tmp_path):
    data = orjson.loads(_rich(tmp_path).read_bytes())
    payload, spans = encode_tables(data)
    assert payload == orjson.dumps(data)
    start, end = spans["checkins"]
    assert orjson.loads(payload[start:end]) == data["checkins"] and frames_table(payload, "checkins", (start, end))
