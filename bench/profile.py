"""Where the time of one check-in goes: the write path split into phases, a cProfile of
the real `Repository.record_checkin`, and what-ifs that price the obvious design changes.

The phases replay what `Repository._write` does, step by step, with the storage's own
functions (read_json's read and parse, _check_header, _validate_row per table, the
Workspace index, the TinyDB change, encode, atomic write split into write/fsync/replace).
It uses private names of okrtui.storage; if those change, the phase table says so and the
rest of the report still runs.
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

from bench import data


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def _time(fn: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def phase_split(db: Path, kr_id: int, reps: int) -> list[tuple[str, float]]:
    """Median ms of each phase of one check-in write, replayed step by step."""
    from filelock import FileLock
    from tinydb.table import Document

    from okrtui.domain.models import CheckIn, KeyResult, Meta
    from okrtui.domain.validation import build
    from okrtui.domain.clock import system_clock
    from okrtui.domain.workspace import Workspace
    import orjson

    from okrtui.storage import repository as r
    from okrtui.storage.files import encode
    from okrtui.storage.memory_db import open_memory_db

    repo = r.Repository(db)
    samples: dict[str, list[float]] = {}
    labels: dict[str, str] = {}  # phase -> its label with sizes, from the first run

    def add(name: str, seconds: float, label: str | None = None) -> None:
        samples.setdefault(name, []).append(seconds)
        labels.setdefault(name, label or name)

    for n in range(reps):
        lock = FileLock(repo.lock_path, timeout=10, mode=0o600, thread_local=False)
        t, _ = _time(lock.acquire)
        add("lock: acquire", t)
        try:
            t, raw = _time(db.read_bytes)
            add("read: file bytes", t)
            t, parsed = _time(lambda: orjson.loads(raw))
            add("parse: orjson.loads", t)
            t, _ = _time(lambda: repo._check_header(parsed))
            add("header check", t)
            tables = {}
            for name, model in r.TABLE_MODELS.items():
                rows = parsed.get(name, {})
                t, tables[name] = _time(lambda: [repo._validate_row(model, name, k, d, db) for k, d in rows.items()])
                add(f"validate: {name}", t, f"validate: {name} ({len(rows):,} rows, pydantic)")
            t, meta = _time(lambda: Meta.model_validate(parsed[r.META][str(r.META_ID)]))
            add("validate: meta", t)
            t, ws = _time(lambda: Workspace(tables[r.OBJECTIVES], tables[r.KEY_RESULTS], tables[r.CHECKINS], tables[r.KPIS], meta))
            add("Workspace index (dicts, sort check-ins)", t)

            def change():
                db_ = open_memory_db(parsed)
                kr = ws.key_result(kr_id)
                moment = system_clock().now()
                checkin = build(CheckIn, {"kr_id": kr_id, "at": moment, "value": 100.0 + n, "confidence": 7,
                                          "note": "", "author": "bench", "previous_value": kr.current,
                                          "previous_confidence": kr.confidence})
                updated = build(KeyResult, {**kr.model_dump(), "current": checkin.value, "updated_at": moment, "confidence": 7})
                db_.table(r.CHECKINS).insert(r._dump(checkin))
                db_.table(r.KEY_RESULTS).update(r._dump(updated), doc_ids=[kr_id])
                meta_t = db_.table(r.META)
                record = dict(meta_t.get(doc_id=r.META_ID) or {})
                record["revision"] = int(record.get("revision", 0)) + 1
                meta_t.upsert(Document(record, doc_id=r.META_ID))
                return db_.storage.data

            t, changed = _time(change)
            add("change: TinyDB insert + update + meta upsert", t)
            t, payload = _time(lambda: encode(changed))
            add("encode", t, f"encode: orjson.dumps ({len(payload) / 1e6:.1f} MB)")
            fd, tmp = tempfile.mkstemp(prefix=f".{db.name}.", suffix=".tmp", dir=db.parent)
            try:
                os.fchmod(fd, 0o600)

                def write_all():
                    view = memoryview(payload)
                    while view:
                        view = view[os.write(fd, view):]

                t, _ = _time(write_all)
                add("write: temp file", t)
                t, _ = _time(lambda: os.fsync(fd))
                add("write: fsync", t)
            finally:
                os.close(fd)
            t, _ = _time(lambda: os.replace(tmp, db))
            add("write: os.replace", t)

            def fsync_folder():
                folder = os.open(db.parent, os.O_RDONLY)
                try:
                    os.fsync(folder)
                finally:
                    os.close(folder)

            t, _ = _time(fsync_folder)
            add("write: fsync folder", t)
        finally:
            t, _ = _time(lock.release)
            add("lock: release", t)
    return [(labels[name], _median_ms(values)) for name, values in samples.items()]


def cprofile_top(db: Path, kr_id: int, limit: int = 14) -> str:
    from okrtui.storage.repository import Repository

    # The phase replay above wrote the file with its own code: one check-in first, so that the profiled
    # one is the common case (a file okrtui wrote: the digest cache proves it, as for a user's next command).
    Repository(db).record_checkin(kr_id, 4241.0, confidence=6, author="bench", force=True)
    repo = Repository(db)  # a new one, as a new process: nothing remembered in memory
    profiler = cProfile.Profile()
    profiler.enable()
    repo.record_checkin(kr_id, 4242.0, confidence=6, author="bench", force=True)  # any value: a profile of the write
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    total = stats.total_tt  # type: ignore[attr-defined]
    rows = []
    for (filename, line, func), (_cc, nc, tt, ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        short = filename.split("site-packages/")[-1].split("/work/main/")[-1]
        rows.append((tt, ct, nc, f"{func} ({short}:{line})"))
    rows.sort(reverse=True)
    lines = [
        f"cProfile of one `Repository.record_checkin` by a new Repository on a file okrtui wrote (the digest "
        f"cache's path; total {total * 1000:,.0f} ms under the profiler, which inflates Python-level calls); top "
        "functions by own time:",
        "",
        "| own ms | cumulative ms | calls | function |",
        "|---:|---:|---:|---|",
    ]
    for tt, ct, nc, name in rows[:limit]:
        lines.append(f"| {tt * 1000:,.0f} | {ct * 1000:,.0f} | {nc:,} | `{name}` |")
    return "\n".join(lines)


def _record_checkin_ms(db: Path, kr_id: int, reps: int) -> float:
    from okrtui.storage.repository import Repository

    repo = Repository(db)
    samples = []
    for n in range(reps):
        t, _ = _time(lambda: repo.record_checkin(kr_id, 300.0 + n, confidence=7, author="bench", force=True))
        samples.append(t)
    return _median_ms(samples)


def _load_ms(db: Path, reps: int) -> float:
    from okrtui.storage.repository import Repository

    return _median_ms([_time(Repository(db).load)[0] for _ in range(reps)])


def _import_ms(reps: int) -> float:
    code = "import okrtui.cli.main, okrtui.storage.repository, okrtui.domain.workspace, okrtui.cli.checkin"
    samples = []
    for _ in range(reps + 1):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        samples.append(time.perf_counter() - start)
    return _median_ms(samples[1:])


def import_breakdown(limit: int = 10) -> str:
    """What `okrtui checkin` imports at S, from `python -X importtime`: by package, and the slowest modules."""
    from bench.measures import okrtui_script

    source = data.database("S")
    with tempfile.TemporaryDirectory(dir=data.OUT) as folder:
        db = Path(folder) / "okr.json"
        shutil.copyfile(source, db)
        kr_id, _kind = data.current_kr(db)
        runs = []
        for _ in range(3):
            done = subprocess.run(
                [sys.executable, "-X", "importtime", okrtui_script(), "checkin", str(kr_id), "12", "--db", str(db), "--author", "bench"],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, check=True,
            )
            selfs: dict[str, int] = {}
            for line in done.stderr.splitlines():
                if not line.startswith("import time:") or "self [us]" in line:
                    continue
                own, _cumulative, name = line[len("import time:"):].split("|")
                selfs[name.strip()] = int(own)
            runs.append(selfs)
    # the run with the median total
    runs.sort(key=lambda r: sum(r.values()))
    selfs = runs[len(runs) // 2]
    by_package: dict[str, int] = {}
    for name, own in selfs.items():
        top = name.split(".")[0]
        key = top if top in ("okrtui", "pydantic", "pydantic_core", "click", "tinydb", "filelock", "platformdirs", "typing_extensions") else "stdlib and others"
        by_package[key] = by_package.get(key, 0) + own
    total = sum(selfs.values())
    lines = [
        f"Start-up of `okrtui checkin` at S (`python -X importtime`, median of 3): {total / 1000:,.0f} ms of imports "
        f"({len(selfs)} modules). By package (own time): "
        + ", ".join(f"{k} {v / 1000:,.1f} ms" for k, v in sorted(by_package.items(), key=lambda kv: -kv[1]))
        + ". Slowest modules (own time): "
        + ", ".join(f"`{n}` {v / 1000:,.1f} ms" for n, v in sorted(selfs.items(), key=lambda kv: -kv[1])[:limit])
        + "."
    ]
    return "\n".join(lines)


def what_ifs(phases: list[tuple[str, float]]) -> list[str]:
    total = sum(ms for _n, ms in phases)
    validation = sum(ms for n, ms in phases if n.startswith(("validate", "Workspace")))
    if not phases:
        return []
    return [
        f"- Without validating the rows read (validate only the changed rows), the phases above would sum to "
        f"{total - validation:,.0f} ms instead of {total:,.0f} ms."
    ]


def report(size: str, ctx_workdir: Path, reps: int, log=print) -> str:
    """A markdown section: where the time of a check-in goes at `size`."""
    source = data.database(size, log=log)
    folder = Path(tempfile.mkdtemp(prefix=f"profile-{size}-", dir=ctx_workdir))
    db = folder / "okr.json"
    shutil.copyfile(source, db)
    kr_id, _kind = data.current_kr(db)
    out = [f"## Where the time goes: one check-in at {size}", ""]
    log(f"  profiling the write path at {size} ...")
    load_ms = _load_ms(db, reps)
    write_ms = _record_checkin_ms(db, kr_id, reps)
    import_ms = _import_ms(reps)
    out += [
        f"`okrtui checkin` = interpreter start and imports (`okrtui.cli.main`, repository, workspace, output: "
        f"{import_ms:,.0f} ms in a subprocess) + one locked read-validate-modify-write that also resolves the KR "
        f"(`Repository.checkin_by_reference`, like `Repository.record_checkin`: {write_ms:,.0f} ms); the file is read "
        f"and validated once (a `Repository.load()` alone: {load_ms:,.0f} ms). "
        f"Medians of {reps} in-process runs.",
        "",
    ]
    try:
        phases = phase_split(db, kr_id, reps)
    except Exception as error:  # the storage's private names changed
        phases = []
        out += [f"Phase split unavailable ({type(error).__name__}: {error}).", ""]
    if phases:
        total = sum(ms for _n, ms in phases)
        out += ["Phases of `record_checkin`, replayed step by step (median ms):", "",
                "| phase | ms | share |", "|---|---:|---:|"]
        for name, ms in phases:
            out.append(f"| {name} | {ms:,.1f} | {ms / total:.0%} |")
        out += [f"| **total** | **{total:,.0f}** | |", ""]
    try:
        out += [import_breakdown(), ""]
    except Exception as error:
        out += [f"Import breakdown unavailable ({type(error).__name__}: {error}).", ""]
    out += [cprofile_top(db, kr_id), "", "What is left to gain (same machine, same run):", ""]
    out += what_ifs(phases)
    shutil.rmtree(folder, ignore_errors=True)
    return "\n".join(out)
