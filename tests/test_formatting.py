"""Numbers, values, ages and percentages as people read them (shared by the CLI and the UI)."""

from datetime import datetime, timedelta, timezone

import pytest

from okrtui.present.formatting import format_age
from okrtui.domain.numbers import format_kr_value, format_number, format_percent, format_with_unit


@pytest.mark.parametrize(
    "value, text",
    [(None, "–"), (42, "42"), (42.0, "42"), (38500, "38,500"), (1.25, "1.25"), (0.5, "0.5"), (-3.5, "-3.5"),
     (500_000, "500,000"), (1234.5, "1,234.5")],
)
def test_format_number(value, text):
    assert format_number(value) == text


def test_format_with_unit():
    assert format_with_unit(30, "%") == "30%"
    assert format_with_unit(50_000, "views") == "50,000 views"
    assert format_with_unit(3, "") == "3"


def test_format_kr_value():
    assert format_kr_value("milestone", 1) == "done"
    assert format_kr_value("milestone", 0) == "not done"
    assert format_kr_value("increase", 1) == "1"


def test_format_percent_shows_over_achievement():
    assert format_percent(0.0) == "0%"
    assert format_percent(0.42) == "42%"
    assert format_percent(1.2) == "120%"


NOW = datetime(2026, 11, 15, 12, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    "age, text",
    [(timedelta(seconds=30), "just now"), (timedelta(minutes=5), "5m ago"), (timedelta(hours=3, minutes=59), "3h ago"),
     (timedelta(days=12, hours=5), "12d ago")],
)
def test_format_age(age, text):
    assert format_age(NOW - age, NOW) == text


def test_format_age_never():
    assert format_age(None, NOW) == "never"
