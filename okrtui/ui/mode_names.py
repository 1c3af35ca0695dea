"""The four modes' names and labels: the app, its header and the command palette all list them."""

from __future__ import annotations

from okrtui.i18n import _

MODE_NAMES = ("plan", "update", "compare", "standup")


def mode_label(mode: str) -> str:
    return {"plan": _("Plan"), "update": _("Update"), "compare": _("Compare"), "standup": _("Standup")}[mode]
