"""Mode 2, update: every KR of the quarter, what needs attention first, and a check-in in seconds.

`enter` opens the check-in panel on the KR under the cursor with the value
selected, so typing the number and `enter` again records it. After `/` and a
filter that leaves one KR, `enter` opens that KR at once. `ctrl+z` undoes
the check-ins made in this session, newest first. Under each KR, its initiatives (the work
planned to move it); `i` opens them to add, advance, edit or delete.
"""

from __future__ import annotations


from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, OptionList, Static

from okrtui.domain.cadence import owed_checkins
from okrtui.domain.models import CheckIn, KeyResult
from okrtui.domain.numbers import format_kr_value, format_percent
from okrtui.i18n import _, ngettext
from okrtui.present.text import truncate
from okrtui.ui.modes.base import COMMON_BINDINGS, ModeScreen, TextFilter
from okrtui.ui.dialogs.checkin_panel import CheckinPanel
from okrtui.ui.widgets.update_list import UpdateList
from okrtui.ui.rows.update import SORTS, MARK, entries_of, filter_entries, sort_entries, sort_label
from okrtui.ui.app_access import refuse_if_closed


class UpdateScreen(ModeScreen):
    MODE = "update"
    DEFAULT_CSS = "#update-summary { height: 1; padding: 0 1; }"
    BINDINGS = [
        Binding("enter", "checkin", _("Check in"), key_display="⏎",
                tooltip=_("Check in the selected KR: type the value, enter saves")),
        Binding("s", "sort", _("Sort"), tooltip=_("Sort by: needs attention, team, owner, status, last check-in")),
        Binding("m", "mine", _("Mine"), tooltip=_("Only my key results (the --owner name, or your user name); again: everyone's")),
        Binding("ctrl+z", "app.undo_change", _("Undo"), tooltip=_("Undo my last change (read from the log)")),
        Binding("g", "chart", _("Chart"), tooltip=_("Chart of the selected KR's values against the expected pace")),
        Binding("i", "initiatives", _("Initiatives"),
                tooltip=_("The selected KR's initiatives: the work planned to move it (add, advance, edit, delete)")),
        *COMMON_BINDINGS,
    ]

    EDIT_ACTIONS = frozenset({"checkin", "undo"})

    def __init__(self) -> None:
        super().__init__()
        self.sort = "attention"
        self.session: list[CheckIn] = []  # check-ins made here, newest last: what ctrl+z takes back

    def compose_body(self) -> ComposeResult:
        yield Static("", id="update-summary")
        yield Static("", id="empty")  # above the list, where toasts do not cover it
        yield UpdateList(id="update")

    @property
    def owner(self) -> str | None:
        """Whose KRs are shown (`m`, shared by every mode; --owner starts it); None: everyone's."""
        return self.okr_app.owner_filter

    @owner.setter
    def owner(self, name: str | None) -> None:
        self.okr_app.owner_filter = name

    # ---- drawing -------------------------------------------------------------

    def me(self) -> str:
        return self.okr_app.me()

    def redraw_body(self) -> None:
        app = self.okr_app
        view = app.view()
        me = self.me()
        # Owed check-ins are today's business: the quarter of today only.
        current = view.quarter.start <= app.clock.today() <= view.quarter.end
        owed = owed_checkins(app.workspace, view) if current else []
        everything = entries_of(view, owed, me)
        shown = sort_entries(filter_entries(everything, app.needle, self.owner), self.sort)
        self.query_one(UpdateList).show(shown, view.expected, view.now)
        who = _("owner: {name}").format(name=self.owner) if self.owner is not None else _("everyone")
        summary = ngettext("{n}/{total} KR · sort: {sort} (s) · {who} (m) · {mark} = expected today {pct}",
                           "{n}/{total} KRs · sort: {sort} (s) · {who} (m) · {mark} = expected today {pct}",
                           len(everything)).format(
            n=len(shown), total=len(everything), sort=sort_label(self.sort), who=who, mark=MARK,
            pct=format_percent(view.expected))
        mine = sum(1 for e in everything if e.mine and e.owed is not None)
        if mine:  # first, so that a narrow terminal cuts the rest
            summary = ngettext("you owe {n} check-in", "you owe {n} check-ins", mine).format(n=mine) + " · " + summary
        self.query_one("#update-summary", Static).update(Text(truncate(summary, max(self.size.width - 2, 10)), style="dim"))
        empty = self.query_one("#empty", Static)
        empty.display = not shown
        listing = self.query_one(UpdateList)
        listing.display = bool(shown)  # so the sentence stands at the top
        if shown and self.focused is None and self.app.screen is self:
            listing.focus()  # it lost the focus while hidden
        if not everything:
            empty.update(Text(_("No key results in {quarter} yet. Press 1 to plan the quarter, "
                                "[ and ] to move between quarters.").format(quarter=view.quarter)))
        elif self.owner is not None and not filter_entries(everything, "", self.owner):
            empty.update(Text(_("No key results owned by {name} in {quarter}. Press m to see everyone's.").format(
                name=self.owner, quarter=view.quarter)))
        elif not shown:
            empty.update(Text(_("Nothing matches '{text}'. Press escape to clear the filter.").format(
                text=app.needle)))

    def jump_to(self, row: str) -> None:
        """A KR picked in the palette: the cursor goes to it here, in update mode; a filter or
        "mine" that hides it is cleared."""
        if not row.startswith("k"):
            return
        updates = self.query_one(UpdateList)
        kr_id = int(row[1:])
        if not updates.select_kr(kr_id) and (self.okr_app.needle or self.owner):
            self.owner = None
            self.okr_app.set_needle("")  # redraws
            updates.select_kr(kr_id)
        updates.focus()

    def focus_body(self) -> None:
        self.query_one(UpdateList).focus()

    # ---- actions ---------------------------------------------------------------

    def action_checkin(self, kr_id: int | None = None) -> None:
        from okrtui.settings.config import identity as current_user

        if refuse_if_closed(self):
            return
        kr_id = kr_id if kr_id is not None else self.query_one(UpdateList).selected_kr
        if kr_id is None:
            self.notify(_("No key result to check in here."), severity="warning")
            return
        self.app.push_screen(CheckinPanel(kr_id, author=current_user(), undo=self.action_undo, origin=self))

    def on_checkin_panel_saved(self, message: CheckinPanel.Saved) -> None:
        """A check-in is in the file (the app has re-read it). The cursor follows it only if the
        panel was still open: a save that landed after the user moved on does not move the cursor."""
        checkin = message.checkin
        self.session.append(checkin)
        if message.follow:
            self.query_one(UpdateList).select_kr(checkin.kr_id)
        kr = self.okr_app.workspace.key_result(checkin.kr_id)
        value = format_kr_value(kr.kind, checkin.value) if kr else str(checkin.value)
        self.notify(_("Saved #{id}: {value}. ctrl+z undoes it.").format(id=checkin.kr_id, value=value), markup=False)

    def action_undo(self) -> None:
        if not self.session:
            self.notify(_("No check-in of this session to undo."), severity="warning")
            return
        checkin = self.session.pop()
        repo = self.okr_app.repo

        def undone(kr: KeyResult) -> None:
            self.notify(_("Undid the check-in of #{id}; it is back at {value}.").format(
                id=kr.id, value=format_kr_value(kr.kind, kr.value)), markup=False)

        self.query_one(UpdateList).select_kr(checkin.kr_id)
        self.okr_app.write(lambda: repo.undo_checkin(checkin.id), done=undone)

    def action_chart(self) -> None:
        from okrtui.ui.dialogs.chart import ChartScreen

        kr_id = self.query_one(UpdateList).selected_kr
        if kr_id is None:
            self.notify(_("No key result to chart here."), severity="warning")
        else:
            self.app.push_screen(ChartScreen(kr_id=kr_id))

    def action_initiatives(self) -> None:
        from okrtui.ui.dialogs.initiatives import InitiativesScreen

        kr_id = self.query_one(UpdateList).selected_kr
        if kr_id is None:
            self.notify(_("No key result here to plan work for."), severity="warning")
        else:
            self.app.push_screen(InitiativesScreen(kr_id))

    def action_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.redraw()
        self.query_one(UpdateList).scroll_to_highlight()

    def action_mine(self) -> None:
        self.okr_app.action_mine()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_checkin()

    @on(TextFilter.Submitted)
    def _one_match_opens(self, event: Input.Submitted) -> None:
        """`/ 直播 enter`: when the filter leaves one KR, enter goes straight to its check-in."""
        entries = self.query_one(UpdateList).entries
        if len(entries) == 1 and event.value.strip():
            event.prevent_default()  # the base handler would only move the focus back to the list
            self.query_one(TextFilter).display = True
            self.focus_body()
            self.action_checkin(entries[0].view.id)

    def palette_actions(self) -> list:
        return [
            (_("Check in"), _("enter · record a value for the selected KR"), self.action_checkin),
            (_("Sort"), _("s · needs attention, team, owner, status, last check-in"), self.action_sort),
            (_("Mine"), _("m · only my key results, or everyone's"), self.action_mine),
            (_("Undo check-in"), _("ctrl+z · take back the last check-in of this session"), self.action_undo),
            (_("Chart"), _("g · the selected KR's values against the expected pace"), self.action_chart),
            (_("Initiatives"), _("i · the work planned under the selected KR: add, advance, edit, delete"),
             self.action_initiatives),
        ]
