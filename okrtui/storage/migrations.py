"""Forward migrations of the database file: MIGRATIONS[n] turns schema n into schema n + 1.

Each is a pure function of the raw TinyDB dict. The repository backs the file up
before running any, and validates the result before saving it. Every schema has
a fixture under tests/fixtures (schema-vN.json) that the tests open.
"""

from __future__ import annotations

from typing import Callable

from okrtui.domain.clock import machine_zone_name
from okrtui.domain.ids import new_database_id


def _v1_to_v2(data: dict) -> dict:
    """Schema 2 adds the archive of closed quarters: the list of archived quarters and id floors."""
    meta = data["meta"]["1"]
    meta.setdefault("archived", [])
    meta.setdefault("id_floor", {})
    return data


def _v2_to_v3(data: dict) -> dict:
    """Schema 3 records how a quarter was closed: per objective a decision, the proposed score and reasons."""
    defaults = {"decision": None, "proposed_score": None, "score_reason": "", "shortfall_reason": "", "coverage_answer": ""}
    for objective in (data.get("objectives") or {}).values():
        if isinstance(objective, dict):
            for name, value in defaults.items():
                objective.setdefault(name, value)
    return data


def _v3_to_v4(data: dict) -> dict:
    """Schema 4 stores the workspace's time zone; an existing file takes the zone of the machine
    that migrates it (the shared host), which is what its users saw until now."""
    data["meta"]["1"].setdefault("timezone", machine_zone_name())
    return data


def _v4_to_v5(data: dict) -> dict:
    """Schema 5 keeps the change log and the comments: two tables, empty in an older file (its
    history before the migration is not known)."""
    data.setdefault("changes", {})
    data.setdefault("comments", {})
    return data



def _add_database_id(data: dict) -> dict:
    """Schema 6 gives the database an id of its own, which the plan files it writes name, so that
    their record tags are read against this database only."""
    meta = data["meta"]["1"]
    if not meta.get("database_id"):
        meta["database_id"] = new_database_id()
    return data


def _add_team_settings(data: dict) -> dict:
    """Schema 7 (team settings) adds a table of teams (cadence and lead; none yet: every team checks
    in weekly, as before) and an objective's own cadence (none: its team's)."""
    data.setdefault("teams", {})
    for objective in (data.get("objectives") or {}).values():
        if isinstance(objective, dict):
            objective.setdefault("cadence", None)
    return data


def _add_initiatives(data: dict) -> dict:
    """Schema 8 (initiatives) adds a table of the work planned under each KR; an older file has none."""
    data.setdefault("initiatives", {})
    return data


def _add_kr_source_kpi(data: dict) -> dict:
    """Schema 9 (KRs fed by a KPI) adds a key result's source KPI: none yet, every KR is checked in
    by hand, as before. The archive keeps its rows as they were (the field defaults to none)."""
    for kr in (data.get("key_results") or {}).values():
        if isinstance(kr, dict):
            kr.setdefault("source_kpi_id", None)
    return data


def _add_levels(data: dict) -> dict:
    """Schema 10 (alignment) gives each objective a level and lets it align to a key result. An older
    file's objectives were all team objectives (company ones are marked when someone edits them), and
    aligned to objectives only."""
    for objective in (data.get("objectives") or {}).values():
        if isinstance(objective, dict):
            objective.setdefault("level", "team")
            objective.setdefault("parent_kr_id", None)
    return data


def _log_in_own_file(data: dict) -> dict:
    """Schema 11 keeps the change log in a file of its own beside the database (storage/log_file.py),
    where a change's id is the revision its write produced: the revision moves past every change id
    ever handed out, archived ones included. The rows stay under "changes" here; the store writes
    them to the log file, then the database without them (a crash before leaves the file at
    schema 10, migrated again on the next open), or keeps them in memory for a read-only store."""
    meta = data["meta"]["1"]
    table = data.get("changes")
    rows: dict = table if isinstance(table, dict) else {}
    ids = [int(key) for key in rows if key.isdigit()]
    floor = int((meta.get("id_floor") or {}).get("changes", 0) or 0)
    meta["revision"] = max([int(meta.get("revision", 0) or 0), floor, *ids])
    meta["log_size"] = 0
    data.setdefault("changes", {})
    return data


MIGRATIONS: dict[int, Callable[[dict], dict]] = {1: _v1_to_v2, 2: _v2_to_v3, 3: _v3_to_v4, 4: _v4_to_v5,
                                                 5: _add_database_id, 6: _add_team_settings,
                                                 7: _add_initiatives, 8: _add_kr_source_kpi, 9: _add_levels,
                                                 10: _log_in_own_file}
