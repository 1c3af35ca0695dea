"""New / edit key result, with a live bar of the KR at its current value and live coach hints."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widget import Widget
from textual import on
from textual.widgets import Input, Select, Static

from okrtui.domain.coach import check_key_result, check_kr_count
from okrtui.domain.inputs import parse_number
from okrtui.domain.kpi_feed import check_source, kpi_by_id
from okrtui.domain.models import KeyResult, Objective
from okrtui.domain.validation import InvalidInput, build, field_label
from okrtui.domain.quarter import Quarter
from okrtui.domain.kr_rules import kr_preview
from okrtui.i18n import _
from okrtui.ui.dialogs.forms import FormScreen, SaveAction, field_input
from okrtui.present.formatting import kr_values
from okrtui.ui.rows.shared import progress_cells

NUMBER_FIELDS = ("start", "target", "weight")


def kind_options() -> list[tuple[str, str]]:
    return [
        (_("increase (start → higher target)"), "increase"),
        (_("decrease (start → lower target)"), "decrease"),
        (_("at least (stay at or above target)"), "at_least"),
        (_("at most (stay at or below target)"), "at_most"),
        (_("milestone (done or not done)"), "milestone"),
    ]


# A milestone is done (1) or not done (0): it has no unit, start or target to ask for, and no KPI
# can feed it (domain/kpi_feed).
MILESTONE_HIDES = ("unit", "start", "target", "source_kpi_id")


def source_options(ws) -> list[tuple[str, int]]:
    """Every KPI, as "K5 平均回應時間 · 客服 (小時)", to feed the KR."""
    out = []
    for kpi in sorted(ws.kpis, key=lambda k: k.id or 0):
        unit = f" ({kpi.unit})" if kpi.unit else ""
        out.append((f"K{kpi.id} {kpi.name} · {kpi.team}{unit}", kpi.id or 0))
    return out


class KeyResultForm(FormScreen):
    """Fields: title, kind, unit, start, target, weight, owner, and the KPI that feeds it (if any).
    A blank start is 0, a blank weight 1.

    A new KR's start and weight are filled in with those defaults as real values (not grey
    placeholders, which read as values that are not there); tabbing into a field selects its text,
    so typing replaces it. A milestone hides unit, start and target: it runs from 0 to 1.
    """

    WHOLE_ITEM_FIELD = "target"

    def __init__(self, objective: Objective, kr: KeyResult | None = None):
        super().__init__()
        self.objective, self.kr = objective, kr
        self.heading = (
            _("Edit key result #{id} of O{oid}").format(id=kr.id, oid=objective.id) if kr
            else _("New key result for O{oid} {title}").format(oid=objective.id, title=objective.title)
        )

    def build_fields(self) -> list[tuple[str, str, Widget]]:
        kr = self.kr

        def num(value: float | None) -> str:
            return "" if value is None else f"{value:g}"

        return [
            ("title", _("Title"), field_input(kr.title if kr else "", _("the outcome and its finish line"))),
            ("kind", _("Kind"), Select(kind_options(), allow_blank=False, compact=True,
                                       value=kr.kind if kr else "increase")),
            ("unit", _("Unit"), field_input(kr.unit if kr else "", _("%, clients, hours, 次瀏覽/月"))),
            ("start", _("Start"), field_input(num(kr.start) if kr else "0")),
            ("target", _("Target"), field_input(num(kr.target) if kr else "", _("where the KR should end"))),
            ("weight", _("Weight"), field_input(num(kr.weight) if kr else "1")),
            ("owner", _("Owner"), field_input(kr.owner if kr else self.objective.owner)),
            ("source_kpi_id", _("Fed by KPI"), self._source_select()),
        ]

    @on(Input.Submitted)
    def _owner_submitted(self, event: Input.Submitted) -> None:
        """Enter on the owner saves, as it did when the owner was the last field: the KPI that feeds
        the KR, after it, is rarely set and is reached with tab."""
        if event.control is self.widget("owner"):
            event.stop()
            event.prevent_default()  # not the base form's "enter moves to the next field"
            self.action_save()

    def _source_select(self) -> Select:
        """The KPI whose readings are also this KR's check-ins; blank: checked in by hand."""
        options = source_options(self.okr_app.workspace)
        linked = self.kr.source_kpi_id if self.kr else None
        known = linked in [value for _label, value in options]
        return Select(options, prompt=_("none: checked in by hand"), allow_blank=True, compact=True,
                      value=linked if known else Select.NULL)

    def parse(self, values: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        """Typed text → model fields, plus a sentence for every number that is not one."""
        data: dict[str, Any] = {k: v for k, v in values.items() if k not in NUMBER_FIELDS}
        problems: list[tuple[str, str]] = []
        milestone = values.get("kind") == "milestone"
        if milestone:  # what the hidden fields still hold does not count
            data.update(unit="", start=0.0, target=1.0, source_kpi_id=None)
        for name in NUMBER_FIELDS:
            if milestone and name in MILESTONE_HIDES:
                continue
            text = (values.get(name) or "").strip()
            if not text:
                continue  # blank: the model's default (start 0, weight 1) or "target is required"
            try:
                data[name] = parse_number(text, field_label(name))
            except InvalidInput as error:
                problems += [(name, message) for _field, message in error.problems]
        data["objective_id"] = self.objective.id
        return data, problems

    def validate(self, values: dict[str, Any]) -> KeyResult:
        data, problems = self.parse(values)
        if self.kr is not None:
            data["current"] = self.kr.current
            data["confidence"] = self.kr.confidence
        try:
            candidate = build(KeyResult, {**data, "id": self.kr.id if self.kr else None})
        except InvalidInput as error:
            bad = {name for name, _m in problems}
            # A whole-KR rule (start == target) is meaningless while a number itself is unreadable.
            problems += [(f, m) for f, m in error.problems if f not in bad and (f or not bad)]
            raise InvalidInput(problems) from None
        if problems:
            raise InvalidInput(problems)
        check_source(self.okr_app.workspace, candidate)
        return candidate

    def _show_kind_fields(self, kind: str | None) -> None:
        for name in MILESTONE_HIDES:
            self.query_one(f"#field-{name}").display = kind != "milestone"
            if kind == "milestone":
                self.query_one(f"#err-{name}").display = False

    def live(self, values: dict[str, Any]) -> None:
        self._show_kind_fields(values.get("kind"))
        data, _problems = self.parse(values)
        shadow = KeyResult.model_construct(id=self.kr.id if self.kr else None, **data)
        findings = check_key_result(shadow)
        if self.kr is None:
            ws = self.okr_app.workspace
            aligned = [c for c in ws.children_of(self.objective.id) if c.quarter == self.objective.quarter]
            count = len(ws.krs_of(self.objective.id)) + 1
            findings += check_kr_count(self.objective, count, len(aligned))
        self.show_coach(findings)
        preview = self.query_one("#preview", Static)
        preview.update(self.preview(values))
        preview.display = True

    def preview(self, values: dict[str, Any]) -> Text:
        """What the KR would look like in the list, at its current value (a new KR: its start)."""
        try:
            # The title does not change the bar; an unfinished one should not hide it.
            candidate = self.validate({**values, "title": values.get("title") or "…"})
        except InvalidInput as error:
            return Text(_("preview: {problem}").format(problem=error.problems[0][1]), style="dim")
        ws = self.okr_app.workspace
        has_checkin = self.kr is not None and ws.last_checkin(self.kr.id) is not None
        shown = kr_preview(candidate, Quarter.parse(self.objective.quarter), self.okr_app.clock.today(), has_checkin)
        text = Text(_("preview: "), style="dim")
        text.append_text(progress_cells(shown.progress, shown.raw, shown.status))
        text.append("  " + kr_values(candidate))
        kpi = kpi_by_id(ws, candidate.source_kpi_id)
        if kpi is not None:
            text.append("\n" + _("fed by K{id} {name}: each reading of it is also a check-in of this key result")
                        .format(id=kpi.id, name=kpi.name), style="dim")
        return text

    def submit(self, values: dict[str, Any]) -> SaveAction:
        candidate = self.validate(values)
        fields = candidate.model_dump(include={"title", "kind", "unit", "start", "target", "weight", "owner",
                                               "source_kpi_id"})
        repo, kr, objective_id = self.okr_app.repo, self.kr, self.objective.id

        def save() -> str:
            saved = repo.update_key_result(kr.id, **fields) if kr else repo.add_key_result(objective_id, **fields)
            return f"k{saved.id}"
        return save
