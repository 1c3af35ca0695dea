"""Every use of Textual's private API, and every patch to Textual, in this one module.

Textual's private names (`_move_page`, `_check_bindings`, `_handle_exception`, `textual._context` …)
may change in any release. Here each patch says which Textual versions it was written for and which
private names it needs; it is applied only when the installed version is one of those and every name
is there, else it is left out with a logged warning: okrtui then runs with Textual's own behaviour,
it never fails at import. tests/ui/test_textual_compat.py checks every name below on the installed
Textual, and tests/test_textual_private.py fails if a module outside this one names a private one.

Each bug worked around is described as an upstream report would be, with a minimal reproduction
(seen on Textual 8.2.8; each was found by okrtui's monkey test).
"""

from __future__ import annotations

import dataclasses
import logging
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, cast
from weakref import WeakKeyDictionary

from rich.text import Text
from textual import events, work
from textual.app import App
from textual.await_complete import AwaitComplete
from textual.binding import ActiveBinding, Binding
from textual.command import CommandPalette
from textual.css.query import NoMatches
from textual.css.stylesheet import Stylesheet
from textual.filter import LineFilter
from textual.screen import Screen
from textual.widgets import OptionList, Select

from okrtui.i18n import current_language, retranslate
from okrtui.ui.textual_version import installed_textual_version

if TYPE_CHECKING:
    from textual.driver import Driver

log = logging.getLogger(__name__)


TEXTUAL_VERSION = installed_textual_version()
TEXTUAL_8 = ((8, 0), (9, 0))  # from 8.0 up to, not including, 9.0
_GUARD = "_okrtui_guarded"


def _lookup(path: str) -> Any:
    """'CommandPalette._gather_commands.__wrapped__' on the classes imported here; None if missing."""
    head, *rest = path.split(".")
    value: Any = {"App": App, "Screen": Screen, "CommandPalette": CommandPalette, "OptionList": OptionList,
                  "Select": Select, "Stylesheet": Stylesheet}[head]
    for name in rest:
        value = getattr(value, name, None)
        if value is None:
            return None
    return value


@dataclass(frozen=True)
class Patch:
    """A replacement for `owner.attribute`, made from the original by `make`."""

    owner: type
    attribute: str
    make: Callable[[Any], Any]
    needs: tuple[str, ...]  # every Textual name the patch reads, as a path for _lookup
    written_for: tuple[tuple[int, ...], tuple[int, ...]] = TEXTUAL_8

    @property
    def name(self) -> str:
        return f"{self.owner.__name__}.{self.attribute}"


def fits(what: str, written_for: tuple[tuple[int, ...], tuple[int, ...]], needs: tuple[str, ...],
         version: tuple[int, ...] | None = None) -> bool:
    """Whether code written for `written_for` and reading `needs` may run on this Textual; warns if not."""
    version = TEXTUAL_VERSION if version is None else version
    low, below = written_for
    if not low <= version < below:
        log.warning("okrtui: %s was written for Textual %s to below %s, this is %s: left out", what,
                    ".".join(map(str, low)), ".".join(map(str, below)), ".".join(map(str, version)))
        return False
    missing = [path for path in needs if _lookup(path) is None]
    if missing:
        log.warning("okrtui: %s left out: Textual %s has no %s", what, ".".join(map(str, version)), ", ".join(missing))
        return False
    return True


def apply(patch: Patch, version: tuple[int, ...] | None = None) -> bool:
    """Put the patch in place (once); False, with a warning, where it does not fit."""
    if not fits(f"the guard {patch.name}", patch.written_for, patch.needs, version):
        return False
    original = patch.owner.__dict__.get(patch.attribute, getattr(patch.owner, patch.attribute))
    if getattr(getattr(original, "fget", original), _GUARD, False):
        return True
    replacement = patch.make(original)
    setattr(getattr(replacement, "fget", replacement), _GUARD, True)
    setattr(patch.owner, patch.attribute, replacement)
    return True


# ---------------------------------------------------------------------------------------------
# OptionList: page up/down right after the options change raises KeyError.
#
#     class Repro(App):
#         def compose(self): yield OptionList(*map(str, range(50)))
#         async def on_mount(self):
#             option_list = self.query_one(OptionList)
#             option_list.highlighted = 10
#             option_list.clear_options(); option_list.add_options(map(str, range(50)))
#             option_list.action_page_down()   # KeyError from _move_page's line index
#
# `_move_page` looks the highlighted option up in a line index built only at the next layout. The
# guard moves to the first or last option instead: what a page key does in a short list anyway.
def _guard_move_page(original: Callable[..., None]) -> Callable[..., None]:
    def _move_page(self: OptionList, direction: Any) -> None:
        try:
            original(self, direction)
        except (KeyError, IndexError):
            (self.action_last if direction > 0 else self.action_first)()
    return _move_page


# OptionList measures every option before drawing any (okrtui's own speed-up, not a bug).
#
#     OptionList(*[Text(f"row {n}") for n in range(15_000)])   # every row made a Visual and measured
#
# `_update_lines` finds where each option starts by turning each into a Visual and asking its height,
# so a list's first frame grows with its length (issue 21: 15,000 plan rows at XL). okrtui's LazyRow
# (widgets/virtual_list.py) knows its line count without being built: those are taken as they are,
# and a row's text is made only when drawn. Any other option goes through Textual's own code.
def _known_heights(original: Callable[..., None]) -> Callable[..., None]:
    from textual.geometry import Size

    def _update_lines(self: OptionList) -> None:
        cache = self._line_cache
        options = self.options
        start = cache.lines[-1][0] + 1 if cache.lines else 0
        if not self.scrollable_content_region or start >= len(options) or not all(
                hasattr(option, "line_count") for option in options[start:]):
            return original(self)
        lines, heights, index_to_line = cache.lines, cache.heights, cache.index_to_line
        for index in range(start, len(options)):
            option = options[index]
            index_to_line[index] = len(lines)
            count = cast(Any, option).line_count + option._divider  # a LazyRow (checked above)
            heights[index] = count
            lines.extend((index, line) for line in range(count))
        width = self.scrollable_content_region.width - self._get_left_gutter_width()
        virtual_size = Size(width, len(lines) - (1 if options[-1]._divider else 0))
        if virtual_size != self.virtual_size:
            self.virtual_size = virtual_size
            self._scroll_update(virtual_size)
    return _update_lines


# Stylesheet.reparse parses all of the app's CSS again, even when nothing it reads has changed.
#
#     class Repro(App):
#         MODES = {"main": Screen}
#         def on_mount(self): self.theme = "nord"; self.switch_mode("main")   # three full parses
#
# A new mode's screen makes App._init_mode and then switch_mode call refresh_css (the screen is not
# mounted yet, so its CSS count stays stale), and the theme's own refresh follows: each re-parses
# every source (~3-4 ms on the demo, issue 21). A re-parse with the very sources and variables of
# the last one would give the same rules; it is skipped. Any change to either parses as before.
_last_parsed: WeakKeyDictionary[Stylesheet, tuple[dict, dict]] = WeakKeyDictionary()


def _reparse_on_change(original: Callable[..., None]) -> Callable[..., None]:
    def reparse(self: Stylesheet) -> None:
        if not self._require_parse and _last_parsed.get(self) == (self.source, self._variables):
            return
        original(self)  # may raise: then nothing is recorded and the next call parses again
        _last_parsed[self] = (dict(self.source), dict(self._variables))
    return reparse


# Screen.dismiss pops whatever screen is on top.
#
#     class Modal(ModalScreen):
#         BINDINGS = [("enter", "dismiss")]
#     class Repro(App):
#         def on_mount(self): self.push_screen(Modal())
#     # in a test: await pilot.press("enter", "enter")   -> ScreenStackError
#
# Two keys that both dismiss a modal reach it before it has closed (a double enter, or keys read in
# one chunk over SSH); the second dismiss pops the screen beneath. A screen no longer on top has
# nothing to dismiss.
def _guard_dismiss(original: Callable[..., AwaitComplete]) -> Callable[..., AwaitComplete]:
    def dismiss(self: Screen, result: Any = None) -> AwaitComplete:
        if not self.is_active:
            return AwaitComplete()
        return original(self, result)
    dismiss.__doc__ = original.__doc__
    return dismiss


# CommandPalette: escape right after typing ends the app with NoMatches.
#
#     # in a test of any App: await pilot.press("ctrl+p", "a", "escape")   -> NoMatches(CommandList)
#
# The palette gathers matches in a worker that queries its CommandList when it runs; a palette
# closed in between has no list. A closed palette has no matches to show, so the worker stops.
def _guard_gather(original: Any) -> Any:
    gather = original.__wrapped__

    @work(exclusive=True, group=CommandPalette._GATHER_COMMANDS_GROUP)
    async def _gather_commands(self: CommandPalette, search_value: str) -> None:
        try:
            await gather(self, search_value)
        except NoMatches:
            if self.is_attached and self.is_active:
                raise
    return _gather_commands


# CommandPalette._watch__show_busy queries LoadingIndicator and CommandList.
#
#     await CommandPalette()._watch__show_busy()   # a palette not (or no longer) composed: NoMatches
#
# A search that finishes while the palette is composed or taken down (ctrl+p, text, escape in one
# burst) found neither, and the NoMatches ended the app. The busy mark is cosmetic: nothing to mark.
def _guard_show_busy(original: Callable[..., Any]) -> Callable[..., Any]:
    async def _watch__show_busy(self: CommandPalette) -> None:
        try:
            await original(self)
        except NoMatches:
            pass
    return _watch__show_busy


def _skipping_no_matches(original: Callable[..., None]) -> Callable[..., None]:
    """A private method that queries parts of its widget which a burst of keys can take away (or
    that are not composed yet): NoMatches there means there is nothing to do, not a crash."""
    def guarded(self: Any, *args: Any) -> None:
        try:
            original(self, *args)
        except NoMatches:
            pass
    guarded.__name__ = original.__name__
    guarded.__doc__ = original.__doc__
    return guarded


# Both patched with _skipping_no_matches:
#
# CommandPalette._action_command_list before its CommandList is composed or after it is removed.
#
#     # in a test of any App: await pilot.press("ctrl+p", "k", "pageup")   -> NoMatches: 'CommandList'
#
# A page key that reaches the palette while it opens or closes (the keys of a burst) looked up a
# list that was not there, and the NoMatches ended the app. With no list there is nothing to move.
#
# Select._on_mount after its screen was taken down.
#
#     app.push_screen(ScreenWithASelect()); app.pop_screen()   # NoMatches: 'SelectOverlay' on Select()
#
# A form opened and closed in one burst of keys (its Mount still queued when the screen's widgets
# are removed) queried its own overlay or label, gone already, and the NoMatches ended the app
# (found by the monkey test). A Select whose parts are gone is being removed: nothing to set up.


# App.action_command_palette gives every palette the id "--command-palette".
#
#     # in a test of any App: await pilot.press("ctrl+p", "escape", "ctrl+p")   -> DuplicateIds
#
# A palette still closing when the next opens makes the second insert fail. Nothing looks palettes
# up by that id (is_open uses the class), so ours has none.
def _guard_command_palette(original: Callable[..., None]) -> Callable[..., None]:
    def action_command_palette(self: App) -> None:
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette())
    action_command_palette.__doc__ = original.__doc__
    return action_command_palette


# App._check_bindings after the last screen is gone.
#
#     class Repro(App):
#         BINDINGS = [("q", "quit")]
#     # in a test: await pilot.press("q", "x")   -> ScreenStackError while shutting down
#
# Keys still queued when the app has begun to exit reach _check_bindings with an empty screen
# stack. With no screen there is nothing to bind to.
def _guard_check_bindings(original: Callable[..., Any]) -> Callable[..., Any]:
    async def _check_bindings(self: App, key: str, priority: bool = False) -> bool:
        if not self._screen_stack:
            return False
        return bool(await original(self, key, priority))
    return _check_bindings


# App.on_event for a key after the last screen is gone: a key still queued when the app has begun
# to exit reaches App.on_event, which reads self.screen.maximized first: ScreenStackError (a burst of
# ctrl+p, k, pageup, pagedown, escape in tests/reliability/test_key_bursts.py, once, in a clean-clone
# CI run with both cores busy). With no screen there is nothing for the key to reach.
def _guard_late_keys(original: Callable[..., Any]) -> Callable[..., Any]:
    async def on_event(self: App, event: events.Event) -> None:
        if isinstance(event, events.Key) and not self._screen_stack:
            return
        await original(self, event)
    on_event.__doc__ = original.__doc__
    return on_event


# Not a bug: key descriptions translated when they are drawn. Textual reads a Binding's description
# and tooltip from Screen.active_bindings (the footer, the keys panel); they were written in the
# language of the moment the class was made, so each is looked up again in the current one.
_TRANSLATED: dict[tuple[int, str], tuple[Binding, Binding]] = {}  # (id, language) -> (binding, translated)


def _translated(binding: Binding, language: str) -> Binding:
    cache = _TRANSLATED
    known = cache.get((id(binding), language))
    if known is not None and known[0] is binding:
        return known[1]
    out = dataclasses.replace(binding, description=retranslate(binding.description) or "",
                              tooltip=retranslate(binding.tooltip) or "")
    if len(cache) > 4096:
        cache.clear()
    cache[(id(binding), language)] = (binding, out)
    return out


def _translate_active_bindings(original: property) -> property:
    def active_bindings(self: Screen) -> dict[str, ActiveBinding]:
        language = current_language()
        return {key: active._replace(binding=_translated(active.binding, language),
                                     tooltip=retranslate(active.tooltip) or "")
                for key, active in original.__get__(self).items()}
    active_bindings.__doc__ = original.__doc__
    return property(active_bindings)


PATCHES = (
    Patch(OptionList, "_move_page", _guard_move_page, ("OptionList._move_page",)),
    Patch(OptionList, "_update_lines", _known_heights,
          ("OptionList._update_lines", "OptionList._get_left_gutter_width", "OptionList._scroll_update")),
    Patch(Stylesheet, "reparse", _reparse_on_change, ("Stylesheet.reparse",)),
    Patch(Screen, "dismiss", _guard_dismiss, ("Screen.dismiss", "Screen.is_active")),
    Patch(CommandPalette, "_gather_commands", _guard_gather,
          ("CommandPalette._gather_commands.__wrapped__", "CommandPalette._GATHER_COMMANDS_GROUP")),
    Patch(CommandPalette, "_watch__show_busy", _guard_show_busy, ("CommandPalette._watch__show_busy",)),
    Patch(App, "action_command_palette", _guard_command_palette, ("App.action_command_palette",)),
    Patch(Select, "_on_mount", _skipping_no_matches, ("Select._on_mount",)),
    Patch(CommandPalette, "_action_command_list", _skipping_no_matches, ("CommandPalette._action_command_list",)),
    Patch(App, "_check_bindings", _guard_check_bindings, ("App._check_bindings",)),
    Patch(App, "on_event", _guard_late_keys, ("App.on_event",)),
    Patch(Screen, "active_bindings", _translate_active_bindings, ("Screen.active_bindings",)),
)

# Private names read through an App instance (set in App.__init__): checked on one by the test.
APP_INSTANCE_NAMES = ("_screen_stack", "_screen_stacks", "_filters", "_driver", "_exit_renderables")
# Read through an OptionList and an Option by _known_heights: checked on real ones by the test.
OPTION_LIST_INSTANCE_NAMES = ("_line_cache",)
OPTION_INSTANCE_NAMES = ("_divider",)
STYLESHEET_INSTANCE_NAMES = ("_require_parse", "_variables")  # read by _reparse_on_change


def apply_all() -> list[str]:
    """Every patch that fits this Textual; returns the names of those left out."""
    return [patch.name for patch in PATCHES if not apply(patch)]


LEFT_OUT = apply_all()  # at import, before any screen exists


# ---------------------------------------------------------------------------------------------
# Private reads, each behind a small function that says what it means.

_active_app: ContextVar[App[Any]] | None
try:
    from textual._context import active_app as _active_app
except ImportError:  # moved in a later Textual: rows then use the terminal's colours
    _active_app = None
    log.warning("okrtui: textual._context.active_app is gone: themed rows use the terminal's colours")


def running_app() -> App | None:
    """The app whose message loop is running (None in a unit test that renders a row)."""
    return _active_app.get(None) if _active_app is not None else None


def add_line_filter(app: App, line_filter: LineFilter) -> None:
    """One more filter over every line the app draws (Textual keeps its own, DimFilter, in that list)."""
    filters = getattr(app, "_filters", None)
    if isinstance(filters, list):
        filters.append(line_filter)
    else:
        log.warning("okrtui: Textual has no App._filters: dim text at the terminal's own strength")


def all_screens(app: App) -> list[Screen]:
    """Every screen of every mode's stack (Textual's public screen_stack is the current mode's)."""
    stacks = getattr(app, "_screen_stacks", None) or {"": app.screen_stack}
    return [screen for stack in stacks.values() for screen in stack]


def terminal_driver(app: App) -> Driver | None:
    return getattr(app, "_driver", None)


_CRASH_HOOKS = fits("the crash report", TEXTUAL_8, ("App._handle_exception", "App._fatal_error",
                                                    "App._close_messages_no_wait", "App.bell"))


class UnhandledErrorHooks:
    """Mixed into the App class before Textual's App: its private hooks for an unhandled error, as
    two public ones. `record_unhandled_error` sees the error; `fatal_error_message`, if it returns
    text, is printed after the terminal is restored instead of Textual's traceback (which shows locals)."""

    def record_unhandled_error(self, error: Exception) -> None:
        pass

    def fatal_error_message(self) -> str | None:
        return None

    def _handle_exception(self, error: Exception) -> None:
        self.record_unhandled_error(error)
        super()._handle_exception(error)  # type: ignore[misc]

    def _fatal_error(self) -> None:
        message = self.fatal_error_message() if _CRASH_HOOKS else None
        if message is None:
            super()._fatal_error()  # type: ignore[misc]
            return
        app: Any = self
        app.bell()
        app._exit_renderables.append(Text(message))
        app._close_messages_no_wait()
