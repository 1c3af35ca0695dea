"""Benchmark `okrtui checkin --from` (issue 19 item 5): 1,000 check-ins from a JSON Lines file
against one `okrtui checkin`, on the same database. Acceptance: the batch is one write and takes
less than twice the single check-in.

Run: python -m bench.checkin_batch [--sizes S,L] [--runs N] [--lines 1000]. Each run starts from a
fresh copy of the size's database (bench/data.py), single and batch alternate (A B A B …, after a
warm-up of each), medians are printed and written to bench/results/checkin_batch.json. The batch
also checks that the file was replaced once (its revision went up by exactly one).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import data

ROOT = Path(__file__).resolve().parents[1]


def fresh_copy(size: str, folder: Path) -> Path:
    source = data.database(size)
    target = folder / "okr.json"
    shutil.copyfile(source, target)
    if data.archive_of(source).exists():
        shutil.copyfile(data.archive_of(source), data.archive_of(target))
    return target


def batch_text(db: Path, lines: int) -> str:
    """`lines` check-ins spread over the current quarter's 'increase' KRs, each value in range."""
    raw = json.loads(db.read_bytes())
    kr_id, _kind = data.current_kr(db)
    objective = raw["key_results"][str(kr_id)]["objective_id"]
    quarter = raw["objectives"][str(objective)]["quarter"]
    live = {int(k) for k, o in raw["objectives"].items() if o["quarter"] == quarter and o["state"] == "active"}
    krs = [(int(k), kr) for k, kr in raw["key_results"].items() if kr["objective_id"] in live and kr["kind"] == "increase"]
    out = []
    for i in range(lines):
        kr_id, kr = krs[i % len(krs)]
        value = kr["start"] + (kr["target"] - kr["start"]) * ((i * 7) % 100) / 100
        out.append(json.dumps({"kr": kr_id, "value": round(value, 3), "confidence": i % 11, "note": f"batch {i}"}))
    return "\n".join(out) + "\n"


def revision(db: Path) -> int:
    return json.loads(db.read_bytes())["meta"]["1"]["revision"]


def timed(cmd: list[str], env: dict, stdin: str | None = None) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, input=stdin, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[:4])} … exited {done.returncode}: {done.stderr.strip()}")
    return elapsed


def measure(size: str, runs: int, lines: int, okrtui: str) -> dict:
    single: list[float] = []
    batch: list[float] = []
    with tempfile.TemporaryDirectory(dir=data.OUT) as folder:
        work = Path(folder)
        text = batch_text(fresh_copy(size, work), lines)
        (work / "in.jsonl").write_text(text, encoding="utf-8")
        env = {**os.environ, "OKRTUI_USER": "bench"}
        for i in range(runs + 1):  # the first of each is a warm-up
            db = fresh_copy(size, work)
            kr, _kind = data.current_kr(db)
            t = timed([okrtui, "checkin", str(kr), "101", "--confidence", "7", "--db", str(db)], env)
            if i:
                single.append(t * 1000)
            db = fresh_copy(size, work)
            before = revision(db)
            t = timed([okrtui, "checkin", "--from", str(work / "in.jsonl"), "--db", str(db)], env)
            if revision(db) != before + 1:
                raise SystemExit(f"the batch wrote {revision(db) - before} times, not once")
            if i:
                batch.append(t * 1000)
    s, b = statistics.median(single), statistics.median(batch)
    return {
        "single_ms": round(s, 1), "batch_ms": round(b, 1), "ratio": round(b / s, 2), "lines": lines, "runs": runs,
        "single_range_ms": [round(min(single), 1), round(max(single), 1)],
        "batch_range_ms": [round(min(batch), 1), round(max(batch), 1)], "writes_per_batch": 1,
    }


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.checkin_batch")
    parser.add_argument("--sizes", default="S,L")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--lines", type=int, default=1000)
    args = parser.parse_args()
    okrtui = str(Path(sys.executable).with_name("okrtui"))
    data.OUT.mkdir(parents=True, exist_ok=True)
    results: dict = {}
    for size in args.sizes.split(","):
        results[size] = measure(size, args.runs, args.lines, okrtui)
        r = results[size]
        print(f"{size}: one check-in {r['single_ms']} ms, {args.lines} lines --from {r['batch_ms']} ms "
              f"({r['ratio']}×; goal < 2×), one write each")
    results["machine"] = {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()}
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "checkin_batch.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
