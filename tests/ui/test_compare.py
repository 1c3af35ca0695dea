"""Compare mode on the demo: both lenses with the right numbers, the KPIs, the contrast table, layout."""

from __future__ import annotations

import pytest
from tests.ui.ui_helpers import DEMO_QUARTER, screen_text

from okrtui.domain.kpi import kpi_status, kpi_status_label, kpi_status_symbol, kr_as_kpi
from okrtui.domain.lens import verdict_label
from okrtui.domain.scoring import kr_clamped
from okrtui.domain.text_rules import cell_width
from okrtui.ui.app import OkrApp
from okrtui.ui.modes.compare import CompareScreen
from okrtui.ui.widgets.compare_list import CompareList


@pytest.fixture
def compare_app(demo_repo) -> OkrApp:
    return OkrApp(demo_repo, quarter=DEMO_QUARTER, mode="compare")


def line_with(text: str, needle: str) -> str:
    return next(line for line in text.splitlines() if needle in line)


async def test_both_lenses_match_the_domain_and_hand_computed_values(compare_app, demo_repo):
    ws = demo_repo.load()
    async with compare_app.run_test(size=(120, 40)):
        assert isinstance(compare_app.screen, CompareScreen)
        text = screen_text(compare_app)
        # tests/domain/test_lens.py has these by hand: 15 KRs, 4 at their line, one hit.
        assert "OKR lens: average 0.63 — a healthy stretch; 4 of 15 at their success line." in text
        assert "KPI lens: 1 of 15 hit; the other 14 count as failures." in text
        # The company's KRs are measured by the objective aligned to each: 業務 0.73, 行銷 0.55, 客服 0.60.
        rolled_up = {10: "0.73", 11: "0.55", 12: "0.60"}
        for kr in ws.krs_in(DEMO_QUARTER):
            row = line_with(text, f"#{kr.id} ")
            assert rolled_up.get(kr.id, f"{kr_clamped(kr):.2f}") in row, row
            if kr.id in rolled_up:
                assert "✖ miss" in row  # short of 1.0
                continue
            assert f"│ {kpi_status_symbol(kr_as_kpi(kr))} {kpi_status_label(kr_as_kpi(kr))}" in row, row
        # By hand: #1 is 31 of 50 = 0.62, yellow, under a committed objective (aim 1.0): progress, and a KPI miss.
        one = line_with(text, "#1 新簽約10家企業客戶")
        # (At 120 columns the bar is 5 cells: it gives way before the KR titles are cut.)
        assert "aim 1.0" in one and "0.62 ███░░ ◐ progress" in one and "✖ miss" in one
        # #5 is 1,450 of 2,000 = 0.725, aspirational (aim 0.7): a success as an OKR, still a miss as a KPI.
        five = line_with(text, "#5 社群媒體互動數")
        assert "aim 0.7" in five and "0.72 ███░░ ● success" in five and "✖ miss" in five
        assert "✔ hit" in line_with(text, "#9 每月解決90%")
        assert "OKR average 0.60 · as KPIs: 1 of 3 hit" in line_with(text, "客服  OKR")


async def test_kpis_with_status_values_and_trend(compare_app, demo_repo):
    async with compare_app.run_test(size=(120, 40)):
        text = screen_text(compare_app)
        for k in demo_repo.load().kpis:
            row = line_with(text, f"K{k.id} {k.name} · {k.team}")
            status = kpi_status(k)
            assert f"{kpi_status_symbol(status)} {kpi_status_label(status)}" in row
        assert "▲ watch" in line_with(text, "K4 客訴率")
        row = line_with(text, "K1 月營收")
        assert "124 萬元" in row and "↑ 120 萬元" in row and "▁▅█" in row  # readings 98, 112, 124


async def test_contrast_table_and_original_wording(compare_app):
    async with compare_app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        text = screen_text(compare_app)
        assert "OKR versus KPI, point by point" in text
        assert "Definition" in text and "A qualitative objective" in text and "Quantitative indicators" in text
        assert "結合質化目標" not in text
        await pilot.press("o")
        text = screen_text(compare_app)
        assert "定義" in text and "結合質化目標與量化關鍵成果" in text
        # It scrolls to the end at 80x24: the last row and both FAQ points.
        await pilot.press("end")
        await pilot.pause()
        text = screen_text(compare_app)
        assert "適用情境" in text and "performance reviews" in text and "績效考核" in text
        await pilot.press("c")
        assert "KPI lens: 1 of 15 hit" in screen_text(compare_app)


async def test_contrast_in_a_chinese_interface(demo_repo):
    from okrtui.i18n import set_language

    set_language("zh-TW")
    try:
        app = OkrApp(demo_repo, quarter=DEMO_QUARTER, mode="compare")
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("c")
            text = screen_text(app)
            assert "評估方式" in text and "以達成率評估" in text and "Graded by achievement rate" not in text
    finally:
        set_language("en")


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_layout_lines_up_with_cjk(compare_app, size):
    width, height = size
    async with compare_app.run_test(size=size):
        lines = screen_text(compare_app).splitlines()
        assert len(lines) == height and all(cell_width(line) == width for line in lines)
        kr_rows = [line for line in lines if line.startswith(" #")]
        # One line a KR: at 80x24 the first 14 of the 15 show before the list scrolls, at 120x40 all.
        assert len(kr_rows) == (14 if height == 24 else 15)
        # Every score, bar and KPI verdict starts in the same cell column, CJK titles or not.
        assert len({cell_width(line[:line.index("│")]) for line in kr_rows}) == 1
        bar_columns = {cell_width(line[:min(i for i in (line.find("█"), line.find("░")) if i >= 0)])
                       for line in kr_rows}
        assert len(bar_columns) == 1, bar_columns
        for line in kr_rows:
            assert any(verdict_label(v) in line for v in ("success", "progress", "behind")), line
        if height == 40:
            kpi_rows = [line for line in lines if line[:3] in {f" K{i}" for i in range(1, 6)}]
            assert len(kpi_rows) == 5
            assert len({cell_width(line[:line.index("↑" if "↑" in line else "↓")]) for line in kpi_rows}) == 1


async def test_filter_and_team_narrow_both_lists(compare_app):
    async with compare_app.run_test(size=(120, 40)) as pilot:
        compare_app.set_team("客服")
        await pilot.pause()
        text = screen_text(compare_app)
        assert "OKR lens: average 0.60" in text and "KPI lens: 1 of 3 hit" in text
        assert "#1 " not in text and "K1 月營收" not in text and "K4 客訴率" in text
        compare_app.set_team(None)
        compare_app.set_needle("跳出")
        await pilot.pause()
        text = screen_text(compare_app)
        assert "K3 網站跳出率" in text and "K1 月營收" not in text and "#7 " not in text
        assert compare_app.screen.query_one(CompareList).selected == "kpi3"


async def test_a_kpi_in_disguise_is_flagged_and_kept_as_a_kpi(demo_repo):
    held = demo_repo.add_key_result(4, title="滿意度維持90%以上", kind="at_least", unit="%", start=93, target=90)
    compare_app = OkrApp(demo_repo, quarter=DEMO_QUARTER, mode="compare")
    async with compare_app.run_test(size=(80, 24)) as pilot:
        lines = screen_text(compare_app).splitlines()
        index = next(i for i, line in enumerate(lines) if f"#{held.id} 滿意度維持" in line)
        assert "⚑ a KPI in disguise" in lines[index + 1]
        assert sum("⚑" in line for line in lines) == 1  # the demo's own KRs all ask for change
        assert compare_app.screen.query_one(CompareList).select_id(f"kr{held.id}")
        await pilot.press("k")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        made = next(k for k in demo_repo.load().kpis if k.name == "滿意度維持90%以上")
        assert (made.target, made.current, made.direction) == (90, 93, "higher_is_better")
