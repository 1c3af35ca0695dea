"""The app's first frame (issue 21): the garbage collector the command line paused is on again once
the mode screen is drawn, and a burst of redraws computes the quarter's view once."""

from __future__ import annotations

import gc

from tests.ui.ui_helpers import wait_until

from okrtui.ui.modes.base import ModeScreen


async def test_the_app_turns_the_collector_on_after_its_first_frame(demo_app):
    gc.disable()  # as cli/main.py leaves it when it starts the app
    try:
        async with demo_app.run_test(size=(80, 24)) as pilot:
            await wait_until(pilot, gc.isenabled)
            assert isinstance(demo_app.screen, ModeScreen)
    finally:
        gc.enable()


async def test_a_burst_of_redraws_computes_the_view_once_and_a_change_again(demo_app, monkeypatch):
    import okrtui.ui.app as app_module

    calls = []
    original = app_module.view_quarter
    monkeypatch.setattr(app_module, "view_quarter", lambda *a, **k: calls.append(1) or original(*a, **k))
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        first = demo_app.view()
        assert demo_app.view() is first  # the same snapshot, quarter, team and moment: reused
        before = len(calls)
        await pilot.press("right_square_bracket")  # another quarter: computed again
        assert demo_app.view().quarter != first.quarter and len(calls) > before
        await pilot.press("left_square_bracket")
        demo_app.workspace = demo_app.repo.load()  # a new snapshot (a re-read): computed again
        assert demo_app.view() is not first


def test_run_app_puts_the_imports_out_of_the_collectors_sight_but_not_the_file(tmp_path, monkeypatch):
    """gc.freeze() after the imports, before the file is read: the workspace's models stay collectable."""
    import shutil
    from pathlib import Path

    import okrtui.ui.app as app_module

    db = tmp_path / "demo.json"
    shutil.copy(Path(app_module.__file__).resolve().parents[2] / "demo.json", db)
    seen = {}

    def run(app) -> None:
        seen["frozen"] = gc.get_freeze_count()
        seen["workspace tracked"] = gc.is_tracked(app.workspace) and any(o is app.workspace for o in gc.get_objects())

    monkeypatch.setattr(app_module.OkrApp, "run", run)
    try:
        app_module.run_app(db)
    finally:
        gc.unfreeze()
    assert seen["frozen"] > 1000 and seen["workspace tracked"]


async def test_the_first_mode_is_shown_without_textuals_switch_delay_and_later_switches_keep_it(demo_app, monkeypatch):
    """switch_mode holds frames back for 50 ms to mask a change of screen; the first mode replaces only
    the blank default screen, so its first frame is not held back (issue 21)."""
    from textual.app import App

    delays = []
    original = App.delay_update
    monkeypatch.setattr(App, "delay_update", lambda self, delay=0.05: delays.append(delay) or original(self, delay))
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(demo_app.screen, ModeScreen) and delays == []
        await pilot.press("2")
        await pilot.pause()
        assert demo_app.current_mode == "update" and delays == [0.05]


async def test_exit_after_first_frame_quits_once_the_mode_screen_is_drawn(demo_app, monkeypatch):
    """The benchmark's switch (B2, B3): the app quits by itself, and not before its mode screen shows
    the quarter and the bars."""
    from okrtui.ui.app import EXIT_AFTER_FIRST_FRAME_ENV
    from tests.ui.ui_helpers import DEMO_QUARTER, screen_text

    monkeypatch.setenv(EXIT_AFTER_FIRST_FRAME_ENV, "1")
    drawn = []
    original = demo_app.exit
    monkeypatch.setattr(demo_app, "exit", lambda *a, **k: drawn.append(screen_text(demo_app)) or original(*a, **k))
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: bool(drawn))
    assert str(DEMO_QUARTER) in drawn[0] and "█" in drawn[0] and "O1" in drawn[0], drawn[0]
