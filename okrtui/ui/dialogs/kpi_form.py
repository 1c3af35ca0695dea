"""KPI forms: new / edit a KPI, and record a reading with a live hit / watch / miss preview.

Built on the shared FormScreen: each problem is a sentence under its field and
nothing is written unless everything is valid. Parsing is the domain's
(`domain.kpi_input`); the statuses are `domain.kpi`'s.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Input, Select, Static

from okrtui.domain.kpi import kpi_status_at
from okrtui.domain.kpi_input import kpi_fields, reading_value, watch_band_text
from okrtui.domain.models import KPI
from okrtui.domain.validation import InvalidInput
from okrtui.domain.numbers import format_number, format_with_unit
from okrtui.present.formatting import direction_arrow
from okrtui.i18n import _
from okrtui.ui.dialogs.forms import FormScreen, SaveAction, field_input
from okrtui.ui.rows.compare import kpi_cell
from okrtui.i18n import ngettext


def direction_options() -> list[tuple[str, str]]:
    return [(_("higher is better (↑)"), "higher_is_better"), (_("lower is better (↓)"), "lower_is_better")]


class KPIForm(FormScreen):
    """Fields: name, team, unit, direction, target, watch band (%), and a first reading for a new KPI."""

    WHOLE_ITEM_FIELD = "target"

    def __init__(self, kpi: KPI | None = None, team: str | None = None):
        super().__init__()
        self.kpi, self.default_team = kpi, team
        self.heading = _("Edit KPI K{id}").format(id=kpi.id) if kpi else _("New KPI (a health metric to watch)")

    def build_fields(self) -> list[tuple[str, str, Widget]]:
        k = self.kpi
        ws = self.okr_app.workspace
        fields: list[tuple[str, str, Widget]] = [
            ("name", _("Name"), field_input(k.name if k else "", _("e.g. 客訴率 or Monthly revenue"))),
            ("team", _("Team"), field_input(k.team if k else (self.default_team or ""), _("e.g. 客服 or Sales"),
                                            suggester=SuggestFromList(ws.teams(), case_sensitive=False))),
            ("unit", _("Unit"), field_input(k.unit if k else "", _("%, hours, 萬元"))),
            ("direction", _("Direction"), Select(direction_options(), allow_blank=False, compact=True,
                                                 value=k.direction if k else "higher_is_better")),
            ("target", _("Target"), field_input(f"{k.target:g}" if k else "", _("the level to reach or keep"))),
            ("watch_band", _("Watch band %"), field_input(watch_band_text(k.watch_band) if k else "",
                                                          _("10: 'watch' within a 10% band around the target"))),
        ]
        if k is None:
            fields.append(("reading", _("Reading now"), field_input("", _("optional: its value today"))))
        return fields

    def live(self, values: dict[str, Any]) -> None:
        """Preview the status the KPI would have (at its reading) with what is typed so far."""
        preview = self.query_one("#preview", Static)
        try:
            data = kpi_fields(values, self.okr_app.clock.now(), existing=self.kpi)
        except InvalidInput:
            preview.display = False
            return
        current = self.kpi.current if self.kpi else data.get("current")
        status = kpi_status_at(data["direction"], data["target"], current, data["watch_band"])
        text = Text(_("preview: "), style="dim")
        text.append(format_with_unit(current, data["unit"]) + "  ")
        text.append_text(kpi_cell(status))
        preview.update(text)
        preview.display = True

    def submit(self, values: dict[str, Any]) -> SaveAction:
        data = kpi_fields(values, self.okr_app.clock.now(), existing=self.kpi)
        repo, kpi = self.okr_app.repo, self.kpi

        def save() -> str:
            saved = repo.update_kpi(kpi.id, **data) if kpi else repo.add_kpi(**data)
            return f"kpi{saved.id}"
        return save


class ReadingForm(FormScreen):
    """Record a KPI reading: the value (focused; enter saves), an optional note (tab), and the
    status moving as you type."""

    WHOLE_ITEM_FIELD = "value"

    def __init__(self, kpi: KPI, author: str = ""):
        super().__init__()
        self.kpi, self.author = kpi, author
        arrow = direction_arrow(kpi.direction)
        self.heading = _("Reading for K{id} {name} (now {current}, target {arrow} {target})").format(
            id=kpi.id, name=kpi.name, current=format_with_unit(kpi.current, kpi.unit), arrow=arrow,
            target=format_with_unit(kpi.target, kpi.unit))

    def build_fields(self) -> list[tuple[str, str, Widget]]:
        return [
            ("value", _("Value"), field_input("", format_number(self.kpi.current) if self.kpi.current is not None else "")),
            ("note", _("Note"), field_input("", _("optional"))),
        ]

    @on(Input.Submitted)
    def _value_submitted(self, event: Input.Submitted) -> None:
        """Enter on the value saves at once, as a check-in does; the note is reached with tab."""
        if event.control is self.widget("value"):
            event.stop()
            event.prevent_default()  # not the base form's "enter moves to the next field"
            self.action_save()

    def live(self, values: dict[str, Any]) -> None:
        preview = self.query_one("#preview", Static)
        typed = (values.get("value") or "").strip()
        try:
            value = reading_value(typed) if typed else self.kpi.current
        except InvalidInput as error:
            preview.update(Text(_("preview: {problem}").format(problem=error.problems[0][1]), style="dim"))
            preview.display = True
            return
        k = self.kpi
        text = Text(_("preview: "), style="dim")
        text.append(format_with_unit(value, k.unit) + "  ")
        text.append_text(kpi_cell(kpi_status_at(k.direction, k.target, value, k.watch_band)))
        preview.update(text)
        preview.display = True

    def submit(self, values: dict[str, Any]) -> SaveAction:
        value = reading_value(values.get("value"))
        repo, kpi_id, author, note = self.okr_app.repo, self.kpi.id, self.author, values.get("note") or ""
        app = self.okr_app

        def save() -> str:  # in the file worker: the notice goes through the event loop
            saved = repo.record_kpi_reading(kpi_id, value, note=note, author=author)
            if saved.fed:
                fed = ", ".join(f"#{f.after.id}" for f in saved.fed)
                app.call_from_thread(app.notify, ngettext(
                    "Also checked in key result {krs}, which K{id} feeds.",
                    "Also checked in key results {krs}, which K{id} feeds.", len(saved.fed)).format(
                    krs=fed, id=saved.kpi.id), markup=False)
            return f"kpi{saved.kpi.id}"
        return save
