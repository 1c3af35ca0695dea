"""Reading many check-ins (JSON Lines or CSV) and planning them by the single check-in's rules."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from okrtui.domain.batch import plan_batch, read_batch
from okrtui.domain.models import KeyResult
from okrtui.domain.workspace import resolve_kr
from okrtui.storage.repository import Repository

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=timezone.utc)


def plan(workspace, text: str, author: str = "bot"):
    def last_at(kr_id):
        last = workspace.last_checkin(kr_id)
        return last.at if last else None

    return plan_batch(read_batch(text), resolve=lambda ref: resolve_kr(workspace, ref), last_checkin_at=last_at,
                      now=NOW, zone=timezone.utc, author=author)


@pytest.fixture
def workspace(demo_path):
    return Repository(demo_path).load()


def test_csv_and_json_lines_read_the_same_check_ins(workspace):
    csv_text = "kr;value;confidence;note;author;at\n7;1,2;6;新排班;王小明;2026-11-30T11:58\n回應時間;1.1;;;;\n"
    jsonl = ('{"kr": 7, "value": 1.2, "confidence": 6, "note": "新排班", "author": "王小明", "at": "2026-11-30T11:58"}\n'
             '\n{"kr": "回應時間", "value": "1.1"}\n')
    for text in (csv_text.replace(";", ",").replace("1,2", "1.2"), csv_text.replace("1,2", "1.2"), jsonl):
        result = plan(workspace, text)
        assert result.problems == []
        got = [(p.checkin.kr_id, p.checkin.value, p.checkin.confidence, p.checkin.note, p.checkin.author)
               for p in result.checkins]
        assert got == [(7, 1.2, 6, "新排班", "王小明"), (7, 1.1, None, "", "bot")]
        assert result.checkins[0].checkin.at == datetime(2026, 11, 30, 11, 58, tzinfo=timezone.utc)
        assert result.checkins[1].checkin.previous_value == 1.2  # chained within the batch
        assert result.key_results[7].current == 1.1


def test_the_value_rules_are_the_single_check_ins(workspace):
    lines = "\n".join([
        "kr,value,confidence",
        "7,1.2,11",                 # 2: confidence out of range
        "4,46000 次瀏覽/月,",       # 3: the KR's own unit: fine
        "4,46 %,",                  # 4: another unit
        "4,9999999,",               # 5: far out of range
        "nope,1,",                  # 6: no such KR
        ",1,",                      # 7: no KR
        "7,,",                      # 8: no value
        "1,1,2,3",                  # 9: more cells than columns
    ])
    result = plan(workspace, lines)
    assert [line for line, _p in result.problems] == [2, 4, 5, 6, 7, 8, 9]
    problems = dict(result.problems)
    assert "confidence must be from 0 to 10" in problems[2]
    assert "measured in 次瀏覽/月" in problems[4]
    assert "times as far from the start" in problems[5]
    assert "no key result matches 'nope'" in problems[6]


def test_a_line_dated_before_the_last_check_in_only_adds_history(workspace):
    kr: KeyResult = workspace.key_result(7)
    last = workspace.last_checkin(7).at
    old = (last - timedelta(days=3)).isoformat()
    result = plan(workspace, f'{{"kr": 7, "value": 3.0, "at": "{old}"}}\n')
    assert result.problems == [] and len(result.checkins) == 1
    assert 7 not in result.key_results  # the KR keeps its newer value
    assert kr.current == 1.6


def test_future_moments_bad_json_and_unknown_keys_are_named_by_line(workspace):
    text = ('{"kr": 7, "value": 1, "at": "2027-01-01T00:00"}\n'
            '{"kr": 7, "valeu": 1}\n'
            '[7, 1]\n'
            '{"kr": 7, "value": [1]}\n'
            '{"kr": 7, "value": 1, "note": "\\u001b[31m"}\n'
            '{"kr": 7, "value": 1, "at": "yesterday"}\n'
            '{"kr": 7,\n')
    result = plan(workspace, text)
    assert [line for line, _p in result.problems] == [1, 2, 3, 4, 5, 6, 7]
    problems = dict(result.problems)
    assert "in the future" in problems[1]
    assert "unknown column 'valeu'" in problems[2]
    assert "control character" in problems[5]
    assert "not a moment" in problems[6]
    assert result.checkins == [] or result.problems  # refused as a whole by the caller


def test_a_csv_header_must_name_kr_and_value(workspace):
    assert plan(workspace, "kr,confidence\n7,5\n").problems[0][0] == 1
    assert "unknown column 'valu'" in plan(workspace, "kr,valu\n7,5\n").problems[0][1]
    assert plan(workspace, "").problems == [(1, "the file is empty")]
    assert plan(workspace, "kr,value\n").problems == [(1, "there is no check-in in it")]


def test_a_milestone_takes_done_and_json_booleans(empty_repo):
    objective = empty_repo.add_objective(quarter="2026-Q4", title="Ship", team="Eng")
    empty_repo.add_key_result(objective.id, title="Launch", kind="milestone", target=1)
    workspace = empty_repo.load()
    result = plan(workspace, '{"kr": "Launch", "value": true}\n{"kr": "Launch", "value": "not done"}\n'
                             '{"kr": "Launch", "value": 2}\n')
    assert result.problems == [(3, "a milestone is 'done' (1) or 'not done' (0), not '2'")]
    result = plan(workspace, 'kr,value\nLaunch,done\n')
    assert result.problems == [] and result.key_results[1].current == 1.0
