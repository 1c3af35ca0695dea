"""Archiving a quarter: the live file shrinks, nothing is lost, ids are never reused, and it reverses."""

from __future__ import annotations

import json

import pytest

from okrtui.storage.archive import archive_quarter, unarchive_quarter


@pytest.fixture
def two_quarters(empty_repo):
    old = empty_repo.add_objective(quarter="2026-Q3", title="Old goal", team="Sales")
    old_kr = empty_repo.add_key_result(old.id, title="Clients 0 to 10", unit="clients", start=0, target=10)
    empty_repo.record_checkin(old_kr.id, 4)
    empty_repo.record_checkin(old_kr.id, 9)
    new = empty_repo.add_objective(quarter="2026-Q4", title="New goal", team="Sales")
    new_kr = empty_repo.add_key_result(new.id, title="Revenue 0 to 50", unit="k", start=0, target=50)
    empty_repo.record_checkin(new_kr.id, 20)
    return empty_repo, old, old_kr, new, new_kr


def test_archive_moves_a_quarter_out_of_the_live_file(two_quarters):
    repo, old, old_kr, new, new_kr = two_quarters
    before_size = repo.path.stat().st_size
    moved = archive_quarter(repo, "2026-Q3")
    assert moved == 1 + 1 + 2  # objective, KR, two check-ins
    live = repo.load()
    assert [o.id for o in live.objectives] == [new.id]
    assert live.key_result(old_kr.id) is None and len(live.checkins) == 1
    assert live.meta.archived == ["2026-Q3"]
    assert repo.path.stat().st_size < before_size
    everything = repo.load(with_archive=True)
    assert {o.id for o in everything.objectives} == {old.id, new.id}
    assert [c.value for c in everything.checkins_of(old_kr.id)] == [4, 9]
    assert json.loads(repo.archive_path.read_text(encoding="utf-8"))["meta"]["1"]["app"] == "okrtui-archive"


def test_new_ids_never_reuse_archived_ones(two_quarters):
    repo, old, old_kr, new, new_kr = two_quarters
    # Make the archived objective the highest id, so TinyDB alone would hand its id out again.
    late = repo.add_objective(quarter="2026-Q3", title="Late goal", team="Sales")
    archive_quarter(repo, "2026-Q3")
    fresh = repo.add_objective(quarter="2026-Q4", title="Fresh goal", team="Sales")
    assert fresh.id > late.id
    archived_checkin_ids = {c.id for c in repo.load_archive().checkins}
    checkin, _kr = repo.record_checkin(new_kr.id, 30)
    assert checkin.id not in archived_checkin_ids and checkin.id > max(archived_checkin_ids)


def test_unarchive_brings_everything_back(two_quarters):
    repo, old, old_kr, new, new_kr = two_quarters
    before = repo.load()
    archive_quarter(repo, "2026-Q3")
    unarchive_quarter(repo, "2026-Q3")
    after = repo.load()
    assert sorted(o.id for o in after.objectives) == sorted(o.id for o in before.objectives)
    assert sorted(c.id for c in after.checkins) == sorted(c.id for c in before.checkins)
    assert after.meta.archived == []
    assert repo.load_archive().objectives == []
    with pytest.raises(ValueError, match="not archived"):
        unarchive_quarter(repo, "2026-Q3")


def test_an_interrupted_archive_is_counted_once_and_finishes(two_quarters, monkeypatch):
    """A crash after the archive was written but before the live file was: records in both files."""
    repo, old, old_kr, new, new_kr = two_quarters
    from okrtui.storage import archive as archive_module

    calls = {"n": 0}
    real_save = repo._save

    def crash_on_live_save(db):
        calls["n"] += 1
        raise OSError("power cut")

    monkeypatch.setattr(repo, "_save", crash_on_live_save)
    with pytest.raises(OSError):
        archive_module.archive_quarter(repo, "2026-Q3")
    monkeypatch.setattr(repo, "_save", real_save)
    both = repo.load(with_archive=True)
    assert len([o for o in both.objectives if o.id == old.id]) == 1
    archive_quarter(repo, "2026-Q3")
    assert repo.load(with_archive=True).checkins_of(old_kr.id)[-1].value == 9
    assert repo.load().objective(old.id) is None


def test_archived_quarter_is_listed_from_the_cli(two_quarters):
    import subprocess
    import sys

    repo = two_quarters[0]
    archive_quarter(repo, "2026-Q3")
    done = subprocess.run(
        [sys.executable, "-m", "okrtui", "list", "--json", "--quarter", "2026-Q3", "--db", str(repo.path)],
        capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    assert [o["title"] for o in doc["objectives"]] == ["Old goal"]
    assert doc["objectives"][0]["key_results"][0]["current"] == 9


async def test_the_app_shows_an_archived_quarter(two_quarters):
    from okrtui.domain.quarter import Quarter
    from okrtui.ui.app import OkrApp

    repo = two_quarters[0]
    archive_quarter(repo, "2026-Q3")
    app = OkrApp(repo, quarter=Quarter.parse("2026-Q3"))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        titles = [o.objective.title for o in app.view().objectives]
        assert titles == ["Old goal"]
        assert app.view().objectives[0].key_results[0].kr.current == 9
