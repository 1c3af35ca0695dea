"""`okrtui due` (issue 19): who owes a check-in, by owner; exit 1 when someone does, 0 when nobody."""

from __future__ import annotations

import json


def test_due_on_the_demo_lists_the_stale_krs_owner_then_nobody_after_the_checkin(run, cli_demo):
    done = run("due", "--db", str(cli_demo))
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "林美玲 owes 1 check-in"
    assert lines[1] == "  #6 完成2場線上直播活動,且參與人數達500人 · 行銷 · overdue by 7 days (weekly; last check-in 14d ago)"
    assert lines[2].strip() == "okrtui checkin 6 VALUE --confidence N" and len(lines) == 3
    run("checkin", "6", "300", "--db", str(cli_demo), check_exit=0)
    after = run("due", "--db", str(cli_demo), check_exit=0)
    assert after.stdout.strip() == "Nobody owes a check-in."


def test_due_json_and_filters(run, cli_demo):
    data = json.loads(run("due", "--db", str(cli_demo), "--json", check_exit=1).stdout)
    [group] = data["owners"]
    [kr] = group["key_results"]
    assert group["owner"] == "林美玲"
    assert (kr["id"], kr["team"], kr["cadence"], kr["state"], kr["days_late"]) == (6, "行銷", "weekly", "overdue", 7)
    assert run("due", "--db", str(cli_demo), "--owner", "王小明", check_exit=0).stdout.strip() == "Nobody owes a check-in."
    assert run("due", "--db", str(cli_demo), "--team", "客服", check_exit=0).returncode == 0
    assert run("due", "--db", str(cli_demo), "--team", "行銷", check_exit=1).returncode == 1


def test_a_monthly_team_owes_nothing_after_14_days(run, cli_demo):
    run("config", "--db", str(cli_demo), "--team", "行銷", "--cadence", "monthly", check_exit=0)
    run("due", "--db", str(cli_demo), check_exit=0)


def test_an_unknown_team_is_one_sentence_and_exit_2(run, cli_demo):
    done = run("due", "--db", str(cli_demo), "--team", "X")
    assert done.returncode == 2 and done.stderr.startswith("okrtui: there is no team 'X'")
