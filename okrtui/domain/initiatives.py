"""Initiatives: the work planned to move a key result (issue 20). They never count in a score
(KRs measure outcomes, initiatives are the work); this module reads them for the screens,
the standup, the coach and the command line. Pure functions over a Workspace."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Collection, Iterable

from okrtui.domain.ids import reference_id
from okrtui.domain.models import INITIATIVE_STATUSES, Initiative, KeyResult
from okrtui.domain.validation import InvalidInput
from okrtui.domain.quarter import Quarter, as_utc
from okrtui.domain.workspace import ReferenceError_, Workspace, resolve, resolve_kr
from okrtui.i18n import _

_WEEK = re.compile(r"^(?:(\d{4})-?)?w(\d{1,2})$", re.IGNORECASE)
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NO_DUE = {"", "-", "none", "no", "無"}


def status_label(status: str) -> str:
    return {"todo": _("to do"), "doing": _("doing"), "done": _("done")}.get(status, status)


def status_symbol(status: str) -> str:
    """A mark beside every status, so nothing depends on colour alone."""
    return {"todo": "☐", "doing": "▶", "done": "✔"}.get(status, "?")


def parse_status(text: str) -> str:
    """"todo" / "to do" / "doing" / "done" (and the Chinese words) → the stored status."""
    words = {"todo": "todo", "to do": "todo", "to-do": "todo", "doing": "doing", "started": "doing",
             "done": "done", "待辦": "todo", "進行中": "doing", "完成": "done", "已完成": "done"}
    found = words.get(str(text).strip().casefold())
    if found is None:
        raise InvalidInput([("status", _("status must be one of: {choices}").format(
            choices=", ".join(INITIATIVE_STATUSES)))])
    return found


def week_of(day: date) -> str:
    """The ISO week a day is in, as stored: "2026-W50"."""
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def parse_due_week(text: str | None, today: date) -> str | None:
    """A due week as people type it: "2026-W50", "W50" (this year), or a day (its week);
    "", "-" or "none" clear it. Anything else is refused with a sentence."""
    raw = (text or "").strip()
    if raw.casefold() in _NO_DUE:
        return None
    match = _WEEK.match(raw)
    if match:
        year = int(match.group(1)) if match.group(1) else today.isocalendar()[0]
        week = int(match.group(2))
        try:
            monday = date.fromisocalendar(year, week, 1)
        except ValueError:
            raise InvalidInput([("due", _("{year} has no week {week}").format(year=year, week=week))]) from None
        return week_of(monday)
    if _DAY.match(raw):
        try:
            return week_of(date.fromisoformat(raw))
        except ValueError:
            pass
    raise InvalidInput([("due", _("'{text}' is not a week; write it like 2026-W50, W50 or a day such as "
                                  "2026-12-11").format(text=raw))])


def week_start(due: str) -> date:
    """The Monday of a stored due week."""
    year, week = due.split("-W")
    return date.fromisocalendar(int(year), int(week), 1)


def due_label(due: str | None) -> str:
    """A due week as shown: "W50" (its Monday's date beside it on wide screens is the caller's choice)."""
    return "" if due is None else "W" + due.split("-W")[1]


def overdue(initiative: Initiative, today: date) -> bool:
    """Not done, and its due week is over."""
    if initiative.status == "done" or initiative.due is None:
        return False
    return week_start(initiative.due) + timedelta(days=7) <= today


@dataclass(frozen=True)
class Counts:
    todo: int = 0
    doing: int = 0
    done: int = 0

    @property
    def total(self) -> int:
        return self.todo + self.doing + self.done


def counts(initiatives: Iterable[Initiative]) -> Counts:
    found = {"todo": 0, "doing": 0, "done": 0}
    for initiative in initiatives:
        found[initiative.status] += 1
    return Counts(**found)


def initiatives_in(workspace: Workspace, quarter: Quarter | str, team: str | None = None,
                   owner: str | None = None) -> list[tuple[KeyResult, Initiative]]:
    """A quarter's initiatives (of one team, one owner), in the order of their KRs."""
    out = []
    wanted = owner.casefold() if owner else None
    for kr in workspace.krs_in(quarter, team):
        for initiative in workspace.initiatives_of(kr.id):
            if wanted is None or initiative.owner.casefold() == wanted:
                out.append((kr, initiative))
    return out


@dataclass(frozen=True)
class WeekOfWork:
    """The standup's line on initiatives: how many are being worked on, how many wait, and how
    many were finished since the standup's moment (domain/standup.standup_since)."""

    doing: int
    done_since: int
    todo: int

    @property
    def total(self) -> int:
        return self.doing + self.todo + self.done_since


def week_of_work(workspace: Workspace, quarter: Quarter | str, since: datetime,
                 teams: Collection[str] | None = None) -> WeekOfWork:
    moment = as_utc(since)
    items = [i for kr, i in initiatives_in(workspace, quarter)
             if teams is None or _team_of(workspace, kr) in teams]
    done_since = sum(1 for i in items if i.status == "done" and i.status_at is not None and i.status_at >= moment)
    return WeekOfWork(doing=sum(1 for i in items if i.status == "doing"), done_since=done_since,
                      todo=sum(1 for i in items if i.status == "todo"))


def _team_of(workspace: Workspace, kr: KeyResult) -> str | None:
    objective = workspace.objective(kr.objective_id)
    return objective.team if objective else None


def resolve_initiative(workspace: Workspace, ref: str, title: str | None = None) -> Initiative:
    """The initiative `ref` names: its id alone (`task done 12`), or a KR and part of a title
    (`task done "signup" "landing page"`). Unknown or ambiguous is a ReferenceError_ with the candidates."""
    if title is None:
        text = str(ref).strip()
        number = reference_id(text[1:] if text[:1] in ("#", "t", "T") else text)
        found = workspace.initiative(number) if number is not None else None
        if found is None:
            raise ReferenceError_(_("there is no initiative {ref}; name it by its id (okrtui task list) or by its key "
                                    "result and title").format(ref=str(ref).strip()),
                                  [f"{i.id}: {i.title}" for i in workspace.initiatives])
        return found
    kr = resolve_kr(workspace, ref)
    return resolve(workspace.initiatives_of(kr.id), title, title_of=lambda i: i.title, id_of=lambda i: i.id,
                   what=_("initiative"))
