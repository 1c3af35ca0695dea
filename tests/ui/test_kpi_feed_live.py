"""KRs fed by a KPI in the app (issue 19, point 4): a reading written elsewhere moves the KR's bar in
an open app within a second (one write, the app polls the file); the reading form in compare mode
checks in too; the KR form shows and sets the link; a KPI's row names the KRs it feeds.

The demo's KR #7 (平均客服回應時間, 4 → 1 小時, now 1.6) is fed by K5 平均回應時間."""

from __future__ import annotations

import statistics
import subprocess
import sys

import pytest
from tests.ui.ui_helpers import DEMO_QUARTER, screen_text, type_text, wait_until

from okrtui.domain.scoring import kr_progress
from okrtui.domain.numbers import format_percent
from okrtui.storage.repository import Repository
from okrtui.ui.app import OkrApp
from okrtui.ui.dialogs.kr_form import KeyResultForm
from okrtui.ui.widgets.compare_list import CompareList


def kr7_line(app: OkrApp) -> str:
    return next((line for line in screen_text(app).splitlines() if "#7 " in line), "")


def percent_for(value: float) -> str:
    """KR #7's percentage at `value`, worked out by hand: (4 − value) / (4 − 1)."""
    return format_percent((4 - value) / 3)


async def test_a_reading_written_by_another_repository_moves_the_kr_bar_within_a_second(demo_repo):
    app = OkrApp(demo_repo, quarter=DEMO_QUARTER, mode="update")
    other = Repository(demo_repo.path)  # another session on the same file: nothing shared in memory
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.3)
        assert percent_for(1.6) in kr7_line(app)
        for value in (1.45, 1.3):
            other.record_kpi_reading(5, value, note="夜班", author="陳大同")
            await wait_until(pilot, lambda: percent_for(value) in kr7_line(app), timeout=1.0)
    assert [percent_for(v) for v in (1.6, 1.45, 1.3)] == ["80%", "85%", "90%"]  # by hand: 2.4/3, 2.55/3, 2.7/3


@pytest.mark.slow
async def test_a_reading_from_another_process_moves_the_kr_bar_within_a_second(demo_repo):
    app = OkrApp(demo_repo, quarter=DEMO_QUARTER, mode="update")
    latencies = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.3)
        for i, value in enumerate((1.5, 1.42, 1.35, 1.27, 1.2)):
            done = subprocess.run(
                [sys.executable, "-m", "okrtui", "--db", str(demo_repo.path), "kpi", "5", str(value),
                 "--note", f"live {i}"], capture_output=True, text=True, timeout=30)
            assert done.returncode == 0, done.stderr
            assert "↳ #7" in done.stdout  # the command says it checked in the KR too
            latencies.append(await wait_until(pilot, lambda: percent_for(value) in kr7_line(app), timeout=1.0))
            await pilot.pause(0.05 * (i % 4))
    print(f"\ncross-process KPI reading → KR bar: median {statistics.median(latencies) * 1000:.0f} ms, "
          f"max {max(latencies) * 1000:.0f} ms over {len(latencies)}")
    assert max(latencies) < 1.0


async def test_the_reading_form_checks_in_the_kr_and_the_kpi_row_names_it(demo_repo):
    app = OkrApp(demo_repo, quarter=DEMO_QUARTER, mode="compare")
    async with app.run_test(size=(120, 40)) as pilot:
        text = screen_text(app)
        feeds = next(line for line in text.splitlines() if "↳" in line)
        assert "readings also check in #7 平均客服回應時間" in feeds
        assert text.index("K5 平均回應時間") < text.index(feeds)  # under its KPI
        assert app.screen.query_one(CompareList).select_id("kpi5")
        await pilot.press("r")
        await type_text(pilot, "1.4")
        await pilot.press("enter")
        await wait_until(pilot, lambda: demo_repo.load().key_result(7).current == 1.4)
        ws = demo_repo.load()
        assert ws.last_checkin(7).value == 1.4 and ws.kpis[4].current == 1.4
        assert ws.changes[-1].kr_ids == [7] and ws.changes[-1].kpi_ids == [5]
        await wait_until(pilot, lambda: any("Also checked in key result #7, which K5 feeds." in str(n.message)
                                            for n in app._notifications))


async def test_the_kr_form_shows_the_link_and_removing_it_keeps_the_history(demo_repo):
    app = OkrApp(demo_repo, quarter=DEMO_QUARTER, mode="plan")
    checkins = len(demo_repo.load().checkins_of(7))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.2)
        app.push_screen(KeyResultForm(app.workspace.objective(4), app.workspace.key_result(7)))
        await wait_until(pilot, lambda: isinstance(app.screen, KeyResultForm))
        await pilot.pause(0.1)
        form = app.screen
        assert form.widget("source_kpi_id").value == 5
        text = screen_text(app)
        assert "Fed by KPI" in text and "K5 平均回應時間 · 客服 (小時)" in text
        assert "fed by K5 平均回應時間: each reading of it is also a check-in" in text
        form.widget("source_kpi_id").clear()
        await pilot.pause()
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not isinstance(app.screen, KeyResultForm))
    ws = demo_repo.load()
    assert ws.key_result(7).source_kpi_id is None
    assert len(ws.checkins_of(7)) == checkins  # the history stays
    assert Repository(demo_repo.path).record_kpi_reading(5, 1.2).fed == []
    assert kr_progress(demo_repo.load().key_result(7)) == pytest.approx(0.8)  # not moved


async def test_enter_on_the_owner_still_saves_a_new_kr_unfed_when_there_are_kpis(demo_repo):
    """The Fed by KPI field comes after the owner; enter on the owner saves, as before it was added."""
    app = OkrApp(demo_repo, quarter=DEMO_QUARTER, mode="plan")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("down", "a")  # O4 (客服)
        await wait_until(pilot, lambda: isinstance(app.screen, KeyResultForm))
        await type_text(pilot, "首次回覆率")
        await pilot.press("tab", "tab", "tab", "tab")  # kind, unit, start → target
        await type_text(pilot, "90")
        await pilot.press("tab", "tab", "enter")  # weight → owner, enter
        await wait_until(pilot, lambda: not isinstance(app.screen, KeyResultForm))
    [made] = [k for k in demo_repo.load().key_results if k.title == "首次回覆率"]
    assert (made.target, made.source_kpi_id) == (90, None)
