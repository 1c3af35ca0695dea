"""Screens reach the app through the typed `okr_app` (okrtui/ui/app_access.py): no screen needs an
`attr-defined` ignore for `self.app`, and the accessor is the running OkrApp itself."""

from __future__ import annotations

from pathlib import Path

from tests.ui.ui_helpers import DEMO_QUARTER

import okrtui
from okrtui.ui.app import OkrApp
from okrtui.ui.app_access import OkrAppAccess
from okrtui.ui.modes.base import ModeScreen

UI = Path(okrtui.__file__).parent / "ui"


def test_no_attr_defined_ignore_is_left_in_the_ui():
    found = [f"{path.relative_to(UI)}:{n}" for path in sorted(UI.rglob("*.py"))
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if "type: ignore[attr-defined]" in line]
    assert found == []


async def test_okr_app_is_the_running_app(demo_repo):
    app = OkrApp(demo_repo, quarter=DEMO_QUARTER)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ModeScreen) and isinstance(screen, OkrAppAccess)
        assert screen.okr_app is app and screen.okr_app.quarter == DEMO_QUARTER
