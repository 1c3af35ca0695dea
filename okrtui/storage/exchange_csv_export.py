"""A quarter as the CSV `okrtui import` reads (exchange_csv's columns): one row a key result, one
more for each of its initiatives after the first, a row for an objective without key results.
Every cell goes through domain/spreadsheet, so no cell runs as a formula in a spreadsheet."""

from __future__ import annotations

from okrtui.domain.models import Initiative, KeyResult, Objective
from okrtui.domain.plan_text_render import number_text
from okrtui.domain.spreadsheet import csv_text
from okrtui.domain.workspace import Workspace
from okrtui.storage.exchange_csv import COLUMNS


def _link(workspace: Workspace, objective: Objective) -> list[str]:
    """aligned_team, aligned_objective, aligned_kr."""
    if objective.parent_kr_id is not None:
        kr = workspace.key_result(objective.parent_kr_id)
        parent = workspace.objective(kr.objective_id) if kr is not None else None
        if kr is not None and parent is not None:
            return [parent.team, parent.title, kr.title]
    if objective.parent_id is not None and (parent := workspace.objective(objective.parent_id)) is not None:
        return [parent.team, parent.title, ""]
    return ["", "", ""]


def _kr_cells(kr: KeyResult | None, objective: Objective) -> list[str]:
    """kr, kind, unit, start, target, current, owner, cadence, source_kpi."""
    cadence = objective.cadence or ""
    if kr is None:
        return ["", "", "", "", "", "", objective.owner, cadence, ""]
    current = number_text(kr.current) if kr.current is not None and kr.current != kr.start else ""
    return [kr.title, kr.kind, kr.unit, number_text(kr.start), number_text(kr.target), current,
            kr.owner or objective.owner, cadence, ""]  # source_kpi: KPIs travel in the JSON export, not here


def csv_of(workspace: Workspace, quarter: str, team: str | None = None) -> str:
    """The quarter's (or one team's) objectives, key results and initiatives as import rows."""
    rows: list[list[str]] = [list(COLUMNS)]
    for objective in workspace.objectives_in(quarter, team):
        head = [str(objective.quarter), objective.team, objective.title, objective.level, *_link(workspace, objective)]
        krs: list[KeyResult | None] = list(workspace.krs_of(objective.id)) or [None]
        for kr in krs:
            tasks: list[Initiative | None] = list(workspace.initiatives_of(kr.id)) if kr is not None else []
            for task in tasks or [None]:
                task_cells = [task.title, task.owner, task.status, task.due or ""] if task is not None else ["", "", "", ""]
                rows.append(head + _kr_cells(kr, objective) + task_cells)
    return csv_text(rows)
