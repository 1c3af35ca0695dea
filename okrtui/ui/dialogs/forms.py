"""Modal forms: the shared machinery (fields, errors beside them, live coach) and the objective form.

Validation is the domain's: a form turns what was typed into a dict, `build()`
(or the repository) refuses it with (field, sentence) pairs, and each sentence
is shown under its field. Nothing is written unless everything is valid.

The write itself runs in the app's file worker (ui/file_work.py), never on the event loop: while it
waits for a lock another process holds, the form says it is saving, takes no second save, and keys
keep working; it closes when the write lands, or shows why it failed with the typed values kept.
"""

from __future__ import annotations

from typing import Any, Callable

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static

from okrtui.domain.coach import Finding, check_objective_title, check_team_load, level_label
from okrtui.domain.alignment import alignment_problems
from okrtui.domain.alignment import level_label as level_name
from okrtui.domain.models import CADENCES, OBJECTIVE_LEVELS, Objective
from okrtui.domain.validation import InvalidInput, build
from okrtui.domain.quarter import format_quarter
from okrtui.present.formatting import cadence_label
from okrtui.i18n import _
from okrtui.storage.errors import DatabaseError, NotFound
from okrtui.present.text import truncate
from okrtui.ui.themes import ThemedStyles
from okrtui.ui.widgets.focused_row import MarksFocusedRow
from okrtui.ui.app_access import OkrAppAccess
from okrtui.ui.widgets.keys_footer import KeysFooter

LEVEL_STYLE = ThemedStyles({"error": "bold $okr-bad", "warning": "$okr-warning", "hint": "$secondary"})
LEVEL_SYMBOL = {"error": "✖", "warning": "▲", "hint": "·"}

# What a form's submit returns when it writes: the write, run in the file worker, returning the list
# id of what was saved ("o3", "k7").
SaveAction = Callable[[], str]


def findings_text(findings: list[Finding]) -> Text:
    text = Text()
    for finding in findings:
        if text:
            text.append("\n")
        text.append(f"{LEVEL_SYMBOL[finding.level]} {level_label(finding.level)}: ", style=LEVEL_STYLE[finding.level])
        text.append(finding.message)
    return text


class FormScreen(OkrAppAccess, MarksFocusedRow, ModalScreen[str | None]):
    """Subclasses give `heading`, `build_fields()` and `submit(values)`; the base does the rest."""

    BINDINGS = [
        Binding("ctrl+s", "save", _("Save"), priority=True),
        Binding("escape", "cancel", _("Cancel")),
    ]
    # Where a problem about the whole item (not one field) is shown.
    WHOLE_ITEM_FIELD = "title"

    heading = ""
    saving = False  # a save is in the file worker: no second one, no keys but escape
    closed = False  # escape closed the form (a save may still be on its way)

    def build_fields(self) -> list[tuple[str, str, Widget]]:
        raise NotImplementedError

    def submit(self, values: dict[str, Any]) -> str | SaveAction:
        """Check what was typed (raise InvalidInput: shown beside the fields at once) and return the
        write to run in the file worker; or, for a form that writes no database, the result itself."""
        raise NotImplementedError

    def live(self, values: dict[str, Any]) -> None:
        """Redraw the coach (and previews) from the values as they are typed."""

    def compose(self) -> ComposeResult:
        self._fields = self.build_fields()
        with VerticalScroll(classes="dialog form"):
            yield Static(Text(self.heading, style="bold"), classes="dialog-title")
            for name, label, widget in self._fields:
                with Horizontal(classes="field", id=f"field-{name}"):
                    yield Label(label, classes="field-label")
                    yield widget
                yield Static("", id=f"err-{name}", classes="error")
            yield Static("", id="preview")
            yield Static("", id="coach")
            yield Static("", id="err-form", classes="error")
            yield Static("", id="form-saving")
        yield KeysFooter(compact=True)

    def on_mount(self) -> None:
        for error in self.query(".error"):
            error.display = False
        self._fields[0][2].focus()
        self.query_one("#preview").display = False  # only the KR form has a preview
        self.query_one("#form-saving").display = False
        self.live(self.values())

    def widget(self, name: str) -> Widget:
        return next(w for n, _l, w in self._fields if n == name)

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, _label, widget in self._fields:
            if isinstance(widget, Input):
                out[name] = widget.value
            elif isinstance(widget, Select):
                out[name] = None if widget.value is Select.NULL else widget.value
        return out

    def show_problems(self, problems: list[tuple[str, str]]) -> None:
        names = {n for n, _l, _w in self._fields}
        grouped: dict[str, list[str]] = {}
        for field, message in problems:
            where = field if field in names else self.WHOLE_ITEM_FIELD
            grouped.setdefault(where, []).append(message)
        for name in names:
            box = self.query_one(f"#err-{name}", Static)
            box.update(Text("; ".join(grouped.get(name, []))))
            box.display = name in grouped
        first = next((n for n, _l, _w in self._fields if n in grouped), None)
        if first:
            self.widget(first).focus()

    def show_coach(self, findings: list[Finding]) -> None:
        coach = self.query_one("#coach", Static)
        coach.update(findings_text(findings))
        coach.display = bool(findings)

    def show_form_error(self, message: str) -> None:
        box = self.query_one("#err-form", Static)
        box.update(Text(message))
        box.display = bool(message)

    @on(Input.Changed)
    @on(Select.Changed)
    def _changed(self, event: Input.Changed | Select.Changed) -> None:
        name = next((n for n, _l, w in self._fields if w is event.control), None)
        if name and self.is_mounted:
            self.query_one(f"#err-{name}", Static).display = False
            self.live(self.values())

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.control is self._fields[-1][2]:
            self.action_save()
        else:
            self.focus_next()

    def action_save(self) -> None:
        if self.saving:
            self.app.bell()  # one save at a time
            return
        self.show_form_error("")
        try:
            outcome = self.submit(self.values())
        except InvalidInput as error:
            self.show_problems(error.problems)
            return
        except (DatabaseError, NotFound) as error:
            self.show_form_error(str(error))
            return
        if isinstance(outcome, str):
            self.dismiss(outcome)
            return
        self._hold(True)
        self.okr_app.write(outcome, done=self._landed, failed=self._refused)

    # ---- while the save is in the file worker ---------------------------------

    def _hold(self, saving: bool) -> None:
        """Saving: the fields keep what was typed and take no keys; the form says it is saving."""
        self.saving = saving
        for _name, _label, widget in self._fields:
            widget.disabled = saving
        box = self.query_one("#form-saving", Static)
        box.update(Text(_("Saving… (escape closes this window; the change is still saved)"), style="bold"))
        box.display = saving
        if saving:
            self.set_focus(None)
        else:
            self._fields[0][2].focus()

    def on_key(self, event: events.Key) -> None:
        if self.saving and event.key != "escape":
            event.stop()
            event.prevent_default()
            self.app.bell()

    def _landed(self, saved: str) -> None:
        if self.closed or not self.is_mounted:  # closed with escape while it waited
            self.okr_app.notify(_("Saved."), markup=False)
            return
        self.saving = False
        if self.is_current:
            self.dismiss(saved)
        else:
            self._dismiss_on_resume: str | None = saved

    def on_screen_resume(self) -> None:
        saved = getattr(self, "_dismiss_on_resume", None)
        if saved is not None:
            self.dismiss(saved)

    def _refused(self, error: Exception) -> None:
        reason = (_("Nothing was saved: {reason}").format(reason="; ".join(m for _f, m in error.problems))
                  if isinstance(error, InvalidInput) else str(error))
        if self.closed or not self.is_mounted:
            self.okr_app.notify(reason, severity="error", markup=False, timeout=8)
            return
        self._hold(False)
        if isinstance(error, InvalidInput):
            self.show_problems(error.problems)  # the repository's second look, under the lock
        else:
            self.show_form_error(_("{reason} Nothing was saved; what you typed is kept.").format(reason=reason))

    def action_cancel(self) -> None:
        self.closed = True
        self.dismiss(None)


def field_input(value: str = "", placeholder: str = "", **kwargs) -> Input:
    return Input(value=value, placeholder=placeholder, compact=True, **kwargs)


class ObjectiveForm(FormScreen):
    """New or edit objective: title, team, owner, level, alignment (an objective or a KR), commitment,
    check-in cadence, description."""

    def __init__(self, quarter: str, objective: Objective | None = None, team: str | None = None):
        super().__init__()
        self.quarter, self.objective, self.default_team = quarter, objective, team
        self.heading = (_("Edit objective O{id}").format(id=objective.id) if objective
                        else _("New objective in {quarter}").format(quarter=format_quarter(quarter)))

    def build_fields(self) -> list[tuple[str, str, Widget]]:
        o = self.objective
        ws = self.okr_app.workspace
        # An objective aligns to an objective or to a KR of another objective (the cascade): "o3", "k7".
        parents: list[tuple[Text, str]] = []
        for p in ws.objectives_in(self.quarter):
            if o is not None and p.id == o.id:
                continue
            parents.append((Text(truncate(f"O{p.id} {p.title}", 50)), f"o{p.id}"))
            parents += [(Text(truncate(f"  #{k.id} {k.title}", 50)), f"k{k.id}") for k in ws.krs_of(p.id)]
        now = f"o{o.parent_id}" if o and o.parent_id is not None else (
            f"k{o.parent_kr_id}" if o and o.parent_kr_id is not None else None)
        parent = Select(parents, prompt=_("not aligned"), allow_blank=True, compact=True,
                        value=now if now in [v for _t, v in parents] else Select.NULL)
        level = Select([(level_name(x), x) for x in OBJECTIVE_LEVELS], allow_blank=False, compact=True,
                       value=o.level if o else "team")
        commitment = Select([(_("aspirational (success at about 70%)"), "aspirational"),
                             (_("committed (expected to reach 100%)"), "committed")],
                            allow_blank=False, compact=True, value=o.commitment if o else "aspirational")
        cadence = Select([(cadence_label(c), c) for c in CADENCES], prompt=_("the team's cadence"), allow_blank=True,
                         compact=True, value=o.cadence if o and o.cadence else Select.NULL)
        team = field_input(o.team if o else (self.default_team or ""), _("e.g. 行銷 or Sales"),
                           suggester=SuggestFromList(ws.teams(), case_sensitive=False))
        return [
            ("title", _("Title"), field_input(o.title if o else "", _("qualitative and short: why, not how"))),
            ("team", _("Team"), team),
            ("owner", _("Owner"), field_input(o.owner if o else "")),
            ("level", _("Level"), level),
            ("parent_id", _("Aligned to"), parent),
            ("commitment", _("Commitment"), commitment),
            ("cadence", _("Check-ins"), cadence),
            ("description", _("Description"), field_input(o.description if o else "")),
        ]

    def candidate(self, values: dict[str, Any]) -> dict[str, Any]:
        link = values.get("parent_id") or ""
        return {**values, "quarter": self.quarter,
                "parent_id": int(link[1:]) if link.startswith("o") else None,
                "parent_kr_id": int(link[1:]) if link.startswith("k") else None}

    def show_problems(self, problems: list[tuple[str, str]]) -> None:
        # The one "Aligned to" field holds both links.
        super().show_problems([("parent_id" if f == "parent_kr_id" else f, m) for f, m in problems])

    def live(self, values: dict[str, Any]) -> None:
        ws = self.okr_app.workspace
        shadow = Objective.model_construct(id=self.objective.id if self.objective else None, **self.candidate(values))
        findings = check_objective_title(shadow)
        team = (values.get("team") or "").strip()
        if team:
            others = [x for x in ws.objectives_in(self.quarter, team) if not self.objective or x.id != self.objective.id]
            findings += check_team_load(team, self.quarter, len(others) + 1)
        self.show_coach(findings)

    def submit(self, values: dict[str, Any]) -> SaveAction:
        data = self.candidate(values)
        candidate = build(Objective, {**data, "id": self.objective.id if self.objective else None})
        problems = alignment_problems(self.okr_app.workspace, candidate)
        if problems:  # said beside the field now; the repository checks again under the lock
            raise InvalidInput(problems)
        repo, objective = self.okr_app.repo, self.objective

        def save() -> str:
            saved = repo.update_objective(objective.id, **data) if objective else repo.add_objective(**data)
            return f"o{saved.id}"
        return save


class TeamSettingsForm(FormScreen):
    """A team's settings, shared by everyone on the database: check-in cadence and lead."""

    WHOLE_ITEM_FIELD = "cadence"

    def __init__(self, team: str):
        super().__init__()
        self.team = team
        self.heading = _("Team settings: {team}").format(team=team)

    def build_fields(self) -> list[tuple[str, str, Widget]]:
        from okrtui.domain.cadence import team_settings

        record = team_settings(self.okr_app.workspace, self.team)
        cadence = Select([(cadence_label(c), c) for c in CADENCES], allow_blank=False, compact=True,
                         value=record.cadence)
        return [
            ("cadence", _("Check-ins"), cadence),
            ("lead", _("Lead"), field_input(record.lead, _("who gets the team's reminder summary"))),
        ]

    def submit(self, values: dict[str, Any]) -> SaveAction:
        repo, team = self.okr_app.repo, self.team

        def save() -> str:
            repo.set_team_settings(team, cadence=values["cadence"], lead=values["lead"])
            return ""
        return save
