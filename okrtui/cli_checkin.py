"""The one-line answers of `okrtui checkin` and `okrtui kpi`; kept apart from the list table so
the quickest command imports as little as possible."""

from __future__ import annotations

from datetime import date

from okrtui.domain.kpi import kpi_status, kpi_status_label, kpi_status_symbol
from okrtui.domain.models import KPI, CheckIn, KeyResult, Objective
from okrtui.domain.quarter import Quarter
from okrtui.domain.scoring import clamp, kr_progress, kr_status, status_label, status_symbol
from okrtui.formatting import format_kr_value, format_percent, format_with_unit
from okrtui.i18n import _
from okrtui.text import bar, pad, visible

BAR = 10


def checkin_line(objective: Objective | None, kr: KeyResult, checkin: CheckIn, previous: float | None, today: date) -> str:
    """The KR after the check-in: its new bar, percentage, status, and the move from the previous value."""
    quarter = Quarter.parse(objective.quarter) if objective else Quarter.current(today)
    expected = quarter.elapsed(today)
    raw = kr_progress(kr)
    status = kr_status(kr, expected, has_checkin=True)
    move = f"{format_kr_value(kr.kind, previous)} → {format_kr_value(kr.kind, checkin.value)}"
    unit = f" {kr.unit}" if kr.unit and kr.kind != "milestone" else ""
    return visible(
        f"#{kr.id} {pad(kr.title, 32)} {bar(clamp(raw), BAR)} {format_percent(raw):>4} "
        f"{status_symbol(status)} {status_label(status)}  ({move}{unit}, {_('confidence')} {kr.confidence}/10)"
    )


def kpi_line(kpi: KPI) -> str:
    status = kpi_status(kpi)
    arrow = "↑" if kpi.direction == "higher_is_better" else "↓"
    return visible(
        f"K{kpi.id} {kpi.name}: {format_with_unit(kpi.current, kpi.unit)} "
        f"({_('target')} {arrow} {format_with_unit(kpi.target, kpi.unit)}) "
        f"{kpi_status_symbol(status)} {kpi_status_label(status)}"
    )
