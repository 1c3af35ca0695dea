"""`okrtui kpi` on a KPI that feeds a KR (the demo's K5 → #7): the KR's check-in is printed under the
reading, and --json gives it; the log names both."""

from __future__ import annotations

import json

from okrtui.storage.repository import Repository


def test_a_reading_prints_the_check_in_it_fed(run, cli_demo):
    done = run("kpi", "平均回應時間", "1.4", "--note", "夜班加人", "--db", str(cli_demo), check_exit=0,
               env={"OKRTUI_USER": "陳大同"})
    first, second = done.stdout.splitlines()[:2]
    assert first.startswith("K5 平均回應時間: 1.4 小時") and "✔ hit" in first
    # #7 runs 4 → 1 小時: at 1.4 it is (4 − 1.4) / 3 = 87% of the way.
    assert second.startswith("  ↳ #7 平均客服回應時間縮短至1小時以內") and " 87% " in second
    assert "(1.6 → 1.4 小時, confidence 8/10)" in second
    ws = Repository(cli_demo).load()
    fed = ws.last_checkin(7)
    assert (fed.value, fed.note, fed.author) == (1.4, "夜班加人", "陳大同")
    assert ws.kpis[4].readings[-1].author == "陳大同" and ws.kpis[4].readings[-1].at == fed.at

    doc = json.loads(run("kpi", "5", "1.3", "--json", "--db", str(cli_demo), check_exit=0).stdout)
    assert doc["kpi"]["current"] == 1.3
    assert [(c["kr"], c["value"], c["previous_value"]) for c in doc["checkins"]] == [(7, 1.3, 1.4)]
    assert [(k["id"], k["current"], k["progress"]) for k in doc["key_results"]] == [(7, 1.3, 0.9)]
    log = run("log", "--kpi", "5", "--db", str(cli_demo), check_exit=0).stdout.splitlines()
    assert len(log) == 2 and all("KR 7: current value" in line and "KPI 5:" in line for line in log)


def test_a_reading_of_a_kpi_that_feeds_nothing_prints_one_line(run, cli_demo):
    done = run("kpi", "客訴率", "2.9", "--db", str(cli_demo), check_exit=0)
    assert len(done.stdout.splitlines()) == 1 and "↳" not in done.stdout
