"""A KR's week-by-week progress against the expected pace, as two text sparklines.

Both lines are in progress terms (0..1, from domain scoring), so an increase,
a decrease and a threshold KR read the same way: the upper line should keep
up with the lower one. Weeks that have not started yet stay blank.
"""

from __future__ import annotations

from datetime import date, timedelta

from rich.text import Text

from okrtui.domain.kr_rules import value_before_first
from okrtui.domain.models import CheckIn, KeyResult
from okrtui.domain.quarter import WEEKS_PER_QUARTER, Quarter
from okrtui.domain.scoring import clamp, expected_progress, grade, kr_clamped
from okrtui.i18n import _
from okrtui.domain.text_rules import cell_width
from okrtui.present.text import pad
from okrtui.ui.rows.shared import GRADE_STYLE

LEVELS = "▁▂▃▄▅▆▇█"
CELLS_PER_WEEK = 2


def week_ends(quarter: Quarter) -> list[date]:
    return [min(quarter.start + timedelta(days=7 * week - 1), quarter.end) for week in range(1, WEEKS_PER_QUARTER + 1)]


def weekly_progress(kr: KeyResult, checkins: list[CheckIn], quarter: Quarter, today: date) -> list[float | None]:
    """Progress at the end of each week (the last value checked in by then); None for weeks to come."""
    ordered = sorted(checkins, key=lambda c: c.at)
    before = value_before_first(kr, ordered)
    out: list[float | None] = []
    week_start = quarter.start
    for end in week_ends(quarter):
        if week_start > today:
            out.append(None)
        else:
            seen = [c.value for c in ordered if c.at.date() <= end]
            out.append(kr_clamped(kr, seen[-1] if seen else before))
        week_start = end + timedelta(days=1)
    return out


def weekly_pace(quarter: Quarter) -> list[float]:
    return [expected_progress(quarter, end) for end in week_ends(quarter)]


def level(fraction: float) -> str:
    fraction = clamp(fraction)
    return LEVELS[min(max(round(fraction * (len(LEVELS) - 1)), 0), len(LEVELS) - 1)]


def sparkline(values: list[float | None]) -> Text:
    text = Text()
    for value in values:
        if value is None:
            text.append(" " * CELLS_PER_WEEK)
        else:
            text.append(level(value) * CELLS_PER_WEEK, style=GRADE_STYLE[grade(value)])
    return text


def pace_chart(kr: KeyResult, checkins: list[CheckIn], quarter: Quarter, today: date) -> Text:
    """Two labelled lines: the KR's weekly progress, then the expected pace, week 1 to 13."""
    labels = [_("progress"), _("pace")]
    width = max(cell_width(label) for label in labels) + 1
    out = Text()
    out.append(pad(labels[0], width), style="bold")
    out.append_text(sparkline(weekly_progress(kr, checkins, quarter, today)))
    out.append("\n")
    out.append(pad(labels[1], width), style="bold")
    out.append(Text("".join(level(p) * CELLS_PER_WEEK for p in weekly_pace(quarter)), style="dim"))
    out.append("  " + _("weeks 1–{n}").format(n=WEEKS_PER_QUARTER), style="dim")
    return out
