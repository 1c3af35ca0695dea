"""The measures, one small function each, registered in MEASURES.

B1, B4 and `list --json` work at the command-line/storage level; B2, B3, B5, B6 and B7 drive
the Textual app and live in bench/ui.py (`ui_measures()` names any the app cannot support).
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from bench import data
from bench.harness import Context, Goal, Measure, Trial

HERE = Path(__file__).resolve().parent
BASELINE = HERE / "baseline.py"


def okrtui_script() -> str:
    """The installed console script next to the interpreter running the bench."""
    script = Path(sys.executable).with_name("okrtui")
    if not script.exists():
        raise SystemExit(f"no okrtui console script at {script}; install the project (pip install -e .)")
    return str(script)


def timed_run(cmd: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {done.returncode}: {done.stderr.decode(errors='replace').strip()}")
    return elapsed


class _Values:
    """A different value for every check-in, so that each run really changes the file."""

    def __init__(self) -> None:
        self.n = 0

    def next(self) -> str:
        self.n += 1
        return str(100 + self.n)


def b1_checkin_cli(size: str, ctx: Context) -> Trial:
    db = ctx.working_copy(size)
    kr, _kind = data.current_kr(db)
    values = _Values()
    script = okrtui_script()

    def measure() -> float:
        return timed_run([script, "checkin", str(kr), values.next(), "--confidence", "7", "--force", "--author", "bench", "--db", str(db)])

    def baseline() -> float:
        return timed_run([sys.executable, str(BASELINE), "checkin", str(db), str(kr), values.next()])

    return Trial(measure, baseline, note=f"KR {kr}")


def b4_checkin_write(size: str, ctx: Context) -> Trial:
    from bench.baseline import locked_checkin
    from okrtui.storage.repository import Repository

    db = ctx.working_copy(size)
    kr, _kind = data.current_kr(db)
    repo = Repository(db)
    values = _Values()

    def measure() -> float:
        value = float(values.next())
        start = time.perf_counter()
        repo.record_checkin(kr, value, confidence=7, author="bench", force=True)
        return time.perf_counter() - start

    def baseline() -> float:
        value = float(values.next())
        start = time.perf_counter()
        locked_checkin(db, kr, value)
        return time.perf_counter() - start

    return Trial(measure, baseline, note="in process")


def list_json(size: str, ctx: Context) -> Trial:
    db = ctx.working_copy(size)
    script = okrtui_script()

    def measure() -> float:
        return timed_run([script, "list", "--json", "--db", str(db)])

    def baseline() -> float:
        return timed_run([sys.executable, str(BASELINE), "read", str(db)])

    return Trial(measure, baseline)


MEASURES: list[Measure] = [
    Measure(
        "B1", "`okrtui checkin` wall time (subprocess)",
        "same imports + locked atomic read-modify-write with plain json",
        ("S", "M", "L", "Lu"), Goal("ratio", 1.3), b1_checkin_cli, goal_sizes=("S", "L"),
    ),
    Measure(
        "B4", "check-in write, in process (`Repository.record_checkin`)",
        "locked atomic read-modify-write with plain json, in process",
        ("S", "M", "L", "Lu"), Goal("max", 150), b4_checkin_write, goal_sizes=("L",),
    ),
    Measure(
        "list", "`okrtui list --json` wall time (subprocess), for information",
        "same imports + read and parse the file with plain json",
        ("S", "M", "L"), None, list_json,
    ),
]


def all_measures() -> tuple[list[Measure], list[tuple[str, str]]]:
    """The measures to run now, and (id, reason) for each issue-9 measure left out."""
    from bench.ui import ui_measures

    available, missing = ui_measures()
    return MEASURES + available, missing
