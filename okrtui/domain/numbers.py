"""Numbers as people read them ("38,500", "63%", "done"): the domain's sentences (coach, report, lens)
and every screen format numbers with these, so one value reads the same everywhere."""

from __future__ import annotations

import math

from okrtui.i18n import _


def format_number(value: float | None) -> str:
    """42 → "42", 38500 → "38,500", 1.25 → "1.25", None → "–"."""
    if value is None:
        return "–"
    if not math.isfinite(value) or abs(value) >= 1e15:  # past what digit groups can show readably
        return f"{value:.4g}".replace("inf", "∞")
    if float(value).is_integer():
        return f"{int(value):,}"
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text


def format_with_unit(value: float | None, unit: str) -> str:
    text = format_number(value)
    if not unit:
        return text
    return f"{text}{unit}" if unit in ("%",) else f"{text} {unit}"


def format_kr_value(kind: str, value: float | None) -> str:
    if kind == "milestone":
        return _("done") if value and value >= 1 else _("not done")
    return format_number(value)


def format_percent(p: float) -> str:
    """0.63 → "63%"; beyond a million per cent in powers of ten ("2.0e+307%"), ±∞ as such."""
    percent = p * 100
    if not math.isfinite(percent):
        return "–" if percent != percent else ("∞%" if percent > 0 else "-∞%")
    if abs(percent) >= 1e6:
        return f"{percent:.1e}%"
    return f"{round(percent):d}%"


# A KR whose target or start moved after its first check-in (domain/history.target_changes):
# marked in every mode, so a grade is never read without knowing its goal moved.
TARGET_MOVED_MARK = "⇄"
