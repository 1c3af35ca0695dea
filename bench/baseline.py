"""Baselines: the least a program can do for the same job on the same file.

Run as a script (python bench/baseline.py checkin DB KR VALUE, or read DB) it is the
baseline of B1 and of `okrtui list --json`: it imports the same libraries as the CLI
(click, pydantic's BaseModel, tinydb, filelock, platformdirs, orjson) and then, for `checkin`, does
the same locked (filelock on the sidecar .lock), atomic (temp file + fsync + os.replace +
folder fsync) read-modify-write of the database with orjson (as okrtui's storage) and nothing else: no
validation, no TinyDB, no domain code. `locked_checkin` is also the in-process
baseline of B4. It never imports okrtui.
"""

from __future__ import annotations

import json
import os
import stat
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

import click  # noqa: F401  (the same imports as the CLI: the cost of starting up is part of the baseline)
import filelock
import orjson
import platformdirs  # noqa: F401
import tinydb  # noqa: F401
from pydantic import BaseModel  # noqa: F401  (`import pydantic` alone is lazy and loads almost nothing)


def _atomic_write(path: Path, payload: bytes) -> None:
    mode = stat.S_IMODE(path.stat().st_mode)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, mode)
        view = memoryview(payload)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


def locked_checkin(path: Path, kr_id: int, value: float, confidence: int = 7, author: str = "bench") -> int:
    """Append a check-in and update its KR, as okrtui would, with plain json; returns the new id."""
    path = Path(path)
    with filelock.FileLock(path.with_name(path.name + ".lock"), timeout=10, mode=0o600, thread_local=False):
        data = orjson.loads(path.read_bytes())
        kr = data["key_results"][str(kr_id)]
        at = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        checkins = data["checkins"]
        new_id = max(map(int, checkins), default=0) + 1
        checkins[str(new_id)] = {
            "kr_id": kr_id, "at": at, "value": float(value), "confidence": confidence, "note": "",
            "author": author, "previous_value": kr["current"], "previous_confidence": kr["confidence"],
        }
        kr.update(current=float(value), confidence=confidence, updated_at=at)
        data["meta"]["1"]["revision"] += 1
        _atomic_write(path, orjson.dumps(data))
        return new_id


def read(path: Path) -> str:
    data = orjson.loads(Path(path).read_bytes())
    return json.dumps({name: len(table) for name, table in data.items()})


if __name__ == "__main__":
    command, db, *rest = sys.argv[1:]
    if command == "checkin":
        print(locked_checkin(Path(db), int(rest[0]), float(rest[1])))
    elif command == "read":
        print(read(Path(db)))
    else:
        raise SystemExit(f"unknown command {command}")
