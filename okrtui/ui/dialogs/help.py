"""`?`: every key of every mode, read from the bindings themselves so the list cannot drift."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from okrtui.i18n import _, retranslate
from okrtui.ui.widgets.keys_footer import KeysFooter


def _keys(bindings: list, app) -> list[tuple[str, str]]:
    rows = []
    for binding in bindings:
        if isinstance(binding, Binding):
            key = binding.key_display or ", ".join(app.get_key_display(Binding(k, "")) for k in binding.key.split(","))
            # Written in the language of the moment the class was made: looked up again in today's.
            rows.append((key, retranslate(binding.tooltip or binding.description) or binding.action))
    return rows


def help_sections(app) -> list[tuple[str, list[tuple[str, str]]]]:
    from okrtui.ui.modes.base import COMMON_BINDINGS, MINE_BINDINGS
    from okrtui.ui.modes.compare import CompareScreen
    from okrtui.ui.dialogs.detail import DetailScreen
    from okrtui.ui.dialogs.forms import FormScreen
    from okrtui.ui.modes.plan import PlanScreen
    from okrtui.ui.modes.standup import StandupScreen
    from okrtui.ui.modes.update import UpdateScreen
    from okrtui.ui.widgets.checkin_fields import ConfidenceField, MilestoneField
    from okrtui.ui.dialogs.checkin_panel import CheckinPanel

    def own(screen) -> list[tuple[str, str]]:
        mine = {(b.key, b.action) for b in MINE_BINDINGS}  # said once, under every mode
        return _keys([b for b in screen.BINDINGS if b not in COMMON_BINDINGS and (b.key, b.action) not in mine], app)

    everywhere = _keys(type(app).BINDINGS, app) + _keys(COMMON_BINDINGS, app) + _keys(MINE_BINDINGS, app)
    # The tree's keys in one row (their bindings are PlanTree's: space, left, right).
    tree = [("space ← →", _("Alignment tree: fold or unfold a node; ← on a leaf or a folded node goes to its parent"))]
    moves = [("↑ ↓ pgup pgdn", _("Move the cursor"))]
    forms = [("tab / shift+tab", _("Next / previous field")), ("enter", _("Next field; saves on the last field"))]
    forms += _keys(FormScreen.BINDINGS, app)
    checkin = [("tab / shift+tab", _("Value, confidence, note"))]
    checkin += _keys(CheckinPanel.BINDINGS, app) + _keys(ConfidenceField.BINDINGS, app)
    checkin += _keys(MilestoneField.BINDINGS, app)
    return [
        (_("Every mode (dialogs and forms take only their own keys)"), everywhere),
        (_("1 Plan (quarterly planning)"), own(PlanScreen) + tree + moves),
        (_("Forms"), forms),
        (_("2 Update (KR check-ins)"), own(UpdateScreen) + moves),
        (_("Check-in panel"), checkin),
        (_("3 Compare (OKR vs KPI)"), own(CompareScreen) + moves),
        (_("4 Standup"), own(StandupScreen)),
        (_("Details (enter in planning, ctrl+o in the check-in panel)"),
         [("tab / shift+tab", _("Check-ins, comments, the text above"))] + _keys(DetailScreen.BINDINGS, app)),
    ]


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "close", _("Close"))]

    def compose(self) -> ComposeResult:
        parts: list = []
        for title, rows in help_sections(self.app):
            parts.append(Text(title, style="bold underline"))
            # A table so that a long description wraps under itself, not under the keys.
            table = Table(box=None, show_header=False, padding=(0, 1), pad_edge=True)
            table.add_column(style="bold", no_wrap=True, min_width=16)
            table.add_column()
            for key, description in rows:
                table.add_row(Text(key), Text(description))
            parts += [table, Text("")]
        with VerticalScroll(classes="dialog wide", id="help"):
            yield Static(Group(*parts), id="help-text")
        yield KeysFooter(compact=True)

    def action_close(self) -> None:
        self.dismiss(None)
