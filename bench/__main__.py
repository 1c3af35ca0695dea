"""python -m bench [--quick] [--sizes S,M,L] [--no-profile] [--output FILE]

The full run (S, M, L) writes bench/RESULTS.md, which is committed. --quick runs S and M
with 3 repetitions as a smoke test (CI): it writes bench/out/RESULTS-quick.md so as not to
overwrite the committed results, and exits 0 even when a goal is missed; any crash exits 1.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

from bench import data
from bench.harness import Context, Row, machine, now_utc, run_measure, sizes_line, table

HERE = Path(__file__).resolve().parent


def write_results(path: Path, rows: list[Row], missing: list[tuple[str, str]], profile: str, quick: bool, took: str) -> None:
    lines = [
        "# Benchmark results (issue 9)",
        "",
        "Written by `python -m bench` (about 6 minutes; L is generated once, in about 10 s, and cached in bench/out/). "
        "`python -m bench --quick` (S and M, under a minute) is the CI smoke test and writes bench/out/RESULTS-quick.md.",
        "",
        f"Run `python -m bench` ({'--quick: S and M, 3 repetitions' if quick else 'full: S, M and L'}) on {now_utc()}, "
        f"took {took}.",
        f"Machine: {machine()}. Other work shared the machine, so each measure was interleaved with its baseline "
        "(A B A B …, after one warm-up of each) and medians are reported; ratios are what count.",
        "",
        sizes_line(),
        "",
        table(rows),
        "",
        "Baselines: B1 and `list` — `python bench/baseline.py` (the same imports as the CLI: click, pydantic's BaseModel, "
        "tinydb, filelock, platformdirs; then, for B1, the same filelock on the sidecar `.lock`, read, plain-json modify, "
        "temp file + fsync + os.replace + folder fsync of the same file, nothing else; for `list`, read and parse "
        "the file). B4 — the same locked atomic read-modify-write in process. B1 and B4 alternate with their baseline "
        "on one working copy, so both append to the same file. Goals: B1 ≤ 1.3× at S and L; B4 ≤ 150 ms at L; other "
        "rows are for information.",
        "",
    ]
    if missing:
        lines += ["## Not measured yet", ""]
        lines += [f"- **{m}**: {reason}." for m, reason in missing]
        lines.append("")
    if profile:
        lines += [profile, ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description="okrtui benchmarks (issue 9)")
    parser.add_argument("--quick", action="store_true", help="S and M only, 3 repetitions: a smoke test")
    parser.add_argument("--sizes", help="comma-separated subset of S,M,L")
    parser.add_argument("--no-profile", action="store_true", help="skip the write-path profile")
    parser.add_argument("--output", type=Path, help="where to write the results (markdown)")
    args = parser.parse_args(argv)

    from bench.measures import all_measures

    sizes = args.sizes.split(",") if args.sizes else (["S", "M"] if args.quick else list(data.SIZES))
    output = args.output or (data.OUT / "RESULTS-quick.md" if args.quick else HERE / "RESULTS.md")
    started = time.perf_counter()
    data.OUT.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="run-", dir=data.OUT))
    ctx = Context(quick=args.quick, workdir=workdir)
    print(machine())
    try:
        for size in sizes:
            data.database(size)
        measures, missing = all_measures()
        rows: list[Row] = []
        for measure in measures:
            for size in measure.sizes:
                if size in sizes:
                    rows.append(run_measure(measure, size, ctx))
        profile = ""
        if not args.no_profile:
            profile = __import__("bench.profile", fromlist=["report"]).report(
                sizes[-1], workdir, 2 if args.quick else (3 if sizes[-1] == "L" else 5)
            )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    took = f"{time.perf_counter() - started:.0f} s"
    output.parent.mkdir(parents=True, exist_ok=True)
    write_results(output, rows, missing, profile, args.quick, took)
    print()
    print(table(rows))
    for m, reason in missing:
        print(f"not measured: {m}: {reason}")
    print(f"\nwrote {output} in {took}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except SystemExit:
        raise
    except BaseException:
        traceback.print_exc()
        sys.exit(1)
