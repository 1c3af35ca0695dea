"""Real processes writing one file at once: nothing lost, and the file is valid JSON at every read."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time

import pytest

from okrtui.storage.repository import Repository

WRITER = textwrap.dedent(
    """
    import sys
    from okrtui.storage.repository import Repository
    path, kr_id, who, count = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    repo = Repository(path, lock_timeout=60)
    for n in range(count):
        repo.record_checkin(kr_id, n, note=f"{who}-{n}", author=who)
    """
)


@pytest.mark.slow
def test_four_writers_lose_nothing_and_readers_never_see_a_broken_file(demo_path):
    repo = Repository(demo_path)
    before = repo.load()
    kr_ids = [k.id for k in before.key_results[:4]]
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(demo_path), str(kr_id), f"w{i}", "25"])
        for i, kr_id in enumerate(kr_ids)
    ]
    reads = broken = 0
    while any(w.poll() is None for w in writers):
        try:
            json.loads(demo_path.read_bytes())
        except json.JSONDecodeError:
            broken += 1
        reads += 1
        time.sleep(0.002)
    assert [w.returncode for w in writers] == [0, 0, 0, 0]
    assert reads > 10 and broken == 0
    after = repo.load()
    notes = {c.note for c in after.checkins}
    expected = {f"w{i}-{n}" for i in range(4) for n in range(25)}
    assert expected <= notes
    assert len(after.checkins) == len(before.checkins) + 100
    assert after.meta.revision == before.meta.revision + 100
    for kr_id in kr_ids:
        assert after.key_result(kr_id).current == 24  # each writer's last value
