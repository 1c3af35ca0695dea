"""`okrtui report` and `okrtui close` as a user runs them (subprocesses)."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, time, timezone

from okrtui.domain.views import view_quarter
from okrtui.domain.quarter import Quarter
from okrtui.storage.repository import Repository


def answer(*args: str, input_text: str):
    """The command with its prompts answered from standard input."""
    import os
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "okrtui", *args], input=input_text, capture_output=True, text=True,
                          env={**os.environ, "COLUMNS": "120"}, timeout=60)


def test_report_in_three_formats(run, cli_demo, tmp_path):
    md = run("report", "--db", str(cli_demo), check_exit=0).stdout
    assert md.startswith("# OKR report") and "## 行銷" in md
    out = tmp_path / "r.csv"
    done = run("report", "--db", str(cli_demo), "--format", "csv", "-o", str(out), check_exit=0)
    assert "wrote" in done.stderr
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0]["quarter"] and len([r for r in rows if r["kr_id"]]) == 15
    data = json.loads(run("report", "--db", str(cli_demo), "--format", "json", "--team", "業務", check_exit=0).stdout)
    ws = Repository(cli_demo).load()
    q = Quarter.parse(data["quarter"])
    view = view_quarter(ws, q, q.start, datetime.combine(q.start, time.min, tzinfo=timezone.utc))
    assert [t["team"] for t in data["teams"]] == ["業務"]
    assert data["teams"][0]["objectives"][0]["id"] == next(o.id for o in view.objectives if o.objective.team == "業務")


def test_report_bad_format_is_one_line(run, cli_demo):
    done = run("report", "--db", str(cli_demo), "--format", "xls")
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "Traceback" not in done.stderr


def test_close_on_the_command_line_then_report_and_reopen(run, cli_demo):
    ws = Repository(cli_demo).load()
    quarter = ws.objectives[0].quarter
    answers = ["y"]  # week 9 of 13: "There are 4 weeks left in 2026-Q4 — close it anyway?"
    for o in ws.objectives_in(quarter):  # O1 aspirational, then O4, O2 committed, O3 aspirational
        if o.id == 2:  # carry forward takes the unfinished KRs (the default: enter)
            answers += ["0.8", "signed late", "carry forward", "", "new market works", "two deals slipped"]
        elif o.id == 3:
            answers += ["", "5", "traffic campaign failed"]
        else:
            answers += ["", "achieved", "good"] + (["budget"] if o.commitment == "committed" else [])
    answers.append("y")
    done = answer("close", quarter, "--db", str(cli_demo), input_text="\n".join(answers) + "\n")
    assert done.returncode == 0, done.stderr
    assert "Closed " + quarter in done.stdout and "carried into" in done.stdout
    assert "There are 4 weeks left in 2026-Q4 — close it anyway?" in done.stdout
    assert "Key results to carry (ids; - for none; finished ones stay behind unless named) [#1 #2 #3]" in done.stdout
    assert "3 key results carried; they are pending until their first check-in" in done.stdout
    after = Repository(cli_demo).load(with_archive=True)
    assert after.objective(2).final_score == 0.8 and after.objective(2).score_reason == "signed late"
    assert after.objective(3).state == "dropped"
    data = json.loads(run("report", "--db", str(cli_demo), "-q", quarter, "--format", "json", check_exit=0).stdout)
    scores = {o["id"]: o["score"] for t in data["teams"] for o in t["objectives"]}
    assert scores[2] == 0.8 and data["closed"] is True
    # Read-only: a check-in on a closed quarter's KR is refused.
    assert run("checkin", "網站月流量", "45000", "--db", str(cli_demo)).returncode == 2
    assert run("close", quarter, "--db", str(cli_demo)).returncode == 2  # already closed
    reopened = answer("close", quarter, "--reopen", "--db", str(cli_demo), input_text="y\n")
    assert "Reopened" in reopened.stdout
    assert run("checkin", "網站月流量", "45000", "--db", str(cli_demo)).returncode == 0


def test_close_cancelled_writes_nothing(run, cli_demo):
    before = cli_demo.read_bytes()
    done = answer("close", Repository(cli_demo).load().objectives[0].quarter, "--db", str(cli_demo), input_text="")
    assert done.returncode == 2 and "cancelled" in done.stderr
    assert cli_demo.read_bytes() == before


def test_closing_early_can_be_declined(run, cli_demo):
    """Issue 17 item 5: week 9 of 13, closing asks first; no writes a thing."""
    before = cli_demo.read_bytes()
    done = answer("close", "2026-Q4", "--db", str(cli_demo), input_text="n\n")
    assert "There are 4 weeks left in 2026-Q4 — close it anyway?" in done.stdout
    assert done.returncode == 0 and "Nothing was changed." in done.stdout
    assert cli_demo.read_bytes() == before


def test_a_target_lowered_after_check_ins_is_listed_by_report_and_close(run, cli_demo):
    from tests.conftest import pinned_clock

    Repository(cli_demo, clock=pinned_clock(), author="王小明").update_key_result(4, target=48000)
    md = run("report", "--db", str(cli_demo), check_exit=0).stdout
    assert "- #4: target 50,000 → 48,000 on 2026-11-30 by 王小明" in md
    ws = Repository(cli_demo).load()
    answers = ["y"]
    for o in ws.objectives_in("2026-Q4"):
        answers += ["", "achieved", "good"] + (["budget"] if o.commitment == "committed" else [])
    answers.append("n")  # shown, then not closed
    done = answer("close", "2026-Q4", "--db", str(cli_demo), input_text="\n".join(answers) + "\n")
    lines = done.stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("   #4 "))
    assert lines[at + 1] == "      ⇄ target 50,000 → 48,000 on 2026-11-30 by 王小明"
    assert sum("⇄" in line for line in lines) == 1
    assert "Nothing was changed." in done.stdout
