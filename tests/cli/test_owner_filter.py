"""`okrtui list --owner NAME` and `okrtui report --owner NAME` (issue 20, levels): one person's part."""

from __future__ import annotations

import json


def test_list_owner_shows_their_objective_whole_and_their_kr_elsewhere(run, cli_demo):
    doc = json.loads(run("list", "--db", str(cli_demo), "--owner", "張志豪", "--json", check_exit=0).stdout)
    shown = {o["id"]: [k["id"] for k in o["key_results"]] for o in doc["objectives"]}
    assert shown == {2: [2], 5: [13, 14, 15]}
    person = next(o for o in doc["objectives"] if o["id"] == 5)
    assert (person["level"], person["parent_kr_id"], person["owner"]) == ("person", 2, "張志豪")
    assert doc["kpis"] == []  # KPIs are the teams', not a person's
    text = run("list", "--db", str(cli_demo), "--owner", "張志豪", check_exit=0).stdout
    assert "aligned to #2 在新市場完成3場產品展示會" in text and "#7 " not in text


def test_list_json_names_levels_and_the_roll_up(run, cli_demo):
    doc = json.loads(run("list", "--db", str(cli_demo), "--json", check_exit=0).stdout)
    by_id = {o["id"]: o for o in doc["objectives"]}
    assert by_id[1]["level"] == "company" and by_id[2]["parent_kr_id"] == 10
    ten = next(k for k in by_id[1]["key_results"] if k["id"] == 10)
    assert (ten["rolled_up"], ten["aligned"], ten["progress"]) == (True, [2], by_id[2]["progress"])


def test_an_unknown_owner_is_one_sentence_listing_the_owners(run, cli_demo):
    done = run("list", "--db", str(cli_demo), "--owner", "Nobody", check_exit=2)
    assert done.stdout == "" and len(done.stderr.strip().splitlines()) == 1
    assert "nobody called 'Nobody' owns" in done.stderr and "張志豪" in done.stderr
    assert run("report", "--db", str(cli_demo), "--owner", "Nobody", check_exit=2).stdout == ""


def test_report_owner_is_a_person_report(run, cli_demo):
    doc = json.loads(run("report", "--db", str(cli_demo), "--owner", "張志豪", "--format", "json", check_exit=0).stdout)
    assert doc["owner"] == "張志豪"
    assert [t["team"] for t in doc["teams"]] == ["業務"]
    assert [[k["id"] for k in o["key_results"]] for o in doc["teams"][0]["objectives"]] == [[2], [13, 14, 15]]
    assert doc["company"]["key_results"] == 4
    md = run("report", "--db", str(cli_demo), "--owner", "張志豪", check_exit=0).stdout
    assert "Owned by 張志豪" in md and "客服" not in md
