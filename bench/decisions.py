"""The "Decisions" and "Gaps" sections of RESULTS.md: each design decision with its measured
effect, before (the run of 2026-11-30 00:37 UTC on this machine, commit d6d731e, before the
decision) and after (this run's rows), and for every goal missed the change that would close it."""

from __future__ import annotations

from bench.harness import Row

# From the committed RESULTS.md of d6d731e (same machine, same generator sizes, before the decisions).
BEFORE = {
    "B1 S": "155 ms, 1.58×", "B1 L": "8,993 ms, 6.12×", "B4 L": "6,393 ms", "B4 M": "98.0 ms",
    "json parse 48 MB": "495 ms", "json encode 48 MB": "1,313 ms",
    "orjson parse 48 MB": "259 ms", "orjson encode 48 MB": "60 ms",
    "decode 48 MB": "4,374 ms",
    # measured in this session before the plan-list change (same harness, interleaved)
    "B2 S": "846 ms, 1.88×", "B3 L": "1,398 ms, 2.18× the demo",
    # the run of 2026-11-30 01:24 UTC (commit 35c3d7c), before decisions 8 and 9
    "B4 L 01:24": "157 ms", "B1 S 01:24": "157 ms, 1.54×", "B1 L 01:24": "315 ms, 2.20×",
}

# Issue 21's "now": the full run of 2026-11-30 01:40 UTC (before this work), as the issue quotes it.
BEFORE_21 = {
    "B1 S": "152 ms, 1.52×", "B1 L": "276 ms, 2.09×", "B2 S": "643 ms, 1.64×", "B3 L": "1,158 ms, 1.75× the demo",
    "B4 L": "73.5 ms (the same Repository each time: its per-process row cache warm)", "B10 L": "289 ms, 2.33×",
}


def _row(rows: list[Row], measure: str, size: str) -> Row | None:
    return next((r for r in rows if r.measure.id == measure and r.size == size), None)


def _v(rows: list[Row], measure: str, size: str, ratio: bool = False) -> str:
    row = _row(rows, measure, size)
    if row is None:
        return "not measured in this run"
    unit = row.measure.unit
    text = f"{row.value_ms:,.0f} {unit}" if row.value_ms >= 100 else f"{row.value_ms:.1f} {unit}"
    return f"{text}, {row.ratio:.2f}×" if ratio and row.ratio is not None else text


def decisions(rows: list[Row], decode_ms: float | None) -> list[str]:
    v = lambda m, s, ratio=False: _v(rows, m, s, ratio)  # noqa: E731
    decode = f"{decode_ms:,.0f} ms" if decode_ms is not None else "not measured in this run"
    return [
        "## Decisions and their measured effect",
        "",
        "Before = the previous full run on this machine (commit d6d731e, 2026-11-30 00:37 UTC) unless said; "
        "after = this run.",
        "",
        f"1. **orjson for parsing and writing the file** (okrtui/storage/files.py). On the 48 MB file the json "
        f"module took {BEFORE['json parse 48 MB']} to parse and {BEFORE['json encode 48 MB']} to encode; orjson "
        f"{BEFORE['orjson parse 48 MB']} and {BEFORE['orjson encode 48 MB']} (priced in the same previous run). "
        "It is also strict (no NaN, valid UTF-8 only). The B1 baseline uses orjson too, so ratios compare like with like.",
        f"2. **Text and number rules as native pydantic constraints** (okrtui/domain/models.py: StringConstraints "
        f"with a pattern for control characters, allow_inf_nan=False) instead of Python validators that built a "
        f"translated label dict per field: validating the whole 48 MB file (`Store._decode`, 4,800 objectives, "
        f"19,200 KRs, 249,600 check-ins) went from {BEFORE['decode 48 MB']} to {decode} (this run, on Lu).",
        f"3. **`okrtui checkin` in one locked pass** (`Repository.checkin_by_reference`: resolve the KR and parse "
        f"the input inside the write, so the file is read and validated once, not twice). B1 at S: before "
        f"{BEFORE['B1 S']}, after {v('B1', 'S', True)}; on the same 48 MB single file (Lu now, L then): before "
        f"{BEFORE['B1 L']}, after {v('B1', 'Lu', True)}.",
        f"4. **Closed quarters in an archive file** (okrtui/storage/archive.py, schema 2): the file read and written "
        f"on every check-in holds the current quarter and the KPIs (3.7 MB at L) instead of 16 quarters (48 MB). "
        f"B4 check-in write: L {v('B4', 'L')} vs unarchived Lu {v('B4', 'Lu')} (before all four decisions "
        f"{BEFORE['B4 L']}); B1: L {v('B1', 'L', True)} vs Lu {v('B1', 'Lu', True)}; start-up B3: L "
        f"{v('B3', 'L', True)} vs Lu {v('B3', 'Lu', True)}; peak memory: L {v('B3 mem', 'L')} vs Lu "
        f"{v('B3 mem', 'Lu')}. Views of an archived quarter read live + archive once per change (app.workspace_for).",
        f"5. **The plan list builds its rows once per change** (okrtui/ui/widgets/plan_list.py: rows are rebuilt "
        f"only once the list is laid out, and only when the rows shown, the width, the theme or the language "
        f"changed). A new mode screen is resumed twice and the theme signal redraws after it, so at L the 1,600 "
        f"rows (~75 ms to build, ~90–140 ms for OptionList.set_options) were built three times before the first "
        f"frame (476 ms in process); now once. B3 at L: before {BEFORE['B3 L']}, after {v('B3', 'L', True)}; "
        f"B2 at S: before {BEFORE['B2 S']}, after {v('B2', 'S', True)}.",
        "6. **An exit-after-first-frame switch** (okrtui/ui/app.py, `OKRTUI_EXIT_AFTER_FIRST_FRAME=1`): the app "
        "quits once its mode screen is mounted and painted (not Textual's blank default screen: a plain "
        "call_after_refresh in on_mount sometimes quit before anything was drawn). bench/minimal_app.py honours "
        "the same variable. Each B2/B3 run must show the quarter label and a bar, or the bench fails.",
        "7. **B5 times the app, not the test driver**: keys are posted as the terminal driver would "
        "(`driver.send_message(Key)`); timing `Pilot.press` measured its idle waits (~85 ms at S and L alike, "
        "for a 3 ms redraw).",
        f"8. **Rows validated once per process** (okrtui/storage/store.py: the repository remembers each row it "
        f"validated with its model; a row equal to one already validated is not validated again, and TinyDB works "
        f"on copies so the remembered rows stay what the file held). Validation is a pure function of the row, so "
        f"this is exact: a row changed by anyone is validated again (tested). It serves the app, which re-reads the "
        f"file after every write and every change by others. B4 at L: before {BEFORE['B4 L 01:24']}, after "
        f"{v('B4', 'L')}.",
        f"9. **Quick commands start lighter** (okrtui/config.py builds its validator only when a config file exists; "
        f"themes are read only for --theme; okrtui/cli.py pauses the garbage collector while pydantic builds its "
        f"validators and turns it on again before the app or the server starts, tested). B1 at S: before "
        f"{BEFORE['B1 S 01:24']}, after {v('B1', 'S', True)}; at L: before {BEFORE['B1 L 01:24']}, after "
        f"{v('B1', 'L', True)}.",
        "",
        "### Issue 21",
        "",
        "Before = issue 21's \"now\" (the full run of 2026-11-30 01:40 UTC, commit before this work, a quieter "
        "machine); after = this run. The ratios are what compare across the two runs.",
        "",
        "10. **A digest cache of validated files** (okrtui/storage/digests.py, trusted.py): the blake2b digest of "
        "the bytes okrtui parsed and validated, or wrote from validated rows, is kept in the state folder, keyed by "
        "the database's real path, okrtui's version (and the state of its validation rules' source, for a checkout) "
        "and the schema version; a file whose bytes match is built into models without validating the rows "
        "(the same models: tested); any other file (another program's edit, a restored backup, a new okrtui, a "
        "damaged cache entry or one not the user's own) is validated in full. Tested: a changed byte anywhere is "
        "caught with a warm cache. Building from proven rows costs ~60% of validating them (36 vs 55 ms for L's "
        "15,600 check-ins, quiet machine), so the cache pays most where rows need not be built at all (11, 12).",
        f"11. **A check-in builds only what it reads** (okrtui/storage/scopes.py, `Store._write(scope=...)`): on a "
        f"proven file, one KR, the objectives of its quarter and its check-ins, not the whole Workspace index; the "
        f"rows a write changes are validated before its digest is kept. With it, TinyDB's rows are copied when an "
        f"operation first touches them instead of all up front, the change log's diff compares by identity and sorts "
        f"only the rows that differ (it sorted all 15,600 check-in ids), and a check-in sets its two rows directly "
        f"(TinyDB rebuilt the check-ins table twice). B4 at L: before {BEFORE_21['B4 L']}, after {v('B4', 'L', True)} "
        f"(a new Repository each time); B1 at L: before {BEFORE_21['B1 L']}, after {v('B1', 'L', True)}.",
        "12. **The change log and comments are loaded on first use** (Workspace.defer): a command or screen that "
        "never shows them never builds them; the log's rows are not copied for a write (it is only appended to). "
        "What is left of the log's cost is its bytes: read, hashed and written with the file (see the log section).",
        f"13. **Modes as lazy factories** (okrtui/ui/app.py): only the first mode's screen and widgets are imported "
        f"before the first frame; help and welcome screens when opened. The repository imports the plan-file "
        f"modules only for `apply`/`edit`. B2 at S: before {BEFORE_21['B2 S']}, after {v('B2', 'S', True)}; B3 at L: "
        f"before {BEFORE_21['B3 L']}, after {v('B3', 'L', True)}.",
        "14. **Instants in datetime's own UTC** (okrtui/domain/quarter.as_utc): pydantic gives `TzInfo(0)`, a Python "
        "tzinfo, so every comparison of two check-in times called utcoffset() in Python; sorting a quarter's check-ins "
        "(the Workspace index) was 125 ms of a 451 ms profiled check-in at L.",
        f"15. **B10 `okrtui list --json`** (was the information row `list`): before {BEFORE_21['B10 L']}, after "
        f"{v('B10', 'L', True)}.",
        '16. **B1 before and after issue 19** (measured separately with `python -m bench.b1_versions ba2ee0b 521fe85` '
        'on 2026-12-02, interleaved, 20 runs each after 2 of warm-up): `okrtui checkin` at S before the rhythm work '
        '(ba2ee0b, before team settings, `due`, `remind`, `checkin --from` and KPI-fed KRs) median 210 ms, after '
        '(521fe85) median 210 ms; two earlier runs of the same comparison: 221 vs 220 ms, and 184 vs 186 ms against '
        '0aabbb6. The check-in does not get slower.',
        *FIRST_FRAME_DECISIONS,
        "",
        *log_cost_section(),
    ]


def size_chart(rows: list[Row]) -> list[str]:
    """Check-in and first-frame time against the database's size (S, M, L, XL), as a text chart."""
    def value(measure: str, size: str) -> float | None:
        row = _row(rows, measure, size)
        return row.value_ms if row else None

    series = [
        ("`okrtui checkin` (B1)", {s: value("B1", s) for s in ("S", "M", "L", "XL")}),
        ("check-in write in process (B4; XL: B9 write)",
         {**{s: value("B4", s) for s in ("S", "M", "L")}, "XL": value("B9 write", "XL")}),
        ("first frame (S: B2; M, L: B3; XL: B9 frame)",
         {"S": value("B2", "S"), "M": value("B3", "M"), "L": value("B3", "L"), "XL": value("B9 frame", "XL")}),
        ("`okrtui list --json` (B10)", {s: value("B10", s) for s in ("S", "M", "L", "XL")}),
    ]
    top = max((v for _n, values in series for v in values.values() if v), default=1.0)
    lines = ["## Time against the database's size", "",
             "Medians of this run (ms; the bar is to scale across the whole chart). S = the demo, M = 400 KRs, "
             "L = 1,200 live KRs and 15,600 live check-ins (3.7 MB), XL = 12,000 live KRs and 156,000 live "
             "check-ins (37 MB).", "", "```"]
    for name, values in series:
        lines.append(name)
        for size, v in values.items():
            bar = "█" * max(1, round(40 * v / top)) if v else ""
            lines.append(f"  {size:<3}{(f'{v:,.0f} ms' if v else 'not measured'):>14}  {bar}")
    return lines + ["```", ""]


def log_cost_section() -> list[str]:
    """bench/log_cost.py's last result (bench/results/log_cost.json), if it was run."""
    import json
    from pathlib import Path

    path = Path(__file__).resolve().parent / "results" / "log_cost.json"
    if not path.exists():
        return []
    run = json.loads(path.read_text(encoding="utf-8"))
    lines = ["## The change log's cost on a check-in at L (issue 18), after issue 21", "",
             f"`python bench/log_cost.py` on {run['when']} (medians; the three files alternate): " + run["note"], "",
             "| | B4 in process | B1 subprocess |", "|---|---:|---:|"]
    for name, b4, b1 in run["rows"]:
        lines.append(f"| {name} | {b4:,.0f} ms | {b1:,.0f} ms |")
    return lines + ["", run["verdict"], "",
                    "Before (issue 18, the same script, 2026-11-30): with a quarter's log B4 cost 6.5× and B1 1.6× the "
                    "same write without a log. The log's rows are no longer validated, indexed or copied on a "
                    "check-in (decisions 10–12): with the bench's L file (a nearly empty log) the log's cost is within "
                    "the noise. With a quarter's log what is left is its bytes: measured on the same files in one "
                    "process, in the same state of this machine, parsing the 13.0 MB file took 2,577 ms against "
                    "340 ms without the log (the log's entries are many small objects), a blake2b digest (two "
                    "per check-in) 148 ms against 46 ms, encoding 151 ms against 24 ms. Would close it: the change log in a "
                    "file of its own beside the database, append-only, written under the same lock (schema 8): a "
                    "check-in would then parse, digest and rewrite none of the log's bytes, only append one entry "
                    "(priced by the numbers above: the full-log check-in back to the log-off one plus one append, "
                    "within the 10%). A cheaper step inside the file (keeping the log's byte span in the digest "
                    "cache's entry and splicing the new entry in, so the log is never parsed on a write) would save "
                    "the parse but still digest and copy the log's bytes: about +30% on a check-in at L with a "
                    "quarter's log.", ""]


# Issue 21's first frame (branch `frame`, 2026-12-02): each measured with
# `python -m bench --sizes S,L --only B2,B3 --max-reps 7` and `--sizes S,XL --only B9 --max-reps 3`,
# interleaved, medians, on 2 cores shared with other engineers' test suites (load average in brackets).
# Before = the full run of 2026-12-02 21:05 UTC (load 3–6).
FIRST_FRAME_DECISIONS = [
    "17. **Lists draw only what is visible** (okrtui/ui/widgets/virtual_list.py, textual_compat `_known_heights`): "
    "Textual 8's OptionList already draws line by line (a ScrollView with render_line) but measured every option "
    "before the first frame, turning each into a Visual; the plan, update and compare lists now hand it `LazyRow`s "
    "whose line count the rows/ module that makes them counts without making them (objective_row_lines, "
    "kr_row_lines, update_row_lines, lens_row_lines, kpi_row_lines; tested against the made rows), and a row's "
    "text is made when it is drawn, read or selected. Keys, mouse, highlight and messages stay OptionList's own. "
    "Measured in the same change: three quadratic scans made linear (Workspace.aligned_to_kr scanned every "
    "objective for every KR: 6.6 s of a profiled 12.5 s start at XL; the plan list counted each team's and each "
    "objective's children by scanning the list; the compare list scanned every KR per team), the quarter view "
    "computed once per burst of redraws (a new screen is resumed twice and the theme signal follows: 3 views of "
    "~0.5 s each at XL), and ASCII text measured by its length (cell_width looked up every character). In process "
    "at L the plan list's rebuild went from 1,267 ms to 166 ms (cProfile). B3 at L: before 1,875 ms, 1.76×, after "
    "1,503 ms against 917 ms, 1.64× (load 4.0–4.3); B9 frame at XL: before 10,854 ms, 10.33×, after (with 18) "
    "7,210 ms against 1,532 ms, 4.71× (load 6.4–8.4).",
    "18. **The collector stays paused until the first frame** (okrtui/cli/group.py no longer turns it on before "
    "the app; okrtui/ui/app.py turns it on once the mode screen is drawn, tested): reading L's file with the "
    "collector on took 273–350 ms in process, off 135–193 ms (its young generations were walked over the "
    "models being built), and the app's imports ~60 ms less. B3 at L: 1,726 ms against 1,340 ms, 1.29× (load "
    "4.5–5.2); B2 at S in the same run 1,463 ms against 755 ms, 1.94× (the loaded machine: see 20).",
    "19. **Check-ins built per KR on first use** (okrtui/storage/lazy_checkins.py, Workspace.defer_checkins): on a "
    "proven file the 156,000 check-ins at XL stay rows until a KR's are asked for; a screen that shows each KR's "
    "last check-in builds one model a KR (the newest found from the rows), target_moved asks only for the KRs an "
    "edit names, and `Workspace.checkins` builds the rest when read (the same models, in the file's order: "
    "tested against a validated load). A proven load at L in process: 273–350 ms before, 105 ms after; at XL "
    "+98 MB instead of +300 MB. B9 mem at XL: before 533 MB, after 337 MB (goal ≤ 400 MB); B9 frame: 6,768 ms "
    "against 2,159 ms, 3.13× (load 6.5–7.0); B3 at L 1,867 ms against 1,547 ms, 1.21×, 84.5 MB; B2 at S 1,655 ms "
    "against 1,038 ms, 1.60×. The final state (the newest row found by its parsed instant alone), on a quieter "
    "machine (load 1.1–2.0): B2 at S 719 ms against 406 ms, 1.77× (unchanged by 17–19: imports, see the B2 "
    "gap); B3 at L 944 ms against 754 ms, 1.25×, 84.3 MB; B9 frame at XL 2,608 ms against 834 ms, 3.13×; B9 mem "
    "337 MB.",
    "20. **Not done (not built, not measured): the file read after the first frame** (a 'reading…' line, the "
    "read in the file worker). The read is Python work holding the GIL (orjson, building models), so in a "
    "thread it is not expected to overlap Textual's own start: the first frame with data (the bench's: its "
    "markers are the quarter and a bar) should come no sooner. It would show a frame sooner at XL (about the "
    "demo's time) at the price of a second state in every mode and a bad file reported from inside the app; "
    "left for when the XL read itself is cut (see the B9 gap).",
]


GAPS = {
    "B1": "What is left is mostly okrtui's own imports on the way to the command: okrtui.cli.main imports every "
          "command module to register it, so `checkin` imports the plan-file parser, the coach and the plan "
          "diff (okrtui.cli.plan → domain.plan_text, plan_changes, coach) and the pydantic models build every "
          "validator at import. Would close it: register commands lazily (a click group that imports a command's "
          "module when it is called; okrtui/cli is being moved into a package now, so it belongs there), and "
          "pydantic's defer_build for models a command does not validate. Earlier text: The difference from the "
          "baseline is okrtui's own imports (pydantic models and their validators, "
          "the domain, config and i18n: see the import breakdown below) and validating every row read. "
          "Would close it: validate only the rows the change touches, trusting the rest of a file okrtui wrote "
          "(the phase table prices it), and import the domain's scoring/formatting only after the write.",
    "B2": "What is left before the first frame on the demo is okrtui's imports, not its screen: the lists draw "
          "only what is visible and the collector is paused until the first frame (decisions 17–19). "
          "`python -X importtime` of the app's start: okrtui.cli.main imports every command module, and "
          "okrtui.cli.plan brings domain.plan_changes and the pydantic models (~280 ms cumulative under "
          "importtime, models ~57 ms own); okrtui.ui.app brings textual.app (~310 ms, Textual's own). Would "
          "close it: commands registered lazily (a click group importing a command's module when called) and "
          "pydantic's defer_build on the models (both being done on other branches), then the plan mode's "
          "dialogs (close, forms: ~15 ms) imported when first opened.",
    "B3": "Met on the branch `frame` (1.21×, decisions 17–19). What is left at L over the demo: parsing and "
          "hashing the 3.7 MB file, building the quarter's objectives, KRs and KPIs (with their readings) and "
          "each KR's last check-in, and the quarter view.",
    "B3 mem": "Would close it: stream the archive instead of loading it (it is not loaded at start).",
    "B4": "The goal is in milliseconds, so it also measures the machine: read the ratio to the bare locked "
          "read-modify-write of the same file, measured alternately in this run (issue 21's \"now\" was 2.27× a "
          "32.3 ms baseline). At that baseline this run's ratio would be {scaled}. What is left over the "
          "baseline: two digests of the file (read and written), the scope's scan of the check-ins, building the "
          "quarter's objectives, the change log's diff and entry. Earlier text: "
          "Would close it: validate only the changed rows (the phase table shows validation and indexing are most "
          "of a check-in at L), or keep the parsed file in memory keyed by its stat for the app's writes.",
    "B5": "Would close it: re-score only the changed KR (the panel already does) and skip the pace chart redraw.",
    "B6": "Would close it: poll the file's stat more often than every 0.5 s, or watch it with inotify.",
    "B10": "The list builds every live row into models (proven rows, not validated) and the quarter view; the "
           "baseline only parses. Would close it: build the view from the proven raw rows of the quarter shown "
           "(objectives, KRs and each KR's last check-in only), as the check-in's scope does.",
    "B9 write": "XL's live file is 10× L's (37 MB: 156,000 check-ins and 500 KPIs × 221 readings), and a check-in "
                "reads, hashes and rewrites all of it: parse, digest and encode grow with the file, not with the "
                "change. Would close it: keep KPI readings of closed quarters in the archive with their quarter "
                "(most of the live bytes at XL) and split the live file per quarter or move to an append-only "
                "log of check-ins, so a write touches what it changes (priced by the phase split: parse + encode + "
                "2 digests are ~90% of a check-in at XL).",
    "B9 frame": "The lists draw only what is visible and check-ins are built per KR (decisions 17–19: 10.33× → "
                "3.13×). What is left at XL, by a profile of the start: reading the 37 MB file (parse and "
                "digest ~0.7 s profiled), building 500 KPIs with their 110,000 readings (~0.9 s profiled: the "
                "plan screen shows none of them) and 12,000 KRs, finding each KR's newest check-in among 156,000 "
                "rows, and the whole quarter's view (3,000 objectives) for a screen that shows 40 rows. Would "
                "close it: KPI readings of closed quarters in the archive (most of the live bytes) and readings "
                "built on first use, the view built per team page (the screen's rows, not the quarter's), and "
                "the file read after a first frame that says 'reading…'.",
    "B9 mem": "Met on the branch `frame` (337 MB, decision 19). What is left: the parsed rows (kept for the "
              "per-KR build and the row cache) and 110,000 KPI readings; readings built on first use would "
              "take most of the rest.",
}


def gaps(rows: list[Row]) -> list[str]:
    missed = [r for r in rows if r.met is False]
    lines = ["## Goals missed, and the change that would close each gap", ""]
    if not missed:
        return lines + ["Every goal was met in this run.", ""]
    for row in missed:
        goal = row.goal.text(row.measure.unit, row.measure.stat) if row.goal else ""
        text = GAPS.get(row.measure.id, "see the profile below.")
        if row.ratio is not None:
            text = text.replace("{scaled}", f"{row.ratio:.2f}× 32.3 ms = {row.ratio * 32.3:.0f} ms")
        lines.append(f"- **{row.measure.id} at {row.size}** ({_v(rows, row.measure.id, row.size, True)}; goal {goal}): "
                     + text)
    return lines + [""]


def decode_ms() -> float | None:
    """`Store._decode` of the unarchived 48 MB file (Lu), once: the cost of validating every row."""
    import time

    import orjson

    from bench import data
    from okrtui.storage.repository import Repository

    path = data.cached_path("Lu")
    if not path.exists():
        return None
    parsed = orjson.loads(path.read_bytes())
    start = time.perf_counter()
    Repository(path)._decode(parsed)
    return (time.perf_counter() - start) * 1000
