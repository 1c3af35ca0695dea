"""The pictures of the whole: a team's objectives and the company's teams over the quarter, and
the forecast of the whole (numbers by hand)."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from okrtui.domain.models import CheckIn, KeyResult, Meta, Objective
from okrtui.domain.quarter import Quarter
from okrtui.domain.series_team import company_chart, team_chart, whole_charts
from okrtui.domain.workspace import Workspace

Q4 = Quarter(2026, 4)
TODAY = date(2026, 10, 31)


def at(month: int, day: int) -> datetime:
    return datetime(2026, month, day, 12, tzinfo=timezone.utc)


@pytest.fixture
def ws() -> Workspace:
    objectives = [Objective(id=i, quarter="2026-Q4", title=f"objective {i}", team=team)
                  for i, team in ((1, "A"), (2, "A"), (3, "B"), (4, "A"))]
    krs = [KeyResult(id=1, objective_id=1, title="k1", start=0, target=100),
           KeyResult(id=2, objective_id=2, title="k2", start=0, target=10),
           KeyResult(id=3, objective_id=3, title="k3", kind="decrease", start=100, target=0),
           KeyResult(id=4, objective_id=4, title="k4", start=0, target=5)]  # never checked in: pending
    checkins = [CheckIn(id=1, kr_id=1, at=at(10, 2), value=10), CheckIn(id=2, kr_id=1, at=at(10, 12), value=15),
                CheckIn(id=3, kr_id=2, at=at(10, 7), value=2),
                CheckIn(id=4, kr_id=3, at=at(10, 2), value=90), CheckIn(id=5, kr_id=3, at=at(10, 22), value=80)]
    return Workspace(objectives, krs, checkins, [], Meta(timezone="UTC"))


def test_a_team_chart_has_a_line_per_objective_and_the_mean_of_the_measured(ws):
    chart = team_chart(ws, Q4, "A", TODAY)
    assert [line.label for line in chart.lines] == ["O1", "O2", "O4"]
    assert chart.lines[0].values == [(1.0, 0.1), (11.0, 0.15)] and chart.lines[2].values == []
    # Day 1: only O1 is measured (0.10); day 6: O2 joins (0.10 + 0.20) / 2; day 11: (0.15 + 0.20) / 2.
    assert chart.mean == [(1.0, 0.1), (6.0, pytest.approx(0.15)), (11.0, pytest.approx(0.175))]
    assert chart.pace == [(0.0, 0.0), (91.0, 1.0)] and chart.today == 30.0


def test_the_forecast_of_a_team_is_the_mean_of_its_objectives_forecasts(ws):
    chart = team_chart(ws, Q4, "A", TODAY)
    # O1's line: 10 on 10-02, +0.5 a day, so 10 + 0.5 × 90 = 55 on 12-31: 0.55. O2 was measured on one
    # day only: no trend, it counts where it stands (0.20). O4 is pending: left out. (0.55 + 0.20) / 2.
    assert chart.projection.score == pytest.approx(0.375) and chart.projection.end == date(2026, 12, 31)
    # The dashed line starts where the team stands today, (0.15 + 0.20) / 2, and ends at the grade.
    (x0, y0), (x1, y1) = chart.trend_points()
    assert (x0, x1) == (30.0, 91.0) and y0 == pytest.approx(0.175) and y1 == pytest.approx(0.375)


def test_the_company_is_every_team_with_a_line_per_team(ws):
    chart = company_chart(ws, Q4, TODAY)
    assert chart.team is None and [line.label for line in chart.lines] == ["A", "B"]
    assert chart.lines[1].values == [(1.0, pytest.approx(0.1)), (21.0, pytest.approx(0.2))]
    # O3 (a decrease from 100): 90 on 10-02, −0.5 a day, so 45 on 12-31: progress 0.55.
    # The company: (0.55 + 0.20 + 0.55) / 3.
    assert chart.projection.score == pytest.approx(1.3 / 3)
    assert [c.team for c in whole_charts(ws, Q4, TODAY)] == ["A", "B"]
    assert [c.team for c in whole_charts(ws, Q4, TODAY, team="B")] == ["B"]


def test_no_forecast_of_the_whole_before_any_trend_or_after_the_quarter(ws):
    assert team_chart(ws, Q4, "A", date(2026, 10, 5)).projection is None  # O1 has one day so far
    assert team_chart(ws, Q4, "A", Q4.end).projection is None
    empty = team_chart(ws, Q4, "nobody", TODAY)
    assert empty.lines == [] and empty.mean == [] and empty.projection is None


def test_an_objective_without_krs_is_drawn_as_the_mean_of_those_aligned_to_it(ws):
    company = Objective(id=5, quarter="2026-Q4", title="company", team="C")
    objectives = [o.model_copy(update={"parent_id": 5}) if o.id in (1, 3) else o for o in ws.objectives]
    ws = Workspace([*objectives, company], ws.key_results, ws.checkins, [], ws.meta)
    chart = team_chart(ws, Q4, "C", TODAY)
    # O1: 0.10 from day 1, 0.15 from day 11; O3: 0.10 from day 1, 0.20 from day 21.
    assert chart.lines[0].values == [(1.0, pytest.approx(0.1)), (11.0, pytest.approx(0.125)),
                                     (21.0, pytest.approx(0.175))]
