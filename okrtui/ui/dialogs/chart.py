"""The chart view (`g`): a KR's values over its quarter against the expected pace, an
objective's progress, and the pictures of the whole: `t` its team's objectives, `c` the
company's teams (chart_whole.py). Plotted with plotext through textual-plotext, Textualize's
widget for it. Each shows, dashed, the forecast to the quarter's end from the check-in trend
(domain/forecast), with the grade it is heading for.

The series come from domain/series; this screen only draws them. User text
(titles, units) stays out of the plot, in a header drawn as rich Text, so
CJK titles keep their width and nothing is read as markup. A legend line says
which line is which in words, so the chart does not depend on colour alone.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static
from textual_plotext import PlotextPlot

from okrtui.domain.clock import view_moment
from okrtui.domain.quarter import Quarter
from okrtui.domain.scoring import grade
from okrtui.domain.forecast import chart_line, kr_projection
from okrtui.domain.forecast_whole import objective_projection
from okrtui.domain.series import Chart, chart_ticks, kr_chart, objective_chart
from okrtui.domain.series_team import company_chart, team_chart
from okrtui.domain.closed import quarter_closed
from okrtui.present.forecast_text import forecast_text, kr_forecast_text
from okrtui.ui.dialogs.chart_whole import FORECAST_COLOUR, plot_dashed, plot_whole, whole_head, whole_legend
from okrtui.domain.views import view_kr, view_objective
from okrtui.domain.numbers import format_kr_value, format_percent
from okrtui.i18n import _, ngettext
from okrtui.present.text import truncate
from okrtui.present.formatting import kr_values
from okrtui.ui.rows.shared import GRADE_STYLE, STATUS_STYLE, status_text
from okrtui.ui.app_access import OkrAppAccess
from okrtui.ui.widgets.keys_footer import KeysFooter

LINE_COLOUR = {"green": "green", "yellow": "orange", "red": "red"}


class ChartScreen(OkrAppAccess, ModalScreen[None]):
    DEFAULT_CSS = """
    ChartScreen { align: center middle; }
    ChartScreen > Vertical { width: 100%; height: 100%; padding: 0 1; background: $surface; }
    ChartScreen #chart-head { height: auto; }
    ChartScreen #chart-legend { height: auto; max-height: 6; }
    ChartScreen PlotextPlot { height: 1fr; min-height: 8; }
    """
    BINDINGS = [
        Binding("escape,g,q", "close", _("Close"), tooltip=_("Close the chart")),
        Binding("o", "objective", _("Objective"), tooltip=_("Chart of the objective this KR belongs to")),
        Binding("t", "team", _("Team"), tooltip=_("Chart of the team: each objective against the pace")),
        Binding("c", "company", _("Company"), tooltip=_("Chart of the company: each team against the pace")),
    ]

    def __init__(self, kr_id: int | None = None, objective_id: int | None = None, team: str | None = None,
                 company: bool = False):
        super().__init__()
        self.kr_id, self.objective_id = kr_id, objective_id
        self.team, self.company = team, company  # a picture of the whole instead of one item

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("", id="chart-head")
            yield PlotextPlot(id="chart")
            yield Static("", id="chart-legend")
        yield KeysFooter(compact=True)

    def on_mount(self) -> None:
        self.draw()

    def refresh_kr(self) -> None:
        """Called by the update screen after a reload (another session's check-in)."""
        self.draw()

    def _workspace(self):
        app = self.okr_app
        return app.workspace_for(app.quarter)

    def draw(self) -> None:
        if self.team is not None or self.company:
            self._draw_whole()
            return
        ws = self._workspace()
        kr = ws.key_result(self.kr_id) if self.kr_id is not None else None
        objective = ws.objective(kr.objective_id if kr else self.objective_id or 0)
        if objective is None:
            self.query_one("#chart-head", Static).update(Text(_("This item is gone (deleted elsewhere). Press escape.")))
            return
        quarter = Quarter.parse(objective.quarter)
        today, now = view_moment(self.okr_app.clock, quarter)
        expected = min(max(quarter.elapsed(today), 0.0), 1.0)
        width = max(self.size.width - 4, 30)
        head = Text(no_wrap=True, overflow="ellipsis")
        if kr is not None:
            view = view_kr(ws, kr, expected, now)
            chart = kr_chart(ws, kr, quarter, today)
            head.append(truncate(f"#{kr.id} {kr.title}", width), style="bold")
            head.append("\n" + truncate(f"O{objective.id} {objective.title}", width), style="dim")
            head.append("\n" + kr_values(kr) + "  ")
            progress, raw, status = view.progress, view.raw, view.status
        else:
            oview = view_objective(ws, objective, expected, now)
            chart = objective_chart(ws, objective, quarter, today)
            head.append(truncate(f"O{objective.id} {objective.title}", width), style="bold")
            head.append("\n" + ngettext("{n} key result · {quarter}", "{n} key results · {quarter}", len(oview.key_results)).format(
                n=len(oview.key_results), quarter=quarter), style="dim")
            head.append("\n")
            progress, raw, status = oview.progress, oview.progress, oview.status
        head.append(format_percent(raw) + "  ", style=GRADE_STYLE[grade(progress)])
        head.append(status_text(status), style=STATUS_STYLE.get(status, ""))
        projection = None
        if objective.final_score is not None and objective.state != "active":
            head.append("  " + _("final grade {score}").format(score=f"{objective.final_score:.2f}"),
                        style=GRADE_STYLE[grade(objective.final_score)])
        elif objective.state == "active":
            if kr is not None:
                projection = kr_projection(kr, ws.checkins_of(kr.id), quarter.end, today)
            else:
                projection = objective_projection(ws, objective, quarter, today)
            if projection is not None:
                head.append("  " + (kr_forecast_text(kr, projection) if kr else forecast_text(projection)), style="bold")
        self.query_one("#chart-head", Static).update(head)
        trend = chart_line(projection.forecast, quarter.start) if projection else []
        self._plot(chart, grade(progress), percent=kr is None, unit=kr.unit if kr else "", trend=trend)
        self.query_one("#chart-legend", Static).update(self._legend(grade(progress), kr is None, chart, bool(trend)))

    def _draw_whole(self) -> None:
        ws = self._workspace()
        quarter = self.okr_app.quarter
        today, _now = view_moment(self.okr_app.clock, quarter)
        width = max(self.size.width - 4, 30)
        if self.company:
            chart = company_chart(ws, quarter, today)
        else:
            chart = team_chart(ws, quarter, self.team or "", today)
        if quarter_closed(ws, quarter):
            chart.projection = None  # graded: the grades are known, nothing to forecast
        self.query_one("#chart-head", Static).update(whole_head(chart, width))
        plot = self.query_one(PlotextPlot)
        plt = plot.plt
        plt.clear_figure()
        plot_whole(plt, chart)
        ticks = chart_ticks(chart.quarter, chart.last_day)
        plt.xticks([t for t, _l in ticks], [label for _t, label in ticks])
        plt.xlim(0, chart.last_day)
        plot.refresh()
        self.query_one("#chart-legend", Static).update(whole_legend(chart, width))

    def _plot(self, chart: Chart, band: str, percent: bool, unit: str, trend: list[tuple[float, float]]) -> None:
        plt = self.query_one(PlotextPlot).plt
        plt.clear_figure()
        scale = 100.0 if percent else 1.0
        plt.hline(chart.target * scale, "gray")  # the finish line (a threshold KR: the line to hold)
        if chart.sloped_pace:
            plt.plot([x for x, _y in chart.pace], [y * scale for _x, y in chart.pace], marker="dot", color="gray")
        vx = [x for x, _y in chart.values]
        vy = [y * scale for _x, y in chart.values]
        if chart.today is not None and vx and vx[-1] < chart.today:
            vx, vy = vx + [chart.today], vy + [vy[-1]]  # the latest value holds until today
        if vx:
            plt.plot(vx, vy, marker="braille", color=LINE_COLOUR[band])
            plt.scatter([x for x, _y in chart.values], [y * scale for _x, y in chart.values], marker="●",
                        color=LINE_COLOUR[band])
        if trend:
            plot_dashed(plt, trend, FORECAST_COLOUR, scale, chart.last_day)
        if chart.today is not None:
            plt.vline(chart.today, "blue")
        ticks = chart.ticks()
        plt.xticks([t for t, _l in ticks], [label for _t, label in ticks])
        plt.xlim(0, chart.last_day)
        ys = chart.y_ticks  # the domain's axis: round steps; a milestone's is exactly 0..1
        plt.ylim(ys[0] * scale, ys[-1] * scale)
        plt.yticks([y * scale for y in ys], [self._tick_label(chart.kind, y) for y in ys])
        plt.ylabel(truncate(unit, 12) if unit.isascii() else "")
        self.query_one(PlotextPlot).refresh()

    @staticmethod
    def _tick_label(kind: str, value: float) -> str:
        """An axis value written like the KR's own values (38,500; done), an objective's as a percent."""
        if kind == "progress":
            return format_percent(value)
        return format_kr_value(kind, value)

    def _legend(self, band: str, objective: bool, chart: Chart, trend: bool) -> Text:
        legend = Text(no_wrap=True, overflow="ellipsis")
        if chart.values:
            legend.append("⣿ ●", style=GRADE_STYLE[band])
            legend.append(" " + (_("progress at each check-in") if objective else _("value at each check-in")))
        else:
            legend.append(_("no check-in yet: nothing to draw before the first one"), style="dim")
        if chart.sloped_pace:
            legend.append("   ·· ", style="dim")
            legend.append(_("expected pace"))
        legend.append("   ── ", style="dim")
        legend.append(_("target"))
        if trend:
            legend.append("   ╌╌ ", style="magenta")
            legend.append(_("trend"))
        if chart.today is not None:
            legend.append("   │ ", style="blue")
            legend.append(_("today"))
        return legend

    def _objective_shown(self):
        ws = self._workspace()
        kr = ws.key_result(self.kr_id) if self.kr_id is not None else None
        return ws.objective(kr.objective_id if kr else self.objective_id or 0)

    def action_team(self) -> None:
        objective = self._objective_shown()
        if self.team is None and not self.company and objective is not None:
            self.team = objective.team
        elif self.team is None:  # the company's chart: its first team
            teams = sorted({o.team for o in self._workspace().objectives_in(self.okr_app.quarter)})
            if not teams:
                return
            self.team = teams[0]
        self.company = False
        self.draw()

    def action_company(self) -> None:
        if self.team is None and not self.company:
            objective = self._objective_shown()
            self.team = objective.team if objective is not None else None  # `t` from here goes to this team
        self.company = True
        self.draw()

    def action_objective(self) -> None:
        if self.kr_id is None or self.team is not None or self.company:
            return
        kr = self._workspace().key_result(self.kr_id)
        if kr is not None:
            self.kr_id, self.objective_id = None, kr.objective_id
            self.draw()

    def action_close(self) -> None:
        self.dismiss(None)  # a second queued dismiss is ignored for every screen (textual_compat)
