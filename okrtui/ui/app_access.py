"""The running OkrApp, typed, for every screen and widget of the app.

Textual types `self.app` as a plain App; okrtui's screens read its shared state (the workspace,
the quarter, the clock, the repository). `self.okr_app` says once which app that is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.dom import DOMNode

from okrtui.i18n import _

if TYPE_CHECKING:
    from textual.screen import Screen

    from okrtui.ui.app import OkrApp


def okr_app_of(node: object) -> OkrApp:
    """The OkrApp a screen or widget belongs to (for functions handed a screen)."""
    return cast("OkrApp", cast(DOMNode, node).app)


def refuse_if_closed(screen: Screen) -> bool:
    """True (and a sentence) when the app's quarter is closed: its objectives are read-only. What every
    editing key asks first; here, beside okr_app_of, so that asking does not import the close form."""
    app = okr_app_of(screen)
    if not app.quarter_closed():
        return False
    screen.notify(_("{quarter} is closed and read-only. To change it, reopen it: C, or ctrl+p → Reopen quarter.")
                  .format(quarter=app.quarter), severity="warning", markup=False)
    return True


class OkrAppAccess:
    """Mixed into okrtui's screens and widgets (before the Textual class)."""

    @property
    def okr_app(self) -> OkrApp:
        return cast("OkrApp", cast(DOMNode, self).app)


if TYPE_CHECKING:
    from textual.app import App

    from okrtui.domain.clock import Clock
    from okrtui.domain.workspace import Workspace
    from okrtui.storage.repository import Repository

    class AppMixinBase(App[None]):
        """What the App mixins (file work, read-only guards, screenshots) use of the OkrApp they
        are mixed into; a type checker's view only."""

        repo: Repository
        workspace: Workspace
        file_problem: str | None

        @property
        def clock(self) -> Clock: ...

        def redraw(self) -> None: ...
else:
    AppMixinBase = object
