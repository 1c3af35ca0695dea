"""Issues 16.5/16.6/16.10 and 17.8 in the app: the check-in panel's value rule, a hostile file
arriving while the app is open, and bidi controls shown visibly in the rows."""

from __future__ import annotations


from tests.ui.ui_helpers import DEMO_QUARTER, screen_text, type_text

from okrtui.ui.app import OkrApp
from okrtui.ui.dialogs.checkin_panel import CheckinPanel


async def test_an_unlikely_value_needs_enter_twice_in_the_check_in_panel(demo_repo):
    app = OkrApp(demo_repo, mode="update", quarter=DEMO_QUARTER)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")  # #6: 0 → 500 人
        assert isinstance(app.screen, CheckinPanel)
        await type_text(pilot, "9000")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CheckinPanel)
        text = screen_text(app)
        assert "more than 10 times as far from the start" in text and "Press enter again" in text
        assert demo_repo.load().key_result(6).current == 230  # nothing written
        await pilot.press("enter")  # the same text again: meant, so saved
        await pilot.pause()
        assert not isinstance(app.screen, CheckinPanel)
        assert demo_repo.load().key_result(6).current == 9000


async def test_a_value_in_another_unit_is_refused_in_the_check_in_panel(demo_repo):
    app = OkrApp(demo_repo, mode="update", quarter=DEMO_QUARTER)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await type_text(pilot, "300%")
        await pilot.press("enter")
        await pilot.pause()
        assert "the value is in %, but this key result is measured in 人" in screen_text(app)
        assert demo_repo.load().key_result(6).current == 230


async def test_an_open_app_keeps_the_last_good_data_while_the_file_is_hostile(demo_repo, demo_path):
    good = demo_path.read_bytes()
    app = OkrApp(demo_repo, mode="plan", quarter=DEMO_QUARTER)
    async with app.run_test(size=(100, 30)) as pilot:
        shown = app.workspace
        for hostile in (b"[" * 100_000 + b"]" * 100_000, good.replace(b'"revision":', b'"x":1e400,"revision":', 1),
                        good.replace(b'"7":', b'"07":', 1)):
            demo_path.write_bytes(hostile)
            app.poll()
            await pilot.pause()
            text = screen_text(app)
            assert "Showing the last good data" in text, text
            assert app.workspace is shown and "O4 " in text  # the rows are still there
        assert "nested more than 1024 levels" not in screen_text(app)  # the banner says the latest problem
        demo_path.write_bytes(good)
        app.poll()
        await pilot.pause()
        assert "Showing the last good data" not in screen_text(app)
        assert demo_path.read_bytes() == good


async def test_bidi_controls_are_shown_as_marks_in_every_mode(demo_repo):
    kr = demo_repo.load().key_result(6)
    demo_repo.update_key_result(6, title="\u202eexe.txt")
    demo_repo.record_checkin(6, kr.current + 1, note="a \u2066note\u2069")
    app = OkrApp(demo_repo, mode="plan", quarter=DEMO_QUARTER)
    async with app.run_test(size=(160, 50)) as pilot:
        for key in "1234":
            await pilot.press(key)
            await pilot.pause()
            text = screen_text(app)
            assert "\u202e" not in text and "\u2066" not in text, key
            assert "⟨RLO⟩exe.txt" in text, key
