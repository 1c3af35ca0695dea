"""The forecast in words, the same sentence in the charts, update mode and the reports:
"on this trend: 0.62 by 12-31" (the projected grade, two decimals like every grade)."""

from __future__ import annotations

from okrtui.domain.forecast import Projection
from okrtui.domain.models import KeyResult
from okrtui.domain.numbers import format_with_unit
from okrtui.i18n import _


def forecast_text(projection: Projection) -> str:
    return _("on this trend: {grade} by {day}").format(grade=f"{projection.score:.2f}",
                                                        day=projection.end.strftime("%m-%d"))


def kr_forecast_text(kr: KeyResult, projection: Projection) -> str:
    """With the value the KR is heading for: "on this trend: 0.62 by 12-31 (47,200 visits)"."""
    value = projection.forecast.value
    shown = round(value) if abs(value) >= 100 else value  # a guess: no decimals on large numbers
    return forecast_text(projection) + f" ({format_with_unit(shown, kr.unit)})"


def no_trend_text() -> str:
    return _("no trend yet: it takes check-ins on two days")


def forecast_dict(projection: Projection | None, with_value: bool = False) -> dict | None:
    """JSON: {"by": the quarter's last day, "grade": the projected grade (0..1), "value": a KR's
    projected value}; None without a forecast."""
    if projection is None:
        return None
    out: dict = {"by": projection.end.isoformat(), "grade": round(projection.score, 6)}
    if with_value:
        out["value"] = round(projection.forecast.value, 6)
    return out
