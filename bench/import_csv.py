"""Issue 16.9: how long `okrtui import FILE.csv` takes, and how long it holds the write lock.

    python -m bench.import_csv [--sizes 5000,20000,100000] [--timeout 600]

Each size runs in a child process on a fresh database: a CSV of N rows (one KR a row, with a
current value, so each row also makes a check-in; 10 KRs an objective). The child times the
whole import (read, plan, write) and the time the lock is held. A size that runs past the
timeout is reported as such (before the fix 100k rows took more than ten minutes).
Not a test: numbers depend on the machine; the results go in bench/RESULTS-import.md by hand.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def write_csv(path: Path, rows: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["quarter", "team", "objective", "kr", "kind", "unit", "start", "target", "current", "owner"])
        for i in range(rows):
            out.writerow(["2026-Q4", f"團隊{i // 1000}", f"目標 {i // 10}", f"關鍵成果 {i}", "increase", "件",
                          "0", "100", str(i % 90), "王小明"])


def child(rows: int) -> None:
    """Import `rows` rows into a new database; print {"total": s, "lock": s, "writes": n}."""
    from contextlib import contextmanager

    from okrtui.storage.exchange import import_file
    from okrtui.storage import store
    from okrtui.storage.repository import Repository

    held: list[float] = []
    original = store.Store._locked

    @contextmanager
    def timed_lock(self):
        with original(self):
            start = time.perf_counter()
            try:
                yield
            finally:
                held.append(time.perf_counter() - start)

    store.Store._locked = timed_lock  # type: ignore[method-assign]
    folder = Path(tempfile.mkdtemp(prefix="okrtui-import-bench-"))
    source = folder / f"rows-{rows}.csv"
    write_csv(source, rows)
    repo = Repository(folder / "okr.json")
    start = time.perf_counter()
    plan = import_file(repo, source, author="bench")
    total = time.perf_counter() - start
    assert len(plan.key_results) == rows, len(plan.key_results)
    print(json.dumps({"total": total, "lock": sum(held), "locks": len(held),
                      "size_mb": (folder / "okr.json").stat().st_size / 1e6}))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="5000,20000,100000")
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--child", type=int)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    print("| rows | import, total | lock held | file |")
    print("|---:|---:|---:|---:|")
    for rows in (int(s) for s in args.sizes.split(",")):
        try:
            done = subprocess.run([sys.executable, "-m", "bench.import_csv", "--child", str(rows)],
                                  capture_output=True, text=True, timeout=args.timeout, check=True)
        except subprocess.TimeoutExpired:
            print(f"| {rows:,} | > {args.timeout:.0f} s (stopped) | – | – |", flush=True)
            continue
        result = json.loads(done.stdout.strip().splitlines()[-1])
        print(f"| {rows:,} | {result['total']:.2f} s | {result['lock']:.2f} s ({result['locks']} lock) "
              f"| {result['size_mb']:.1f} MB |", flush=True)


if __name__ == "__main__":
    main()
