"""A read-only repository (what `okrtui serve` gives every visitor) refuses every write and
leaves the folder exactly as it was: no database change, no lock file, no backup, no temporary."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from okrtui.domain.models import SCHEMA_VERSION
from okrtui.storage.archive import archive_quarter
from okrtui.storage.carry import carry_forward
from okrtui.storage.closing import close_quarter, reopen_quarter
from okrtui.storage.errors import ReadOnly
from okrtui.storage.repository import Repository
from okrtui.storage.records import Deleted
from okrtui.storage.store import READ_ONLY_ENV

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

WRITES = {
    "create": lambda r: r.create(),
    "add_objective": lambda r: r.add_objective(title="Delight users", quarter="2026-Q4", team="Web"),
    "update_objective": lambda r: r.update_objective(1, title="x"),
    "delete_objective": lambda r: r.delete_objective(1),
    "restore": lambda r: r.restore(Deleted()),
    "add_key_result": lambda r: r.add_key_result(1, title="k", kind="increase", start=0, target=10),
    "update_key_result": lambda r: r.update_key_result(1, title="x"),
    "delete_key_result": lambda r: r.delete_key_result(1),
    "record_checkin": lambda r: r.record_checkin(1, 5),
    "checkin_by_reference": lambda r: r.checkin_by_reference("1", "5"),
    "kpi_reading_by_reference": lambda r: r.kpi_reading_by_reference("1", "5"),
    "undo_checkin": lambda r: r.undo_checkin(1),
    "add_kpi": lambda r: r.add_kpi(name="NPS", team="Web", target=50),
    "record_kpi_reading": lambda r: r.record_kpi_reading(1, 5),
    "update_kpi": lambda r: r.update_kpi(1, name="x"),
    "delete_kpi": lambda r: r.delete_kpi(1),
    "mark_standup": lambda r: r.mark_standup(),
    "migrate": lambda r: r.migrate(),
    "backup": lambda r: r.backup(),
    "close_quarter": lambda r: close_quarter(r, "2026-Q4", []),
    "reopen_quarter": lambda r: reopen_quarter(r, "2026-Q4"),
    "archive_quarter": lambda r: archive_quarter(r, "2026-Q4"),
    "carry_forward": lambda r: carry_forward(r, 1),
}


def folder(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in path.parent.iterdir()}


@pytest.mark.parametrize("write", WRITES, ids=list(WRITES))
def test_every_write_through_a_read_only_repository_raises_and_changes_nothing(demo_path, write):
    before = folder(demo_path)
    repo = Repository(demo_path, read_only=True)
    with pytest.raises(ReadOnly, match="read-only"):
        WRITES[write](repo)
    assert folder(demo_path) == before


def test_the_same_writes_succeed_on_a_writable_repository(demo_path):
    """The list above is real writes: each one changes the file when allowed (except a no-op restore)."""
    Repository(demo_path).mark_standup()
    Repository(demo_path).record_checkin(1, 5)
    assert Repository(demo_path).load().meta.revision >= 2


def test_the_environment_makes_every_repository_of_the_process_read_only(demo_path, monkeypatch):
    monkeypatch.setenv(READ_ONLY_ENV, "1")
    before = demo_path.read_bytes()
    repo = Repository(demo_path)
    assert repo.read_only and repo.load().objectives  # reading still works
    with pytest.raises(ReadOnly):
        repo.delete_objective(1)
    assert demo_path.read_bytes() == before
    monkeypatch.setenv(READ_ONLY_ENV, "0")
    assert not Repository(demo_path).read_only


def test_an_old_file_is_migrated_in_memory_only(tmp_path):
    path = tmp_path / "okr.json"
    shutil.copy(FIXTURES / "schema-v1.json", path)
    before = folder(path)
    workspace = Repository(path, read_only=True).load()
    assert workspace.meta.schema_version == SCHEMA_VERSION and workspace.objectives
    assert folder(path) == before  # no backup, no lock, no rewrite
