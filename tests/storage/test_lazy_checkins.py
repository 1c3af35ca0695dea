"""Check-ins of a proven file are built per KR when first asked for (issue 21): the same models, in
the same order, as a validated load; asking for each KR's last check-in builds only those."""

from __future__ import annotations

from pathlib import Path

from okrtui.domain.models import CheckIn
from okrtui.storage import digests
from okrtui.storage.demo import install_demo
from okrtui.storage.lazy_checkins import LazyCheckins
from okrtui.storage.repository import Repository
from tests.conftest import pinned_clock


def _demo(tmp_path: Path) -> Path:
    db = tmp_path / "okr.json"
    install_demo(db, pinned_clock())
    repo = Repository(db, clock=pinned_clock(), author="ann")
    kr = repo.load().key_results[0]
    repo.record_checkin(kr.id, kr.value + 1, confidence=6)  # the proven bytes are okrtui's own write
    return db


def _fresh_load(db: Path):
    return Repository(db, clock=pinned_clock()).load()


def test_per_kr_check_ins_equal_a_validated_loads(tmp_path, monkeypatch):
    db = _demo(tmp_path)
    lazy = _fresh_load(db)
    monkeypatch.setenv(digests.CACHE_ENV, "0")
    validated = _fresh_load(db)
    assert isinstance(lazy.__dict__.get("_checkin_source"), LazyCheckins)
    assert validated.__dict__.get("_checkin_source") is None
    kr_ids = [k.id for k in validated.key_results] + [999_999]
    for kr_id in kr_ids:
        assert lazy.last_checkin(kr_id) == validated.last_checkin(kr_id), kr_id
        assert lazy.checkins_of(kr_id) == validated.checkins_of(kr_id), kr_id
    assert lazy.checkins == validated.checkins  # the whole list too, in the file's order
    assert any(len(validated.checkins_of(k)) > 1 for k in kr_ids)


def test_last_check_ins_alone_build_one_model_a_kr_and_share_it(tmp_path):
    db = _demo(tmp_path)
    workspace = _fresh_load(db)
    source = workspace.__dict__["_checkin_source"]
    with_checkins = [k.id for k in workspace.key_results if source.keys_of.get(k.id)]
    lasts = [workspace.last_checkin(kr_id) for kr_id in with_checkins]
    assert len(source.made) == len(with_checkins) < len(source.table)  # only the newest of each KR built
    assert all(isinstance(c, CheckIn) for c in lasts)
    for kr_id, last in zip(with_checkins, lasts):
        history = workspace.checkins_of(kr_id)
        assert history[-1] is last  # one model per row, whichever way it was asked for
        assert [c.at for c in history] == sorted(c.at for c in history)


def test_each_krs_last_check_in_groups_no_rows_by_kr(tmp_path, monkeypatch):
    """The first frame asks only for each KR's newest check-in: one pass finds them, and the rows are
    not grouped by KR (156,000 at XL) until a whole history is asked for; the answers are a validated
    load's."""
    db = _demo(tmp_path)
    lazy = _fresh_load(db)
    monkeypatch.setenv(digests.CACHE_ENV, "0")
    validated = _fresh_load(db)
    source = lazy.__dict__["_checkin_source"]
    kr_ids = [k.id for k in validated.key_results] + [999_999]
    assert [lazy.last_checkin(k) for k in kr_ids] == [validated.last_checkin(k) for k in kr_ids]
    assert source._keys_of is None
    assert lazy.checkins_of(kr_ids[0]) == validated.checkins_of(kr_ids[0]) and source._keys_of is not None


def test_a_check_in_written_after_the_read_is_not_in_that_snapshot(tmp_path):
    db = _demo(tmp_path)
    repo = Repository(db, clock=pinned_clock(), author="ann")
    before = repo.load()  # its check-ins not built yet
    kr = before.key_results[0]
    count = len(Repository(db, clock=pinned_clock()).load().checkins_of(kr.id))
    total = len(Repository(db, clock=pinned_clock()).load().checkins)
    repo.record_checkin(kr.id, kr.value + 2, confidence=5)
    assert len(before.checkins_of(kr.id)) == count  # a snapshot does not change once loaded
    assert len(before.checkins) == total
    assert len(repo.load().checkins_of(kr.id)) == count + 1


def test_the_newest_check_in_is_found_across_offsets_and_naive_instants():
    from datetime import datetime, timezone

    rows = {
        "1": {"kr_id": 7, "at": "2026-11-20T10:00:00+08:00", "value": 1.0},  # 02:00 UTC
        "2": {"kr_id": 7, "at": "2026-11-20T03:00:00Z", "value": 2.0},  # the newest
        "3": {"kr_id": 7, "at": "2026-11-20T02:30:00.500000+00:00", "value": 3.0},
    }
    source = LazyCheckins(rows)
    assert source.last(7).id == 2 and source.last(7) is source.of(7)[-1]
    assert [c.id for c in source.of(7)] == [1, 3, 2]
    mixed = LazyCheckins({**rows, "4": {"kr_id": 7, "at": "2026-11-20T04:00:00", "value": 4.0}})  # naive: UTC
    assert mixed.last(7).id == 4 and mixed.last(7).at == datetime(2026, 11, 20, 4, tzinfo=timezone.utc)
    assert source.last(8) is None and source.of(8) == []


def test_the_newest_check_in_of_each_kr_in_one_pass_is_the_one_the_instants_order():
    """LazyCheckins.last finds every KR's newest row in one pass (scopes.first_and_last_keys, the
    list's scan): okrtui's own UTC forms compare as text, any other form is cut to its UTC text; the
    answer is the parsed instants' (then the id's) for every KR."""
    import random

    rng = random.Random(21)
    forms = {
        "whole seconds": lambda t, s: f"{t}:{s:02d}Z",
        "microseconds": lambda t, s: f"{t}:{s:02d}.{rng.choice([0, 500000, 123456]):06d}Z",
        "mixed offsets": lambda t, s: rng.choice([f"{t}:{s:02d}Z", f"{t}:{s:02d}.500000+00:00", f"{t}:{s:02d}"]),
    }
    for name, form in forms.items():
        rows = {}
        for n in range(1, 400):
            moment = f"2026-11-{rng.randrange(10, 12)}T0{rng.randrange(0, 3)}:00"
            rows[str(n)] = {"kr_id": rng.randrange(1, 9), "at": form(moment, rng.randrange(0, 50)), "value": float(n)}
        keys = list(rows)
        rng.shuffle(keys)
        rows = {k: rows[k] for k in keys}  # the file's order is not the ids'
        source = LazyCheckins(rows)
        for kr in range(1, 9):
            parsed = LazyCheckins(rows)
            parsed._newest = {}  # the per-KR parsing path
            assert source.last(kr).id == parsed.last(kr).id == source.of(kr)[-1].id, name
        assert source._newest, name  # found by the one pass, not by the per-KR parse
