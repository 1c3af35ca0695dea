"""`okrtui checkin --from FILE|-` and `--json` on checkin and kpi (issue 19 item 5), as a user runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys


def feed(cli_demo, *args: str, stdin: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "120", "OKRTUI_USER": "cron"}
    return subprocess.run([sys.executable, "-m", "okrtui", "checkin", "--db", str(cli_demo), *args], input=stdin,
                          capture_output=True, text=True, env=env, timeout=60)


def test_json_lines_from_standard_input_are_recorded_and_printed_as_json(cli_demo):
    done = feed(cli_demo, "--from", "-", "--json",
                stdin='{"kr": 7, "value": 1.2, "confidence": 6, "note": "新排班"}\n{"kr": "網站月流量", "value": 45000}\n')
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["dry_run"] is False
    assert [(c["line"], c["kr"], c["value"], c["note"], c["author"]) for c in out["checkins"]] == [
        (1, 7, 1.2, "新排班", "cron"), (2, 4, 45000.0, "", "cron")]
    assert {k["id"]: k["current"] for k in out["key_results"]} == {7: 1.2, 4: 45000.0}
    listed = json.loads(subprocess.run([sys.executable, "-m", "okrtui", "list", "--json", "--db", str(cli_demo)],
                                       capture_output=True, text=True).stdout)
    krs = {k["id"]: k for o in listed["objectives"] for k in o["key_results"]}
    assert krs[7]["current"] == 1.2 and krs[7]["confidence"] == 6


def test_a_csv_file_prints_each_key_result_and_the_count(cli_demo, tmp_path):
    path = tmp_path / "in.csv"
    path.write_text("kr,value,confidence,note,author,at\n7,1.3,,,王小明,\n7,1.2,7,\"a, b\",,\n", encoding="utf-8")
    done = feed(cli_demo, "--from", str(path), stdin="")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("#7 ") and "(1.6 → 1.2 小時, confidence 7/10)" in lines[0]
    assert lines[-1] == "Recorded 2 check-ins on 1 key result, in one write."


def test_a_bad_line_refuses_the_batch_names_its_line_and_writes_nothing(cli_demo, tmp_path):
    before = cli_demo.read_bytes()
    path = tmp_path / "in.jsonl"
    path.write_text('{"kr": 7, "value": 1.2}\n{"kr": 7, "value": "soon"}\n{"kr": "no such", "value": 1}\n',
                    encoding="utf-8")
    for extra in ((), ("--dry-run",)):
        done = feed(cli_demo, "--from", str(path), *extra, stdin="")
        assert done.returncode == 2
        assert done.stdout == ""
        assert done.stderr.splitlines() == [
            f"{path}, line 2: value must be a number, not 'soon'",
            f"{path}, line 3: no key result matches 'no such'",
            "okrtui: 2 lines are refused; nothing was recorded",
        ]
    assert cli_demo.read_bytes() == before


def test_dry_run_says_what_would_be_recorded(cli_demo):
    before = cli_demo.read_bytes()
    done = feed(cli_demo, "--from", "-", "--dry-run", stdin="kr,value\n7,1.2\n")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "Would record 1 check-in on 1 key result; nothing was written (--dry-run)."
    assert cli_demo.read_bytes() == before


def test_from_goes_without_kr_and_value(cli_demo, run):
    done = run("checkin", "7", "1", "--from", "-", "--db", str(cli_demo), check_exit=2)
    assert "--from reads the key results and values from the file" in done.stderr
    done = run("checkin", "--from", str(cli_demo.parent / "missing.csv"), "--db", str(cli_demo), check_exit=2)
    assert "there is no file" in done.stderr


def test_single_checkin_and_kpi_print_json(cli_demo, run):
    out = json.loads(run("checkin", "7", "1.2", "-c", "6", "--json", "--db", str(cli_demo), check_exit=0).stdout)
    assert out["checkins"][0]["kr"] == 7 and out["checkins"][0]["previous_value"] == 1.6
    kr = out["key_results"][0]
    assert (kr["id"], kr["current"], kr["confidence"], kr["status"]) == (7, 1.2, 6, "on_track")
    out = json.loads(run("kpi", "月營收", "130", "-n", "11月", "--json", "--db", str(cli_demo), check_exit=0).stdout)
    assert out["kpi"]["current"] == 130.0 and out["kpi"]["status"] == "hit"
    assert out["kpi"]["reading"]["value"] == 130.0 and out["kpi"]["reading"]["note"] == "11月"
