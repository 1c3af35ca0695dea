"""Plain-text output of the quick commands: aligned by terminal cell width, no rich, no textual."""

from __future__ import annotations

from datetime import datetime

from okrtui.domain.coach import Finding, level_label
from okrtui.domain.kpi import kpi_status_label, kpi_status_symbol
from okrtui.domain.quarter import WEEKS_PER_QUARTER, format_quarter
from okrtui.domain.views import QuarterView
from okrtui.formatting import format_age, format_percent, format_with_unit, kr_values, status_text
from okrtui.i18n import _
from okrtui.text import bar, cell_width, pad, visible

BAR = 10


def _title_width() -> int:
    """Room for titles: what the terminal leaves beside bars, percentages and status."""
    import shutil

    columns = shutil.get_terminal_size((100, 24)).columns
    return max(20, min(50, columns - 62))


def quarter_table(view: QuarterView, now: datetime) -> str:
    if view.closed:  # final grades, not a pace: no week, no expected share
        head = _("{quarter} · closed · final grades (reopen: okrtui close {quarter} --reopen)").format(quarter=view.quarter)
    else:
        head = _("{quarter} · week {week} of {weeks} · expected {expected} · as of {day}").format(
            quarter=view.quarter, week=view.week, weeks=WEEKS_PER_QUARTER,
            expected=format_percent(view.expected), day=view.as_of.isoformat(),
        )
    lines = [head, ""]
    if not view.objectives:
        lines.append(_("No objectives in {quarter} yet.").format(quarter=view.quarter))
    titles = {o.objective.id: o.objective.title for o in view.objectives}
    width = _title_width()
    team = None
    for o in view.objectives:
        if o.objective.team != team:
            team = o.objective.team
            lines.append(f"{team}")
        owner = f" ({o.objective.owner})" if o.objective.owner else ""
        head = f"  O{o.objective.id} " + pad(o.objective.title + owner, width + 1)
        score = f"{o.progress:.2f}" if o.graded else format_percent(o.progress)  # a final grade reads 0.63
        lines.append(f"{head} {bar(o.progress, BAR)} {score:>4}  {status_text(o.status)}")
        if o.objective.parent_id is not None:
            parent = titles.get(o.objective.parent_id)
            if parent:
                lines.append("     " + _("aligned to O{id} {title}").format(id=o.objective.parent_id, title=parent))
        for k in o.key_results:
            age = format_age(k.last_checkin.at if k.last_checkin else None, now)
            stale = ", " + _("stale") if k.stale else ""
            title = pad(f"#{k.kr.id} {k.kr.title}", width)
            lines.append(
                f"     {title} {bar(k.progress, BAR)} {format_percent(k.raw):>4}  "
                f"{pad(status_text(k.status), 12)} {kr_values(k.kr)}  ({age}{stale})"
            )
        lines.append("")
    if view.kpis:
        lines.append(_("KPIs"))
        name_width = max(cell_width(k.kpi.name) for k in view.kpis) + 5
        for k in view.kpis:
            arrow = "↑" if k.kpi.direction == "higher_is_better" else "↓"
            lines.append(
                f"  {pad(f'K{k.kpi.id} {k.kpi.name}', name_width)} {pad(k.kpi.team, 6)} "
                f"{pad(format_with_unit(k.kpi.current, k.kpi.unit), 14)} "
                f"{_('target')} {arrow} {pad(format_with_unit(k.kpi.target, k.kpi.unit), 12)} "
                f"{kpi_status_symbol(k.status)} {kpi_status_label(k.status)}"
            )
    return visible("\n".join(lines).rstrip())


def findings_text(findings: list[Finding], quarter: str) -> str:
    if not findings:
        return _("{quarter}: no findings; these OKRs follow the method.").format(quarter=format_quarter(quarter))
    lines = [f"{pad(level_label(f.level), 8)} {f.item}: {f.message} [{f.code}]" for f in findings]
    counts = {level: sum(1 for f in findings if f.level == level) for level in ("error", "warning", "hint")}
    lines.append("")
    lines.append(
        _("{quarter}: {e} errors, {w} warnings, {h} hints").format(
            quarter=format_quarter(quarter), e=counts["error"], w=counts["warning"], h=counts["hint"]
        )
    )
    return visible("\n".join(lines))
