"""The quick command line as a user runs it: real subprocesses, exit codes, stderr, and the file."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timedelta

import pytest

from tests.conftest import DEMO_NOW
from tests.ui.ui_helpers import DEMO_QUARTER


def test_demo_then_list_json_follows_the_contract(run, cli_demo):
    done = run("list", "--db", str(cli_demo), "--json", check_exit=0)
    doc = json.loads(done.stdout)
    assert doc["quarter"] == str(DEMO_QUARTER)
    assert set(doc) == {"quarter", "as_of", "expected", "closed", "objectives", "kpis"} and doc["closed"] is False
    teams = {o["team"]: o for o in doc["objectives"] if o["level"] == "team"}  # 業務 also has a person's
    assert {"業務", "行銷", "客服"} <= set(teams)
    assert teams["業務"]["title"] == "拓展新市場,提升公司收入來源"
    assert teams["行銷"]["title"] == "提升品牌知名度,吸引更多潛在用戶"
    assert teams["客服"]["title"] == "打造卓越的客戶服務體驗"
    krs = [k for t in ("業務", "行銷", "客服") for k in teams[t]["key_results"]]
    assert len(krs) == 9
    assert {k["kind"] for k in krs} >= {"increase", "decrease", "at_least"}
    statuses = {"pending", "on_track", "at_risk", "off_track", "done"}
    for objective in doc["objectives"]:
        assert 0 <= objective["progress"] <= 1 and objective["status"] in statuses
        for kr in objective["key_results"]:
            assert 0 <= kr["progress"] <= 1 and kr["status"] in statuses
            assert set(kr) == {"id", "title", "kind", "unit", "start", "target", "current", "weight",
                               "progress", "status", "confidence", "last_checkin", "initiatives", "aligned", "rolled_up"}
    # The response-time KR is a decrease from 4 h to 1 h, at 1.6 h: (4 - 1.6) / (4 - 1) = 0.8.
    response = next(k for k in krs if "回應時間" in k["title"])
    assert response["kind"] == "decrease" and response["progress"] == pytest.approx(0.8)
    # Satisfaction is at_least 90 at 87: not met, so 0 and off track.
    satisfaction = next(k for k in krs if "滿意度" in k["title"])
    assert satisfaction["progress"] == 0 and satisfaction["status"] == "off_track"
    assert {k["status"] for k in doc["kpis"]} >= {"hit", "miss"}
    assert 4 <= len(doc["kpis"]) <= 6


def test_checkin_by_title_fragment_records_and_prints_one_line(run, cli_demo):
    done = run("checkin", "回應時間", "0.8", "--confidence", "7", "--note", "新排班上線", "--db", str(cli_demo),
               check_exit=0)
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 1
    # (4 - 0.8) / (4 - 1) = 1.0667 → 107%, done
    assert "107%" in lines[0] and "done" in lines[0] and "平均客服回應時間" in lines[0]
    doc = json.loads(run("list", "--db", str(cli_demo), "--json", check_exit=0).stdout)
    kr = next(k for o in doc["objectives"] for k in o["key_results"] if "回應時間" in k["title"])
    assert kr["current"] == 0.8 and kr["confidence"] == 7 and kr["status"] == "done"
    data = json.loads(cli_demo.read_text(encoding="utf-8"))
    assert any(c["note"] == "新排班上線" and c["value"] == 0.8 for c in data["checkins"].values())


BAD_CHECKINS = [
    (["不存在的關鍵成果", "1"], "no key result matches"),
    (["新", "1"], "matches 3 key results"),
    (["999", "1"], "no key result has id 999"),
    (["回應時間", "abc"], "must be a number"),
    (["回應時間", "1", "--confidence", "11"], "0 to 10"),
    (["回應時間", "1", "--confidence", "-1"], "0 to 10"),
    (["回應時間", "1", "--note", "evil\x1b]0;pwned\x07"], "control character"),
    (["回應時間", "nan"], "finite"),
]


@pytest.mark.parametrize("args,words", BAD_CHECKINS, ids=[" ".join(a) for a, _w in BAD_CHECKINS])
def test_bad_checkin_exits_2_with_one_line_and_changes_nothing(run, cli_demo, args, words):
    before = cli_demo.read_bytes()
    done = run("checkin", *args, "--db", str(cli_demo))
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1 and words in done.stderr
    assert "Traceback" not in done.stderr
    assert cli_demo.read_bytes() == before


@pytest.mark.parametrize(
    "content,words",
    [
        (b"garbage{{", "not valid JSON"),
        (None, "not valid JSON"),  # truncated demo
        (b'{"menu": {"id": "file"}}', "not an okrtui database"),
    ],
    ids=["garbage", "truncated", "foreign"],
)
def test_unusable_database_exits_2_and_is_unchanged(run, cli_demo, content, words):
    if content is None:
        content = cli_demo.read_bytes()[:500]
    cli_demo.write_bytes(content)
    for args in (["list"], ["checkin", "1", "5"], ["lint"], ["kpi", "1", "5"]):
        done = run(*args, "--db", str(cli_demo))
        assert done.returncode == 2, args
        assert words in done.stderr and str(cli_demo) in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1
    assert cli_demo.read_bytes() == content


def test_missing_database_says_how_to_make_one(run, tmp_path):
    done = run("list", "--db", str(tmp_path / "none.json"))
    assert done.returncode == 2 and "okrtui demo" in done.stderr
    assert not (tmp_path / "none.json").exists()


def test_database_from_environment(run, cli_demo):
    done = run("list", "--json", env={"OKRTUI_DB": str(cli_demo)}, check_exit=0)
    assert len(json.loads(done.stdout)["objectives"]) == 5


def test_lint_passes_on_the_demo_and_fails_on_errors(run, cli_demo, tmp_path):
    done = run("lint", "--db", str(cli_demo), "--json", check_exit=0)
    findings = json.loads(done.stdout)["findings"]
    assert not [f for f in findings if f["level"] == "error"]
    # An objective without key results is an error: exit 1.
    from okrtui.storage.repository import Repository

    Repository(cli_demo).add_objective(quarter=str(DEMO_QUARTER), title="Be loved", team="業務")
    done = run("lint", "--db", str(cli_demo))
    assert done.returncode == 1
    assert "objective-no-krs" in done.stdout
    done = run("lint", "--db", str(cli_demo), "--json")
    assert done.returncode == 1
    codes = {f["code"] for f in json.loads(done.stdout)["findings"]}
    assert "objective-no-krs" in codes


def test_list_table_shows_bars_and_statuses(run, cli_demo):
    done = run("list", "--db", str(cli_demo), check_exit=0)
    out = done.stdout
    assert "拓展新市場" in out and "█" in out and "░" in out
    assert "on track" in out and "off track" in out
    assert "KPIs" in out and "月營收" in out


def test_list_as_of_replays_history(run, cli_demo):
    data = json.loads(cli_demo.read_text(encoding="utf-8"))
    first_day = min(c["at"] for c in data["checkins"].values())[:10]
    doc = json.loads(run("list", "--db", str(cli_demo), "--json", "--as-of", first_day, check_exit=0).stdout)
    krs = [k for o in doc["objectives"] for k in o["key_results"]]
    # On the first check-in day no KR can be further than its first reading: far below today's values.
    revenue = next(k for k in krs if "50萬" in k["title"])
    assert revenue["current"] == 0
    assert doc["as_of"] == first_day


def test_list_bad_options(run, cli_demo):
    done = run("list", "--db", str(cli_demo), "--quarter", "2026Q9")
    assert done.returncode == 2 and "not a quarter" in done.stderr
    done = run("list", "--db", str(cli_demo), "--as-of", "yesterday")
    assert done.returncode == 2 and "not a date" in done.stderr


def test_kpi_reading(run, cli_demo):
    done = run("kpi", "客訴率", "2.9", "--db", str(cli_demo), check_exit=0)
    assert "客訴率" in done.stdout and "hit" in done.stdout
    doc = json.loads(run("list", "--db", str(cli_demo), "--json", check_exit=0).stdout)
    kpi = next(k for k in doc["kpis"] if k["name"] == "客訴率")
    assert kpi["current"] == 2.9 and kpi["status"] == "hit"


def test_demo_refuses_to_overwrite(run, cli_demo):
    before = cli_demo.read_bytes()
    done = run("demo", "--db", str(cli_demo), "--no-open")
    assert done.returncode == 2 and "already exists" in done.stderr
    assert cli_demo.read_bytes() == before


def test_demo_is_moved_to_the_current_quarter_with_history_ending_now(cli_demo):
    # The subprocess's clock starts at OKRTUI_NOW (the demo's moment): the history ends 5 minutes before it.
    data = json.loads(cli_demo.read_text(encoding="utf-8"))
    assert {o["quarter"] for o in data["objectives"].values()} == {str(DEMO_QUARTER)}
    last = max(datetime.fromisoformat(c["at"]) for c in data["checkins"].values())
    assert timedelta(minutes=4) < DEMO_NOW - last <= timedelta(minutes=5)


def test_usage_errors_are_one_line(run):
    done = run("checkin")
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1 and "KR" in done.stderr


def test_quick_commands_do_not_import_textual(cli_demo):
    code = (
        "import sys\n"
        "from okrtui.cli.main import main\n"
        "for args in (['checkin', '1', '5'], ['list'], ['list', '--json'], ['lint'], ['kpi', '1', '100']):\n"
        "    try:\n"
        "        main(args + ['--db', sys.argv[1]])\n"
        "    except SystemExit as e:\n"
        "        assert e.code in (0, 1), (args, e.code)\n"
        "print('textual' in sys.modules, 'rich' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(cli_demo)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "False False"


def test_checkin_on_a_missing_database_creates_nothing(run, tmp_path):
    path = tmp_path / "none.json"
    done = run("checkin", "1", "5", "--db", str(path))
    assert done.returncode == 2 and "okrtui demo" in done.stderr
    assert not path.exists()


def test_the_app_and_the_server_run_with_the_garbage_collector_on(cli_demo, monkeypatch):
    """Quick commands pause the collector while they start; anything long-running must turn it back on:
    the server before it serves, the app once its first screen is drawn (still paused when it is
    started: tests/ui/test_virtual_list.py checks the app turns it on)."""
    import gc

    import okrtui.cli.serve
    import okrtui.ui.app
    from okrtui.cli.main import main

    seen = {}
    monkeypatch.setattr(okrtui.ui.app, "run_app", lambda *a, **k: seen.setdefault("app", gc.isenabled()))
    monkeypatch.setattr(okrtui.cli.serve, "serve_app", lambda *a, **k: seen.setdefault("serve", gc.isenabled()))
    for args in (["plan"], ["serve", "--port", "8999"]):
        try:
            main([*args, "--db", str(cli_demo)])
        except SystemExit as exit_:
            assert exit_.code in (0, None)
    assert seen == {"app": False, "serve": True}
    assert gc.isenabled()


def test_list_for_an_unknown_team_names_the_teams(run, cli_demo):
    done = run("list", "--team", "法務", "--db", str(cli_demo))
    assert done.returncode == 2
    assert "there is no team '法務'" in done.stderr and "業務" in done.stderr and "行銷" in done.stderr
