"""The KPI lens: hit / watch / miss, for KPIs and for a KR seen as if it were a KPI."""

from __future__ import annotations

from typing import Literal

from okrtui.domain.models import KPI, KeyResult
from okrtui.domain.scoring import kr_progress
from okrtui.i18n import _

KPIStatus = Literal["hit", "watch", "miss", "no_data"]


def kpi_status_at(direction: str, target: float, value: float | None, watch_band: float) -> KPIStatus:
    """Hit when the target is met in its direction; watch when within the band of it; else miss.

    The band is a share of the target (10% of 500 is 50); with a zero target it
    is taken as an absolute amount.
    """
    if value is None:
        return "no_data"
    margin = abs(target) * watch_band if target != 0 else watch_band
    if direction == "higher_is_better":
        if value >= target:
            return "hit"
        return "watch" if value >= target - margin else "miss"
    if value <= target:
        return "hit"
    return "watch" if value <= target + margin else "miss"


def kpi_status(kpi: KPI) -> KPIStatus:
    return kpi_status_at(kpi.direction, kpi.target, kpi.current, kpi.watch_band)


def kr_as_kpi(kr: KeyResult) -> KPIStatus:
    """The same KR judged the KPI way: hit only when fully reached, otherwise a miss."""
    return "hit" if kr_progress(kr) >= 1.0 else "miss"


def kpi_status_label(status: str) -> str:
    return {"hit": _("hit"), "watch": _("watch"), "miss": _("miss"), "no_data": _("no data")}.get(status, status)


def kpi_status_symbol(status: str) -> str:
    return {"hit": "✔", "watch": "▲", "miss": "✖", "no_data": "·"}.get(status, "?")
