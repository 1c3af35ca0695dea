"""The standup's "since the last standup" names edits too (issue 18 point 2): a target moved, a KR
added or removed, a new comment; only the view's quarter and teams, newest first."""

from __future__ import annotations

from datetime import date, timedelta

from okrtui.domain.quarter import Quarter
from okrtui.domain.standup import edits_since
from okrtui.domain.views import view_quarter
from okrtui.storage.repository import Repository
from tests.conftest import DEMO_NOW, pinned_clock

Q4 = Quarter(2026, 4)


def test_edits_since_the_standup_newest_first(demo_path):
    repo = Repository(demo_path, clock=pinned_clock(), author="王小明")
    repo.update_key_result(4, title="網站月流量 renamed")  # a title edit is not named
    repo.mark_standup()
    repo.clock.advance(timedelta(minutes=1))
    repo.update_key_result(4, target=48000)
    repo.clock.advance(timedelta(minutes=1))
    added = repo.add_key_result(3, title="新客戶 10 家", start=0, target=10)
    repo.clock.advance(timedelta(minutes=1))
    repo.delete_key_result(added.id)
    repo.clock.advance(timedelta(minutes=1))
    repo.add_comment("key_result", 1, "客戶延後簽約")
    repo.clock.advance(timedelta(minutes=1))
    repo.record_checkin(2, 160)  # a check-in is changes_since's, not an edit

    ws = repo.load()
    view = view_quarter(ws, Q4, date(2026, 11, 30), DEMO_NOW)
    edits = edits_since(ws, view, ws.meta.standup_at)
    assert [(e.kind, e.kr_id) for e in edits] == [
        ("comment", 1), ("kr_removed", added.id), ("kr_added", added.id), ("target_moved", 4)]
    moved = edits[-1]
    assert (moved.field, moved.before, moved.after, moved.author) == ("target", 50000, 48000, "王小明")
    assert moved.at == DEMO_NOW + timedelta(minutes=1) and moved.objective.id == 3
    assert edits[0].text == "客戶延後簽約" and edits[1].title == "新客戶 10 家"
    assert [e.kind for e in edits_since(ws, view, ws.meta.standup_at, teams={"客服"})] == []
    assert [e.kr_id for e in edits_since(ws, view, ws.meta.standup_at, teams={"業務"})] == [1]
