"""The standup: what changed since the last standup, and what needs the team's attention.

Pure functions over a Workspace and a QuarterView; the standup screen only shows what they say.
Moments are timezone-aware; "the previous working day" is taken in the time zone of `now`, so a
team sees its own yesterday.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone
from typing import Collection, Literal

from okrtui.domain.kr_rules import attention_reasons, value_before_first
from okrtui.domain.models import CheckIn, KeyResult, Objective
from okrtui.domain.quarter import as_utc
from okrtui.domain.scoring import Status, kr_progress
from okrtui.domain.views import QuarterView
from okrtui.domain.workspace import Workspace

# "This week" for attention is the last seven days, so Monday morning is not all alarms.
ATTENTION_WINDOW = timedelta(days=7)
CONFIDENCE_DROP = 2

Reason = Literal["off_track", "at_risk", "confidence_drop", "stale", "no_progress"]
REASON_ORDER: tuple[Reason, ...] = ("off_track", "at_risk", "confidence_drop", "stale", "no_progress")


def previous_working_day(now: datetime) -> datetime:
    """Midnight starting the last Monday–Friday before now's day (Monday → Friday)."""
    day = now.date() - timedelta(days=1)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return datetime.combine(day, time.min, tzinfo=now.tzinfo or timezone.utc)


@dataclass(frozen=True)
class Since:
    moment: datetime
    marked: bool  # True: the team's "standup done" marker; False: the previous working day


def standup_since(standup_at: datetime | None, now: datetime) -> Since:
    """Since the last marked standup; without one, since the previous working day."""
    if standup_at is not None:
        return Since(min(as_utc(standup_at), as_utc(now)), True)
    return Since(previous_working_day(now), False)


@dataclass(frozen=True)
class Change:
    """A KR's net change: its value before → after and the change in points.

    `changes_since` gives one per KR, summing every check-in since the standup: `checkin` is the
    latest of them (who, when), `count` how many there were, `note` the latest note among them.
    """

    checkin: CheckIn
    kr: KeyResult
    objective: Objective
    before: float
    after: float
    points: float  # change of (unclamped) progress in percentage points: +12.0
    count: int = 1
    note: str = ""

    @property
    def direction(self) -> Literal["up", "down", "flat"]:
        if abs(self.points) < 0.05:
            return "flat"
        return "up" if self.points > 0 else "down"


def _value_before(checkin: CheckIn, history: list[CheckIn], kr: KeyResult) -> float:
    if checkin.previous_value is not None:
        return checkin.previous_value
    earlier = [c for c in history if (c.at, c.id or 0) < (checkin.at, checkin.id or 0)]
    return earlier[-1].value if earlier else value_before_first(kr, history)


def change_of(checkin: CheckIn, kr: KeyResult, objective: Objective, history: list[CheckIn]) -> Change:
    before = _value_before(checkin, history, kr)
    points = (kr_progress(kr, checkin.value) - kr_progress(kr, before)) * 100
    return Change(checkin, kr, objective, before, checkin.value, points, 1, checkin.note)


def net_change(recent: list[CheckIn], kr: KeyResult, objective: Objective, history: list[CheckIn]) -> Change:
    """Check-ins in a row (oldest first) summed: from the value before the first to the last's."""
    first, last = recent[0], recent[-1]
    before = _value_before(first, history, kr)
    points = (kr_progress(kr, last.value) - kr_progress(kr, before)) * 100
    note = next((c.note for c in reversed(recent) if c.note), "")
    return Change(last, kr, objective, before, last.value, points, len(recent), note)


def _teams_match(objective: Objective, teams: Collection[str] | None) -> bool:
    return teams is None or objective.team in teams


def changes_since(
    workspace: Workspace, view: QuarterView, since: datetime, teams: Collection[str] | None = None
) -> list[Change]:
    """One row per KR with check-ins at or after `since`: their net change, the latest note and
    how many they were (a script's thirty check-ins are one row, not thirty); newest first."""
    moment = as_utc(since)
    out: list[Change] = []
    for ov in view.objectives:
        if not _teams_match(ov.objective, teams):
            continue
        for kv in ov.key_results:
            history = workspace.checkins_of(kv.kr.id)
            recent = [c for c in history if as_utc(c.at) >= moment]
            if recent:
                out.append(net_change(recent, kv.kr, ov.objective, history))
    out.sort(key=lambda ch: (ch.checkin.at, ch.checkin.id or 0), reverse=True)
    return out


EditKind = Literal["target_moved", "kr_added", "kr_removed", "comment"]


@dataclass(frozen=True)
class Edit:
    """A change the standup names besides check-ins (issue 18): a KR's target or start moved, a KR
    added or removed, a new comment; read from the change log."""

    kind: EditKind
    at: datetime
    author: str
    on_behalf_of: str
    objective: Objective
    kr_id: int | None  # None: a comment on the objective itself
    title: str  # the KR's title (or the objective's, for a comment on it)
    field: str = ""  # target_moved: "target" or "start"
    before: float | None = None
    after: float | None = None
    text: str = ""  # a comment's text


def edits_since(workspace: Workspace, view: QuarterView, since: datetime,
                teams: Collection[str] | None = None) -> list[Edit]:
    """Edits in the view's quarter at or after `since` (targets moved, KRs added or removed, new
    comments), newest first; check-ins are changes_since's."""
    moment = as_utc(since)
    quarter = str(view.quarter)
    out: list[Edit] = []
    for change in workspace.changes:
        if as_utc(change.at) < moment or change.quarter != quarter or change.action == "checkin":
            continue
        for record in change.records:
            edit = _edit_of(workspace, record.kind, record.id, record.before, record.after)
            if edit is None or not _teams_match(edit[1], teams):
                continue
            kind, objective, kr_id, title, extra = edit
            out.append(Edit(kind, as_utc(change.at), change.author, change.on_behalf_of, objective, kr_id, title,
                            **extra))
    out.sort(key=lambda e: e.at, reverse=True)
    return out


def _edit_of(workspace: Workspace, kind: str, record_id: int, before: dict | None, after: dict | None):
    row = after if after is not None else (before or {})
    if kind == "key_result":
        kr = workspace.key_result(record_id)
        objective_id = row.get("objective_id", kr.objective_id if kr else None)
        objective = workspace.objective(objective_id) if isinstance(objective_id, int) else None
        title = row.get("title") or (kr.title if kr else "")
        if objective is None:
            return None
        if before is None:
            return "kr_added", objective, record_id, title, {}
        if after is None:
            return "kr_removed", objective, record_id, title, {}
        for field in ("target", "start"):
            if field in after and isinstance(after[field], (int, float)) and isinstance(before.get(field), (int, float)):
                return "target_moved", objective, record_id, title, {
                    "field": field, "before": float(before[field]), "after": float(after[field])}
        return None
    if kind == "comment" and before is None and after is not None:
        target_id = after.get("target_id")
        if after.get("target_kind") == "key_result":
            kr = workspace.key_result(target_id) if isinstance(target_id, int) else None
            objective = workspace.objective(kr.objective_id) if kr else None
            if kr is None or objective is None:
                return None
            return "comment", objective, kr.id, kr.title, {"text": str(after.get("text", ""))}
        objective = workspace.objective(target_id) if isinstance(target_id, int) else None
        if objective is None:
            return None
        return "comment", objective, None, objective.title, {"text": str(after.get("text", ""))}
    return None


@dataclass(frozen=True)
class Attention:
    """An item the team should talk about, with every reason, the most serious first."""

    objective: Objective
    kr: KeyResult | None  # None: the objective itself (no KR progress this week)
    reasons: tuple[Reason, ...]
    status: Status
    last_checkin: datetime | None = None
    confidence_from: int | None = None
    confidence_to: int | None = None

    def days_quiet(self, now: datetime) -> int:
        """Whole days since the last check-in."""
        if self.last_checkin is None:
            return 0
        return int((as_utc(now) - as_utc(self.last_checkin)) / timedelta(days=1))


def confidence_change(history: list[CheckIn], current: int, now: datetime) -> tuple[int, int] | None:
    """(confidence at the start of the window, now) when check-ins in the window changed it."""
    start = as_utc(now) - ATTENTION_WINDOW
    recent = [c for c in history if as_utc(c.at) >= start]
    if not recent:
        return None
    earlier = [c.confidence for c in history if as_utc(c.at) < start and c.confidence is not None]
    before = recent[0].previous_confidence if recent[0].previous_confidence is not None else (
        earlier[-1] if earlier else None)
    return None if before is None else (before, current)


def _progressed(workspace: Workspace, krs: list[KeyResult], objective: Objective, now: datetime) -> bool:
    start = as_utc(now) - ATTENTION_WINDOW
    for kr in krs:
        history = workspace.checkins_of(kr.id)
        for c in history:
            if as_utc(c.at) >= start and change_of(c, kr, objective, history).points > 0:
                return True
    return False


def needs_attention(
    workspace: Workspace, view: QuarterView, now: datetime, teams: Collection[str] | None = None
) -> list[Attention]:
    """Off-track and at-risk KRs, stale ones, confidence fallen by 2 or more in the last 7 days,
    and active objectives none of whose KRs progressed in the last 7 days. Most serious first. A KR
    measured by the objectives aligned to it is left to theirs (nobody checks it in)."""
    items: list[Attention] = []
    for ov in view.objectives:
        objective = ov.objective
        if objective.state != "active" or not _teams_match(objective, teams):
            continue
        for kv in ov.key_results:
            if kv.status == "done" or kv.rolled_up:  # measured by aligned objectives: their KRs are flagged
                continue
            seen = attention_reasons(kv)  # the update list's rule; a fallen confidence is read here
            reasons: list[Reason] = [r for r in seen if r != "stale"]
            drop = confidence_change(workspace.checkins_of(kv.kr.id), kv.kr.confidence, now)
            if drop and drop[0] - drop[1] >= CONFIDENCE_DROP:
                reasons.append("confidence_drop")
            last = kv.last_checkin.at if kv.last_checkin else None
            if "stale" in seen:  # the view's rule: older than the objective's cadence
                reasons.append("stale")
            if reasons:
                shown = drop if drop and "confidence_drop" in reasons else (None, None)
                items.append(Attention(objective, kv.kr, tuple(reasons), kv.status, last, *shown))
        krs = [kv.kr for kv in ov.key_results if not kv.rolled_up]
        if krs and ov.status != "done" and not _progressed(workspace, krs, objective, now):
            items.append(Attention(objective, None, ("no_progress",), ov.status))
    items.sort(key=lambda a: (REASON_ORDER.index(a.reasons[0]), a.objective.team, a.objective.id or 0,
                              (a.kr.id or 0) if a.kr else -1))
    return items


def teams_of(view: QuarterView) -> list[str]:
    """Teams with objectives in the view, in the view's order."""
    seen: dict[str, None] = {}
    for ov in view.objectives:
        seen.setdefault(ov.objective.team, None)
    return list(seen)
