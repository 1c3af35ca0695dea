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

from dataclasses import dataclass, field
from datetime import date, datetime, timezone, tzinfo

from okrtui.domain.clock import zone_named
from okrtui.domain.forecast import Projection
from okrtui.domain.history import TargetChange, target_changes
from okrtui.domain.models import CheckIn
from okrtui.domain.quarter import Quarter, as_utc
from okrtui.present.report_ahead import add_forecasts
from okrtui.domain.scoring import grade, status_label, status_symbol
from okrtui.domain.series_team import WholeChart
from okrtui.domain.levels import view_for_owner
from okrtui.domain.views import KRView, ObjectiveView, mean_of_counted, view_quarter
from okrtui.domain.workspace import Workspace

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


def round_score(score: float | None) -> float | None:
    return None if score is None else round(score, 6)


def score_grade(score: float | None) -> str | None:
    return None if score is None else grade(score)
