"""Fixtures: apps on temporary databases (the demo, or an empty one)."""

from __future__ import annotations

import time

import pytest
from tests.ui.ui_helpers import DEMO_QUARTER

from okrtui.storage.repository import Repository
from okrtui.ui.app import OkrApp


@pytest.fixture
def demo_app(demo_repo: Repository) -> OkrApp:
    return OkrApp(demo_repo, quarter=DEMO_QUARTER)


@pytest.fixture
def empty_app(empty_repo: Repository) -> OkrApp:
    return OkrApp(empty_repo)


SETTLE_TIMEOUT = 10.0


@pytest.fixture(autouse=True)
def pilot_waits_for_file_work(monkeypatch):
    """The app reads and writes the file in a thread worker (okrtui/ui/file_work.py), so a key that
    saves is answered at once and the file work ends a moment later. As a user would look at the
    screen once it shows the result, Pilot's press/pause here also wait until the app's file work
    is idle (at most SETTLE_TIMEOUT s). Tests of the app while another process holds the lock
    set `app.tests_do_not_settle = True` and wait for what they expect themselves."""
    from textual.pilot import Pilot

    press, pause = Pilot.press, Pilot.pause

    async def settle(pilot) -> None:
        app = pilot.app
        if getattr(app, "tests_do_not_settle", False):
            return
        deadline = time.monotonic() + SETTLE_TIMEOUT
        while not app.file_idle and time.monotonic() < deadline:
            await pause(pilot, 0.01)
        await pause(pilot)

    async def settled_press(self, *keys):
        await press(self, *keys)
        await settle(self)

    async def settled_pause(self, delay=None):
        await pause(self, delay)
        await settle(self)

    monkeypatch.setattr(Pilot, "press", settled_press)
    monkeypatch.setattr(Pilot, "pause", settled_pause)
