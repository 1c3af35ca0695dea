"""What a check-in builds on a file the digest cache proves valid (storage/scopes.py): the KR and
its objective; by reference also its quarter's objectives (a closed quarter is refused); never a
check-in. Everything else about the write is unchanged: it lands in the file and in the log."""

from __future__ import annotations

from pathlib import Path

import pytest

from okrtui.domain.validation import InvalidInput
from okrtui.storage.demo import install_demo
from okrtui.storage.repository import Repository
from okrtui.storage.scopes import keys_where, kr_scope
from tests.conftest import pinned_clock


def _data() -> dict:
    return {
        "objectives": {"1": {"quarter": "2026-Q4"}, "2": {"quarter": "2026-Q3"}, "3": {"quarter": "2026-Q4"}},
        "key_results": {"10": {"objective_id": 3}, "11": {"objective_id": 2}},
        "checkins": {"100": {"kr_id": 10}, "101": {"kr_id": 11}, "102": {"kr_id": 10}},
        "kpis": {"1": {}}, "meta": {"1": {}},
    }


def test_keys_where_finds_exactly_the_matching_rows():
    data = _data()
    assert keys_where(data["checkins"], "kr_id", 10) == {"100", "102"}
    assert keys_where(data["objectives"], "quarter", "2026-Q3") == {"2"}
    assert keys_where(data["objectives"], "quarter", "1999-Q1") == set()
    assert keys_where({}, "quarter", "2026-Q4") == set()


def test_a_check_in_reads_its_kr_and_objective_and_by_reference_its_quarter():
    data = _data()
    assert kr_scope(10, resolving=False)(data) == {"key_results": {"10"}, "objectives": {"3"}, "checkins": set(),
                                                   "teams": None}
    assert kr_scope("10")(data) == {"key_results": {"10"}, "objectives": {"1", "3"}, "checkins": set(), "teams": None}
    # not a KR's id (a title fragment, a KR that is not there): the whole file
    for ref in ("grow revenue", "99", "#10"):
        assert kr_scope(ref)(data) == {name: None for name in data}


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "okr.json"
    install_demo(path, pinned_clock())
    Repository(path, clock=pinned_clock()).load()  # validated in full: the digest cache now proves it
    return path


def test_a_check_in_on_a_proven_file_builds_no_check_in_and_still_writes_and_logs_it(db, monkeypatch):
    built: list[str] = []
    original = Repository._trusted_table

    def counting(self, model, name, table, whole=True):
        built.extend([name] * len(table))
        return original(self, model, name, table, whole)

    monkeypatch.setattr(Repository, "_trusted_table", counting)
    repo = Repository(db, clock=pinned_clock(), author="ann")
    kr = Repository(db, clock=pinned_clock()).load().key_results[2]
    built.clear()
    checkin, updated = repo.record_checkin(kr.id, kr.value + 2, confidence=4)
    assert "checkins" not in built and built.count("key_results") == 1 and built.count("objectives") == 1
    after = Repository(db, clock=pinned_clock()).load()
    assert after.key_result(kr.id).current == kr.value + 2 == updated.current
    assert [c.value for c in after.checkins_of(kr.id)][-1] == kr.value + 2
    entry = after.changes[-1]
    assert entry.action == "checkin" and {(r.kind, r.id) for r in entry.records} == {
        ("key_result", kr.id), ("checkin", checkin.id)}


def test_a_check_in_by_reference_still_refuses_a_closed_quarter(db, monkeypatch):
    repo = Repository(db, clock=pinned_clock(), author="ann")
    kr = repo.load().key_results[0]
    monkeypatch.setattr("okrtui.storage.checkin_ops.quarter_closed", lambda ws, quarter: True)
    with pytest.raises(InvalidInput, match="closed"):
        Repository(db, clock=pinned_clock()).checkin_by_reference(str(kr.id), "1")
