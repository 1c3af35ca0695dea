"""8 writer processes × 100 mixed changes (check-ins and comments) on one file while a reader process
parses it every few ms; every change is logged exactly once."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from okrtui.storage.repository import Repository

WRITERS, PER_WRITER = 8, 100

WRITER = textwrap.dedent(
    """
    import sys
    from okrtui.storage.repository import Repository
    path, kr_id, who, count = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    repo = Repository(path, lock_timeout=120, author=who)
    for n in range(count):
        if n % 4 == 3:
            repo.add_comment("key_result", kr_id, f"{who}-{n}")
        else:
            repo.record_checkin(kr_id, n, note=f"{who}-{n}", author=who, force=True)
    """
)

READER = textwrap.dedent(
    """
    import json, sys, time
    path, stop = sys.argv[1], sys.argv[2]
    import os
    reads = bad = 0
    while not os.path.exists(stop):
        with open(path, 'rb') as f:
            data = f.read()
        try:
            json.loads(data)
        except ValueError:
            bad += 1
        reads += 1
        time.sleep(0.003)
    print(reads, bad)
    """
)


@pytest.mark.slow
def test_eight_writers_lose_nothing_while_a_reader_parses(demo_path, tmp_path):
    repo = Repository(demo_path)
    before = repo.load()
    kr_ids = [k.id for k in before.key_results][:WRITERS] + [before.key_results[0].id] * WRITERS
    stop = tmp_path / "stop"
    reader = subprocess.Popen([sys.executable, "-c", READER, str(demo_path), str(stop)], stdout=subprocess.PIPE, text=True)
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(demo_path), str(kr_ids[i]), f"w{i}", str(PER_WRITER)])
        for i in range(WRITERS)
    ]
    codes = [w.wait(timeout=300) for w in writers]
    stop.touch()
    out, _ = reader.communicate(timeout=30)
    reads, bad = map(int, out.split())
    assert codes == [0] * WRITERS
    assert reads >= 100, reads  # the reader really ran throughout
    assert bad == 0  # 0 unparseable reads
    after = repo.load()
    recorded = {c.note for c in after.checkins} | {c.text for c in after.comments}
    expected = {f"w{i}-{n}" for i in range(WRITERS) for n in range(PER_WRITER)}
    assert len(expected - recorded) == 0  # 0 lost
    comments = WRITERS * (PER_WRITER // 4)
    assert len(after.checkins) == len(before.checkins) + WRITERS * PER_WRITER - comments
    assert len(after.comments) == comments
    assert after.meta.revision == before.meta.revision + WRITERS * PER_WRITER
    # Every change logged exactly once, by its writer.
    logged = [(c.author, (r.after or {}).get("note") or (r.after or {}).get("text"))
              for c in after.changes for r in c.records if r.kind in ("checkin", "comment")]
    assert sorted(logged) == sorted((text.split("-")[0], text) for text in expected)
    assert len(after.changes) == len(before.changes) + WRITERS * PER_WRITER
