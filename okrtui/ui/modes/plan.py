"""Mode 1, planning: the quarter's objectives by team with their KRs, and the keys that shape them."""

from __future__ import annotations

from typing import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import OptionList, Static

from okrtui.domain.models import KeyResult, Objective
from okrtui.domain.quarter import format_quarter
from okrtui.i18n import _, ngettext
from okrtui.storage.records import Deleted
from okrtui.ui.app_access import refuse_if_closed
from okrtui.ui.modes.base import COMMON_BINDINGS, ModeScreen
from okrtui.ui.textual_compat import terminal_driver
from okrtui.ui.modes.base import MINE_BINDINGS
from okrtui.domain.tree import alignment_tree, path_to
from okrtui.present.text import truncate
from okrtui.ui.widgets.plan_list import PlanList, filter_view
from okrtui.ui.widgets.plan_tree import ROLLED_UP, PlanTree


class PlanScreen(ModeScreen):
    MODE = "plan"
    BINDINGS = [
        Binding("n", "new_objective", _("New"), tooltip=_("New objective in this quarter")),
        Binding("a", "add_kr", _("+KR"), tooltip=_("Add a key result to the selected objective")),
        Binding("e", "edit", _("Edit"), tooltip=_("Edit the selected objective or key result")),
        Binding("d", "delete", _("Delete"), tooltip=_("Delete the selected objective or key result (asks first)")),
        Binding("E", "edit_as_text", _("Edit as text"), key_display="E", show=False,
                tooltip=_("Edit the quarter (the team shown) as text in $VISUAL or $EDITOR, like okrtui edit; "
                          "only in a terminal")),
        Binding("ctrl+z", "app.undo_change", _("Undo"), tooltip=_("Undo my last change (read from the log)")),
        # Quarter-end keys stay out of the footer so that ? Help and q Quit fit at 80 columns;
        # ? and the palette list them.
        Binding("c", "carry", _("Carry"), show=False, tooltip=_("Carry the selected objective into the next quarter; "
                                                    "its KRs start at their latest values")),
        Binding("g", "chart", _("Chart"), tooltip=_("Chart of the selected KR's values against the expected pace, "
                                                    "or of the objective's progress")),
        Binding("C", "close_quarter", _("Close Q"), key_display="C", show=False,
                tooltip=_("Close the quarter: grade, decide, reflect; a closed quarter is reopened here")),
        Binding("enter", "open", _("Details"), show=False,
                tooltip=_("Open the detail panel: KRs, comments, history, coach; on a KR, its check-ins")),
        Binding("v", "toggle_tree", _("Tree"), tooltip=_("Switch between the list and the alignment tree "
                                                        "(company → team → person)")),
        *MINE_BINDINGS,
        *COMMON_BINDINGS,
    ]

    EDIT_ACTIONS = frozenset({"new_objective", "add_kr", "edit", "delete", "restore", "carry", "edit_as_text"})

    def __init__(self) -> None:
        super().__init__()
        self._cursors: dict[str, str | None] = {}
        self._quarter_shown: str | None = None
        self.tree_shown = False  # `v`: the alignment tree instead of the list

    def compose_body(self) -> ComposeResult:
        # The hint goes above the (empty) list: at the bottom, toasts (the welcome's "Created …") cover it.
        yield Static("", id="empty")
        legend = Static("", id="tree-legend")
        legend.display = False
        yield legend
        yield PlanList(id="plan")
        tree = PlanTree(id="tree")
        tree.display = False
        yield tree

    def rows(self) -> PlanList | PlanTree:
        """The list or the tree, whichever is shown: both name rows "o3" and "k7"."""
        return self.query_one(PlanTree) if self.tree_shown else self.query_one(PlanList)

    def redraw_body(self) -> None:
        app = self.okr_app
        view = app.view()
        shown = filter_view(view, app.needle, app.owner_filter)
        titles = {o.id: o.title for o in app.workspace.objectives}
        plan = self.rows()
        # Each quarter keeps its own cursor, so `]` then `[` comes back to the same row.
        quarter = str(view.quarter)
        moved = quarter != self._quarter_shown
        if moved and self._quarter_shown is not None:
            self._cursors[self._quarter_shown] = plan.selected
        self.query_one(PlanList).display = not self.tree_shown
        self.query_one(PlanTree).display = self.tree_shown
        legend = self.query_one("#tree-legend", Static)
        legend.display = self.tree_shown and bool(shown)
        if self.tree_shown:
            legend.update(Text(truncate(_("Alignment tree · space: fold · v: list · {mark}: KR measured by aligned "
                                          "objectives").format(mark=ROLLED_UP),
                                        max(self.size.width - 2, 10)), style="dim"))
            self.query_one(PlanTree).show(alignment_tree(view, {s.objective.id for s in shown}))
        else:
            kr_titles = {k.id: k.title for k in app.workspace.key_results}
            self.query_one(PlanList).show(shown, titles, kr_titles)
        if moved:
            self._quarter_shown = quarter
            plan.select_id(self._cursors.get(quarter))
        empty = self.query_one("#empty", Static)
        empty.display = not shown
        if not view.objectives:
            empty.update(Text(_("No objectives in {quarter} yet. Press n to write the first one, "
                                "[ and ] to move between quarters.").format(quarter=view.quarter)))
        elif not shown and not app.needle and app.owner_filter:
            empty.update(Text(_("Nothing in {quarter} is owned by {name}. Press m to see everyone's.").format(
                quarter=view.quarter, name=app.owner_filter)))
        elif not shown:
            empty.update(Text(_("Nothing matches '{text}'. Press escape to clear the filter.").format(
                text=app.needle)))

    def focus_body(self) -> None:
        self.rows().focus()

    def action_toggle_tree(self) -> None:
        keep = self.rows().selected
        self.tree_shown = not self.tree_shown
        self.redraw()
        if self.tree_shown:
            self.query_one(PlanTree).reveal(keep)
        else:
            self.query_one(PlanList).select_id(keep)
        self.focus_body()

    # ---- what the cursor is on --------------------------------------------

    def selected(self) -> tuple[Objective | None, KeyResult | None]:
        ws = self.okr_app.workspace
        row = self.rows().selected or ""
        if row.startswith("k"):
            kr = ws.key_result(int(row[1:]))
            return (ws.objective(kr.objective_id) if kr else None), kr
        if row.startswith("o"):
            return ws.objective(int(row[1:])), None
        return None, None

    def _need_objective(self) -> Objective | None:
        objective, _kr = self.selected()
        if objective is None:
            self.notify(_("Select an objective first (press n to create one)."), severity="warning")
        return objective

    def _after_form(self, saved: str | None) -> None:
        if saved:
            self.okr_app.reload(done=lambda _none: self._select(saved))

    # ---- actions ------------------------------------------------------------

    def action_new_objective(self) -> None:
        from okrtui.ui.dialogs.forms import ObjectiveForm

        if refuse_if_closed(self):
            return

        objective, _kr = self.selected()
        team = self.okr_app.team or (objective.team if objective else None)
        self.okr_app.push_screen(ObjectiveForm(str(self.okr_app.quarter), team=team), self._after_form)

    def action_add_kr(self) -> None:
        from okrtui.ui.dialogs.kr_form import KeyResultForm

        if not refuse_if_closed(self) and (objective := self._need_objective()):
            self.app.push_screen(KeyResultForm(objective), self._after_form)

    def action_edit(self) -> None:
        from okrtui.ui.dialogs.forms import ObjectiveForm
        from okrtui.ui.dialogs.kr_form import KeyResultForm

        if refuse_if_closed(self):
            return
        objective, kr = self.selected()
        if kr is not None and objective is not None:
            self.app.push_screen(KeyResultForm(objective, kr), self._after_form)
        elif objective := self._need_objective():
            self.app.push_screen(ObjectiveForm(objective.quarter, objective), self._after_form)

    def can_suspend(self) -> bool:
        """`E` is offered only where the app can give the terminal to an editor: not in a browser
        (serve), not read-only (the editor would run on the server), not headless."""
        driver = terminal_driver(self.app)
        return bool(driver is not None and driver.can_suspend and not driver.is_web
                    and not self.okr_app.read_only)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "edit_as_text" and not self.can_suspend():
            return False
        return super().check_action(action, parameters)

    def action_edit_as_text(self) -> None:
        """`okrtui edit` for the quarter and team shown, with the app suspended; back to the plan after."""
        import click
        from textual.app import SuspendNotSupported

        from okrtui.present.errors import UserError
        from okrtui.present.plan_edit import check_editable, first_edited_row, run_edit
        from okrtui.storage.errors import DatabaseError

        if refuse_if_closed(self) or not self.can_suspend():
            return
        app = self.okr_app
        try:
            check_editable(app.workspace, app.quarter, app.team)
            with app.suspend():
                changes = None
                try:
                    said, changes = run_edit(app.repo, app.quarter, app.team, yes=False, interactive=True)
                    severity = "information"
                except click.Abort:
                    said, severity = _("Nothing was written."), "warning"
                except (UserError, DatabaseError) as error:
                    said, severity = str(error), "error"
        except UserError as error:
            self.notify(str(error), severity="warning", markup=False)
            return
        except SuspendNotSupported as error:
            self.notify(str(error), severity="warning", markup=False)
            return
        def reloaded(_none: object) -> None:  # the reload runs in the file worker: then the edited rows exist
            row = first_edited_row(changes, app.workspace) if changes is not None else None
            if row is not None:
                self.jump_to(row)  # the edit in view, even below the fold
            self.notify(said, severity=severity, markup=False, timeout=8)

        app.reload(done=reloaded)

    def action_delete(self) -> None:
        from okrtui.ui.dialogs.pickers import Confirm

        if refuse_if_closed(self):
            return
        objective, kr = self.selected()
        if objective is None:
            self._need_objective()
            return
        repo = self.okr_app.repo
        ws = self.okr_app.workspace
        if kr is not None:
            what = _("key result #{id} '{title}'").format(id=kr.id, title=kr.title)
            question = ngettext("Delete {what} and its {n} check-in?", "Delete {what} and its {n} check-ins?",
                                len(ws.checkins_of(kr.id))).format(what=what, n=len(ws.checkins_of(kr.id)))
            run: Callable = lambda: repo.delete_key_result(kr.id)  # noqa: E731
        else:
            what = _("objective O{id} '{title}'").format(id=objective.id, title=objective.title)
            question = ngettext("Delete {what} with its {n} key result and its check-ins?",
                                "Delete {what} with its {n} key results and their check-ins?",
                                len(ws.krs_of(objective.id))).format(
                what=what, n=len(ws.krs_of(objective.id)))
            run = lambda: repo.delete_objective(objective.id)  # noqa: E731
        prompt = Text(question + "\n\n", style="bold")
        prompt.append(_("y / enter: delete   n / escape: keep it   (ctrl+z restores a deletion)"))

        def answer(yes: bool | None) -> None:
            if not yes:
                return
            def deleted(gone: Deleted) -> None:
                self.okr_app.deleted.append((gone, what))
                self.notify(_("Deleted {what}. Press ctrl+z to restore it.").format(what=what), markup=False)

            self.okr_app.write(run, done=deleted)

        self.app.push_screen(Confirm(prompt), answer)

    def action_restore(self) -> None:
        deleted = self.okr_app.deleted
        if not deleted:
            self.notify(_("Nothing to restore."), severity="warning")
            return
        gone, what = deleted.pop()
        repo = self.okr_app.repo
        row = f"o{gone.records.objectives[0].id}" if gone.records.objectives else f"k{gone.records.key_results[0].id}"

        def restored(_none: None) -> None:
            self._select(row)
            self.notify(_("Restored {what}.").format(what=what), markup=False)

        self.okr_app.write(lambda: repo.restore(gone), done=restored)

    def action_carry(self) -> None:
        from okrtui.domain.validation import InvalidInput
        from okrtui.storage.carry import carry_forward

        objective = self._need_objective()
        if objective is None:
            return
        repo = self.okr_app.repo

        def carried(new: Objective) -> None:
            self.notify(_("Carried O{old} into {quarter} as O{new}; its KRs start at their latest values. "
                          "Press ] to see it.").format(old=objective.id, quarter=format_quarter(new.quarter), new=new.id),
                        markup=False, timeout=6)

        def refused(error: Exception) -> None:
            self.notify(str(error), severity="warning" if isinstance(error, InvalidInput) else "error", markup=False)

        self.okr_app.write(lambda: carry_forward(repo, objective.id), done=carried, failed=refused)

    def action_open(self) -> None:
        from okrtui.ui.dialogs.detail import DetailScreen

        objective, kr = self.selected()
        if objective is not None:  # a KR row opens that KR's own detail: its check-ins, comments, history
            self.app.push_screen(DetailScreen(objective.id, kr.id if kr is not None else None))

    def action_chart(self) -> None:
        from okrtui.ui.dialogs.chart import ChartScreen

        row = self.rows().selected or ""
        if row[:1] in ("k", "o"):
            self.app.push_screen(ChartScreen(**{"kr_id" if row[0] == "k" else "objective_id": int(row[1:])}))
        else:
            self.notify(_("Select a key result or an objective to chart."), severity="warning")

    def action_close_quarter(self) -> None:
        from okrtui.ui.dialogs.close import close_or_reopen

        close_or_reopen(self)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open()

    def _select(self, row: str | None) -> bool:
        """The cursor on a row of the list, or of the tree (unfolding what hides it)."""
        return self.query_one(PlanTree).reveal(row) if self.tree_shown else self.query_one(PlanList).select_id(row)

    def jump_to(self, row: str) -> None:
        """Put the cursor on an item (from the palette); the filters are cleared if they hide it. In the
        tree, a KR that is not a node (no objective aligns to it) is found in the list."""
        if self.tree_shown and row.startswith("k") and not path_to(self.query_one(PlanTree).nodes, row):
            kr = self.okr_app.workspace.key_result(int(row[1:]))
            row = f"o{kr.objective_id}" if kr is not None else row
        if not self._select(row) and (self.okr_app.needle or self.okr_app.owner_filter):
            self.okr_app.owner_filter = None
            self.okr_app.set_needle("")
            self._select(row)
        self.rows().focus()

    def _quarter_closed(self) -> bool:
        from okrtui.domain.grading import is_closed

        return is_closed(self.okr_app.workspace_for(self.okr_app.quarter), self.okr_app.quarter)

    def palette_actions(self) -> list[tuple[str, str, Callable[[], None]]]:
        return [
            (_("New objective"), _("n · write a new objective in this quarter"), self.action_new_objective),
            (_("Add key result"), _("a · add a KR to the selected objective"), self.action_add_kr),
            (_("Edit"), _("e · edit the selected objective or KR"), self.action_edit),
            (_("Delete"), _("d · delete the selected objective or KR (asks first)"), self.action_delete),
            *([(_("Edit as text"), _("E · the quarter as text in your editor, like okrtui edit"), self.action_edit_as_text)]
              if self.can_suspend() and not self._quarter_closed() else []),
            (_("Restore deleted"), _("ctrl+z · put back the last deletion"), self.action_restore),
            (_("Carry forward"), _("c · copy the selected objective into the next quarter"), self.action_carry),
            (_("Details"), _("enter · description, KRs, history and coach findings"), self.action_open),
            (_("Chart"), _("g · values against the expected pace, or the objective's progress"), self.action_chart),
            (_("Alignment tree") if not self.tree_shown else _("Plan list"),
             _("v · company → team → person with roll-up bars, or back to the list"), self.action_toggle_tree),
            (_("Close quarter") if not self._quarter_closed() else _("Reopen quarter"),
             _("C · grade, decide and reflect; a closed quarter is read-only until reopened"), self.action_close_quarter),
        ]
