"""Forward migrations of the database file: MIGRATIONS[n] turns schema n into schema n + 1.

Each is a pure function of the raw TinyDB dict. The repository backs the file up
before running any, and validates the result before saving it. Every schema has
a fixture under tests/fixtures (schema-vN.json) that the tests open.
"""

from __future__ import annotations

from typing import Callable

from okrtui.domain.clock import machine_zone_name


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


def _add_team_settings(data: dict) -> dict:
    """Schema 5 (team settings) adds a table of teams (cadence and lead; none yet: every team checks
    in weekly, as before) and an objective's own cadence (none: its team's)."""
    data.setdefault("teams", {})
    for objective in (data.get("objectives") or {}).values():
        if isinstance(objective, dict):
            objective.setdefault("cadence", None)
    return data


MIGRATIONS: dict[int, Callable[[dict], dict]] = {1: _v1_to_v2, 2: _v2_to_v3, 3: _v3_to_v4, 4: _add_team_settings}
