"""Switching the interface language while the app runs (command palette).

Most text is translated when it is drawn, so a redraw shows the new language. Key bindings are
not: Textual keeps their descriptions (footer, help) from class creation, so they are rebuilt
here from their English sources (okrtui.i18n.retranslate).
"""

from __future__ import annotations

import dataclasses
import sys

from textual.app import App
from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode

from okrtui.i18n import _, current_language, retranslate, set_language

# Each language named in its own script: whoever cannot read the current one still finds theirs.
LANGUAGE_NAMES = {"en": "English", "zh-TW": "繁體中文"}


def _retranslated(binding: Binding) -> Binding:
    return dataclasses.replace(binding, description=retranslate(binding.description) or "",
                               tooltip=retranslate(binding.tooltip) or "")


def _retranslate_map(bindings: BindingsMap) -> None:
    for key, items in bindings.key_to_bindings.items():
        bindings.key_to_bindings[key] = [_retranslated(b) for b in items]


def _node_classes(cls: type = DOMNode) -> list[type]:
    out = []
    for sub in cls.__subclasses__():
        out += [sub, *_node_classes(sub)]
    return out


def retranslate_bindings(app: App) -> None:
    """Every binding of every class and every live node, in the current language."""
    for cls in dict.fromkeys(_node_classes()):
        own = cls.__dict__.get("BINDINGS")
        if own:
            cls.BINDINGS = [_retranslated(b) if isinstance(b, Binding) else b for b in own]
        if cls.__dict__.get("_merged_bindings") is not None:
            cls._merged_bindings = cls._merge_bindings()
    for module in [m for name, m in sys.modules.items() if name.startswith("okrtui.ui")]:
        for value in vars(module).values():  # shared lists such as base.COMMON_BINDINGS, read by the help
            if isinstance(value, list) and value and all(isinstance(b, Binding) for b in value):
                value[:] = [_retranslated(b) for b in value]
    _retranslate_map(app._bindings)
    for screen in all_screens(app):
        for node in [screen, *screen.walk_children(with_self=False)]:
            _retranslate_map(node._bindings)


def all_screens(app: App) -> list:
    stacks = getattr(app, "_screen_stacks", {}) or {"": app.screen_stack}
    return [screen for stack in stacks.values() for screen in stack]


def switch_language(app: App, language: str, remember: bool = True) -> None:
    """Show the app in `language` now; remembered in config.toml (as a theme picked here is)."""
    from okrtui.settings.config import save_setting
    from okrtui.ui.modes.base import ModeScreen, TextFilter

    if language == current_language():
        return
    set_language(language)
    retranslate_bindings(app)
    for screen in all_screens(app):
        if isinstance(screen, ModeScreen) and screen.is_mounted:
            for filt in screen.query(TextFilter):
                filt.placeholder = retranslate(filt.placeholder) or ""
            screen.refresh_bindings()
    app.redraw()  # type: ignore[attr-defined]
    app.refresh_bindings()
    if remember and not getattr(app, "read_only", False):  # a served screen writes no config
        try:
            save_setting("language", language)
        except (OSError, ValueError) as error:
            app.notify(_("the language was not remembered: {problem}").format(problem=error),
                       severity="warning", markup=False)
            return
    app.notify(_("Language: {name}").format(name=LANGUAGE_NAMES[language]), markup=False)
