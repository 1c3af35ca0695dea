"""The initiatives of one KR (`i` in update mode): the work planned to move it, never scored.

`n` adds one, `space` moves it along (to do → doing → done → to do), `e` or enter edits it,
`d` deletes it (asks first; ctrl+z brings it back), escape closes. Every change is a write
through the app's file worker, logged like any other, so the app's undo reverses it.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import OptionList, Select, Static
from textual.widgets.option_list import Option

from okrtui.domain.initiatives import counts, parse_due_week, status_label
from okrtui.domain.models import INITIATIVE_STATUSES, Initiative, KeyResult
from okrtui.domain.validation import build
from okrtui.ui.app_access import OkrAppAccess, refuse_if_closed
from okrtui.i18n import _
from okrtui.present.initiative_text import counts_text, initiative_line
from okrtui.present.text import truncate
from okrtui.ui.file_work import DataChanged
from okrtui.ui.dialogs.forms import FormScreen, SaveAction, field_input
from okrtui.ui.widgets.keys_footer import KeysFooter

NEXT_STATUS = {"todo": "doing", "doing": "done", "done": "todo"}


class InitiativeForm(FormScreen):
    """New or edit initiative: title, owner, status, due week."""

    def __init__(self, kr: KeyResult, initiative: Initiative | None = None):
        super().__init__()
        self.kr, self.initiative = kr, initiative
        self.heading = (_("Edit initiative T{id}").format(id=initiative.id) if initiative
                        else _("New initiative under #{id} {title}").format(id=kr.id, title=truncate(kr.title, 40)))

    def build_fields(self) -> list[tuple[str, str, Widget]]:
        i = self.initiative
        status = Select([(status_label(s), s) for s in INITIATIVE_STATUSES], allow_blank=False, compact=True,
                        value=i.status if i else "todo")
        return [
            ("title", _("Title"), field_input(i.title if i else "", _("the work planned to move this KR"))),
            ("owner", _("Owner"), field_input(i.owner if i else "")),
            ("status", _("Status"), status),
            ("due", _("Due week"), field_input(i.due or "" if i else "", _("2026-W50, W50 or a day; empty: none"))),
        ]

    def submit(self, values: dict[str, Any]) -> SaveAction:
        today = self.okr_app.clock.today()
        data = {**values, "due": parse_due_week(values.get("due"), today)}
        build(Initiative, {**data, "kr_id": self.kr.id})  # every problem beside its field, before the write
        repo, initiative, kr_id = self.okr_app.repo, self.initiative, self.kr.id

        def save() -> str:
            assert kr_id is not None  # a KR on screen was saved: it has its id
            if initiative and initiative.id is not None:
                saved = repo.update_initiative(initiative.id, **data)
            else:
                saved, _kr = repo.add_initiative(kr_id, data["title"], owner=data["owner"], status=data["status"],
                                                 due=data["due"])
            return f"i{saved.id}"
        return save


class InitiativesScreen(OkrAppAccess, ModalScreen[None]):
    DEFAULT_CSS = """
    InitiativesScreen { align: center middle; }
    InitiativesScreen OptionList, InitiativesScreen OptionList:focus { height: auto; max-height: 16; border: none; }
    InitiativesScreen #initiatives-empty { color: $text-muted; }
    """
    BINDINGS = [
        Binding("n", "new", _("New"), tooltip=_("Add an initiative under this KR")),
        Binding("space", "advance", _("Advance"), tooltip=_("Move it along: to do → doing → done → to do")),
        Binding("e", "edit", _("Edit"), tooltip=_("Edit its title, owner, status or due week")),
        Binding("d", "delete", _("Delete"), tooltip=_("Delete it (asks first; ctrl+z brings it back)")),
        Binding("escape,i", "close", _("Close"), tooltip=_("Back to the key results")),
        # A modal screen hides the app's keys: its undo and redo are offered here too.
        Binding("ctrl+z", "app.undo_change", _("Undo"), tooltip=_("Undo my last change (read from the log)")),
        Binding("ctrl+y", "app.redo_change", _("Redo"), show=False,
                tooltip=_("Redo the change my last undo reversed")),
    ]

    def __init__(self, kr_id: int):
        super().__init__()
        self.kr_id = kr_id

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static("", classes="dialog-title", id="initiatives-title")
            yield OptionList(id="initiatives")
            yield Static("", id="initiatives-empty")
        yield KeysFooter(compact=True)

    def on_mount(self) -> None:
        self.draw()
        self.query_one(OptionList).focus()

    def on_data_changed(self, _message: DataChanged) -> None:
        self.draw()

    @property
    def workspace(self):
        """The quarter's records (a closed quarter's are in the archive: shown, not changed)."""
        return self.app.workspace_for(self.app.quarter)

    @property
    def kr(self) -> KeyResult | None:
        return self.workspace.key_result(self.kr_id)

    def items(self) -> list[Initiative]:
        return self.workspace.initiatives_of(self.kr_id)

    def draw(self, select: str | None = None) -> None:
        kr = self.kr
        if kr is None:  # deleted by someone else meanwhile
            self.dismiss(None)
            return
        items = self.items()
        width = max((self.query_one(OptionList).content_region.width or 100) - 2, 20)
        title = Text(truncate(_("Initiatives of #{id} {title}").format(id=kr.id, title=kr.title), width), style="bold")
        title.append("\n" + counts_text(counts(items)) + " · " + _("they never count in the score"), style="dim")
        self.query_one("#initiatives-title", Static).update(title)
        listing = self.query_one(OptionList)
        keep = select or (listing.highlighted_option.id if listing.highlighted_option else None)
        today = self.okr_app.clock.today()
        listing.set_options(Option(Text(truncate(initiative_line(i, today), width),
                                        style="dim" if i.status == "done" else ""), id=f"i{i.id}") for i in items)
        if keep is not None and any(f"i{i.id}" == keep for i in items):
            listing.highlighted = listing.get_option_index(keep)
        elif items:
            listing.highlighted = 0
        listing.display = bool(items)
        empty = self.query_one("#initiatives-empty", Static)
        empty.display = not items
        empty.update(_("No initiatives yet: press n to add the work planned to move this KR."))

    def selected(self) -> Initiative | None:
        option = self.query_one(OptionList).highlighted_option
        if option is None or not option.id:
            return None
        return self.workspace.initiative(int(option.id[1:]))

    def _refused(self) -> bool:
        return refuse_if_closed(self)

    def _need_selection(self) -> Initiative | None:
        chosen = self.selected()
        if chosen is None:
            self.notify(_("No initiative here yet: press n to add one."), severity="warning")
        return chosen

    def action_new(self) -> None:
        kr = self.kr
        if kr is None or self._refused():
            return
        self.app.push_screen(InitiativeForm(kr), self._after_form)

    def action_edit(self) -> None:
        kr, chosen = self.kr, self._need_selection()
        if kr is None or chosen is None or self._refused():
            return
        self.app.push_screen(InitiativeForm(kr, chosen), self._after_form)

    def _after_form(self, saved: str | None) -> None:
        if saved:
            self.okr_app.reload(done=lambda _none: self.draw(select=saved))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_edit()

    def action_advance(self) -> None:
        chosen = self._need_selection()
        if chosen is None or self._refused():
            return
        status = NEXT_STATUS[chosen.status]
        repo, initiative_id = self.okr_app.repo, chosen.id
        assert initiative_id is not None  # listed: saved

        def moved(updated: Initiative) -> None:
            self.notify(_("T{id} is now {status}.").format(id=updated.id, status=status_label(updated.status)),
                        markup=False, timeout=3)

        self.okr_app.write(lambda: repo.update_initiative(initiative_id, status=status), done=moved)

    def action_delete(self) -> None:
        from okrtui.ui.dialogs.pickers import Confirm

        chosen = self._need_selection()
        if chosen is None or self._refused():
            return
        prompt = Text(_("Delete initiative T{id} '{title}'?").format(id=chosen.id, title=chosen.title) + "\n\n",
                      style="bold")
        prompt.append(_("y / enter: delete   n / escape: keep it   (ctrl+z restores a deletion)"))
        repo, initiative_id = self.okr_app.repo, chosen.id
        assert initiative_id is not None  # listed: saved

        def answer(yes: bool | None) -> None:
            if yes:
                self.okr_app.write(lambda: repo.delete_initiative(initiative_id),
                                       done=lambda gone: self.notify(_("Deleted T{id}. Press ctrl+z to restore it.")
                                                                 .format(id=gone.id), markup=False))

        self.app.push_screen(Confirm(prompt), answer)

    def action_close(self) -> None:
        self.dismiss(None)
