"""Whether a quarter is closed: the rule a check-in (refused in a closed quarter), the views and the
plan share. Apart from domain/views so that a check-in's path does not import the views."""

from __future__ import annotations

from okrtui.domain.quarter import Quarter
from okrtui.domain.workspace import Workspace


def quarter_closed(workspace: Workspace, quarter: Quarter | str) -> bool:
    """Closed: archived, or every objective graded (a close whose archiving did not happen yet)."""
    label = str(quarter)
    if label in workspace.meta.archived:
        return True
    objectives = workspace.objectives_in(label)
    return bool(objectives) and all(o.state != "active" for o in objectives) and any(
        o.decision is not None for o in objectives)
