"""The check-in rhythm in the app (issue 19): team settings from the palette, an objective's cadence
in its form, "due" first in update mode and the count of what I owe in its header."""

from __future__ import annotations

from tests.ui.ui_helpers import screen_text, type_text, wait_until

from okrtui.ui.dialogs.forms import ObjectiveForm, TeamSettingsForm


async def test_team_settings_from_the_palette_change_what_is_stale(demo_app, demo_repo):
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2")
        await wait_until(pilot, lambda: "#6 ⌛" in screen_text(demo_app))  # 14 days, weekly: stale
        await pilot.press("ctrl+p")
        await type_text(pilot, "team settings")
        await wait_until(pilot, lambda: "Team settings: 行銷" in screen_text(demo_app))
        await type_text(pilot, " 行銷")
        await pilot.pause()
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(demo_app.screen, TeamSettingsForm))
        form = demo_app.screen
        assert form.widget("lead").value == "林美玲"
        form.widget("cadence").value = "monthly"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not isinstance(demo_app.screen, TeamSettingsForm))
        record = demo_repo.load().team_record("行銷")
        assert (record.cadence, record.lead) == ("monthly", "林美玲")
        await wait_until(pilot, lambda: "#6 ⌛" not in screen_text(demo_app) and "#6 " in screen_text(demo_app))


async def test_the_objective_form_sets_and_clears_its_own_cadence(demo_app, demo_repo):
    async with demo_app.run_test(size=(100, 30)) as pilot:
        await pilot.press("down", "down", "down", "down")  # O4, past O1's #10-12
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(demo_app.screen, ObjectiveForm))
        assert demo_app.screen.widget("cadence").is_blank()  # the team's
        demo_app.screen.widget("cadence").value = "biweekly"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: demo_repo.load().objective(4).cadence == "biweekly")
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(demo_app.screen, ObjectiveForm))
        assert demo_app.screen.widget("cadence").value == "biweekly"
        demo_app.screen.widget("cadence").clear()
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: demo_repo.load().objective(4).cadence is None)


def row_text(app, kr_id: int) -> str:
    from okrtui.ui.widgets.update_list import UpdateList

    listing = app.screen.query_one(UpdateList)
    return next(str(o.prompt) for o in listing._options if o.id == f"k{kr_id}")


async def test_update_mode_shows_what_i_owe_first_and_counts_it(demo_repo, monkeypatch):
    from okrtui.ui.app import OkrApp
    from okrtui.ui.widgets.update_list import UpdateList
    from tests.ui.ui_helpers import DEMO_QUARTER

    monkeypatch.setenv("OKRTUI_USER", "林美玲")  # owns #4 and #6; #6 is 14 days without a check-in
    app = OkrApp(demo_repo, quarter=DEMO_QUARTER)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("2")
        await wait_until(pilot, lambda: "you owe 1 check-in · " in screen_text(app))
        listing = app.screen.query_one(UpdateList)
        assert listing._options[0].id == "k6"  # mine and owed: first
        assert "#6 ⌛ due · 完成2場線上直播活動" in row_text(app, 6) and "overdue by 7 days" in row_text(app, 6)
        own_lines = "\n".join(row_text(app, 4).splitlines()[:2])  # below them: its initiatives, with due weeks
        assert "due" not in own_lines
        demo_repo.record_checkin(6, 300, author="林美玲")
        await wait_until(pilot, lambda: "due ·" not in row_text(app, 6), timeout=3)
        assert "you owe" not in screen_text(app)


async def test_someone_elses_owed_kr_is_only_stale(demo_repo, monkeypatch):
    from okrtui.ui.app import OkrApp
    from tests.ui.ui_helpers import DEMO_QUARTER

    monkeypatch.setenv("OKRTUI_USER", "王小明")
    app = OkrApp(demo_repo, quarter=DEMO_QUARTER)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("2")
        await wait_until(pilot, lambda: "#6 ⌛" in screen_text(app))
        assert "you owe" not in screen_text(app)
        assert "stale" in row_text(app, 6)  # the stale mark, for everyone
        assert "overdue" not in row_text(app, 6) and "due ·" not in row_text(app, 6)  # "due" is for its owner
