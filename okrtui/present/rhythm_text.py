"""Owed check-ins in words: `okrtui due`, the reminders `okrtui remind` sends, and the app's update
mode all say them the same way (the rule itself is domain/cadence)."""

from __future__ import annotations

from datetime import datetime

from okrtui.domain.cadence import Owed
from okrtui.present.formatting import cadence_label, format_age
from okrtui.i18n import _, ngettext


def owner_name(owner: str) -> str:
    return owner or _("(no owner)")


def owed_state(item: Owed) -> str:
    """"due today", "overdue by 3 days", "overdue since today"."""
    if item.state == "due":
        return _("due today")
    if item.days_late == 0:
        return _("overdue since today")
    return ngettext("overdue by {n} day", "overdue by {n} days", item.days_late).format(n=item.days_late)


def owed_line(item: Owed, now: datetime) -> str:
    """One KR owed: '#6 完成2場線上直播活動 · 行銷 · overdue by 7 days (weekly; last check-in 14d ago)'."""
    last = format_age(item.last_checkin, now) if item.last_checkin else _("never checked in")
    return _("#{id} {title} · {team} · {state} ({cadence}; last check-in {last})").format(
        id=item.kr.id, title=item.kr.title, team=item.objective.team, state=owed_state(item),
        cadence=cadence_label(item.cadence), last=last)


def checkin_command(item: Owed) -> str:
    """The one-line command that records the check-in."""
    return f"okrtui checkin {item.kr.id} " + _("VALUE") + " --confidence " + _("N")


def owner_heading(owner: str, items: list[Owed]) -> str:
    return ngettext("{owner} owes {n} check-in", "{owner} owes {n} check-ins", len(items)).format(
        owner=owner_name(owner), n=len(items))


def owed_report(groups: dict[str, list[Owed]], now: datetime) -> str:
    """What `okrtui due` prints: per owner, each KR and the command that records it."""
    if not groups:
        return _("Nobody owes a check-in.")
    lines: list[str] = []
    for owner, items in groups.items():
        lines.append(owner_heading(owner, items))
        for item in items:
            lines.append("  " + owed_line(item, now))
            lines.append("      " + checkin_command(item))
    return "\n".join(lines)


def owed_as_dict(groups: dict[str, list[Owed]]) -> dict:
    """`okrtui due --json`."""
    return {"owners": [
        {"owner": owner, "key_results": [
            {"id": i.kr.id, "title": i.kr.title, "objective_id": i.objective.id, "team": i.objective.team,
             "cadence": i.cadence, "state": i.state, "due_at": i.due_at.isoformat(), "days_late": i.days_late,
             "last_checkin": i.last_checkin.isoformat() if i.last_checkin else None}
            for i in items]}
        for owner, items in groups.items()]}
