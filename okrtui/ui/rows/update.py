"""Rows of the update list: every KR of the quarter, what needs attention first.

Each row has the KR's bar with today's expected-progress mark (┃) on it,
the percentage and status (word and symbol), current → target with unit,
confidence and the age of the last check-in. Numbers come from domain views;
this module only orders, filters and lays them out by terminal cells.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence
from datetime import datetime, timezone
from datetime import date

from rich.text import Text

from okrtui.domain.cadence import Owed
from okrtui.domain.models import KeyResult, Objective
from okrtui.domain.kr_rules import effective_owner, needs_attention, status_rank, threshold_holds
from okrtui.domain.initiatives import counts
from okrtui.domain.models import Initiative
from okrtui.domain.views import KRView, QuarterView
from okrtui.present.formatting import format_age, target_moved_text, title_marks
from okrtui.domain.numbers import format_percent
from okrtui.present.formatting import BAR
from okrtui.i18n import _
from okrtui.present.rhythm_text import owed_state
from okrtui.present.text import pad
from okrtui.ui.rows.shared import BAR_STYLE, STATUS_STYLE, grade_bar, status_text
from okrtui.present.initiative_text import counts_text, initiative_line
from okrtui.ui.rows.shared import view_values

# From this width a KR fits on one line with team, owner, values, confidence and age, and still
# keeps about 40 cells for its title; below it the facts go on a second line.
WIDE = 140
MARK = "┃"
SHOWN_INITIATIVES = 3  # lines of initiatives under a KR's row

SORTS = ("attention", "team", "owner", "status", "checkin")
_NEVER = datetime.min.replace(tzinfo=timezone.utc)


def sort_label(sort: str) -> str:
    return {
        "attention": _("needs attention"), "team": _("team"), "owner": _("owner"),
        "status": _("status"), "checkin": _("last check-in"),
    }[sort]


@dataclass
class Entry:
    """One KR of the list with the objective it belongs to."""

    view: KRView
    objective: Objective
    owed: Owed | None = None  # the check-in its owner owes (domain/cadence), if any
    mine: bool = False  # owned by whoever runs the app

    @property
    def kr(self) -> KeyResult:
        return self.view.kr

    @property
    def owner(self) -> str:
        return effective_owner(self.view.kr, self.objective)

    @property
    def needs_attention(self) -> bool:
        return needs_attention(self.view)

    @property
    def last_at(self) -> datetime:
        return self.view.last_checkin.at if self.view.last_checkin else _NEVER


def entries_of(view: QuarterView, owed: Sequence[Owed] = (), me: str = "") -> list[Entry]:
    """The view's KRs, each with the check-in it owes and whether it is `me`'s."""
    by_kr = {item.kr.id: item for item in owed}
    out = [Entry(k, o.objective, by_kr.get(k.kr.id)) for o in view.objectives for k in o.key_results]
    for e in out:
        e.mine = bool(me) and e.owner.casefold() == me.strip().casefold()
    return out


def _attention_key(e: Entry) -> tuple:
    # What I owe first (most overdue first), then what needs attention, worst first.
    owed = e.owed if e.mine else None
    return (owed is None, -(owed.days_late if owed is not None else 0), not e.needs_attention,
            status_rank(e.view.status), e.last_at, e.view.id)


def sort_entries(entries: list[Entry], sort: str) -> list[Entry]:
    keys = {
        "attention": _attention_key,
        "team": lambda e: (e.objective.team.casefold(), _attention_key(e)),
        "owner": lambda e: (e.owner.casefold(), _attention_key(e)),
        "status": lambda e: (status_rank(e.view.status), e.view.id),
        "checkin": lambda e: (e.last_at, e.view.id),  # the longest without a check-in first
    }
    return sorted(entries, key=keys[sort])


def filter_entries(entries: list[Entry], needle: str = "", owner: str | None = None) -> list[Entry]:
    """KRs whose title, owner, objective or team contain the text; only `owner`'s when given."""
    needle = needle.strip().casefold()
    out = []
    for e in entries:
        if owner is not None and e.owner.casefold() != owner.strip().casefold():
            continue
        text = f"{e.kr.title} {e.owner} {e.objective.title} {e.objective.team}".casefold()
        if needle and needle not in text:
            continue
        out.append(e)
    return out


def marked_bar(progress: float, expected: float, width: int = BAR) -> Text:
    """A bar coloured by grade with ┃ where today's expected progress is (a glyph, not a colour)."""
    cells = grade_bar(progress, width)
    mark = min(max(int(expected * width + 1e-9), 0), width - 1)
    return cells[:mark] + Text(MARK, style=BAR_STYLE["pace"]) + cells[mark + 1:]


def progress_cells(progress: float, raw: float, status: str, expected: float) -> Text:
    out = marked_bar(progress, expected)
    percent = format_percent(raw)  # -383% or 1250% take a cell more: never cut a number
    out.append(" " + pad(percent, max(4, len(percent)), "right") + " ")
    out.append(pad(status_text(status), 12), style=STATUS_STYLE.get(status, ""))
    return out


def holds_text(kr: KeyResult, raw: float) -> str:
    """For a threshold KR: whether its line holds at this value ('' for other kinds)."""
    holds = threshold_holds(kr, raw)
    if holds is None:
        return ""
    return _("holds") if holds else _("does not hold")


def confidence_text(confidence: int) -> str:
    return _("conf {n}/10").format(n=confidence)


def update_row(entry: Entry, width: int, expected: float, now: datetime) -> Text:
    """`#4 ⌛ title  bar┃ pct status` then values, owner, team, confidence, age (one line when wide)."""
    k = entry.view
    kr = k.kr
    age = format_age(k.last_checkin.at if k.last_checkin else None, now)
    facts = [view_values(entry.view)]  # a threshold below its line says how far it is ("3 to go")
    if threshold_holds(kr, k.raw):  # one that does not hold says how far it is, above
        facts.append(holds_text(kr, k.raw))
    wide = width >= WIDE
    right = Text()
    if wide:
        right.append(pad(entry.objective.team, 8) + " ", style="bold")
        right.append(pad(entry.owner, 10) + " ", style="italic")
        right.append(pad(" · ".join(facts), 30) + " ")
        right.append(pad(confidence_text(kr.confidence), 11) + " ")
        right.append(pad(age, 9) + " ", style="bold" if k.stale else "")
    right.append_text(progress_cells(k.progress, k.raw, k.status, expected))
    stale = title_marks(k.stale, k.target_moved)
    if entry.mine and entry.owed is not None:
        stale += _("due") + " · "
    room = max(width - right.cell_len - 1, 1)
    row = Text(pad(f"#{kr.id} {stale}{kr.title}", room), no_wrap=True, overflow="crop")
    row.append(" ")
    row.append_text(right)
    if not wide:
        facts += [entry.owner or _("no owner"), entry.objective.team, confidence_text(kr.confidence), age]
        if k.stale:
            facts.append(_("stale"))
        if k.target_moved:
            facts.append(target_moved_text())
        if entry.mine and entry.owed is not None:
            facts.append(owed_state(entry.owed))  # "due today", "overdue by 7 days"
        row.append("\n")
        row.append(pad("    " + " · ".join(f for f in facts if f), width), style="dim")
    for line in initiative_lines(k.initiatives, width, now.date()):
        row.append("\n")
        row.append_text(line)
    return row


def update_row_lines(entry: Entry, width: int) -> int:
    """Lines of update_row without making it (the list's heights): the facts line when narrow,
    then one line an initiative shown (initiative_lines: at most SHOWN_INITIATIVES)."""
    return 1 + (width < WIDE) + min(len(entry.view.initiatives), SHOWN_INITIATIVES)


def initiative_lines(initiatives: list[Initiative], width: int, today: date) -> list[Text]:
    """The work under a KR, under its row: what is to do or doing first, then what is done, at
    most SHOWN_INITIATIVES lines (the rest counted; `i` shows them all)."""
    if not initiatives:
        return []
    ordered = sorted(initiatives, key=lambda i: (i.status == "done", i.status == "todo", i.id or 0))
    shown = ordered if len(ordered) <= SHOWN_INITIATIVES else ordered[:SHOWN_INITIATIVES - 1]
    lines = [Text(pad("    ↳ " + initiative_line(i, today), width), style="dim" if i.status == "done" else "")
             for i in shown]
    if len(shown) < len(ordered):
        rest = counts_text(counts(ordered[len(shown):]))
        lines.append(Text(pad("    ↳ " + _("… and {rest} (i shows all)").format(rest=rest), width), style="dim"))
    return lines
