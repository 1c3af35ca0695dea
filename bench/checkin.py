"""Benchmark the quick command line on the demo: median wall time of `okrtui checkin` and `okrtui list`.

Run: python bench/checkin.py [--runs N]. Baselines measured in the same run:
a bare interpreter start, and the import of the CLI's dependencies. Results
are printed and written to bench/results/checkin.json.
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

ROOT = Path(__file__).resolve().parents[1]


def wall(cmd: list[str], env: dict) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed: {done.stderr.strip()}")
    return elapsed


def median_ms(cmd: list[str], env: dict, runs: int) -> dict:
    wall(cmd, env)  # warm the file cache once
    samples = [wall(cmd, env) * 1000 for _ in range(runs)]
    return {"median_ms": round(statistics.median(samples), 1), "min_ms": round(min(samples), 1),
            "max_ms": round(max(samples), 1), "runs": runs}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    okrtui = shutil.which("okrtui") or str(Path(sys.executable).with_name("okrtui"))
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "demo.json"
        env = {**os.environ, "OKRTUI_DB": str(db)}
        subprocess.run([okrtui, "demo", "--no-open"], env=env, check=True, capture_output=True)
        results = {
            "python_startup": median_ms([sys.executable, "-c", "pass"], env, args.runs),
            "import_dependencies": median_ms(
                [sys.executable, "-c", "import click, pydantic, tinydb, filelock, platformdirs"], env, args.runs
            ),
            "checkin": median_ms([okrtui, "checkin", "回應時間", "1.2", "--confidence", "7"], env, args.runs),
            "list": median_ms([okrtui, "list"], env, args.runs),
            "list_json": median_ms([okrtui, "list", "--json"], env, args.runs),
        }
        textual = subprocess.run(
            [sys.executable, "-c",
             "import sys, runpy; sys.argv=['okrtui','checkin','1','5']; "
             "from okrtui.cli.main import cli\n"
             "try:\n cli.main(args=sys.argv[1:], standalone_mode=False)\nexcept SystemExit: pass\n"
             "print('textual' in sys.modules)"],
            env=env, capture_output=True, text=True,
        ).stdout.strip().splitlines()
        results["checkin_imports_textual"] = textual[-1] == "True" if textual else None
    results["machine"] = {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()}
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "checkin.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    for name, value in results.items():
        print(f"{name:24} {value}")


if __name__ == "__main__":
    main()
