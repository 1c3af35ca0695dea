"""A closed quarter on the command line (issue 17 items 1, 5, 6, 7): final grades, read-only, and
the coach reading the archive. The demo quarter is closed in process, then the commands run as a
user runs them."""

from __future__ import annotations

import json

from okrtui.domain.grading import ClosingEntry
from okrtui.storage.closing import close_quarter
from okrtui.storage.repository import Repository


def close_demo(path, **decisions) -> None:
    """Close 2026-Q4: O1 公司 proposed 0.63, O2 業務 0.73, O3 行銷 0.55, O4 客服 0.63 (the demo's grades)."""
    repo = Repository(path)
    entries = [ClosingEntry(o.id, decisions.get(f"o{o.id}", "achieved"), retrospective="r", shortfall_reason="s",
                            coverage_answer="c") for o in repo.load().objectives_in("2026-Q4")]
    close_quarter(repo, "2026-Q4", entries)


def test_report_of_a_dropped_objective_shows_its_final_grade_and_the_decision(run, cli_demo):
    close_demo(cli_demo, o3="drop")
    md = run("report", "-q", "2026-Q4", "--db", str(cli_demo), check_exit=0).stdout
    assert "| 行銷 | 1 | 3 | 0.55 | 25 | 1 drop |" in md  # was "| 行銷 | 1 | 3 | 0.00 (red) |"
    data = json.loads(run("report", "-q", "2026-Q4", "--db", str(cli_demo), "--format", "json", check_exit=0).stdout)
    team = next(t for t in data["teams"] if t["team"] == "行銷")
    assert (team["score"], team["grade"], team["decisions"]) == (0.55, "yellow", {"drop": 1})


def test_list_of_a_closed_quarter_shows_closed_and_the_final_grades(run, cli_demo):
    close_demo(cli_demo)
    out = run("list", "-q", "2026-Q4", "--db", str(cli_demo), check_exit=0).stdout
    head, *rows = out.splitlines()
    assert head.startswith("2026-Q4 · closed · final grades") and "week" not in head
    o1 = next(r for r in rows if r.startswith("  O1 "))
    assert o1.endswith("0.63  ■ closed")  # was "67%  ● on track"
    assert "on track" not in out and "at risk" not in out
    data = json.loads(run("list", "-q", "2026-Q4", "--db", str(cli_demo), "--json", check_exit=0).stdout)
    assert data["closed"] is True
    assert {o["id"]: (o["status"], o["final_score"]) for o in data["objectives"]}[1] == ("closed", 0.63)


def test_checkin_on_a_closed_quarter_says_so_and_how_to_reopen(run, cli_demo):
    close_demo(cli_demo)
    done = run("checkin", "網站月流量", "46000", "--db", str(cli_demo))
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    assert "is in 2026-Q4, which is closed" in done.stderr and "okrtui close 2026-Q4 --reopen" in done.stderr
    assert "no key result matches" not in done.stderr
    # A typo is still a typo.
    typo = run("checkin", "no such thing", "1", "--db", str(cli_demo))
    assert typo.returncode == 2 and "no key result matches" in typo.stderr


def test_lint_of_a_closed_quarter_reads_the_archive(run, cli_demo):
    # 客服 (O4) reaches every KR, yet the close does not mark it achieved: the guide's warning.
    repo = Repository(cli_demo)
    for kr_id, value in ((7, 0.9), (8, 91), (9, 92)):
        repo.record_checkin(kr_id, value)
    close_demo(cli_demo, o4="carry_forward")
    done = run("lint", "-q", "2026-Q4", "--db", str(cli_demo), "--json")
    findings = json.loads(done.stdout)["findings"]
    assert [f["objective_id"] for f in findings if f["code"] == "krs-miss-objective"] == [4]
