"""okrtui log, undo, redo and comment, as a user runs them (subprocesses)."""

from __future__ import annotations

import json

from okrtui.storage.repository import Repository
from tests.conftest import pinned_clock

ME = {"OKRTUI_USER": "王小明"}
COLLEAGUE = {"OKRTUI_USER": "bob"}


def test_an_edited_target_shows_in_the_log_with_who_when_before_and_after(run, cli_demo):
    Repository(cli_demo, clock=pinned_clock(), author="王小明").update_key_result(1, target=40)
    done = run("log", "--db", str(cli_demo), "--kr", "1", "--json", check_exit=0)
    (entry,) = json.loads(done.stdout)
    assert (entry["author"], entry["action"], entry["at"]) == ("王小明", "edit", "2026-11-30T12:00:00Z")
    assert entry["records"] == [{"kind": "key_result", "id": 1, "before": {"target": 50.0}, "after": {"target": 40.0}}]
    text = run("log", "--db", str(cli_demo), check_exit=0).stdout
    assert "王小明" in text and "target 50 → 40" in text


def test_log_filters_by_kr_author_and_day(run, cli_demo):
    run("checkin", "--db", str(cli_demo), "1", "32", env=ME, check_exit=0)
    run("checkin", "--db", str(cli_demo), "2", "120", env=COLLEAGUE, check_exit=0)
    by_kr = json.loads(run("log", "--db", str(cli_demo), "--kr", "2", "--json", check_exit=0).stdout)
    assert [(c["author"], c["record_id"]) for c in by_kr] == [("bob", 2)]
    mine = json.loads(run("log", "--db", str(cli_demo), "--author", "王小明", "--json", check_exit=0).stdout)
    assert [c["record_id"] for c in mine] == [1]
    assert json.loads(run("log", "--db", str(cli_demo), "--since", "2026-12-01", "--json", check_exit=0).stdout) == []
    assert len(json.loads(run("log", "--db", str(cli_demo), "--since", "2026-11-30", "--json", check_exit=0).stdout)) == 2


def test_bad_log_input_is_one_sentence_and_exit_2(run, cli_demo):
    before = cli_demo.read_bytes()
    for args in (("--since", "2026-13-01"), ("--kr", "1", "--kpi", "1"), ("--objective", "99")):
        done = run("log", "--db", str(cli_demo), *args)
        assert done.returncode == 2 and done.stderr.count("\n") == 1 and done.stderr.startswith("okrtui: ")
    assert cli_demo.read_bytes() == before


def test_undo_and_redo_of_a_check_in_across_commands(run, cli_demo):
    count = len(Repository(cli_demo).load().checkins_of(1))
    run("checkin", "--db", str(cli_demo), "1", "32", env=ME, check_exit=0)
    assert Repository(cli_demo).load().key_result(1).current == 32
    run("undo", "--db", str(cli_demo), env=ME, check_exit=0)
    ws = Repository(cli_demo).load()
    assert ws.key_result(1).current == 31 and len(ws.checkins_of(1)) == count
    run("redo", "--db", str(cli_demo), env=ME, check_exit=0)
    assert Repository(cli_demo).load().key_result(1).current == 32


def test_undo_never_touches_a_colleagues_change(run, cli_demo):
    run("checkin", "--db", str(cli_demo), "1", "32", env=COLLEAGUE, check_exit=0)
    done = run("undo", "--db", str(cli_demo), env=ME)
    assert done.returncode == 2 and "no change of yours" in done.stderr
    assert Repository(cli_demo).load().key_result(1).current == 32


def test_undo_refuses_naming_who_when_the_fields_changed_since(run, cli_demo):
    run("checkin", "--db", str(cli_demo), "1", "32", env=ME, check_exit=0)
    run("checkin", "--db", str(cli_demo), "1", "35", env=COLLEAGUE, check_exit=0)
    before = cli_demo.read_bytes()
    done = run("undo", "--db", str(cli_demo), env=ME)
    assert done.returncode == 2
    assert "bob changed those fields since, on 2026-11-30" in done.stderr
    assert cli_demo.read_bytes() == before


def test_comment_on_a_kr_and_an_objective_is_recorded(run, cli_demo):
    run("comment", "--db", str(cli_demo), "1", "看起來不錯", env=ME, check_exit=0)
    run("comment", "--db", str(cli_demo), "O2", "[b]bold?[/b]", env=ME, check_exit=0)
    ws = Repository(cli_demo).load()
    assert [(c.target_kind, c.target_id, c.author, c.text) for c in ws.comments] == [
        ("key_result", 1, "王小明", "看起來不錯"), ("objective", 2, "王小明", "[b]bold?[/b]")]
    assert [c.action for c in ws.changes] == ["comment", "comment"]
    done = run("comment", "--db", str(cli_demo), "1", "bad \x1b[31m", env=ME)
    assert done.returncode == 2 and len(Repository(cli_demo).load().comments) == 2
