"""The chart view (`g`): a KR's values over its quarter against the expected pace, or an
objective's progress. Plotted with plotext through textual-plotext, Textualize's widget for it.

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
from textual.widgets import Footer, Static
from textual_plotext import PlotextPlot

from okrtui.domain.clock import view_moment
from okrtui.domain.quarter import Quarter
from okrtui.domain.scoring import grade
from okrtui.domain.series import Chart, kr_chart, objective_chart
from okrtui.domain.views import view_kr, view_objective
from okrtui.formatting import format_kr_value, format_percent
from okrtui.i18n import _, ngettext
from okrtui.text import truncate
from okrtui.ui.widgets.rows import GRADE_STYLE, STATUS_STYLE, kr_values, status_text
from okrtui.ui.app_access import OkrAppAccess

LINE_COLOUR = {"green": "green", "yellow": "orange", "red": "red"}


class ChartScreen(OkrAppAccess, ModalScreen[None]):
    DEFAULT_CSS = """
    ChartScreen { align: center middle; }
    ChartScreen > Vertical { width: 100%; height: 100%; padding: 0 1; background: $surface; }
    ChartScreen #chart-head { height: auto; }
    ChartScreen #chart-legend { height: 1; }
    ChartScreen PlotextPlot { height: 1fr; min-height: 8; }
    """
    BINDINGS = [
        Binding("escape,g,q", "close", _("Close"), tooltip=_("Close the chart")),
        Binding("o", "objective", _("Objective"), tooltip=_("Chart of the objective this KR belongs to")),
    ]

    def __init__(self, kr_id: int | None = None, objective_id: int | None = None):
        super().__init__()
        self.kr_id, self.objective_id = kr_id, objective_id

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("", id="chart-head")
            yield PlotextPlot(id="chart")
            yield Static("", id="chart-legend")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.draw()

    def refresh_kr(self) -> None:
        """Called by the update screen after a reload (another session's check-in)."""
        self.draw()

    def _workspace(self):
        app = self.okr_app
        return app.workspace_for(app.quarter)

    def draw(self) -> None:
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
        if objective.final_score is not None and objective.state != "active":
            head.append("  " + _("final grade {score}").format(score=f"{objective.final_score:.2f}"),
                        style=GRADE_STYLE[grade(objective.final_score)])
        self.query_one("#chart-head", Static).update(head)
        self._plot(chart, grade(progress), percent=kr is None, unit=kr.unit if kr else "")
        self.query_one("#chart-legend", Static).update(self._legend(grade(progress), kr is None, chart))

    def _plot(self, chart: Chart, band: str, percent: bool, unit: str) -> None:
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

    def _legend(self, band: str, objective: bool, chart: Chart) -> Text:
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
        if chart.today is not None:
            legend.append("   │ ", style="blue")
            legend.append(_("today"))
        return legend

    def action_objective(self) -> None:
        if self.kr_id is None:
            return
        kr = self._workspace().key_result(self.kr_id)
        if kr is not None:
            self.kr_id, self.objective_id = None, kr.objective_id
            self.draw()

    def action_close(self) -> None:
        self.dismiss(None)  # a second queued dismiss is ignored for every screen (textual_compat)
