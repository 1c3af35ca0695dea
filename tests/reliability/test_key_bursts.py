"""Keys that arrive in one burst (a paste, a slow SSH link, a double tap) must not crash the app.
Each case is one the monkey test found; see okrtui/ui/textual_compat.py."""

from __future__ import annotations

import pytest
from textual import events

from okrtui.domain.quarter import Quarter
from okrtui.storage.repository import Repository
from okrtui.ui.app import OkrApp

CHARS = {"escape": "\x1b", "enter": "\r", "pageup": None, "ctrl+p": None}


def burst(app: OkrApp, *keys: str) -> None:
    """Queue keys without waiting between them, as a terminal delivers a burst."""
    for key in keys:
        event = events.Key(key, CHARS.get(key, key if len(key) == 1 else None))
        event.set_sender(app)
        app._driver.send_message(event)


@pytest.mark.parametrize(
    "keys",
    [
        ("t", "enter", "enter"),  # a double enter on the team picker
        ("d", "n", "n"),  # answering the delete question twice
        ("ctrl+p", "escape", "ctrl+p", "escape", "ctrl+p"),  # palette closed and reopened at once
        ("ctrl+p", "x", "y", "escape"),  # closed while its search was still running
        ("ctrl+p", "k", "pageup", "pagedown", "escape"),  # page keys before the list is laid out
    ],
    ids=["team-double-enter", "confirm-twice", "palette-reopen", "palette-search-closed", "palette-pages"],
)
async def test_bursts_do_not_crash(demo_path, keys):
    app = OkrApp(Repository(demo_path), quarter=Quarter(2026, 4))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for _ in range(3):
            burst(app, *keys)
            await pilot.pause(0.3)
        assert app.is_running
        assert app.return_code is None
    assert app._exception is None


@pytest.mark.parametrize("keys", [("g", "escape", "escape"), ("C", "escape", "escape")], ids=["chart", "close"])
async def test_closing_a_dialog_twice_leaves_the_mode_screen(demo_path, keys):
    app = OkrApp(Repository(demo_path), quarter=Quarter(2026, 4))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("down", "down")  # a KR, so that g has a chart to show
        burst(app, *keys)
        await pilot.pause(0.5)
        assert app.is_running and app.current_mode == "plan"
        assert type(app.screen).__name__ == "PlanScreen"
    assert app._exception is None


async def test_the_palette_s_busy_mark_without_its_widgets_is_not_a_crash():
    """Found by the monkey test (seed 20261130, 3,200 keys): a search finishing while the palette is
    composed or taken down looked up a LoadingIndicator that was not there (textual_compat)."""
    import okrtui.ui.textual_compat  # noqa: F401  (the guards)
    from textual.command import CommandPalette

    palette = CommandPalette()  # never mounted: no LoadingIndicator, no CommandList
    await CommandPalette._watch__show_busy(palette)


async def test_a_form_with_a_select_closed_as_it_opens_is_not_a_crash():
    """Found by the monkey test (seed 20261130, in CI): a form with a Select pushed and popped in one
    burst ran the Select's mount after its parts were removed (NoMatches; textual_compat)."""
    import okrtui.ui.textual_compat  # noqa: F401  (the guards)
    from textual.app import App
    from textual.screen import ModalScreen
    from textual.widgets import Select

    class Form(ModalScreen[None]):
        def compose(self):
            yield Select([("a", 1), ("b", 2)], allow_blank=False, value=1)

    class Host(App[None]):
        tests_do_not_settle = True  # not an OkrApp: no file work to wait for

    app = Host()
    async with app.run_test() as pilot:
        app.push_screen(Form())
        app.pop_screen()
        await pilot.pause()
        app.push_screen(Form())  # and one that stays: its Select is set up as usual
        await pilot.pause()
        assert app.screen.query_one(Select).value == 1
    assert app._exception is None


async def test_a_page_key_on_a_palette_without_its_list_is_not_a_crash():
    """Found under faketime on a loaded machine (palette-pages above): a page key reached the palette
    while its CommandList was not composed (NoMatches; textual_compat)."""
    import okrtui.ui.textual_compat  # noqa: F401  (the guards)
    from textual.command import CommandPalette

    palette = CommandPalette()  # never mounted: no CommandList
    palette._action_command_list("page_down")
