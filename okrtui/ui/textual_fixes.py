"""Work-arounds for bugs in the installed Textual, each small and guarded. Found by the monkey test.

OptionList._move_page (page up / page down) looks the highlighted option up in
a line index that is only built when the list is laid out; a page key that
arrives right after the options change (typing in the command palette, then
page up) raises KeyError and takes the whole app down (Textual 8.2.8; the same
crash is reported against other Textual apps). The guard moves to the first or
last option instead, which is what a page key does in a short list anyway.
"""

from __future__ import annotations

from textual.widgets import OptionList

_original_move_page = OptionList._move_page


def _move_page(self: OptionList, direction) -> None:
    try:
        _original_move_page(self, direction)
    except (KeyError, IndexError):
        (self.action_last if direction > 0 else self.action_first)()


if not getattr(OptionList._move_page, "_okrtui_guarded", False):
    _move_page._okrtui_guarded = True  # type: ignore[attr-defined]
    OptionList._move_page = _move_page  # type: ignore[method-assign]


# Screen.dismiss pops whatever screen is on top. Two keys that both dismiss a modal
# (a double enter, or keys that arrive in one read over SSH) reach it before it has
# closed, so the second dismiss popped the mode screen beneath and the app crashed
# with ScreenStackError. A screen that is no longer on top has nothing to dismiss.
from textual.await_complete import AwaitComplete  # noqa: E402
from textual.screen import Screen  # noqa: E402

_original_dismiss = Screen.dismiss


def _dismiss(self: Screen, result=None) -> AwaitComplete:
    if not self.is_active:
        return AwaitComplete()
    return _original_dismiss(self, result)


if not getattr(Screen.dismiss, "_okrtui_guarded", False):
    _dismiss._okrtui_guarded = True  # type: ignore[attr-defined]
    Screen.dismiss = _dismiss  # type: ignore[method-assign]


# The command palette gathers matches in a worker that looks up its result list
# when it runs. If the palette was closed in between (escape right after typing),
# the list is gone and the worker's NoMatches ended the app. A closed palette has
# no matches to show, so its worker stops quietly instead. Patched on the class,
# so every palette (the app's, the theme picker's) is covered.
from textual import work  # noqa: E402
from textual.command import CommandPalette  # noqa: E402
from textual.css.query import NoMatches  # noqa: E402

_original_gather = CommandPalette._gather_commands.__wrapped__  # type: ignore[attr-defined]


@work(exclusive=True, group=CommandPalette._GATHER_COMMANDS_GROUP)
async def _gather_commands(self: CommandPalette, search_value: str) -> None:
    try:
        await _original_gather(self, search_value)
    except NoMatches:
        if self.is_attached and self.is_active:
            raise


if not getattr(CommandPalette._gather_commands, "_okrtui_guarded", False):
    _gather_commands._okrtui_guarded = True  # type: ignore[attr-defined]
    CommandPalette._gather_commands = _gather_commands  # type: ignore[method-assign]


# CommandPalette._watch__show_busy looks up its LoadingIndicator and CommandList; a search that
# finishes while the palette is being composed or taken down (a burst of keys: ctrl+p, text,
# escape) found neither, and the NoMatches took the app down (the monkey test, seed 20261130,
# after 3,200 keys). The busy mark is cosmetic: with nothing to mark there is nothing to do.
_original_watch_busy = CommandPalette._watch__show_busy


async def _watch_show_busy(self: CommandPalette) -> None:
    try:
        await _original_watch_busy(self)
    except NoMatches:
        pass


if not getattr(CommandPalette._watch__show_busy, "_okrtui_guarded", False):
    _watch_show_busy._okrtui_guarded = True  # type: ignore[attr-defined]
    CommandPalette._watch__show_busy = _watch_show_busy  # type: ignore[method-assign]


# Every palette Textual opens has the id "--command-palette"; one still closing when the
# next opens (ctrl+p, escape, ctrl+p in one burst) made the second insert fail with
# DuplicateIds. Nothing looks palettes up by that id (is_open uses a class), so ours has none.
from textual.app import App  # noqa: E402


def _action_command_palette(self: App) -> None:
    if self.use_command_palette and not CommandPalette.is_open(self):
        self.push_screen(CommandPalette())


if not getattr(App.action_command_palette, "_okrtui_guarded", False):
    _action_command_palette._okrtui_guarded = True  # type: ignore[attr-defined]
    _action_command_palette.__doc__ = App.action_command_palette.__doc__
    App.action_command_palette = _action_command_palette  # type: ignore[method-assign]


# Keys still queued when the app has begun to exit (typed right after choosing Quit in
# the palette) reached App._check_bindings after the last screen was gone, and the
# shutdown ended in ScreenStackError. With no screen there is nothing to bind to.
_original_check_bindings = App._check_bindings


async def _check_bindings(self: App, key: str, priority: bool = False) -> bool:
    if not self._screen_stack:
        return False
    return await _original_check_bindings(self, key, priority)


if not getattr(App._check_bindings, "_okrtui_guarded", False):
    _check_bindings._okrtui_guarded = True  # type: ignore[attr-defined]
    App._check_bindings = _check_bindings  # type: ignore[method-assign]
