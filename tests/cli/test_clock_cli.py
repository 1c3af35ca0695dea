"""The command line's clock: OKRTUI_NOW and --now, the workspace's time zone, and "now" kept out of
past and future quarters. Subprocesses inherit OKRTUI_NOW (the demo's moment) from tests/conftest.
The demo is installed in process on a stopped clock (demo_path), so its history ends exactly five
minutes before the demo's moment and the ages below do not depend on how fast a process starts."""

from __future__ import annotations

import json
from datetime import datetime

import time_machine

from okrtui.cli.main import main
from okrtui.storage.repository import Repository


def list_json(run, db, *args, env=None) -> dict:
    return json.loads(run("list", "--db", str(db), "--json", *args, env=env, check_exit=0).stdout)


def test_okrtui_now_sets_the_quarter_week_pace_and_ages(run, demo_path):
    # The demo was dated to 2026-11-30 12:00 UTC; three days later is week 10 (day 64 of 92).
    later = run("list", "--db", str(demo_path), env={"OKRTUI_NOW": "2026-12-03T12:00+00:00"}, check_exit=0).stdout
    assert later.startswith("2026-Q4 · week 10 of 13 · expected 70% · as of 2026-12-03")
    assert "(3d ago)" in later and "(17d ago, stale)" in later  # the stale KR was quiet 14 days before
    now = run("list", "--db", str(demo_path), check_exit=0).stdout
    assert now.startswith("2026-Q4 · week 9 of 13 · expected 66% · as of 2026-11-30") and "(5m ago)" in now
    # --now (hidden, for bug reports) wins over the environment; --help does not offer it.
    doc = list_json(run, demo_path, env={"OKRTUI_NOW": "2026-12-03T12:00+00:00"})
    assert doc["as_of"] == "2026-12-03"
    doc = json.loads(run("--now", "2027-01-02T12:00+00:00", "list", "--db", str(demo_path), "--json", check_exit=0).stdout)
    assert (doc["quarter"], doc["as_of"], doc["objectives"]) == ("2027-Q1", "2027-01-02", [])
    assert "--now" not in run("--help", check_exit=0).stdout


def test_a_bad_starting_moment_is_one_sentence(run, demo_path):
    done = run("list", "--db", str(demo_path), env={"OKRTUI_NOW": "next tuesday"})
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.strip() == ("okrtui: the clock's starting moment (OKRTUI_NOW): 'next tuesday' is not a moment; "
                                   "write it like 2026-11-30T12:00")


def test_the_quarter_follows_the_workspace_zone_not_utc(run, demo_path):
    # 31 Dec 10:30 UTC is 1 Jan 00:30 in Kiritimati (UTC+14) and 31 Dec 00:30 in Adak (UTC-10).
    env = {"OKRTUI_NOW": "2026-12-31T10:30+00:00"}
    done = run("config", "--timezone", "Pacific/Kiritimati", "--db", str(demo_path), check_exit=0)
    assert "Pacific/Kiritimati" in done.stdout
    assert Repository(demo_path).load().meta.timezone == "Pacific/Kiritimati"
    assert list_json(run, demo_path, env=env)["quarter"] == "2027-Q1"
    run("config", "--timezone", "America/Adak", "--db", str(demo_path), check_exit=0)
    doc = list_json(run, demo_path, env=env)
    assert (doc["quarter"], doc["as_of"]) == ("2026-Q4", "2026-12-31")
    shown = run("config", "--db", str(demo_path), check_exit=0).stdout
    assert "workspace time zone: America/Adak" in shown
    assert json.loads(run("config", "--db", str(demo_path), "--json", check_exit=0).stdout)["workspace"] == {
        "timezone": "America/Adak"}
    before = demo_path.read_bytes()
    done = run("config", "--timezone", "Mars/Olympus", "--db", str(demo_path))
    assert done.returncode == 2 and "'Mars/Olympus' is not a time zone" in done.stderr
    assert demo_path.read_bytes() == before


def test_a_past_quarter_shows_its_own_kpi_values_and_no_pace_of_today(run, demo_path):
    # A reading in January does not change what 2026-Q4 ended with.
    run("--now", "2027-01-10T12:00+00:00", "kpi", "客訴率", "9", "--db", str(demo_path), check_exit=0)
    january = {k["name"]: k["current"] for k in list_json(run, demo_path, env={"OKRTUI_NOW": "2027-01-11T12:00+00:00"})["kpis"]}
    assert january["客訴率"] == 9
    q4 = list_json(run, demo_path, "--quarter", "2026-Q4", env={"OKRTUI_NOW": "2027-01-11T12:00+00:00"})
    assert q4["as_of"] == "2026-12-31" and q4["expected"] == 1
    assert {k["name"]: k["current"] for k in q4["kpis"]}["客訴率"] == 3.2


def test_imported_values_for_a_past_quarter_are_dated_at_its_end(run, tmp_path):
    db = tmp_path / "okr.json"
    csv = tmp_path / "plan.csv"
    csv.write_text("quarter,team,objective,kr,start,target,current\n"
                   "2026-Q3,Sales,Grow,Revenue,0,10,7\n2026-Q4,Sales,Grow more,Revenue,0,10,3\n", encoding="utf-8")
    run("config", "--db", str(db), check_exit=0)  # nothing created by merely looking
    assert not db.exists()
    run("import", str(csv), "--db", str(db), check_exit=0)
    ws = Repository(db).load()
    dates = {ws.objective(ws.key_result(c.kr_id).objective_id).quarter: c.at for c in ws.checkins}
    zone = ws.meta.timezone
    assert dates["2026-Q4"] < datetime.fromisoformat("2026-11-30T12:01+00:00")  # now, in its own quarter
    from okrtui.domain.clock import zone_named

    assert dates["2026-Q3"].astimezone(zone_named(zone)).strftime("%Y-%m-%d %H:%M") == "2026-09-30 23:59"


def _in_process(capsys, *args: str) -> str:
    try:
        main(list(args))
    except SystemExit as done:
        assert done.code == 0, capsys.readouterr().err
    return capsys.readouterr().out


def test_list_and_report_are_the_same_a_year_later_on_the_same_okrtui_now(capsys, demo_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")
    outputs = []
    for shift in (None, datetime(2027, 12, 2, 9, 0).astimezone()):
        if shift is None:
            outputs.append([_in_process(capsys, *args) for args in _COMMANDS(demo_path)])
            continue
        with time_machine.travel(shift, tick=True):
            assert datetime.now().year == 2027  # the real clock really moved
            outputs.append([_in_process(capsys, *args) for args in _COMMANDS(demo_path)])
    assert outputs[0] == outputs[1]
    assert "week 9 of 13" in outputs[0][0]


def _COMMANDS(db) -> list[tuple[str, ...]]:
    return [("list", "--db", str(db)), ("report", "--db", str(db)), ("report", "--db", str(db), "--format", "json"),
            ("list", "--db", str(db), "--json")]
