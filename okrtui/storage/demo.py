"""The demo database: the guide's three example OKRs, moved in time to the current quarter."""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from importlib import resources
from pathlib import Path

from okrtui.domain.clock import Clock, machine_zone_name, zone_named
from okrtui.domain.ids import new_database_id
from okrtui.domain.initiatives import week_of, week_start
from okrtui.domain.quarter import Quarter
from okrtui.i18n import _
from okrtui.storage.errors import DatabaseError
from okrtui.storage.files import atomic_write, encode, read_json
from okrtui.storage.repository import Repository
from okrtui.storage.changelog import INITIATIVES
from okrtui.storage.tables import CHECKINS, KEY_RESULTS, KPIS, META, META_ID, OBJECTIVES


def demo_source() -> Path:
    """demo.json from the installed wheel, or from the repository checkout."""
    packaged = resources.files("okrtui").joinpath("data/demo.json")
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "demo.json"


def _parse(moment: str) -> datetime:
    return datetime.fromisoformat(moment.replace("Z", "+00:00"))


def _history_end(data: dict) -> datetime:
    moments = [_parse(c["at"]) for c in data.get(CHECKINS, {}).values()]
    moments += [_parse(r["at"]) for k in data.get(KPIS, {}).values() for r in k.get("readings", [])]
    return max(moments)


def redate(data: dict, now: datetime, zone: str) -> dict:
    """Shift every timestamp so the history ends a few minutes before `now`, in the quarter that
    holds now's day in the workspace's time zone `zone` (which the copy then records)."""
    shift = now - timedelta(minutes=5) - _history_end(data)
    quarter = str(Quarter.containing(now.astimezone(zone_named(zone)).date()))

    def moved(moment: str | None) -> str | None:
        return None if moment is None else (_parse(moment) + shift).isoformat()

    for objective in data.get(OBJECTIVES, {}).values():
        objective["quarter"] = quarter
    for kr in data.get(KEY_RESULTS, {}).values():
        kr["updated_at"] = moved(kr.get("updated_at"))
    for checkin in data.get(CHECKINS, {}).values():
        checkin["at"] = moved(checkin["at"])
    for kpi in data.get(KPIS, {}).values():
        for reading in kpi.get("readings", []):
            reading["at"] = moved(reading["at"])
    weeks = round(shift / timedelta(weeks=1))  # a due week moves by whole weeks, staying a week
    for initiative in data.get(INITIATIVES, {}).values():
        initiative["status_at"] = moved(initiative.get("status_at"))
        if initiative.get("due"):
            initiative["due"] = week_of(week_start(initiative["due"]) + timedelta(weeks=weeks))
    data[META][str(META_ID)]["revision"] = 0
    data[META][str(META_ID)]["standup_at"] = None
    data[META][str(META_ID)]["timezone"] = zone
    data[META][str(META_ID)]["database_id"] = new_database_id()  # every copy is a database of its own
    return data


def install_demo(destination: Path, clock: Clock) -> Path:
    """Copy the demo to `destination` (which must not exist yet), re-dated to the clock's now and
    set in the time zone of the machine that installs it (as a new workspace would be)."""
    destination = Path(destination).expanduser()
    if destination.exists():
        raise DatabaseError(
            _("{path} already exists; give the demo a new path with --db, or delete the file first").format(
                path=destination
            )
        )
    data = redate(read_json(demo_source()), clock.now(), machine_zone_name())
    try:
        os.makedirs(destination.parent, exist_ok=True)
    except OSError as error:
        raise DatabaseError(_("cannot create {path}: {reason}").format(path=destination.parent, reason=error.strerror)) from None
    atomic_write(destination, encode(data))
    Repository(destination, clock=clock).load()  # prove the copy opens
    return destination
