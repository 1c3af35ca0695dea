"""close_quarter / reopen_quarter: one write each, then the archive; nothing half-written."""

from __future__ import annotations

import json

import pytest

from okrtui.domain.grading import ClosingEntry, is_closed
from okrtui.domain.validation import InvalidInput
from okrtui.storage import closing
from okrtui.storage.closing import close_quarter, reopen_quarter


def entries_for(ws, **decisions):
    return [ClosingEntry(o.id, decisions.get(f"o{o.id}", "achieved"), retrospective="r", shortfall_reason="s")
            for o in ws.objectives]


def test_an_incomplete_close_writes_nothing(demo_repo):
    before = demo_repo.path.read_bytes()
    entries = entries_for(demo_repo.load())[1:]  # one objective without a decision
    with pytest.raises(InvalidInput, match="O1: choose a decision"):
        close_quarter(demo_repo, "2026-Q4", entries)
    assert demo_repo.path.read_bytes() == before and not demo_repo.archive_path.exists()


def test_close_then_reopen(demo_repo):
    ws = demo_repo.load()
    closed = close_quarter(demo_repo, "2026-Q4", entries_for(ws, o2="carry_forward", o3="drop"))
    [copy] = closed.carried
    live = demo_repo.load()
    assert live.meta.archived == ["2026-Q4"] and [o.id for o in live.objectives] == [copy.id]
    assert copy.quarter == "2027-Q1" and {k.start for k in live.krs_of(copy.id)} == {k.current for k in ws.krs_of(2)}
    both = demo_repo.load(with_archive=True)
    assert {o.id: o.state for o in both.objectives_in("2026-Q4")} == {1: "closed", 2: "closed", 3: "dropped", 4: "closed",
                                                                     5: "closed"}
    with pytest.raises(InvalidInput, match="already closed"):
        close_quarter(demo_repo, "2026-Q4", [])

    reopened = reopen_quarter(demo_repo, "2026-Q4")
    assert len(reopened) == 5
    live = demo_repo.load()
    assert live.meta.archived == [] and all(o.state == "active" for o in live.objectives_in("2026-Q4"))
    assert live.objective(2).decision == "carry_forward"  # answers kept for the next close
    # Closing again does not carry twice.
    again = close_quarter(demo_repo, "2026-Q4", entries_for(live, o2="carry_forward"))
    assert again.carried == [] and [o.id for o in again.already_there] == [copy.id]
    with pytest.raises(InvalidInput, match="not closed"):
        reopen_quarter(demo_repo, "2027-Q1")


def test_a_crash_before_archiving_is_finished_by_the_next_close(demo_repo, monkeypatch):
    def crash(*_args):
        raise OSError("power cut")

    monkeypatch.setattr(closing, "archive_quarter", crash)
    with pytest.raises(OSError):
        close_quarter(demo_repo, "2026-Q4", entries_for(demo_repo.load()))
    ws = demo_repo.load()
    assert is_closed(ws, "2026-Q4") and ws.meta.archived == []
    monkeypatch.undo()
    close_quarter(demo_repo, "2026-Q4", [])
    assert demo_repo.load().meta.archived == ["2026-Q4"]
    assert json.loads(demo_repo.archive_path.read_text(encoding="utf-8"))["objectives"]


def test_a_close_carries_the_unfinished_krs_unless_told_otherwise(demo_repo):
    """Issue 17 item 3 at the close: 客服 (O4) ends with #7 at 1.6 h (target ≤ 1), #8 at 87 (≥ 90) and
    #9 at 92 (≥ 90, done). Carried forward, only #7 and #8 go along; a team may name others."""
    from okrtui.domain.grading import parse_carry, propose

    ws = demo_repo.load()
    assert [k.id for k in propose(ws, ws.objective(4)).unfinished] == [7, 8]
    closed = close_quarter(demo_repo, "2026-Q4", entries_for(ws, o4="carry_forward"))
    [copy] = closed.carried
    assert [k.title for k in demo_repo.load().krs_of(copy.id)] == [ws.key_result(7).title, ws.key_result(8).title]

    reopen_quarter(demo_repo, "2026-Q4")
    proposal = propose(demo_repo.load(), ws.objective(2))
    assert parse_carry("#1, 3", proposal) == [1, 3] and parse_carry("-", proposal) == []
    with pytest.raises(InvalidInput, match="'#7' is not one of this objective's key results"):
        parse_carry("#1 #7", proposal)
