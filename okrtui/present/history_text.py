"""The change log and comments as words and numbers for people (the CLI, the app, reports)."""

from __future__ import annotations

from typing import Any, Callable

from okrtui.domain.history import TargetChange
from okrtui.domain.models import Change, Comment
from okrtui.domain.validation import field_label
from okrtui.domain.numbers import format_number
from okrtui.i18n import _

SKIPPED_FIELDS = ("updated_at", "previous_value", "previous_confidence", "edited_at", "status_at")


def action_label(action: str) -> str:
    return {
        "create": _("created"), "edit": _("edited"), "delete": _("deleted"), "restore": _("restored"),
        "checkin": _("checked in"), "reading": _("KPI reading"), "comment": _("comment"), "close": _("closed"),
        "reopen": _("reopened"), "import": _("imported"), "undo": _("undone"), "redo": _("redone"),
    }.get(action, action)


def change_verb(change: Change) -> str:
    """The action as people say it: a check-in or a comment changed after the fact says how."""
    kind = {"checkin": "checkin", "comment": "comment"}.get(change.action)
    record = next((r for r in change.records if r.kind == kind), None) if kind else None
    if record is None or record.before is None:
        return _("commented") if kind == "comment" and record is not None else action_label(change.action)
    if record.after is None:
        return _("deleted a check-in") if kind == "checkin" else _("deleted a comment")
    return _("corrected a check-in") if kind == "checkin" else _("edited a comment")


def record_label(kind: str, record_id: int) -> str:
    return {"objective": "O{id}", "key_result": "KR {id}", "checkin": _("check-in {id}"), "kpi": "KPI {id}",
            "comment": _("comment {id}"), "initiative": _("initiative {id}")}.get(kind, "{id}").format(id=record_id)


def _value(value: Any) -> str:
    if value is None or value == "":  # an empty note or description reads as nothing, not as a blank
        return "–"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float)):
        return format_number(float(value))
    if isinstance(value, list):
        return _("{n} items").format(n=len(value))
    return str(value)


def who(change: Change | TargetChange) -> str:
    """"王小明", or "ci-bot for 王小明" when a script named someone else."""
    return author_text(change.author, change.on_behalf_of)


def author_text(author: str, on_behalf_of: str = "") -> str:
    if on_behalf_of:
        return _("{who} for {whom}").format(who=author or "?", whom=on_behalf_of)
    return author or "?"


def change_details(change: Change) -> list[str]:
    """Per record the fields before → after ("target 50 → 40"); a created or deleted record named once."""
    out = []
    for record in change.records:
        label = record_label(record.kind, record.id)
        if record.before is None:
            out.append(_("+ {record}").format(record=label) + _summary(record.after or {}))
        elif record.after is None:
            out.append(_("− {record}").format(record=label) + _summary(record.before))
        else:
            fields = [f"{field_label(name)} {_value(record.before.get(name))} → {_value(value)}"
                      for name, value in record.after.items() if name not in SKIPPED_FIELDS]
            if fields:
                out.append(f"{label}: " + ", ".join(fields))
    return out


def _summary(row: dict) -> str:
    for name in ("title", "name", "text"):
        if row.get(name):
            return f" “{row[name]}”"
    if "value" in row:
        return f" {_value(row['value'])}"
    return ""


def change_line(change: Change, local: Callable) -> str:
    """One line: when, who, what, and the fields ("2026-11-20 11:00 王小明 edited KR 1: target 50 → 40")."""
    when = local(change.at).strftime("%Y-%m-%d %H:%M")
    head = f"#{change.id} {when}  {who(change)}  {change_verb(change)}"
    details = change_details(change)
    return head + ("  " + "; ".join(details) if details else "")


def change_json(change: Change) -> dict:
    data = change.model_dump(mode="json")
    return data


def target_change_line(change: TargetChange, local: Callable) -> str:
    """ "target 50 → 40 on 2026-11-20 by 王小明" """
    text = _("{field} {before} → {after} on {day} by {who}").format(
        field=field_label(change.field), before=format_number(change.before), after=format_number(change.after),
        day=local(change.at).strftime("%Y-%m-%d"), who=who(change))
    return text


def target_change_dict(change: TargetChange, local: Callable) -> dict:
    """A target change for programs (reports' JSON)."""
    return {"field": change.field, "before": change.before, "after": change.after, "at": change.at.isoformat(),
            "day": local(change.at).date().isoformat(), "author": change.author,
            "on_behalf_of": change.on_behalf_of, "lowered": change.lowered}


def comment_line(comment: Comment, local: Callable) -> str:
    when = local(comment.at).strftime("%Y-%m-%d %H:%M")
    edited = " " + _("(edited)") if comment.edited_at else ""
    return f"[{comment.id}] {when}  {comment.author or '?'}{edited}: {comment.text}"
