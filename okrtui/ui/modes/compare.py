"""Mode 3, compare: the same numbers judged as OKRs and as KPIs, the KPIs themselves, and the contrast.

Top: one sentence per lens for the quarter (or the team picked with `t`). Below:
every KR graded by achievement rate next to its hit/miss as a KPI, by team, then
the KPIs with their trend. `c` swaps the list for the guide's OKR-vs-KPI table.
KPIs are kept here: add, edit, delete (restorable), readings, and promotion into a KR.
"""

from __future__ import annotations

from typing import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import OptionList, Static

from okrtui.domain.kr_rules import effective_owner
from okrtui.domain.kpi_feed import krs_to_feed
from okrtui.domain.lens import kpi_fields_from_kr, kpis_in_disguise, kpi_sentence, lens_report, okr_sentence
from okrtui.domain.models import KPI, KeyResult
from okrtui.domain.validation import InvalidInput
from okrtui.i18n import _, ngettext
from okrtui.storage.records import Deleted
from okrtui.ui.modes.base import COMMON_BINDINGS, ModeScreen
from okrtui.domain.levels import same_person
from okrtui.ui.modes.base import MINE_BINDINGS
from okrtui.ui.widgets.compare_list import CompareList, Compared, matches
from okrtui.ui.widgets.contrast_panel import ContrastPanel
from okrtui.ui.rows.shared import GRADE_STYLE


class CompareScreen(ModeScreen):
    MODE = "compare"
    EDIT_ACTIONS = frozenset({"promote"})  # a KPI promoted becomes a KR of the quarter shown
    DEFAULT_CSS = "CompareScreen #lens-summary { height: auto; padding: 0 2; margin-bottom: 1; }"
    BINDINGS = [
        Binding("n", "new_kpi", _("New"), tooltip=_("Add a KPI: a health metric judged hit or miss")),
        Binding("r", "reading", _("Reading"), tooltip=_("Record a reading of the selected KPI (also enter)")),
        Binding("e", "edit_kpi", _("Edit"), tooltip=_("Edit the selected KPI: name, team, unit, direction, "
                                                      "target, watch band")),
        Binding("d", "delete_kpi", _("Delete"), tooltip=_("Delete the selected KPI (asks first)")),
        # Less frequent keys stay out of the footer so that ? Help and q Quit fit at 80 columns;
        # ? and the palette list them.
        Binding("p", "promote", _("Promote"), show=False, tooltip=_("Promote the selected KPI into a key result; "
                                                       "the KPI stays")),
        Binding("k", "keep_as_kpi", _("As KPI"), show=False, tooltip=_("Keep the selected key result as a KPI after "
                                                          "the quarter")),
        Binding("c", "contrast", _("Contrast"), tooltip=_("Show the guide's OKR-vs-KPI table, or back to "
                                                         "the numbers")),
        Binding("o", "original", _("Original"), show=False, tooltip=_("Show the guide's original wording beside the "
                                                          "translation (contrast table)")),
        Binding("ctrl+z", "app.undo_change", _("Undo"), tooltip=_("Undo my last change (read from the log)")),
        *MINE_BINDINGS,
        *COMMON_BINDINGS,
    ]

    def __init__(self) -> None:
        super().__init__(name="compare")
        self.deleted: list[tuple[Deleted, str]] = []  # KPI deletions ctrl+z can put back, newest last
        self.both = False

    def compose_body(self) -> ComposeResult:
        yield Static("", id="lens-summary")
        yield CompareList(id="compare")
        panel = ContrastPanel(id="contrast")
        panel.display = False
        yield panel

    def redraw_body(self) -> None:
        app = self.okr_app
        view = app.view()
        report = lens_report(view)
        summary = Text()
        summary.append(okr_sentence(report.total), style=GRADE_STYLE[report.total.grade])
        summary.append("\n" + kpi_sentence(report.total))
        self.query_one("#lens-summary", Static).update(summary)
        needle = app.needle.strip().casefold()
        report.krs = [k for k in report.krs if matches(needle, k.kr.title, k.kr.owner, k.objective.team,
                                                       k.objective.title)]
        mine = app.owner_filter
        if mine:  # `m`: my KRs (or those of my objectives); KPIs belong to teams, not to people
            report.krs = [k for k in report.krs if same_person(k.objective.owner, mine)
                          or same_person(effective_owner(k.kr, k.objective), mine)]
        report.teams = [t for t in report.teams if any(k.objective.team == t.team for k in report.krs)]
        kpis = [k for k in view.kpis if matches(needle, k.kpi.name, k.kpi.team)] if not mine else []
        flags = {f.kr_id: f for f in kpis_in_disguise(app.workspace, view.quarter, app.team) if f.kr_id}
        feeds = {k.kpi.id or 0: krs_to_feed(app.workspace, k.kpi.id, app.clock.now())
                 for k in kpis}
        self.query_one(CompareList).show(Compared(report, kpis, flags, str(view.quarter), feeds))
        self.query_one(ContrastPanel).show(self.both)

    def focus_body(self) -> None:
        panel = self.query_one(ContrastPanel)
        (panel if panel.display else self.query_one(CompareList)).focus()

    # ---- what the cursor is on --------------------------------------------

    def selected_kpi(self) -> KPI | None:
        row = self.query_one(CompareList).selected or ""
        if row.startswith("kpi"):
            return next((k for k in self.okr_app.workspace.kpis if k.id == int(row[3:])), None)
        return None

    def selected_kr(self) -> KeyResult | None:
        row = self.query_one(CompareList).selected or ""
        if row.startswith("kr"):
            return self.okr_app.workspace.key_result(int(row[2:]))
        return None

    def _need_kpi(self) -> KPI | None:
        kpi = self.selected_kpi() if not self.query_one(ContrastPanel).display else None
        if kpi is None:
            self.notify(_("Select a KPI first (they are listed under the key results; n adds one)."),
                        severity="warning")
        return kpi

    def _after_form(self, saved: str | None) -> None:
        if saved:
            self.okr_app.reload(done=lambda _none: self.query_one(CompareList).select_id(saved))

    # ---- KPIs ---------------------------------------------------------------

    def action_new_kpi(self) -> None:
        from okrtui.ui.dialogs.kpi_form import KPIForm

        kpi = self.selected_kpi()
        kr = self.selected_kr()
        team = self.okr_app.team or (kpi.team if kpi else None)
        if team is None and kr is not None:
            objective = self.okr_app.workspace.objective(kr.objective_id)
            team = objective.team if objective else None
        self.app.push_screen(KPIForm(team=team), self._after_form)

    def action_edit_kpi(self) -> None:
        from okrtui.ui.dialogs.kpi_form import KPIForm

        if kpi := self._need_kpi():
            self.app.push_screen(KPIForm(kpi), self._after_form)

    def action_reading(self) -> None:
        from okrtui.settings.config import identity as current_user
        from okrtui.ui.dialogs.kpi_form import ReadingForm

        if kpi := self._need_kpi():
            self.app.push_screen(ReadingForm(kpi, author=current_user()), self._after_form)

    def action_delete_kpi(self) -> None:
        from okrtui.ui.dialogs.pickers import Confirm

        kpi = self._need_kpi()
        if kpi is None:
            return
        what = _("KPI K{id} '{name}'").format(id=kpi.id, name=kpi.name)
        prompt = Text(ngettext("Delete {what} and its {n} reading?", "Delete {what} and its {n} readings?",
                               len(kpi.readings)).format(what=what, n=len(kpi.readings)) + "\n\n",
                      style="bold")
        prompt.append(_("y / enter: delete   n / escape: keep it   (ctrl+z restores a deletion)"))
        repo = self.okr_app.repo

        def answer(yes: bool | None) -> None:
            if not yes:
                return
            def deleted(gone: Deleted) -> None:
                self.deleted.append((gone, what))
                self.notify(_("Deleted {what}. Press ctrl+z to restore it.").format(what=what), markup=False)

            self.okr_app.write(lambda: repo.delete_kpi(kpi.id), done=deleted)

        self.app.push_screen(Confirm(prompt), answer)

    def action_restore(self) -> None:
        if not self.deleted:
            self.notify(_("Nothing to restore."), severity="warning")
            return
        gone, what = self.deleted.pop()
        repo = self.okr_app.repo
        def restored(_none: None) -> None:
            self.query_one(CompareList).select_id(f"kpi{gone.records.kpis[0].id}")
            self.notify(_("Restored {what}.").format(what=what), markup=False)

        self.okr_app.write(lambda: repo.restore(gone), done=restored)

    # ---- between the two worlds ----------------------------------------------

    def action_promote(self) -> None:
        from okrtui.ui.dialogs.promote_form import PromoteForm

        kpi = self._need_kpi()
        if kpi is None:
            return
        if kpi.current is None:
            self.notify(_("K{id} has no reading yet; record one first (r), since the key result starts "
                          "at the KPI's current reading.").format(id=kpi.id), severity="warning", markup=False)
            return
        ws = self.okr_app.workspace
        objectives = [o for o in ws.objectives_in(self.okr_app.quarter) if o.state == "active"]
        if not objectives:
            self.notify(_("No active objective in {quarter} to put the key result under; press 1, then n to "
                          "write one.").format(quarter=self.okr_app.quarter), severity="warning")
            return
        self.app.push_screen(PromoteForm(kpi, objectives), self._promoted)

    def _promoted(self, saved: str | None) -> None:
        if saved:
            self._after_form(saved)
            self.notify(_("Promoted: key result #{id} now starts at the KPI's reading; the KPI stays as the "
                          "health metric.").format(id=saved[2:]), markup=False)

    def action_keep_as_kpi(self) -> None:
        from okrtui.ui.dialogs.pickers import Confirm

        kr = self.selected_kr() if not self.query_one(ContrastPanel).display else None
        if kr is None:
            self.notify(_("Select a key result first (the rows under the two lenses)."), severity="warning")
            return
        ws = self.okr_app.workspace
        objective = ws.objective(kr.objective_id)
        team = objective.team if objective else ""
        same = next((k for k in ws.kpis if k.name == kr.title and k.team == team), None)
        if same is not None:
            self.notify(_("#{id} is already watched as KPI K{kpi}.").format(id=kr.id, kpi=same.id), markup=False)
            return
        try:
            fields = kpi_fields_from_kr(kr, team, self.okr_app.clock.now())
        except InvalidInput as error:
            self.notify(str(error), severity="warning", markup=False)
            return
        repo = self.okr_app.repo
        prompt = Text(_("Keep key result #{id} '{title}' as a KPI of {team}?").format(
            id=kr.id, title=kr.title, team=team) + "\n\n", style="bold")
        prompt.append(_("The KPI watches the same number (target {target}, now {now}) after the quarter; "
                        "the key result stays in its objective.").format(
            target=f"{kr.target:g}", now=f"{kr.value:g}") + "\n\n")
        prompt.append(_("y / enter: keep it as a KPI   n / escape: not now"))

        def kept(kpi: KPI) -> None:
            self.query_one(CompareList).select_id(f"kpi{kpi.id}")
            self.notify(_("Now also a KPI: K{id} {name}.").format(id=kpi.id, name=kpi.name), markup=False)

        def answer(yes: bool | None) -> None:
            if yes:
                self.okr_app.write(lambda: repo.add_kpi(**fields), done=kept)

        self.app.push_screen(Confirm(prompt), answer)

    # ---- the contrast panel ----------------------------------------------------

    def action_contrast(self) -> None:
        panel = self.query_one(ContrastPanel)
        panel.display = not panel.display
        self.query_one(CompareList).display = not panel.display
        self.query_one("#lens-summary").display = not panel.display
        self.focus_body()

    def action_original(self) -> None:
        self.both = not self.both
        panel = self.query_one(ContrastPanel)
        panel.show(self.both)
        if not panel.display:
            self.action_contrast()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.selected_kpi() is not None:
            self.action_reading()

    def palette_actions(self) -> list[tuple[str, str, Callable[[], None]]]:
        return [
            (_("New KPI"), _("n · add a health metric"), self.action_new_kpi),
            (_("Record KPI reading"), _("r · a new reading of the selected KPI"), self.action_reading),
            (_("Edit KPI"), _("e · edit the selected KPI"), self.action_edit_kpi),
            (_("Delete KPI"), _("d · delete the selected KPI (asks first)"), self.action_delete_kpi),
            (_("Promote KPI to key result"), _("p · a KR that starts at the KPI's reading"), self.action_promote),
            (_("Keep key result as KPI"), _("k · watch the selected KR as a KPI"), self.action_keep_as_kpi),
            (_("OKR vs KPI table"), _("c · the guide's contrast, point by point"), self.action_contrast),
            (_("Original wording"), _("o · the guide's own words beside the translation"), self.action_original),
            (_("Restore deleted KPI"), _("ctrl+z · put back the last KPI deleted here"), self.action_restore),
        ]
