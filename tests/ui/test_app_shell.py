"""The shell: live reload from another process, palette, help, modes, quarters, filters."""

from __future__ import annotations

import subprocess
import sys

from tests.ui.ui_helpers import screen_text, type_text, wait_until

from okrtui.ui.widgets.plan_list import PlanList


async def test_a_checkin_from_another_process_shows_within_a_second(demo_app, demo_path):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        # #1 of O2: past O1 and its #10-12, O4 and its #7-9, and O2
        await pilot.press("down", "down", "down", "down", "down", "down", "down", "down", "down")
        plan = demo_app.screen.query_one(PlanList)
        assert plan.selected == "k1" and "31 → 50 萬元" in screen_text(demo_app)
        result = subprocess.run(
            [sys.executable, "-m", "okrtui", "checkin", "1", "45", "--db", str(demo_path), "--author", "ssh"],
            capture_output=True, text=True, timeout=30,
        )
        assert result.returncode == 0, result.stderr
        took = await wait_until(pilot, lambda: "45 → 50 萬元" in screen_text(demo_app), timeout=1.5)
        assert took < 1.5
        assert plan.selected == "k1"  # the cursor stayed where it was


async def test_palette_jumps_to_a_kr_by_a_cjk_fragment(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await type_text(pilot, "滿意度")
        await wait_until(pilot, lambda: "#8 客戶滿意度評分達90%以上" in screen_text(demo_app))
        await pilot.press("enter")
        await wait_until(pilot, lambda: demo_app.screen.query_one(PlanList).selected == "k8")


async def test_palette_jump_to_a_kr_stays_in_update_mode_and_clears_a_hiding_filter(demo_app):
    from okrtui.ui.widgets.update_list import UpdateList

    async with demo_app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "slash")
        await type_text(pilot, "行銷")  # the filter now hides #8 (a 客服 KR)
        await pilot.press("enter")
        await wait_until(pilot, lambda: "#8" not in screen_text(demo_app))
        await pilot.press("ctrl+p")
        await type_text(pilot, "滿意度")
        await wait_until(pilot, lambda: "#8 客戶滿意度評分達90%以上" in screen_text(demo_app))
        await pilot.press("enter")
        await wait_until(pilot, lambda: demo_app.current_mode == "update"
                         and demo_app.screen.query_one(UpdateList).selected_kr == 8)
        assert demo_app.needle == ""


async def test_palette_runs_screen_actions(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await type_text(pilot, "new objective")
        await wait_until(pilot, lambda: "n · write a new objective" in screen_text(demo_app))
        await pilot.press("enter")
        await wait_until(pilot, lambda: "New objective in 2026-Q4" in screen_text(demo_app))


async def test_help_lists_every_planning_key(demo_app):
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        # The dialog's lines, between its borders (the planning screen shows around it), page by page.
        lines = []
        for page in range(3):
            shown = [line.split("│")[1].strip() for line in screen_text(demo_app).splitlines() if line.count("│") >= 2]
            if page == 0:  # the keys of every mode: the palette's said once, with what it does
                assert [line for line in shown if "ommand palette" in line] == [
                    "^p                Command palette: actions, jump to an objective or KR"]
            lines += shown
            await pilot.press("pagedown")
        for key, words in [
            ("n", "New objective"), ("a", "Add a key result"), ("e", "Edit the selected"),
            ("d", "Delete the selected"), ("^z", "Undo my last change"), ("c", "Carry the selected"),
            ("⏎", "detail panel"), ("/", "Filter the list"), ("t", "one team"), ("[", "Previous quarter"),
            ("]", "Next quarter"), ("?", "every key"), ("q", "Quit"), ("1", "plan the quarter"),
            ("2", "update"), ("^p", "Command palette"), ("esc", "Back"), ("^s", "Save"),
            ("tab", "Next / previous field"),
        ]:
            assert any(line.startswith(key + " ") and words in line for line in lines), (key, words)
        await pilot.press("escape")
        assert "Command palette" not in screen_text(demo_app)


async def test_modes_quarters_and_header(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        header = screen_text(demo_app).splitlines()[0]
        assert "2026-Q4" in header and "week" in header and "of 13" in header and "all teams" in header
        await pilot.press("2")
        assert "15/15 KRs · sort: needs attention" in screen_text(demo_app)
        await pilot.press("3")
        assert "OKR lens" in screen_text(demo_app)
        await pilot.press("4")
        assert "s Done" in screen_text(demo_app).splitlines()[-1]  # the standup screen's own keys
        await pilot.press("1")
        assert "成為客戶心中值得信賴的成長夥伴" in screen_text(demo_app)
        await pilot.press("right_square_bracket")
        text = screen_text(demo_app)
        assert "2027-Q1" in text.splitlines()[0] and "No objectives in 2027-Q1 yet" in text
        await pilot.press("left_square_bracket", "left_square_bracket")
        assert "No objectives in 2026-Q3 yet" in screen_text(demo_app)


async def test_team_and_text_filters(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await pilot.press("t")
        await pilot.press("down", "down", "enter")  # All teams, 公司, 客服
        text = screen_text(demo_app)
        assert "team: 客服" in text and "打造卓越的客戶服務體驗" in text and "拓展新市場" not in text
        await pilot.press("t", "home", "enter")  # back to all teams
        assert "all teams" in screen_text(demo_app)

        await pilot.press("slash")
        await type_text(pilot, "直播")
        text = screen_text(demo_app)
        assert "完成2場線上直播活動" in text and "網站月流量" not in text and "拓展新市場" not in text
        await pilot.press("enter")  # keeps the filter, back to the list
        assert demo_app.screen.query_one(PlanList).has_focus
        await pilot.press("escape")  # clears it
        plan = demo_app.screen.query_one(PlanList)
        assert "o2" in [plan.get_option_at_index(i).id for i in range(plan.option_count)]


async def test_detail_panel(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "down", "down", "down", "down", "down", "down", "down", "enter")  # O2, past O1, O4 and their KRs
        text = screen_text(demo_app)
        assert "O2 拓展新市場,提升公司收入來源" in text and "Key results" in text
        assert "check-ins, last" in text
        await pilot.press("escape")
        assert "Key results" not in screen_text(demo_app)


async def test_titles_are_shown_literally_never_as_markup(empty_app, empty_repo):
    empty_repo.add_objective(quarter=str(empty_app.quarter), title="[bold]Be[/bold] [@click=app.quit]loved", team="[red]x")
    async with empty_app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: "loved" in screen_text(empty_app))
        text = screen_text(empty_app)
        assert "[bold]Be[/bold] [@click=app.quit]loved" in text and "[red]x · 1 objective" in text


async def test_q_quits_and_a_theme_can_be_chosen(demo_repo):
    from okrtui.ui.app import OkrApp

    app = OkrApp(demo_repo, theme="nord")
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.theme == "nord"
        await pilot.press("q")
        await pilot.pause()
        assert app._exit


async def test_help_lists_the_keys_of_every_mode(demo_app):
    from tests.ui.ui_helpers import screen_text

    # The help grew with the tree, detail and initiative keys: a tall terminal shows every section at once.
    async with demo_app.run_test(size=(120, 140)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        shown = screen_text(demo_app)
    for section in ("1 Plan", "2 Update", "Check-in panel", "3 Compare", "4 Standup"):
        assert section in shown, section
    # keys that only exist in one mode each
    assert "New objective in this quarter" in shown
    assert "Mark the standup done now" in shown
    assert "Save the check-in" in shown


async def test_every_mode_shows_help_and_quit_in_the_footer_at_80_columns(demo_app):
    """? and q are how a newcomer finds everything else: the footer must never cut them off."""
    async with demo_app.run_test(size=(80, 24)) as pilot:
        for mode in ("1", "2", "3", "4"):
            await pilot.press(mode)
            await pilot.pause(0.2)
            footer = screen_text(demo_app).splitlines()[-1]
            assert "? Help" in footer and "q Quit" in footer, (mode, footer)
