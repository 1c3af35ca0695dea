"""Initiatives read back (domain/initiatives): due weeks as typed, statuses, counts, the standup's
week of work, and naming one by tag or by KR and title."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from okrtui.domain.initiatives import (
    overdue,
    parse_due_week,
    parse_status,
    resolve_initiative,
    week_of,
    week_of_work,
)
from okrtui.domain.models import Initiative
from okrtui.domain.validation import InvalidInput
from okrtui.domain.workspace import ReferenceError_
from okrtui.present.initiative_text import week_of_work_text
from okrtui.storage.repository import Repository

TODAY = date(2026, 11, 30)  # a Monday, in ISO week 49


@pytest.mark.parametrize("typed, stored", [
    ("2026-W50", "2026-W50"), ("w50", "2026-W50"), ("W5", "2026-W05"), ("2027-w01", "2027-W01"),
    ("2026-12-13", "2026-W50"), ("2026-12-14", "2026-W51"), ("2027-01-01", "2026-W53"), ("", None), ("none", None),
])
def test_due_week_as_typed(typed, stored):
    assert parse_due_week(typed, TODAY) == stored


@pytest.mark.parametrize("typed", ["next week", "2026-W54", "2025-W53", "W0", "2026-13-01", "50"])
def test_a_due_week_that_is_not_one_is_a_sentence(typed):
    with pytest.raises(InvalidInput):
        parse_due_week(typed, TODAY)


def test_status_words_and_overdue():
    assert [parse_status(w) for w in ("todo", "To Do", "doing", "DONE", "進行中")] == ["todo", "todo", "doing", "done",
                                                                                  "doing"]
    with pytest.raises(InvalidInput):
        parse_status("finished")
    late = Initiative(kr_id=1, title="x", status="doing", due=week_of(TODAY - timedelta(days=7)))
    assert overdue(late, TODAY) and not overdue(late.model_copy(update={"status": "done"}), TODAY)
    assert not overdue(late.model_copy(update={"due": week_of(TODAY)}), TODAY)  # due this week: not yet late
    assert not overdue(late.model_copy(update={"due": None}), TODAY)


def test_week_of_work_counts_done_since_the_moment(demo_path):
    ws = Repository(demo_path).load()
    friday = datetime(2026, 11, 27, tzinfo=timezone.utc)
    work = week_of_work(ws, "2026-Q4", friday)
    # Four doing; one done on the demo's last Monday (T2), the other (T6) a week before.
    assert (work.doing, work.done_since, work.todo) == (4, 1, 1)
    assert week_of_work_text(work) == "This week: 4 doing, 1 done since the last standup, 1 to do"
    assert week_of_work(ws, "2026-Q4", friday - timedelta(days=8)).done_since == 2
    assert week_of_work(ws, "2026-Q4", friday, teams={"業務"}) .doing == 2


def test_named_by_tag_or_by_kr_and_title(demo_path):
    ws = Repository(demo_path).load()
    assert resolve_initiative(ws, "T4").title == resolve_initiative(ws, "4").title == "改寫產品頁的SEO內容"
    assert resolve_initiative(ws, "網站", "seo").id == 4
    with pytest.raises(ReferenceError_):
        resolve_initiative(ws, "T40")
    with pytest.raises(ReferenceError_):
        resolve_initiative(ws, "1", "zzz")
