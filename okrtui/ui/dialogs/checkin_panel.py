"""The check-in panel: type a KR's new value and watch its bar move before saving.

Every keystroke re-scores the typed value through domain (kr_rules.kr_preview,
the very preview `okrtui checkin` prints): nothing here decides a status. `enter` saves through
Repository.record_checkin, the very call `okrtui checkin` makes, run by the app's
file worker: while another process holds the file the panel keeps the typed value,
shows it pending and takes no more keys into it (escape closes the panel; the save
goes on); when it lands the panel closes and posts `CheckinPanel.Saved` to the
screen that opened it. `escape` cancels; a value the domain refuses, or a write
that fails, is a sentence under the field, the value stays, nothing is written.
"""

from __future__ import annotations

from typing import Any, Callable

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.message_pump import MessagePump
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from okrtui.domain.inputs import UnlikelyValue, parse_checkin_value
from okrtui.domain.forecast import kr_projection
from okrtui.domain.history import changes_about, is_new_checkin
from okrtui.domain.models import Change, CheckIn, KeyResult
from okrtui.domain.validation import InvalidInput
from okrtui.domain.quarter import Quarter
from okrtui.present.formatting import format_age
from okrtui.domain.numbers import format_kr_value, format_number, format_percent, format_with_unit
from okrtui.present.forecast_text import kr_forecast_text, no_trend_text
from okrtui.present.history_text import change_line
from okrtui.domain.kr_rules import KRPreview, effective_owner, kr_preview, quarter_of
from okrtui.i18n import _
from okrtui.present.text import pad, truncate
from okrtui.ui.file_work import DataChanged
from okrtui.ui.themes import themed
from okrtui.ui.widgets.checkin_fields import ConfidenceField, MilestoneField
from okrtui.ui.widgets.focused_row import MarksFocusedRow
from okrtui.present.formatting import kr_values
from okrtui.ui.widgets.sparkline import pace_chart
from okrtui.ui.rows.update import MARK, holds_text, progress_cells
from okrtui.ui.app_access import OkrAppAccess
from okrtui.ui.widgets.keys_footer import KeysFooter

HISTORY_ROWS = 8
CHANGE_ROWS = 6
DIALOG_WIDTH = 84


def value_text(kr: KeyResult, value: float | None) -> str:
    if kr.kind == "milestone":
        return format_kr_value(kr.kind, value)
    return format_with_unit(value, kr.unit)


def history_text(kr: KeyResult, checkins: list[CheckIn], width: int) -> Text:
    """Newest first: date, value, confidence, author, note; CJK-aware columns."""
    out = Text()
    out.append(_("History") + f" ({len(checkins)})", style="bold underline")
    if not checkins:
        out.append("\n" + _("no check-ins yet"), style="dim")
        return out
    for c in list(reversed(checkins))[:HISTORY_ROWS]:
        line = (f"{c.at.date().isoformat()}  {pad(format_kr_value(kr.kind, c.value), 10, 'right')}  "
                f"{pad('–' if c.confidence is None else f'{c.confidence}/10', 5, 'right')}  {pad(c.author or '–', 10)}  ")
        out.append("\n" + truncate(line + c.note, width))
    if len(checkins) > HISTORY_ROWS:
        out.append("\n" + _("… and {n} earlier").format(n=len(checkins) - HISTORY_ROWS), style="dim")
    return out


def changes_text(changes: list[Change], local: Callable, width: int) -> Text:
    """The KR's own change log but its new check-ins (listed above): edits, deletions, comments, undos,
    check-ins corrected or deleted; newest first, who, when, and the fields before → after."""
    shown = [c for c in changes if not is_new_checkin(c)]
    out = Text()
    out.append(_("Changes") + f" ({len(shown)})", style="bold underline")
    if not shown:
        out.append("\n" + _("no changes recorded yet"), style="dim")
        return out
    for change in list(reversed(shown))[:CHANGE_ROWS]:
        out.append("\n" + truncate(change_line(change, local), width))
    if len(shown) > CHANGE_ROWS:
        out.append("\n" + _("… and {n} earlier").format(n=len(shown) - CHANGE_ROWS), style="dim")
    return out


class CheckinPanel(OkrAppAccess, MarksFocusedRow, ModalScreen[CheckIn | None]):
    """Dismissed with the saved CheckIn, or None when cancelled (or closed while the save waits)."""

    class Saved(Message, bubble=False):
        """A check-in made in the panel is in the file. `follow`: the panel was still open, so the
        opener may move its cursor to the KR (not when the user has moved on meanwhile)."""

        def __init__(self, checkin: CheckIn, follow: bool) -> None:
            super().__init__()
            self.checkin, self.follow = checkin, follow

    # The value field takes the focus the moment the panel shows: the number can be typed at once.
    AUTO_FOCUS = "#ci-value"
    BINDINGS = [
        Binding("enter", "save", _("Save"), key_display="⏎", tooltip=_("Save the check-in")),
        Binding("escape", "cancel", _("Cancel"), tooltip=_("Close without saving")),
        Binding("ctrl+z", "undo", _("Undo last"), tooltip=_("Undo the last check-in made in this session")),
        Binding("ctrl+o", "open_detail", _("History"),
                tooltip=_("The KR's check-ins, comments and changes: correct or delete a mistaken check-in")),
    ]

    def __init__(self, kr_id: int, author: str, undo: Callable[[], None], origin: MessagePump | None = None):
        super().__init__()
        self.kr_id, self.author, self._undo, self.tell = kr_id, author, undo, origin
        self.kr: KeyResult | None = None
        self._confirmed: str | None = None  # the typed text of an unlikely value that enter, pressed again, saves anyway
        self.saving: str | None = None  # the value being saved, as shown, while the write is pending
        self._finished = False
        self._dismiss_on_resume: CheckIn | None = None

    # ---- layout ---------------------------------------------------------

    def compose(self) -> ComposeResult:
        self.kr = self.okr_app.workspace.key_result(self.kr_id)
        kr = self.kr
        with VerticalScroll(classes="dialog checkin", id="checkin", can_focus=False):
            yield Static("", id="ci-title")
            yield Static("", id="ci-now")
            yield Static("", id="ci-after")
            with Horizontal(classes="field"):
                yield Label(_("New value"), classes="field-label")
                if kr is not None and kr.kind == "milestone":
                    yield MilestoneField(kr.value >= 1, id="ci-value")
                else:
                    current = format_number(kr.value).replace(",", "") if kr else ""
                    yield Input(current, placeholder=_("a number"), compact=True, id="ci-value")
            yield Static("", id="ci-error", classes="error")
            yield Static("", id="ci-pending")
            with Horizontal(classes="field"):
                yield Label(_("Confidence"), classes="field-label")
                yield ConfidenceField(kr.confidence if kr else 5, id="ci-confidence")
            with Horizontal(classes="field"):
                yield Label(_("Note"), classes="field-label")
                yield Input("", placeholder=_("optional: what moved it, what is in the way"), compact=True, id="ci-note")
            yield Static(Text(_("⏎ save · tab next · esc cancel · ctrl+z undo last · ctrl+o history"), style="dim"),
                         id="ci-keys")
            yield Static("", id="ci-chart")
            yield Static("", id="ci-history")
            yield Static("", id="ci-changes")
        yield KeysFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one("#ci-error").display = False
        self.query_one("#ci-pending").display = False
        self.refresh_kr()

    # ---- what is shown ------------------------------------------------------

    def quarter(self) -> Quarter:
        objective = self.okr_app.workspace.objective(self.kr.objective_id) if self.kr else None
        return quarter_of(objective, self.okr_app.quarter)

    def shown(self, kr: KeyResult, has_checkin: bool = True, value: float | None = None,
              confidence: int | None = None) -> KRPreview:
        return kr_preview(kr, self.quarter(), self.okr_app.clock.today(), has_checkin, value, confidence)

    def refresh_kr(self) -> None:
        """Re-read the KR (after a reload: another process, or an undo) and redraw everything."""
        ws = self.okr_app.workspace
        self.kr = ws.key_result(self.kr_id)
        kr = self.kr
        if kr is None:
            self.query_one("#ci-title", Static).update(Text(_("This key result was deleted (perhaps by someone else)."
                                                              " Press escape."), style="bold"))
            return
        objective = ws.objective(kr.objective_id)
        # The dialog is 84 cells or the terminal, less border, padding and a scrollbar.
        width = max(min(self.app.size.width, DIALOG_WIDTH) - 6, 30)
        title = Text(truncate(f"#{kr.id} {kr.title}", width), style="bold")
        if objective:
            facts = [f"O{objective.id} {objective.title}", objective.team, effective_owner(kr, objective)]
            title.append("\n" + truncate(" · ".join(f for f in facts if f), width), style="dim")
        self.query_one("#ci-title", Static).update(title)
        history = ws.checkins_of(kr.id)
        last = history[-1] if history else None
        now = Text(pad(_("now"), 8), style="bold")
        shown = self.shown(kr, has_checkin=last is not None)
        now.append_text(progress_cells(shown.progress, shown.raw, shown.status, shown.expected))
        now.append(" " + kr_values(kr))
        seen = format_age(last.at, self.okr_app.clock.now()) if last else _("never")
        summary = _("previous {value} · checked in {age} · {mark} expected {pct}").format(
            value=value_text(kr, kr.value), age=seen, mark=MARK, pct=format_percent(shown.expected))
        now.append("\n" + pad("", 8) + truncate(summary, width - 8), style="dim")
        today = self.okr_app.clock.today()
        if objective is not None and objective.state == "active" and kr.kind != "milestone":
            projection = kr_projection(kr, history, self.quarter().end, today)
            if projection is not None:
                now.append("\n" + pad("", 8) + truncate(kr_forecast_text(kr, projection), width - 8), style="bold")
            elif today < self.quarter().end:
                now.append("\n" + pad("", 8) + truncate(no_trend_text(), width - 8), style="dim")
        self.query_one("#ci-now", Static).update(now)
        self.query_one("#ci-chart", Static).update(pace_chart(kr, history, self.quarter(), today))
        self.query_one("#ci-history", Static).update(history_text(kr, history, width))
        self.query_one("#ci-changes", Static).update(
            changes_text(changes_about(ws.changes, kr=kr.id), self.okr_app.clock.local, width))
        self.preview()

    def typed_text(self) -> str | None:
        field: Any = self.query_one("#ci-value")  # an Input, or the MilestoneField of a milestone
        return None if isinstance(field, MilestoneField) else field.value

    def typed(self, force: bool = False) -> float:
        """The value in the field, parsed and checked by domain; InvalidInput when it is not one."""
        field: Any = self.query_one("#ci-value")
        if isinstance(field, MilestoneField):
            return 1.0 if field.done else 0.0
        assert self.kr is not None
        return parse_checkin_value(self.kr, field.value, force=force)

    def confidence(self) -> int:
        return self.query_one(ConfidenceField).value

    def preview(self) -> None:
        """The KR as it would be with the typed value: bar, percentage, status, on every keystroke."""
        kr = self.kr
        if kr is None:
            return
        line = Text(pad(_("after"), 8), style="bold")
        try:
            value = self.typed()
        except InvalidInput as error:
            line.append(error.problems[0][1], style=themed("$okr-warning"))
            self.query_one("#ci-after", Static).update(line)
            return
        shown = self.shown(kr, value=value, confidence=self.confidence())
        raw = shown.raw
        line.append_text(progress_cells(shown.progress, raw, shown.status, shown.expected))
        line.append(" " + value_text(kr, value))
        if kr.kind not in ("milestone",) and value != kr.value:
            delta = value - kr.value
            line.append(f" ({'+' if delta > 0 else ''}{format_number(delta)})", style="dim")
        if holds := holds_text(kr, raw):
            line.append(" · " + holds, style="bold")
        self.query_one("#ci-after", Static).update(line)

    def show_error(self, message: str) -> None:
        box = self.query_one("#ci-error", Static)
        box.update(Text(message))
        box.display = bool(message)

    # ---- events and actions -------------------------------------------------

    @on(Input.Changed)
    @on(ConfidenceField.Changed)
    @on(MilestoneField.Changed)
    def _changed(self) -> None:
        if self.is_mounted:
            self.show_error("")
            self.preview()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        if self.saving is not None:
            return
        if self.kr is None:
            self.show_error(_("This key result was deleted; nothing to save. Press escape."))
            return
        text = self.typed_text()
        force = text is not None and text == self._confirmed
        try:
            value = self.typed(force=force)
        except UnlikelyValue as error:
            # Possible but probably a slip: say why; enter again on the same text saves it.
            self._confirmed = text
            self.show_error("; ".join(message for _field, message in error.problems) + " "
                            + _("Press enter again to save it anyway."))
            self.query_one("#ci-value").focus()
            return
        except InvalidInput as error:
            self.show_error(_("Nothing was saved: {reason}").format(  # the sentence the forms give (dialogs/forms)
                reason="; ".join(message for _field, message in error.problems)))
            self.query_one("#ci-value").focus()
            return
        confidence = self.confidence()
        repo = self.okr_app.repo
        note = self.query_one("#ci-note", Input).value
        kr_id, author = self.kr_id, self.author
        # Like `okrtui checkin` without --confidence: an untouched confidence is not restated.
        restated = confidence if confidence != self.kr.confidence else None
        self._hold(value_text(self.kr, value))
        self.okr_app.write(
            lambda: repo.record_checkin(kr_id, value, confidence=restated, note=note, author=author, force=force),
            done=self._landed, failed=self._refused)

    # ---- while the save is pending -------------------------------------------

    def _hold(self, shown: str) -> None:
        """The typed value stays as it is, shown pending; the fields take no keys until the save ends."""
        self.saving = shown
        self.show_error("")
        for widget in self.query("#ci-value, #ci-confidence, #ci-note"):
            widget.disabled = True
        self.set_focus(None)
        box = self.query_one("#ci-pending", Static)
        box.update(Text(_("Saving {value}… (escape closes this window; the check-in is still saved)").format(
            value=shown), style="bold"))
        box.display = True

    def _release(self) -> None:
        self.saving = None
        self.query_one("#ci-pending").display = False
        for widget in self.query("#ci-value, #ci-confidence, #ci-note"):
            widget.disabled = False
        self.query_one("#ci-value").focus()

    def on_key(self, event: events.Key) -> None:
        """While the save is pending, keys are not applied to anything else (escape still closes)."""
        if self.saving is not None and event.key != "escape":
            event.stop()
            event.prevent_default()
            self.app.bell()

    def _landed(self, result: tuple[CheckIn, KeyResult]) -> None:
        saved = result[0]
        follow = not self._finished
        origin = self.tell or self._opener()
        if origin is not None:
            origin.post_message(self.Saved(saved, follow))
        if self._finished or not self.is_mounted:
            return
        self.saving = None
        if self.app.screen is self:
            self._close(saved)
        else:  # its mode is not shown now: close when it is
            self._dismiss_on_resume = saved

    def _refused(self, error: Exception) -> None:
        if isinstance(error, InvalidInput):
            problem = "; ".join(message for _field, message in error.problems)
        else:
            problem = str(error)
        if self._finished or not self.is_mounted:
            kr = self.kr
            self.app.notify(_("The check-in of #{id} ({value}) was not saved: {problem}").format(
                id=self.kr_id, value=self.saving or "", problem=problem) if kr else problem,
                severity="error", markup=False, timeout=12)
            return
        self._release()
        self.show_error(problem + " " + _("Nothing was saved; the value is kept: enter tries again."))

    def _opener(self) -> MessagePump | None:
        stack = self.app.screen_stack
        return stack[stack.index(self) - 1] if self in stack and stack.index(self) > 0 else None

    def on_screen_resume(self) -> None:
        if self._dismiss_on_resume is not None:
            self._close(self._dismiss_on_resume)

    def _close(self, result: CheckIn | None) -> None:
        if not self._finished:
            self._finished = True
            self.dismiss(result)

    def action_cancel(self) -> None:
        if self.saving is not None:
            self.notify(_("The check-in of #{id} ({value}) is kept and saved when the file frees.").format(
                id=self.kr_id, value=self.saving), markup=False)
            self.tell = self.tell or self._opener()
        self._close(None)

    def action_undo(self) -> None:
        if self.saving is None:
            self._undo()

    def action_open_detail(self) -> None:
        from okrtui.ui.dialogs.detail import DetailScreen

        if self.kr is not None and self.saving is None:
            self.app.push_screen(DetailScreen(self.kr.objective_id, self.kr.id))

    def on_data_changed(self, _message: DataChanged) -> None:
        self.refresh_kr()

    def on_resize(self) -> None:
        if self.is_mounted:
            self.refresh_kr()
