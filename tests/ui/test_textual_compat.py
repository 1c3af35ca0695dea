"""okrtui/ui/textual_compat.py: every private Textual name it uses exists on the installed Textual,
every patch is in place, and a patch meant for other versions is left out with a warning."""

from __future__ import annotations

import logging

import pytest

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from okrtui import i18n
from okrtui.ui import textual_compat
from okrtui.ui.textual_compat import (
    APP_INSTANCE_NAMES, OPTION_INSTANCE_NAMES, OPTION_LIST_INSTANCE_NAMES, PATCHES, STYLESHEET_INSTANCE_NAMES, Patch,
    _lookup, apply,
)


def test_every_name_a_patch_needs_is_on_the_installed_textual():
    for patch in PATCHES:
        for path in patch.needs:
            assert _lookup(path) is not None, f"{patch.name} needs {path}"


def test_every_private_name_read_through_an_app_is_on_a_real_app():
    app = App()
    for name in APP_INSTANCE_NAMES:
        assert hasattr(app, name), name
    from textual._context import active_app  # noqa: F401  (running_app reads it)


def test_every_private_name_read_through_an_option_list_is_on_a_real_one():
    from textual.widgets import OptionList
    from textual.widgets.option_list import Option

    option_list = OptionList()
    for name in OPTION_LIST_INSTANCE_NAMES:
        assert hasattr(option_list, name), name
    line_cache = option_list._line_cache
    for name in ("lines", "heights", "index_to_line"):
        assert hasattr(line_cache, name), name
    for name in OPTION_INSTANCE_NAMES:
        assert hasattr(Option("x"), name), name


def test_every_private_name_read_through_a_stylesheet_is_on_a_real_one():
    from textual.css.stylesheet import Stylesheet

    stylesheet = Stylesheet()
    for name in STYLESHEET_INSTANCE_NAMES:
        assert hasattr(stylesheet, name), name


def test_every_patch_is_in_place_on_this_textual():
    assert textual_compat.LEFT_OUT == []
    for patch in PATCHES:
        current = patch.owner.__dict__[patch.attribute]
        assert getattr(getattr(current, "fget", current), "_okrtui_guarded", False), patch.name


def test_a_patch_for_other_versions_is_left_out_with_a_warning(caplog):
    class Owner:
        def method(self) -> str:
            return "textual"

    patch = Patch(Owner, "method", lambda original: lambda self: "patched", ("App.bell",), ((8, 0), (9, 0)))
    with caplog.at_level(logging.WARNING, logger="okrtui.ui.textual_compat"):
        assert apply(patch, version=(9, 1, 0)) is False
    assert Owner().method() == "textual"
    assert "written for Textual 8.0 to below 9.0, this is 9.1.0" in caplog.text
    assert apply(patch, version=(8, 2, 8)) is True
    assert Owner().method() == "patched"
    assert apply(patch, version=(8, 2, 8)) is True  # once only: the patched one is not wrapped again


def test_a_patch_whose_name_is_gone_is_left_out_with_a_warning(caplog):
    class Owner:
        def method(self) -> str:
            return "textual"

    patch = Patch(Owner, "method", lambda original: lambda self: "patched", ("App._no_such_name",))
    with caplog.at_level(logging.WARNING, logger="okrtui.ui.textual_compat"):
        assert apply(patch) is False
    assert Owner().method() == "textual" and "has no App._no_such_name" in caplog.text


async def test_footer_keys_are_translated_when_drawn():
    """A binding written in English at class creation is shown in the language of the moment."""

    class Keys(App[None]):
        tests_do_not_settle = True  # not an OkrApp: no file work to wait for
        BINDINGS = [Binding("q", "quit", i18n._("Quit"), tooltip=i18n._("Help: every key of every mode"))]

    app = Keys()
    try:
        async with app.run_test() as pilot:
            await pilot.pause()
            assert app.screen.active_bindings["q"].binding.description == "Quit"
            i18n.set_language("zh-TW")
            active = app.screen.active_bindings["q"]
            assert active.binding.description == i18n._("Quit") != "Quit"
            assert active.tooltip == i18n._("Help: every key of every mode") != "Help: every key of every mode"
            assert Keys.BINDINGS[0].description == "Quit"  # the class itself is left as written
    finally:
        i18n.set_language("en")
    assert isinstance(Screen.__dict__["active_bindings"], property)


def test_the_textual_version_read_from_its_folder_is_the_installed_one():
    """Read without importlib.metadata before the first frame (issue 21): the same answer."""
    import importlib.metadata

    from okrtui.domain.versions import version_tuple
    from okrtui.ui.textual_version import installed_textual_version

    assert installed_textual_version() == version_tuple(importlib.metadata.version("textual"))
    assert version_tuple("9.0.0rc1") == (9, 0, 0)


async def test_a_key_that_arrives_after_the_last_screen_is_gone_is_dropped():
    """A key queued while the app exits reaches App.on_event with no screen (test_key_bursts'
    palette-pages, once in CI): dropped, not a ScreenStackError; other events still go through."""
    import inspect

    from textual import events
    from textual.app import App, ScreenStackError

    app = App()
    assert not app.screen_stack
    key = events.Key("k", "k")
    textuals_own = inspect.getclosurevars(App.on_event).nonlocals["original"]
    with pytest.raises(ScreenStackError):  # what Textual does with it
        await textuals_own(app, key)
    await App.on_event(app, key)  # patched: nothing for it to reach
    seen: list = []

    async def recording(self, event):
        seen.append(event)

    guarded = textual_compat._guard_late_keys(recording)
    await guarded(app, key)
    resize = events.Resize.from_dimensions((80, 24), None)
    await guarded(app, resize)
    assert seen == [resize]
