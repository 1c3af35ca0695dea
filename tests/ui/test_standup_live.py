"""The standup stays live and steady: a check-in from a real second process is on screen within
a second, and an hour of refreshes (compressed) grows neither widgets nor memory."""

from __future__ import annotations

import ctypes
import gc
import os
import statistics
import subprocess
import sys
import time
import tracemalloc

import pytest
from tests.ui.ui_helpers import DEMO_QUARTER, screen_text, wait_until

from okrtui.domain.numbers import format_number
from okrtui.ui.app import OkrApp

SAMPLES = 8
WARM_UP = 200
CYCLES = 2000
TRACED = 120
# Bounds, measured on the demo: after warm-up, live objects move by a few hundred either way and a
# traced window keeps under ~200 KiB. RSS is pymalloc's arenas, not what is alive: since check-ins are
# built on demand (each snapshot keeps its parsed file) it rises 2.3-4.4 MiB over these 2,000
# refreshes alone and 8.5 MiB once in CI beside another test worker, while 6,000 refreshes measured
# +2.3 MiB: it levels off rather than grows with the count. The RSS bound catches a gross leak
# (8 KiB kept per refresh); the live-object count and the traced window are the fine checks.
OBJECT_BOUND = 3_000
RSS_BOUND = 16 * 1024 * 1024
TRACED_BOUND = 256 * 1024



@pytest.mark.slow
async def test_a_checkin_from_another_process_is_on_screen_within_a_second(demo_repo):
    app = OkrApp(demo_repo, quarter=DEMO_QUARTER, mode="standup")
    latencies = []
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause(0.3)
        for i in range(SAMPLES):
            value = 44_100 + 37 * i
            done = subprocess.run(
                [sys.executable, "-m", "okrtui", "--db", str(demo_repo.path), "checkin", "4", str(value),
                 "--note", f"live {i}", "--author", "另一個終端"],
                capture_output=True, text=True, timeout=30,
            )
            assert done.returncode == 0, done.stderr
            # The write is on disk once the process has exited: from here the screen has 1 s.
            shown = f"{format_number(value)} → 50,000"
            latencies.append(await wait_until(pilot, lambda: shown in screen_text(app), timeout=1.0))
            await pilot.pause(0.05 * (i % 4))  # spread the samples over the poll interval
    latencies.sort()
    median = statistics.median(latencies)
    p95 = latencies[min(int(0.95 * len(latencies) + 0.5), len(latencies)) - 1]
    print(f"\ncross-process check-in → screen: median {median * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
          f"max {latencies[-1] * 1000:.0f} ms over {SAMPLES}")
    assert latencies[-1] < 1.0


def widget_count(app: OkrApp) -> int:
    return len(list(app.screen.walk_children()))


def rss_bytes() -> int:
    """Resident memory after the C allocator hands its free pages back (glibc's malloc_trim): what
    is left is what is held, not the high-water mark of freed parsing buffers."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: the bound below still holds, with more noise
        pass
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


@pytest.mark.slow
async def test_two_thousand_refreshes_grow_neither_widgets_nor_memory(demo_repo):
    """An hour compressed: 2,000 reloads and redraws (what another process's write causes), the
    page turning every 20th. Caches fill during a warm-up; after it, the widget count is exact,
    and live objects, RSS and (over a traced window) allocated memory stay within stated bounds."""
    app = OkrApp(demo_repo, quarter=DEMO_QUARTER, mode="standup", rotate=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        screen = app.screen

        async def cycle(i: int) -> None:
            app.reload()  # read the file, redraw in place
            if i % 20 == 0:
                await pilot.press("right")  # the pages turn, as --rotate does; the screen is painted

        for i in range(WARM_UP):
            await cycle(i)
        gc.collect()
        widgets, objects, rss = widget_count(app), len(gc.get_objects()), rss_bytes()
        started = time.monotonic()
        for i in range(CYCLES):
            await cycle(i)
        elapsed = time.monotonic() - started
        gc.collect()
        object_growth, rss_growth = len(gc.get_objects()) - objects, rss_bytes() - rss
        # Allocations still alive after a traced window (caches already full: churn, not growth).
        tracemalloc.start()
        for i in range(TRACED // 4):
            await cycle(i)
        gc.collect()
        traced_before = tracemalloc.get_traced_memory()[0]
        for i in range(TRACED):
            await cycle(i)
        gc.collect()
        traced_growth = tracemalloc.get_traced_memory()[0] - traced_before
        tracemalloc.stop()
        print(f"\n{CYCLES} refreshes in {elapsed:.1f} s: {widgets} widgets before, {widget_count(app)} after; "
              f"live objects {object_growth:+d}; RSS {rss_growth / 1024:+.0f} KiB; "
              f"traced growth over {TRACED} more: {traced_growth / 1024:+.0f} KiB")
        assert widget_count(app) == widgets
        assert object_growth < OBJECT_BOUND
        assert rss_growth < RSS_BOUND
        assert traced_growth < TRACED_BOUND
        assert "Needs attention" in screen_text(app) and screen.pages
