"""200 rounds of kill -9 on a writer at a random moment: every acknowledged check-in survives,
the file always opens, and a killed writer's lock never blocks the next one."""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import time

import pytest

from okrtui.storage.repository import Repository

ROUNDS = 200
SEED = 20261130


def _writer(path: str, round_no: int, conn) -> None:
    repo = Repository(path, lock_timeout=30)
    conn.send(None)  # ready: the random moment is measured from here, so machine load shifts nothing
    n = 0
    while True:
        note = f"r{round_no}-{n}"
        repo.record_checkin(1 + n % 9, n % 50, note=note, force=True)  # any value: this tests kills, not values
        conn.send(note)  # acknowledged only once record_checkin has returned
        n += 1


@pytest.mark.slow
def test_kill_nine_loses_no_acknowledged_checkin(demo_path):
    rng = random.Random(SEED)
    ctx = multiprocessing.get_context("fork")
    acknowledged: list[str] = []
    slowest_next_write = 0.0
    for round_no in range(ROUNDS):
        receiver, sender = ctx.Pipe(duplex=False)
        child = ctx.Process(target=_writer, args=(str(demo_path), round_no, sender))
        child.start()
        sender.close()
        assert receiver.poll(10), "the writer did not start"
        receiver.recv()
        time.sleep(rng.uniform(0.0, 0.04))
        os.kill(child.pid, signal.SIGKILL)
        child.join()
        while receiver.poll():
            try:
                acknowledged.append(receiver.recv())
            except EOFError:
                break
        receiver.close()
        # The file always opens, and the next writer is not blocked by the dead one's lock.
        started = time.monotonic()
        Repository(demo_path, lock_timeout=5).record_checkin(1, 1, note=f"after-{round_no}")
        slowest_next_write = max(slowest_next_write, time.monotonic() - started)
    workspace = Repository(demo_path).load()
    notes = {c.note for c in workspace.checkins}
    lost = [a for a in acknowledged if a not in notes]
    assert len(acknowledged) > ROUNDS / 10, f"too few writes landed to prove anything (seed {SEED})"
    assert lost == [], f"lost {len(lost)} of {len(acknowledged)} (seed {SEED})"
    assert all(f"after-{r}" in notes for r in range(ROUNDS))
    assert slowest_next_write < 3.0
    leftovers = [p.name for p in demo_path.parent.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []  # a killed writer's temporary file is swept by the next writer
