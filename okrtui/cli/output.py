"""Plain-text output of the quick commands: aligned by terminal cell width, no rich, no textual."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from okrtui.domain.kpi import kpi_status_label, kpi_status_symbol
from okrtui.domain.quarter import WEEKS_PER_QUARTER, format_quarter
from okrtui.domain.views import QuarterView
from okrtui.present.formatting import format_age, status_text
from okrtui.domain.numbers import format_percent, format_with_unit
from okrtui.present.formatting import BAR, NARROW_BAR, direction_arrow
from okrtui.present.formatting import view_values
from okrtui.i18n import _, ngettext
from okrtui.present.text import bar, pad, truncate, visible
from okrtui.domain.text_rules import cell_width
from okrtui.present.initiative_text import initiative_line

if TYPE_CHECKING:  # `okrtui list` does not import the coach
    from okrtui.domain.coach import Finding


MIN_LABEL = 16  # cells a KR's "#id title" keeps before its numbers are cut


def terminal_columns() -> int:
    """The terminal's width ($COLUMNS first); 100 when the output is not a terminal."""
    import shutil

    return shutil.get_terminal_size((100, 24)).columns


def quarter_table(view: QuarterView, now: datetime, columns: int | None = None) -> str:
    """The quarter as aligned text that fits `columns` cells (default: the terminal's width).

    Layout rule: bars, percentages and statuses line up in columns; titles give way first
    (cut with "…", down to MIN_LABEL cells), then the values; the age in brackets is never cut
    and stays on its row.
    """
    columns = columns or terminal_columns()
    if view.closed:  # final grades, not a pace: no week, no expected share
        head = _("{quarter} · closed · final grades (reopen: okrtui close {quarter} --reopen)").format(quarter=view.quarter)
    else:
        head = _("{quarter} · week {week} of {weeks} · expected {expected} · as of {day}").format(
            quarter=view.quarter, week=view.week, weeks=WEEKS_PER_QUARTER,
            expected=format_percent(view.expected), day=view.as_of.isoformat(),
        )
    lines = [truncate(head, columns), ""]
    if not view.objectives:
        lines.append(_("No objectives in {quarter} yet.").format(quarter=view.quarter))
    titles = {o.objective.id: o.objective.title for o in view.objectives}
    krs = [k for o in view.objectives for k in o.key_results]
    kr_titles = {k.id: k.kr.title for k in krs}
    status_width = max([cell_width(status_text(k.status)) for k in krs], default=0)
    pct_width = max([4] + [cell_width(format_percent(x)) for o in view.objectives
                           for x in [o.progress] + [k.raw for k in o.key_results]])

    def score(o) -> str:
        return f"{o.progress:.2f}" if o.graded else format_percent(o.progress)  # a final grade reads 0.63

    def objective_label(o) -> str:
        owner = f" ({o.objective.owner})" if o.objective.owner else ""
        return f"O{o.objective.id} {o.objective.title}{owner}"

    def kr_label(k) -> str:
        return f"#{k.kr.id} {k.kr.title}"

    def age_text(k) -> str:
        age = format_age(k.last_checkin.at if k.last_checkin else None, now)
        return "(" + (_("{age}, stale").format(age=age) if k.stale else age) + ")"

    # A KR row: 5 + label + 1 + bar + 1 + pct + 2 + status + 1 + values + 1 + (age).
    tails = [cell_width(view_values(k)) + 1 + cell_width(age_text(k)) for k in krs]
    needed = max([cell_width(kr_label(k)) for k in krs] + [cell_width(objective_label(o)) - 3 for o in view.objectives]
                 + [MIN_LABEL])
    for bar_width in (BAR, NARROW_BAR):  # the bar gives way after the titles, before the numbers
        fixed = 5 + 1 + bar_width + 1 + pct_width + 2 + status_width + 1
        room = columns - fixed - max(tails, default=0)
        if room >= min(needed, MIN_LABEL):
            break
    label = max(MIN_LABEL, min(needed, room))
    team = None
    for o in view.objectives:
        if o.objective.team != team:
            team = o.objective.team
            lines.append(truncate(team, columns))
        lines.append(f"  {pad(objective_label(o), label + 3)} {bar(o.progress, bar_width)} "
                     f"{pad(score(o), pct_width, 'right')}  {status_text(o.status)}")
        if o.objective.parent_id is not None:
            parent = titles.get(o.objective.parent_id)
            if parent:
                lines.append("     " + truncate(_("aligned to O{id} {title}").format(id=o.objective.parent_id, title=parent),
                                                columns - 5))
        if o.objective.parent_kr_id is not None and o.objective.parent_kr_id in kr_titles:
            lines.append("     " + truncate(_("aligned to #{id} {title}").format(
                id=o.objective.parent_kr_id, title=kr_titles[o.objective.parent_kr_id]), columns - 5))
        for k in o.key_results:
            age = age_text(k)
            left = columns - fixed - label - 1 - cell_width(age)  # what is left for the values
            values = truncate(view_values(k), max(left, 1))
            lines.append(
                f"     {pad(kr_label(k), label)} {bar(k.progress, bar_width)} {pad(format_percent(k.raw), pct_width, 'right')}  "
                f"{pad(status_text(k.status), status_width)} {values} {age}"
            )
            lines += ["        " + truncate(initiative_line(i, view.as_of), columns - 8) for i in k.initiatives]
        lines.append("")
    if view.kpis:
        lines.append(_("KPIs"))
        lines += _kpi_lines(view, columns)
    return visible("\n".join(lines).rstrip())


def _kpi_lines(view: QuarterView, columns: int) -> list[str]:
    """One aligned row per KPI; the name gives way first when the terminal is narrow."""
    rows = []
    target = _("target")
    for k in view.kpis:
        arrow = direction_arrow(k.kpi.direction)
        rows.append((f"K{k.kpi.id} {k.kpi.name}", k.kpi.team, format_with_unit(k.kpi.current, k.kpi.unit),
                     f"{target} {arrow} {format_with_unit(k.kpi.target, k.kpi.unit)}",
                     f"{kpi_status_symbol(k.status)} {kpi_status_label(k.status)}"))
    widths = [max(cell_width(row[i]) for row in rows) for i in range(5)]
    rest = 2 + sum(widths[1:4]) + 4 * 2 + widths[4]
    widths[0] = max(10, min(widths[0], columns - rest))
    widths[1] = min(widths[1], 12)
    return ["  " + "  ".join(pad(cell, width) for cell, width in zip(row[:4], widths)) + "  " + row[4] for row in rows]


def findings_text(findings: list[Finding], quarter: str) -> str:
    from okrtui.domain.coach import level_label

    if not findings:
        return _("{quarter}: no findings; these OKRs follow the method.").format(quarter=format_quarter(quarter))
    lines = [f"{pad(level_label(f.level), 8)} {f.item}: {f.message} [{f.code}]" for f in findings]
    counts = {level: sum(1 for f in findings if f.level == level) for level in ("error", "warning", "hint")}
    lines.append("")
    lines.append(
        _("{quarter}: {errors}, {warnings}, {hints}").format(
            quarter=format_quarter(quarter),
            errors=ngettext("{n} error", "{n} errors", counts["error"]).format(n=counts["error"]),
            warnings=ngettext("{n} warning", "{n} warnings", counts["warning"]).format(n=counts["warning"]),
            hints=ngettext("{n} hint", "{n} hints", counts["hint"]).format(n=counts["hint"]),
        )
    )
    return visible("\n".join(lines))
