"""A team's chart as plain text, for a Markdown report (`okrtui report --charts`): each objective's
progress against the pace line, the forecast of the team, today.

The grid is ASCII only, so it keeps its columns in any monospaced font, CJK ones included
(their ● and ▲ can be two cells wide). User text (titles) is only in the legend beneath it,
where alignment does not matter. The series are domain/series_team's, as in the app's chart.
"""

from __future__ import annotations

from okrtui.domain.series_team import WholeChart
from okrtui.present.forecast_text import forecast_text
from okrtui.i18n import _

WIDTH = 61  # plot columns: day 0 in the first, the quarter's last day in the last
HEIGHT = 11  # rows: 100% at the top, 0% at the bottom, 10% a row
MARKERS = "*o+x#@%&=~$?"
PACE, TREND, TODAY = ".", ":", "|"


def _column(chart: WholeChart, day: float) -> int:
    return round(min(max(day, 0.0), chart.last_day) / max(chart.last_day, 1) * (WIDTH - 1))


def _row(progress: float) -> int:
    return HEIGHT - 1 - round(min(max(progress, 0.0), 1.0) * (HEIGHT - 1))


def _day(chart: WholeChart, column: int) -> float:
    return column / (WIDTH - 1) * chart.last_day


def text_chart(chart: WholeChart) -> list[str]:
    """The chart's lines (no fence)."""
    grid = [[" "] * WIDTH for _row_ in range(HEIGHT)]

    def line(points: list[tuple[float, float]], mark: str) -> None:
        (x0, y0), (x1, y1) = points
        for column in range(_column(chart, x0), _column(chart, x1) + 1):
            day = _day(chart, column)
            share = 0.0 if x1 == x0 else (day - x0) / (x1 - x0)
            grid[_row(y0 + (y1 - y0) * share)][column] = mark

    line(chart.pace, PACE)
    if chart.today is not None:
        for row in grid:
            row[_column(chart, chart.today)] = TODAY
    if (trend := chart.trend_points()):
        line(trend, TREND)
    for index, objective in enumerate(chart.lines):
        if not objective.values:
            continue
        mark = MARKERS[index % len(MARKERS)]
        end = chart.today if chart.today is not None else objective.values[-1][0]
        for column in range(_column(chart, objective.values[0][0]), _column(chart, max(end, objective.values[-1][0])) + 1):
            day = _day(chart, column)
            seen = [y for x, y in objective.values if x <= day + 1e-9]
            if seen:  # the latest progress holds until the next check-in (and today)
                grid[_row(seen[-1])][column] = mark
    labels = {0: "100%", (HEIGHT - 1) // 2: " 50%", HEIGHT - 1: "  0%"}
    out = [f"{labels.get(i, '    ')} {'+' if i in labels else '|'}{''.join(row).rstrip()}" for i, row in enumerate(grid)]
    out.append("     +" + "-" * WIDTH)
    axis = [" "] * (WIDTH + 6)
    for day, label in _ticks(chart):
        at = min(6 + _column(chart, day), WIDTH + 6 - len(label))
        axis[at:at + len(label)] = list(label)
    out.append("".join(axis).rstrip())
    out.append("")
    for index, objective in enumerate(chart.lines):
        pending = "" if objective.values else " (" + _("pending") + ")"
        title = objective.label if objective.label == objective.title else f"{objective.label} {objective.title}"
        out.append(f"{MARKERS[index % len(MARKERS)]} {title}{pending}".replace("```", "'''"))
    if chart.left_out:
        out.append(_("and {n} more not drawn").format(n=chart.left_out))
    keys = [PACE + " " + _("expected pace")]
    if chart.projection is not None:
        keys.append(f"{TREND} {forecast_text(chart.projection)}")
    if chart.today is not None:
        keys.append(TODAY + " " + _("today"))
    out.append("   ".join(keys))
    return out


def _ticks(chart: WholeChart) -> list[tuple[float, str]]:
    from okrtui.domain.series import chart_ticks

    ticks = chart_ticks(chart.quarter, chart.last_day)
    return ticks[:-1] if len(ticks) > 1 and ticks[-1][0] - ticks[-2][0] < 8 else ticks
