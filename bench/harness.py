"""The harness: measures are small functions in a list; each is run interleaved with its
baseline (A B A B ...), and medians and their ratio are reported.

A measure's `trial(size, ctx)` returns a Trial: two callables that each do one run and
return its duration in seconds (or megabytes, for a measure in MB; the baseline may be
None), and a cleanup. The harness warms each side once, then alternates them `reps` times.
A measure that needs one long session (the in-process Pilot ones) gives `collect(size, ctx,
reps)` instead, which returns all its samples at once; it has no baseline.
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
    """`ratio` goals compare value/baseline; `max` goals compare the value itself (in the measure's unit)."""

    kind: str  # "ratio" | "max"
    limit: float

    def text(self, unit: str = "ms", stat: str = "median") -> str:
        if self.kind == "ratio":
            return f"≤ {self.limit:g}×"
        return f"{'p95 ' if stat == 'p95' else ''}≤ {self.limit:g} {unit}"

    def met(self, value: float, ratio: float | None) -> bool | None:
        if self.kind == "ratio":
            return None if ratio is None else ratio <= self.limit
        return value <= self.limit


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
    trial: Optional[Callable[[str, "Context"], Trial]]
    # the sizes the goal applies to (None: all); at other sizes the row is for information
    goal_sizes: Optional[tuple[str, ...]] = None
    # repetitions by size (the slowest runs get fewer); --quick caps these
    reps: dict[str, int] = field(default_factory=lambda: {"S": 11, "M": 9, "L": 5, "Lu": 5, "XL": 3})
    unit: str = "ms"  # "ms": samples are seconds; "MB": samples are megabytes
    stat: str = "median"  # or "p95"
    collect: Optional[Callable[[str, "Context", int], list[float]]] = None
    quick_reps: int = 3
    # a goal per size, when they differ (B1: ≤ 1.2× at S, ≤ 1.3× at L); overrides goal/goal_sizes
    goal_by_size: Optional[dict[str, Goal]] = None


@dataclass
class Row:
    measure: Measure
    size: str
    values: list[float]
    baselines: list[float]
    note: str = ""

    @property
    def scale(self) -> float:
        return 1000.0 if self.measure.unit == "ms" else 1.0

    @property
    def value_ms(self) -> float:
        """The measure's statistic (median or p95) in its display unit (ms, or MB)."""
        if self.measure.stat == "p95":
            return p95(self.values) * self.scale
        return statistics.median(self.values) * self.scale

    @property
    def baseline_ms(self) -> float | None:
        return statistics.median(self.baselines) * self.scale if self.baselines else None

    @property
    def ratio(self) -> float | None:
        base = self.baseline_ms
        return self.value_ms / base if base else None

    @property
    def goal(self) -> Goal | None:
        m = self.measure
        if m.goal_by_size is not None:
            return m.goal_by_size.get(self.size)
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
        if data.archive_of(source).exists():  # L: the archive of its closed quarters goes along
            shutil.copyfile(data.archive_of(source), data.archive_of(target))
        return target


def machine() -> str:
    return (
        f"Python {platform.python_version()} ({platform.python_implementation()}), "
        f"{os.cpu_count()} CPUs, {platform.platform()}, {platform.processor() or platform.machine()}"
    )


def p95(samples: list[float]) -> float:
    """The 95th percentile, interpolated between the two nearest samples."""
    ordered = sorted(samples)
    if len(ordered) == 1:
        return ordered[0]
    position = 0.95 * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def run_measure(measure: Measure, size: str, ctx: Context) -> Row:
    reps = measure.reps.get(size, 5)
    if ctx.quick:
        reps = min(reps, measure.quick_reps)
    if measure.collect is not None:
        row = Row(measure, size, measure.collect(size, ctx, reps), [])
        ctx.log(f"  {measure.id} {size}: {row.value_ms:.1f} {measure.unit} ({measure.stat}, n={len(row.values)})")
        return row
    assert measure.trial is not None
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
    base = f", baseline {row.baseline_ms:.1f} {measure.unit}, ratio {row.ratio:.2f}" if row.baseline_ms else ""
    ctx.log(f"  {measure.id} {size}: {row.value_ms:.1f} {measure.unit}{base} (n={reps})")
    return row


def _fmt_ms(value: float | None, unit: str = "ms") -> str:
    if value is None:
        return "—"
    return f"{value:,.0f} {unit}" if value >= 100 else f"{value:.1f} {unit}"


def _spread(samples: list[float], scale: float = 1000.0, unit: str = "ms") -> str:
    low, high = min(samples) * scale, max(samples) * scale
    digits = 1 if high < 10 else 0
    return f"{low:,.{digits}f}–{high:,.{digits}f} {unit}"


def table(rows: list[Row]) -> str:
    lines = [
        "| measure | size | value | baseline (median) | ratio | goal | met? | n | range of values |",
        "|---|---|---:|---:|---:|---|---|---:|---|",
    ]
    for row in rows:
        ratio = f"{row.ratio:.2f}×" if row.ratio is not None else "—"
        met = {True: "yes", False: "**no**", None: "info"}[row.met]
        m = row.measure
        goal = row.goal.text(m.unit, m.stat) if row.goal else "—"
        value = f"{_fmt_ms(row.value_ms, m.unit)}{' (p95)' if m.stat == 'p95' else ''}"
        lines.append(
            f"| {m.id} {m.title} | {row.size} | {value} | "
            f"{_fmt_ms(row.baseline_ms, m.unit)} | {ratio} | {goal} | {met} | {len(row.values)} | "
            f"{_spread(row.values, row.scale, m.unit)} |"
        )
    return "\n".join(lines)


def sizes_line() -> str:
    return (
        "Sizes: **S** = the demo (4 objectives, 9 KRs, 75 check-ins, 5 KPIs); "
        "**M** = 30 teams, 100 objectives, 400 KRs, 5,200 check-ins (13 a KR), 10 KPIs, one quarter (1.0 MB); "
        "**L** = 100 teams × 16 quarters ending with the current one: 4,800 objectives, 19,200 KRs "
        "(1,200 in the current quarter), 249,600 check-ins, 50 KPIs with 208 weekly readings each; as a real team "
        "would keep it, the 15 past quarters are closed and archived: the database file holds the current quarter "
        "and the KPIs (3.7 MB), `okr.archive.json` the rest (44 MB); "
        "**Lu** = the same records unarchived, all in the one file (48 MB), for information; "
        "**XL** = a 10,000-person company: 1,000 teams, 3,000 objectives, 12,000 KRs and 156,000 check-ins in the "
        "open quarter, 500 KPIs with 221 weekly readings each, 16 closed quarters archived (full run only). "
        "Generated by `bench/data.py` (deterministic for a given day), cached in `bench/out/`."
    )


def now_utc() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
