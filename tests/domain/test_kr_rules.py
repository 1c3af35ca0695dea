"""domain/kr_rules.py: the rules several screens and commands show, worked out by hand."""

from __future__ import annotations

from datetime import date, datetime, timezone

from okrtui.domain.kr_rules import (
    attention_reasons,
    effective_owner,
    kr_preview,
    needs_attention,
    status_rank,
    threshold_holds,
    value_before_first,
)
from okrtui.domain.models import CheckIn, KeyResult, Objective
from okrtui.domain.quarter import Quarter
from okrtui.domain.views import KRView
from okrtui.domain.workspace import Workspace, rewind

Q4 = Quarter(2026, 4)


def at(month: int, day: int) -> datetime:
    return datetime(2026, month, day, 12, tzinfo=timezone.utc)


def kr(**fields) -> KeyResult:
    fields.setdefault("target", 10)
    return KeyResult(id=fields.pop("id", 1), objective_id=1, title="KR", **fields)


def view(status: str, stale: bool = False) -> KRView:
    return KRView(kr(start=0, target=10), 0.5, 0.5, status, None, stale)  # type: ignore[arg-type]


def test_attention_is_off_track_at_risk_or_stale_and_never_done():
    assert attention_reasons(view("off_track")) == ("off_track",)
    assert attention_reasons(view("at_risk", stale=True)) == ("at_risk", "stale")
    assert attention_reasons(view("on_track", stale=True)) == ("stale",)
    assert not needs_attention(view("on_track")) and not needs_attention(view("pending"))
    assert not needs_attention(view("done", stale=True))  # reached: nothing to attend to


def test_status_order_is_worst_first():
    ranked = sorted(["done", "pending", "on_track", "off_track", "closed", "at_risk"], key=status_rank)
    assert ranked == ["off_track", "at_risk", "pending", "on_track", "done", "closed"]


def test_a_kr_without_an_owner_belongs_to_its_objective_s():
    objective = Objective(id=1, quarter="2026-Q4", title="O", team="T", owner="Mei")
    assert effective_owner(kr(owner="Wei"), objective) == "Wei"
    assert effective_owner(kr(), objective) == "Mei"
    assert effective_owner(kr(), None) == ""


def test_a_threshold_holds_at_full_progress_only():
    line = kr(kind="at_least", start=0, target=90)
    assert threshold_holds(line, 1.0) is True and threshold_holds(line, 0.99) is False
    assert threshold_holds(kr(start=0, target=10), 1.0) is None  # not a threshold KR


def test_the_value_before_the_first_checkin():
    k = kr(start=5, target=10)
    later = CheckIn(id=2, kr_id=1, at=at(11, 2), value=8, previous_value=7)
    first = CheckIn(id=1, kr_id=1, at=at(10, 2), value=7, previous_value=6)
    assert value_before_first(k, [later, first]) == 6  # what the first one found, whatever the order given
    assert value_before_first(k, [first.model_copy(update={"previous_value": None})]) == 5  # older data: the start
    assert value_before_first(k, []) == 5


def test_rewind_before_the_first_checkin_uses_the_same_value():
    k = kr(start=5, target=10, current=8)
    ws = Workspace(objectives=[Objective(id=1, quarter="2026-Q4", title="O", team="T")], key_results=[k],
                   checkins=[CheckIn(id=1, kr_id=1, at=at(10, 2), value=8, previous_value=6)])
    assert rewind(ws, at(10, 1)).key_results[0].current == 6


def test_the_preview_of_a_typed_value():
    k = kr(start=0, target=10, current=2)
    # 2026-11-15: (31 + 15) / 92 = 0.5 of the quarter; 4 of 10 is 0.4 of the way: at risk (0.375 ≤ p < 0.475).
    shown = kr_preview(k, Q4, date(2026, 11, 15), has_checkin=True, value=4)
    assert (shown.raw, shown.progress, shown.status, shown.expected) == (0.4, 0.4, "at_risk", 0.5)
    assert kr_preview(k, Q4, date(2026, 11, 15), has_checkin=False).status == "pending"
    assert kr_preview(k, Q4, date(2026, 11, 15), has_checkin=True, value=12).progress == 1.0
