"""The one-line answers of `okrtui checkin` and `okrtui kpi`; kept apart from the list table so
the quickest command imports as little as possible."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from okrtui.domain.kpi import kpi_status, kpi_status_label, kpi_status_symbol
from okrtui.domain.models import KPI, CheckIn, KeyResult, Objective
from okrtui.domain.kr_rules import KRPreview, kr_preview, quarter_of
from okrtui.domain.quarter import Quarter
from okrtui.domain.scoring import status_label, status_symbol
from okrtui.domain.numbers import format_kr_value, format_percent, format_with_unit
from okrtui.present.formatting import BAR, direction_arrow
from okrtui.i18n import _, ngettext
from okrtui.present.text import bar, pad, visible

if TYPE_CHECKING:  # the single check-in's path does not import the batch reader
    from okrtui.domain.batch import BatchPlan
    from okrtui.domain.kpi_feed import Reading


def checkin_line(objective: Objective | None, kr: KeyResult, checkin: CheckIn, previous: float | None, today: date) -> str:
    """The KR after the check-in: its new bar, percentage, status, and the move from the previous value."""
    shown = _kr_state(objective, kr, today)
    raw, status = shown.raw, shown.status
    move = f"{format_kr_value(kr.kind, previous)} → {format_kr_value(kr.kind, checkin.value)}"
    unit = f" {kr.unit}" if kr.unit and kr.kind != "milestone" else ""
    confidence = _("confidence")
    return visible(
        f"#{kr.id} {pad(kr.title, 32)} {bar(shown.progress, BAR)} {format_percent(raw):>4} "
        f"{status_symbol(status)} {status_label(status)}  ({move}{unit}, {confidence} {kr.confidence}/10)"
    )


def kpi_line(kpi: KPI) -> str:
    status = kpi_status(kpi)
    target = _("target")
    arrow = direction_arrow(kpi.direction)
    return visible(
        f"K{kpi.id} {kpi.name}: {format_with_unit(kpi.current, kpi.unit)} "
        f"({target} {arrow} {format_with_unit(kpi.target, kpi.unit)}) "
        f"{kpi_status_symbol(status)} {kpi_status_label(status)}"
    )


def _kr_state(objective: Objective | None, kr: KeyResult, today: date) -> KRPreview:
    """The KR as `checkin_line` shows it, just checked in."""
    return kr_preview(kr, quarter_of(objective, Quarter.current(today)), today, has_checkin=True)


def checkin_as_dict(checkin: CheckIn, kr: KeyResult, line: int | None = None) -> dict:
    """A recorded check-in for `--json`: what was written, and the KR's title."""
    out = {
        "id": checkin.id, "kr": checkin.kr_id, "title": kr.title, "at": checkin.at.isoformat(),
        "value": checkin.value, "confidence": checkin.confidence, "note": checkin.note, "author": checkin.author,
        "previous_value": checkin.previous_value,
    }
    return {"line": line, **out} if line is not None else out


def kr_as_dict(objective: Objective | None, kr: KeyResult, today: date) -> dict:
    """A KR after a check-in, for `--json` (progress clamped 0..1, as in `list --json`)."""
    shown = _kr_state(objective, kr, today)
    return {"id": kr.id, "title": kr.title, "unit": kr.unit, "current": kr.current, "confidence": kr.confidence,
            "progress": round(shown.progress, 6), "status": shown.status}


def kpi_as_dict(kpi: KPI) -> dict:
    reading = kpi.readings[-1] if kpi.readings else None
    return {
        "id": kpi.id, "name": kpi.name, "team": kpi.team, "unit": kpi.unit, "direction": kpi.direction,
        "target": kpi.target, "current": kpi.current, "status": kpi_status(kpi),
        "reading": {"at": reading.at.isoformat(), "value": reading.value, "note": reading.note,
                    "author": reading.author} if reading else None,
    }


def reading_lines(reading: Reading, today: date) -> list[str]:
    """The KPI after a reading, then each KR the reading checked into (a KR fed by the KPI)."""
    lines = [kpi_line(reading.kpi)]
    for fed in reading.fed:
        lines.append("  ↳ " + checkin_line(fed.objective, fed.after, fed.checkin, fed.before.current, today))
    return lines


def reading_as_dict(reading: Reading, today: date) -> dict:
    """A reading for `okrtui kpi --json`: the KPI, and the check-ins it fed with their KRs after them."""
    return {
        "kpi": kpi_as_dict(reading.kpi),
        "checkins": [checkin_as_dict(fed.checkin, fed.after) for fed in reading.fed],
        "key_results": [kr_as_dict(fed.objective, fed.after, today) for fed in reading.fed],
    }


def batch_lines(plan: BatchPlan, today: date, dry_run: bool) -> list[str]:
    """What `checkin --from` recorded: each KR's line after its newest check-in, then the count."""
    first_value: dict[int, float | None] = {}
    newest: dict[int, CheckIn] = {}
    for planned in plan.checkins:
        first_value.setdefault(planned.checkin.kr_id, planned.kr.current)
        known = newest.get(planned.checkin.kr_id)
        if known is None or planned.checkin.at >= known.at:
            newest[planned.checkin.kr_id] = planned.checkin
    lines = []
    for kr_id, kr in plan.key_results.items():
        lines.append(checkin_line(plan.objectives.get(kr.objective_id), kr, newest[kr_id], first_value[kr_id], today))
    n, krs = len(plan.checkins), len(first_value)
    checkins = ngettext("{n} check-in", "{n} check-ins", n).format(n=f"{n:,}")
    key_results = ngettext("{n} key result", "{n} key results", krs).format(n=f"{krs:,}")
    if dry_run:
        summary = _("Would record {checkins} on {key_results}; nothing was written (--dry-run).")
    else:
        summary = _("Recorded {checkins} on {key_results}, in one write.")
    return [*lines, summary.format(checkins=checkins, key_results=key_results)]
