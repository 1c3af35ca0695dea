"""Mode 4, the standup: a calm, large, live screen for a team standing around it.

Teams are shown in panels; when they do not all fit they are split into pages, which `←`/`→`
move through and `--rotate` turns by itself (`space` pauses). The page is remembered by the teams
on it, so a reload never moves it. Beside the teams: check-ins since the last standup (`s` marks
the standup done, in the database, for every session) and what needs attention. All of it comes
from okrtui.domain.standup; widgets are mounted once and updated in place.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import partial
from typing import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Vertical
from textual.timer import Timer
from textual.widgets import Static

from okrtui.domain.clock import view_moment
from okrtui.domain.initiatives import week_of_work
from okrtui.domain.standup import Since, changes_since, edits_since, needs_attention, standup_since, teams_of
from okrtui.domain.views import ObjectiveView, QuarterView, view_quarter
from okrtui.domain.numbers import format_percent
from okrtui.domain.quarter import format_quarter
from okrtui.i18n import _
from okrtui.ui.modes.base import COMMON_BINDINGS, ModeScreen, quarter_phase
from okrtui.present.initiative_text import week_of_work_text
from okrtui.domain.text_rules import cell_width
from okrtui.present.text import truncate
from okrtui.domain.levels import view_for_owner
from okrtui.ui.modes.base import MINE_BINDINGS
from okrtui.ui.widgets.standup_panels import (DIGITS_W, Headline, ListPanel, TeamPanel, line_count, set_display,
                                               set_text)
from okrtui.ui.rows.standup import attention_line, change_lines, edit_line, fill_line, kr_line, kr_two_lines, objective_lines, when

WIDE = 120  # from here the lists stand beside the teams
BIG_WIDTH, BIG_HEIGHT = 100, 32  # from here headline numbers are Digits


def natural_width(build: Callable[[int], Text], key: str, most: int) -> int:
    """The fewest cells at which the line `build(width)` shows `key` whole; most + 1 when even
    `most` cells cut it. For sizing columns by what their titles need."""
    if key not in build(most).plain:
        return most + 1
    low, high = 1, most
    while low < high:
        middle = (low + high) // 2
        if key in build(middle).plain:
            high = middle
        else:
            low = middle + 1
    return low


def wrap_at_commas(text: str, width: int) -> str:
    """A sentence of comma-separated parts on as few lines of `width` cells as it takes (a part
    longer than a line is cut)."""
    lines: list[str] = []
    for part in text.split(", "):
        if lines and cell_width(lines[-1] + ", " + part) <= width:
            lines[-1] += ", " + part
        else:
            if lines:
                lines[-1] += ","
            lines.append(part)
    return "\n".join(truncate(line, width) for line in lines)


def paginate(heights: list[tuple[str, int]], budget: int) -> list[list[str]]:
    """Pack teams, in order, into pages of at most `budget` rows (a taller team gets a page alone)."""
    pages: list[list[str]] = []
    used = budget + 1
    for team, height in heights:
        if used + height > budget or not pages:
            pages.append([team])
            used = height
        else:
            pages[-1].append(team)
            used += height
    return pages


class StandupScreen(ModeScreen):
    MODE = "standup"
    DEFAULT_CSS = """
    StandupScreen #standup-body { layout: horizontal; height: 1fr; }
    StandupScreen #standup-teams { width: 3fr; height: 1fr; overflow-y: auto; padding: 0 1; }
    StandupScreen #standup-side { width: 2fr; height: 1fr; padding: 0 1; }
    StandupScreen.-narrow #standup-body { layout: vertical; }
    StandupScreen.-narrow #standup-teams { width: 1fr; height: auto; overflow-y: hidden; }
    StandupScreen.-narrow #standup-side { width: 1fr; height: 1fr; }
    StandupScreen #standup-empty { height: 1fr; content-align: center middle; padding: 1 2; }
    """
    BINDINGS = [
        Binding("s", "standup_done", _("Done"), tooltip=_("Mark the standup done now: the check-in list starts "
                                                           "again, on every screen showing this database")),
        Binding("space", "pause", _("Pause"), tooltip=_("Pause or resume turning the pages (--rotate)")),
        Binding("left", "page(-1)", _("Prev"), key_display="←", tooltip=_("Previous page of teams")),
        Binding("right", "page(1)", _("Next"), key_display="→", tooltip=_("Next page of teams")),
        *MINE_BINDINGS,
        *COMMON_BINDINGS,
    ]

    def __init__(self, rotate: float | None = None) -> None:
        super().__init__()
        self.rotate = rotate
        self.paused = False
        self.page = 0
        self.pages: list[list[str]] = []
        self._page_teams: tuple[str, ...] = ()
        self._timer: Timer | None = None
        self._clock = ""
        self._day: date | None = None
        self._area_height: int | None = -1  # not set yet
        self._side_width: int | None = None  # the lists' column, when sized by what it shows
        self._needs = (0, 0)  # cells the teams' and the lists' titles need, whole

    def compose_body(self) -> ComposeResult:
        yield Headline(id="standup-headline")
        with Container(id="standup-body"):
            yield Vertical(id="standup-teams")
            with Vertical(id="standup-side"):
                yield ListPanel(id="standup-since")
                yield ListPanel(id="standup-attention")
        yield Static(id="standup-empty", markup=False)

    def on_mount(self) -> None:
        self.rotate = self.rotate or self.okr_app.options.get("rotate")
        self.set_interval(1.0, self._tick)
        if self.rotate:
            self._timer = self.set_interval(self.rotate, self._turn)
        self.call_after_refresh(self.redraw)  # again, now that panels know their widths
        teams = self.okr_app.workspace.teams()
        if self.okr_app.team and self.okr_app.team not in teams:
            self.notify(_("There is no team '{team}'; teams: {teams}. Press t to choose one.").format(
                team=self.okr_app.team, teams=", ".join(teams) or "–"), severity="warning", timeout=10, markup=False)

    def on_resize(self) -> None:
        self.call_after_refresh(self.redraw)

    def on_team_panel_width_changed(self, _message: TeamPanel.WidthChanged) -> None:
        self.call_after_refresh(self.redraw)

    # ---- drawing ----------------------------------------------------------

    def _layout(self) -> tuple[bool, bool]:
        width, height = self.size.width or 80, self.size.height or 24
        big = width >= BIG_WIDTH and height >= BIG_HEIGHT
        narrow = width < WIDE
        self.set_class(big, "-big")
        self.set_class(narrow, "-narrow")
        return big, narrow

    def redraw_body(self) -> None:
        app = self.okr_app
        now = app.clock.local()  # the workspace's wall clock
        self._clock, self._day = now.strftime("%H:%M"), now.date()
        big, narrow = self._layout()
        day, moment = view_moment(app.clock, app.quarter)
        view = view_quarter(app.workspace, app.quarter, day, moment, team=app.team)
        view = view_for_owner(view, app.owner_filter)  # `m`: mine only
        by_team: dict[str, list[ObjectiveView]] = {}
        for ov in view.objectives:
            by_team.setdefault(ov.objective.team, []).append(ov)
        body_rows = (self.size.height or 24) - 2 - (3 if big else 1)
        budget = body_rows if not narrow else max(body_rows // 2, 6)
        self.pages = paginate([(t, self._panel_height(by_team[t], big)) for t in teams_of(view)], budget)
        self._find_page()
        shown = self.pages[self.page] if self.pages else []
        self._page_teams = tuple(shown)
        roomy, gap = self._room(shown, by_team, big, narrow, budget)

        set_display(self.query_one("#standup-body"), bool(shown))
        empty = self.query_one("#standup-empty", Static)
        set_display(empty, not shown)
        if not shown:
            set_text(empty, Text(_("No objectives in {quarter} yet. Press 1 to plan the quarter, "
                                   "[ and ] to move between quarters.").format(quarter=view.quarter)))
        self._show_headline(view, big)
        self._show_teams(shown, by_team, view.expected, big, narrow, budget, roomy, gap)
        side_need = self._show_lists(view, now, set(shown), narrow)
        self._size_columns(narrow, self._teams_need(shown, by_team, view.expected, big, roomy), side_need)

    def _panel_height(self, objectives: list[ObjectiveView], big: bool, roomy: bool = False,
                      gap: int | None = None) -> int:
        rows = 1 + (gap if gap is not None else 1 if big else 0)  # the title border, and the gap under it
        return rows + sum((3 if big else 1) + len(o.key_results) * (2 if roomy else 1) for o in objectives)

    def _room(self, shown: list[str], by_team: dict[str, list[ObjectiveView]], big: bool, narrow: bool,
              budget: int) -> tuple[bool, int]:
        """A page's spare rows, spent where the room reads them (a TV through `okrtui serve` has
        many): first each KR on two lines, its title whole and its numbers beneath; then up to 3
        blank rows under each team. Narrow screens give their spare rows to the lists instead."""
        gap = 1 if big else 0
        if narrow or not shown:
            return False, gap
        spare = budget - sum(self._panel_height(by_team[t], big) for t in shown)
        krs = sum(len(o.key_results) for t in shown for o in by_team[t])
        roomy = 0 < krs <= spare
        spare -= krs if roomy else 0
        return roomy, gap + max(min(spare // len(shown), 3 - gap), 0)

    def _teams_need(self, shown: list[str], by_team: dict[str, list[ObjectiveView]], expected: float,
                    big: bool, roomy: bool) -> int:
        """Cells the teams' column needs for every objective's and KR's title to be whole."""
        most = self.size.width or 80
        kr = kr_two_lines if roomy else kr_line
        need = 0
        for team in shown:
            for ov in by_team[team]:
                title = f"O{ov.objective.id} {ov.objective.title}"
                need = max(need, natural_width(partial(objective_lines, ov, expected, big=big), title, most)
                           + (DIGITS_W + 1 if big else 0))
                for kv in ov.key_results:
                    need = max(need, natural_width(partial(kr, kv, expected), kv.kr.title, most))
        return need

    def _size_columns(self, narrow: bool, teams_need: int, side_need: int) -> None:
        """Wide: the lists take two fifths of the screen, or more when their titles need it and the
        teams' titles keep what they need; the rest is the teams' (their numbers). Set on change."""
        width = self.size.width or 80
        teams, side = teams_need + 2, side_need + 2  # each column's padding
        wanted = side if not narrow and teams + side <= width and side > width * 2 // 5 else None
        if wanted != self._side_width:
            self._side_width = wanted
            self.query_one("#standup-side").styles.width = None if wanted is None else wanted
            self.call_after_refresh(self.redraw)  # the rows are cut to the new widths

    def _find_page(self) -> None:
        """Stay on the page showing the same teams, whatever changed around it."""
        for i, page in enumerate(self.pages):
            if self._page_teams and self._page_teams[0] in page:
                self.page = i
                return
        self.page = min(self.page, max(len(self.pages) - 1, 0))

    def _page_state(self, short: bool) -> str:
        if len(self.pages) <= 1:
            return ""
        if short:
            state = _("page {n}/{total}").format(n=self.page + 1, total=len(self.pages))
        else:
            state = _("page {n} of {total}").format(n=self.page + 1, total=len(self.pages))
        if self.rotate:
            if self.paused:
                state += " · " + (_("⏸ paused") if short else _("⏸ paused (space)"))
            elif short:
                state += " · " + _("▶ {s} s").format(s=f"{self.rotate:g}")
            else:
                state += " · " + _("▶ every {s} s").format(s=f"{self.rotate:g}")
        return state + " · ←/→"

    def _show_headline(self, view: QuarterView, big: bool) -> None:
        phase = quarter_phase(view.quarter, self.okr_app.clock.today())
        teams = ", ".join(self._page_teams)
        if big:
            left = Text(format_quarter(view.quarter), style="bold")
            left.append("\n" + phase)
            left.append("\n" + _("expected today"), style="dim")
            middle = Text(teams, style="bold")
            middle.append("\n" + self._page_state(short=False), style="dim")
        else:
            # One line: what the room reads first on the left, the page on the right.
            expected = _("expected {pct}").format(pct=format_percent(view.expected))
            left = fill_line(Text(f"{view.quarter} · {phase} · {expected} · {self._clock}", style="bold"),
                             Text(" " + self._page_state(short=True), style="dim"), (self.size.width or 80) - 2)
            middle = Text("")
        self.query_one(Headline).show(left, middle, format_percent(view.expected), self._clock, big)

    def _show_teams(self, shown: list[str], by_team: dict[str, list[ObjectiveView]], expected: float,
                    big: bool, narrow: bool, budget: int, roomy: bool = False, gap: int = 0) -> None:
        area = self.query_one("#standup-teams", Vertical)
        panels = list(area.query_children(TeamPanel))
        if len(panels) < len(shown):
            new = [TeamPanel() for _i in range(len(shown) - len(panels))]
            area.mount_all(new)
            panels += new
        fallback = (self.size.width or 80) * (1 if narrow else 3) // (1 if narrow else 5) - 2
        for panel, team in zip(panels, shown):
            set_display(panel, True)
            panel.show(team, by_team[team], expected, big, fallback, roomy, gap)
        for panel in panels[len(shown):]:
            set_display(panel, False)
        # Narrow: the teams take the rows their page needs and the lists the rest. Set only on change.
        wanted = min(sum(self._panel_height(by_team[t], big, roomy, gap) for t in shown), budget) if narrow else None
        if wanted != self._area_height:
            self._area_height = wanted
            area.styles.height = "1fr" if wanted is None else wanted
            self.call_after_refresh(self.redraw)  # the lists below now have other heights

    def _show_lists(self, view: QuarterView, now: datetime, teams: set[str], narrow: bool) -> int:
        """Fill both lists; returns the cells their titles need, whole."""
        ws = self.okr_app.workspace
        since = standup_since(ws.meta.standup_at, now)
        since_panel = self.query_one("#standup-since", ListPanel)
        width = since_panel.content_region.width or (self.size.width or 80) * (1 if narrow else 2) // (1 if narrow else 5)
        changes = changes_since(ws, view, since.moment, teams)
        rows = since_panel.rows(8)
        two = 2 * len(changes) <= rows
        lines = [change_lines(c, width, now, two) for c in changes]
        most = self.size.width or 80
        need = max((natural_width(partial(change_lines, c, now=now, two_lines=two), f"#{c.kr.id} {c.kr.title}", most)
                    for c in changes), default=0)
        edits = edits_since(ws, view, since.moment, teams)  # targets moved, KRs added or removed, comments
        lines += [edit_line(e, width, now) for e in edits]
        # The initiatives (the work, beside the outcomes) head the list, wrapped at its commas.
        work = week_of_work(ws, view.quarter, since.moment, teams)
        head = [Text(wrap_at_commas(week_of_work_text(work, since.marked), width), style="bold")] if work.total else []
        shown, more = self._fit(lines, rows - line_count(head),
                                _("No check-ins since then. Record one with 'okrtui checkin KR VALUE'."))
        since_panel.show(self._since_title(since, now, len(changes) + len(edits)), head + shown, more)
        attention_panel = self.query_one("#standup-attention", ListPanel)
        items = needs_attention(ws, view, now, teams)
        show_team = len(teams) > 1
        lines = [attention_line(a, width, now, show_team) for a in items]
        for a in items:  # what the line names, with its team: whole
            what = f"#{a.kr.id} {a.kr.title}" if a.kr else f"O{a.objective.id} {a.objective.title}"
            what += f" · {a.objective.team}" if show_team else ""
            need = max(need, natural_width(partial(attention_line, a, now=now, show_team=show_team), what, most))
        attention_panel.show(_("Needs attention · {n}").format(n=len(items)), *self._fit(
            lines, attention_panel.rows(8), _("Nothing needs attention: every KR is on pace and recent.")))
        return need

    @staticmethod
    def _since_title(since: Since, now: datetime, count: int) -> str:
        moment = when(since.moment.astimezone(now.tzinfo), now)
        if since.marked:
            return _("Since the last standup, {when} · {n}").format(when=moment, n=count)
        return _("Since the previous working day, {when} · {n}").format(when=moment, n=count)

    @staticmethod
    def _fit(lines: list[Text], rows: int, nothing: str) -> tuple[list[Text], Text | None]:
        """As many lines as fit, then "… and N more" (no scrolling on a screen nobody touches)."""
        if not lines:
            return [], Text(nothing, style="dim")
        if line_count(lines) <= rows:
            return lines, None
        kept: list[Text] = []
        while lines and line_count(kept) + line_count(lines[:1]) <= rows - 1:
            kept.append(lines.pop(0))
        return kept, Text(_("… and {n} more").format(n=len(lines)), style="dim italic")

    # ---- time -------------------------------------------------------------

    def _tick(self) -> None:
        """The clock; a new day changes "since", expected progress and staleness, so redraw all."""
        now = self.okr_app.clock.local()
        if now.date() != self._day or now.strftime("%H:%M") != self._clock:
            self.redraw()

    def _turn(self) -> None:
        if not self.paused and len(self.pages) > 1:
            self._move(1)

    def _move(self, step: int) -> None:
        if not self.pages:
            return
        self.page = (self.page + step) % len(self.pages)
        self._page_teams = tuple(self.pages[self.page])
        self.redraw()

    # ---- actions ------------------------------------------------------------

    def action_page(self, step: int) -> None:
        self._move(step)
        if self._timer is not None:
            self._timer.reset()  # a full interval on the page just chosen

    def action_pause(self) -> None:
        if not self.rotate:
            self.notify(_("The pages turn by themselves with 'okrtui standup --rotate SECONDS'; "
                          "←/→ move them by hand."), timeout=4)
            return
        self.paused = not self.paused
        if not self.paused and self._timer is not None:
            self._timer.reset()
        self.redraw()

    def action_standup_done(self) -> None:
        repo = self.okr_app.repo
        now = self.okr_app.clock.local()

        def marked(moment: datetime) -> None:
            self.notify(_("Standup marked done at {time}; check-ins from now on are listed.").format(
                time=moment.astimezone().strftime("%H:%M")), timeout=4)

        self.okr_app.write(lambda: repo.mark_standup(now), done=marked)

    def palette_actions(self) -> list[tuple[str, str, Callable[[], None]]]:
        return [
            (_("Standup done"), _("s · mark the standup done now, for every session"), self.action_standup_done),
            (_("Next page"), _("→ · the next page of teams"), lambda: self.action_page(1)),
            (_("Previous page"), _("← · the previous page of teams"), lambda: self.action_page(-1)),
        ]
