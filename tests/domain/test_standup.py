"""domain.standup: since when, what changed, what needs attention; computed by hand.

2026-Q4 as of Nov 30 (a Monday): expected = (31 + 30) / 92 = 0.663, so on_track needs
p >= 0.630, at_risk 0.497 <= p < 0.630, off_track below.
"""

from datetime import date, datetime, timedelta, timezone

import pytest

from okrtui.domain.models import CheckIn, KeyResult, Meta, Objective
from okrtui.domain.quarter import Quarter
from okrtui.domain.standup import (
    changes_since,
    confidence_change,
    needs_attention,
    previous_working_day,
    standup_since,
    teams_of,
)
from okrtui.domain.views import view_quarter
from okrtui.domain.workspace import Workspace

Q4 = Quarter(2026, 4)
NOW = datetime(2026, 11, 30, 10, 0, tzinfo=timezone.utc)  # Monday


def at(month, day, hour=9):
    return datetime(2026, month, day, hour, tzinfo=timezone.utc)


def objective(id, team, **extra):
    return Objective(id=id, quarter="2026-Q4", title=f"O {id}", team=team, **extra)


def kr(id, objective_id, **fields):
    return KeyResult(id=id, objective_id=objective_id, title=f"KR {id}", **fields)


def ci(id, kr_id, when, value, confidence=None, previous=None, previous_confidence=None, author="", note=""):
    return CheckIn(id=id, kr_id=kr_id, at=when, value=value, confidence=confidence, previous_value=previous,
                   previous_confidence=previous_confidence, author=author, note=note)


def view(ws, now=NOW):
    return view_quarter(ws, Q4, now.date(), now=now)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 11, 30), date(2026, 11, 27)),  # Monday → Friday
        (date(2026, 12, 1), date(2026, 11, 30)),  # Tuesday → Monday
        (date(2026, 11, 29), date(2026, 11, 27)),  # Sunday → Friday
        (date(2026, 11, 28), date(2026, 11, 27)),  # Saturday → Friday
    ],
)
def test_previous_working_day_is_midnight_of_the_last_weekday(today, expected):
    now = datetime(today.year, today.month, today.day, 15, 30, tzinfo=timezone.utc)
    assert previous_working_day(now) == datetime(expected.year, expected.month, expected.day, tzinfo=timezone.utc)


def test_previous_working_day_keeps_the_local_time_zone():
    taipei = timezone(timedelta(hours=8))
    # 01:00 on Tuesday in Taipei is still Monday in UTC; the team's yesterday is Monday.
    now = datetime(2026, 12, 1, 1, 0, tzinfo=taipei)
    assert previous_working_day(now) == datetime(2026, 11, 30, tzinfo=taipei)


def test_since_uses_the_marker_when_there_is_one():
    marked = at(11, 30, 8)
    assert standup_since(marked, NOW).moment == marked and standup_since(marked, NOW).marked
    default = standup_since(None, NOW)
    assert default.moment == at(11, 27, 0) and not default.marked
    # A marker from a clock ahead of ours never hides everything that follows.
    assert standup_since(NOW + timedelta(hours=1), NOW).moment == NOW


@pytest.fixture
def ws():
    return Workspace(
        objectives=[objective(1, "Sales"), objective(2, "Support"), objective(3, "Sales", state="dropped")],
        key_results=[
            kr(1, 1, start=0, target=50, current=31, confidence=6),  # p .62 at risk
            kr(2, 1, start=0, target=200, current=150, confidence=5),  # p .75 on track, confidence 8 → 5
            kr(3, 2, kind="decrease", start=4, target=1, current=3, confidence=7),  # p .33 off track, stale
            kr(4, 2, kind="milestone", target=1, current=1),  # done: never needs attention
            kr(5, 3, start=0, target=10, current=0),  # dropped objective: ignored
        ],
        checkins=[
            ci(1, 1, at(11, 20), 27, 6, previous=0),
            ci(2, 1, at(11, 27, 16), 31, 6, previous=27, author="王小明", note="第六家"),
            ci(3, 2, at(11, 20), 140, 8, previous=100),
            ci(4, 2, at(11, 26), 150, 6, previous=140, previous_confidence=8),
            ci(5, 2, at(11, 30, 8), 150, 5, previous=150, previous_confidence=6),
            ci(6, 3, at(11, 10), 3, 7, previous=4),
            ci(7, 4, at(11, 29), 1, previous=0),
            ci(8, 5, at(11, 28), 0),
        ],
    )


def test_changes_since_give_before_after_and_points_newest_first(ws):
    changes = changes_since(ws, view(ws), at(11, 27, 0))
    assert [c.checkin.id for c in changes] == [5, 7, 8, 2]  # 8: a dropped objective's check-in still happened
    by_id = {c.checkin.id: c for c in changes}
    assert (by_id[2].before, by_id[2].after) == (27, 31)
    assert by_id[2].points == pytest.approx(8.0) and by_id[2].direction == "up"
    assert by_id[5].points == 0 and by_id[5].direction == "flat"
    assert by_id[7].points == pytest.approx(100.0)
    assert by_id[2].checkin.author == "王小明" and by_id[2].checkin.note == "第六家"


def test_changes_since_filter_teams_and_fall_back_without_previous_value(ws):
    ws.checkins.append(ci(9, 3, at(11, 30, 9), 2.5))  # no previous_value: the last check-in's 3
    ws._index()
    changes = changes_since(ws, view(ws), at(11, 30, 0), teams={"Support"})
    assert [(c.checkin.id, c.before, c.after) for c in changes] == [(9, 3, 2.5)]
    assert changes[0].points == pytest.approx(100 * 0.5 / 3)
    # Since Nov 1, KR 3 had two check-ins: one row, from the value before the first (4) to the last's.
    both = next(c for c in changes_since(ws, view(ws), at(11, 1, 0), teams={"Support"}) if c.kr.id == 3)
    assert (both.checkin.id, both.before, both.after, both.count) == (9, 4, 2.5, 2)


def test_a_drop_in_points_goes_down(ws):
    ws.checkins.append(ci(9, 1, at(11, 30, 9), 25, previous=31))
    ws._index()
    change = changes_since(ws, view(ws), at(11, 30, 9))[0]
    assert change.points == pytest.approx(-12.0) and change.direction == "down"


def test_needs_attention_on_a_hand_built_quarter(ws):
    items = needs_attention(ws, view(ws), NOW)
    found = [(a.kr.id if a.kr else f"O{a.objective.id}", a.reasons) for a in items]
    assert found == [
        (3, ("off_track", "stale")),
        (1, ("at_risk",)),
        (2, ("confidence_drop",)),
    ]
    drop = items[2]
    assert (drop.confidence_from, drop.confidence_to) == (8, 5)
    assert items[0].days_quiet(NOW) == 20


def test_confidence_fall_of_one_is_not_enough():
    history = [ci(1, 1, at(11, 20), 1, 7), ci(2, 1, at(11, 28), 1, 6, previous_confidence=7)]
    assert confidence_change(history, 6, NOW) == (7, 6)
    assert confidence_change(history[:1], 7, NOW) is None  # nothing in the window


def test_objective_without_progress_this_week(ws):
    # Support's only pace KR last moved on Nov 10; its milestone is done and never counts as progress
    # again, so remove that and Support has no KR progress this week.
    ws.checkins = [c for c in ws.checkins if c.kr_id != 4]
    ws.key_results = [k for k in ws.key_results if k.id != 4]
    ws._index()
    items = needs_attention(ws, view(ws), NOW)
    assert ("no_progress",) in [a.reasons for a in items if a.kr is None and a.objective.id == 2]
    assert not [a for a in items if a.kr is None and a.objective.id == 1]  # Sales moved KR 1 on Nov 27
    assert items[-1].reasons == ("no_progress",)  # the least urgent comes last


def test_attention_filters_teams_and_skips_done_and_dropped(ws):
    items = needs_attention(ws, view(ws), NOW, teams={"Sales"})
    assert {a.objective.team for a in items} == {"Sales"}
    assert all(a.kr is None or a.kr.id not in (4, 5) for a in needs_attention(ws, view(ws), NOW))


def test_teams_of_keeps_view_order(ws):
    assert teams_of(view(ws)) == ["Sales", "Support"]


def test_meta_marker_round_trips():
    assert Meta(standup_at=at(11, 30)).standup_at == at(11, 30)


def test_thirty_check_ins_on_one_kr_are_one_row_with_the_net_change_the_latest_note_and_the_count(ws):
    """Issue 17 item 24: a script feeding a KR made the standup list 30 rows of the same KR."""
    for i in range(30):
        note = "第二十九筆" if i == 28 else ""  # the last one has no note: the latest note is kept
        ws.checkins.append(ci(100 + i, 1, at(11, 30, 9) + timedelta(minutes=i), 31 + i, previous=30 + i if i else 31,
                              author="bot", note=note))
    ws._index()
    changes = changes_since(ws, view(ws), at(11, 27, 0))
    assert [c.kr.id for c in changes] == [1, 2, 4, 5]  # one row per KR, the newest first
    row = changes[0]
    assert (row.before, row.after, row.count) == (27, 60, 31)  # Friday's 27→31 and the bot's 30 since
    assert row.points == pytest.approx((60 - 27) / 50 * 100)
    assert row.note == "第二十九筆" and row.checkin.id == 129 and row.checkin.author == "bot"
    assert [c.count for c in changes[1:]] == [1, 1, 1]
