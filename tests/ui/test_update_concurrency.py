"""Many people checking in at once: 8 real processes × 50 check-ins on one file while the app
is open on it in update mode. Every check-in lands, the file is valid at every read, and the
app ends up showing the final values."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest
from tests.ui.ui_helpers import DEMO_QUARTER, screen_text, wait_until

from okrtui.domain.numbers import format_number
from okrtui.storage.repository import Repository
from okrtui.ui.app import OkrApp

WRITERS = 8
EACH = 50

# Each writer waits for the start file, so that all 8 write at the same moment, then records its
# check-ins through Repository.record_checkin (what the panel and `okrtui checkin` call).
WRITER = """
import sys, time
from pathlib import Path
from okrtui.storage.repository import Repository
path, kr, start = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
repo = Repository(path)
while not start.exists():
    time.sleep(0.005)
for j in range({each}):
    repo.record_checkin(kr, 1000 * kr + j, author=f"writer-{{kr}}", note=f"{{j}}", force=True)  # values far out of range on purpose
""".format(each=EACH)


def final_value(kr: int) -> int:
    return 1000 * kr + EACH - 1


@pytest.mark.slow
async def test_eight_processes_check_in_while_the_app_is_open(demo_path):
    repo = Repository(demo_path)
    before = len(repo.load().checkins)
    app = OkrApp(repo, mode="update", quarter=DEMO_QUARTER)
    problems: list[str] = []
    original_notify = app.notify

    def notify(message, *args, **kwargs):  # a reload that met a bad file would say so here
        if kwargs.get("severity") == "error":
            problems.append(str(message))
        return original_notify(message, *args, **kwargs)

    app.notify = notify  # type: ignore[method-assign]
    start = demo_path.with_name("start")
    async with app.run_test(size=(120, 40)) as pilot:
        writers = [
            subprocess.Popen([sys.executable, "-c", WRITER, str(demo_path), str(kr), str(start)])
            for kr in range(1, WRITERS + 1)
        ]
        await pilot.pause(0.5)  # let them import
        started = time.monotonic()
        start.touch()
        reads = 0
        while any(w.poll() is None for w in writers):
            # Read the raw file as a reader process would: it must always be whole, valid JSON.
            json.loads(demo_path.read_bytes())
            reads += 1
            await pilot.pause(0.02)
        took = time.monotonic() - started
        assert [w.returncode for w in writers] == [0] * WRITERS
        ws = repo.load()
        assert len(ws.checkins) == before + WRITERS * EACH
        for kr in range(1, WRITERS + 1):
            mine = [c for c in ws.checkins if c.author == f"writer-{kr}"]
            assert [c.value for c in mine] == [1000 * kr + j for j in range(EACH)]  # all, in order
            assert ws.key_result(kr).current == final_value(kr)
        # The app noticed by itself (it polls the file) and shows every final value.
        await wait_until(pilot, lambda: all(
            any(f"{format_number(final_value(kr))} {sep}" in screen_text(app) for sep in ("→", "/")) for kr in range(1, WRITERS + 1)), timeout=3)
        assert problems == []
        assert reads > 10
        print(f"\n{WRITERS * EACH} check-ins by {WRITERS} processes in {took:.1f} s; {reads} reads, all valid")
