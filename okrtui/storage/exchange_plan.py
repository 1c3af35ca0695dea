"""What an import would write and what it refuses: the plan that CSV and JSON import both make."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from okrtui.domain.models import KPI, CheckIn, Initiative, KeyResult, KPIReading, Objective
from okrtui.domain.validation import InvalidInput


@dataclass
class Rejected:
    where: str  # "line 5" (CSV) or "objective 3" (export)
    reason: str


@dataclass
class Plan:
    """What an import would create, and what it refuses (with where and why)."""

    objectives: list[tuple[Any, Objective]] = field(default_factory=list)  # (key, objective to insert)
    key_results: list[tuple[Any, KeyResult, float | None]] = field(default_factory=list)  # (objective key, KR, current)
    checkins: list[tuple[Any, CheckIn]] = field(default_factory=list)  # (KR key, check-in) from an export
    kpis: list[KPI] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    existing: dict[Any, int] = field(default_factory=dict)  # objective key -> id already in the database
    archived: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    already_there: list[Rejected] = field(default_factory=list)  # skipped, not refused: one line per objective or KPI
    existing_titles: dict[Any, str] = field(default_factory=dict)  # objective key -> title, for existing ones
    existing_krs: dict[Any, int] = field(default_factory=dict)  # export KR id -> id of the same KR in the database
    kpi_readings: list[tuple[int, list[KPIReading]]] = field(default_factory=list)  # (KPI id in the database, new readings)
    # (KR reference, initiative): the work planned under KRs (importing_tasks explains the references)
    initiatives: list[tuple[Any, Initiative]] = field(default_factory=list)
    # An export's KR links (schema 8): export KR id -> export KPI id, and export KPI id -> the same
    # KPI already in the database; a KPI imported new gets its id under the lock.
    kpi_links: dict[int, int] = field(default_factory=dict)
    kpis_there: dict[int, int] = field(default_factory=dict)
    # A CSV's cascade (exchange_csv_links): new objective key -> (the key of the objective it aligns
    # to, and the KR of it, ("db", id) or ("new", index in key_results), or None for the objective).
    links: dict[Any, tuple[Any, Any]] = field(default_factory=dict)

def rejection_reason(error: Exception) -> str:
    if isinstance(error, InvalidInput):
        return "; ".join(message for _f, message in error.problems)
    return str(error)
