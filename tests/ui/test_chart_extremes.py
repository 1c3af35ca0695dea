"""The chart (`g`) of key results at the edges: a flat target (start == target), numbers of a
trillion, a negative target, one check-in, and two hundred. Each draws without a traceback, with
its values on the y axis, and the dashed forecast stays a finite line inside the quarter."""

from __future__ import annotations

import json
import math
from datetime import timedelta

import pytest
from textual_plotext import PlotextPlot

from okrtui.domain.batch import read_batch
from okrtui.domain.forecast import chart_line, kr_projection
from okrtui.domain.quarter import Quarter
from okrtui.domain.series import kr_chart
from okrtui.storage.repository import Repository
from okrtui.ui.app import OkrApp
from okrtui.ui.dialogs.chart import ChartScreen
from tests.conftest import DEMO_NOW, pinned_clock
from tests.ui.ui_helpers import DEMO_QUARTER, screen_text, wait_until

QUARTER = Quarter.parse(DEMO_QUARTER)
FIRST = QUARTER.start  # the quarter's first day; check-ins from the 2nd on


def _at(day: float) -> str:
    moment = DEMO_NOW.replace(month=10, day=1, hour=0) + timedelta(days=day)
    return moment.isoformat()


# name: (KR fields, [(day of the quarter, value)])
CASES = {
    "flat target": (dict(kind="at_least", start=90, target=90, unit="%"), [(5, 88), (30, 91), (55, 89)]),
    "flat ceiling": (dict(kind="at_most", start=5, target=5, unit="h"), [(10, 6), (50, 4.5)]),
    "a trillion": (dict(kind="increase", start=0, target=1e12, unit="NTD"), [(3, 1e11), (40, 4.5e11), (58, 6e11)]),
    "negative target": (dict(kind="decrease", start=0, target=-50, unit="°C"), [(4, -5), (33, -22), (57, -31)]),
    "one check-in": (dict(kind="increase", start=10, target=20), [(20, 14)]),
    "two hundred check-ins": (dict(kind="increase", start=0, target=1000),
                              [(1 + i * 59 / 200, i * 3.1 + (i % 7) * 2) for i in range(200)]),
}


def _kr_with(repo: Repository, fields: dict, points: list[tuple[float, float]]) -> int:
    objective = repo.add_objective(quarter=DEMO_QUARTER, title="Edges", team="QA", owner="Q")
    kr = repo.add_key_result(objective.id, title="KR at the edge", **fields)
    lines = [json.dumps({"kr": kr.id, "value": value, "at": _at(day)}) for day, value in points]
    repo.record_batch(read_batch("\n".join(lines) + "\n"), force=True)
    return kr.id


@pytest.mark.parametrize("case", list(CASES))
async def test_the_chart_draws_and_its_forecast_is_sane(demo_path, case):
    fields, points = CASES[case]
    repo = Repository(demo_path, clock=pinned_clock())
    kr_id = _kr_with(repo, fields, points)
    ws = repo.load()
    kr = ws.key_result(kr_id)
    assert len(ws.checkins_of(kr_id)) == len(points)

    # The series and the forecast the screen draws: finite, inside the quarter and the axis.
    today = DEMO_NOW.date()
    chart = kr_chart(ws, kr, QUARTER, today)
    values = [v for _d, v in points]
    assert chart.y_ticks[0] <= min(values + [kr.start, kr.target]) and max(values + [kr.start, kr.target]) <= chart.y_ticks[-1]
    assert all(math.isfinite(y) for y in chart.y_ticks) and len(chart.y_ticks) <= 12
    projection = kr_projection(kr, ws.checkins_of(kr_id), QUARTER.end, today)
    if projection is not None:
        trend = chart_line(projection.forecast, FIRST)
        assert all(math.isfinite(x) and math.isfinite(y) for x, y in trend)
        assert all(0 <= x <= chart.last_day for x, _y in trend)
        assert 0.0 <= projection.score <= 1.0
        span = max(abs(kr.target - kr.start), max(abs(v) for v in values), 1.0)
        assert abs(trend[-1][1]) <= 10 * span  # a trend line, not a number off the chart's scale

    app = OkrApp(repo, quarter=DEMO_QUARTER)
    for size in ((80, 24), (120, 40)):
        async with app.run_test(size=size) as pilot:
            app.push_screen(ChartScreen(kr_id=kr_id))
            await wait_until(pilot, lambda: isinstance(app.screen, ChartScreen))
            await pilot.pause()
            text = screen_text(app)
            assert "#%d KR at the edge" % kr_id in text and "value at each check-in" in text
            assert "●" in text or any("\u2800" < ch <= "\u28ff" for ch in text)  # the line is drawn
            assert app.screen.query_one(PlotextPlot).size.height >= 8
            if projection is not None:
                assert "trend" in text
            await pilot.press("o")  # the objective's chart from there
            await pilot.pause()
            assert "progress at each check-in" in screen_text(app)
            await pilot.press("escape")
            await wait_until(pilot, lambda: not isinstance(app.screen, ChartScreen))
        app = OkrApp(repo, quarter=DEMO_QUARTER)
