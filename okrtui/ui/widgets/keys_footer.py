"""The footer of every okrtui screen: Textual's Footer, rebuilt only when the keys it shows change.

Textual's Footer removes and re-mounts one widget per key each time its screen says its bindings
may have changed: on every focus change, on a screen's resume, on each refresh of the bindings. A
mode screen shows a dozen keys, and a new one heard that signal twice before its first frame: the
second rebuild (~10 ms on the demo, issue 21) drew exactly what the first had. Here a rebuild that
would compose the same keys, labels, states and tooltips as the footer already shows is skipped;
anything that changes one of them (a closed quarter hiding the edit keys, another language, a
narrower terminal dropping the palette key) rebuilds it as before.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import Footer


class KeysFooter(Footer):
    """A Footer that skips a rebuild showing the same keys."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._composed_for: tuple | None = None

    def shown_keys(self) -> tuple:
        """Everything Footer.compose reads to build its keys, as a comparable value."""
        app = self.app
        return (
            self.show_command_palette, self.combine_groups, app.ENABLE_COMMAND_PALETTE, app.COMMAND_PALETTE_BINDING,
            tuple((binding, app.get_key_display(binding), enabled, tooltip)
                  for (_node, binding, enabled, tooltip) in self.screen.active_bindings.values()),
        )

    async def recompose(self) -> None:
        if not self.is_attached:
            return
        shown = self.shown_keys()
        if shown == self._composed_for and self.children:
            return
        await super().recompose()
        # Only a footer that composed keys counts as built (before the first bindings signal it composes none).
        self._composed_for = shown if self.children else None
