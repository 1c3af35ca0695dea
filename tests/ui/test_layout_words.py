"""Layout in both languages (issue 17 item 15): compare's columns, the header with a filter, the
empty-plan hint after "start empty"."""

from __future__ import annotations

import pytest
from tests.ui.ui_helpers import DEMO_QUARTER, screen_text, type_text, wait_until

from okrtui import i18n
from okrtui.storage.repository import Repository
from okrtui.ui.app import OkrApp
from okrtui.ui.modes.base import ModeScreen


@pytest.fixture
def in_language(demo_repo):
    def choose(language: str) -> None:
        i18n.set_language(language)

    yield choose
    choose("en")


async def test_compare_in_chinese_at_120_keeps_the_aim_whole(demo_repo, in_language):
    in_language("zh-TW")
    app = OkrApp(demo_repo, quarter=DEMO_QUARTER, mode="compare")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.2)
        text = screen_text(app)
        assert "目標線 1.0" in text and "目標線 0.7" in text and "目標線 …" not in text


async def test_compare_at_120_gives_titles_and_values_the_room_the_columns_do_not_need(demo_app):
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        await pilot.pause(0.2)
        text = screen_text(demo_app)
        assert "44,000 → 50,000 次瀏覽/月" in text  # the values are not cut
        assert "#2 在新市場完成3場產品展示會,並吸引200名潛在客" in text  # more of a long title
        assert "#1 新簽約10家企業客戶,達成50萬營收" in text and "aim 0.7" in text
        assert "0.80 ████░ ◐ progress" in text  # the bar gave way (to 5 cells) before the titles did


@pytest.mark.parametrize("language, tabs", [("en", "1:Plan  2:Update  3:Compare  4:Standup"),
                                            ("zh-TW", "1:規劃  2:更新  3:比較  4:站立會議")])
async def test_at_80_columns_a_filter_leaves_the_tabs_their_names(demo_repo, in_language, language, tabs):
    in_language(language)
    app = OkrApp(demo_repo, quarter=DEMO_QUARTER)
    async with app.run_test(size=(80, 24)) as pilot:
        for mode in ("1", "2", "3"):
            await pilot.press(mode, "slash")
            await type_text(pilot, "客服")
            await pilot.press("enter")
            await pilot.pause()
            header = screen_text(app).splitlines()[0]
            assert tabs in header and "客服" in header, header
            await pilot.press("escape")
        await pilot.press("slash")
        await type_text(pilot, "網站月流量增長30%")
        await pilot.press("enter")
        header = screen_text(app).splitlines()[0]
        assert tabs in header and "網站" in header and "…" in header, header  # the filter's text gave way


async def test_after_start_empty_the_toast_does_not_cover_the_empty_plan_hint(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    app = OkrApp(Repository(folder / "okr.json"))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause(0.1)
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, ModeScreen))
        await wait_until(pilot, lambda: "Created" in screen_text(app))
        text = screen_text(app)
        assert "Press n to write the first one" in text, text
        assert "move between quarters" in text


async def test_standup_at_80_columns_lines_up_objective_and_kr_bars(demo_repo):
    """Found in the look-through: the compact objective line's bar sat 12 cells left of its KRs'."""
    from okrtui.domain.text_rules import cell_width

    app = OkrApp(demo_repo, quarter=DEMO_QUARTER, mode="standup")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        lines = screen_text(app).splitlines()

        def bar_at(prefix: str) -> int:
            line = next(line for line in lines if line.strip().startswith(prefix))
            return cell_width(line[:min(line.index(c) for c in "█░" if c in line)])

        assert bar_at("O4 ") == bar_at("#7 ") == bar_at("#8 ")
