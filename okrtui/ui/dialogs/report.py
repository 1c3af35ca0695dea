"""The report from the command palette: the same report as `okrtui report`, written to a file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.widget import Widget
from textual.widgets import Input, Select

from okrtui.domain.validation import InvalidInput
from okrtui.domain.clock import view_moment
from okrtui.present.report import build_report
from okrtui.present.report_formats import render
from okrtui.i18n import _
from okrtui.storage.errors import Unwritable
from okrtui.storage.files import write_output
from okrtui.ui.dialogs.forms import FormScreen, field_input

if TYPE_CHECKING:
    from okrtui.ui.app import OkrApp

SUFFIX = {"md": ".md", "csv": ".csv", "json": ".json", "html": ".html"}


def default_name(quarter: str, team: str | None, fmt: str) -> str:
    return f"okr-report-{quarter}{'-' + team if team else ''}{SUFFIX[fmt]}"


class ReportForm(FormScreen):
    WHOLE_ITEM_FIELD = "path"

    def __init__(self) -> None:
        super().__init__()
        self._named = ""

    def build_fields(self) -> list[tuple[str, str, Widget]]:
        app = self.okr_app
        self.heading = _("Report of {quarter}").format(quarter=app.quarter)
        formats = [(_("Markdown (a wiki page)"), "md"), (_("CSV (a spreadsheet; UTF-8 with BOM)"), "csv"),
                   (_("JSON (for programs)"), "json"),
                   (_("HTML (a page with a chart per team, to mail or print)"), "html")]
        teams = [(team, team) for team in app.workspace_for(app.quarter).teams()]
        team = app.team if app.team in dict(teams) else Select.NULL
        self._named = default_name(str(app.quarter), app.team, "md")
        return [
            ("format", _("Format"), Select(formats, allow_blank=False, compact=True, value="md")),
            ("team", _("Team"), Select(teams, prompt=_("every team"), allow_blank=True, compact=True, value=team)),
            ("path", _("File"), field_input(str(Path.cwd() / self._named))),
        ]

    def live(self, values: dict[str, Any]) -> None:
        """Keep the file name in step with the format and team until the user edits it."""
        path = self.widget("path")
        if not isinstance(path, Input) or not values.get("format"):
            return
        named = default_name(str(self.okr_app.quarter), values.get("team"), values["format"])
        current = Path(path.value)
        if current.name == self._named and named != self._named:
            path.value = str(current.with_name(named))
            self._named = named

    def submit(self, values: dict[str, Any]) -> str:
        app = self.okr_app
        text = values.get("path", "").strip()
        if not text:
            raise InvalidInput([("path", _("name the file to write"))])
        path = Path(text).expanduser()
        day, now = view_moment(app.clock, app.quarter)
        report = build_report(app.workspace_for(app.quarter), app.quarter, day, now, team=values.get("team"))
        try:
            write_output(path, render(report, values["format"]).encode("utf-8"))
        except Unwritable as error:
            raise InvalidInput([("path", str(error))]) from None
        return str(path)


def open_report(app: OkrApp) -> None:
    if app.read_only:  # a served screen writes no file on the server
        app.refuse_files()
        return

    def written(path: str | None) -> None:
        if path:
            app.notify(_("Wrote the report to {path}").format(path=path), markup=False, timeout=8)

    app.push_screen(ReportForm(), written)
