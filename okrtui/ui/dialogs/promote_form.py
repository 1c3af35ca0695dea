"""Promote a KPI into a KR: under a chosen objective, starting at the KPI's current reading.

The form proposes a stretch target (domain.lens.stretch_target); the KPI itself
stays, as the health metric it was. The KR is written with `add_key_result`.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widget import Widget
from textual.widgets import Select, Static

from okrtui.domain.coach import check_key_result
from okrtui.domain.inputs import parse_number
from okrtui.domain.lens import promoted_kr_fields, stretch_target
from okrtui.domain.models import KPI, KeyResult, Objective
from okrtui.domain.validation import InvalidInput, build, field_label
from okrtui.domain.numbers import format_with_unit
from okrtui.i18n import _
from okrtui.present.text import truncate
from okrtui.ui.dialogs.forms import FormScreen, SaveAction, field_input


class PromoteForm(FormScreen):
    """Fields: objective (this quarter's; the KPI's team first), title, target."""

    WHOLE_ITEM_FIELD = "target"

    def __init__(self, kpi: KPI, objectives: list[Objective]):
        super().__init__()
        self.kpi = kpi
        # The KPI's own team first: that is where its KR most likely belongs.
        self.objectives = sorted(objectives, key=lambda o: (o.team != kpi.team, o.team, o.id or 0))
        self.heading = _("Promote KPI K{id} {name} into a key result").format(id=kpi.id, name=kpi.name)

    def build_fields(self) -> list[tuple[str, str, Widget]]:
        choices = [(Text(truncate(f"O{o.id} {o.title} · {o.team}", 60)), o.id) for o in self.objectives]
        proposal = stretch_target(self.kpi)
        # The finish line in the title, as the coach asks; the user edits both freely.
        title = self.kpi.name + (f" → {format_with_unit(proposal, self.kpi.unit)}" if proposal is not None else "")
        return [
            ("objective_id", _("Objective"), Select(choices, allow_blank=False, compact=True,
                                                   value=choices[0][1])),
            ("title", _("Title"), field_input(title, _("the outcome and its finish line"))),
            ("target", _("Target"), field_input(f"{proposal:g}" if proposal is not None else "",
                                                _("where this quarter should take it"))),
        ]

    def candidate(self, values: dict[str, Any]) -> KeyResult:
        text = (values.get("target") or "").strip()
        if not text:
            raise InvalidInput([("target", _("target is required: where this quarter should take the number"))])
        try:
            target = parse_number(text, field_label("target"))
        except InvalidInput as error:
            raise InvalidInput([("target", m) for _f, m in error.problems]) from None
        fields = promoted_kr_fields(self.kpi, values["objective_id"], values.get("title") or "", target)
        return build(KeyResult, fields)

    def live(self, values: dict[str, Any]) -> None:
        preview = self.query_one("#preview", Static)
        try:
            kr = self.candidate({**values, "title": values.get("title") or "…"})
        except InvalidInput as error:
            preview.update(Text(_("preview: {problem}").format(problem=error.problems[0][1]), style="dim"))
            preview.display = True
            self.show_coach([])
            return
        word = _("increase") if kr.kind == "increase" else _("decrease")
        preview.update(Text(_("preview: {kind} from {start} (K{id}'s reading) to {target}; K{id} stays as a KPI").format(
            kind=word, start=format_with_unit(kr.start, kr.unit), id=self.kpi.id,
            target=format_with_unit(kr.target, kr.unit)), style="dim"))
        preview.display = True
        self.show_coach(check_key_result(kr))

    def submit(self, values: dict[str, Any]) -> SaveAction:
        kr = self.candidate(values)
        fields = kr.model_dump(include={"title", "kind", "unit", "start", "target"})
        repo = self.okr_app.repo

        def save() -> str:
            return f"kr{repo.add_key_result(kr.objective_id, **fields).id}"
        return save
