"""Initiatives in the database: written in one logged write, undone like any change, deleted and
restored with their KR, archived with their quarter, refused on a closed one."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from okrtui.domain.validation import InvalidInput
from okrtui.domain.workspace import ReferenceError_
from okrtui.storage.archive import archive_quarter, unarchive_quarter
from okrtui.storage.errors import NotFound
from okrtui.storage.repository import Repository
from tests.conftest import pinned_clock


@pytest.fixture
def repo(tmp_path):
    repo = Repository(tmp_path / "okr.json", clock=pinned_clock(), author="ann")
    objective = repo.add_objective(quarter="2026-Q4", title="Grow", team="Sales")
    repo.add_key_result(objective.id, title="Signups 0 to 100", start=0, target=100)
    return repo


def test_add_then_advance_stamps_the_status_time(repo):
    added, kr = repo.add_initiative("signups", "Landing page", owner="Ann", due="2026-W50")
    assert (added.kr_id, added.status, added.status_at) == (kr.id, "todo", None)
    repo.clock.advance(timedelta(hours=2))
    started = repo.update_initiative(added.id, status="doing")
    assert started.status == "doing" and started.status_at == repo.clock.now()
    renamed = repo.update_initiative(added.id, title="Landing page v2")
    assert renamed.status_at == started.status_at  # a new title is not a new status
    stored = json.loads(repo.path.read_text(encoding="utf-8"))["initiatives"][str(added.id)]
    assert stored["title"] == "Landing page v2" and stored["due"] == "2026-W50"


def test_named_by_kr_and_title_and_refused_when_unknown(repo):
    repo.add_initiative(1, "Landing page")
    repo.add_initiative(1, "Pricing page")
    assert repo.update_initiative("signups", "landing", status="done").title == "Landing page"
    with pytest.raises(ReferenceError_):
        repo.update_initiative("signups", "page", status="done")  # two match: ambiguous
    with pytest.raises(ReferenceError_):
        repo.update_initiative("99", status="done")
    with pytest.raises(NotFound):
        repo.delete_initiative(99)


def test_bad_input_is_a_sentence_and_writes_nothing(repo):
    before = repo.path.read_bytes()
    with pytest.raises(InvalidInput, match="2026-W50"):
        repo.add_initiative(1, "Landing page", due="next week")
    with pytest.raises(InvalidInput, match="status"):
        repo.add_initiative(1, "Landing page", status="finished")
    with pytest.raises(InvalidInput, match="title"):
        repo.add_initiative(1, "   ")
    assert repo.path.read_bytes() == before


def test_each_write_is_logged_and_undo_reverses_it(repo):
    added, _kr = repo.add_initiative(1, "Landing page")
    repo.update_initiative(added.id, status="doing")
    change = repo.load().changes[-1]
    assert (change.kind, change.record_id, change.kr_ids, change.quarter) == ("initiative", added.id, [1], "2026-Q4")
    assert change.records[0].before["status"] == "todo" and change.records[0].after["status"] == "doing"
    repo.undo()
    assert repo.load().initiative(added.id).status == "todo"
    repo.delete_initiative(added.id)
    assert repo.load().initiatives == []
    repo.undo()  # the delete undone: the same record, same id
    assert repo.load().initiative(added.id).title == "Landing page"
    repo.redo()
    assert repo.load().initiatives == []


def test_deleting_a_kr_takes_its_initiatives_and_restore_brings_them_back(repo):
    added, _kr = repo.add_initiative(1, "Landing page", status="doing")
    gone = repo.delete_key_result(1)
    assert repo.load().initiatives == []
    repo.restore(gone)
    assert repo.load().initiative(added.id) == added


def test_archived_with_the_quarter_and_back_and_refused_when_closed(repo):
    added, _kr = repo.add_initiative(1, "Landing page", status="doing")
    archive_quarter(repo, "2026-Q4")
    raw = json.loads(repo.path.read_text(encoding="utf-8"))
    assert raw["initiatives"] == {}
    assert repo.load(with_archive=True).initiative(added.id) == added
    with pytest.raises(NotFound):
        repo.update_initiative(added.id, status="done")  # not in the live file: it is archived
    unarchive_quarter(repo, "2026-Q4")
    assert repo.load().initiative(added.id) == added
    repo.update_objective(1, state="closed", decision="achieved")  # graded: the quarter is closed
    with pytest.raises(InvalidInput, match="closed"):
        repo.add_initiative(1, "More work")
