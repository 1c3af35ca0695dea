"""Decisions 51-64 of RESULTS.md: issue 21's B2, the app's first frame on the demo against a minimal
Textual app (branch speed-b2, 2026-12-03 06:05-07:30 UTC).

Measured on the 2 cores shared with two other engineers' benchmarks and test suites (load average
1-4, as said). "B2 three ways" = /work/notes/b2.py extended: the base commit (f8f9042, extracted
with git archive and byte-compiled), this branch and bench/minimal_app.py, interleaved A B C A B C in
a 120x40 pty after one warm-up each, medians; CPU = the child's user + system time (wait4), less moved
by the load than wall time. In-process timelines: perf_counter marks in the same pty run."""

from __future__ import annotations

FIRST_FRAME_B2_DECISIONS = [
    "51. **The first frame imports less** (okrtui/ui/modes/plan.py, ui/textual_version.py, settings/themes.py): "
    "the plan mode imports the close dialog (its form, grading, the coach's checks, ui.dialogs.forms) when C "
    "or an edit key first asks for it, as the other modes already did; Textual's version is read from the "
    "name of its dist-info folder instead of importlib.metadata; the shipped theme files, well formed, are "
    "constructed without building pydantic validators (the models are defer_build; a file of exactly the "
    "model's shape is built with model_construct, anything else is validated by pydantic as before, for "
    "its sentence or its coercion: tested against model_validate on every shipped theme), which also spares "
    "pydantic's plugin loader (importlib.metadata, email, zipfile); the themes folder is found beside the "
    "package instead of through importlib.resources; and filelock is imported by the first write "
    "(storage/store.py, waiting.py: a read takes no lock). Modules the app imports before its first frame "
    "beyond the minimal app's: 243 before, 175 after (`python -X importtime` in the pty). Under importtime "
    "(inflated): dialogs.close 19 ms, importlib.metadata 7 ms (twice: the compat module and the plugin "
    "loader), settings.themes 14 -> 4 ms, importlib.resources 5 ms, filelock 6-9 ms.",
    "52. **The imports are frozen out of the collector's sight before the file is read** (okrtui/ui/app.py "
    "run_app: gc.freeze()): modules, classes and Textual's and pydantic's tables live as long as the process; "
    "each full collection of the running app, and the interpreter's collections at exit, now skip them. The "
    "file's models are read after the freeze, so a workspace replaced by a re-read is collected as before "
    "(tested). The demo's process outside main() (interpreter start and exit: wall time in a pty minus the "
    "time main() ran; medians of 7 runs each, load ~1.5): 140 ms -> 49 ms. This shortens B2's wall time (spawn to exit) and the quit a user "
    "waits for; it does not make the first frame itself sooner.",
    "53. **The first mode is shown without Textual's switch delay** (okrtui/ui/app.py, OkrApp.delay_update): "
    "App.switch_mode holds every frame back for 50 ms (delay_update) to mask the change of screen; the first "
    "mode replaces only the blank default screen, which was never shown, so its frames are not held back. "
    "Later switches keep the delay (tested). Traced in process (App._display): the plan screen was laid out "
    "and drawn, then held 71 ms before its first frame was written; now 11 ms. The footer's keys, which "
    "Textual's Footer composes a refresh after the screen's first frame, now follow the first frame instead "
    "of arriving with it (test_zh_tw waits for them). Found on the way and fixed: the standup screen cut its "
    "teams' rows to a column width measured before its new layout (a redraw queued by its own sizing ran "
    "first); the 50 ms hold hid that at start, but after a terminal resize its bars wrapped onto a second "
    "line until the next change. A team panel laid out at another width than its rows were cut to now asks "
    "for a redraw (tested: resized to 174×43, the board is the one drawn when started at that size).",
    "54. **The bench's exit waits for the mode screen's mount, then one refresh** (OKRTUI_EXIT_AFTER_FIRST_FRAME, "
    "decision 6): it polled with two call_after_refresh hops (the app's, then the screen's), so the app quit "
    "a refresh or two after its first full frame; it now awaits the AwaitMount that switch_mode returns and "
    "quits after the screen's next refresh, as bench/minimal_app.py quits after its first. Tested: when it "
    "quits, the screen shows the quarter, an objective and a bar. Each B2/B3 run still checks its markers.",
    "55. **Measured and not kept: the mode screen's hidden widgets composed only when shown** (the filter "
    "Input, the plan tree): the run from App.run to the first frame took 134 and 160 ms of CPU (medians of 7, "
    "two rounds) with them and 150 and 153 ms without: no gain above the noise, for code that would have to "
    "mount them on first use.",
    "56. **B2 three ways, all of 51-54** (COLORTERM=truecolor, as the bench; 9 runs each; load 2.0-2.8): base "
    "1,043 ms, 1.82× the minimal app; this branch 730 ms (`python -m okrtui`), 1.27×, and 779 ms (the "
    "console script), 1.36×; minimal 575 ms. CPU: base 876 ms, 2.07×; branch 557 ms, 1.32× (script 606 ms, "
    "1.43×); minimal 423 ms. Without COLORTERM (11 runs, load 2.5-3.1): base 1,237 ms, 1.94×; branch "
    "794 ms, 1.25×; minimal 636 ms.",
    "57. **Not done (see 63 for what was): the plan list is rendered twice before the first frame** (Textual's OptionList): the "
    "compositor draws it when it is first laid out, then its first Resize message clears its render cache "
    "(OptionList._on_resize, unconditionally) and its focus, given by focus() a refresh later, restyles it: "
    "24 rows made into strips twice (~10 ms on the demo). Avoiding it needs a private patch (a Resize at "
    "an unchanged width keeping the cache) and the list focused at compose (Screen.AUTO_FOCUS); left out.",
    "58. **Done in 62: Textual's two stylesheet re-parses for a new mode screen** (App._init_mode and "
    "switch_mode call refresh_css while the new screen's private _css_update_count is -1; ~7 ms on the "
    "demo, redundant with the theme's own refresh that follows).",
    "59. **Each KR's newest check-in found in one pass** (LazyCheckins.last through storage/scopes.first_and_last_keys, the list scope's own scan): the "
    "first frame shows each KR's last check-in, and LazyCheckins.last parsed every instant of the KR's "
    "rows to find the newest (L: 15,600 datetime.fromisoformat calls, 1,200 max() with a key function; "
    "~36 ms of a profiled start). Where every instant is in one of okrtui's own UTC forms (all "
    "'…:00Z' or all '…:00.123456Z') the texts compare as the instants do, so one pass over the rows "
    "finds every KR's newest; any other file is ordered by parsed instants as before (tested against "
    "the parsing path over 800 random rows with ties, and for each fallback). Measured by the issue-21 "
    "lead after the three branches merged, when the full run showed B3 at L 1.47× (953 against 649 ms): "
    "`python -m bench --sizes S,L --only B3`, load 0.7-1.0, without this change 1.33× and 1.26× "
    "(934/703, 840/666 ms), with it 1.16×, 1.18× and 1.12× (698/602, 683/581, 703/627 ms). The demo's "
    "start, which B3 divides by, got faster with decisions 51-54, so B3 at L had to shed what grows with "
    "the file as well.",
    "60. **B2 across the full runs of the merged code** (the spread, so that no single run is read as "
    "the answer): 1.27× (07:25 UTC, before 59), 1.30× (07:33: 589 against 452 ms, 1.303, marked not met), "
    "1.18× (07:50, this file's run: 611 against 516 ms), and 1.24× in a partial run; loads 0.5-1.2. B2 "
    "is at the goal's edge, not past it with a margin: see the B2 gap's split in the issue note (spawn to "
    "first bar 373 ms against the minimal app's 214 ms; drawn to exit 230 against 244 ms, Textual's own "
    "exit) and the changes that would give the margin (decisions 57 and 58 as guarded patches, ~17 ms; "
    "the workspace's rows as plain objects, so that the app's start imports no pydantic model).",
    "61. **The start measure quits as a user does** (bench/terminal.py, bench/ui.py, bench/minimal_app.py; "
    "replaces the exit switch of 6 and 54, and OKRTUI_EXIT_AFTER_FIRST_FRAME is gone from the app): B2, B3 and "
    "B9 frame now type ctrl+q into the pty once the first screen shows its markers (the quarter and a bar; "
    "the minimal app's tenth row) and time spawn to exit. Why: Textual's exit joins its input thread, which "
    "polls the terminal with select(0.1) and, once told to stop, makes one more select(0.1) with nothing to "
    "read. An app that quits by itself therefore waits 200 ms less (time since that thread started, modulo "
    "100 ms): the exit cost depended on which 100 ms tick the first frame fell in, not on its length. "
    "Measured by perf_counter marks in the pty (medians of 9-11): the minimal app reached its exit call 53-66 "
    "ms after its driver started and waited 142-151 ms; okrtui's demo 113-126 ms and waited 174-193 ms; L "
    "124 ms. With 63 and 62 below the demo fell to 85-92 ms, below the tick, and the switch's numbers jumped: "
    "B2 1.31× to 1.13× (426 against 378 ms) while B3 at L rose from 1.16× to 1.41× (605 against 428 ms: L "
    "still in the second tick), for a change of ~15 ms. A typed key wakes the thread at once; the wait "
    "after it is the same for every app (~200 ms less the quit's own handling), so the ratios follow the "
    "work done. Same code, `--sizes S,L --only B2,B3`: B2 1.14× (522 against 456 ms), B3 at L 1.21× "
    "(641 against 531 ms). The first screen alone (spawn to the markers drawn, a pty reader typing the same key; "
    "medians of 11): minimal 181 ms, okrtui's demo 277 ms (1.53×; 293 ms, 1.62×, before 62-63), L 334 ms "
    "(1.25× the demo). The run still fails unless the markers are drawn: the key is typed only then.",
    "62. **Textual's stylesheet parsed once for the first mode** (ui/textual_compat.py `_reparse_on_change`, "
    "a guarded patch of Stylesheet.reparse): a re-parse whose sources and variables equal those of the last "
    "one is skipped; any change (another theme, a new screen's CSS, another value) parses as before, and a "
    "failed parse is never remembered (tests/ui/test_first_frame.py: counted parses, 3 -> 1 for the first "
    "mode, a theme change parses again and restyles). refresh_css for the first mode (demo, perf_counter "
    "around each call): 4.1 + 3.5 + 3.5 ms before, 4.2 + 0.9 + 0.8 ms after.",
    "63. **The footer rebuilt only when its keys change** (ui/widgets/keys_footer.py, on every screen and "
    "dialog): Textual's Footer removes and mounts one widget per key on each bindings signal (each focus "
    "change, each resume); a mode screen's dozen keys were built twice before the first frame, the second "
    "time identically. KeysFooter compares what Footer.compose reads (each binding, its key display, "
    "enabled state and tooltip, the palette key's settings) and skips a rebuild that would show the same "
    "(tests/ui/test_keys_footer.py: the same widgets after an unchanged refresh, a hidden key rebuilt away "
    "and back, one build before the demo's first frame). Demo, driver start to first bar drawn (medians of "
    "9): 88 -> 80 ms; to the exit call 110 -> 92 ms.",
    "64. **Each KR's rows grouped only when a history is asked for** (storage/lazy_checkins.py): a first "
    "frame asks each KR's newest check-in only, which one pass finds; the grouping of all rows by KR "
    "(156,000 at XL) is now made on the first `of`. Load and view at XL in fresh processes (medians of 6, "
    "alternated with the commit before): ~1,750 -> ~1,690 ms; tested against a validated load. And the "
    "spread of this round's four full runs (`python -m bench`, 08:55-09:36 UTC; runs 2 and 3 while the "
    "host was slowed, baselines about 1.7-2× run 1's, e.g. B1's at S 112 -> 267 ms): B1 at S 1.10×, "
    "0.97×, 1.00×, 0.93×; at L 1.10×, 1.01×, 1.14×, 0.97×; B2 1.17×, 1.13×, 1.08×, 1.07×; B3 at L "
    "1.19×, 1.23×, 1.19×, 1.21×; B4 at L 30.5, **60.9** (its baseline 57.6 ms: the goal is in ms, so "
    "it measures the host too), 42.1, 34.7 ms; B10 at L 1.24×, 1.12×, **1.35×**, 1.23×; B9 write "
    "9.97×, 10.19×, 9.18×, 7.78×; B9 frame 3.00×, 3.19×, 3.09×, 2.93×. This file is run 4. B10 is the "
    "goal at the edge now. What it spends over its baseline at L (perf_counter marks in one process, medians "
    "of 9): ~12 ms of imports beyond the baseline's (the models' fields: pydantic.types, annotated_types; "
    "okrtui's modules), the scoped decode 10.5 ms (the first/last scan of 15,600 check-ins ~4.5 ms, 1,200 "
    "KRs built, the digest), the view 6.6 ms, its document 2.4 ms and the output 2 ms; see B10_GAP in "
    "bench/decisions_list.py for what would close it.",
]
