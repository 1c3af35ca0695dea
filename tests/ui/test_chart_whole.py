"""Pictures of the whole in the chart view (`t` a team, `c` the company) and the forecast in the
chart head and in update mode's check-in panel."""

from __future__ import annotations

from datetime import date

from textual_plotext import PlotextPlot
from tests.ui.ui_helpers import DEMO_QUARTER, open_chart, screen_text, wait_until

from okrtui.domain.forecast import kr_projection
from okrtui.domain.series_team import company_chart, team_chart
from okrtui.ui.app import OkrApp
from okrtui.ui.dialogs.chart import ChartScreen
from okrtui.ui.dialogs.checkin_panel import CheckinPanel

TODAY = date(2026, 11, 30)  # the demo's pinned day (tests/conftest.py)


def grade_sentence(score: float) -> str:
    return f"on this trend: {score:.2f} by 12-31"


async def test_t_and_c_chart_the_team_and_the_company(demo_app, demo_repo):
    app, ws = demo_app, demo_repo.load()
    team = team_chart(ws, DEMO_QUARTER, "行銷", TODAY)
    company = company_chart(ws, DEMO_QUARTER, TODAY)
    assert team.projection is not None and company.projection is not None
    async with app.run_test(size=(80, 24)) as pilot:
        app.screen.jump_to("k4")  # 網站月流量, of O3 in 行銷
        await pilot.pause()
        await pilot.press("g")
        await wait_until(pilot, lambda: isinstance(app.screen, ChartScreen))
        await pilot.press("t")
        await pilot.pause()
        text = screen_text(app)
        assert "行銷" in text and "1 objective" in text and "O3 提升品牌知名度" in text
        assert grade_sentence(team.projection.score) in text and "trend of the whole" in text
        assert "expected pace" in text and "12-31" in text and "●" in text
        assert app.screen.query_one(PlotextPlot).size.height >= 8  # the plot keeps its room at 80×24
        await pilot.press("c")
        await pilot.pause()
        text = screen_text(app)
        assert "Company" in text and "4 teams" in text  # 公司: its objective rolls up the others
        for name in ("公司", "客服", "業務", "行銷"):
            assert name in text.splitlines()[-3] or name in text.splitlines()[-4]  # the legend
        assert grade_sentence(company.projection.score) in text
        await pilot.press("t")  # back to the team it came from
        await pilot.pause()
        assert "1 objective" in screen_text(app)
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, ChartScreen))


async def test_the_kr_chart_says_where_its_trend_ends(demo_app, demo_repo):
    app, ws = demo_app, demo_repo.load()
    kr = ws.key_result(4)
    projection = kr_projection(kr, ws.checkins_of(4), DEMO_QUARTER.end, TODAY)
    assert projection is not None
    async with app.run_test(size=(120, 40)) as pilot:
        text = await open_chart(pilot, app, "k4")
        assert grade_sentence(projection.score) in text and "╌╌ trend" in text


async def test_the_check_in_panel_shows_the_forecast(demo_repo):
    ws = demo_repo.load()
    kr = ws.key_result(4)
    projection = kr_projection(kr, ws.checkins_of(4), DEMO_QUARTER.end, TODAY)
    app = OkrApp(demo_repo, mode="update", quarter=DEMO_QUARTER)
    async with app.run_test(size=(80, 24)) as pilot:
        app.screen.jump_to("k4")
        await pilot.pause()
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, CheckinPanel))
        await pilot.pause()
        value = f"{round(projection.forecast.value):,}"  # above 100: no decimals on a guess
        assert f"{grade_sentence(projection.score)} ({value} 次瀏覽/月)" in screen_text(app)
