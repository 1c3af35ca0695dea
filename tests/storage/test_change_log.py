"""The change log (schema 5): every write that changes records leaves exactly one entry, in the same
write, naming who, when, what and the fields before and after; it moves to the archive with its quarter."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from okrtui.domain.models import SCHEMA_VERSION
from okrtui.storage.archive import archive_quarter, unarchive_quarter
from okrtui.storage.errors import ReadOnly
from okrtui.storage.repository import Repository
from tests.conftest import DEMO_NOW, pinned_clock

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture
def repo(tmp_path):
    repo = Repository(tmp_path / "okr.json", clock=pinned_clock(), author="王小明")
    repo.create()
    return repo


def raw_changes(repo):
    """The log file's entries as written (schema 11: a file of its own; its first line is a header)."""
    lines = repo.log_path.read_text(encoding="utf-8").splitlines()[1:] if repo.log_path.exists() else []
    return [{k: v for k, v in json.loads(line).items() if k != "id"} for line in lines]


def test_each_kind_of_write_is_logged_once_with_who_when_what_and_the_fields(repo):
    objective = repo.add_objective(quarter="2026-Q4", title="Grow", team="Sales")
    kr = repo.add_key_result(objective.id, title="Clients", start=0, target=50)
    repo.update_key_result(kr.id, target=40)
    repo.record_checkin(kr.id, 10, author="ci-bot")
    kpi = repo.add_kpi(name="Churn", team="Sales", target=5)
    repo.record_kpi_reading(kpi.id, 6)
    gone = repo.delete_key_result(kr.id)
    repo.restore(gone)
    repo.mark_standup()  # changes no record: nothing logged

    changes = repo.load().changes
    assert [c.action for c in changes] == ["create", "create", "edit", "checkin", "create", "reading", "delete", "restore"]
    assert [(c.kind, c.record_id) for c in changes] == [
        ("objective", objective.id), ("key_result", kr.id), ("key_result", kr.id), ("key_result", kr.id),
        ("kpi", kpi.id), ("kpi", kpi.id), ("key_result", kr.id), ("key_result", kr.id)]
    assert all(c.author == "王小明" and c.at == DEMO_NOW for c in changes)
    edit = changes[2]
    assert [(r.kind, r.id, r.before, r.after) for r in edit.records] == [("key_result", kr.id, {"target": 50.0}, {"target": 40.0})]
    assert edit.quarter == "2026-Q4" and edit.objective_ids == [objective.id] and edit.kr_ids == [kr.id]
    checkin = changes[3]
    assert checkin.on_behalf_of == "ci-bot"  # --author for someone else is recorded as such
    assert [(r.kind, r.before, (r.after or {}).get("value")) for r in checkin.records][1] == ("checkin", None, 10.0)
    assert checkin.records[0].after == {"current": 10.0, "updated_at": "2026-11-30T12:00:00Z"}
    assert changes[4].quarter is None and changes[4].kpi_ids == [kpi.id]
    deleted = changes[6]
    assert {(r.kind, r.after is None) for r in deleted.records} == {("key_result", True), ("checkin", True)}
    assert deleted.records[0].before["target"] == 40.0  # the whole record, so that it can come back


def test_the_entry_is_in_the_same_write_as_the_change(repo):
    objective = repo.add_objective(quarter="2026-Q4", title="Grow", team="Sales")
    revision = repo.load().meta.revision
    repo.update_objective(objective.id, title="Grow faster")
    after = repo.load()
    assert after.meta.revision == revision + 1  # one write: the change and its entry
    assert after.changes[-1].records[0].after == {"title": "Grow faster"}


def test_a_refused_write_logs_nothing(repo):
    objective = repo.add_objective(quarter="2026-Q4", title="Grow", team="Sales")
    with pytest.raises(ValueError):
        repo.update_objective(objective.id, title="")
    assert len(raw_changes(repo)) == 1


def test_a_read_only_repository_writes_no_entry(repo):
    repo.add_objective(quarter="2026-Q4", title="Grow", team="Sales")
    before = repo.path.read_bytes()
    reader = Repository(repo.path, read_only=True, author="王小明")
    with pytest.raises(ReadOnly):
        reader.add_comment("objective", 1, "hello")
    with pytest.raises(ReadOnly):
        reader.undo()
    assert repo.path.read_bytes() == before


def test_the_log_moves_to_the_archive_with_its_quarter_and_back(repo):
    old = repo.add_objective(quarter="2026-Q3", title="Old", team="Sales")
    repo.add_objective(quarter="2026-Q4", title="New", team="Sales")
    repo.add_comment("objective", old.id, "was it worth it?")
    repo.add_kpi(name="Churn", team="Sales", target=5)
    archive_quarter(repo, "2026-Q3")
    live = repo.load()
    assert [c.quarter for c in live.changes] == ["2026-Q4", None]
    assert live.comments == []
    everything = repo.load(with_archive=True)
    assert [c.quarter for c in everything.changes] == ["2026-Q3", "2026-Q4", "2026-Q3", None]
    assert [c.text for c in everything.comments] == ["was it worth it?"]
    new = repo.add_objective(quarter="2026-Q4", title="Newer", team="Sales")
    # ids of archived entries are never handed out again (schema 11: a change's id is its write's revision)
    assert repo.load().changes[-1].id > max(c.id or 0 for c in everything.changes)
    unarchive_quarter(repo, "2026-Q3")
    assert len(repo.load().changes) == 5 and new.id == 3


def test_schema_4_gets_an_empty_log_and_no_comments(tmp_path):
    path = tmp_path / "okr.json"
    shutil.copy(FIXTURES / "schema-v4.json", path)
    workspace = Repository(path).load()
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert raw["meta"]["1"]["schema_version"] == SCHEMA_VERSION
    assert "changes" not in raw and raw["comments"] == {}  # schema 11: the log is a file of its own
    assert workspace.changes == [] and workspace.comments == []
    assert len(list(tmp_path.glob("okr.json.v4-*.bak"))) == 1


def test_the_schema_5_fixture_holds_a_logged_target_change_and_a_comment(tmp_path):
    path = tmp_path / "okr.json"
    shutil.copy(FIXTURES / "schema-v5.json", path)
    workspace = Repository(path).load()
    edit, comment = workspace.changes
    assert (edit.author, edit.action, edit.records[0].before, edit.records[0].after) == (
        "王小明", "edit", {"target": 50.0}, {"target": 40.0})
    assert workspace.key_result(1).target == 40
    assert [(c.author, c.target_kind, c.target_id) for c in workspace.comments] == [("王小明", "key_result", 1)]
    assert comment.records[0].after["text"] == workspace.comments[0].text


def test_a_write_that_removes_records_is_a_delete_about_what_it_removed(repo):
    """changelog.change_entry tells a delete by the records removed (no caller names it): a KR's delete
    that unaligns an objective is about the KR, an objective's about the objective, a KPI's about the KPI,
    and a check-in's undo (which resets its KR) is a delete too."""
    parent = repo.add_objective(quarter="2026-Q4", title="Grow", team="Sales")
    kr = repo.add_key_result(parent.id, title="Clients", start=0, target=50)
    child = repo.add_objective(quarter="2026-Q4", title="Sell", team="Sales", parent_kr_id=kr.id)
    checkin, _kr = repo.record_checkin(kr.id, 10, confidence=6)
    repo.undo_checkin(checkin.id)
    undone = repo.load().changes[-1]
    assert (undone.action, undone.kind, undone.record_id) == ("delete", "key_result", kr.id)
    repo.delete_key_result(kr.id)
    entry = repo.load().changes[-1]
    assert (entry.action, entry.kind, entry.record_id) == ("delete", "key_result", kr.id)
    assert {(r.kind, r.id, r.after is None) for r in entry.records} == {("objective", child.id, False),
                                                                       ("key_result", kr.id, True)}
    grand = repo.add_objective(quarter="2026-Q4", title="Sub", team="Sales", parent_id=child.id)
    repo.delete_objective(child.id)
    entry = repo.load().changes[-1]
    assert (entry.action, entry.kind, entry.record_id) == ("delete", "objective", child.id)
    assert any(r.kind == "objective" and r.id == grand.id and r.after == {"parent_id": None} for r in entry.records)
    kpi = repo.add_kpi(name="Churn", team="Sales", target=5)
    repo.delete_kpi(kpi.id)
    entry = repo.load().changes[-1]
    assert (entry.action, entry.kind, entry.record_id) == ("delete", "kpi", kpi.id)
    # An edit that removes nothing stays an edit; a create, a create.
    repo.update_objective(parent.id, title="Grow more")
    assert repo.load().changes[-1].action == "edit"
