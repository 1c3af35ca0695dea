"""Switching the interface language while the app runs (command palette).

Text is translated when it is drawn, so a redraw shows the new language. Key bindings too: their
descriptions were written at class creation, in the language of that moment, and are looked up
again each time the footer or the help draws them (textual_compat translates
Screen.active_bindings; the help screen calls okrtui.i18n.retranslate).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from okrtui.i18n import _, current_language, retranslate, set_language
from okrtui.ui.textual_compat import all_screens

if TYPE_CHECKING:
    from okrtui.ui.app import OkrApp

# Each language named in its own script: whoever cannot read the current one still finds theirs.
LANGUAGE_NAMES = {"en": "English", "zh-TW": "繁體中文"}


def switch_language(app: OkrApp, language: str, remember: bool = True) -> None:
    """Show the app in `language` now; remembered in config.toml (as a theme picked here is)."""
    from okrtui.settings.config import save_setting
    from okrtui.ui.modes.base import ModeScreen, TextFilter

    if language == current_language():
        return
    set_language(language)
    for screen in all_screens(app):
        if isinstance(screen, ModeScreen) and screen.is_mounted:
            for filt in screen.query(TextFilter):
                filt.placeholder = retranslate(filt.placeholder) or ""
        if screen.is_mounted:
            screen.refresh_bindings()  # the footer draws its keys again, in the new language
    app.redraw()
    app.refresh_bindings()
    if remember and not app.read_only:  # a served screen writes no config
        try:
            save_setting("language", language)
        except (OSError, ValueError) as error:
            app.notify(_("the language was not remembered: {problem}").format(problem=error),
                       severity="warning", markup=False)
            return
    app.notify(_("Language: {name}").format(name=LANGUAGE_NAMES[language]), markup=False)
