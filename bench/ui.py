"""The app measures: B2 and B3 (start → first screen drawn, in a pseudo-terminal), B3's peak
memory, B5 (keystroke → live bar redrawn in the check-in panel) and B6 (a check-in by another
process → shown in standup mode); B5 and B6 run in process with Textual's Pilot.

B2/B3 start the real console script (`okrtui --db DB`, plan mode) in a pseudo-terminal; once
the screen shows the quarter label and a progress bar, the terminal types ctrl+q and the time
runs to the process's exit (decision 61: a start, a look, a quit). The baseline of B2 is
bench/minimal_app.py, started and quit the same way once its table is drawn. An app that never
drew its markers is never sent the key and fails the run rather than being measured as fast.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path

from bench.harness import Context, Goal, Measure, Trial
from bench.terminal import run_in_terminal

HERE = Path(__file__).resolve().parent
COLS, ROWS = 120, 40


def _child_env(ctx: Context) -> dict[str, str]:
    """The app's environment: a terminal, and config/state folders of its own (so a user's
    config.toml or theme cannot change what is measured)."""
    home = ctx.workdir / "home"
    home.mkdir(exist_ok=True)
    return {
        **os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor",
        "XDG_CONFIG_HOME": str(home / "config"), "XDG_STATE_HOME": str(home / "state"),
        "XDG_DATA_HOME": str(home / "data"), "XDG_CACHE_HOME": str(home / "cache"),
    }


def _first_screen(argv: list[str], ctx: Context, markers: tuple[str, ...]):
    run = run_in_terminal(argv, _child_env(ctx), COLS, ROWS, quit_on=tuple(m.encode() for m in markers))
    shown = run.output.decode("utf-8", errors="replace")
    missing = [m for m in markers if m not in shown]
    if run.status != 0 or missing:
        raise RuntimeError(f"{' '.join(argv)}: exit {run.status}, first screen lacks {missing}:\n{shown[-800:]}")
    return run


def _okrtui_argv(db: Path) -> list[str]:
    from bench.measures import okrtui_script

    return [okrtui_script(), "--db", str(db)]


def _app_markers() -> tuple[str, ...]:
    from okrtui.domain.clock import system_clock
    from okrtui.domain.quarter import Quarter

    return (str(Quarter.current(system_clock().today())), "█")


def b2_first_screen(size: str, ctx: Context) -> Trial:
    db = ctx.working_copy(size)
    baseline_argv = [sys.executable, str(HERE / "minimal_app.py")]
    return Trial(
        lambda: _first_screen(_okrtui_argv(db), ctx, _app_markers()).seconds,
        lambda: _first_screen(baseline_argv, ctx, ("key result 10",)).seconds,
        note=f"{COLS}x{ROWS} pty",
    )


def b3_first_screen_large(size: str, ctx: Context) -> Trial:
    db, demo = ctx.working_copy(size), ctx.working_copy("S")
    return Trial(
        lambda: _first_screen(_okrtui_argv(db), ctx, _app_markers()).seconds,
        lambda: _first_screen(_okrtui_argv(demo), ctx, _app_markers()).seconds,
    )


def b3_memory(size: str, ctx: Context) -> Trial:
    db, demo = ctx.working_copy(size), ctx.working_copy("S")
    return Trial(
        lambda: _first_screen(_okrtui_argv(db), ctx, _app_markers()).max_rss_mb,
        lambda: _first_screen(_okrtui_argv(demo), ctx, _app_markers()).max_rss_mb,
    )


# ---- in process, with Pilot ---------------------------------------------------------


async def _painted(screen) -> float:
    """The moment `screen` has been repainted after everything queued so far."""
    done = asyncio.get_running_loop().create_future()
    screen.call_after_refresh(lambda: done.done() or done.set_result(time.perf_counter()))
    return await asyncio.wait_for(done, 10)


async def _until(condition, timeout: float = 15.0, step: float = 0.005) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise RuntimeError("timed out waiting for the app")
        await asyncio.sleep(step)


async def _keystrokes(db: Path, reps: int) -> list[float]:
    """Each key is posted the way a terminal's would be (the driver's message), not through
    Pilot.press, whose waits for idleness (tens of ms) would be measured too. The sample ends
    when the screen has been repainted after the live bar's Static was updated."""
    from textual import events
    from textual.widgets import Input, Static

    from okrtui.storage.repository import Repository
    from okrtui.ui.app import OkrApp
    from okrtui.ui.dialogs.checkin_panel import CheckinPanel

    app = OkrApp(Repository(db))
    samples: list[float] = []
    async with app.run_test(size=(COLS, ROWS)) as pilot:
        await pilot.press("2")
        await _until(lambda: app.current_mode == "update")
        await pilot.pause()
        await pilot.press("enter")
        await _until(lambda: isinstance(app.screen, CheckinPanel) and isinstance(app.focused, Input))
        panel = app.screen
        await _painted(panel)
        after = panel.query_one("#ci-after", Static)
        pending: list[asyncio.Future] = []
        update = after.update

        def timed_update(*args, **kwargs):  # the live bar's Static: when it changes, wait for the paint
            update(*args, **kwargs)
            if pending and not pending[-1].done():
                done = pending[-1]
                panel.call_after_refresh(lambda: done.done() or done.set_result(time.perf_counter()))

        after.update = timed_update  # type: ignore[method-assign]
        # Type digits, then take them back: each key changes the value, so each one re-scores and redraws.
        keys = (["1", "2", "3", "backspace", "backspace", "backspace"] * (reps // 6 + 2))[: reps + 2]
        for n, key in enumerate(keys):
            before = str(after.content)
            pending.append(asyncio.get_running_loop().create_future())
            start = time.perf_counter()
            app._driver.send_message(events.Key(key, key if len(key) == 1 else None))
            end = await asyncio.wait_for(pending[-1], 10)
            if str(after.content) == before:
                raise RuntimeError(f"B5: the live bar did not change after {key!r}")
            if n >= 2:  # the first two warm up
                samples.append(end - start)
            await pilot.pause()
    return samples


def b5_collect(size: str, ctx: Context, reps: int) -> list[float]:
    return asyncio.run(_keystrokes(ctx.working_copy(size), reps))


def _krs_on_page(app) -> list[int]:
    """KRs of the current quarter whose team is on the standup page shown (others are not visible)."""
    ws, teams, label = app.workspace, set(app.screen._page_teams), str(app.quarter)
    objectives = {o.id for o in ws.objectives if o.quarter == label and o.team in teams}
    krs = sorted(kr.id for kr in ws.key_results if kr.objective_id in objectives and kr.kind in ("increase", "decrease"))
    if not krs:
        raise RuntimeError(f"B6: no KR of the teams on the standup page ({sorted(teams)})")
    return krs


async def _other_process(db: Path, reps: int) -> list[float]:
    """From the moment another process's check-in is in the file (its mtime) to the standup
    screen painted with it (the app polls the file's stat every 0.5 s, then reloads and redraws)."""
    from textual.widgets import Static

    from bench.measures import okrtui_script
    from okrtui.storage.repository import Repository
    from okrtui.ui.app import OkrApp

    app = OkrApp(Repository(db))
    samples: list[float] = []
    async with app.run_test(size=(COLS, ROWS)) as pilot:
        await pilot.press("4")
        await _until(lambda: app.current_mode == "standup")
        await _painted(app.screen)
        on_page = _krs_on_page(app)
        krs = [on_page[(i * 7) % len(on_page)] for i in range(reps + 1)]
        since = app.screen.query_one("#standup-since")
        for n, kr in enumerate(krs):
            await asyncio.sleep(0.13 * (n % 4))  # check-ins land at different points of the poll cycle
            revision = app.workspace.meta.revision
            shown_before = (since.border_title, str(since.query_one(Static).content))
            process = await asyncio.create_subprocess_exec(
                # --force: any value (this measures the reload, not the value rules)
                okrtui_script(), "checkin", str(kr), str(500 + n), "--force", "--author", "bench", "--db", str(db),
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            )
            await _until(lambda: app.workspace.meta.revision > revision, timeout=20)
            await _painted(app.screen)  # reload() redrew in the same call as the revision changed
            visible = time.time()  # wall clock, like the file's mtime
            written = db.stat().st_mtime_ns / 1e9
            _out, err = await process.communicate()
            if process.returncode != 0:
                raise RuntimeError(f"B6: okrtui checkin exited {process.returncode}: {err.decode(errors='replace')}")
            if (since.border_title, str(since.query_one(Static).content)) == shown_before:
                raise RuntimeError("B6: the standup screen did not change after another process's check-in")
            if n:  # the first warms up
                samples.append(max(visible - written, 0.0))
    return samples


def b6_collect(size: str, ctx: Context, reps: int) -> list[float]:
    return asyncio.run(_other_process(ctx.working_copy(size), reps))


LOCK_HELD_SECONDS = 15.0  # B7: how long another process holds the lock (--quick: 8 s)
LOCK_HOLDER = """
import sys, time
from filelock import FileLock
lock = FileLock(sys.argv[1], thread_local=False)
lock.acquire()
print("held", flush=True)
time.sleep(float(sys.argv[2]))
lock.release()
"""


async def _keys_while_locked(db: Path, reps: int, hold: float) -> list[float]:
    """Another process holds the lock for `hold` s. In update mode a check-in is entered (it waits,
    pending, with the waiting line shown) and its panel closed with escape; then `down` and `up` in
    the list, each timed from the key posted (as the terminal's driver would) to the screen
    repainted with the cursor moved. Afterwards the check-in must be in the file with its value."""
    from textual import events

    from okrtui.storage.repository import Repository
    from okrtui.ui.app import OkrApp
    from okrtui.ui.dialogs.checkin_panel import CheckinPanel
    from okrtui.ui.widgets.update_list import UpdateList

    repo = Repository(db)
    app = OkrApp(repo, mode="update")
    samples: list[float] = []
    async with app.run_test(size=(COLS, ROWS)) as pilot:
        await _until(lambda: isinstance(app.screen.focused, UpdateList))
        await _painted(app.screen)
        holder = await asyncio.create_subprocess_exec(
            sys.executable, "-c", LOCK_HOLDER, str(repo.lock_path), str(hold), stdout=subprocess.PIPE)
        assert holder.stdout is not None
        if (await holder.stdout.readline()).strip() != b"held":
            raise RuntimeError("B7: the lock holder did not start")
        locked_at = time.monotonic()
        listing = app.screen.query_one(UpdateList)
        kr_id = listing.selected_kr
        await pilot.press("enter")
        await _until(lambda: isinstance(app.screen, CheckinPanel))
        await pilot.press(*"777", "enter")  # the value is selected on open: typing replaces it
        # the line shows ~0.3 s after the lock is found held; the bound is for a machine shared with test suites
        await _until(lambda: "held by another writer" in app.waiting_text, timeout=20)
        await pilot.press("escape")
        await _until(lambda: app.screen is listing.screen)
        keys = (["down", "up"] * (reps // 2 + 2))[: reps + 2]
        for n, key in enumerate(keys):
            before = listing.highlighted
            start = time.perf_counter()
            app._driver.send_message(events.Key(key, None))
            await _until(lambda: listing.highlighted != before, timeout=5, step=0)
            end = await _painted(app.screen)
            if n >= 2:
                samples.append(end - start)
            await asyncio.sleep(0.05)
            if not app.writes_pending or time.monotonic() - locked_at > hold - 0.5:
                raise RuntimeError("B7: the lock was not held through the keystrokes")
        await holder.wait()
        await _until(lambda: app.writes_pending == 0, timeout=hold + 10)
        if repo.load().key_result(kr_id).current != 777:
            raise RuntimeError("B7: the pending check-in was not saved with its value after the lock freed")
    return samples


def b7_collect(size: str, ctx: Context, reps: int) -> list[float]:
    return asyncio.run(_keys_while_locked(ctx.working_copy(size), reps, 8.0 if ctx.quick else LOCK_HELD_SECONDS))


UI_MEASURES: list[Measure] = [
    Measure(
        "B2", "start → first screen drawn → ctrl+q → exit (`okrtui --db DB` in a 120×40 pty)",
        "bench/minimal_app.py (Header, Footer, DataTable of 10 rows) started and quit the same way",
        ("S",), Goal("ratio", 1.3), b2_first_screen, reps={"S": 11},
    ),
    Measure(
        "B3", "start → first screen drawn, vs the same on the demo (S)",
        "okrtui on the demo, started the same way", ("M", "L", "Lu"), Goal("ratio", 1.4), b3_first_screen_large,
        goal_sizes=("L",), reps={"M": 7, "L": 9, "Lu": 3},
    ),
    Measure(
        "B3 mem", "peak memory of that start (ru_maxrss)", "okrtui on the demo",
        ("M", "L", "Lu"), Goal("max", 300), b3_memory, goal_sizes=("L",), reps={"M": 3, "L": 3, "Lu": 1}, unit="MB",
    ),
    Measure(
        "B9 frame", "start → first screen drawn at XL, vs the same on the demo (S)",
        "okrtui on the demo, started the same way", ("XL",), Goal("ratio", 2.5), b3_first_screen_large,
        reps={"XL": 5},
    ),
    Measure(
        "B9 mem", "peak memory of that start at XL (ru_maxrss)", "okrtui on the demo",
        ("XL",), Goal("max", 400), b3_memory, reps={"XL": 2}, unit="MB",
    ),
    Measure(
        "B5", "keystroke → live bar redrawn in the check-in panel (in process, Pilot)", "",
        ("S", "M", "L"), Goal("max", 50), None, goal_sizes=("L",), reps={"S": 30, "M": 30, "L": 40},
        collect=b5_collect, quick_reps=12,
    ),
    Measure(
        "B6", "another process's `okrtui checkin` → shown in standup mode (from the file's mtime)", "",
        ("S", "M", "L"), Goal("max", 1000), None, reps={"S": 20, "M": 20, "L": 20},
        stat="p95", collect=b6_collect, quick_reps=6,
    ),
    Measure(
        "B7", "keystroke → redraw while another process holds the lock for 15 s and a check-in waits (in process, Pilot)",
        "", ("S", "M", "L"), Goal("max", 100), None, reps={"S": 40, "M": 40, "L": 40},
        collect=b7_collect, quick_reps=12,
    ),
]


def ui_measures() -> tuple[list[Measure], list[tuple[str, str]]]:
    """(measures that can run, [(id, why not)] for any the app cannot support)."""
    try:
        from okrtui.ui import app  # noqa: F401  (the measures below start it)
    except Exception as error:  # the app is optional for the CLI-level measures
        reason = f"okrtui.ui.app cannot be imported ({type(error).__name__}: {error})"
        return [], [(m, reason) for m in ("B2", "B3", "B5", "B6", "B7")]
    return UI_MEASURES, []
