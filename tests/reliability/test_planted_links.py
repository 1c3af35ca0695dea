"""A teammate who shares the folder plants links at the names okrtui writes: nothing is written
through them, and every file okrtui makes has the mode of the files rule, whatever the umask.

The attacks of issue 16, items 1, 4 and 7; each test failed before the fix.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest
import time_machine

from okrtui.storage import files
from okrtui.storage.errors import Unwritable
from okrtui.storage.repository import Repository

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
MOMENT = datetime(2026, 11, 30, 12, 0, 0, tzinfo=timezone.utc)
SECRET = b"export AWS_SECRET=do-not-touch\n"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    """A private file of the teammate who runs okrtui, outside the team folder."""
    home = tmp_path / "victim-home"
    home.mkdir()
    bashrc = home / ".bashrc"
    bashrc.write_bytes(SECRET)
    os.chmod(bashrc, 0o600)
    return bashrc


def _untouched(victim: Path) -> None:
    assert victim.read_bytes() == SECRET
    assert _mode(victim) == 0o600


@pytest.fixture
def usual_umask():
    """The umask most accounts have (022): before the fix, exports and config came out 0644."""
    before = os.umask(0o022)
    yield
    os.umask(before)


# ---- item 1: backups, the lock and temporaries ---------------------------------


def test_migration_backup_never_follows_a_link_at_its_name(tmp_path, victim):
    path = tmp_path / "okr.json"
    shutil.copy(FIXTURES / "schema-v1.json", path)
    original = path.read_bytes()
    planted = tmp_path / f"okr.json.v1-{MOMENT.strftime('%Y%m%dT%H%M%SZ')}.bak"
    planted.symlink_to(victim)
    with time_machine.travel(MOMENT, tick=False):
        Repository(path).load()  # an old schema: migrated, with a backup first
    _untouched(victim)
    assert planted.is_symlink() and planted.resolve() == victim
    backup = planted.with_name(planted.name.removesuffix(".bak") + "-1.bak")
    assert backup.read_bytes() == original and _mode(backup) == 0o600


def test_backup_before_a_destructive_action_passes_over_a_planted_link(demo_repo, victim):
    with time_machine.travel(MOMENT, tick=False):
        planted = demo_repo.path.with_name(f"{demo_repo.path.name}.backup-{MOMENT.strftime('%Y%m%dT%H%M%SZ')}.bak")
        planted.symlink_to(victim)
        backup = demo_repo.backup()
    _untouched(victim)
    assert backup != planted and backup.read_bytes() == demo_repo.path.read_bytes()
    assert not backup.is_symlink() and _mode(backup) == 0o600


def test_a_link_at_the_lock_name_is_refused_in_a_sentence(demo_repo, victim):
    before = demo_repo.path.read_bytes()
    demo_repo.lock_path.unlink(missing_ok=True)
    demo_repo.lock_path.symlink_to(victim)
    with pytest.raises(Unwritable, match="is a symbolic link"):
        demo_repo.record_checkin(1, 5)
    _untouched(victim)
    assert demo_repo.path.read_bytes() == before


def test_a_link_at_a_guessed_temporary_name_is_never_followed(demo_repo, victim, monkeypatch):
    """Even an attacker who guessed the temporary's name only makes the write fail."""
    demo_repo.record_checkin(1, 5)  # the lock file exists from here on
    before = demo_repo.path.read_bytes()
    monkeypatch.setattr(files.secrets, "token_hex", lambda n: "guessed")
    (demo_repo.path.parent / f".{demo_repo.path.name}.guessed.tmp").symlink_to(victim)
    monkeypatch.setattr("okrtui.storage.store.remove_stale_temporaries", lambda path: 0)  # keep the plant
    with pytest.raises(Unwritable):
        demo_repo.record_checkin(1, 6)
    _untouched(victim)
    assert demo_repo.path.read_bytes() == before


def test_a_replaced_database_keeps_its_mode_and_a_new_one_ignores_the_umask(tmp_path, usual_umask):
    repo = Repository(tmp_path / "okr.json")
    repo.add_objective(quarter="2026-Q4", title="Grow", team="Sales")
    assert _mode(repo.path) == 0o600 and _mode(repo.lock_path) == 0o600
    os.chmod(repo.path, 0o640)  # the team's own choice survives every write
    repo.add_objective(quarter="2026-Q4", title="Keep", team="Sales")
    assert _mode(repo.path) == 0o640


def test_backup_and_export_in_a_setgid_team_folder_are_shared_with_its_group(tmp_path, usual_umask):
    folder = tmp_path / "team"
    folder.mkdir()
    os.chmod(folder, 0o2770)
    repo = Repository(folder / "okr.json")
    repo.add_objective(quarter="2026-Q4", title="Grow", team="Sales")
    backup = repo.backup()
    files.write_output(folder / "export.json", b"{}")
    for made in (backup, folder / "export.json"):
        assert _mode(made) == 0o660
        assert made.stat().st_gid == folder.stat().st_gid


# ---- item 4: exports, reports, config, crash logs ---------------------------


def _okrtui(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "okrtui", *args], capture_output=True, text=True,
                          env={**os.environ, "OKRTUI_LANG": "en"}, timeout=60)


@pytest.mark.parametrize("command", [["export"], ["report", "--format", "csv"]])
def test_export_and_report_files_are_private_and_replace_a_planted_link(demo_path, victim, usual_umask, command):
    out = demo_path.parent / "shared-output"
    out.symlink_to(victim)
    done = _okrtui(*command, "--db", str(demo_path), "-o", str(out))
    assert done.returncode == 0, done.stderr
    _untouched(victim)
    assert not out.is_symlink() and _mode(out) == 0o600 and out.stat().st_size > 100


def test_output_to_something_other_than_a_file_is_one_sentence(demo_path):
    done = _okrtui("export", "--db", str(demo_path), "-o", str(demo_path.parent))
    assert done.returncode == 2 and "not a regular file" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr


def test_config_stays_private_and_its_temporary_name_is_not_followed(tmp_path, victim, usual_umask):
    from okrtui.settings.config import config_path, save_setting

    path = config_path()
    path.parent.mkdir(parents=True, mode=0o755)
    path.write_text('name = "Ann"\n', encoding="utf-8")
    os.chmod(path, 0o600)
    (path.parent / "config.toml.tmp").symlink_to(victim)  # the name the old code wrote through
    save_setting("theme", "okrtui-light")
    _untouched(victim)
    assert path.read_text(encoding="utf-8") == 'name = "Ann"\ntheme = "okrtui-light"\n'
    assert _mode(path) == 0o600 and _mode(path.parent) == 0o700


def test_crash_logs_are_private_in_a_private_folder(usual_umask):
    from okrtui.settings.crashlog import crash_folder, write_crash_log

    crash_folder().mkdir(parents=True, mode=0o755)
    try:
        raise RuntimeError("boom")
    except RuntimeError as error:
        log = write_crash_log(error)
    assert log is not None and "boom" in log.read_text(encoding="utf-8")
    assert _mode(log) == 0o600 and _mode(crash_folder()) == 0o700


async def test_a_screenshot_replaces_a_planted_link_and_is_private(demo_repo, tmp_path, victim, usual_umask):
    from okrtui.ui.app import OkrApp

    demo_app = OkrApp(demo_repo)
    folder = tmp_path / "shots"
    folder.mkdir()
    (folder / "shot.svg").symlink_to(victim)
    async with demo_app.run_test(size=(80, 24)) as pilot:
        demo_app.deliver_screenshot("shot.svg", str(folder))
        await pilot.pause()
    _untouched(victim)
    shot = folder / "shot.svg"
    assert not shot.is_symlink() and shot.read_text(encoding="utf-8").startswith("<svg")
    assert _mode(shot) == 0o600


# ---- item 7: a database reached through a link ---------------------------------


def test_a_linked_database_writes_through_to_the_teams_file(demo_path, tmp_path):
    team_file = demo_path
    mine = tmp_path / "me" / "okr.json"
    mine.parent.mkdir()
    mine.symlink_to(team_file)
    repo = Repository(mine)
    revision = repo.load().meta.revision
    repo.record_checkin(1, 5)
    assert mine.is_symlink() and mine.resolve() == team_file  # the link stays a link
    assert Repository(team_file).load().meta.revision == revision + 1  # the team sees the check-in
    assert Repository(team_file).load().key_result(1).current == 5
    assert sorted(p.name for p in mine.parent.iterdir()) == ["okr.json"]  # lock and temporaries beside the real file
    assert team_file.with_name(team_file.name + ".lock").exists()


def test_a_linked_database_from_the_command_line(demo_path, tmp_path):
    mine = tmp_path / "linked.json"
    mine.symlink_to(demo_path)
    done = _okrtui("checkin", "1", "7", "--db", str(mine))
    assert done.returncode == 0, done.stderr
    assert mine.is_symlink()
    assert Repository(demo_path).load().key_result(1).current == 7
