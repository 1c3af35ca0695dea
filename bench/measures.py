"""The measures, one small function each, registered in MEASURES.

B1, B4, B9 (write) and B10 (`list --json`) work at the command-line/storage level; B2, B3, B5,
B6, B7 and B9's first frame drive the Textual app and live in bench/ui.py (`ui_measures()`
names any the app cannot support).

okrtui and its baseline each append to their own copy of the same file: a file changed by
another program is validated in full by okrtui (the digest cache trusts only bytes okrtui
validated or wrote), so sharing one copy would measure a foreign edit before every check-in,
which a team's file sees only when someone edits it by hand.
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
    db, other = ctx.working_copy(size), ctx.working_copy(size)
    kr, _kind = data.current_kr(db)
    values = _Values()
    script = okrtui_script()

    def measure() -> float:
        return timed_run([script, "checkin", str(kr), values.next(), "--confidence", "7", "--force", "--author", "bench", "--db", str(db)])

    def baseline() -> float:
        return timed_run([sys.executable, str(BASELINE), "checkin", str(other), str(kr), values.next()])

    return Trial(measure, baseline, note=f"KR {kr}")


def b4_checkin_write(size: str, ctx: Context) -> Trial:
    from bench.baseline import locked_checkin

    db, other = ctx.working_copy(size), ctx.working_copy(size)
    kr, _kind = data.current_kr(db)
    values = _Values()

    def measure() -> float:
        return _repository_checkin(db, kr, float(values.next()))

    def baseline() -> float:
        value = float(values.next())
        start = time.perf_counter()
        locked_checkin(other, kr, value)
        return time.perf_counter() - start

    return Trial(measure, baseline, note="in process")


def _repository_checkin(db: Path, kr: int, value: float) -> float:
    """One check-in by a new Repository, as a new process would make it (nothing remembered in
    memory: the per-process row cache would flatter a command-line check-in)."""
    from okrtui.storage.repository import Repository

    start = time.perf_counter()
    Repository(db).record_checkin(kr, value, confidence=7, author="bench", force=True)
    return time.perf_counter() - start


def b9_checkin_write_xl(size: str, ctx: Context) -> Trial:
    """B4 at XL against B4 at L, alternated."""
    db, large = ctx.working_copy(size), ctx.working_copy("L")
    kr, _kind = data.current_kr(db)
    kr_large, _kind = data.current_kr(large)
    values = _Values()
    return Trial(lambda: _repository_checkin(db, kr, float(values.next())),
                 lambda: _repository_checkin(large, kr_large, float(values.next())), note="in process")


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
        "same imports + locked atomic read-modify-write with orjson",
        ("S", "M", "L", "Lu", "XL"), Goal("ratio", 1.3), b1_checkin_cli,
        goal_by_size={"S": Goal("ratio", 1.2), "L": Goal("ratio", 1.3)},
        # 21 at S and 15 at L (decision 70): one run's samples spread over ±25% of their median on this
        # shared host, and with 11 the ratio of unchanged code moved 0.94-1.26× from run to run
        reps={"S": 21, "M": 9, "L": 15, "Lu": 5, "XL": 5},
    ),
    Measure(
        "B4", "check-in write, in process (`Repository.record_checkin`, a new Repository each time)",
        "locked atomic read-modify-write with orjson, in process",
        ("S", "M", "L", "Lu"), Goal("max", 50), b4_checkin_write, goal_sizes=("L",),
        reps={"S": 11, "M": 9, "L": 9, "Lu": 5},
    ),
    Measure(
        "B9 write", "check-in write at XL, in process, vs the same at L (B4)",
        "B4 at L, alternated", ("XL",), Goal("ratio", 2.5), b9_checkin_write_xl, reps={"XL": 7},
    ),
    Measure(
        "B10", "`okrtui list --json` wall time (subprocess)",
        "same imports + read and parse the file with orjson",
        ("S", "M", "L", "XL"), Goal("ratio", 1.3), list_json, goal_sizes=("L",),
        reps={"S": 11, "M": 9, "L": 9, "XL": 5},
    ),
]


def all_measures() -> tuple[list[Measure], list[tuple[str, str]]]:
    """The measures to run now, and (id, reason) for each issue-9 measure left out."""
    from bench.ui import ui_measures

    available, missing = ui_measures()
    return MEASURES + available, missing
