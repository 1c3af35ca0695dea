"""The forecast: least squares on the check-in history, read on the quarter's last day (numbers by hand)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from okrtui.domain.forecast import kr_projection, trend
from okrtui.domain.forecast_whole import objective_projection
from okrtui.domain.models import CheckIn, KeyResult, Meta, Objective
from okrtui.domain.quarter import Quarter
from okrtui.domain.workspace import Workspace

Q4 = Quarter(2026, 4)
END = Q4.end  # 2026-12-31, 91 days after 10-01


def checkin(day: date, value: float, hour: int = 12) -> CheckIn:
    return CheckIn(kr_id=1, at=datetime(day.year, day.month, day.day, hour, tzinfo=timezone.utc), value=value)


def test_a_straight_line_history_forecasts_the_line_s_value_at_the_quarter_s_end():
    kr = KeyResult(objective_id=1, title="signups", kind="increase", start=0, target=100)
    # 10 on 10-01, then +5 every 10 days: the line 10 + 0.5 per day.
    history = [checkin(date(2026, 10, 1) + timedelta(days=10 * i), 10 + 5 * i) for i in range(4)]
    projection = kr_projection(kr, history, END, date(2026, 11, 15))
    assert projection is not None
    # By hand: 12-31 is 91 days after 10-01, so 10 + 0.5 × 91 = 55.5; progress 55.5 / 100 = 0.555.
    assert projection.forecast.value == pytest.approx(55.5)
    assert projection.score == pytest.approx(0.555)
    assert projection.end == END and projection.forecast.first == date(2026, 10, 1)
    assert projection.forecast.value_on(date(2026, 10, 11)) == pytest.approx(15)


def test_the_least_squares_line_through_scattered_points():
    # Points (day 0, 0), (day 1, 2), (day 2, 1): mean x 1, mean y 1; Sxy = 1, Sxx = 2, slope 0.5.
    # On day 10 the line is 1 + 0.5 × (10 − 1) = 5.5.
    start = date(2026, 12, 1)
    points = [(start, 0.0), (start + timedelta(days=1), 2.0), (start + timedelta(days=2), 1.0)]
    forecast = trend(points, start + timedelta(days=10), start + timedelta(days=3))
    assert forecast is not None and forecast.slope == pytest.approx(0.5) and forecast.value == pytest.approx(5.5)


def test_a_decrease_kr_projects_its_grade_clamped():
    kr = KeyResult(objective_id=1, title="tickets", kind="decrease", start=200, target=100)
    # −2 a day from 200 on 10-01: on 12-31 the line is at 200 − 182 = 18, beyond the target: grade 1.
    history = [checkin(date(2026, 10, 1), 200), checkin(date(2026, 10, 21), 160)]
    projection = kr_projection(kr, history, END, date(2026, 10, 21))
    assert projection.forecast.value == pytest.approx(18) and projection.score == 1.0


def test_a_value_corrected_the_same_day_counts_once_and_the_future_not_at_all():
    kr = KeyResult(objective_id=1, title="signups", kind="increase", start=0, target=182)
    history = [checkin(date(2026, 10, 1), 0), checkin(date(2026, 10, 11), 999, hour=9),
               checkin(date(2026, 10, 11), 10, hour=10),  # the typo corrected within the hour
               checkin(date(2026, 12, 1), 0)]  # after the moment: not seen
    projection = kr_projection(kr, history, END, date(2026, 11, 1))
    # Two points, (10-01, 0) and (10-11, 10): 1 a day, so 91 on 12-31, half of 182.
    assert projection.forecast.value == pytest.approx(91) and projection.score == pytest.approx(0.5)


def test_no_forecast_without_a_trend():
    kr = KeyResult(objective_id=1, title="signups", kind="increase", start=0, target=100)
    one_day = [checkin(date(2026, 10, 5), 10), checkin(date(2026, 10, 5), 20, hour=13)]
    assert kr_projection(kr, one_day, END, date(2026, 11, 1)) is None  # one day has no slope
    two_days = [checkin(date(2026, 10, 5), 10), checkin(date(2026, 10, 6), 20)]
    assert kr_projection(kr, two_days, END, date(2026, 11, 1)) is not None
    assert kr_projection(kr, two_days, END, END) is None  # the last day: the grade is no longer a guess
    assert kr_projection(kr, two_days, END, date(2027, 1, 5)) is None
    milestone = KeyResult(objective_id=1, title="launch", kind="milestone", target=1)
    assert kr_projection(milestone, two_days, END, date(2026, 11, 1)) is None


def test_an_objective_heads_for_the_weighted_mean_of_its_krs_forecasts():
    objective = Objective(id=1, quarter="2026-Q4", title="o", team="A")
    krs = [KeyResult(id=1, objective_id=1, title="signups", start=0, target=100, weight=2),
           KeyResult(id=2, objective_id=1, title="satisfaction", kind="at_least", start=80, target=90)]
    checkins = [CheckIn(id=1, kr_id=1, at=datetime(2026, 10, 2, tzinfo=timezone.utc), value=10),
                CheckIn(id=2, kr_id=1, at=datetime(2026, 10, 12, tzinfo=timezone.utc), value=15),
                CheckIn(id=3, kr_id=2, at=datetime(2026, 10, 2, tzinfo=timezone.utc), value=82),
                CheckIn(id=4, kr_id=2, at=datetime(2026, 10, 22, tzinfo=timezone.utc), value=83)]
    ws = Workspace([objective], krs, checkins, [], Meta(timezone="UTC"))
    today = date(2026, 10, 31)
    projection = objective_projection(ws, objective, Q4, today)
    # KR 1: 10 on 10-02, +0.5 a day: 55 on 12-31 (90 days on), 0.55. KR 2: 82, +0.05 a day: 86.5,
    # short of its line of 90, so 0 (a threshold is met or not). Weighted 2:1: (2 × 0.55 + 0) / 3.
    assert projection.score == pytest.approx(1.1 / 3)
    # The dashed line starts where it stands today: KR 1 at 15 (0.15), KR 2 short of 90 (0): 0.30 / 3.
    assert projection.forecast.value_on(today) == pytest.approx(0.1) and projection.forecast.first == today
    assert objective_projection(ws, objective, Q4, date(2026, 10, 5)) is None  # one day each: no trend yet


def test_values_near_the_float_limit_still_have_a_trend_or_none():
    top = 1.7976931348623157e308
    flat = [(date(2026, 10, 1), top), (date(2026, 10, 2), top)]
    assert trend(flat, END, date(2026, 11, 1)).value == top  # a flat line at the limit stays there
    rising = [(date(2026, 10, 1), 0.0), (date(2026, 10, 2), top)]
    assert trend(rising, END, date(2026, 11, 1)) is None  # 91 × the limit: no number to show
