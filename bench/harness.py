"""The harness: measures are small functions in a list; each is run interleaved with its
baseline (A B A B ...), and medians and their ratio are reported.

A measure's `trial(size, ctx)` returns a Trial: two callables that each do one run and
return its duration in seconds (the baseline may be None), and a cleanup. The harness
warms each side once, then alternates them `reps` times.
"""

from __future__ import annotations

import os
import platform
import shutil
import statistics
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Optional

from bench import data

Run = Callable[[], float]


@dataclass
class Goal:
    """`ratio` goals compare value/baseline; `ms` goals compare the value itself."""

    kind: str  # "ratio" | "ms"
    limit: float

    def text(self) -> str:
        return f"≤ {self.limit:g}×" if self.kind == "ratio" else f"≤ {self.limit:g} ms"

    def met(self, value_ms: float, ratio: float | None) -> bool | None:
        if self.kind == "ratio":
            return None if ratio is None else ratio <= self.limit
        return value_ms <= self.limit


@dataclass
class Trial:
    measure: Run
    baseline: Optional[Run]
    cleanup: Callable[[], None] = lambda: None
    note: str = ""


@dataclass
class Measure:
    id: str
    title: str
    baseline_title: str
    sizes: tuple[str, ...]
    goal: Optional[Goal]
    trial: Callable[[str, "Context"], Trial]
    # the sizes the goal applies to (None: all); at other sizes the row is for information
    goal_sizes: Optional[tuple[str, ...]] = None
    # repetitions by size (the slowest runs get fewer); --quick caps these
    reps: dict[str, int] = field(default_factory=lambda: {"S": 11, "M": 9, "L": 5})


@dataclass
class Row:
    measure: Measure
    size: str
    values: list[float]
    baselines: list[float]
    note: str = ""

    @property
    def value_ms(self) -> float:
        return statistics.median(self.values) * 1000

    @property
    def baseline_ms(self) -> float | None:
        return statistics.median(self.baselines) * 1000 if self.baselines else None

    @property
    def ratio(self) -> float | None:
        base = self.baseline_ms
        return self.value_ms / base if base else None

    @property
    def goal(self) -> Goal | None:
        m = self.measure
        return m.goal if m.goal and (m.goal_sizes is None or self.size in m.goal_sizes) else None

    @property
    def met(self) -> bool | None:
        return self.goal.met(self.value_ms, self.ratio) if self.goal else None


@dataclass
class Context:
    quick: bool
    workdir: Path
    log: Callable[[str], None] = print

    def working_copy(self, size: str) -> Path:
        """A fresh copy of the size's cached database, in its own folder under bench/out."""
        source = data.database(size, log=self.log)
        folder = Path(tempfile.mkdtemp(prefix=f"{size}-", dir=self.workdir))
        target = folder / "okr.json"
        shutil.copyfile(source, target)
        os.chmod(target, 0o600)
        return target


def machine() -> str:
    return (
        f"Python {platform.python_version()} ({platform.python_implementation()}), "
        f"{os.cpu_count()} CPUs, {platform.platform()}, {platform.processor() or platform.machine()}"
    )


def run_measure(measure: Measure, size: str, ctx: Context) -> Row:
    reps = measure.reps.get(size, 5)
    if ctx.quick:
        reps = min(reps, 3)
    trial = measure.trial(size, ctx)
    try:
        trial.measure()  # warm-up: file cache, imports, .pyc
        if trial.baseline:
            trial.baseline()
        values, baselines = [], []
        for _ in range(reps):
            values.append(trial.measure())
            if trial.baseline:
                baselines.append(trial.baseline())
    finally:
        trial.cleanup()
    row = Row(measure, size, values, baselines, trial.note)
    base = f", baseline {row.baseline_ms:.1f} ms, ratio {row.ratio:.2f}" if row.baseline_ms else ""
    ctx.log(f"  {measure.id} {size}: {row.value_ms:.1f} ms{base} (n={reps})")
    return row


def _fmt_ms(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:,.0f} ms" if value >= 100 else f"{value:.1f} ms"


def _spread(samples: list[float]) -> str:
    return f"{min(samples) * 1000:,.0f}–{max(samples) * 1000:,.0f}"


def table(rows: list[Row]) -> str:
    lines = [
        "| measure | size | value (median) | baseline (median) | ratio | goal | met? | n | range of values, ms |",
        "|---|---|---:|---:|---:|---|---|---:|---|",
    ]
    for row in rows:
        ratio = f"{row.ratio:.2f}×" if row.ratio is not None else "—"
        met = {True: "yes", False: "**no**", None: "info"}[row.met]
        goal = row.goal.text() if row.goal else "—"
        lines.append(
            f"| {row.measure.id} {row.measure.title} | {row.size} | {_fmt_ms(row.value_ms)} | "
            f"{_fmt_ms(row.baseline_ms)} | {ratio} | {goal} | {met} | {len(row.values)} | {_spread(row.values)} |"
        )
    return "\n".join(lines)


def sizes_line() -> str:
    return (
        "Sizes: **S** = the demo (4 objectives, 9 KRs, 75 check-ins, 5 KPIs); "
        "**M** = 30 teams, 100 objectives, 400 KRs, 5,200 check-ins (13 a KR), 10 KPIs, one quarter (1.0 MB); "
        "**L** = 100 teams × 16 quarters ending with the current one: 4,800 objectives, 19,200 KRs "
        "(1,200 in the current quarter), 249,600 check-ins, 50 KPIs with 208 weekly readings each (48 MB). "
        "Generated by `bench/data.py` (deterministic for a given day), cached in `bench/out/`."
    )


def now_utc() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
