"""KPIs kept in compare mode: add, edit, delete and restore, readings (app and CLI), promotion, bad input."""

from __future__ import annotations

import subprocess
import sys

import pytest
from tests.ui.ui_helpers import DEMO_QUARTER, screen_text, type_text, wait_until

from okrtui.ui.app import OkrApp
from okrtui.ui.widgets.compare_list import CompareList


@pytest.fixture
def compare_app(demo_repo) -> OkrApp:
    return OkrApp(demo_repo, quarter=DEMO_QUARTER, mode="compare")


def select(app: OkrApp, row: str) -> None:
    assert app.screen.query_one(CompareList).select_id(row), row


def kpi_named(repo, name: str):
    return next(k for k in repo.load().kpis if k.name == name)


async def test_add_a_kpi_with_a_first_reading(compare_app, demo_repo):
    async with compare_app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await type_text(pilot, "客戶淨推薦值")
        await pilot.press("tab")
        await type_text(pilot, "客服")
        await pilot.press("tab", "tab", "tab")  # unit blank, direction stays "higher is better"
        await type_text(pilot, "50")
        await pilot.press("tab", "tab")  # watch band blank: 10%
        await type_text(pilot, "46")
        await pilot.press("enter")  # enter on the last field saves
        await pilot.pause()
        made = kpi_named(demo_repo, "客戶淨推薦值")
        assert (made.team, made.target, made.watch_band, made.current) == ("客服", 50, 0.10, 46)
        assert [r.value for r in made.readings] == [46]
        assert compare_app.screen.query_one(CompareList).selected == f"kpi{made.id}"
        # 46 is within 10% of 50: watch.
        assert "▲ watch" in next(line for line in screen_text(compare_app).splitlines() if "客戶淨推薦值" in line)


async def test_bad_input_is_refused_with_sentences_and_nothing_is_saved(compare_app, demo_repo):
    before = demo_repo.path.read_bytes()
    async with compare_app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.press("tab")
        await type_text(pilot, "客服")
        await pilot.press("tab", "tab", "tab")
        await type_text(pilot, "lots")
        await pilot.press("tab")
        await type_text(pilot, "250")
        await pilot.press("ctrl+s")
        await pilot.pause()
        text = screen_text(compare_app)
        assert "name must not be empty" in text
        assert "target must be a number, not 'lots'" in text
        assert "watch band must be from 0 to 100 (%), not 250" in text
        await pilot.press("escape")
        # A reading that is not a number.
        select(compare_app, "kpi4")
        await pilot.press("r")
        await type_text(pilot, "three")
        assert "preview: reading must be a number, not 'three'" in screen_text(compare_app)
        await pilot.press("enter")
        await pilot.pause()
        assert "reading must be a number, not 'three'" in screen_text(compare_app)
        await pilot.press("escape")
        # A promotion whose target points the wrong way for a lower-is-better KPI.
        await pilot.press("p")
        await pilot.press("tab", "tab")
        await type_text(pilot, "9")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "target must be below start for a 'decrease' key result" in screen_text(compare_app)
        await pilot.press("escape")
    assert demo_repo.path.read_bytes() == before


async def test_record_a_reading_in_the_app(compare_app, demo_repo, monkeypatch):
    monkeypatch.setenv("OKRTUI_USER", "mei")
    async with compare_app.run_test(size=(80, 24)) as pilot:
        select(compare_app, "kpi4")  # 客訴率 3.2% against ≤ 3%: watch
        await pilot.press("enter")
        await type_text(pilot, "2.9")
        assert "✔ hit" in screen_text(compare_app)  # the preview moves before saving
        await pilot.press("tab")
        await type_text(pilot, "新流程")
        await pilot.press("enter")
        await pilot.pause()
        k = kpi_named(demo_repo, "客訴率")
        assert k.current == 2.9 and (k.readings[-1].note, k.readings[-1].author) == ("新流程", "mei")
        row = next(line for line in screen_text(compare_app).splitlines() if "K4 客訴率" in line)
        assert "2.9%" in row and "✔ hit" in row
        # Enter on the value saves at once; the note is optional.
        await pilot.press("r")
        await type_text(pilot, "3.1")
        await pilot.press("enter")
        await pilot.pause()
        assert [r.value for r in kpi_named(demo_repo, "客訴率").readings][-2:] == [2.9, 3.1]


async def test_a_cli_reading_shows_up_in_the_running_app(compare_app, demo_repo, demo_path):
    async with compare_app.run_test(size=(80, 24)) as pilot:
        done = subprocess.run([sys.executable, "-m", "okrtui.cli.main", "kpi", "新客戶數", "5", "--db", str(demo_path)],
                              capture_output=True, text=True, timeout=30)
        assert done.returncode == 0, done.stderr
        assert kpi_named(demo_repo, "新客戶數").current == 5
        await pilot.press("end")  # the KPIs are below the demo's 15 KRs at 80x24
        await wait_until(pilot, lambda: "5 家/月" in screen_text(compare_app), timeout=3)
        row = next(line for line in screen_text(compare_app).splitlines() if "K2 新客戶數" in line)
        assert "✔ hit" in row


async def test_edit_a_kpi_keeps_its_readings(compare_app, demo_repo):
    before = kpi_named(demo_repo, "網站跳出率")
    async with compare_app.run_test(size=(80, 24)) as pilot:
        select(compare_app, "kpi3")
        await pilot.press("e", "tab", "tab", "tab", "tab")  # name, team, unit, direction → target
        await type_text(pilot, "50")
        await pilot.press("ctrl+s")
        await pilot.pause()
        after = kpi_named(demo_repo, "網站跳出率")
        assert after.target == 50 and after.readings == before.readings and after.current == 52
        # 52% against ≤ 50% with a 10% band: watch now, where it was a miss.
        assert "▲ watch" in next(line for line in screen_text(compare_app).splitlines() if "K3 網站跳出率" in line)


async def test_delete_asks_and_ctrl_z_restores(compare_app, demo_repo):
    before = kpi_named(demo_repo, "月營收")
    async with compare_app.run_test(size=(80, 24)) as pilot:
        select(compare_app, "kpi1")
        await pilot.press("d")
        assert "Delete KPI K1 '月營收' and its 3 readings?" in screen_text(compare_app)
        await pilot.press("n")
        await pilot.pause()
        assert any(k.id == 1 for k in demo_repo.load().kpis)
        await pilot.press("d", "y")
        await pilot.pause()
        assert all(k.id != 1 for k in demo_repo.load().kpis)
        assert "K1 月營收" not in screen_text(compare_app)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert kpi_named(demo_repo, "月營收") == before
        assert compare_app.screen.query_one(CompareList).selected == "kpi1"


async def test_promote_a_kpi_into_a_kr(compare_app, demo_repo):
    async with compare_app.run_test(size=(80, 24)) as pilot:
        select(compare_app, "kpi1")  # 月營收 124 萬元, target 120: the proposal is 160
        await pilot.press("p")
        text = screen_text(compare_app)
        assert "O2 拓展新市場" in text  # the KPI's own team's objective comes first
        assert "increase from 124 萬元 (K1's reading) to 160 萬元" in text
        await pilot.press("ctrl+s")
        await pilot.pause()
        ws = demo_repo.load()
        kr = ws.krs_of(2)[-1]
        assert (kr.title, kr.kind, kr.start, kr.current, kr.target, kr.unit) == (
            "月營收 → 160 萬元", "increase", 124, 124, 160, "萬元")
        assert any(k.name == "月營收" for k in ws.kpis)  # the KPI stays
        assert compare_app.screen.query_one(CompareList).selected == f"kr{kr.id}"
        assert "KPI lens: 1 of 16 hit" in screen_text(compare_app)  # the demo's 15 KRs and the new one


async def test_keep_a_kr_as_a_kpi(compare_app, demo_repo):
    async with compare_app.run_test(size=(80, 24)) as pilot:
        select(compare_app, "kr8")  # 客戶滿意度 at least 90%, now 87
        await pilot.press("k")
        assert "Keep key result #8" in screen_text(compare_app)
        await pilot.press("y")
        await pilot.pause()
        made = kpi_named(demo_repo, "客戶滿意度評分達90%以上")
        assert (made.team, made.direction, made.target, made.current) == ("客服", "higher_is_better", 90, 87)
        assert demo_repo.load().key_result(8) is not None  # the KR stays in its objective
        assert compare_app.screen.query_one(CompareList).selected == f"kpi{made.id}"
        await pilot.press("k")  # on the new KPI row: not a KR
        await pilot.pause()
        assert any("Select a key result first" in n.message for n in compare_app._notifications)
