"""Modes that arrive with later issues: the mechanism (switching, header, footer) is real."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Center, Middle
from textual.widgets import Static

from okrtui.i18n import _
from okrtui.ui.screens.base import COMMON_BINDINGS, ModeScreen


def later_sentence(mode: str) -> str:
    return {
        "update": _("Update mode (recording KR check-ins) arrives in a later version of okrtui. "
                    "Until then, record a check-in with: okrtui checkin KR VALUE"),
        "compare": _("Compare mode (OKRs next to KPIs) arrives in a later version of okrtui. "
                     "Until then, 'okrtui list' shows both."),
        "standup": _("Standup mode (the live team screen) arrives in a later version of okrtui. "
                     "Until then, press 1 for the planning screen."),
    }[mode]


class LaterScreen(ModeScreen):
    BINDINGS = COMMON_BINDINGS

    def __init__(self, mode: str):
        self.MODE = mode
        super().__init__(name=mode)

    def compose_body(self) -> ComposeResult:
        with Middle(id="later"):
            with Center():
                yield Static(later_sentence(self.MODE), id="later-text", markup=False)
