"""Files okrtui creates are private to their owner; the shipped data is data, not code."""

from __future__ import annotations

import stat

from okrtui.storage.repository import Repository


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_database_lock_and_backup_are_0600(tmp_path):
    repo = Repository(tmp_path / "okr.json")
    repo.add_objective(quarter="2026-Q4", title="Grow", team="Sales")
    backup = repo.backup()
    assert _mode(repo.path) == 0o600
    assert _mode(repo.lock_path) == 0o600
    assert _mode(backup) == 0o600


def test_demo_copy_is_0600(demo_path):
    assert _mode(demo_path) == 0o600


def test_a_setgid_team_folder_shares_with_its_group(tmp_path):
    import os

    folder = tmp_path / "team"
    folder.mkdir()
    os.chmod(folder, 0o2770)
    repo = Repository(folder / "okr.json")
    repo.add_objective(quarter="2026-Q4", title="Grow", team="Sales")
    assert _mode(repo.path) == 0o660
    assert _mode(repo.lock_path) == 0o660
    assert repo.path.stat().st_gid == folder.stat().st_gid
