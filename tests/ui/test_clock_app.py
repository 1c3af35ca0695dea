"""The app's clock: OKRTUI_NOW sets the moment every mode shows, and moving the real clock changes
nothing on screen (the same screens a year later)."""

from __future__ import annotations

from datetime import datetime

import time_machine
from tests.ui.ui_helpers import DEMO_QUARTER, screen_text, wait_until

from okrtui.domain.clock import NOW_ENV
from okrtui.storage.repository import Repository
from okrtui.ui.app import MODE_NAMES, OkrApp


async def screens(path) -> dict[str, str]:
    """Each mode's screen at 100×30, drawn by a new app on a new repository (its clock from the env)."""
    shown = {}
    for mode in MODE_NAMES:
        app = OkrApp(Repository(path), mode=mode)
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_until(pilot, lambda: "q Quit" in screen_text(app), timeout=5)  # the footer is drawn last
            seen = [""]

            def settled() -> bool:  # the footer may be composed again once its bindings are known
                now, seen[0] = seen[0], screen_text(app)
                return now == seen[0] and "q Quit" in now

            await pilot.pause(0.2)
            await wait_until(pilot, settled, timeout=5)
            shown[mode] = seen[0]
    return shown


async def test_okrtui_now_sets_the_week_the_pace_and_the_ages(demo_path, monkeypatch):
    # Three days after the demo's moment: day 64 of 92 is week 10, expected 64/92 = 70%.
    monkeypatch.setenv(NOW_ENV, "2026-12-03T12:00+00:00")
    app = OkrApp(Repository(demo_path), mode="update")
    assert app.quarter == DEMO_QUARTER
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.3)
        text = screen_text(app)
    assert "week 10 of 13" in text and "expected today 70%" in text
    assert "3d ago" in text and "17d ago" in text  # the latest check-ins, and the stale KR's
    assert "5m ago" not in text


async def test_every_mode_is_the_same_when_the_real_clock_moves_a_year(demo_path):
    before = await screens(demo_path)
    with time_machine.travel(datetime(2027, 12, 2, 9, 0).astimezone(), tick=True):
        assert datetime.now().year == 2027  # the real clock did move
        after = await screens(demo_path)
    for mode in MODE_NAMES:
        assert after[mode] == before[mode], mode
    assert "week 9 of 13" in before["plan"]
