"""Numbers, values, ages and progress lines as people read them; shared by the CLI and the UI."""

from __future__ import annotations

from datetime import datetime

from okrtui.domain.quarter import as_utc
from okrtui.domain.numbers import TARGET_MOVED_MARK, format_kr_value, format_number, format_with_unit
from okrtui.i18n import _


def format_age(moment: datetime | None, now: datetime) -> str:
    """How long ago, in the coarsest unit that is honest: "just now", "3h ago", "12d ago"."""
    if moment is None:
        return _("never")
    seconds = (as_utc(now) - as_utc(moment)).total_seconds()
    if seconds < 90:
        return _("just now")
    if seconds < 3600:
        return _("{n}m ago").format(n=int(seconds // 60))
    if seconds < 86400:
        return _("{n}h ago").format(n=int(seconds // 3600))
    return _("{n}d ago").format(n=int(seconds // 86400))


def status_text(status: str) -> str:
    """The status word with its symbol ("● on track"): never colour alone."""
    from okrtui.domain.scoring import status_label, status_symbol

    return f"{status_symbol(status)} {status_label(status)}"


def kr_values(kr) -> str:
    """current → target with unit, e.g. "44,000 → 50,000 次瀏覽/月"; a threshold KR as its value
    against its line and how far it is from it: "87 / ≥ 90% · 3 to go", "1.5 / ≤ 1 小時 · 0.5 over"."""
    if kr.kind == "milestone":
        return format_kr_value(kr.kind, kr.current)
    if kr.kind in ("at_least", "at_most"):
        return threshold_values(kr)
    return f"{format_number(kr.current)} → {format_with_unit(kr.target, kr.unit)}"


def view_values(k) -> str:
    """A KR view's values: its own (kr_values), or, for a KR measured by the objectives aligned to
    it (views.KRView.rolled_up), which ones: "measured by O2, O3"."""
    if getattr(k, "rolled_up", False):
        return _("measured by {objectives}").format(objectives=", ".join(f"O{i}" for i in k.aligned))
    return kr_values(k.kr)


def threshold_values(kr, value: float | None = None) -> str:
    """A threshold KR's value, its line and the distance to it (nothing when it holds)."""
    from okrtui.domain.scoring import threshold_gap

    current = kr.value if value is None else value
    line = ("≥ " if kr.kind == "at_least" else "≤ ") + format_with_unit(kr.target, kr.unit)
    text = f"{format_number(current)} / {line}"
    gap = threshold_gap(kr, current)
    if gap:
        distance = _("{n} to go") if kr.kind == "at_least" else _("{n} over")
        text += " · " + distance.format(n=format_number(gap))
    return text


def cadence_label(cadence: str | None) -> str:
    """A check-in cadence in words (None: the team's, for an objective without its own)."""
    if cadence is None:
        return _("the team's")
    return {"weekly": _("weekly"), "biweekly": _("every two weeks"), "monthly": _("monthly")}.get(cadence, cadence)


def title_marks(stale: bool, target_moved: bool) -> str:
    """The marks before a KR's title: "⌛ " when stale, "⇄ " when its target moved."""
    return ("⌛ " if stale else "") + (TARGET_MOVED_MARK + " " if target_moved else "")


def target_moved_text() -> str:
    return _("target moved")


# Cells of a progress bar in every list, table and one-line answer; the narrow one where a
# terminal (or a row) cannot fit titles, numbers and a full bar.
BAR = 10
NARROW_BAR = 5

# A KPI's direction as an arrow beside its target ("target ↑ 40%").
DIRECTION_ARROWS = {"higher_is_better": "↑", "lower_is_better": "↓"}


def direction_arrow(direction: str) -> str:
    return DIRECTION_ARROWS.get(direction, "↑")
