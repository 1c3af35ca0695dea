"""B4 of two commits, interleaved: `python -m bench.b4_versions OLD NEW [SIZE] [ROUNDS] [PER]`.

Each commit's okrtui/ is exported (git archive) to a temporary folder and run with this venv's
Python. Rounds alternate one process of each commit; a process makes PER check-ins, each by a new
Repository (`Repository.record_checkin`, as B4), on its commit's own copy of the SIZE database,
and its first is dropped (imports, first validation). Prints each commit's median wall and CPU
time (process_time: less moved by other work on a shared machine). Used for decisions 17-19."""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench import data

_ONE = """
import json, sys, time
tree, db, kr, n = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
sys.path.insert(0, tree)
from okrtui.storage.repository import Repository
import okrtui
assert okrtui.__file__.startswith(tree), okrtui.__file__
out = []
for i in range(n):
    wall, cpu = time.perf_counter(), time.process_time()
    Repository(db).record_checkin(kr, 10.0 + i, confidence=7, author="bench", force=True)
    out.append((time.perf_counter() - wall, time.process_time() - cpu))
print(json.dumps(out))
"""


def main(old: str, new: str, size: str = "L", rounds: int = 8, per: int = 6) -> None:
    root = Path(__file__).resolve().parents[1]
    source = data.database(size)
    with tempfile.TemporaryDirectory(dir=data.OUT) as scratch:
        env = dict(os.environ, XDG_STATE_HOME=str(Path(scratch) / "state"))
        trees, dbs = {}, {}
        for rev in (old, new):
            tree = Path(scratch) / f"tree-{rev}"
            tree.mkdir()
            archive = subprocess.run(["git", "-C", str(root), "archive", rev, "okrtui"], check=True,
                                     capture_output=True).stdout
            subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
            subprocess.run([sys.executable, "-m", "compileall", "-q", str(tree / "okrtui")], check=True)
            trees[rev] = tree
            db = Path(scratch) / f"db-{rev}" / "okr.json"
            db.parent.mkdir()
            shutil.copyfile(source, db)
            dbs[rev] = db
        kr, _kind = data.current_kr(dbs[old])
        script = Path(scratch) / "one.py"
        script.write_text(_ONE, encoding="utf-8")
        samples: dict[str, list[tuple[float, float]]] = {rev: [] for rev in trees}
        for round_ in range(rounds + 1):
            for rev, tree in trees.items():
                done = subprocess.run([sys.executable, str(script), str(tree), str(dbs[rev]), str(kr), str(per)],
                                      env=env, capture_output=True, text=True, check=True)
                if round_:  # round 0: each copy's first (full) validation and digest
                    samples[rev] += [tuple(s) for s in json.loads(done.stdout)[1:]]
        for rev, values in samples.items():
            wall = statistics.median(v[0] for v in values) * 1000
            cpu = statistics.median(v[1] for v in values) * 1000
            print(f"B4 {size} {rev}: wall {wall:,.1f} ms, cpu {cpu:,.1f} ms (median of {len(values)})")
        print(f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    args = sys.argv[1:]
    main(*args[:3], *(int(a) for a in args[3:5]))  # type: ignore[arg-type]
