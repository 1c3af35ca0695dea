"""The chart view: `g` from planning and update, a KR against its pace, an objective's progress."""

from __future__ import annotations

from datetime import date

from textual_plotext import PlotextPlot
from tests.conftest import DEMO_NOW
from tests.ui.ui_helpers import DEMO_QUARTER, screen_text, wait_until

from okrtui.domain.series import kr_chart, objective_chart
from okrtui.ui.screens.chart import ChartScreen


def test_series_of_a_kr_and_an_objective(demo_repo):
    ws = demo_repo.load()
    kr = ws.key_result(4)  # 網站月流量: increase 38,500 → 50,000
    chart = kr_chart(ws, kr, DEMO_QUARTER, date(2026, 11, 30))
    assert chart.pace == [(0.0, 38500), (91.0, 50000)] and chart.last_day == 91
    assert chart.values[0] == (0.0, 38500) and chart.values[-1][1] == kr.current
    assert [v for _d, v in chart.values[1:]] == [c.value for c in ws.checkins_of(4)]
    assert chart.today == 60.0 and [label for _t, label in chart.ticks()] == ["10-01", "11-01", "12-01", "12-31"]
    objective = objective_chart(ws, ws.objective(3), DEMO_QUARTER, date(2026, 11, 30))
    assert objective.pace == [(0.0, 0.0), (91.0, 1.0)] and objective.values[0] == (0.0, 0.0)
    from okrtui.domain.views import view_objective

    assert objective.values[-1][1] == view_objective(ws, ws.objective(3), 0.5, DEMO_NOW).progress
    threshold = kr_chart(ws, ws.key_result(8), DEMO_QUARTER, date(2026, 11, 30))
    assert threshold.pace == [(0.0, 90), (91.0, 90)]  # at least 90: the target is the line


async def test_g_in_planning_charts_the_kr_then_its_objective(demo_app):
    app = demo_app
    async with app.run_test(size=(80, 24)) as pilot:
        app.screen.jump_to("k4")
        await pilot.pause()
        await pilot.press("g")
        await wait_until(pilot, lambda: isinstance(app.screen, ChartScreen))
        await pilot.pause()
        text = screen_text(app)
        assert "#4 網站月流量增長30%,達5萬次瀏覽" in text and "O3 提升品牌知名度" in text
        assert "44,000 → 50,000 次瀏覽/月" in text and "off track" in text
        assert "value at each check-in" in text and "expected pace" in text and "10-01" in text
        assert "⠀" in text or "●" in text  # plotted
        assert app.screen.query_one(PlotextPlot).size.height >= 8
        await pilot.press("o")
        await pilot.pause()
        text = screen_text(app)
        assert "progress at each check-in" in text and "100%" in text and "3 key results" in text
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, ChartScreen))


async def test_g_in_update_mode_and_a_large_terminal(demo_app):
    app = demo_app
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        await pilot.press("g")
        await wait_until(pilot, lambda: isinstance(app.screen, ChartScreen))
        await pilot.pause()
        kr_id = app.screen.kr_id
        assert kr_id is not None and f"#{kr_id} " in screen_text(app)
        assert app.screen.query_one(PlotextPlot).size.height >= 30
        await pilot.press("g")
        await wait_until(pilot, lambda: not isinstance(app.screen, ChartScreen))
