"""Drawing the pictures of the whole in the chart view: a team's objectives, or the company's
teams, each a line against the pace line, and the dashed forecast of the whole.

The series come from domain/series_team. Each line has its own marker and is listed in the legend
with it, so it is told apart without colour; an objective's line is labelled "O3" at its end.
User text stays out of the plot (plotext counts a CJK character as one cell): a team's name
is only in the legend.
"""

from __future__ import annotations

import math

from rich.text import Text

from okrtui.domain.series_team import WholeChart
from okrtui.present.forecast_text import forecast_text, no_trend_text
from okrtui.i18n import _, ngettext
from okrtui.present.text import truncate

# Colours and markers in turn; a marker per line so that the lines differ in black and white too.
COLOURS = ("cyan", "orange", "magenta", "green", "red", "blue")  # plotext's names
RICH_COLOURS = {"orange": "dark_orange"}  # the legend's (rich) name where it differs
MARKERS = "●■▲◆✚✖"
FORECAST_COLOUR = "magenta+"
DASHES = 14  # dashes in a dashed line across the whole quarter


def plot_dashed(plt, points: list[tuple[float, float]], colour: str, scale: float = 1.0, last_day: int = 91) -> None:
    """A straight line drawn as dashes: short pieces with gaps, as many as the quarter's share it spans."""
    (x0, y0), (x1, y1) = points
    if not math.isfinite((y1 - y0) * scale):
        return  # a trend across the whole float range: nothing drawable
    pieces = max(2, round(DASHES * (x1 - x0) / max(last_day, 1)) * 2)
    for i in range(0, pieces, 2):
        a, b = x0 + (x1 - x0) * i / pieces, x0 + (x1 - x0) * (i + 1) / pieces
        ya, yb = y0 + (y1 - y0) * i / pieces, y0 + (y1 - y0) * (i + 1) / pieces
        plt.plot([a, b], [ya * scale, yb * scale], marker="braille", color=colour)


def line_style(index: int) -> tuple[str, str]:
    return COLOURS[index % len(COLOURS)], MARKERS[index % len(MARKERS)]


def plot_whole(plt, chart: WholeChart) -> None:
    plt.hline(100.0, "gray")
    plt.plot([x for x, _y in chart.pace], [y * 100 for _x, y in chart.pace], marker="dot", color="gray")
    for index, line in enumerate(chart.lines):
        if not line.values:
            continue
        colour, marker = line_style(index)
        xs, ys = [x for x, _y in line.values], [y * 100 for _x, y in line.values]
        if chart.today is not None and xs[-1] < chart.today:
            xs, ys = xs + [chart.today], ys + [ys[-1]]  # the latest progress holds until today
        plt.plot(xs, ys, marker="braille", color=colour)
        plt.scatter([x for x, _y in line.values], [y * 100 for _x, y in line.values], marker=marker, color=colour)
        if line.label.isascii() and line.label.isprintable():  # plotext counts a wide character as one cell
            plt.text(line.label[:6], xs[-1], ys[-1], color=colour, alignment="left")
    if (trend := chart.trend_points()):
        plot_dashed(plt, trend, FORECAST_COLOUR, 100.0, chart.last_day)
    if chart.today is not None:
        plt.vline(chart.today, "blue")
    top = chart.top
    ticks = [t for t in (0.0, 0.25, 0.5, 0.75, 1.0)] if top <= 1.0 else [0.0, 0.5, 1.0, top]
    plt.ylim(0, top * 100)
    plt.yticks([t * 100 for t in ticks], [f"{round(t * 100)}%" for t in ticks])


def whole_head(chart: WholeChart, width: int) -> Text:
    head = Text(no_wrap=True, overflow="ellipsis")
    title = chart.team if chart.team is not None else _("Company")
    head.append(truncate(title, width), style="bold")
    what = (ngettext("{n} objective · {quarter}", "{n} objectives · {quarter}", len(chart.lines))
            if chart.team is not None else ngettext("{n} team · {quarter}", "{n} teams · {quarter}", len(chart.lines)))
    head.append("\n" + what.format(n=len(chart.lines), quarter=chart.quarter), style="dim")
    head.append("\n")
    if chart.projection is not None:
        head.append(forecast_text(chart.projection), style="bold")
    elif chart.mean:
        head.append(no_trend_text(), style="dim")
    else:
        head.append(_("no check-in yet: nothing to draw before the first one"), style="dim")
    return head


def whole_legend(chart: WholeChart, width: int) -> Text:
    """Each line's marker, label and title, then the pace, the forecast and today."""
    legend = Text(overflow="ellipsis")
    entries = []
    for index, line in enumerate(chart.lines):
        colour, marker = line_style(index)
        label = line.label if line.label == line.title else f"{line.label} {line.title}"
        if not line.values:
            label += " · " + _("pending")
        entries.append((marker, truncate(label, max(width // 2 - 4, 12)), RICH_COLOURS.get(colour, colour)))
    for marker, label, colour in entries:
        legend.append(marker + " ", style=colour)
        legend.append(label + "   ")
    if chart.left_out:
        legend.append(_("and {n} more not drawn").format(n=chart.left_out) + "   ", style="dim")
    legend.append("\n·· ", style="dim")
    legend.append(_("expected pace"))
    if chart.projection is not None:
        legend.append("   ╌╌ ", style="magenta")
        legend.append(_("trend of the whole"))
    if chart.today is not None:
        legend.append("   │ ", style="blue")
        legend.append(_("today"))
    return legend
