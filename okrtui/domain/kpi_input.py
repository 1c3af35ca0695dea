"""What people type into the KPI forms, turned into checked KPI fields or sentences beside fields.

The model (`models.KPI`) has the last word; this only reads the typed text:
numbers with `inputs.parse_number`, and the watch band as a percentage, which
is how people think of it ("10" or "10%" is a band of 10% of the target).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from okrtui.domain.inputs import parse_number
from okrtui.domain.models import KPI
from okrtui.domain.validation import InvalidInput, build, field_label
from okrtui.i18n import _

DEFAULT_WATCH_PERCENT = 10.0


def parse_watch_band(text: str | None) -> float:
    """"10", "10%", "2.5" → 0.10, 0.10, 0.025; blank → the default 10%."""
    raw = (text or "").strip()
    if not raw:
        return DEFAULT_WATCH_PERCENT / 100
    try:
        percent = parse_number(raw, field_label("watch_band"))
    except InvalidInput:
        raise InvalidInput([("watch_band", _("watch band is a percentage of the target, like 10, not '{text}'")
                             .format(text=raw))]) from None
    if not 0 <= percent <= 100:
        raise InvalidInput([("watch_band", _("watch band must be from 0 to 100 (%), not {n}")
                             .format(n=f"{percent:g}"))])
    return percent / 100


def watch_band_text(band: float) -> str:
    return f"{band * 100:g}"


def kpi_fields(values: dict[str, Any], at: datetime, existing: KPI | None = None) -> dict[str, Any]:
    """Form values (text) → KPI fields, validated by the model. Raises InvalidInput with every problem.

    A new KPI may carry a first reading (`reading`, at `at`); an edit of `existing` returns only
    the editable fields, for `update_kpi`.
    """
    problems: list[tuple[str, str]] = []
    data: dict[str, Any] = {k: values.get(k) or "" for k in ("name", "team", "unit")}
    data["direction"] = values.get("direction") or "higher_is_better"
    target_text = (values.get("target") or "").strip()
    if target_text:
        try:
            data["target"] = parse_number(target_text, field_label("target"))
        except InvalidInput as error:
            problems += [("target", m) for _f, m in error.problems]
    else:
        problems.append(("target", _("target is required: the level this KPI should reach or keep")))
    try:
        data["watch_band"] = parse_watch_band(values.get("watch_band"))
    except InvalidInput as error:
        problems += error.problems
    reading_text = (values.get("reading") or "").strip()
    if reading_text and existing is None:
        try:
            value = parse_number(reading_text, _("reading"))
            data["current"] = value
            data["readings"] = [{"at": at, "value": value}]
        except InvalidInput as error:
            problems += [("reading", m) for _f, m in error.problems]
    # An edit changes only the fields typed here; readings recorded meanwhile by others stay.
    kept = {"current": existing.current, "readings": existing.readings} if existing else {}
    try:
        build(KPI, {**data, **kept, "target": data.get("target", 0.0), "id": existing.id if existing else None})
    except InvalidInput as error:
        bad = {name for name, _m in problems}
        problems += [(f, m) for f, m in error.problems if f not in bad]
    if problems:
        raise InvalidInput(problems)
    return data


def reading_value(text: str | None) -> float:
    """A KPI reading as typed; blank or not a number → a sentence."""
    raw = (text or "").strip()
    if not raw:
        raise InvalidInput([("value", _("type the KPI's new reading, a number"))])
    return parse_number(raw, _("reading"))
