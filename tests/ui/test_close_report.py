"""The report from the command palette writes the same report as `okrtui report`."""

from __future__ import annotations

import csv
import io

from tests.ui.ui_helpers import screen_text, type_text, wait_until

from okrtui.domain.clock import view_moment
from okrtui.present.report import build_report
from okrtui.present.report_formats import render
from okrtui.ui.dialogs.report import ReportForm


async def test_palette_report_writes_csv(demo_app, tmp_path):
    app = demo_app
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await type_text(pilot, "report")
        await wait_until(pilot, lambda: "write the quarter's report" in screen_text(app))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ReportForm))
        form = app.screen
        assert form.widget("path").value.endswith("okr-report-2026-Q4.md")
        form.widget("format").value = "csv"
        await pilot.pause()
        assert form.widget("path").value.endswith("okr-report-2026-Q4.csv")  # follows the format
        target = tmp_path / "q4.csv"
        form.widget("path").value = str(target)
        await pilot.pause()
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not isinstance(app.screen, ReportForm))
    raw = target.read_bytes().decode("utf-8")
    assert raw == render(build_report(app.repo.load(), app.quarter, *view_moment(app.clock, app.quarter)), "csv")
    rows = list(csv.DictReader(io.StringIO(raw.lstrip("\ufeff"))))
    assert len([r for r in rows if r["kr_id"]]) == 15


async def test_palette_report_writes_the_html_page(demo_app, tmp_path):
    app = demo_app
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await type_text(pilot, "report")
        await wait_until(pilot, lambda: "write the quarter's report" in screen_text(app))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ReportForm))
        form = app.screen
        form.widget("format").value = "html"
        await pilot.pause()
        assert form.widget("path").value.endswith("okr-report-2026-Q4.html")
        target = tmp_path / "q4.html"
        form.widget("path").value = str(target)
        await pilot.pause()
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not isinstance(app.screen, ReportForm))
    page = target.read_text(encoding="utf-8")
    assert page == render(build_report(app.repo.load(), app.quarter, *view_moment(app.clock, app.quarter)), "html")
    assert page.count('class="chart team-chart"') == 4
