"""B1 of two commits, interleaved: `python -m bench.b1_versions OLD NEW [N]`.

Each commit is checked out in a temporary git worktree and run with this venv's Python (the same
packages), its modules byte-compiled first; `okrtui checkin 1 VALUE --force` on a fresh demo copy
of each, A B A B ..., the first two of each dropped as warm-up, each run from its own tree (`python -m`
puts the working folder first on sys.path: run from this checkout, both would run this checkout's
okrtui, as they did before 2026-12-02 23:15). Prints each commit's median, min and max. Used for
issue 19's "B1 does not get slower" (bench/RESULTS.md, decision 16) and decisions 22-26."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def main(old: str, new: str, runs: int = 22) -> None:
    root = Path(__file__).resolve().parents[1]
    with tempfile.TemporaryDirectory() as scratch:
        trees, envs, dbs = {}, {}, {}
        for rev in (old, new):
            tree = Path(scratch) / rev
            subprocess.run(["git", "-C", str(root), "worktree", "add", "-q", "--detach", str(tree), rev], check=True)
            trees[rev] = tree
            envs[rev] = dict(os.environ, PYTHONPATH=str(tree), XDG_STATE_HOME=str(Path(scratch) / f"state-{rev}"),
                             OKRTUI_NOW="2026-11-30T12:00:00+08:00")
            dbs[rev] = str(Path(scratch) / f"demo-{rev}.json")
            subprocess.run([sys.executable, "-m", "compileall", "-q", str(tree / "okrtui")], check=True)
            subprocess.run([sys.executable, "-m", "okrtui", "demo", "--no-open", "--db", dbs[rev]], env=envs[rev],
                           check=True, capture_output=True, cwd=tree)
        try:
            times: dict[str, list[float]] = {rev: [] for rev in trees}
            for i in range(runs):
                for rev in trees:
                    started = time.perf_counter()
                    subprocess.run([sys.executable, "-m", "okrtui", "checkin", "1", str(40 + i % 5), "--force",
                                    "--db", dbs[rev]], env=envs[rev], check=True, capture_output=True,
                                   cwd=trees[rev])  # `-m` puts the working folder first on sys.path
                    times[rev].append(time.perf_counter() - started)
            for rev, samples in times.items():
                kept = samples[2:]
                print(f"{rev}: median {statistics.median(kept) * 1000:.0f} ms, min {min(kept) * 1000:.0f}, "
                      f"max {max(kept) * 1000:.0f}, n={len(kept)}")
        finally:
            for tree in trees.values():
                subprocess.run(["git", "-C", str(root), "worktree", "remove", "--force", str(tree)], capture_output=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 22)
