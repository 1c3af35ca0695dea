"""`okrtui list` on a file the digest cache proves valid builds only the rows its quarter's view
reads (storage/scopes.quarter_scope, issue 21's B10); what it prints is the same bytes as when
every row is validated and built, and a file someone else changed is still validated in full."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from okrtui.domain.clock import view_moment
from okrtui.domain.quarter import Quarter
from okrtui.storage import digests
from okrtui.storage.demo import install_demo
from okrtui.storage.errors import InvalidDatabase
from okrtui.storage.repository import Repository
from okrtui.storage.scopes import quarter_scope
from tests.conftest import DEMO_NOW, pinned_clock
from tests.storage.test_digest_cache import validations  # noqa: F401  (the fixture)


def _rich(tmp_path: Path) -> Path:
    """The demo plus what a quarter's view must get right from few rows: a past quarter (not
    archived) with its own KRs and check-ins, check-ins entered out of order, two at one instant,
    one with microseconds, a target moved after the first check-in, a team's cadence."""
    db = tmp_path / "okr.json"
    install_demo(db, pinned_clock())
    repo = Repository(db, clock=pinned_clock(), author="ann")
    kr = repo.load().key_results[0]
    repo.record_checkin(kr.id, kr.value + 1, confidence=6, at=DEMO_NOW - timedelta(days=70))  # before all others
    same = DEMO_NOW - timedelta(hours=3)
    repo.record_checkin(kr.id, kr.value + 2, at=same)
    repo.record_checkin(kr.id, kr.value + 3, at=same)  # a tie: the higher id is the later
    repo.record_checkin(kr.id, kr.value + 4, at=DEMO_NOW - timedelta(hours=1, microseconds=1234))
    repo.update_key_result(kr.id, target=kr.target * 2)  # moved after its first check-in
    past = repo.add_objective(quarter="2026-Q3", title="Ship the beta", team="Platform", owner="bo")
    past_kr = repo.add_key_result(past.id, title="Beta users", start=0, target=100, owner="cy")
    repo.record_checkin(past_kr.id, 40, at=datetime(2026, 8, 1, 9, tzinfo=timezone.utc))
    repo.record_checkin(past_kr.id, 70, at=datetime(2026, 9, 20, 9, tzinfo=timezone.utc))
    repo.set_team_settings("Platform", cadence="monthly")
    return db


ARGUMENTS = [[], ["--quarter", "2026-Q3"], ["--team", "業務"], ["--quarter", "2026-Q3", "--owner", "cy"],
             ["--owner", "王小明"], ["--team", "Platform"], ["--team", "nobody"]]


@pytest.mark.parametrize("args", ARGUMENTS)
def test_the_list_prints_the_same_bytes_from_few_rows_as_from_all(run, tmp_path, args):
    db = _rich(tmp_path)
    command = ["list", "--db", str(db), *args]
    warm = run(*command, "--json")  # the writes above left the file proven: the scope applies
    cold = run(*command, "--json", env={digests.CACHE_ENV: "0"})  # every row validated and built
    assert (warm.returncode, warm.stdout, warm.stderr) == (cold.returncode, cold.stdout, cold.stderr)
    assert run(*command).stdout == run(*command, env={digests.CACHE_ENV: "0"}).stdout
    if args == ["--team", "Platform"]:  # a team of another quarter only: known, nothing in this one
        assert warm.returncode == 0 and '"objectives": []' in warm.stdout
    elif args != ["--team", "nobody"]:
        assert warm.returncode == 0 and '"key_results"' in warm.stdout
    else:
        assert warm.returncode == 2 and "there is no team 'nobody'" in warm.stderr


def _scoped(db: Path, label: str | None = None):
    repo = Repository(db, clock=pinned_clock())

    def shown(zone):
        q = Quarter.parse(label) if label else Quarter.containing(repo.clock.in_zone(zone).today())
        day, _now = view_moment(repo.clock.in_zone(zone), q)
        return str(q), day >= q.end

    return repo.load(scope=quarter_scope(shown))


def test_the_scope_builds_the_quarters_krs_with_two_check_ins_each_and_kpis_without_readings(tmp_path, validations):  # noqa: F811
    db = _rich(tmp_path)
    full = Repository(db, clock=pinned_clock()).load()
    validations.clear()
    scoped = _scoped(db)
    assert validations == []  # proven: nothing validated
    q4 = {k.id for k in full.krs_in("2026-Q4")}
    assert {k.id for k in scoped.key_results} == q4
    assert len(scoped.objectives) == len(full.objectives)  # every team of the file stays known
    # each KR's newest check-in is built alone, found without parsing an instant (the scope ordered them)
    source = scoped.__dict__["_checkin_source"]
    assert all(scoped.last_checkin(kr_id) == (full.checkins_of(kr_id) or [None])[-1] for kr_id in q4)
    assert len(source.made) == sum(1 for kr_id in q4 if full.checkins_of(kr_id)) < len(source.table)
    for kr_id in q4:
        history = full.checkins_of(kr_id)
        assert scoped.checkins_of(kr_id) == ([history[0], history[-1]] if len(history) > 1 else history)
    assert all(k.readings == [] for k in scoped.kpis) and any(k.readings for k in full.kpis)
    assert [(k.id, k.current) for k in scoped.kpis] == [(k.id, k.current) for k in full.kpis]
    # a quarter seen at its end shows its KPIs as they were then: their readings are built
    ended = _scoped(db, "2026-Q3")
    assert [k.readings for k in ended.kpis] == [k.readings for k in full.kpis]
    assert {k.id for k in ended.key_results} == {k.id for k in full.krs_in("2026-Q3")}


def test_a_file_changed_by_another_program_is_validated_in_full_by_the_list(tmp_path, validations):  # noqa: F811
    db = _rich(tmp_path)
    raw = db.read_bytes()
    db.write_bytes(raw.replace(b'"note":""', b'"note": ""', 1))  # same data, other bytes: not proven
    validations.clear()
    workspace = _scoped(db)
    assert validations.count("checkins") == len(workspace.checkins) > 2 * len(workspace.key_results)
    assert "kpis" in validations and "objectives" in validations
    db.write_bytes(raw.replace(b'"kind":"increase"', b'"kind":"increasf"', 1))  # an invalid byte
    with pytest.raises(InvalidDatabase):
        _scoped(db)


def test_instants_in_any_form_order_as_the_instants_do():
    import random

    from okrtui.storage.scopes import _first_and_last, instant_key

    rng = random.Random(7)
    base = datetime(2026, 10, 5, 10, 17, 8, tzinfo=timezone.utc)
    moments = [base + timedelta(seconds=rng.choice((0, 0, 1, 59)), microseconds=rng.choice((0, 0, 1, 500000, 999999)))
               for _ in range(300)]
    forms = (lambda m: m.strftime("%Y-%m-%dT%H:%M:%S") + ("" if m.microsecond == 0 else f".{m.microsecond:06d}") + "Z",
             lambda m: m.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
             lambda m: m.astimezone(timezone(timedelta(hours=8))).isoformat(),
             lambda m: m.replace(tzinfo=None).isoformat())
    rows = {str(i): {"kr_id": i % 3, "at": rng.choice(forms)(m)} for i, m in enumerate(moments, start=1)}
    key = {k: (moments[int(k) - 1], int(k)) for k in rows}
    text_key = {k: (instant_key(row["at"]), int(k)) for k, row in rows.items()}
    assert sorted(rows, key=text_key.__getitem__) == sorted(rows, key=key.__getitem__)
    expected = set()
    for kr in range(3):
        mine = sorted((key[k], k) for k in rows if rows[k]["kr_id"] == kr)
        expected |= {mine[0][1], mine[-1][1]}
    found = _first_and_last(rows, {0, 1, 2})
    assert set(found) == expected
    for kr in range(3):  # each KR's earliest, then its latest
        mine = [k for k in found if rows[k]["kr_id"] == kr]
        assert [key[k] for k in mine] == sorted(key[k] for k in mine)
    assert _first_and_last({"1": {"kr_id": 0, "at": 1760000000}}, {0}) is None  # not a string: build them all


@pytest.mark.parametrize("forms", ["whole", "fraction", "both", "whole, then fraction", "fraction, then whole"])
def test_okrtuis_own_forms_order_as_the_instants_do_without_being_cut(forms, monkeypatch):
    """All "…:00Z" or all "…:00.123456Z" (the texts compared as they are), or both, in any order or one
    after the other (a generated file checked into by okrtui): the short form compared as the long one,
    none cut to its UTC text (instant_key)."""
    import random

    from okrtui.storage import scopes

    rng = random.Random(11)
    base = datetime(2026, 10, 5, 10, 17, 8, tzinfo=timezone.utc)
    moments = [base + timedelta(seconds=rng.choice((0, 0, 1, 59, -3600)),
                                microseconds=0 if forms == "whole" else rng.choice((0, 1, 500000, 999999)))
               for _ in range(400)]
    whole = lambda m: m.strftime("%Y-%m-%dT%H:%M:%S") + ("" if m.microsecond == 0 else f".{m.microsecond:06d}") + "Z"  # noqa: E731
    fraction = lambda m: m.strftime("%Y-%m-%dT%H:%M:%S.%fZ")  # noqa: E731
    keys = list(range(1, len(moments) + 1))
    rng.shuffle(keys)  # the file's order is not the ids' order
    half = len(keys) // 2

    def form(position: int, m: datetime) -> str:
        if forms == "both":
            return rng.choice((whole, fraction))(m)
        if forms in ("whole", "fraction"):
            return {"whole": whole, "fraction": fraction}[forms](m)
        early, late = (whole, fraction) if forms == "whole, then fraction" else (fraction, whole)
        return (early if position < half else late)(m)

    rows = {str(k): {"kr_id": k % 4, "at": form(position, moments[k - 1])} for position, k in enumerate(keys)}
    assert forms in ("whole", "fraction") or {len(row["at"]) for row in rows.values()} == {20, 27}
    cut = []
    each_cut = scopes._first_and_last_cut
    monkeypatch.setattr(scopes, "_first_and_last_cut", lambda *a: cut.append(1) or each_cut(*a))
    found = scopes._first_and_last(rows, {0, 1, 2})
    assert not cut
    for kr in range(3):
        mine = sorted(((moments[k - 1], k) for k in keys if k % 4 == kr))
        assert [k for k in found if rows[k]["kr_id"] == kr] == [str(mine[0][1]), str(mine[-1][1])]
    assert not any(rows[k]["kr_id"] == 3 for k in found)



@pytest.mark.parametrize("order", ["appended", "ids shuffled", "one back-dated"])
def test_first_and_last_of_rows_in_any_order_ties_included(order):
    """Rows in (instant, id) order, as okrtui appends them, or out of it: each KR's earliest and latest
    by instant, then id (ties of the same second included), the KRs in the order they first appear,
    with or without a set of KRs to keep."""
    import random

    from okrtui.storage.scopes import first_and_last_keys

    rng = random.Random(5)
    base = datetime(2026, 10, 5, 10, 17, 8, tzinfo=timezone.utc)
    moments = sorted(base + timedelta(minutes=rng.choice((0, 0, 1, 30, 600))) for _ in range(500))
    moments = [moments[0]] + [max(a, b) for a, b in zip(moments, moments[1:])]  # non-decreasing, with ties
    ids = list(range(1, len(moments) + 1))
    if order == "ids shuffled":
        rng.shuffle(ids)
    pairs = list(zip(ids, moments))
    if order == "one back-dated":
        pairs[-1] = (pairs[-1][0], base - timedelta(days=1))
    rows = {str(i): {"kr_id": rng.randrange(6), "at": m.strftime("%Y-%m-%dT%H:%M:%SZ")} for i, m in pairs}
    when = {str(i): (m, i) for i, m in pairs}
    for kr_ids in (None, {0, 2, 5}):
        first, last = first_and_last_keys(rows, kr_ids)
        seen = list(dict.fromkeys(row["kr_id"] for row in rows.values()))
        expected_krs = [kr for kr in seen if kr_ids is None or kr in kr_ids]
        assert list(first) == list(last) == expected_krs
        for kr in expected_krs:
            mine = sorted((when[k], k) for k, row in rows.items() if row["kr_id"] == kr)
            assert (first[kr], last[kr]) == (mine[0][1], mine[-1][1]), (order, kr)
