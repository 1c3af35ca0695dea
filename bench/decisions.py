"""The "Decisions" and "Gaps" sections of RESULTS.md: each design decision with its measured
effect, before (the run of 2026-11-30 00:37 UTC on this machine, commit d6d731e, before the
decision) and after (this run's rows), and for every goal missed the change that would close it."""

from __future__ import annotations

from bench.decisions_checkin import CHECKIN_DECISIONS, CHECKIN_GAPS
from bench.decisions_list import B10_GAP, LIST_DECISIONS
from bench.decisions_b2 import FIRST_FRAME_B2_DECISIONS
from bench.decisions_append import APPEND_DECISIONS, MEASURED as APPEND_MEASURED
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


# Issue 21's check-in write (B4, B9 write), measured on 2026-12-02 22:35-23:05 UTC on the shared 2 cores
# (load average 1.3-8, as said): python -m bench.b4_versions OLD NEW SIZE (commits' processes alternated;
# CPU time = process_time, less moved by the load than wall time), /tmp scripts for the what-ifs.
WRITE_DECISIONS = [
    "17. **A check-in reads its KR and nothing it does not need** (okrtui/storage/scopes.py): "
    "`record_checkin` builds the KR and its objective, `checkin_by_reference` also its quarter's objectives "
    "(to refuse a closed quarter); neither builds a check-in (a check-in's rows are made from the KR alone: "
    "tested), and the scans that find them run in C (itertools.compress over operator.itemgetter) instead of "
    "a set comprehension over every check-in (cProfile: 2 ms of a check-in at L, 16 ms at XL, now gone). "
    "With decision 18, B4 before (172804b) and after (8e22850): L CPU 51.3 -> 42.8 ms, wall 72.8 -> 72.1 ms "
    "(40 check-ins each, load 3.6-4.0); XL CPU 662 -> 491 ms, wall 902 -> 671 ms (6 each).",
    "18. **SHA-256 for the digest cache, each bytes object hashed once** (okrtui/storage/digests.py): where "
    "the CPU has SHA instructions (this machine) SHA-256 hashes L's 3.7 MB in 2.0 ms against blake2b's 2.9 ms, "
    "XL's 37 MB in 22 against 36 ms; a check-in hashes the file twice (read, written). The entry names the "
    "algorithm (`sha256:`), so an older entry never matches; bytes checked, found unknown, validated and "
    "remembered are hashed once, not twice (tested).",
    "19. **The KPIs a check-in does not read are kept as their bytes** (okrtui/storage/spans.py): okrtui "
    "writes the file table by table (the same bytes as one orjson.dumps: tested) and keeps where the KPI "
    "table lies with the digest in the cache entry; a check-in on bytes the cache proves parses the file "
    "without that table and writes its bytes back untouched (orjson.Fragment; orjson >= 3.10). Spans that "
    "do not frame the table, or a spliced text that does not parse, mean the whole file is parsed (tested); "
    "a write that reads KPIs parses them. The KPIs are a fifth of the live bytes (0.7 of 3.7 MB at L, 7.5 "
    "of 37 MB at XL). B4 before (8e22850) and after (c0cbc9f): L CPU 44.5 -> 38.9 ms (30 each, load ~5); "
    "XL CPU 461 -> 471 ms (6 each): no gain at XL, where joining the bytes around the table (30 MB to parse, "
    "37 MB to encode: bytes.join 69 ms under the profiler) costs what skipping the KPIs' parse saves. Would "
    "make it pay at XL: read the file into a bytearray and parse the part before the table in place "
    "(no copy), with the table written last.",
    "20. **Measured and not kept**: the digest computed in a thread beside the parse and beside the write "
    "(hashlib releases the GIL): B4 at L threaded against not, same process alternated, load 4: 95.2 vs "
    "84.0 ms, 81.0 vs 83.8 ms, 77.0 vs 64.1 ms; at XL, load 5-6: 1,128 vs 1,051 ms, 688 vs 632 ms: on 2 "
    "shared cores there is no free core to hash on. The garbage collector paused during the write: L CPU "
    "34.8 vs 35.6 ms and 39.1 vs 37.2 ms (21 each), XL wall 707 vs 785 ms: no difference beyond the noise "
    "(and `okrtui checkin` already runs with it paused). Keeping the KPI readings of closed quarters in the "
    "archive (a schema change) priced on the generated files: parse + encode + two digests at XL 353 -> "
    "317 ms CPU (37.3 -> 30.4 MB), at L 27 -> 23 ms: the same share at both sizes, so B9's ratio would not "
    "move; not done.",
    "21. **All of 17-19 together**, B4 before (172804b) and after (c0cbc9f), `python -m bench.b4_versions`-style "
    "alternation at load 4-5.5: L wall 81.4 -> 67.5 ms, CPU 40.4 -> 33.0 ms (40 each); XL wall 649 -> 552 ms, "
    "CPU 533 -> 455 ms (8 each). `python -m bench --sizes S,L --only B4 --max-reps 9` at load ~8: S 12.4 ms "
    "against 7.9 ms (1.57×), L 71.5 ms against 66.1 ms (1.08×; before this work, load 3-6: 80.1 ms, 1.38×); "
    "at a load of 1.6, before this work: 45.6 ms against 34.5 ms (1.32×). B9 write (`--sizes L,XL --only B9`, "
    "load 5.5-8): 1,061 ms against B4 at L 108 ms, 9.81× (before: 10.59×).",
]


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
        "10. **A digest cache of validated files** (okrtui/storage/digests.py, trusted.py): the digest (blake2b; SHA-256 since decision 18) of "
        "the bytes okrtui parsed and validated, or wrote from validated rows, is kept in the state folder, keyed by "
        "the database's real path, okrtui's version (and the state of its validation rules' source, for a checkout) "
        "and the schema version; a file whose bytes match is built into models without validating the rows "
        "(the same models: tested); any other file (another program's edit, a restored backup, a new okrtui, a "
        "damaged cache entry or one not the user's own) is validated in full. Tested: a changed byte anywhere is "
        "caught with a warm cache. Building from proven rows costs ~60% of validating them (36 vs 55 ms for L's "
        "15,600 check-ins, quiet machine), so the cache pays most where rows need not be built at all (11, 12).",
        f"11. **A check-in builds only what it reads** (okrtui/storage/scopes.py, `Store._write(scope=...)`): on a "
        f"proven file, one KR, the objectives of its quarter and its check-ins (since decision 17: none), not the whole Workspace index; the "
        f"rows a write changes are validated before its digest is kept. With it, TinyDB's rows are copied when an "
        f"operation first touches them instead of all up front, the change log's diff compares by identity and sorts "
        f"only the rows that differ (it sorted all 15,600 check-in ids), and a check-in sets its two rows directly "
        f"(TinyDB rebuilt the check-ins table twice). B4 at L: before {BEFORE_21['B4 L']}, after {v('B4', 'L', True)} "
        f"(a new Repository each time); B1 at L: before {BEFORE_21['B1 L']}, after {v('B1', 'L', True)}.",
        "12. **The change log and comments are loaded on first use** (Workspace.defer): a command or screen that "
        "never shows them never builds them; the log's rows are not copied for a write (it is only appended to). "
        "Since schema 11 the log is a file of its own beside the database and a check-in only appends its line: "
        "it reads, hashes and writes none of the log's bytes (see the log section).",
        f"13. **Modes as lazy factories** (okrtui/ui/app.py): only the first mode's screen and widgets are imported "
        f"before the first frame; help and welcome screens when opened. The repository imports the plan-file "
        f"modules only for `apply`/`edit`. B2 at S: before {BEFORE_21['B2 S']}, after {v('B2', 'S', True)}; B3 at L: "
        f"before {BEFORE_21['B3 L']}, after {v('B3', 'L', True)}.",
        "14. **Instants in datetime's own UTC** (okrtui/domain/quarter.as_utc): pydantic gives `TzInfo(0)`, a Python "
        "tzinfo, so every comparison of two check-in times called utcoffset() in Python; sorting a quarter's check-ins "
        "(the Workspace index) was 125 ms of a 451 ms profiled check-in at L.",
        f"15. **B10 `okrtui list --json`** (was the information row `list`): before {BEFORE_21['B10 L']}, after "
        f"{v('B10', 'L', True)}.",
        '16. **B1 before and after issue 19**: the figures first given here (210 vs 210 ms median at S, ba2ee0b '
        'against 521fe85) are void: bench/b1_versions.py ran the current checkout on both sides, so it compared '
        'a commit with itself (found and fixed in the quick-CLI work, decision 22\'s branch). '
        f"{B1_ISSUE19}",
        *WRITE_DECISIONS,
        *quick_cli_decisions(),
        *FIRST_FRAME_DECISIONS,
        *CHECKIN_DECISIONS,
        *LIST_DECISIONS,
        *FIRST_FRAME_B2_DECISIONS,
        *APPEND_DECISIONS,
        "",
        *log_cost_section(),
    ]


# Decisions 22-26 (the quick command line, branch clispeed), measured on 2026-12-02 between 22:30 and 23:40 UTC
# on the shared 2-core machine: each before/after pair alternated in one run (bench's harness, or
# bench/b1_versions.py, or in-process timings of the same file), so their ratios compare; absolute times
# carry a load average of 2-8 from other engineers' test suites.
CLISPEED = {
    "bench before": "B1 S 197 ms, 1.79×; B1 L 264 ms, 1.76×; B10 L 407 ms, 2.97× (commit 172804b, load 1.9)",
    "bench after": "B1 S 606 ms, 1.60×; B1 L 774 ms, 1.54×; B10 S 176 ms, 1.20×; B10 L 687 ms, 1.63× (load 9.9; "
                   "an earlier run of nearly the same code at load 7: B1 S 1.52×, B1 L 1.49×, B10 L 1.72×). The "
                   "CPU time of the child (user + sys, less swayed by the load; medians of 11-15 alternated runs, "
                   "172804b against this work, load 5-8): B1 S 241 → 209 ms against the baseline's 128 ms "
                   "(1.88× → 1.63×), B1 L 295 → 274 ms against 177 ms (1.66× → 1.55×), B10 L 398 → 219 ms "
                   "against 137 ms (2.91× → 1.60×)",
    "b1 versions": "median 746 ms before, 654 ms after (n = 13 each, load 8.6; with the tool fixed to run each "
                   "commit from its own tree: until then both sides ran the current checkout, so decision 16's "
                   "210 vs 210 ms compared a commit with itself)",
}


# Decision 16 re-measured with the fixed tool (python -m bench.b1_versions ba2ee0b 521fe85 15).
B1_ISSUE19 = (
    "Re-measured with the fixed tool on 2026-12-03 (load 0.2-0.8, 18 runs each after 2 of warm-up, interleaved): "
    "ba2ee0b 249 ms against 521fe85 262 ms (+5%), and again 206 against 235 ms (+14%): the rhythm work did make "
    "`okrtui checkin` slower. Against this round's final code (60dc19d: lazy commands, deferred validators, the "
    "check-in's scope): ba2ee0b 194 ms, 60dc19d 197 ms (+1.5%, within the spread of 161-279 ms), so the loss is "
    "made up.")


def quick_cli_decisions() -> list[str]:
    return [
        "22. **Commands imported when they run** (okrtui/cli/group.py, `LazyGroup` and `LAZY_COMMANDS`): "
        "okrtui/cli/main.py imported every command module to register it, so `okrtui checkin` imported the "
        "plan-file parser, the plan diff, the coach and the report. The top group now maps each command to its "
        "module and imports it when the command runs (or when --help lists it; a command loaded late is "
        "translated then; an unknown command now names the close ones: \"did you mean checkin?\"). With it, "
        "each quick command opens the database as the narrow class it needs (`checkin`: CheckInOperations, "
        "`kpi`: KPIOperations, `list`: Store, not the Repository of every operation), `okrtui.storage` imports "
        "nothing by itself, and plan_write, csv, tomllib (no config file) and the coach are imported only where "
        "used. `okrtui checkin` at S imports 333 modules instead of 367 (`list --json` at L: 289 instead of "
        "366); tests/cli/test_lazy_commands.py checks the map and what each quick command imports.",
        "23. **pydantic models built on first validation** (okrtui/domain/models.py: `defer_build=True`, and "
        "real annotations instead of `from __future__ import annotations`, whose 98 strings pydantic compiled "
        "with eval at import): importing the models took 56-66 ms and now 27-33 ms (in process, loaded machine; "
        "the CheckIn, KeyResult, Change and Meta validators a check-in needs cost ~5 ms when first used). A read "
        "of a proven file validates nothing, so its meta record is built like its rows (store_decode): `list` "
        "builds no pydantic validator at all and never imports pydantic's plugin loader, which imports "
        "importlib.metadata and scans every installed package's entry points (12-20 ms on this machine).",
        "24. **`okrtui list` builds only its quarter's rows** (okrtui/storage/scopes.quarter_scope, "
        "`Store.load(scope=...)`): on a proven file, every objective (the file's teams), the quarter's KRs, the "
        "first and last check-in of each (found in one pass over the raw rows by their instants as UTC text), "
        "their initiatives, the team settings, and the KPIs without their "
        "readings unless the quarter is seen at its end. At L: 3,951 models built instead of 27,550 (17,150 "
        "rows and 10,400 KPI readings; ~110 ms in process). The output is the same bytes (tests/cli/"
        "test_list_scope.py compares the warm-cache output with the cache turned off, for 7 argument sets; "
        "demo.json and bench's L file compared by hand), and a file another program changed is validated in full.",
        "25. **`list --json` written by orjson** (okrtui/cli/context.json_text) when that gives json.dumps(..., "
        "indent=2)'s very bytes (orjson writes floats under 1e-4 differently: where the text may hold one, json "
        "writes it; tested on 6,500 random numbers): ~30 ms for L's 700 kB document became ~0.5 ms. And the bidi "
        "controls' escape (present/text.visible_json, visible) runs str.translate only when the text holds one "
        "(a search in C): it took ~50 ms on that document.",
        "26. **Objectives aligned to a KR indexed once per snapshot** (Workspace.aligned_to_kr): the view asked "
        "for each of L's 1,200 KRs by scanning its 300 objectives (16 ms of a profiled list).",
        f"Measured together (python -m bench --sizes S,L --only B1,B10 --max-reps 7): before "
        f"{CLISPEED['bench before']}; after {CLISPEED['bench after']}. `python -m bench.b1_versions 172804b "
        f"<after> 15` (okrtui checkin at S, the two commits alternated): {CLISPEED['b1 versions']}.",
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


# The "before" of issue 18's last point, measured with the same script on the same L file, alternating
# with the "after" runs: the log inside the database file (this branch's first commit, 172804b).
LOG_COST_BEFORE = (
    "Before (the log inside the database file, as at commit 172804b; the same script on the same L file, "
    "{runs} runs alternating with the runs of the change, {when}; medians of the runs' medians): with a quarter's "
    "log a check-in cost B4 {b4_full:,.0f} ms against {b4_off:,.0f} ms log off ({b4_cost:+.0%}), B1 {b1_full:,.0f} ms "
    "against {b1_off:,.0f} ms ({b1_cost:+.0%}): every check-in parsed, digested and re-encoded the log's 9 MB. "
    "After, in the same alternation: B4 {after_b4_full:,.0f} ms against {after_b4_off:,.0f} ms ({after_b4_cost:+.0%}), "
    "B1 {after_b1_full:,.0f} ms against {after_b1_off:,.0f} ms ({after_b1_cost:+.0%}). "
    "The change: the log is a file of its own beside the database (schema 11, storage/log_file.py). A check-in "
    "appends one line, whose id is the revision its write produces, and the database records how many of the "
    "log's bytes it knows; readers skip lines beyond it, and the next writer cuts them off. The check-in parses, "
    "digests and rewrites none of the log's bytes; the line's flush to disk (fdatasync) runs in a thread while "
    "the database is encoded and written to its temporary file, and the database's rename waits for it. What "
    "is left over log off is that append: an open, a 4 KB read of the header, one write, and the flush where "
    "it does not overlap."
)
LOG_COST_BEFORE_RUN = {"runs": 3, "when": "2026-12-02 23:00–23:28 UTC, a loaded machine", "b4_off": 106.2,
                       "b4_full": 651.0, "b1_off": 826.0, "b1_full": 1179.0,
                       "after_b4_off": 114.5, "after_b4_full": 117.7, "after_b1_off": 827.0, "after_b1_full": 851.0}


def log_cost_section() -> list[str]:
    """bench/log_cost.py's last result (bench/results/log_cost.json), if it was run."""
    import json
    from pathlib import Path

    path = Path(__file__).resolve().parent / "results" / "log_cost.json"
    if not path.exists():
        return []
    run = json.loads(path.read_text(encoding="utf-8"))
    lines = ["## The change log's cost on a check-in at L (issue 18)", "",
             f"`python bench/log_cost.py` on {run['when']} (medians; the three files alternate): " + run["note"], "",
             "| | B4 in process | B1 subprocess |", "|---|---:|---:|"]
    for name, b4, b1 in run["rows"]:
        lines.append(f"| {name} | {b4:,.0f} ms | {b1:,.0f} ms |")
    before = LOG_COST_BEFORE_RUN
    costs = {f"{key}_cost": before[f"{key}_full"] / before[f"{key}_off"] - 1
             for key in ("b4", "b1", "after_b4", "after_b1")}
    text = LOG_COST_BEFORE.format(**before, **costs)
    return lines + ["", run["verdict"], "", text, "", LOG_COST_MERGED, ""]


# bench/log_cost.py on the merged code (commit c7748a9), 2026-12-03 03:18-03:20 UTC, load 0.4-1.1, nothing
# else running: four runs, the table above being the last (the most repetitions).
LOG_COST_MERGED = (
    "On the merged code (c7748a9, 2026-12-03, a quiet machine), four runs of the script, a quarter's log "
    "(15,600 entries) against log off: B4 +7%, +6%, +19%, +4% and B1 -10%, +16%, 0%, +4% (n = 15/9, 15/9, "
    "15/9, 25/31); medians of the four: B4 +6.5%, B1 +2%. A single run's medians move by up to ±15% on this "
    "machine (ranges 30-88 ms for B4, 207-449 ms for B1), and the empty log, which can cost no more than the "
    "full one, measured +3% to +18% in the same runs: the spread is the disk's fsync and the machine, not "
    "the log's size. What the log adds for certain is one append and its fdatasync, overlapped with the "
    "database's encode."
)


# Issue 21's first frame (branch `frame`, 2026-12-02): each measured with
# `python -m bench --sizes S,L --only B2,B3 --max-reps 7` and `--sizes S,XL --only B9 --max-reps 3`,
# interleaved, medians, on 2 cores shared with other engineers' test suites (load average in brackets).
# Before = the full run of 2026-12-02 21:05 UTC (load 3–6).
FIRST_FRAME_DECISIONS = [
    "27. **Lists draw only what is visible** (okrtui/ui/widgets/virtual_list.py, textual_compat `_known_heights`): "
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
    "1,503 ms against 917 ms, 1.64× (load 4.0–4.3); B9 frame at XL: before 10,854 ms, 10.33×, after (with 28) "
    "7,210 ms against 1,532 ms, 4.71× (load 6.4–8.4).",
    "28. **The collector stays paused until the first frame** (okrtui/cli/group.py no longer turns it on before "
    "the app; okrtui/ui/app.py turns it on once the mode screen is drawn, tested): reading L's file with the "
    "collector on took 273–350 ms in process, off 135–193 ms (its young generations were walked over the "
    "models being built), and the app's imports ~60 ms less. B3 at L: 1,726 ms against 1,340 ms, 1.29× (load "
    "4.5–5.2); B2 at S in the same run 1,463 ms against 755 ms, 1.94× (the loaded machine: see 30).",
    "29. **Check-ins built per KR on first use** (okrtui/storage/lazy_checkins.py, Workspace.defer_checkins): on a "
    "proven file the 156,000 check-ins at XL stay rows until a KR's are asked for; a screen that shows each KR's "
    "last check-in builds one model a KR (the newest found from the rows), target_moved asks only for the KRs an "
    "edit names, and `Workspace.checkins` builds the rest when read (the same models, in the file's order: "
    "tested against a validated load). A proven load at L in process: 273–350 ms before, 105 ms after; at XL "
    "+98 MB instead of +300 MB. B9 mem at XL: before 533 MB, after 337 MB (goal ≤ 400 MB); B9 frame: 6,768 ms "
    "against 2,159 ms, 3.13× (load 6.5–7.0); B3 at L 1,867 ms against 1,547 ms, 1.21×, 84.5 MB; B2 at S 1,655 ms "
    "against 1,038 ms, 1.60×. The final state (the newest row found by its parsed instant alone), on a quieter "
    "machine (load 1.1–2.0): B2 at S 719 ms against 406 ms, 1.77× (unchanged by 27–29: imports, see the B2 "
    "gap); B3 at L 944 ms against 754 ms, 1.25×, 84.3 MB; B9 frame at XL 2,608 ms against 834 ms, 3.13×; B9 mem "
    "337 MB.",
    "30. **Not done (not built, not measured): the file read after the first frame** (a 'reading…' line, the "
    "read in the file worker). The read is Python work holding the GIL (orjson, building models), so in a "
    "thread it is not expected to overlap Textual's own start: the first frame with data (the bench's: its "
    "markers are the quarter and a bar) should come no sooner. It would show a frame sooner at XL (about the "
    "demo's time) at the price of a second state in every mode and a bad file reported from inside the app; "
    "left for when the XL read itself is cut (see the B9 gap).",
]


GAPS = {
    "B1": "Commands are imported when they run and the models build their validators on first use "
          "(decisions 22, 23). What is left over the baseline (measured at S by `python -X importtime`, the "
          "minimum of 7 runs: okrtui's imports 150 ms against the baseline's 93 ms) is pydantic itself as okrtui "
          "uses it: defining the models imports pydantic.fields, pydantic.types and annotated_types and collects "
          "their fields (~15 ms), and the first validation of the rows a check-in writes (CheckIn, KeyResult, "
          "the change entry, the meta record) imports pydantic's plugin loader, which imports importlib.metadata "
          "(email, zipfile, socket: ~8 ms) and scans every installed package's entry points (~3 ms); then "
          "okrtui's own domain and storage modules (~23 ms) and the write's second file, the digest cache "
          "entry. Would close it: validate a check-in's new rows without building pydantic validators in the "
          "process (a check-in's rules as plain functions over the row, kept equal to the models' by a test "
          "over random rows), or pay the plugin loader only once per machine (pydantic documents "
          "PYDANTIC_DISABLE_PLUGINS, but its loader is imported even then); at L the write itself (B4) is the rest.",
    "B2": "Decisions 51-54 and 61-63. The first screen alone is the larger gap (decision 61: spawn to the "
          "markers drawn, okrtui's demo 277 ms against the minimal app's 181 ms, 1.53×); the exit, the same for "
          "both, hides part of it. Left before that screen: pydantic and pydantic_core, which the minimal app "
          "never imports (importing BaseModel costs ~41 ms of wall time after textual.app, medians of 15 with "
          "os._exit), the models and the domain and storage modules the workspace needs, click; then the plan "
          "list rendered twice (57) and Textual's first render inside its start-up batch, discarded. Would "
          "close it: the workspace's rows as plain objects, so that the app's start imports no pydantic model "
          "(the check-in gap's design, which would serve both).",
    "B3": "Met in partial runs after decision 59 (1.12-1.18×). What is left at L over the demo: parsing and "
          "hashing the 3.7 MB file (~26 ms), building the quarter's objectives, KRs and KPIs with their 10,400 "
          "readings (~20 ms: the plan screen shows none of them; would close it: readings built on first use), "
          "and the quarter view (1,200 KRs, ~35 ms: would close it: the view built per visible team page).",
    "B3 mem": "Would close it: stream the archive instead of loading it (it is not loaded at start).",
    "B4": "The goal is in milliseconds, so it also measures the machine: read the ratio to the bare locked "
          "read-modify-write of the same file, measured alternately in this run (issue 21's \"now\" was 2.27× a "
          "32.3 ms baseline). At that baseline this run's ratio would be {scaled}. What is left over the "
          "baseline (decisions 17-19 took the scope's scans, one digest algorithm's worth and the KPIs' parse): "
          "the two digests of the file (read and written, 2 × 2 ms at L), the change log's diff, which walks "
          "every check-in to find the one added (~3 ms at L, ~70 ms at XL: memory_db.replace_rows knows the "
          "keys it set and could hand them to changelog.record_changes; left to the change-log work, which "
          "owns that code), and the digest cache entry's write. Would close the rest: a check-in that does not "
          "rewrite the file (see B9 write).",
    "B5": "Would close it: re-score only the changed KR (the panel already does) and skip the pace chart redraw.",
    "B6": "Would close it: poll the file's stat more often than every 0.5 s, or watch it with inotify.",
    "B10": B10_GAP,
    "B9 write": "Since decision 69 a check-in neither parses nor encodes the check-ins, so at XL it no longer "
                "does 13× L's work, but it still reads, hashes and rewrites the whole file, and those grow with "
                "the bytes (XL's live file is 10× L's: 37 MB). Each step alone (medians of 7): at L "
                f"{APPEND_MEASURED['parts L']}; at XL {APPEND_MEASURED['parts XL']}: ~180 ms of XL's ~200 "
                "are those. Since B4 at L fell with the same change (~36 -> ~17 ms), the ratio did not fall "
                "(10.00× -> 11.8×) though XL's check-in went from ~600 to ~220 ms. Would close it: check-ins out "
                "of the rewritten file, into an append-only journal beside it (one line per check-in, carrying "
                "the KR's new value and confidence; the KR's current value read from its last line; folded into "
                "the file when the quarter closes), written under the same lock, its digest chained line by "
                "line. A check-in is then lock + find the KR (a byte offset kept with the digest) + append + "
                "fsync, the same at L and XL (~1×): priced at ~5-8 ms at both sizes (the read and the two "
                "digests of the file, 4 of L's 17 ms and 74 of XL's, are what it removes). Every reader (the "
                "app's watcher, lists, reports, exports, the server) would fold the journal in.",
    "B9 frame": "The lists draw only what is visible and check-ins are built per KR (decisions 27-29: 10.33× -> "
                "3.13×; 64: 2.93-3.19×); the app's read leaves the check-ins as their bytes (67: 2.52-2.86×) and "
                "builds the KPIs and their readings when first read (68). Where XL's start goes now (perf_counter "
                "marks in fresh processes, medians of 3): importing the app ~255 ms; reading, hashing and parsing "
                "the file without its check-ins and building the proven rows ~300 ms (12,000 KRs ~100 ms, the "
                "file's SHA-256 ~22 ms, the summaries ~80 ms); the quarter's view ~190 ms; then the plan list's "
                "15,000 rows with their line counts (~83 ms) and the redraws. Would close it, priced: the view "
                "built per visible team page (~150 of the ~190 ms) and line counts taken on first draw for "
                "one-line rows (~70 of the 83 ms).",
    "B9 mem": "Met (267 MB since decision 67: the check-ins' 156,000 rows are no longer parsed before the "
              "first frame; 337-363 MB before). What is left: the KPIs' 110,000 readings, built before the first "
              "frame (see B9 frame).",
}

GAPS.update(CHECKIN_GAPS)  # B1 and B4 as decisions 31-36 leave them


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
