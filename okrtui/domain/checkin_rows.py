"""A check-in's two rows (the check-in, and its KR after it), made by the one rule every check-in
follows: a single one, a batch (domain/batch.py) and an import. Apart from the batch reader so that
a single check-in's path does not import it."""

from __future__ import annotations

from datetime import datetime

from okrtui.domain.models import CheckIn, KeyResult
from okrtui.domain.validation import build


def checkin_records(
    kr: KeyResult, value: float, confidence: int | None, note: str, author: str, moment: datetime
) -> tuple[CheckIn, KeyResult]:
    """A check-in of `kr` and the KR after it, validated, not yet written (a write, or an import
    that inserts many at once, stores them)."""
    checkin = build(
        CheckIn,
        {
            "kr_id": kr.id, "at": moment, "value": value, "confidence": confidence,
            "note": note, "author": author,
            "previous_value": kr.current, "previous_confidence": kr.confidence,
        },
    )
    updates = {"current": checkin.value, "updated_at": moment}
    if confidence is not None:
        updates["confidence"] = confidence
    updated = build(KeyResult, {**kr.model_dump(), **updates})
    return checkin, updated
