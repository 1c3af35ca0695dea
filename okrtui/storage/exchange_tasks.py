"""Initiatives in imports (issue 20): the CSV `task` column and an export's initiatives.

A CSV row with a `task` names the work planned under its row's KR (optional columns `task owner`,
`task status`, `task due`). When that KR is already in the database or made by an earlier row of
the file, the row adds only the task; otherwise the row makes the KR and its task. A task whose
KR already has an initiative of that title is skipped, not doubled, so an import can be run again.

An initiative is planned against a KR reference: ("db", id) for a KR in the database, ("new", n)
for the n-th KR the import makes, ("export", id) for a KR of an export by its id there.
"""

from __future__ import annotations

from typing import Any

from okrtui.domain.initiatives import parse_due_week, parse_status
from okrtui.domain.models import Initiative
from okrtui.domain.validation import InvalidInput, build
from okrtui.domain.workspace import Workspace
from okrtui.i18n import _

TASK_COLUMNS = ("task", "task_owner", "task_status", "task_due")
TASK_ALIASES = {"initiative": "task", "task owner": "task_owner", "task status": "task_status",
                "task due": "task_due", "task-owner": "task_owner", "task-status": "task_status",
                "task-due": "task_due"}
KRRef = tuple[str, Any]


def task_from_row(values: dict[str, str], today) -> Initiative | None:
    """The row's task as an initiative (its KR set when written), or None when the row has none."""
    title = values.get("task", "")
    if not title:
        if any(values.get(name) for name in TASK_COLUMNS[1:]):
            raise InvalidInput([("task", _("task owner, status and due need a task title in the task column"))])
        return None
    if not values.get("kr"):
        raise InvalidInput([("task", _("a task belongs to a key result: give its title in the kr column"))])
    status = parse_status(values["task_status"]) if values.get("task_status") else "todo"
    return build(Initiative, {"kr_id": 0, "title": title, "owner": values.get("task_owner", ""),
                              "status": status, "due": parse_due_week(values.get("task_due"), today)})


def existing_kr(workspace: Workspace, objective_id: int | None, title: str) -> KRRef | None:
    """The database's KR of that title under the objective, as a reference."""
    found = next((k for k in workspace.krs_of(objective_id) if k.title == title), None) if objective_id else None
    return ("db", found.id) if found is not None else None


def already_planned(workspace: Workspace, ref: KRRef, title: str, planned: list[tuple[KRRef, Initiative]]) -> bool:
    """The KR already has (or the import already gives it) an initiative of that title."""
    if ref[0] == "db" and any(i.title == title for i in workspace.initiatives_of(ref[1])):
        return True
    return any(r == ref and i.title == title for r, i in planned)


def export_initiatives(workspace: Workspace, records: Any, imported_krs: set[int], existing_krs: dict[Any, int],
                       accepted) -> list[tuple[KRRef, Initiative]]:
    """An export's initiatives whose KR is imported (or merged into a KR already there); `accepted`
    validates each record and files the refused ones (importing._accepted)."""
    out: list[tuple[KRRef, Initiative]] = []

    def parent(initiative: Initiative) -> str | None:
        if initiative.kr_id not in imported_krs and initiative.kr_id not in existing_krs:
            return _("its key result {id} is not imported").format(id=initiative.kr_id)
        return None

    for initiative in accepted(records, Initiative, _("initiative {id}"), parent):
        if initiative.kr_id in existing_krs:
            ref: KRRef = ("db", existing_krs[initiative.kr_id])
            if already_planned(workspace, ref, initiative.title, out):
                continue
        else:
            ref = ("export", initiative.kr_id)
        out.append((ref, initiative))
    return out


def initiative_rows(planned: list[tuple[KRRef, Initiative]], new_kr_ids: list[int],
                    kr_ids: dict[Any, int]) -> list[dict]:
    """The rows to insert, each under its KR's id in the database (known once the KRs have theirs)."""
    rows = []
    for (kind, key), initiative in planned:
        kr_id = key if kind == "db" else new_kr_ids[key] if kind == "new" else kr_ids[key]
        rows.append({**initiative.model_dump(mode="json", exclude={"id"}), "kr_id": kr_id})
    return rows
