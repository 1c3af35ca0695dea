"""Progress, pace, status, grades and confidence bands: computed here and nowhere else."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta
from typing import Iterable, Literal, Sequence

from okrtui.domain.models import KeyResult
from okrtui.domain.quarter import Quarter, as_utc
from okrtui.i18n import _

Status = Literal["pending", "on_track", "at_risk", "off_track", "done", "closed", "dropped"]
Grade = Literal["green", "yellow", "red"]
ConfidenceBand = Literal["high", "medium", "low"]

# How long a check-in holds, per cadence (domain/cadence.py has the rest of the rhythm's rule).
CADENCE_DAYS: dict[str, int] = {"weekly": 7, "biweekly": 14, "monthly": 31}
DEFAULT_CADENCE = "weekly"
STALE_AFTER = timedelta(days=CADENCE_DAYS[DEFAULT_CADENCE])  # the default (weekly) cadence
ON_TRACK_RATIO = 0.95
AT_RISK_RATIO = 0.75
THRESHOLD_KINDS = ("at_least", "at_most")


def raw_progress(kind: str, start: float, target: float, current: float) -> float:
    """KR progress as DESIGN.md defines it; unclamped (over-achievement shows as 1.2).

    Never NaN: for values near the float limits the differences are taken of halves, which
    cannot overflow (a value the model accepts always has a progress; it may be ±inf).
    """
    if kind == "increase":
        return _ratio(current - start, target - start, current / 2 - start / 2, target / 2 - start / 2)
    if kind == "decrease":
        return _ratio(start - current, start - target, start / 2 - current / 2, start / 2 - target / 2)
    if kind == "at_least":
        return 1.0 if current >= target else 0.0
    if kind == "at_most":
        return 1.0 if current <= target else 0.0
    if kind == "milestone":
        return 1.0 if current >= 1 else 0.0
    raise ValueError(f"unknown key result kind {kind!r}")


def _ratio(above: float, span: float, half_above: float, half_span: float) -> float:
    if math.isfinite(above) and math.isfinite(span):
        return above / span
    return half_above / half_span


def clamp(p: float) -> float:
    """p within 0..1 (NaN, which no KR has, counts as 0)."""
    return min(max(p, 0.0), 1.0) if p == p else 0.0


def kr_progress(kr: KeyResult, value: float | None = None) -> float:
    """Raw progress of a KR at its current value, or at `value` (a preview before saving)."""
    return raw_progress(kr.kind, kr.start, kr.target, kr.value if value is None else value)


def kr_clamped(kr: KeyResult, value: float | None = None) -> float:
    return clamp(kr_progress(kr, value))


def weighted_progress(pairs: Iterable[tuple[float, float]]) -> float:
    """Weight-averaged clamped progress of (progress, weight) pairs; 0 with no weight."""
    total = 0.0
    weights = 0.0
    for progress, weight in pairs:
        total += clamp(progress) * weight
        weights += weight
    return total / weights if weights > 0 else 0.0


def objective_progress(krs: Sequence[KeyResult]) -> float:
    return weighted_progress((kr_progress(kr), kr.weight) for kr in krs)


def expected_progress(quarter: Quarter, day: date) -> float:
    """Elapsed share of the quarter by the end of `day`, 0..1."""
    return quarter.elapsed(day)


def kr_status(
    kr: KeyResult,
    expected: float,
    has_checkin: bool,
    value: float | None = None,
    confidence: int | None = None,
    progress: float | None = None,
) -> Status:
    """Status of a KR while its quarter is open, as DESIGN.md defines it.

    A KR nobody has checked in is pending, whatever its start says: an `at_most`
    KR whose start already meets its target is not done until someone measures it.
    `value` and `confidence` preview an unsaved check-in (which counts as a check-in).
    `progress`: kr_progress(kr, value), when the caller has it already (the quarter's view).
    """
    if not has_checkin and value is None:
        return "pending"
    p = kr_progress(kr, value) if progress is None else progress
    if p >= 1.0:
        return "done"
    if kr.kind in THRESHOLD_KINDS:
        return "off_track"  # not satisfied, since p < 1
    if kr.kind == "milestone":
        band = confidence_band(kr.confidence if confidence is None else confidence)
        return {"high": "on_track", "medium": "at_risk", "low": "off_track"}[band]  # type: ignore[return-value]
    return pace_status(p, expected)


def threshold_gap(kr: KeyResult, value: float | None = None) -> float | None:
    """How far a threshold KR's value is from its line: 0 while the threshold holds, the amount
    still to gain (at_least) or to shed (at_most) otherwise; None for the other kinds.

    Only shown beside the number ("87 / ≥ 90 · 3 to go"): the status and the grade keep the
    rule, a threshold holds or it does not.
    """
    current = kr.value if value is None else value
    if kr.kind == "at_least":
        return max(kr.target - current, 0.0)
    if kr.kind == "at_most":
        return max(current - kr.target, 0.0)
    return None


def pace_status(p: float, expected: float) -> Status:
    if p >= 1.0:
        return "done"
    if p >= ON_TRACK_RATIO * expected:
        return "on_track"
    if p >= AT_RISK_RATIO * expected:
        return "at_risk"
    return "off_track"


def objective_status(statuses: Sequence[Status], progress: float, expected: float) -> Status:
    """An objective is done when all its KRs are, pending until any has a check-in, else paced.

    `statuses` are those of what it is measured by: its KRs, or the measured objectives aligned to it."""
    if statuses and all(s == "done" for s in statuses):
        return "done"
    if not statuses or all(s == "pending" for s in statuses):
        return "pending"
    return pace_status(progress, expected)


def grade(score: float) -> Grade:
    """Grade band of a 0..1 score: 0.7–1.0 green, 0.4–0.69 yellow, below 0.4 red."""
    if score >= 0.7:
        return "green"
    if score >= 0.4:
        return "yellow"
    return "red"


def confidence_band(confidence: int) -> ConfidenceBand:
    if confidence >= 7:
        return "high"
    if confidence >= 4:
        return "medium"
    return "low"


def cadence_days(cadence: str | None) -> int:
    """Days one check-in holds: weekly 7, biweekly 14, monthly 31 (none: weekly)."""
    return CADENCE_DAYS.get(cadence or DEFAULT_CADENCE, CADENCE_DAYS[DEFAULT_CADENCE])


def is_stale(last_checkin: datetime | None, now: datetime, cadence: str | None = DEFAULT_CADENCE) -> bool:
    """A KR is stale when its last check-in is older than one cadence of its team (weekly: 7 days;
    biweekly 14; monthly 31). Never checked in: not stale, pending."""
    if last_checkin is None:
        return False
    return as_utc(now) - as_utc(last_checkin) > timedelta(days=cadence_days(cadence))


def success_line(commitment: str) -> float:
    """The score an OKR is expected to reach: about 0.7 for aspirational, 1.0 for committed."""
    return 1.0 if commitment == "committed" else 0.7


def status_label(status: str) -> str:
    return {
        "pending": _("pending"),
        "on_track": _("on track"),
        "at_risk": _("at risk"),
        "off_track": _("off track"),
        "done": _("done"),
        "closed": _("closed"),
        "dropped": _("dropped"),
    }.get(status, status)


def status_symbol(status: str) -> str:
    """A symbol beside every status so nothing depends on colour alone."""
    return {"pending": "·", "on_track": "●", "at_risk": "▲", "off_track": "✖", "done": "✔",
            "closed": "■", "dropped": "✖"}.get(status, "?")
