"""Quarter reports per team and for the company, rendered as Markdown, CSV or JSON.

The numbers are the views' (domain/views): progress and status while a
quarter is open, the recorded final grade and decision once it is closed.
Markdown reads on its own in a wiki (user text escaped, so it stays literal);
CSV is one row per KR and starts with a BOM so that Excel reads it as UTF-8; text that a
spreadsheet would run as a formula is quoted (okrtui/spreadsheet.py). HTML is one self-contained
page with an SVG chart per team (okrtui/report_html.py).

While the quarter is open, each KR, objective and team carries its forecast to the quarter's end
(domain/forecast, domain/series_team): the grade it is heading for on its check-in trend.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timezone, tzinfo

from okrtui.domain.clock import zone_named
from okrtui.domain.forecast import Projection
from okrtui.domain.grading import decision_label
from okrtui.domain.history import TargetChange, target_changes
from okrtui.domain.models import DECISIONS, CheckIn
from okrtui.domain.quarter import Quarter, as_utc
from okrtui.present.report_ahead import add_forecasts
from okrtui.domain.scoring import grade, objective_status, status_label, status_symbol
from okrtui.domain.series_team import WholeChart
from okrtui.domain.levels import view_for_owner
from okrtui.domain.views import KRView, ObjectiveView, mean_of_counted, view_quarter
from okrtui.domain.views import initiative_as_dict
from okrtui.domain.workspace import Workspace
from okrtui.domain.numbers import TARGET_MOVED_MARK, format_kr_value, format_number, format_percent, format_with_unit
from okrtui.present.forecast_text import forecast_dict, forecast_text
from okrtui.present.history_text import target_change_dict, target_change_line
from okrtui.present.formatting import view_values
from okrtui.i18n import _
from okrtui.domain.spreadsheet import csv_text
from okrtui.present.initiative_text import initiative_line, initiative_status_text

FORMATS = ("md", "csv", "json", "html")
LATEST_NOTES = 3
BOM = "\ufeff"


@dataclass
class KRLine:
    view: KRView
    checkins: int
    notes: list[CheckIn]  # the latest check-ins with a note, newest first
    # Its target or start moved after its first check-in (domain/history): listed beside the grade.
    moves: list[TargetChange] = field(default_factory=list)
    projection: Projection | None = None  # on its check-in trend, at the quarter's end (open quarters)


@dataclass
class ObjectiveLine:
    view: ObjectiveView
    krs: list[KRLine]
    projection: Projection | None = None

    @property
    def closed(self) -> bool:
        """Graded at the close (closed, or dropped by the close's decision): its score is the final grade."""
        return self.view.graded

    @property
    def score(self) -> float:
        """The final grade once graded (the view shows it as progress), the progress before."""
        return self.view.progress

    @property
    def status(self) -> str:
        return self.view.status


def _mean(lines: list[ObjectiveLine]) -> float | None:
    return mean_of_counted([line.view for line in lines])


@dataclass
class TeamReport:
    team: str
    objectives: list[ObjectiveLine] = field(default_factory=list)
    chart: WholeChart | None = None  # its objectives over the quarter, and its forecast

    @property
    def counted(self) -> list[ObjectiveLine]:
        """What the mean is of (views.ObjectiveView.counted): measured objectives, and graded ones with
        their final grade (a dropped one too: its grade is what it reached). Pending objectives and
        those dropped during the quarter are reported but do not count."""
        return [o for o in self.objectives if o.view.counted]

    @property
    def score(self) -> float | None:
        """None when nothing counts yet (shown as pending, never as 0)."""
        return _mean(self.objectives)

    @property
    def decisions(self) -> dict[str, int]:
        """How many of its objectives the close decided each way (achieved, drop, …)."""
        out: dict[str, int] = {}
        for line in self.objectives:
            if line.closed and line.view.objective.decision:
                out[line.view.objective.decision] = out.get(line.view.objective.decision, 0) + 1
        return out

    @property
    def kr_count(self) -> int:
        return sum(len(o.krs) for o in self.objectives)

    @property
    def checkin_count(self) -> int:
        return sum(k.checkins for o in self.objectives for k in o.krs)


@dataclass
class Report:
    quarter: Quarter
    as_of: date
    expected: float
    closed: bool
    teams: list[TeamReport]
    zone: tzinfo = timezone.utc  # the workspace's calendar: the day a target moved is a day of the team's
    company: WholeChart | None = None  # every team's line; only in a report of every team
    owner: str | None = None  # a person's report: only what they own

    def local(self, moment: datetime) -> datetime:
        return as_utc(moment).astimezone(self.zone)

    @property
    def objectives(self) -> list[ObjectiveLine]:
        return [o for t in self.teams for o in t.objectives]

    @property
    def score(self) -> float | None:
        return _mean(self.objectives)


def build_report(workspace: Workspace, quarter: Quarter, as_of: date, now: datetime, team: str | None = None,
                 owner: str | None = None) -> Report:
    """`owner`: one person's report (domain/levels.owned_by): the objectives they own with all
    their KRs, and the KRs they own in other objectives."""
    view = view_for_owner(view_quarter(workspace, quarter, as_of, now, team=team), owner)
    teams: dict[str, TeamReport] = {}
    for o in view.objectives:
        lines = []
        for k in o.key_results:
            history = workspace.checkins_of(k.id)
            notes = [c for c in reversed(history) if c.note.strip()][:LATEST_NOTES]
            lines.append(KRLine(k, len(history), notes, target_changes(workspace, k.id)))
        teams.setdefault(o.objective.team, TeamReport(o.objective.team)).objectives.append(ObjectiveLine(o, lines))
    report = Report(quarter, as_of, view.expected, view.closed, list(teams.values()), zone_named(workspace.meta.timezone),
                    owner=owner)
    add_forecasts(report, workspace, whole_company=team is None and owner is None)
    return report


def status_word(status: str) -> str:
    return status_label(status)


def status_mark(status: str) -> str:
    return status_symbol(status)


def _round(score: float | None) -> float | None:
    return None if score is None else round(score, 6)


def _grade(score: float | None) -> str | None:
    return None if score is None else grade(score)


# ---- JSON -------------------------------------------------------------------


def _kr_dict(line: KRLine, local) -> dict:
    k = line.view
    return {
        "id": k.kr.id, "title": k.kr.title, "kind": k.kr.kind, "unit": k.kr.unit, "owner": k.kr.owner,
        "start": k.kr.start, "target": k.kr.target, "current": k.kr.current, "weight": k.kr.weight,
        "progress": round(k.progress, 6), "grade": grade(k.progress), "status": k.status,
        "confidence": k.kr.confidence, "checkins": line.checkins, "aligned": k.aligned, "rolled_up": k.rolled_up,
        "latest_notes": [{"at": c.at.isoformat(), "author": c.author, "note": c.note} for c in line.notes],
        "target_changes": [target_change_dict(m, local) for m in line.moves],
        "forecast": forecast_dict(line.projection, with_value=True),
        "initiatives": [initiative_as_dict(i) for i in k.initiatives],
    }


def _objective_dict(line: ObjectiveLine, local) -> dict:
    o = line.view.objective
    return {
        "id": o.id, "title": o.title, "team": o.team, "owner": o.owner, "commitment": o.commitment,
        "level": o.level, "parent_id": o.parent_id, "parent_kr_id": o.parent_kr_id, "state": o.state,
        "progress": round(line.view.progress, 6), "status": line.status,
        "score": round(line.score, 6), "grade": grade(line.score), "counted": line.view.counted,
        "final_score": o.final_score, "proposed_score": o.proposed_score, "decision": o.decision, "met": o.met,
        "score_reason": o.score_reason, "shortfall_reason": o.shortfall_reason,
        "coverage_answer": o.coverage_answer, "retrospective": o.retrospective,
        "key_results": [_kr_dict(k, local) for k in line.krs],
        "forecast": forecast_dict(line.projection),
    }


def report_dict(report: Report) -> dict:
    return {
        "quarter": str(report.quarter), "as_of": report.as_of.isoformat(), "expected": round(report.expected, 6),
        "closed": report.closed, "owner": report.owner,
        "company": {
            "score": _round(report.score), "grade": _grade(report.score), "objectives": len(report.objectives),
            "key_results": sum(t.kr_count for t in report.teams), "checkins": sum(t.checkin_count for t in report.teams),
            "forecast": forecast_dict(report.company.projection if report.company else None),
        },
        "teams": [
            {"team": t.team, "score": _round(t.score), "grade": _grade(t.score), "decisions": t.decisions,
             "forecast": forecast_dict(t.chart.projection if t.chart else None),
             "objectives": [_objective_dict(o, report.local) for o in t.objectives]}
            for t in report.teams
        ],
    }


def render_json(report: Report) -> str:
    return json.dumps(report_dict(report), ensure_ascii=False, indent=2) + "\n"


# ---- CSV --------------------------------------------------------------------

CSV_HEADER = [
    "quarter", "team", "objective_id", "objective", "objective_owner", "commitment", "objective_status",
    "objective_score", "decision", "kr_id", "kr", "kind", "unit", "owner", "start", "target", "current",
    "kr_progress", "kr_status", "confidence", "checkins", "latest_note", "retrospective", "target_changes",
    "kr_forecast_value", "kr_forecast_grade",
    "initiatives",
]


def _number(value: float | None) -> str:
    """Plain numbers (no grouping) so that every spreadsheet reads them as numbers."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:.6g}"


def render_csv(report: Report) -> str:
    rows: list[list] = [CSV_HEADER]
    for line in report.objectives:
        o = line.view.objective
        head = [str(report.quarter), o.team, o.id, o.title, o.owner, o.commitment, line.status,
                f"{line.score:.4f}", o.decision or ""]
        krs: list[KRLine | None] = list(line.krs) or [None]
        for k in krs:
            if k is None:  # an objective measured by the objectives aligned to it still gets its row
                rows.append(head + [""] * 13 + [o.retrospective, "", "", "", ""])
                continue
            kr = k.view.kr
            rows.append(head + [
                kr.id, kr.title, kr.kind, kr.unit, kr.owner, _number(kr.start), _number(kr.target),
                _number(kr.current), f"{k.view.progress:.4f}", k.view.status, kr.confidence, k.checkins,
                k.notes[0].note if k.notes else "", o.retrospective,
                "; ".join(target_change_line(m, report.local) for m in k.moves),
                _number(k.projection.forecast.value) if k.projection else "",
                f"{k.projection.score:.4f}" if k.projection else "",
                "; ".join(f"{initiative_status_text(i.status)} {i.title}" for i in k.view.initiatives),
            ])
    return BOM + csv_text(rows)


# ---- Markdown ---------------------------------------------------------------

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
