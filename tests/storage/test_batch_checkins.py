"""`Repository.record_batch`: many check-ins in one locked write, all or nothing (issue 19 item 5)."""

from __future__ import annotations

import json

import pytest

from okrtui.domain.batch import BatchRefused, read_batch
from okrtui.storage import store as store_module
from okrtui.storage.repository import Repository


def thousand_lines(workspace) -> str:
    krs = [k for k in workspace.key_results if k.kind == "increase"]
    lines = []
    for i in range(1000):
        kr = krs[i % len(krs)]
        value = kr.start + (kr.target - kr.start) * (i % 100) / 100
        lines.append(json.dumps({"kr": kr.id, "value": value, "confidence": i % 11, "note": f"n{i}"}))
    return "\n".join(lines) + "\n"


def test_a_thousand_lines_are_one_write_and_one_log_entry(demo_repo, clock, monkeypatch):
    demo_repo.clock = clock
    before = demo_repo.load()
    writes = []
    real = store_module.atomic_write
    monkeypatch.setattr(store_module, "atomic_write", lambda path, payload, **kw: (writes.append(path), real(path, payload, **kw)))
    plan = demo_repo.record_batch(read_batch(thousand_lines(before)), author="exporter")
    after = demo_repo.load()
    assert writes == [demo_repo.path]  # the file is replaced once
    assert after.meta.revision == before.meta.revision + 1
    assert len(after.checkins) == len(before.checkins) + 1000
    assert len(after.changes) == len(before.changes) + 1
    change = after.changes[-1]
    assert change.action == "checkin" and change.on_behalf_of == "exporter"
    assert sum(r.kind == "checkin" for r in change.records) == 1000
    assert len({c.id for c in after.checkins}) == len(after.checkins)
    assert sorted(p.checkin.id for p in plan.checkins) == [c.id for c in after.checkins[-1000:]]
    # each KR ends at the value of its last line
    kr = after.key_result(plan.checkins[-1].checkin.kr_id)
    assert kr.current == plan.checkins[-1].checkin.value
    assert after.checkins_of(kr.id)[-1].previous_value == after.checkins_of(kr.id)[-2].value


def test_one_bad_line_refuses_the_batch_and_writes_nothing(demo_repo):
    text = thousand_lines(demo_repo.load()).splitlines()
    text[736] = '{"kr": 7, "value": "fast"}'
    before = demo_repo.path.read_bytes()
    with pytest.raises(BatchRefused) as refused:
        demo_repo.record_batch(read_batch("\n".join(text)), author="x")
    assert refused.value.problems == [(737, "value must be a number, not 'fast'")]
    assert demo_repo.path.read_bytes() == before


def test_dry_run_plans_and_writes_nothing(demo_repo):
    before = demo_repo.path.read_bytes()
    plan = demo_repo.record_batch(read_batch("kr,value\n7,1.2\n4,45000\n"), dry_run=True)
    assert [(p.line, p.checkin.value) for p in plan.checkins] == [(2, 1.2), (3, 45000.0)]
    assert demo_repo.path.read_bytes() == before


def test_a_key_result_of_a_closed_quarter_is_refused_with_how_to_reopen(demo_path):
    from okrtui.domain.grading import ClosingEntry
    from okrtui.storage.closing import close_quarter

    repo = Repository(demo_path)
    close_quarter(repo, "2026-Q4", [ClosingEntry(o.id, "achieved", retrospective="r", shortfall_reason="s",
                                                 coverage_answer="c") for o in repo.load().objectives_in("2026-Q4")])
    with pytest.raises(BatchRefused) as refused:
        repo.record_batch(read_batch('{"kr": 7, "value": 1}\n'))
    assert "which is closed" in refused.value.problems[0][1] and "--reopen" in refused.value.problems[0][1]


def test_a_read_only_repository_refuses_the_batch(demo_path):
    from okrtui.storage.errors import ReadOnly

    before = demo_path.read_bytes()
    with pytest.raises(ReadOnly):
        Repository(demo_path, read_only=True).record_batch(read_batch('{"kr": 7, "value": 1}\n'))
    assert demo_path.read_bytes() == before
