"""Helpers for driving the app with Pilot: the text on screen, waiting, typing."""

from __future__ import annotations

import time
from typing import Callable

from okrtui.domain.quarter import Quarter
from okrtui.ui.app import OkrApp
from tests.conftest import pinned_clock

DEMO_QUARTER = Quarter.current(pinned_clock().today())  # the quarter tests/conftest.py dates the demo to


def screen_text(app: OkrApp) -> str:
    """The characters on screen, line by line, as a user would read them."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


async def wait_until(pilot, check: Callable[[], bool], timeout: float = 2.0) -> float:
    """Let the app run until `check()` holds; returns the seconds it took (fails after timeout)."""
    started = time.monotonic()
    while not check():
        if time.monotonic() - started > timeout:
            assert check(), f"condition not met within {timeout} s"
        await pilot.pause(0.05)
    return time.monotonic() - started


async def type_text(pilot, text: str) -> None:
    await pilot.press(*[c if c != " " else "space" for c in text])




async def open_chart(pilot, app: OkrApp, row: str | None = "k4") -> str:
    """Put the cursor on `row` (None: leave it where it is), press g and wait for the chart; its screen text."""
    from okrtui.ui.dialogs.chart import ChartScreen

    if row is not None:
        app.screen.jump_to(row)
        await pilot.pause()
    await pilot.press("g")
    await wait_until(pilot, lambda: isinstance(app.screen, ChartScreen))
    await pilot.pause()
    return screen_text(app)
