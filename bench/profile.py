"""Where the time of one check-in goes: the write path split into its steps and a cProfile of
the real `Repository.record_checkin`.

The steps are read from cProfiles of the real write (the cumulative time of the storage function
doing each step), not replayed: a replay copies the storage's code and drifts from it (the
earlier one did, and its table was lost to an AttributeError).
"""

from __future__ import annotations

import cProfile
import io
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


# The steps of one check-in write, named by the storage functions that do them (file, function).
# Read from a cProfile of the real `Repository.record_checkin` (cumulative time of each), so the
# split follows the code as it is; a step whose function is gone shows as absent, not as zero.
PHASES = (
    ("lock: acquire", "filelock/_core/_lock.py", "acquire"),
    ("read and parse (proven tables only)", "okrtui/storage/files.py", "read_json_bytes"),
    ("digest of the bytes read (trust check)", "okrtui/storage/digests.py", "trusted"),
    ("build the rows the check-in reads", "okrtui/storage/store_decode.py", "_decode"),
    ("the change (TinyDB insert + update)", "okrtui/storage/checkin_ops.py", "change"),
    ("change log: diff, validate changed rows, entry", "okrtui/storage/store.py", "_log"),
    ("change log: append the line", "okrtui/storage/log_file.py", "append_log"),
    ("encode (orjson, table by table)", "okrtui/storage/spans.py", "encode_tables"),
    ("atomic write (temp file, fsync, rename, folder fsync)", "okrtui/storage/files.py", "atomic_write"),
    ("digest cache entry written", "okrtui/storage/digests.py", "remember"),
    ("lock: release", "filelock/_core/_release.py", "release"),
)


def _profile_checkin(db: Path, kr_id: int, value: float) -> pstats.Stats:
    from okrtui.storage.repository import Repository

    repo = Repository(db)  # a new one, as a new process: nothing remembered in memory
    profiler = cProfile.Profile()
    profiler.enable()
    repo.record_checkin(kr_id, value, confidence=6, author="bench", force=True)  # any value: a profile of the write
    profiler.disable()
    return pstats.Stats(profiler, stream=io.StringIO())


def phase_split(db: Path, kr_id: int, reps: int) -> list[tuple[str, float | None]]:
    """Median cumulative ms (under cProfile) of each step of one check-in write by a new Repository."""
    from okrtui.storage.repository import Repository

    # one check-in first, so that the profiled ones are the common case (a file okrtui wrote)
    Repository(db).record_checkin(kr_id, 4240.0, confidence=6, author="bench", force=True)
    samples: dict[str, list[float]] = {label: [] for label, _f, _n in PHASES}
    totals = []
    for n in range(reps):
        stats = _profile_checkin(db, kr_id, 4100.0 + n)
        totals.append(stats.total_tt)  # type: ignore[attr-defined]
        for label, file_end, name in PHASES:
            found = [ct for (filename, _line, func), (_cc, _nc, _tt, ct, _callers) in stats.stats.items()  # type: ignore[attr-defined]
                     if func == name and filename.endswith(file_end)]
            if found:
                samples[label].append(max(found))
    out: list[tuple[str, float | None]] = [
        (label, _median_ms(values) if values else None) for label, values in samples.items()]
    out.append(("whole record_checkin", _median_ms(totals)))
    return out


def cprofile_top(db: Path, kr_id: int, limit: int = 14) -> str:
    stats = _profile_checkin(db, kr_id, 4242.0)
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
    phases = phase_split(db, kr_id, reps)
    total = phases[-1][1] or 0.0
    out += [f"Steps of `record_checkin` by a new Repository on a file okrtui wrote: the cumulative time of the "
            f"storage function doing each, under cProfile (which inflates Python-level work), median of {reps}:", "",
            "| step | function | ms | share |", "|---|---|---:|---:|"]
    functions = {label: f"`{name}` ({file_end})" for label, file_end, name in PHASES}
    for label, ms in phases[:-1]:
        shown = "absent" if ms is None else f"{ms:,.1f}"
        share = "" if ms is None or not total else f"{ms / total:.0%}"
        out.append(f"| {label} | {functions[label]} | {shown} | {share} |")
    out += [f"| **whole record_checkin** | | **{total:,.1f}** | |", ""]
    try:
        out += [import_breakdown(), ""]
    except Exception as error:
        out += [f"Import breakdown unavailable ({type(error).__name__}: {error}).", ""]
    out += [cprofile_top(db, kr_id), ""]
    shutil.rmtree(folder, ignore_errors=True)
    return "\n".join(out)
