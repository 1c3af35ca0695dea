# Run: python bench/log_cost.py bench/out/L-v3-<quarter>.json [B4 runs] [B1 runs] (after python -m bench --sizes L has made the file).
"""B4 at L with a change log as a real team would have it (one entry per check-in of the live quarter)
versus the same file with an empty log; in process, alternating, medians. Each check-in is made by a
new Repository (as a new process would: nothing remembered in memory). Writes its medians to
bench/results/log_cost.json, which RESULTS.md shows.

Runs on either layout of the log, whichever the okrtui imported keeps (run it with PYTHONPATH set to
an older checkout to measure the "before"): schema 11 and later, the log's own file beside the
database (storage/log_file.py); before, a "changes" table inside the database file."""
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import orjson

from okrtui.domain.models import SCHEMA_VERSION
from okrtui.storage.repository import Repository

OWN_FILE = SCHEMA_VERSION >= 11  # the log in a file of its own

src = Path(sys.argv[1])
arch = src.with_name(f"{src.stem}.archive{src.suffix}")
tmp = Path(tempfile.mkdtemp())


def copy(name):
    d = tmp / f"{name}.json"
    shutil.copy(src, d)
    shutil.copy(arch, tmp / f"{name}.archive.json")
    return d


empty, full = copy("empty"), copy("full")
raw = orjson.loads(full.read_bytes())
if OWN_FILE and raw["meta"]["1"]["schema_version"] < 11:
    # A file made by an older generator: what migrating it would give (no log yet), for all three copies.
    raw.pop("changes", None)
    raw["meta"]["1"].update(schema_version=SCHEMA_VERSION, log_size=0)
    for copied in (empty, full):
        copied.write_bytes(orjson.dumps(raw))
krs = raw["key_results"]
objs = raw["objectives"]
changes = {}
for i, (cid, c) in enumerate(sorted(raw["checkins"].items(), key=lambda kv: int(kv[0])), 1):
    kr = krs.get(str(c["kr_id"]))
    if kr is None:
        continue
    changes[str(i)] = {"at": c["at"], "author": c.get("author", ""), "on_behalf_of": "", "action": "checkin",
                       "kind": "key_result", "record_id": c["kr_id"], "quarter": objs[str(kr["objective_id"])]["quarter"],
                       "objective_ids": [kr["objective_id"]], "kr_ids": [c["kr_id"]], "kpi_ids": [],
                       "records": [{"kind": "key_result", "id": c["kr_id"], "before": {"current": c.get("previous_value"), "updated_at": c["at"]},
                                    "after": {"current": c["value"], "updated_at": c["at"]}},
                                   {"kind": "checkin", "id": int(cid), "before": None, "after": c}],
                       "reverts": None}
if OWN_FILE:
    from okrtui.storage.log_file import entry_line, header, log_path_of

    meta = raw["meta"]["1"]
    payload = header(meta.get("database_id")) + b"".join(entry_line(int(k), v) for k, v in changes.items())
    log_path_of(full).write_bytes(payload)
    meta.update(revision=max(int(meta.get("revision", 0)), len(changes)), log_size=len(payload))
    nolog_db = tmp / "nolog.json"
    nolog_db.write_bytes(orjson.dumps(raw))  # the same database, no log beside it
    shutil.copy(arch, tmp / "nolog.archive.json")
else:
    raw["changes"] = changes
full.write_bytes(orjson.dumps(raw))


def size(db):
    log = db.with_name(f"{db.stem}.log.jsonl")
    return db.stat().st_size + (log.stat().st_size if log.exists() else 0)


print(f"live check-ins logged: {len(changes)}; file {size(empty)/1e6:.1f} MB -> {size(full)/1e6:.1f} MB "
      f"({'database + its log file' if OWN_FILE else 'the log inside the database'})")
kr = max(int(k) for k in krs)
if not OWN_FILE:
    nolog_db = copy("nolog")


class NoLog(Repository):
    def _log(self, *args, **kwargs):
        return None


repos = {"log off": (NoLog, nolog_db), "log on, empty": (Repository, empty),
         "log on, 1 entry per live check-in": (Repository, full)}
for cls, db in repos.values():
    cls(db, author="bench").record_checkin(kr, 1.0, confidence=7, author="bench")  # warm-up (the digest cache)
times = {k: [] for k in repos}
for n in range(int(sys.argv[2]) if len(sys.argv) > 2 else 9):
    for name, (cls, db) in repos.items():
        t = time.perf_counter()
        cls(db, author="bench").record_checkin(kr, float(n + 2), confidence=7, author="bench")
        times[name].append((time.perf_counter() - t) * 1000)
for name, v in times.items():
    print(f"B4 L {name}: median {statistics.median(v):.1f} ms, range {min(v):.1f}-{max(v):.1f} ms, n={len(v)}")

script = str(Path(sys.executable).with_name("okrtui"))
patch = ("import sys; from okrtui.storage.store import Store; Store._log = lambda *a, **k: None; "
         "from okrtui.cli.main import main; sys.argv = ['okrtui'] + sys.argv[1:]; main()")
cmds = {"log off": [sys.executable, "-c", patch, "checkin", str(kr), "5", "--db", str(nolog_db)],
        "log on, empty": [script, "checkin", str(kr), "5", "--db", str(empty)],
        "log on, 1 entry per live check-in": [script, "checkin", str(kr), "5", "--db", str(full)]}
b1 = {k: [] for k in cmds}
for cmd in cmds.values():  # warm-up
    subprocess.run(cmd, capture_output=True, check=True)
for _run in range(int(sys.argv[3]) if len(sys.argv) > 3 else 9):
    for name, cmd in cmds.items():
        t = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True)
        assert done.returncode == 0, done.stderr
        b1[name].append((time.perf_counter() - t) * 1000)
for name, v in b1.items():
    print(f"B1 L {name}: median {statistics.median(v):.0f} ms, range {min(v):.0f}-{max(v):.0f} ms, n={len(v)}")
m4 = {k: statistics.median(v) for k, v in times.items()}
m1 = {k: statistics.median(v) for k, v in b1.items()}
off, empty_name, full_name = "log off", "log on, empty", "log on, 1 entry per live check-in"
cost = {name: (m4[name] / m4[off] - 1, m1[name] / m1[off] - 1) for name in (empty_name, full_name)}
met = all(c <= 0.10 for pair in cost.values() for c in pair)
from datetime import datetime, timezone  # noqa: E402

(Path(__file__).resolve().parent / "results" / "log_cost.json").write_text(json.dumps({
    "when": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    "note": f"file {empty.stat().st_size / 1e6:.1f} MB without a log, {size(full) / 1e6:.1f} MB with one entry "
            f"per live check-in ({len(changes):,}"
            + (f"; database {full.stat().st_size / 1e6:.1f} MB + log file" if OWN_FILE else ", inside the database")
            + f"); B4 n = {len(times[off])}, B1 n = {len(b1[off])}.",
    "rows": [[name, m4[name], m1[name]] for name in times],
    "verdict": ("The log costs at most 10% on a check-in at L: met." if met else "The log costs at most 10% on a "
                "check-in at L: not met.") + " Cost over log off: " + "; ".join(
        f"{name}: B4 {c4:+.0%}, B1 {c1:+.0%}" for name, (c4, c1) in cost.items()) + ".",
}, ensure_ascii=False), encoding="utf-8")
print("entries logged:", {n: len(Repository(p).load().changes) for n, p in (("nolog", nolog_db), ("empty", empty), ("full", full))})
