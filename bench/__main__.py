"""python -m bench [--quick] [--sizes S,M,L,Lu] [--only B1,B5] [--no-profile] [--output FILE]

The full run (S, M, L) writes bench/RESULTS.md, which is committed. --quick runs S and M
with 3 repetitions as a smoke test (CI): it writes bench/out/RESULTS-quick.md so as not to
overwrite the committed results, and exits 0 even when a goal is missed; any crash exits 1.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

from bench import data
from bench.harness import Context, Row, machine, now_utc, run_measure, sizes_line, table

HERE = Path(__file__).resolve().parent


def write_results(path: Path, rows: list[Row], missing: list[tuple[str, str]], profile: str, quick: bool, took: str,
                  decode_ms: float | None = None, when: str | None = None, load_text: str | None = None) -> None:
    from bench.decisions import decisions, gaps, size_chart

    lines = [
        "# Benchmark results (issues 9 and 21)",
        "",
        "Written by `python -m bench` (about 10 minutes on a quiet machine; L and Lu are generated once, in about 10 s "
        "each, XL in about 2 minutes, and cached in bench/out/). `python -m bench --quick` (S and M, under a minute and "
        "a half) is the CI smoke test and writes bench/out/RESULTS-quick.md; it exits 0 when a goal is missed, 1 only "
        "if a measure crashes. Each run saves its samples in bench/out/rows-full.json (or rows-quick.json); "
        "`python -m bench --render FILE` writes the results again from them.",
        "",
        f"Run `python -m bench` ({'--quick: S and M, few repetitions' if quick else 'full: ' + ', '.join(dict.fromkeys(r.size for r in rows))}) on "
        f"{when or now_utc()}, "
        f"took {took}.",
        f"Machine: {machine()}. Other work may share the machine, so each measure was interleaved with its baseline "
        "(A B A B …, after one warm-up of each) and medians are reported (B6: the 95th percentile); ratios are what "
        f"count. {load_text or 'The load on the machine during the run was not recorded.'}",
        "",
        sizes_line(),
        "",
        table(rows),
        "",
        "Baselines: B1 and B10 — `python bench/baseline.py` (the same imports as the CLI: click, pydantic's BaseModel, "
        "tinydb, filelock, platformdirs, orjson; then, for B1, the same filelock on the sidecar `.lock`, read, orjson "
        "modify, temp file + fsync + os.replace + folder fsync of the same file, nothing else; for `list`, read and "
        "parse the file). B4 — the same locked atomic read-modify-write in process; each okrtui check-in is made by a "
        "new Repository, as by a new process (nothing remembered in memory). B1 and B4 alternate with their baseline, "
        "each appending to its own copy of the same file (okrtui validates in full a file another program wrote: "
        "sharing one copy would measure a foreign edit before every check-in). B9 write — B4 at XL alternated with "
        "B4 at L; B9 frame and B9 mem — B3 at XL. Every run has a state folder of its own (okrtui's digest cache "
        "starts cold; each side's warm-up run fills it, as a user's first command of the day would). B2 — bench/minimal_app.py (Header, Footer, "
        "a DataTable of 10 rows) in the same 120×40 pseudo-terminal; each app is sent ctrl+q once its first screen "
        "shows its markers, and timed from spawn to exit (decision 61); B3 — okrtui on the demo (S), alternated "
        "with okrtui at L; B3 mem — ru_maxrss of the child from "
        "wait4. B5 — in process (Textual's run_test at 120×40): `2`, `enter` on the first KR, then digits and "
        "backspaces, each timed from the key posted to the panel repainted with the new live bar. B6 — the app in "
        "standup mode in process; `okrtui checkin` as another process on a KR of a team on the page shown; from the "
        "file's mtime to the standup screen repainted with it (the app polls the file every 0.5 s). B7 — the app in "
        "update mode in process while another process holds the lock for 15 s (--quick: 8 s): a check-in is entered "
        "and waits with the waiting line shown, its panel closed with escape, then `down`/`up` in the list, each timed "
        "from the key posted to the screen repainted with the cursor moved; the check-in must be saved with its value "
        "afterwards. Goals (issue 21): B1 ≤ 1.2× "
        "at S and ≤ 1.3× at L; B2 ≤ 1.3×; B3 ≤ 1.4× the demo at L (and ≤ 300 MB); B4 ≤ 50 ms at L; B9: the check-in "
        "write at XL ≤ 2.5× B4 at L, the first frame at XL ≤ 2.5× the demo's, ≤ 400 MB; B10 ≤ 1.3× at L; from issue 9: "
        "B5 ≤ 50 ms at L; B6 p95 ≤ 1 s; B7 ≤ 100 ms; other rows are for information.",
        "",
    ]
    if missing:
        lines += ["## Not measured yet", ""]
        lines += [f"- **{m}**: {reason}." for m, reason in missing]
        lines.append("")
    if not quick:
        lines += size_chart(rows)
        lines += decisions(rows, decode_ms)
    lines += gaps(rows)
    if profile:
        lines += [profile, ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def load_text(at_start: float, at_end: float) -> str:
    """The machine's load during a run, in words (other work on the 2 cores widens the ranges)."""
    return (f"Load average (1 min) at the run's start {at_start:.1f}, at its end {at_end:.1f}"
            + (": other work shared the cores, hence wider ranges." if max(at_start, at_end) > 2.5 else "."))


def save_rows(path: Path, rows: list[Row], missing, profile: str, quick: bool, took: str, decode_ms,
              load: str | None = None) -> None:
    """A run's samples, so that its results can be written again (--render) without measuring."""
    import json

    path.write_text(json.dumps({
        "rows": [{"id": r.measure.id, "size": r.size, "values": r.values, "baselines": r.baselines, "note": r.note}
                 for r in rows],
        "missing": missing, "profile": profile, "quick": quick, "took": took, "decode_ms": decode_ms, "when": now_utc(),
        "load": load,
    }), encoding="utf-8")


def render(saved: Path, output: Path | None) -> int:
    import json

    from bench.measures import all_measures

    run = json.loads(saved.read_text(encoding="utf-8"))
    measures, _missing = all_measures()
    by_id = {m.id: m for m in measures}
    rows = [Row(by_id[r["id"]], r["size"], r["values"], r["baselines"], r["note"]) for r in run["rows"]]
    target = output or (data.OUT / "RESULTS-quick.md" if run["quick"] else HERE / "RESULTS.md")
    write_results(target, rows, [tuple(m) for m in run["missing"]], run["profile"], run["quick"], run["took"],
                  run["decode_ms"], when=run.get("when"), load_text=run.get("load"))
    print(f"wrote {target} from {saved}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description="okrtui benchmarks (issue 9)")
    parser.add_argument("--quick", action="store_true", help="S and M only, 3 repetitions: a smoke test")
    parser.add_argument("--sizes", help="comma-separated subset of S,M,L,Lu")
    parser.add_argument("--only", help="comma-separated measure ids (e.g. B1,B5): a partial run, for development")
    parser.add_argument("--no-profile", action="store_true", help="skip the write-path profile")
    parser.add_argument("--output", type=Path, help="where to write the results (markdown)")
    parser.add_argument("--max-reps", type=int, help="at most this many repetitions of each measure (a shorter full run)")
    parser.add_argument("--render", type=Path, metavar="ROWS_JSON",
                        help="write the results again from a run's saved rows (bench/out/rows-*.json), measuring nothing")
    args = parser.parse_args(argv)
    if args.render:
        return render(args.render, args.output)

    from bench.measures import all_measures

    sizes = args.sizes.split(",") if args.sizes else (["S", "M"] if args.quick else list(data.ALL_SIZES))
    output = args.output or (data.OUT / "RESULTS-quick.md" if args.quick else HERE / "RESULTS.md")
    started = time.perf_counter()
    load_at_start = os.getloadavg()[0]
    data.OUT.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="run-", dir=data.OUT))
    # okrtui's bytecode, as an installed package has it (pip compiles at install; a checkout run with
    # PYTHONDONTWRITEBYTECODE=1 would compile ~45 modules from source in every measured process, while the
    # baselines import only installed, compiled packages).
    import compileall

    compileall.compile_dir(str(Path(__file__).resolve().parent.parent / "okrtui"), quiet=1)
    # okrtui's state folder (its digest cache) of this run's own, for every process it starts and
    # for the in-process measures: a user's cache plays no part, and a run starts cold.
    os.environ["XDG_STATE_HOME"] = str(workdir / "state")
    ctx = Context(quick=args.quick, workdir=workdir)
    print(machine())
    try:
        for size in sizes:
            data.database(size)
        measures, missing = all_measures()
        if args.only:
            wanted = set(args.only.split(","))
            measures = [m for m in measures if m.id in wanted or m.id.split()[0] in wanted]
        rows: list[Row] = []
        saved = data.OUT / f"rows-{'quick' if args.quick else 'full'}.json"
        for measure in measures:
            for size in measure.sizes:
                if size in sizes:
                    if args.max_reps:
                        measure.reps = {k: min(v, args.max_reps) for k, v in measure.reps.items()}
                    try:
                        rows.append(run_measure(measure, size, ctx))
                    except Exception as error:  # noqa: BLE001  (one measure's crash must not lose the others)
                        if args.quick:
                            raise
                        traceback.print_exc()
                        missing.append((f"{measure.id} at {size}", f"crashed: {type(error).__name__}: {error}"))
                    # the samples so far, so that a run cut short can still be written (--render)
                    save_rows(saved, rows, missing, "", args.quick, f"{time.perf_counter() - started:.0f} s (cut short)",
                              None)
        profile = ""
        if not args.no_profile:
            profile = __import__("bench.profile", fromlist=["report"]).report(
                "L" if "L" in sizes else sizes[-1], workdir, 2 if args.quick else (3 if "L" in sizes else 5)
            )
        decode_ms = None
        if "Lu" in sizes and not args.quick:
            from bench.decisions import decode_ms as measure_decode

            decode_ms = measure_decode()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    took = f"{time.perf_counter() - started:.0f} s"
    output.parent.mkdir(parents=True, exist_ok=True)
    load = load_text(load_at_start, os.getloadavg()[0])
    save_rows(data.OUT / f"rows-{'quick' if args.quick else 'full'}.json", rows, missing, profile, args.quick, took,
              decode_ms, load)
    write_results(output, rows, missing, profile, args.quick, took, decode_ms, load_text=load)
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
