"""A target lowered after check-ins shows its mark in all four modes and a line in the close screen
(issue 18 point 3's acceptance)."""

from __future__ import annotations

from tests.ui.ui_helpers import DEMO_QUARTER, screen_text, wait_until

from okrtui.storage.repository import Repository
from okrtui.ui.app import OkrApp
from okrtui.ui.dialogs.close import CloseScreen
from okrtui.ui.dialogs.pickers import Confirm
from textual.widgets import Static
from tests.conftest import pinned_clock


def grades(screen: CloseScreen) -> str:
    """The close page's KR grades (the modal's own text, not the list behind it)."""
    return str(screen.query_one("#close-krs", Static).render())


def mark_rows(app) -> list[str]:
    return [line for line in screen_text(app).splitlines() if "⇄" in line]


async def test_the_mark_in_every_mode_and_the_change_at_the_close(demo_path):
    Repository(demo_path, clock=pinned_clock(), author="王小明").update_key_result(4, target=48000)
    app = OkrApp(Repository(demo_path), quarter=DEMO_QUARTER)
    async with app.run_test(size=(160, 50)) as pilot:
        for key in ("1", "2", "3", "4"):
            await pilot.press(key)
            await wait_until(pilot, lambda: any("#4 ⇄" in line for line in mark_rows(app)))
            rows = mark_rows(app)
            assert all("#4 " in line for line in rows), rows  # only the KR whose target moved
        await pilot.press("1")
        await pilot.pause()
        await pilot.press("C")
        await wait_until(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press("y")
        await wait_until(pilot, lambda: isinstance(app.screen, CloseScreen))
        screen = app.screen
        page = next(i for i, p in enumerate(screen.proposals) if any(k.kr.id == 4 for k in p.krs))
        screen.show_page(page)
        await pilot.pause()
        assert "⇄ target 50,000 → 48,000 on 2026-11-30 by 王小明" in screen_text(app)
        assert "⇄" in grades(screen)
        other = next(i for i, p in enumerate(screen.proposals) if i != page)
        screen.show_page(other)
        await pilot.pause()
        assert "⇄" not in grades(screen)
