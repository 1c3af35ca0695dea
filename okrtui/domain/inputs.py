"""Parsing what people type (values, confidence, dates) into checked numbers, with clear sentences."""

from __future__ import annotations

import math
import re
from datetime import date

from okrtui.domain.models import InvalidInput, KeyResult
from okrtui.i18n import _

_DONE = {"done", "yes", "y", "true", "1", "完成", "已完成", "是"}
_NOT_DONE = {"not done", "no", "n", "false", "0", "未完成", "否"}
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")


def parse_number(text: str, label: str | None = None) -> float:
    """"42", "-3.5", "50,000", "30%" → a finite float; anything else → InvalidInput."""
    label = label or _("value")
    raw = str(text).strip()
    cleaned = raw[:-1].strip() if raw.endswith("%") else raw
    if _GROUPED.match(cleaned):
        cleaned = cleaned.replace(",", "")
    try:
        number = float(cleaned)
    except ValueError:
        raise InvalidInput([("value", _("{label} must be a number, not '{text}'").format(label=label, text=raw))]) from None
    if not math.isfinite(number):
        raise InvalidInput([("value", _("{label} must be a finite number").format(label=label))])
    return number


def parse_checkin_value(kr: KeyResult, text: str) -> float:
    """A check-in value for this KR: a number, or done / not done for a milestone."""
    if kr.kind == "milestone":
        word = str(text).strip().casefold()
        if word in _DONE:
            return 1.0
        if word in _NOT_DONE:
            return 0.0
        raise InvalidInput([("value", _("a milestone is 'done' (1) or 'not done' (0), not '{text}'").format(text=text))])
    return parse_number(text)


def parse_confidence(text: str | int | None) -> int | None:
    if text is None or str(text).strip() == "":
        return None
    raw = str(text).strip()
    try:
        number = int(raw)
    except ValueError:
        raise InvalidInput([("confidence", _("confidence must be a whole number from 0 to 10, not '{text}'").format(text=raw))]) from None
    if not 0 <= number <= 10:
        raise InvalidInput([("confidence", _("confidence must be from 0 to 10, not {n}").format(n=number))])
    return number


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(str(text).strip())
    except ValueError:
        raise InvalidInput([("date", _("'{text}' is not a date; write it like 2026-11-30").format(text=text))]) from None
