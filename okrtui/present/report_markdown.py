"""A report as Markdown: one section per team, a table per objective, charts when asked."""

from __future__ import annotations


from okrtui.domain.grading import decision_label
from okrtui.domain.models import DECISIONS
from okrtui.domain.scoring import objective_status, status_label, status_symbol
from okrtui.domain.views import KRView
from okrtui.domain.numbers import TARGET_MOVED_MARK, format_kr_value, format_number, format_percent, format_with_unit
from okrtui.present.forecast_text import forecast_text
from okrtui.present.history_text import target_change_line
from okrtui.present.formatting import view_values
from okrtui.i18n import _
from okrtui.present.initiative_text import initiative_line
from okrtui.present.report import ObjectiveLine, Report, status_mark, status_word

_MD_SPECIAL = "\\`*_[]<>|#"


def md(text: str) -> str:
    """User text, literal in Markdown: specials escaped, line breaks kept inside tables."""
    escaped = "".join("\\" + c if c in _MD_SPECIAL else c for c in str(text))
    return escaped.replace("\r\n", "\n").replace("\n", "<br>")


def _score_text(line: ObjectiveLine) -> str:
    if line.closed:
        return _("final grade {score}").format(score=f"{line.score:.2f}")
    return _("progress {pct}").format(pct=format_percent(line.view.progress))


def _kr_values(k: KRView) -> str:
    kr = k.kr
    if k.rolled_up:
        return view_values(k)
    if kr.kind == "milestone":
        return format_kr_value(kr.kind, kr.current)
    arrow = {"at_least": "≥ ", "at_most": "≤ "}.get(kr.kind, "")
    return f"{format_number(kr.start)} → {format_number(kr.current)} / {arrow}{format_with_unit(kr.target, kr.unit)}"


def _objective_md(line: ObjectiveLine, local) -> list[str]:
    o = line.view.objective
    out = [f"### O{o.id} {md(o.title)}", ""]
    facts = [md(o.owner)] if o.owner else []
    facts.append(_("committed") if o.commitment == "committed" else _("aspirational"))
    facts.append(_score_text(line))
    facts.append(f"{status_mark(line.status)} {status_word(line.status)}")
    if line.projection is not None:
        facts.append(forecast_text(line.projection))
    if o.decision:
        facts.append(_("decision: {decision}").format(decision=decision_label(o.decision)))
    out += [" · ".join(facts), ""]
    if line.closed and o.proposed_score is not None and o.score_reason:
        out += [_("Proposed {proposed}, adjusted: {reason}").format(
            proposed=f"{o.proposed_score:.2f}", reason=md(o.score_reason)), ""]
    for label, text in ((_("Why it fell short"), o.shortfall_reason), (_("Do the KRs cover the objective?"), o.coverage_answer)):
        if text:
            out += [f"**{label}** {md(text)}", ""]
    if line.krs:
        ahead = not line.closed  # open: each KR's projected grade on its trend ("–" without one)
        heads = [_("Key result"), _("Values"), _("Progress"), _("Status"), _("Confidence"), _("Check-ins"), _("Owner")]
        out.append("| # | " + " | ".join(heads + ([_("On this trend")] if ahead else [])) + " |")
        out.append("|---|---|---|---:|---|---:|---:|---|" + ("---:|" if ahead else ""))
        for k in line.krs:
            kv = k.view
            moved = f"{TARGET_MOVED_MARK} " if k.moves else ""
            trend = (f" {k.projection.score:.2f} |" if k.projection else " – |") if ahead else ""
            out.append(f"| {kv.kr.id} | {moved}{md(kv.kr.title)} | {md(_kr_values(kv))} | {format_percent(kv.raw)} | "
                       f"{status_symbol(kv.status)} {status_label(kv.status)} | {kv.kr.confidence}/10 | {k.checkins} | "
                       f"{md(kv.kr.owner)} |{trend}")
        out.append("")
        moves = [(k.view.kr.id, m) for k in line.krs for m in k.moves]
        if moves:  # a grade is read beside the goal it was measured against
            heading = _("Targets moved after the first check-in")
            out += [f"**{TARGET_MOVED_MARK} {heading}**", ""]
            for kr_id, m in moves:
                out.append(f"- #{kr_id}: {md(target_change_line(m, local))}")
            out.append("")
        work = [(k.view.kr.id, i) for k in line.krs for i in k.view.initiatives]
        if work:  # the work planned under the KRs: beside the outcomes, never in the score
            out += ["**" + _("Initiatives") + "**", ""]
            out += [f"- #{kr_id} {md(initiative_line(i))}" for kr_id, i in work]
            out.append("")
        notes = [(k.view.kr.id, c) for k in line.krs for c in k.notes]
        if notes:
            out += ["**" + _("Latest notes") + "**", ""]
            for kr_id, c in sorted(notes, key=lambda n: n[1].at, reverse=True):
                who = f" ({md(c.author)})" if c.author else ""
                out.append(f"- {c.at.date().isoformat()} #{kr_id}{who}: {md(c.note)}")
            out.append("")
    if o.retrospective:
        out += ["**" + _("Retrospective") + "**", "", "> " + md(o.retrospective).replace("<br>", "\n> "), ""]
    return out


def render_markdown(report: Report, charts: bool = False) -> str:
    """`charts`: a text chart per team (okrtui/report_textchart.py), in a fenced block."""
    state = _("closed") if report.closed else _("as of {day}, {pct} of the quarter gone").format(
        day=report.as_of.isoformat(), pct=format_percent(report.expected))
    out = [_("# OKR report {quarter}").format(quarter=report.quarter), "", state, ""]
    if report.owner:
        out[2:2] = [_("Owned by {name}: the objectives they own, and their key results in others.").format(
            name=md(report.owner)), ""]
    company = _("Company")
    out += [f"## {company}", ""]
    if not report.teams:
        out += [_("No objectives in {quarter}.").format(quarter=report.quarter), ""]
        return "\n".join(out)
    what = _("Average grade") if report.closed else _("Average progress")
    heads = [_("Team"), _("Objectives"), _("Key results"), what, _("Check-ins")]
    if report.closed:
        heads.append(_("Decisions"))
    out.append("| " + " | ".join(heads) + " |")
    out.append("|---|---:|---:|---:|---:|" + ("---|" if report.closed else ""))
    for t in report.teams:
        decided = f" {md(_decisions_text(t.decisions))} |" if report.closed else ""
        out.append(f"| {md(t.team)} | {len(t.objectives)} | {t.kr_count} | {_score_cell(t.score, t.counted, report)} | "
                   f"{t.checkin_count} |{decided}")
    total: dict[str, int] = {}
    for t in report.teams:
        for decision, n in t.decisions.items():
            total[decision] = total.get(decision, 0) + n
    decided = f" {md(_decisions_text(total))} |" if report.closed else ""
    out.append(f"| **{company}** | {len(report.objectives)} | {sum(t.kr_count for t in report.teams)} | "
               f"{_score_cell(report.score, [o for t in report.teams for o in t.counted], report)} | {sum(t.checkin_count for t in report.teams)} |{decided}")
    out.append("")
    if report.company is not None and report.company.projection is not None:
        out += ["**" + _("Company") + "** " + forecast_text(report.company.projection), ""]
    for t in report.teams:
        out += [f"## {md(t.team)}", ""]
        if t.chart is not None and t.chart.projection is not None:
            out += [forecast_text(t.chart.projection), ""]
        if charts and t.chart is not None:
            from okrtui.present.report_textchart import text_chart

            out += ["```text", *text_chart(t.chart), "```", ""]
        for line in t.objectives:
            out += _objective_md(line, report.local)
    return "\n".join(out).rstrip("\n") + "\n"


def _score_cell(score: float | None, objectives: list[ObjectiveLine], report: Report) -> str:
    """A closed quarter's average grade as a number; an open one's progress with its status word and
    symbol (never a colour word: a report is read in black and white). A team's status follows the
    objective rule (domain/scoring.objective_status) over the objectives it counts: done when all are,
    pending until any is measured, else its average progress against the expected pace."""
    if score is None:  # nothing measured yet: not a 0
        return f"{status_symbol('pending')} {status_label('pending')}"
    if report.closed:
        return f"{score:.2f}"
    status = objective_status([o.view.status for o in objectives], score, report.expected)
    return f"{format_percent(score)} {status_symbol(status)} {status_label(status)}"


def _decisions_text(decisions: dict[str, int]) -> str:
    """"1 achieved, 2 drop": how the close decided, in the decisions' own order."""
    return ", ".join(f"{decisions[d]} {decision_label(d)}" for d in DECISIONS if d in decisions) or "–"
