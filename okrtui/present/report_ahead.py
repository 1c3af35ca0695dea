"""The forecasts of a report (domain/forecast): each KR's and objective's projected grade on its
check-in trend, each team's chart with its forecast, and the company's.

Only while the quarter is open and for objectives still active: a graded objective's grade is
known, not a guess. The moment is the report's day (`as_of`), so a report is the same whenever
it is made for that day.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from okrtui.domain.forecast import kr_projection
from okrtui.domain.forecast_whole import objective_projection
from okrtui.domain.series_team import WholeChart, company_chart, team_chart
from okrtui.domain.workspace import Workspace

if TYPE_CHECKING:
    from okrtui.present.report import Report


def add_forecasts(report: "Report", workspace: Workspace, whole_company: bool) -> None:
    quarter, day = report.quarter, report.as_of
    for line in report.objectives:
        if report.closed or line.view.objective.state != "active":
            continue
        for k in line.krs:
            k.projection = kr_projection(k.view.kr, workspace.checkins_of(k.view.kr.id), quarter.end, day)
        line.projection = objective_projection(workspace, line.view.objective, quarter, day)
    for team in report.teams:
        team.chart = _unforecast(team_chart(workspace, quarter, team.team, day), report.closed)
    if whole_company:
        report.company = _unforecast(company_chart(workspace, quarter, day), report.closed)


def _unforecast(chart: WholeChart, closed: bool) -> WholeChart:
    if closed:  # graded: the grades are known, nothing to forecast
        chart.projection = None
    return chart
