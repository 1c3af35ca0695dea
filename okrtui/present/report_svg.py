"""A team's (or the company's) chart as SVG, for the HTML report: each objective's progress over
the quarter against the pace line, the dashed forecast of the whole, today.

Plain SVG 1.1 markup, no script, no external reference (fonts are the reader's own). Every
piece of user text goes through escape(); the only user text inside the drawing is the
chart's <title>, the rest (titles of the lines) is in the HTML legend. Each line has its
own marker shape as well as its colour, so the chart reads printed in black and white.
The series are domain/series_team's, as in the app's chart.
"""

from __future__ import annotations

from html import escape

from okrtui.domain.series import chart_ticks
from okrtui.domain.series_team import WholeChart

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 44, 40, 12, 28
COLOURS = ("#1f77b4", "#d95f02", "#7570b3", "#1b9e77", "#e7298a", "#66a61e", "#a6761d", "#555555")
SHAPES = ("circle", "square", "triangle", "diamond", "plus", "cross")
FORECAST, PACE, TODAY, GRID = "#b0177d", "#888888", "#2563eb", "#e5e5e5"


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def line_style(index: int) -> tuple[str, str]:
    return COLOURS[index % len(COLOURS)], SHAPES[index % len(SHAPES)]


def marker(shape: str, x: float, y: float, colour: str, size: float = 4.0) -> str:
    """A marker shape centred on (x, y)."""
    s = size
    if shape == "circle":
        return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(s)}" fill="{colour}"/>'
    if shape == "square":
        return f'<rect x="{_n(x - s)}" y="{_n(y - s)}" width="{_n(2 * s)}" height="{_n(2 * s)}" fill="{colour}"/>'
    if shape == "triangle":
        return f'<polygon points="{_n(x)},{_n(y - s)} {_n(x + s)},{_n(y + s)} {_n(x - s)},{_n(y + s)}" fill="{colour}"/>'
    if shape == "diamond":
        return f'<polygon points="{_n(x)},{_n(y - s)} {_n(x + s)},{_n(y)} {_n(x)},{_n(y + s)} {_n(x - s)},{_n(y)}" fill="{colour}"/>'
    arms = ((x - s, y, x + s, y), (x, y - s, x, y + s)) if shape == "plus" else \
        ((x - s, y - s, x + s, y + s), (x - s, y + s, x + s, y - s))
    return "".join(f'<line x1="{_n(a)}" y1="{_n(b)}" x2="{_n(c)}" y2="{_n(d)}" stroke="{colour}" stroke-width="2"/>'
                   for a, b, c, d in arms)


def legend_marker(index: int) -> str:
    """A line's marker on its own, for the legend beside its title."""
    colour, shape = line_style(index)
    return (f'<svg class="key" width="22" height="12" viewBox="0 0 22 12" aria-hidden="true">'
            f'<line x1="0" y1="6" x2="22" y2="6" stroke="{colour}" stroke-width="2"/>{marker(shape, 11, 6, colour)}</svg>')


def chart_svg(chart: WholeChart, title: str, labels: dict[str, str]) -> str:
    """`title`: the chart's accessible name (escaped here); `labels`: the chart's own words
    ("today", "expected pace"), translated by the caller."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top = chart.top

    def x(day: float) -> float:
        return LEFT + min(max(day, 0.0), chart.last_day) / max(chart.last_day, 1) * plot_w

    def y(progress: float) -> float:
        return TOP + (1 - min(max(progress, 0.0), top) / top) * plot_h

    kind = "team-chart" if chart.team is not None else "company-chart"
    out = [f'<svg class="chart {kind}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
           f'role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>']
    for p in (0.0, 0.25, 0.5, 0.75, 1.0):  # the value axis, 0% to 100%
        out.append(f'<line x1="{LEFT}" y1="{_n(y(p))}" x2="{LEFT + plot_w}" y2="{_n(y(p))}" '
                   f'stroke="{GRID if p not in (0.0, 1.0) else PACE}" stroke-width="1"/>')
        out.append(f'<text x="{LEFT - 6}" y="{_n(y(p) + 4)}" text-anchor="end" class="tick">{round(p * 100)}%</text>')
    for day, label in chart_ticks(chart.quarter, chart.last_day):
        out.append(f'<line x1="{_n(x(day))}" y1="{TOP + plot_h}" x2="{_n(x(day))}" y2="{TOP + plot_h + 4}" stroke="{PACE}"/>')
        anchor = "end" if day == chart.last_day else "middle" if day else "start"
        out.append(f'<text x="{_n(x(day))}" y="{HEIGHT - 8}" text-anchor="{anchor}" class="tick">{escape(label)}</text>')
    (x0, y0), (x1, y1) = chart.pace
    out.append(f'<line class="pace" x1="{_n(x(x0))}" y1="{_n(y(y0))}" x2="{_n(x(x1))}" y2="{_n(y(y1))}" '
               f'stroke="{PACE}" stroke-width="1.5" stroke-dasharray="1 4" stroke-linecap="round"/>')
    if chart.today is not None:
        tx = _n(x(chart.today))
        out.append(f'<line class="today" x1="{tx}" y1="{TOP}" x2="{tx}" y2="{TOP + plot_h}" stroke="{TODAY}" stroke-width="1"/>')
        out.append(f'<text x="{tx}" y="{TOP + 10}" dx="3" class="tick" fill="{TODAY}">{escape(labels["today"])}</text>')
    for index, line in enumerate(chart.lines):
        if not line.values:
            continue
        colour, shape = line_style(index)
        (first_x, first_y), *rest = line.values
        path = [f"M{_n(x(first_x))} {_n(y(first_y))}"]
        for day, progress in rest:  # a step line: the latest progress holds until the next check-in
            path.append(f"H{_n(x(day))} V{_n(y(progress))}")
        end = max(chart.today if chart.today is not None else 0.0, line.values[-1][0])
        path.append(f"H{_n(x(end))}")
        out.append(f'<path class="line" d="{" ".join(path)}" fill="none" stroke="{colour}" stroke-width="2"/>')
        out += [marker(shape, x(day), y(progress), colour) for day, progress in line.values]
    if chart.projection is not None:
        (fx0, fy0), (fx1, fy1) = chart.trend_points()
        out.append(f'<line class="forecast" x1="{_n(x(fx0))}" y1="{_n(y(fy0))}" x2="{_n(x(fx1))}" y2="{_n(y(fy1))}" '
                   f'stroke="{FORECAST}" stroke-width="2.5" stroke-dasharray="7 5"/>')
        out.append(f'<text x="{_n(x(fx1) + 4)}" y="{_n(y(min(max(fy1, 0.0), top)) + 4)}" class="tick" '
                   f'fill="{FORECAST}">{chart.projection.score:.2f}</text>')
    out.append("</svg>")
    return "".join(out)
