"""Closing a quarter from planning (`C`), one objective a page, and reopening it on purpose.

Each page shows the KRs' grades and the proposed score; the team sets the
score (a reason appears when it differs), the decision and a retrospective,
and answers what the domain asks (why a committed objective fell short; the
guide's question when every KR is done but the objective is not achieved).
grading.check_entry says what is missing, shown beside its field. Nothing is
written until the last page and a confirmation; then storage/closing grades,
carries forward and archives the quarter. A closed quarter is read-only:
`ui/app_access.refuse_if_closed` is what editing actions ask first.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Label, Select, Static

from okrtui.domain.grading import (
    ClosingEntry,
    Proposal,
    asks_coverage,
    asks_shortfall,
    coverage_question,
    decision_help,
    decision_label,
    carried_ids,
    carry_text,
    early_close_question,
    entry_from,
    is_adjusted,
    is_closed,
    parse_carry,
    parse_score,
    proposals,
)
from okrtui.domain.models import DECISIONS
from okrtui.domain.validation import InvalidInput
from okrtui.domain.quarter import Quarter, format_quarter
from okrtui.domain.scoring import grade
from okrtui.domain.numbers import TARGET_MOVED_MARK
from okrtui.present.history_text import target_change_line
from okrtui.i18n import _, ngettext
from okrtui.present.text import bar, pad, truncate
from okrtui.ui.dialogs.forms import field_input
from okrtui.ui.themes import themed
from okrtui.ui.rows.shared import GRADE_STYLE
from okrtui.ui.app_access import OkrAppAccess, okr_app_of
from okrtui.ui.widgets.keys_footer import KeysFooter

FIELDS = ("score", "score_reason", "decision", "carry_krs", "retrospective", "shortfall_reason", "coverage_answer")


def close_or_reopen(screen: Screen) -> None:
    """`C` in planning: close the quarter shown, or offer to reopen it when it is closed."""
    from okrtui.ui.dialogs.pickers import Confirm

    app = okr_app_of(screen)
    quarter = app.quarter
    if not is_closed(app.workspace_for(quarter), quarter):
        if not proposals(app.workspace, quarter):
            screen.notify(_("There are no active objectives in {quarter} to close.").format(quarter=quarter),
                          severity="warning", markup=False)
            return
        early = early_close_question(quarter, app.clock.today())
        if early is None:
            app.push_screen(CloseScreen(str(quarter)))
            return
        question = Text(early + "\n\n", style="bold")
        question.append(_("y / enter: close it now   n / escape: not yet"))
        def confirmed(yes: bool | None) -> None:
            if yes:
                app.push_screen(CloseScreen(str(quarter)))

        app.push_screen(Confirm(question), confirmed)
        return
    prompt = Text(_("Reopen {quarter}?").format(quarter=quarter) + "\n\n", style="bold")
    prompt.append(_("Its objectives become editable again; the grades and answers stay as the start of the next close."
                    "\n\ny / enter: reopen   n / escape: keep it closed"))

    def answer(yes: bool | None) -> None:
        if not yes:
            return
        from okrtui.storage.closing import reopen_quarter

        def reopened(done: list) -> None:
            screen.notify(ngettext("Reopened {quarter}: {n} objective is active again.",
                                   "Reopened {quarter}: {n} objectives are active again.",
                                   len(done)).format(quarter=quarter, n=len(done)),
                          markup=False)

        repo = app.repo
        app.write(lambda: reopen_quarter(repo, quarter), done=reopened)

    app.push_screen(Confirm(prompt), answer)


class CloseScreen(OkrAppAccess, ModalScreen[bool]):
    BINDINGS = [
        Binding("ctrl+s", "next", _("Next"), priority=True, tooltip=_("Check this objective and go to the next")),
        Binding("ctrl+b", "back", _("Back"), priority=True, tooltip=_("The previous objective")),
        Binding("escape", "cancel", _("Cancel"), tooltip=_("Leave without closing; nothing is written")),
    ]

    def __init__(self, quarter: str):
        super().__init__()
        self.quarter = quarter
        self.page = 0

    def compose(self) -> ComposeResult:
        self.proposals: list[Proposal] = proposals(self.okr_app.workspace, self.quarter)
        self.entries = [entry_from(p.objective) for p in self.proposals]
        labels = {
            "score": _("Score"), "score_reason": _("Why changed"), "decision": _("Decision"), "carry_krs": _("Carry KRs"),
            "retrospective": _("Retro"), "shortfall_reason": _("Why short"), "coverage_answer": _("KRs cover?"),
        }
        decisions = [(Text(f"{decision_label(d)} · {decision_help(d)}"), d) for d in DECISIONS]
        widgets: dict[str, Any] = {  # Inputs and a Select: each has a value
            "score": field_input(placeholder=_("0.0–1.0")),
            "score_reason": field_input(placeholder=_("why the score differs from the proposed one")),
            "decision": Select(decisions, prompt=_("choose"), allow_blank=True, compact=True),
            "carry_krs": field_input(placeholder=_("ids of the KRs to carry, like #7 #8; - for none")),
            "retrospective": field_input(placeholder=_("what worked, what did not")),
            "shortfall_reason": field_input(placeholder=_("committed, below 1.0: why did it fall short?")),
            "coverage_answer": field_input(placeholder=_("what did the key results miss?")),
        }
        self.widgets = widgets
        with VerticalScroll(classes="dialog form"):
            yield Static("", id="close-title", classes="dialog-title")
            yield Static("", id="close-krs")
            for name in FIELDS:
                if name == "coverage_answer":
                    yield Static(Text(coverage_question(), style="yellow"), id="coverage-question")
                with Horizontal(classes="field", id=f"row-{name}"):
                    yield Label(labels[name], classes="field-label")
                    yield widgets[name]
                yield Static("", id=f"err-{name}", classes="error")
        yield KeysFooter(compact=True)

    def on_mount(self) -> None:
        self.show_page(0)

    # ---- pages -------------------------------------------------------------

    def show_page(self, page: int) -> None:
        self.page = page
        proposal, entry = self.proposals[page], self.entries[page]
        o = proposal.objective
        title = Text(_("Close {quarter} · objective {n} of {total}").format(
            quarter=self.quarter, n=page + 1, total=len(self.proposals)), style="bold")
        kind = _("committed: expected to reach 1.0") if o.commitment == "committed" else _("aspirational: about 0.7 is success")
        title.append("\n" + truncate(f"O{o.id} {o.title}", 78), style="bold")
        title.append("\n" + truncate(f"{o.team} · {kind}", 78), style="dim")
        self.query_one("#close-title", Static).update(title)
        krs = Text()
        for k in proposal.krs:
            krs.append(pad(f"#{k.kr.id} {k.kr.title}", 48) + " ")
            krs.append(bar(k.grade, 10), style=GRADE_STYLE[grade(k.grade)])
            krs.append(f" {k.grade:.2f}\n")
            for move in k.moves:  # a goal that moved is read beside its grade
                krs.append(f"   {TARGET_MOVED_MARK} {target_change_line(move, self.okr_app.clock.local)}\n",
                           style=themed("$okr-warning") if move.lowered else "dim")
        if not proposal.krs:
            krs.append(_("No key results of its own: the objectives aligned to it count, each the same.") + "\n", style="dim")
        krs.append(_("Proposed score {score} (weighted mean of the KR grades)").format(score=f"{proposal.proposed:.2f}"),
                   style=GRADE_STYLE[grade(proposal.proposed)])
        self.query_one("#close-krs", Static).update(krs)
        w = self.widgets
        w["score"].value = f"{entry.score if entry.score is not None else proposal.proposed:.2f}"
        for name in ("score_reason", "retrospective", "shortfall_reason", "coverage_answer"):
            w[name].value = getattr(entry, name)
        # Carry forward offers the unfinished KRs (a finished one would arrive done, unmeasured).
        w["carry_krs"].value = carry_text(carried_ids(proposal, entry))
        w["decision"].value = entry.decision if entry.decision else Select.NULL
        for error in self.query(".error"):
            error.display = False
        self.refresh_rows()
        w["score"].focus()

    def current_entry(self) -> tuple[ClosingEntry, list[tuple[str, str]]]:
        """The page's answers as an entry, and any problem typing them (a score that is not a score)."""
        w, proposal = self.widgets, self.proposals[self.page]
        decision = w["decision"].value
        entry = ClosingEntry(
            objective_id=proposal.objective.id or 0, decision=None if decision is Select.NULL else str(decision),
            score_reason=w["score_reason"].value, retrospective=w["retrospective"].value,
            shortfall_reason=w["shortfall_reason"].value, coverage_answer=w["coverage_answer"].value,
        )
        problems: list[tuple[str, str]] = []
        if entry.decision == "carry_forward":
            try:
                entry.carry_krs = parse_carry(w["carry_krs"].value, proposal)
            except InvalidInput as error:
                problems += error.problems
        try:
            score = parse_score(w["score"].value)
        except InvalidInput as error:
            return entry, problems + error.problems
        entry.score = None if abs(score - proposal.proposed) < 0.005 else score
        return entry, problems

    def refresh_rows(self) -> None:
        """Show only the questions this objective's answers call for."""
        entry, _problems = self.current_entry()
        proposal = self.proposals[self.page]
        shown = {
            "carry_krs": entry.decision == "carry_forward",
            "score_reason": is_adjusted(proposal, entry),
            "shortfall_reason": asks_shortfall(proposal, entry),
            "coverage_answer": asks_coverage(proposal, entry),
        }
        for name, visible in shown.items():
            self.query_one(f"#row-{name}").display = visible
            if not visible:
                self.query_one(f"#err-{name}").display = False
        self.query_one("#coverage-question").display = shown["coverage_answer"]

    @on(Input.Changed)
    @on(Select.Changed)
    def _changed(self, event: Input.Changed | Select.Changed) -> None:
        if self.is_mounted and hasattr(self, "proposals"):
            name = next((n for n, w in self.widgets.items() if w is event.control), None)
            # A field's sentence goes when its value changes, not when focus merely re-announces it.
            if name and getattr(self, "_problem_values", {}).get(name, object()) != event.value:
                self.query_one(f"#err-{name}").display = False
            self.refresh_rows()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        visible = [w for n, w in self.widgets.items() if self.query_one(f"#row-{n}").display]
        if event.control is visible[-1]:
            self.action_next()
        else:
            self.focus_next()

    def show_problems(self, problems: list[tuple[str, str]]) -> None:
        grouped: dict[str, list[str]] = {}
        for name, message in problems:
            grouped.setdefault(name if name in FIELDS else "decision", []).append(message)
        self._problem_values = {name: self.widgets[name].value for name in grouped if name in self.widgets}
        for name in FIELDS:
            box = self.query_one(f"#err-{name}", Static)
            box.update(Text("; ".join(grouped.get(name, []))))
            box.display = name in grouped
        first = next((n for n in FIELDS if n in grouped), None)
        if first:
            self.widgets[first].focus()
            # The sentence sits under its field: on a short terminal, bring it into view too.
            self.call_after_refresh(self.query_one(f"#err-{first}", Static).scroll_visible, animate=False)

    def action_next(self) -> None:
        from okrtui.domain.grading import check_entry

        entry, problems = self.current_entry()
        problems = problems or check_entry(self.proposals[self.page], entry)
        if problems:
            self.show_problems(problems)
            return
        self.entries[self.page] = entry
        if self.page + 1 < len(self.proposals):
            self.show_page(self.page + 1)
        else:
            self.confirm()

    def action_back(self) -> None:
        if self.page > 0:
            self.entries[self.page], _problems = self.current_entry()
            self.show_page(self.page - 1)

    def confirm(self) -> None:
        from okrtui.ui.dialogs.pickers import Confirm

        carried = sum(1 for e in self.entries if e.decision == "carry_forward")
        quarter = Quarter.parse(self.quarter)
        prompt = Text(_("Close {quarter}?").format(quarter=quarter) + "\n\n", style="bold")
        prompt.append(ngettext("{n} objective gets its grade; {c} carried into {next}. The quarter is archived and "
                               "read-only until reopened.\n\ny / enter: close it   n / escape: go back",
                               "{n} objectives get their grades; {c} carried into {next}. The quarter is archived and "
                               "read-only until reopened.\n\ny / enter: close it   n / escape: go back",
                               len(self.entries)).format(
            n=len(self.entries), c=carried, next=quarter.next()))
        self.app.push_screen(Confirm(prompt), self._answer)

    def _answer(self, yes: bool | None) -> None:
        if not yes:
            return
        from okrtui.storage.closing import close_quarter

        app = self.okr_app
        repo, quarter, entries = app.repo, self.quarter, self.entries

        def closed(result: Any) -> None:
            if self.is_mounted and app.screen is self:
                self.dismiss(True)
            moved = "".join(_("; carried O{id} into {quarter}").format(id=c.id, quarter=format_quarter(c.quarter))
                            for c in result.carried)
            app.notify(ngettext("Closed {quarter}: {n} objective graded{moved}. It is read-only until reopened.",
                                "Closed {quarter}: {n} objectives graded{moved}. It is read-only until reopened.",
                                len(result.objectives)).format(
                quarter=quarter, n=len(result.objectives), moved=moved), markup=False, timeout=8)

        def refused(error: Exception) -> None:  # e.g. someone changed the quarter meanwhile: what is now missing
            self.notify(str(error), severity="error", markup=False, timeout=10)

        app.write(lambda: close_quarter(repo, quarter, entries), done=closed, failed=refused)

    def action_cancel(self) -> None:
        self.dismiss(False)  # a second queued dismiss is ignored for every screen (textual_compat)
