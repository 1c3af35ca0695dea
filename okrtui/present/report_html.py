"""The quarter report as one self-contained HTML page (`okrtui report --format html`): the
company's summary and chart, then each team with its chart (okrtui/report_svg.py), its
forecast and its objectives' key results. For a team lead to mail or print.

Self-contained: the styles are inline, the charts are inline SVG; no script, no font, no
image, no link to load. A Content-Security-Policy says so to the browser as well, so even a
mail client that allowed more would load nothing. Every piece of user text (names, titles,
owners) goes through escape(): a title is hostile input and stays literal text.
The numbers are the report's (domain/report), the same as in the other formats.
"""

from __future__ import annotations

from html import escape

from okrtui.present.report import ObjectiveLine, Report
from okrtui.present.report_markdown import _decisions_text, _kr_values, _score_cell, _score_text
from okrtui.domain.scoring import status_label, status_symbol
from okrtui.domain.series_team import WholeChart
from okrtui.domain.numbers import format_percent
from okrtui.present.forecast_text import forecast_text
from okrtui.i18n import _, current_language
from okrtui.present.report_svg import chart_svg, legend_marker

STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans", "PingFang TC", "Microsoft JhengHei", sans-serif;
       margin: 2em auto; max-width: 60em; padding: 0 1em; color: #111; line-height: 1.45; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; } h2 { border-bottom: 1px solid #ccc; margin-top: 2em; }
h3 { font-size: 1.05em; margin-bottom: 0.3em; }
table { border-collapse: collapse; margin: 0.5em 0 1em; width: 100%; font-size: 0.92em; }
th, td { border: 1px solid #ddd; padding: 0.25em 0.5em; text-align: left; vertical-align: top; }
td.n, th.n { text-align: right; white-space: nowrap; }
.state, .facts { color: #444; } .forecast { font-weight: 600; color: #b0177d; }
figure { margin: 0.5em 0 1em; break-inside: avoid; page-break-inside: avoid; }
svg.chart { width: 100%; height: auto; max-width: 640px; display: block; }
svg.chart .tick { font-size: 11px; fill: #444; font-family: inherit; }
figcaption ul { list-style: none; padding: 0; margin: 0.3em 0; display: flex; flex-wrap: wrap; gap: 0.2em 1.2em; }
figcaption li { white-space: nowrap; } svg.key { vertical-align: middle; margin-right: 0.3em; }
@media print { body { margin: 0; max-width: none; } h2 { break-before: auto; } }
"""
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def e(text: object) -> str:
    return escape(str(text), quote=True)


def render_html(report: Report) -> str:
    title = _("OKR report {quarter}").format(quarter=report.quarter)
    state = _("closed") if report.closed else _("as of {day}, {pct} of the quarter gone").format(
        day=report.as_of.isoformat(), pct=format_percent(report.expected))
    out = ["<!DOCTYPE html>", f'<html lang="{e(current_language().replace("_", "-"))}">', "<head>",
           '<meta charset="utf-8">', f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">', f"<title>{e(title)}</title>",
           f"<style>{STYLE}</style>", "</head>", "<body>", f"<h1>{e(title)}</h1>", f'<p class="state">{e(state)}</p>']
    out += _company(report)
    for team in report.teams:
        out.append(f"<section class=\"team\"><h2>{e(team.team)}</h2>")
        if team.chart is not None:
            out += _forecast_line(team.chart)
            out += _figure(team.chart, _("Progress of {team}'s objectives").format(team=team.team))
        for line in team.objectives:
            out += _objective(line, report)
        out.append("</section>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


def _forecast_line(chart: WholeChart) -> list[str]:
    return [f'<p class="forecast">{e(forecast_text(chart.projection))}</p>'] if chart.projection else []


def _company(report: Report) -> list[str]:
    out = ["<h2>" + e(_("Company")) + "</h2>"]
    if not report.teams:
        return out + ["<p>" + e(_("No objectives in {quarter}.").format(quarter=report.quarter)) + "</p>"]
    what = _("Average grade") if report.closed else _("Average progress")
    heads = [_("Team"), _("Objectives"), _("Key results"), what, _("Check-ins")]
    heads += [_("Decisions")] if report.closed else [_("On this trend")]
    out.append("<table><thead><tr>" + "".join(f"<th>{e(h)}</th>" for h in heads) + "</tr></thead><tbody>")

    def row(name: str, objectives: int, krs: int, score: str, checkins: int, last: str, strong: bool = False) -> str:
        cells = [f"<td>{'<strong>' + e(name) + '</strong>' if strong else e(name)}</td>",
                 f'<td class="n">{objectives}</td>', f'<td class="n">{krs}</td>', f'<td class="n">{e(score)}</td>',
                 f'<td class="n">{checkins}</td>', f'<td class="n">{e(last)}</td>']
        return "<tr>" + "".join(cells) + "</tr>"

    def ahead(chart: WholeChart | None) -> str:
        return f"{chart.projection.score:.2f}" if chart is not None and chart.projection is not None else "–"

    total: dict[str, int] = {}
    for t in report.teams:
        for decision, n in t.decisions.items():
            total[decision] = total.get(decision, 0) + n
        last = _decisions_text(t.decisions) if report.closed else ahead(t.chart)
        out.append(row(t.team, len(t.objectives), t.kr_count, _score_cell(t.score, t.counted, report), t.checkin_count, last))
    counted = [o for t in report.teams for o in t.counted]
    out.append(row(_("Company"), len(report.objectives), sum(t.kr_count for t in report.teams),
                   _score_cell(report.score, counted, report), sum(t.checkin_count for t in report.teams),
                   _decisions_text(total) if report.closed else ahead(report.company), strong=True))
    out.append("</tbody></table>")
    if report.company is not None and report.company.lines:
        out += _forecast_line(report.company)
        out += _figure(report.company, _("Progress of each team"))
    return out


def _figure(chart: WholeChart, title: str) -> list[str]:
    labels = {"today": _("today")}
    items = []
    for index, line in enumerate(chart.lines):
        name = line.label if line.label == line.title else f"{line.label} {line.title}"
        pending = " (" + e(_("pending")) + ")" if not line.values else ""
        items.append(f"<li>{legend_marker(index)}{e(name)}{pending}</li>")
    items.append('<li><svg class="key" width="22" height="12" aria-hidden="true"><line x1="0" y1="6" x2="22" y2="6" '
                 'stroke="#888" stroke-width="1.5" stroke-dasharray="1 4" stroke-linecap="round"/></svg>'
                 + e(_("expected pace")) + "</li>")
    if chart.projection is not None:
        items.append('<li><svg class="key" width="22" height="12" aria-hidden="true"><line x1="0" y1="6" x2="22" y2="6" '
                     'stroke="#b0177d" stroke-width="2.5" stroke-dasharray="7 5"/></svg>' + e(_("trend of the whole")) + "</li>")
    if chart.left_out:
        items.append("<li>" + e(_("and {n} more not drawn").format(n=chart.left_out)) + "</li>")
    if not any(line.values for line in chart.lines):
        items.append("<li>" + e(_("no check-in yet: nothing to draw before the first one")) + "</li>")
    return ["<figure>", chart_svg(chart, title, labels), "<figcaption><ul>", *items, "</ul></figcaption>", "</figure>"]


def _objective(line: ObjectiveLine, report: Report) -> list[str]:
    o = line.view.objective
    facts = [o.owner] if o.owner else []
    facts += [_("committed") if o.commitment == "committed" else _("aspirational"), _score_text(line),
              f"{status_symbol(line.status)} {status_label(line.status)}"]
    out = [f"<h3>O{o.id} {e(o.title)}</h3>", f'<p class="facts">{e(" · ".join(facts))}'
           + (f' · <span class="forecast">{e(forecast_text(line.projection))}</span>' if line.projection else "") + "</p>"]
    if not line.krs:
        return out
    ahead = not line.closed
    heads = [_("Key result"), _("Values"), _("Progress"), _("Status"), _("Confidence"), _("Owner")]
    heads += [_("On this trend")] if ahead else []
    out.append("<table><thead><tr><th>#</th>" + "".join(f"<th>{e(h)}</th>" for h in heads) + "</tr></thead><tbody>")
    for k in line.krs:
        kv = k.view
        cells = [f'<td class="n">{kv.kr.id}</td>', f"<td>{e(kv.kr.title)}</td>", f"<td>{e(_kr_values(kv))}</td>",
                 f'<td class="n">{e(format_percent(kv.raw))}</td>',
                 f"<td>{e(status_symbol(kv.status))} {e(status_label(kv.status))}</td>",
                 f'<td class="n">{kv.kr.confidence}/10</td>', f"<td>{e(kv.kr.owner)}</td>"]
        if ahead:
            cells.append(f'<td class="n">{f"{k.projection.score:.2f}" if k.projection else "–"}</td>')
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return out
