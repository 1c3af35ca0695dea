"""okrtui comment list/edit/delete and okrtui history list/correct/delete, as a user runs them:
ids listed, only one's own changed (a sentence otherwise, exit 2, the file untouched), each logged,
okrtui undo reverses it."""

from __future__ import annotations

import json

from okrtui.storage.repository import Repository

ME = {"OKRTUI_USER": "王小明"}
BOB = {"OKRTUI_USER": "bob"}


def test_comments_listed_with_ids_edited_and_deleted_by_their_author(run, cli_demo):
    db = ("--db", str(cli_demo))
    run("comment", *db, "1", "看起來不錯", env=ME, check_exit=0)
    run("comment", "O2", "hello", *db, env=ME, check_exit=0)  # --db after the arguments too
    listed = run("comment", "list", *db, check_exit=0).stdout.splitlines()
    assert len(listed) == 2
    assert listed[0].startswith("KR 1  [1] ") and listed[0].endswith("  王小明: 看起來不錯")
    assert listed[1].startswith("O2  [2] ") and listed[1].endswith("  王小明: hello")
    on_kr = json.loads(run("comment", "list", "1", "--json", *db, check_exit=0).stdout)
    assert [(c["id"], c["text"]) for c in on_kr] == [(1, "看起來不錯")]

    before = cli_demo.read_bytes()
    refused = run("comment", "edit", *db, "1", "bob's words", env=BOB)
    assert refused.returncode == 2 and refused.stderr == "okrtui: comment 1 is 王小明's; only its author can change it\n"
    assert run("comment", "delete", *db, "1", env=BOB).returncode == 2
    assert cli_demo.read_bytes() == before

    run("comment", "edit", *db, "1", "改過了", env=ME, check_exit=0)
    assert "王小明 (edited): 改過了" in run("comment", "list", "1", *db, check_exit=0).stdout
    run("comment", "delete", *db, "2", env=ME, check_exit=0)
    ws = Repository(cli_demo).load()
    assert [c.text for c in ws.comments] == ["改過了"]
    log = run("log", *db, check_exit=0).stdout
    assert "edited a comment  comment 1: text 看起來不錯 → 改過了" in log and "deleted a comment  − comment 2 “hello”" in log
    run("undo", *db, env=ME, check_exit=0)
    assert [c.text for c in Repository(cli_demo).load().comments] == ["改過了", "hello"]


def test_a_mistaken_check_in_corrected_then_deleted_and_undone(run, cli_demo):
    db = ("--db", str(cli_demo))
    run("checkin", *db, "1", "320", "--force", env=ME, check_exit=0)  # meant 32
    listed = json.loads(run("history", "1", "--json", *db, check_exit=0).stdout)
    mine = listed[-1]["id"]
    assert f"[{mine}] " in run("history", *db, "1", check_exit=0).stdout

    before = cli_demo.read_bytes()
    refused = run("history", "correct", *db, str(mine), "32", env=BOB)
    assert refused.returncode == 2 and "only they can correct or delete it" in refused.stderr
    assert cli_demo.read_bytes() == before

    done = run("history", "correct", *db, str(mine), "32", "-n", "typo", env=ME, check_exit=0)
    assert done.stdout.startswith(f"Check-in {mine} corrected: value 320 → 32")
    assert Repository(cli_demo).load().key_result(1).current == 32
    entry = json.loads(run("log", *db, "--kr", "1", "--json", check_exit=0).stdout)[-1]
    fix = next(r for r in entry["records"] if r["kind"] == "checkin")
    assert (entry["author"], fix["before"]["value"], fix["after"]["value"]) == ("王小明", 320.0, 32.0)

    run("history", "delete", *db, str(mine), env=ME, check_exit=0)
    ws = Repository(cli_demo).load()
    assert ws.key_result(1).current == 31 and mine not in [c.id for c in ws.checkins]
    run("undo", *db, env=ME, check_exit=0)
    ws = Repository(cli_demo).load()
    assert ws.key_result(1).current == 32 and next(c for c in ws.checkins if c.id == mine).note == "typo"
    run("undo", *db, "--kr", "1", env=ME, check_exit=0)  # the correction
    assert Repository(cli_demo).load().key_result(1).current == 320


def test_bad_fix_input_is_one_sentence(run, cli_demo):
    db = ("--db", str(cli_demo))
    before = cli_demo.read_bytes()
    for args in (("history", "correct", "999", "3"), ("history", "correct", "1"), ("comment", "edit", "9", "x"),
                 ("comment", "delete", "abc"), ("history", "delete", "999")):
        done = run(*args, *db, env=ME)
        assert done.returncode == 2 and done.stderr.count("\n") == 1 and done.stderr.startswith("okrtui: "), done
    assert cli_demo.read_bytes() == before
