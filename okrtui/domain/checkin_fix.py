"""Correcting or deleting a mistaken check-in: whose it is, and what the KR and the check-in after it
hold once it is changed. Pure functions; storage/history writes the result in one logged write."""

from __future__ import annotations

from typing import Any

from okrtui.domain.kr_rules import value_before_first
from okrtui.domain.models import CheckIn, Comment, KeyResult
from okrtui.domain.workspace import Workspace
from okrtui.i18n import _


def checkin_is_mine(ws: Workspace, checkin: CheckIn, me: str) -> bool:
    """Mine when it names me (a check-in made for me with --author) or the log says I recorded it
    (a script's check-in is its runner's to correct too)."""
    if me and checkin.author == me:
        return True
    return any(change.author == me and any(r.kind == "checkin" and r.id == checkin.id and r.before is None
                                           for r in change.records)
               for change in ws.changes if change.action == "checkin")


def comment_is_mine(comment: Comment, me: str) -> bool:
    return bool(me) and comment.author == me


def not_yours(kind: str, record_id: int, who: str) -> str:
    """The refusal when someone else's comment or check-in would be changed (the CLI, the app)."""
    if kind == "comment":
        return _("comment {id} is {who}'s; only its author can change it").format(id=record_id, who=who or _("someone"))
    return _("check-in {id} was recorded by {who}; only they can correct or delete it").format(
        id=record_id, who=who or _("someone"))


def kr_after(kr: KeyResult, history: list[CheckIn], removed: CheckIn | None = None) -> dict[str, Any]:
    """The KR's current value, confidence and last update as its check-ins (`history`, oldest first,
    as they are after the fix) say; `removed`: a check-in taken out, whose earlier values come back
    when it was the only one."""
    if history:
        known = [c.confidence for c in history if c.confidence is not None]
        fallback = removed.previous_confidence if removed is not None else None
        confidence = known[-1] if known else (fallback if fallback is not None else kr.confidence)
        return {"current": history[-1].value, "confidence": confidence, "updated_at": history[-1].at}
    if removed is None:
        return {}
    return {"current": value_before_first(kr, [removed]),
            "confidence": removed.previous_confidence if removed.previous_confidence is not None else kr.confidence,
            "updated_at": None}


def next_after(history: list[CheckIn], checkin_id: int) -> CheckIn | None:
    """The check-in right after this one (its `previous_value` names this one's value)."""
    ids = [c.id for c in history]
    if checkin_id not in ids:
        return None
    index = ids.index(checkin_id)
    return history[index + 1] if index + 1 < len(history) else None


def fixed_previous(following: CheckIn, value: float | None, confidence: int | None) -> dict[str, Any]:
    """The fields of the check-in after a corrected or deleted one that named its values."""
    out: dict[str, Any] = {"previous_value": value}
    if confidence is not None:
        out["previous_confidence"] = confidence
    return {k: v for k, v in out.items() if getattr(following, k) != v}


def corrected(checkin: CheckIn, value: float | None, confidence: int | None, note: str | None) -> dict[str, Any]:
    """The check-in's row with the corrected fields (None: kept as it was)."""
    row = checkin.model_dump()
    if value is not None:
        row["value"] = value
    if confidence is not None:
        row["confidence"] = confidence
    if note is not None:
        row["note"] = note
    return row
