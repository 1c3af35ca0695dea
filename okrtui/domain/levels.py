"""Levels and people: what a person owns, the one rule behind `m` (mine) in every mode,
`okrtui list --owner NAME` and the person filter of reports.

A person owns an objective whose owner they are (a person-level objective is theirs by
definition) with all its KRs, and, in other objectives, the KRs they own. A KR without an owner of
its own belongs to its objective's owner.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Sequence

from okrtui.domain.quarter import Quarter
from okrtui.domain.views import KRView, ObjectiveView, QuarterView
from okrtui.domain.workspace import Workspace


def same_person(a: str, b: str) -> bool:
    return bool(a.strip()) and a.strip().casefold() == b.strip().casefold()


def kr_owner(kr: KRView, objective: ObjectiveView) -> str:
    return kr.kr.owner or objective.objective.owner


def owned_by(objectives: Sequence[ObjectiveView], owner: str | None) -> list[tuple[ObjectiveView, list[KRView]]]:
    """(objective, the KRs of it to show) for what `owner` owns; everything when owner is None."""
    if owner is None:
        return [(o, list(o.key_results)) for o in objectives]
    out = []
    for o in objectives:
        if same_person(o.objective.owner, owner):
            out.append((o, list(o.key_results)))
            continue
        krs = [k for k in o.key_results if same_person(kr_owner(k, o), owner)]
        if krs:
            out.append((o, krs))
    return out


def view_for_owner(view: QuarterView, owner: str | None) -> QuarterView:
    """The quarter's view narrowed to one person (progress stays the objective's own); KPIs, which
    belong to teams and not to people, are left out."""
    if owner is None:
        return view
    objectives = [replace(o, key_results=krs) for o, krs in owned_by(view.objectives, owner)]
    return replace(view, objectives=objectives, kpi_views=list)


def owners_in(workspace: Workspace, quarter: Quarter | str) -> list[str]:
    """Everyone who owns an objective or a KR in a quarter, sorted."""
    names: set[str] = set()
    for o in workspace.objectives_in(quarter):
        names.add(o.owner)
        names |= {k.owner or o.owner for k in workspace.krs_of(o.id)}
    return sorted(n for n in names if n.strip())
