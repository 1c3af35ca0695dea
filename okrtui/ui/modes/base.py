"""What every mode screen shares: the header, the text filter, the team filter and the footer."""

from __future__ import annotations

from datetime import date
from typing import ClassVar, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from okrtui.domain.quarter import WEEKS_PER_QUARTER, Quarter, format_quarter
from okrtui.i18n import _
from okrtui.domain.text_rules import cell_width
from okrtui.present.text import truncate
from okrtui.ui.file_work import DataChanged, QuarterChanged
from okrtui.ui.app_access import OkrAppAccess
from okrtui.ui.widgets.keys_footer import KeysFooter


def quarter_phase(quarter: Quarter, today: date) -> str:
    """"week 9 of 13" in the current quarter; otherwise when it ran or runs."""
    if quarter.contains(today):
        return _("week {week} of {weeks}").format(week=quarter.week_of(today), weeks=WEEKS_PER_QUARTER)
    if quarter.end < today:
        return _("ended {day}").format(day=quarter.end.isoformat())
    return _("starts {day}").format(day=quarter.start.isoformat())


class AppHeader(OkrAppAccess, Static):
    DEFAULT_CSS = "AppHeader { height: 1; background: $panel; color: $foreground; }"

    def show(self, mode: str) -> None:
        from okrtui.ui.mode_names import MODE_NAMES, mode_label

        app = self.okr_app
        width = max(self.size.width or self.app.size.width, 20)
        closed = app.quarter_closed()
        # A closed quarter shows final grades, not a week of a pace: say so instead of the week.
        phase = _("closed · final grades") if closed else quarter_phase(app.quarter, app.clock.today())
        state = [format_quarter(app.quarter), phase]
        full = [f" {i}:{mode_label(m)} " for i, m in enumerate(MODE_NAMES, 1)]
        tabs_width = sum(cell_width(t) for t in full)
        needle = app.needle
        team = _("team: {team}").format(team=app.team) if app.team else _("all teams")
        if app.owner_filter:  # `m`: whose objectives and KRs the mode shows
            team = _("{team} · mine: {name}").format(team=team, name=app.owner_filter)
        if needle:
            # The tabs keep their names as long as they can: the filter's text gives way first (down to
            # a few cells and "…"), then "all teams" (the usual state, so saying it is the least news).
            fits = lambda parts: cell_width(" · ".join(parts) + " ") + 1 + tabs_width <= width  # noqa: E731
            if not app.team and not fits([*state, team, _("filter: {text}").format(text=truncate(needle, 4))]):
                team = ""
            parts = [*state, team] if team else state
            room = width - tabs_width - 1 - cell_width(" · ".join([*parts, _("filter: {text}").format(text="")]) + " ")
            state = [*parts, _("filter: {text}").format(text=truncate(needle, max(room, 4)))]
        else:
            state.append(team)
        # Who the change log names for this session's writes (the identity rule): shown when the
        # mode tabs keep their names beside it; the first thing to give way on a narrow terminal.
        me = app.repo.author
        if me and cell_width(" · ".join([*state, me]) + " ") + 1 + tabs_width <= width:
            state.append(me)
        right = " · ".join(state) + " "
        text = Text(no_wrap=True, overflow="crop")
        room = width - cell_width(right) - 1
        # On a narrow terminal the other modes shrink to their number; the current one keeps its name.
        tabs = full if tabs_width <= room else [
            full[i] if m == mode else f" {i + 1} " for i, m in enumerate(MODE_NAMES)
        ]
        for tab, name in zip(tabs, MODE_NAMES):
            text.append(tab, style="bold reverse" if name == mode else "dim")
        gap = width - text.cell_len - cell_width(right)
        text.append(" " * max(gap, 1))
        text.append(truncate(right, max(width - text.cell_len, 0)), style="bold")
        self.update(text)


class FileBanner(Static):
    """Shown while the database file cannot be used (another process wrote a bad one): the
    screen keeps the last good data; the banner goes when the file is good again."""

    DEFAULT_CSS = "FileBanner { height: auto; max-height: 4; background: $error; color: $text; padding: 0 1; }"

    def show_problem(self, problem: str | None) -> None:
        self.display = bool(problem)
        if problem:
            self.update(Text(_("Showing the last good data: {problem}").format(problem=problem)))


class TextFilter(Input):
    """`/`: narrows the list as you type; enter keeps it, escape clears it."""

    BINDINGS = [Binding("escape", "clear", _("Clear filter"))]

    def action_clear(self) -> None:
        self.value = ""
        self.display = False
        cast(ModeScreen, self.screen).focus_body()  # a filter lives on a mode screen


# `m` (mine) in the modes that do not show it in their footer (update does).
MINE_BINDINGS = [Binding("m", "mine", _("Mine"), show=False,
                         tooltip=_("Only my objectives and key results; again: everyone's"))]  # a list: retranslated
# Keys every mode screen has; each screen lists its own keys first so the footer shows those first.
COMMON_BINDINGS = [
    Binding("slash", "filter", _("Filter"), key_display="/", tooltip=_("Filter the list by text")),
    Binding("t", "team", _("Team"), tooltip=_("Show one team, or all teams")),
    Binding("escape", "back", _("Back"), show=False, tooltip=_("Back: clear the filter, close a window")),
]


class ModeScreen(OkrAppAccess, Screen):
    """A mode's base screen. Subclasses compose their body and implement redraw_body/focus_body."""

    MODE = "plan"
    # Actions that change the quarter's objectives, KRs or check-ins: hidden (and not run) while the
    # quarter shown is closed; the header says "closed" and C in planning reopens it.
    EDIT_ACTIONS: frozenset[str] = frozenset()
    AUTO_FOCUS = ""  # (not None: that means the app's "*") focus_body decides; the hidden filter must never take the keys
    BINDINGS: ClassVar[list[BindingType]] = []  # each mode lists its own keys, then COMMON_BINDINGS

    def compose(self) -> ComposeResult:
        yield AppHeader(id="header")
        banner = FileBanner(id="file-problem")
        banner.display = False
        yield banner
        yield from self.compose_body()
        filt = TextFilter(placeholder=_("filter: type part of a title, owner or team"), id="filter", compact=True)
        filt.display = False
        yield filt
        yield KeysFooter(compact=True)

    def compose_body(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self.query_one(TextFilter).display = bool(self.okr_app.needle)
        self.query_one(TextFilter).value = self.okr_app.needle
        self.redraw()
        self.focus_body()

    def on_screen_resume(self) -> None:
        self.redraw()

    def on_data_changed(self, _message: DataChanged) -> None:
        self.redraw()

    def on_quarter_changed(self, _message: QuarterChanged) -> None:
        self.redraw()

    def on_resize(self) -> None:
        self.query_one(AppHeader).show(self.MODE)
        # Below 100 columns the screen's own keys need the room the "^p palette" hint takes.
        self.query_one(Footer).show_command_palette = self.size.width >= 100

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.EDIT_ACTIONS and self.okr_app.quarter_closed():
            return False
        return True

    def redraw(self) -> None:
        if not self.is_mounted:
            return
        if self.EDIT_ACTIONS:
            closed = self.okr_app.quarter_closed()
            if closed != getattr(self, "_closed_shown", False):  # closed, reopened or another quarter
                self._closed_shown = closed
                self.refresh_bindings()  # the footer follows (only on a change: it redraws the footer)
        self.query_one(AppHeader).show(self.MODE)
        self.query_one(FileBanner).show_problem(self.okr_app.file_problem)
        filt = self.query_one(TextFilter)
        if filt.value != self.okr_app.needle:
            filt.value = self.okr_app.needle
            filt.display = bool(self.okr_app.needle)
        self.redraw_body()

    def redraw_body(self) -> None:
        pass

    def jump_to(self, row: str) -> None:
        """Show `row` ("o3", "k7"), chosen in the palette; modes without such rows ignore it."""

    def focus_body(self) -> None:
        self.set_focus(None)

    def action_filter(self) -> None:
        filt = self.query_one(TextFilter)
        filt.display = True
        filt.focus()

    @on(TextFilter.Changed)
    def _filter_changed(self, event: Input.Changed) -> None:
        # Changed messages are queued: keys that arrive in one read (a word typed through an input
        # method, a paste over SSH) queue one per character before the first is handled. Only the
        # newest value counts; answering a stale one set the field back to it, which queued another
        # Changed, and the list flickered between the filters for ever (keys then moved within a
        # list that was rebuilt under them). A value the app already has needs no redraw either.
        if event.value != event.input.value or event.value == self.okr_app.needle:
            return
        self.okr_app.set_needle(event.value)

    @on(TextFilter.Submitted)
    def _filter_done(self, event: Input.Submitted) -> None:
        self.query_one(TextFilter).display = bool(event.value)
        self.focus_body()

    def action_back(self) -> None:
        if self.okr_app.needle:
            self.query_one(TextFilter).action_clear()

    def action_mine(self) -> None:
        """`m` in every mode: only my objectives and KRs, or everyone's again."""
        self.okr_app.action_mine()

    def action_team(self) -> None:
        from okrtui.ui.dialogs.pickers import TeamPicker

        teams = self.okr_app.workspace.teams()
        self.okr_app.push_screen(TeamPicker(teams, self.okr_app.team), self.okr_app.set_team)
