"""The comparison list: the quarter's KRs under both lenses, by team, then the KPIs.

An OptionList whose option ids name the row ("kr7" key result 7, "kpi3" KPI 3),
so a redraw after any change, ours or another process's, keeps the cursor on
the same item. Headings are disabled options the cursor skips.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import partial

from rich.text import Text
from textual import events

from okrtui.domain.coach import Finding
from okrtui.domain.lens import LensReport
from okrtui.domain.models import KeyResult
from okrtui.domain.views import KPIView
from okrtui.domain.quarter import format_quarter
from okrtui.i18n import _
from okrtui.ui.widgets.id_list import IdOptionList
from okrtui.present.text import truncate
from okrtui.ui.rows.compare import (
    kpi_header, kpi_row, kpi_row_lines, lens_columns, lens_header, lens_row, lens_row_lines, team_row,
)
from okrtui.ui.widgets.virtual_list import LazyRow, made_row


@dataclass
class Compared:
    """What the list shows: the lens report (already filtered), the KPIs, coach flags by KR id."""

    report: LensReport
    kpis: list[KPIView]
    flags: dict[int, Finding] = field(default_factory=dict)
    quarter: str = ""
    feeds: dict[int, list[KeyResult]] = field(default_factory=dict)  # KPI id -> the KRs a reading checks into


def matches(needle: str, *texts: str) -> bool:
    return not needle or any(needle in t.casefold() for t in texts)


class CompareList(IdOptionList):
    DEFAULT_CSS = """
    CompareList { height: 1fr; border: none; padding: 0 1; scrollbar-gutter: stable; }
    CompareList:focus { border: none; }
    CompareList > .option-list--option-disabled { color: $text; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._shown: Compared | None = None
        self._width = 0


    def show(self, shown: Compared) -> None:
        self._shown = shown
        self._rebuild()

    def row_width(self) -> int:
        return max(self.scrollable_content_region.width, 40)

    def _rebuild(self) -> None:
        shown = self._shown
        if shown is None:
            return
        keep, index = self.selected, self.highlighted
        width = self._width = self.row_width()
        columns = lens_columns(shown.report.krs, width)
        options: list[LazyRow] = [made_row(lens_header(width, columns), id="h:lens", disabled=True)]
        if not shown.report.krs:
            options.append(made_row(Text(truncate(_("No key results in {quarter} to judge.").format(
                quarter=format_quarter(shown.quarter)), width), style="dim"), id="h:nokr", disabled=True))
        by_team: dict[str | None, list] = defaultdict(list)  # grouped once: a scan per team was quadratic at XL
        for item in shown.report.krs:
            by_team[item.objective.team].append(item)
        for summary in shown.report.teams:
            options.append(made_row(team_row(summary, width), id=f"t:{summary.team}", disabled=True))
            for item in by_team.get(summary.team, ()):
                flagged = (item.kr.id or 0) in shown.flags
                options.append(LazyRow(partial(lens_row, item, width, flagged, columns), id=f"kr{item.kr.id}",
                                       line_count=lens_row_lines(flagged)))
        options.append(made_row(Text(""), id="h:gap", disabled=True))
        options.append(made_row(kpi_header(width), id="h:kpi", disabled=True))
        if not shown.kpis:
            options.append(made_row(Text(truncate(_("No KPIs here yet. Press n to add one."), width), style="dim"),
                                    id="h:nokpi", disabled=True))
        for view in shown.kpis:
            feeds = shown.feeds.get(view.kpi.id or 0, [])
            options.append(LazyRow(partial(kpi_row, view, width, feeds), id=f"kpi{view.kpi.id}",
                                   line_count=kpi_row_lines(feeds)))
        self.set_options(options)
        if not self.select_id(keep) and options:
            # The item is gone (or this is the first draw): stay near, on a selectable row.
            index = min(index or 0, len(options) - 1)
            while index < len(options) - 1 and options[index].disabled:
                index += 1
            while index > 0 and options[index].disabled:
                index -= 1
            if not options[index].disabled:
                self.highlighted = index

    def on_resize(self, event: events.Resize) -> None:
        if self.row_width() != self._width and self._shown is not None:
            self._rebuild()
