"""The running OkrApp, typed, for every screen and widget of the app.

Textual types `self.app` as a plain App; okrtui's screens read its shared state (the workspace,
the quarter, the clock, the repository). `self.okr_app` says once which app that is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.dom import DOMNode

if TYPE_CHECKING:
    from okrtui.ui.app import OkrApp


def okr_app_of(node: object) -> OkrApp:
    """The OkrApp a screen or widget belongs to (for functions handed a screen)."""
    return cast("OkrApp", cast(DOMNode, node).app)


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
