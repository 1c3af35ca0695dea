"""A mistaken check-in corrected or deleted (issue 18 point 4), and comments edited or deleted by their
author (point 5): each one logged write, recorded with the values it had, undone and redone from the log,
refused (with a sentence, nothing written) for someone else's."""

from __future__ import annotations

import pytest

from okrtui.domain.validation import InvalidInput
from okrtui.storage.errors import NotFound
from okrtui.storage.history import NotYours
from okrtui.storage.repository import Repository
from tests.conftest import pinned_clock


@pytest.fixture
def kr(tmp_path):
    """KR 1 (0 → 100) with check-ins 10 (confidence 6), 20, 30 by 王小明."""
    repo = Repository(tmp_path / "okr.json", clock=pinned_clock(), author="王小明")
    repo.create()
    objective = repo.add_objective(quarter="2026-Q4", title="Grow", team="Sales")
    kr = repo.add_key_result(objective.id, title="Clients", start=0, target=100)
    for value in (10, 20, 30):
        repo.record_checkin(kr.id, value, confidence=6 if value == 10 else None, author="王小明")
    return repo


def as_(repo: Repository, who: str) -> Repository:
    return Repository(repo.path, clock=pinned_clock(), author=who)


def values(repo: Repository) -> list[tuple[int, float, float | None]]:
    return [(c.id, c.value, c.previous_value) for c in repo.load().checkins_of(1)]


def test_correcting_the_newest_check_in_moves_the_kr_and_is_logged_with_the_old_values(kr):
    fixed, after = kr.correct_checkin(3, 3.0, confidence=4, note="typo: 3, not 30")
    assert (fixed.value, fixed.confidence, fixed.note, after.current, after.confidence) == (3, 4, "typo: 3, not 30", 3, 4)
    assert values(kr) == [(1, 10, 0), (2, 20, 10), (3, 3, 20)]
    change = kr.load().changes[-1]
    assert (change.author, change.action, change.kr_ids) == ("王小明", "checkin", [1])
    records = {(r.kind, r.id): (r.before, r.after) for r in change.records}
    assert records[("checkin", 3)] == ({"value": 30.0, "confidence": None, "note": ""},
                                       {"value": 3.0, "confidence": 4, "note": "typo: 3, not 30"})
    assert records[("key_result", 1)][0]["current"] == 30.0
    kr.undo()
    ws = kr.load()
    assert ws.key_result(1).current == 30 and ws.key_result(1).confidence == 6 and values(kr)[-1] == (3, 30, 20)
    kr.redo()
    assert kr.load().key_result(1).current == 3


def test_correcting_an_older_check_in_keeps_the_kr_and_fixes_the_next_ones_previous_value(kr):
    kr.correct_checkin(2, 25.0)
    assert values(kr) == [(1, 10, 0), (2, 25, 10), (3, 30, 25)]
    assert kr.load().key_result(1).current == 30


def test_deleting_a_check_in_is_recorded_and_undo_brings_it_back_with_its_id(kr):
    gone, after = kr.delete_checkin(3)
    assert (gone.value, after.current) == (30, 20)
    assert values(kr) == [(1, 10, 0), (2, 20, 10)]
    deleted = kr.load().changes[-1]
    assert [(r.kind, r.id, r.after) for r in deleted.records if r.kind == "checkin"] == [("checkin", 3, None)]
    assert next(r.before for r in deleted.records if r.kind == "checkin")["value"] == 30.0  # recorded, not erased
    kr.delete_checkin(1)  # the oldest: the next one now follows the start
    assert values(kr) == [(2, 20, 0)]
    kr.undo()
    kr.undo()
    assert values(kr) == [(1, 10, 0), (2, 20, 10), (3, 30, 20)] and kr.load().key_result(1).current == 30


def test_only_whoever_recorded_a_check_in_changes_it(kr):
    before = kr.path.read_bytes()
    with pytest.raises(NotYours, match="check-in 3 was recorded by 王小明; only they can correct or delete it"):
        as_(kr, "bob").correct_checkin(3, 3.0)
    with pytest.raises(NotYours):
        as_(kr, "bob").delete_checkin(3)
    assert kr.path.read_bytes() == before
    # A script that checked in for 王小明: both the script's runner and 王小明 may fix it.
    as_(kr, "ci-bot").record_checkin(1, 40, author="王小明")
    as_(kr, "ci-bot").correct_checkin(4, 41.0)
    kr.correct_checkin(4, 42.0)
    assert kr.load().key_result(1).current == 42


def test_bad_corrections_are_sentences_and_write_nothing(kr):
    before = kr.path.read_bytes()
    with pytest.raises(InvalidInput):
        kr.correct_checkin(3, 5000.0)  # far out of 0 → 100: unlikely, --force records it
    with pytest.raises(InvalidInput):
        kr.correct_checkin(3, note="bad \x1b[31m")
    with pytest.raises(NotFound, match="there is no check-in 99"):
        kr.delete_checkin(99)
    assert kr.path.read_bytes() == before
    kr.correct_checkin(3, 5000.0, force=True)
    assert kr.load().key_result(1).current == 5000


def test_comments_are_edited_and_deleted_by_their_author_only_and_undone(kr):
    comment = kr.add_comment("key_result", 1, "looks good")
    before = kr.path.read_bytes()
    with pytest.raises(NotYours, match="comment 1 is 王小明's; only its author can change it"):
        as_(kr, "bob").edit_comment(comment.id, "mine now")
    with pytest.raises(NotYours):
        as_(kr, "bob").delete_comment(comment.id)
    assert kr.path.read_bytes() == before
    edited = kr.edit_comment(comment.id, "looks good, but late")
    assert edited.edited_at is not None
    change = kr.load().changes[-1]
    assert [(r.kind, r.before["text"], r.after["text"]) for r in change.records] == [
        ("comment", "looks good", "looks good, but late")]
    kr.delete_comment(comment.id)
    assert kr.load().comments == []
    kr.undo()
    assert [c.text for c in kr.load().comments] == ["looks good, but late"]
    kr.undo()
    restored = kr.load().comments[0]
    assert (restored.id, restored.text, restored.edited_at) == (1, "looks good", None)
    kr.redo()
    assert kr.load().comments[0].text == "looks good, but late"
