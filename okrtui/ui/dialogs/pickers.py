"""Small modal choices: a team filter, the workspace's time zone and a yes/no confirmation."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from okrtui.domain.clock import is_zone_name
from okrtui.i18n import _
from okrtui.ui.widgets.keys_footer import KeysFooter


class TeamPicker(ModalScreen[str | None]):
    """Pick one team, or all teams. Escape keeps the filter as it was."""

    BINDINGS = [Binding("escape", "cancel", _("Cancel"))]

    def __init__(self, teams: list[str], current: str | None):
        super().__init__()
        self.teams, self.current = teams, current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(_("Show which team?"), classes="dialog-title")
            options = [Option(_("All teams"), id="*")]
            options += [Option(Text(team), id=f"={team}") for team in self.teams]
            yield OptionList(*options, id="teams")
        yield KeysFooter(compact=True)

    def on_mount(self) -> None:
        found = self.query(OptionList)
        if not found:  # opened while the app was already quitting (t right after q)
            return
        picker = found.first()
        if self.current in self.teams:
            picker.highlighted = self.teams.index(self.current) + 1
        picker.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or "*"
        self.dismiss(None if option_id == "*" else option_id[1:])

    def action_cancel(self) -> None:
        self.dismiss(self.current)


class Confirm(ModalScreen[bool]):
    """Ask before something destructive: `y` or enter goes ahead, `n` or escape does not."""

    BINDINGS = [
        Binding("y,enter", "answer(True)", _("Yes")),
        Binding("n,escape", "answer(False)", _("No")),
    ]

    def __init__(self, question: Text):
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, id="question")
        yield KeysFooter(compact=True)

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class ZonePicker(ModalScreen[str | None]):
    """Type the workspace's time zone (IANA name, completed as you type); enter saves, escape keeps it."""

    BINDINGS = [Binding("escape", "cancel", _("Cancel"))]

    def __init__(self, current: str):
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        from zoneinfo import available_timezones

        with Vertical(classes="dialog"):
            yield Static(_("Time zone of this workspace: the calendar (today, weeks, quarters) everyone "
                           "sharing the database sees"), classes="dialog-title")
            yield Input(self.current, id="zone", placeholder="Asia/Taipei",
                        suggester=SuggestFromList(sorted(available_timezones() | {"UTC"}), case_sensitive=False))
            yield Static("", id="zone-error", markup=False)
        yield KeysFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        name = event.value.strip()
        if is_zone_name(name):
            self.dismiss(name)
            return
        self.query_one("#zone-error", Static).update(
            _("'{name}' is not a time zone; write it like Asia/Taipei or Europe/Berlin").format(name=name))

    def action_cancel(self) -> None:
        self.dismiss(None)
