"""Parsing what people type (values, confidence, dates) into checked numbers, with clear sentences."""

from __future__ import annotations

import math
import re
from datetime import date

from okrtui.domain.models import KeyResult
from okrtui.domain.validation import InvalidInput
from okrtui.domain.quarter import FIRST_YEAR, LAST_YEAR
from okrtui.domain.scoring import raw_progress
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


class UnlikelyValue(InvalidInput):
    """A value that is possible but almost surely a slip (far out of range, another unit):
    refused unless the user says it is meant (`--force`, or enter again in the app)."""


# How far from the start a value may be, in multiples of the start→target distance.
RANGE_FACTOR = 10
_NUMBER_AND_UNIT = re.compile(r"^([+-]?(?:[0-9][0-9,]*(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)\s*(.*)$", re.DOTALL)


def _split_unit(kr: KeyResult, raw: str) -> tuple[str, str]:
    """'46000 次瀏覽/月' → ('46000', '次瀏覽/月'); '30%' → ('30', '%'); '42' → ('42', '')."""
    if kr.unit and raw.endswith(kr.unit) and raw != kr.unit:
        return raw[: -len(kr.unit)].strip(), kr.unit
    match = _NUMBER_AND_UNIT.match(raw)
    if match is None:
        return raw, ""
    return match.group(1), match.group(2).strip()


def check_value(kr: KeyResult, value: float, *, unit: str | None = None, force: bool = False) -> None:
    """The one rule for a check-in value, wherever it is typed (CLI, check-in panel, CSV import,
    batch input). Always refused: a milestone value other than 0 or 1, and a value whose
    progress is not a finite number. Refused unless forced: a value carrying a unit that is
    not the KR's, and a value more than RANGE_FACTOR times as far from the start as the target
    is (|value − start| > 10 × |target − start|). Threshold KRs may have start == target; their
    scale is then |target| (or 1 when the target is 0).
    """
    if kr.kind == "milestone":
        if value not in (0, 1):
            raise InvalidInput([("value", _("a milestone is 'done' (1) or 'not done' (0), not {value}").format(
                value=_plain(value)))])
        return
    distance = value - kr.start
    if not math.isfinite(distance) or not math.isfinite(raw_progress(kr.kind, kr.start, kr.target, value)):
        raise InvalidInput([("value", _("{value} is too large a number for this key result").format(value=_plain(value)))])
    if force:
        return
    if unit and unit != kr.unit:
        if kr.unit:
            message = _("the value is in {unit}, but this key result is measured in {kr_unit}; give the number in {kr_unit}")
        else:
            message = _("the value is in {unit}, but this key result has no unit; give the number alone")
        raise UnlikelyValue([("value", message.format(unit=unit, kr_unit=kr.unit))])
    scale = abs(kr.target - kr.start) or abs(kr.target) or 1.0
    if abs(distance) > RANGE_FACTOR * scale:
        raise UnlikelyValue([("value", _(
            "{value} is more than {n} times as far from the start ({start}) as the target ({target}) is; "
            "check the number").format(value=_plain(value), n=RANGE_FACTOR, start=_plain(kr.start), target=_plain(kr.target)))])


def _plain(value: float) -> str:
    return f"{value:g}"


def parse_checkin_value(kr: KeyResult, text: str, *, force: bool = False) -> float:
    """A check-in value for this KR: a number (perhaps with the KR's unit), or done / not done
    for a milestone; checked by `check_value`."""
    raw = str(text).strip()
    if kr.kind == "milestone":
        word = raw.casefold()
        if word in _DONE:
            return 1.0
        if word in _NOT_DONE:
            return 0.0
        raise InvalidInput([("value", _("a milestone is 'done' (1) or 'not done' (0), not '{text}'").format(text=text))])
    number, unit = _split_unit(kr, raw)
    value = parse_number(number if unit else raw)
    check_value(kr, value, unit=unit, force=force)
    return value


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
        day = date.fromisoformat(str(text).strip())
    except ValueError:
        raise InvalidInput([("date", _("'{text}' is not a date; write it like 2026-11-30").format(text=text))]) from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise InvalidInput([("date", _("'{text}' is outside the dates okrtui can show; the year must be from {first} to {last}")
                             .format(text=str(text).strip(), first=FIRST_YEAR, last=LAST_YEAR))])
    return day
