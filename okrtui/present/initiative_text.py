"""Initiatives as words for people: one line per initiative, and the counts the standup and the
reports show. Shared by the command line, the app and the reports (no click, no textual)."""

from __future__ import annotations

from datetime import date

from okrtui.domain.initiatives import Counts, WeekOfWork, due_label, overdue, status_label, status_symbol
from okrtui.domain.models import Initiative
from okrtui.i18n import _, ngettext


def initiative_tag(initiative: Initiative) -> str:
    """How an initiative is named on screen and on the command line: T12."""
    return f"T{initiative.id}"


def initiative_status_text(status: str) -> str:
    return f"{status_symbol(status)} {status_label(status)}"


def initiative_details(initiative: Initiative, today: date | None = None) -> str:
    """Its owner and due week, "(王小明, due W50, overdue)"; "" when it has neither."""
    parts = [initiative.owner] if initiative.owner else []
    if initiative.due:
        parts.append(_("due {week}").format(week=due_label(initiative.due)))
        if today is not None and overdue(initiative, today):
            parts.append(_("overdue"))
    return "(" + _(", ").join(parts) + ")" if parts else ""


def initiative_line(initiative: Initiative, today: date | None = None) -> str:
    """"T3 ▶ doing  拜訪20家潛在企業客戶 (王小明, due W50)"."""
    details = initiative_details(initiative, today)
    return f"{initiative_tag(initiative)} {initiative_status_text(initiative.status)}  {initiative.title}" + (
        f" {details}" if details else "")


def counts_text(counts: Counts) -> str:
    """"2 doing, 1 to do, 3 done" (the parts that are not zero); "no initiatives" for none."""
    if counts.total == 0:
        return _("no initiatives")
    parts = []
    if counts.doing:
        parts.append(ngettext("{n} doing", "{n} doing", counts.doing).format(n=counts.doing))
    if counts.todo:
        parts.append(ngettext("{n} to do", "{n} to do", counts.todo).format(n=counts.todo))
    if counts.done:
        parts.append(ngettext("{n} done", "{n} done", counts.done).format(n=counts.done))
    return _(", ").join(parts)


def week_of_work_text(work: WeekOfWork, marked: bool = True) -> str:
    """The standup's line: "This week: 3 doing, 1 done since the last standup, 2 to do" (`marked`:
    there was a standup; else the count runs from the previous working day)."""
    doing = ngettext("{n} doing", "{n} doing", work.doing).format(n=work.doing)
    if marked:
        done = ngettext("{n} done since the last standup", "{n} done since the last standup",
                        work.done_since).format(n=work.done_since)
    else:
        done = ngettext("{n} done since the previous working day", "{n} done since the previous working day",
                        work.done_since).format(n=work.done_since)
    todo = ngettext("{n} to do", "{n} to do", work.todo).format(n=work.todo)
    return _("This week: {doing}, {done}, {todo}").format(doing=doing, done=done, todo=todo)
