"""Rules about one KR that several screens and commands show, each written once.

The update list, the standup, the check-in panel, the KR form and the quick `okrtui checkin`
all lay these out; none decides them itself (tests/test_rules_once.py checks that ui/ and
the command line define none of their own).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Literal

from okrtui.domain.models import CheckIn, KeyResult, Objective
from okrtui.domain.quarter import Quarter
from okrtui.domain.scoring import THRESHOLD_KINDS, Status, clamp, kr_progress, kr_status

if TYPE_CHECKING:
    from datetime import date

    from okrtui.domain.views import KRView

# Worst first: the order a weekly check-in round (and the standup) walks through.
STATUS_ORDER: dict[str, int] = {"off_track": 0, "at_risk": 1, "pending": 2, "on_track": 3, "done": 4}
ATTENTION_STATUSES: tuple[Status, ...] = ("off_track", "at_risk")
KRReason = Literal["off_track", "at_risk", "stale"]


def status_rank(status: str) -> int:
    """Where a status sorts, worst first; statuses of a closed quarter after the rest."""
    return STATUS_ORDER.get(status, len(STATUS_ORDER))


def effective_owner(kr: KeyResult, objective: Objective | None) -> str:
    """A KR without an owner of its own belongs to its objective's owner ('' when neither has one)."""
    return kr.owner or (objective.owner if objective is not None else "")


def attention_reasons(view: KRView) -> tuple[KRReason, ...]:
    """Why a KR needs attention, from its view alone: off track or at risk, or not checked in
    within its cadence (stale). A done KR needs none. The standup adds a fallen confidence,
    which it reads from the history (domain/standup.py)."""
    if view.status == "done":
        return ()
    reasons: list[KRReason] = []
    if view.status in ATTENTION_STATUSES:
        reasons.append(view.status)  # type: ignore[arg-type]
    if view.stale:
        reasons.append("stale")
    return tuple(reasons)


def needs_attention(view: KRView) -> bool:
    return bool(attention_reasons(view))


def threshold_holds(kr: KeyResult, raw: float) -> bool | None:
    """For a threshold KR (at least / at most): whether its line holds at this progress; None otherwise."""
    if kr.kind not in THRESHOLD_KINDS:
        return None
    return raw >= 1.0


def value_before_first(kr: KeyResult, checkins: Iterable[CheckIn]) -> float:
    """The KR's value before anyone checked it in: what its first check-in found there (recorded
    since check-ins keep their previous value), else its start."""
    ordered = sorted(checkins, key=lambda c: (c.at, c.id or 0))
    first = ordered[0] if ordered else None
    return first.previous_value if first is not None and first.previous_value is not None else kr.start


@dataclass(frozen=True)
class KRPreview:
    """A KR as a list would show it: raw (unclamped) and clamped progress, status, today's pace."""

    raw: float
    progress: float
    status: Status
    expected: float


def kr_preview(kr: KeyResult, quarter: Quarter, today: date, has_checkin: bool,
               value: float | None = None, confidence: int | None = None) -> KRPreview:
    """The KR at its current value, or at a `value` being typed (an unsaved check-in, which counts as one)."""
    expected = quarter.elapsed(today)
    raw = kr_progress(kr, value)
    status = kr_status(kr, expected, has_checkin, value=value, confidence=confidence)
    return KRPreview(raw, clamp(raw), status, expected)


def quarter_of(objective: Objective | None, fallback: Quarter) -> Quarter:
    """The quarter a KR is scored in: its objective's (the fallback when the objective is gone)."""
    return Quarter.parse(objective.quarter) if objective is not None else fallback
