"""The chart view: `g` from planning and update, a KR against its pace, an objective's progress."""

from __future__ import annotations

from datetime import date

from textual_plotext import PlotextPlot
from tests.conftest import DEMO_NOW, pinned_clock
from tests.ui.ui_helpers import DEMO_QUARTER, open_chart, screen_text, wait_until

from okrtui.domain.series import kr_chart, objective_chart
from okrtui.ui.dialogs.chart import ChartScreen


def test_series_of_a_kr_and_an_objective(demo_repo):
    ws = demo_repo.load()
    kr = ws.key_result(4)  # 網站月流量: increase 38,500 → 50,000
    chart = kr_chart(ws, kr, DEMO_QUARTER, date(2026, 11, 30))
    assert chart.pace == [(0.0, 38500), (91.0, 50000)] and chart.last_day == 91
    assert chart.values[0] == (4.0, 38500) and chart.values[-1][1] == kr.current  # from the first check-in
    assert [v for _d, v in chart.values] == [c.value for c in ws.checkins_of(4)]
    assert chart.today == 60.0 and [label for _t, label in chart.ticks()] == ["10-01", "11-01", "12-01", "12-31"]
    objective = objective_chart(ws, ws.objective(3), DEMO_QUARTER, date(2026, 11, 30))
    assert objective.pace == [(0.0, 0.0), (91.0, 1.0)] and objective.values[0][0] == 4.0
    from okrtui.domain.views import view_objective

    assert objective.values[-1][1] == view_objective(ws, ws.objective(3), 0.5, DEMO_NOW).progress
    threshold = kr_chart(ws, ws.key_result(8), DEMO_QUARTER, date(2026, 11, 30))
    assert threshold.pace == [(0.0, 90), (91.0, 90)]  # at least 90: the target is the line


async def test_g_in_planning_charts_the_kr_then_its_objective(demo_app):
    app = demo_app
    async with app.run_test(size=(80, 24)) as pilot:
        text = await open_chart(pilot, app, "k4")
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
        await open_chart(pilot, app, None)
        kr_id = app.screen.kr_id
        assert kr_id is not None and f"#{kr_id} " in screen_text(app)
        assert app.screen.query_one(PlotextPlot).size.height >= 30
        await pilot.press("g")
        await wait_until(pilot, lambda: not isinstance(app.screen, ChartScreen))


# ---- issue 17 item 18: axis like the KR's values, the target as a line, milestones 0..1, nothing invented


def test_the_value_axis_has_round_steps_and_covers_the_values_and_the_target(demo_repo):
    from okrtui.domain.series import nice_ticks

    ws = demo_repo.load()
    chart = kr_chart(ws, ws.key_result(4), DEMO_QUARTER, date(2026, 11, 30))
    assert chart.y_ticks == [35000, 40000, 45000, 50000, 55000] and chart.target == 50000
    assert nice_ticks(48696.7, 50920.0) == [48000, 49000, 50000, 51000]  # the raw ticks, made round
    # A threshold's target on the top of the frame would be hidden by it: one more step of room.
    assert kr_chart(ws, ws.key_result(8), DEMO_QUARTER, date(2026, 11, 30)).y_ticks[-1] > 90


def test_a_milestone_axis_runs_from_not_done_to_done(demo_repo):
    ws = demo_repo.load()
    o = ws.objective(3)
    kr = demo_repo.add_key_result(o.id, title="上線新官網", kind="milestone", target=1)
    chart = kr_chart(demo_repo.load(), kr, DEMO_QUARTER, date(2026, 11, 30))
    assert chart.y_ticks == [0.0, 1.0] and chart.target == 1


def test_an_objective_written_today_draws_nothing_before_its_first_check_in(demo_repo):
    demo_repo.clock = pinned_clock()
    o = demo_repo.add_objective(quarter=str(DEMO_QUARTER), title="讓新客戶愛上我們", team="客服")
    kr = demo_repo.add_key_result(o.id, title="NPS 從 20 到 40", start=20, target=40)
    today = pinned_clock().today()
    day = float((today - DEMO_QUARTER.start).days)
    assert objective_chart(demo_repo.load(), o, DEMO_QUARTER, today).values == []  # no line from 0% on Oct 1
    assert kr_chart(demo_repo.load(), kr, DEMO_QUARTER, today).values == []
    demo_repo.record_checkin(kr.id, 25)
    ws = demo_repo.load()
    assert objective_chart(ws, o, DEMO_QUARTER, today).values == [(day, 0.25)]
    assert kr_chart(ws, kr, DEMO_QUARTER, today).values == [(day, 25)]


def axis_labels(text: str) -> list[str]:
    """The labels left of the plot's ┤ and ├ ticks."""
    return [line.split("┤")[0].split("├")[0].strip() for line in text.splitlines()
            if ("┤" in line or "├" in line) and line.split("┤")[0].split("├")[0].strip()]


async def test_the_chart_writes_its_axis_like_the_kr_and_draws_the_target(demo_app):
    app = demo_app
    async with app.run_test(size=(100, 30)) as pilot:
        text = await open_chart(pilot, app, "k4")
        assert axis_labels(text) == ["55,000", "50,000", "45,000", "40,000", "35,000"]
        assert "── target" in text and "·· expected pace" in text
        row = next(line for line in text.splitlines() if line.strip().startswith("50,000"))
        assert row.count("─") > 40, "the target is a line across the plot"


async def test_a_milestone_chart_says_done_and_not_done_on_its_axis(demo_app, demo_repo):
    o = demo_repo.load().objective(3)
    kr = demo_repo.add_key_result(o.id, title="上線新官網", kind="milestone", target=1)
    demo_repo.record_checkin(kr.id, 0)
    app = demo_app
    async with app.run_test(size=(100, 30)) as pilot:
        app.reload()  # in the file worker: the new KR is there once it has finished
        await wait_until(pilot, lambda: app.workspace.key_result(kr.id) is not None)
        await pilot.pause()
        labels = axis_labels(await open_chart(pilot, app, f"k{kr.id}"))
        assert labels == ["done", "not done"], labels  # not -0.08 … 1.08
