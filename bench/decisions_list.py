"""Decisions 41-49 (issue 21's B10, `okrtui list --json` at L, branch speed-b10), for RESULTS.md.

Measured on 2026-12-03 between 06:05 and 06:50 UTC on the shared 2-core machine while two other
engineers ran their own benchmarks (load average 1.2-4.3): wall times moved by ±15% from run to
run, so each step is given in the steadiest measure that shows it: instructions counted by
valgrind (callgrind; the same count whatever the load, for one warm-cache `list --json` at L in a
new process, commits alternated), the child's CPU time, and in-process timings (medians). Trees
of each commit were run side by side (git archive, PYTHONPATH, a state folder each, bytecode
compiled first); the baseline is bench/baseline.py read on the same file.
"""

from __future__ import annotations

# Instructions (millions) of one `okrtui list --json` at L, warm digest cache, per commit; the
# baseline's: 699.
INSTRUCTIONS = {
    "f8f9042": 1417, "92bee04": 1373, "ae5ccf7": 1318, "73c6afe": 1301, "adade31": 1297,
    "4d629b3 through main()": 1289, "4d629b3": 1242, "60bb7d6": 1237, "1b655ac": 1235,
}

LIST_DECISIONS = [
    "41. **A list's check-ins built per KR on first use, the newest found unparsed** (okrtui/storage/"
    "scopes.py, lazy_checkins.py, store_decode.py): the quarter's scope hands each KR's first and last "
    "check-in as rows in their history's order (`OrderedCheckins`), and the store gives them to the "
    "per-KR source of decision 29 instead of building all: the view builds each KR's newest (1,200 "
    "models at L, not 2,400), found as the last of its rows without parsing an instant; the first is "
    "built only where a target moved (domain/history asks). With it, the proven-row builder (storage/"
    "trusted.py) is written out per model, one line per field to convert, as dataclasses writes "
    "__init__: 1,200 check-ins 2.96 -> 1.39 ms, 1,200 KRs 2.23 -> 1.73 ms (in process, best of 5); "
    "writing a builder costs ~0.2 ms, so one is written only for a table with rows (a list at L writes "
    "5: 0.34 ms for the 8 closures before, 1.77 ms for 8 written out). "
    "`list --json` at L: 1,417 -> 1,373 million instructions; in process (CPU, medians of 11, load "
    "3.5) Store.load 70.4 -> 60.5 ms, of which the view took back 4.6 ms (it builds the newest "
    "check-ins now). Tested: the scope's rows in order, one model built per KR for `last`, the same "
    "output bytes with the cache off (tests/cli/test_list_scope.py).",
    "42. **`list --json` written as orjson's bytes** (okrtui/cli/context.echo_json): the bidi controls "
    "visible_json escapes are searched for in the UTF-8 bytes (an alternation of their 3-byte forms: "
    "0.18 ms for L's 700 kB against 3.1 ms for the same search in the decoded text), and where there is "
    "none and stdout is UTF-8 the bytes go out as they are, not decoded and encoded again (0.8 ms each "
    "way); anything else takes json_text's way, so the bytes are the same (tested byte for byte, with "
    "tiny floats and a bidi control). 1,373 -> 1,318 million instructions; in process main() 113.0 -> "
    "100.1 ms CPU (medians of 11, load 3.6).",
    "43. **The scope's first/last pass compares okrtui's own instants as they are** (storage/scopes."
    "_first_and_last): where every instant is in one form okrtui writes, all \"…:00Z\" or all "
    "\"…:00.123456Z\", the texts order as the instants do, so the one Python pass over L's 15,600 rows "
    "keeps four dicts of text and key (no slice, no tuple per row): 4.9 -> 3.4 ms in process (best of "
    "5); any other mix (an offset, a whole second beside fractions) is cut to UTC text as before "
    "(tested with shuffled ids, ties at one instant, and each form). 1,318 -> 1,301 million instructions.",
    "44. **Measured and not kept: that pass in C terms** (map, itemgetter, one sort of (KR, instant, "
    "id, key) tuples, dicts keeping each KR's first and last): in a warm process 4.7 against the loop's "
    "4.4 ms, in a new process (the command's case) 11.5 against 6.0 ms: allocating 15,600 tuples and "
    "four lists of 15,600 costs more there than the loop's dict look-ups.",
    "45. **`list` imports domain.inputs only for --as-of** (cli/context.quarter_and_day); "
    "tests/cli/test_lazy_commands.py now also fails if `list` imports it, the batch parser, plan_write, "
    "csv or the exchange. 1,301 -> 1,297 million instructions.",
    "46. **A finished list ends without the interpreter's teardown**: `list` says so once all its output is "
    "written, through the one mechanism `okrtui checkin` uses (okrtui/cli/quick_exit.py, decision 35: "
    "flush, the exit handlers, os._exit; this branch first had an entry point of its own, cli/entry.py, "
    "merged into that one). An error, any other "
    "command, a flush that fails (a closed pipe) take the ordinary way out; main(argv) called in a process "
    "(tests, serve's probe) is not affected (tests/cli/test_quick_exit.py). Teardown frees every module "
    "and object one by one: ~25 ms of wall time after the last byte (the baseline's own teardown: "
    "~21 ms, which it still pays). 1,289 -> 1,242 million instructions (the same commit through main() "
    "and through the early end); subprocess at L, the two alternated with 13 other variants (15 runs each, "
    "load 3.0-4.3): wall 406 -> 376 ms, CPU 287 -> 249 ms.",
    "47. **view_kr is handed its objective, and kr_status its progress** (domain/views.py, scoring.py): "
    "each KR's progress was computed twice and its objective looked up again: in process view_quarter "
    "16.3 -> 14.2 ms CPU (medians of 11, load 3.7), 1,242 -> 1,237 million instructions. And "
    "Workspace.aligned_to_kr answers at once for a KR with no aligned objective (no key string, sort or "
    "lambda per KR): view and JSON document at L 143.9 -> 142.3 million instructions. Then no "
    "comprehension runs over an empty list (a KR's aligned objectives and initiatives: each one a "
    "function call in Python 3.11) and the document reads each KR once: 142.3 -> 130.8 million; in "
    "process (best of 5) view_kr ×1,200 8.1 -> ~5.8 ms, quarter_as_dict 6.1 -> ~4 ms.",
    "48. **Docstrings on the dataclasses a list defines at import** (views' four, Quarter, Workspace, "
    "waiting.Patience): without one, dataclass builds __doc__ from inspect.signature (0.78 -> 0.41 ms "
    "to define a 4-field dataclass, best of 50). Importing domain.views: 12.6 -> 11.0 million instructions.",
    "49. **B10 before and after 41-48**: instructions of `list --json` at L 1,417 -> 1,225 million "
    "(2.03× -> 1.75× the baseline's 699; decision 46 is 47 of the 192 cut). Wall and CPU time, f8f9042 "
    "(through main(), as its console script ran it) and this branch's console script alternated with the "
    "baseline, 25 runs each after 2 of warm-up (load 3.1 -> 2.8): wall 361 -> 277 ms against 229 ms "
    "(1.58× -> 1.21×), the child's CPU time 351 -> 258 ms against 195 ms (1.80× -> 1.32×). "
    "`python -m bench --sizes S,L --only B10` (9 runs at L, 11 at S): before any of these (f8f9042, "
    "06:05 UTC, load 1.2, L only) L 341 ms against 236 ms, 1.45×; after, three runs in a row at load "
    "3.5-3.6: L 336 against 219 ms (1.53×), 337 against 221 ms (1.53×), 238 against 188 ms (1.27×); "
    "S 0.86×, 1.03×, 1.21×. At that load a single run's ratio moves by ±0.15: the alternated 25-run "
    "medians above are the steadier figure.",
]

B10_GAP = (
    "The list builds only its quarter's rows and, of its check-ins, each KR's first and last, read with the "
    "KPIs' rows from the digest cache's summaries without parsing either table (decision 65); it writes "
    "orjson's bytes and ends without the interpreter's teardown (decisions 22-26, 41-48). What is left over "
    "reading and parsing the file: importing the pydantic models (pydantic.types, annotated_types, the "
    "fields) and okrtui's own modules (~15 ms together at L, `python -X importtime` against the baseline's "
    "imports), the quarter's view and its JSON document (~12 ms for 1,200 KRs), building 300 objectives and "
    "1,200 KRs (~5 ms) and the file's digest (~2.6 ms). Would close it: the models' rows as plain objects "
    "on a proven read (no pydantic model defined on the way), and the quarter's view built from the proven "
    "rows in one pass per KR."
)
