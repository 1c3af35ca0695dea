"""Initiatives through import (issue 20): an export's initiatives come back under the same KRs
(the round trip is in test_import.py, whose _content compares them), and a CSV `task` column."""

from __future__ import annotations

from okrtui.domain.workspace import Workspace
from okrtui.storage.exchange import describe, import_file
from okrtui.storage.exchange_json import export_data, plan_export
from okrtui.storage.repository import Repository
from tests.cli.test_import import _content

TASKS = """quarter,team,objective,kr,kind,start,target,owner,task,task owner,task status,task due
2026-Q4,Ops,Delight customers,Response time,decrease,4,1,Mei,Night shift rota,Mei,doing,W50
2026-Q4,Ops,Delight customers,Response time,,,,,FAQ templates,,done,
2026-Q4,Ops,Delight customers,CSAT,at least,80,90,Li,,,,
2026-Q4,Ops,Delight customers,CSAT,,,,,Survey every two weeks,Li,,2026-12-14
"""


def test_export_import_round_trip_keeps_initiatives(demo_repo, tmp_path):
    demo_repo.add_initiative(2, "第三場展示會場地", owner="張志豪", due="2026-W51")
    data = export_data(demo_repo)
    assert len(data["initiatives"]) == 8
    copy = Repository(tmp_path / "copy.json")
    copy.create()
    source = tmp_path / "all.json"
    import json

    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    plan = import_file(copy, source)
    assert "(and 8 initiatives)" in describe(plan, done=True)[0]
    assert _content(copy.load()) == _content(demo_repo.load())
    moved = copy.load()
    kr = next(k for k in moved.key_results if k.title.startswith("在新市場"))
    assert [(i.title, i.owner, i.due) for i in moved.initiatives_of(kr.id)] == [("第三場展示會場地", "張志豪", "2026-W51")]


def test_an_export_merged_into_its_own_database_adds_only_new_initiatives(demo_repo):
    data = export_data(demo_repo)
    data["initiatives"].append({"id": 99, "kr_id": 5, "title": "短影音每週兩支", "owner": "", "status": "todo",
                                "due": None, "status_at": None})
    data["initiatives"].append({"id": 98, "kr_id": 5, "title": "", "status": "todo"})  # invalid: no title
    plan = plan_export(demo_repo.load(), data, merge=True)
    assert [(ref, i.title) for ref, i in plan.initiatives] == [(("db", 5), "短影音每週兩支")]
    assert [(r.where, r.reason) for r in plan.rejected] == [("initiative 98", "title must not be empty")]
    # Without --merge the objectives are skipped with everything under them: nothing refused.
    assert plan_export(demo_repo.load(), export_data(demo_repo)).rejected == []
    assert plan_export(Workspace(), {**data, "initiatives": [{"id": 1, "kr_id": 77, "title": "x"}]}).rejected[-1].reason \
        == "its key result 77 is not imported"


def test_csv_task_column_adds_initiatives_under_the_rows_kr(empty_repo, tmp_path):
    source = tmp_path / "okrs.csv"
    source.write_text(TASKS, encoding="utf-8")
    plan = import_file(empty_repo, source)
    assert describe(plan, done=True)[0] == "Created 1 objective, 2 key results, 0 check-ins and 0 KPIs (and 3 initiatives)."
    ws = empty_repo.load()
    krs = {k.title: k for k in ws.key_results}
    assert [(i.title, i.owner, i.status, i.due) for i in ws.initiatives_of(krs["Response time"].id)] == [
        ("Night shift rota", "Mei", "doing", "2026-W50"), ("FAQ templates", "", "done", None)]
    assert [(i.title, i.due) for i in ws.initiatives_of(krs["CSAT"].id)] == [("Survey every two weeks", "2026-W51")]
    # Again, with --merge: the KRs and the tasks are there already; nothing is doubled.
    again = import_file(empty_repo, source, merge=True)
    assert again.initiatives == [] and again.key_results == []
    assert sum("is already a task of" in r.reason for r in again.already_there) == 3
    # A task row for a KR already in the database, without --merge, adds just the task.
    extra = tmp_path / "more.csv"
    extra.write_text("quarter,team,objective,kr,task\n2026-Q4,Ops,Delight customers,CSAT,Call ten detractors\n",
                     encoding="utf-8")
    import_file(empty_repo, extra)
    assert [i.title for i in empty_repo.load().initiatives_of(krs["CSAT"].id)][-1] == "Call ten detractors"


def test_csv_bad_tasks_are_refused_by_line(empty_repo, tmp_path):
    from okrtui.storage.exchange import read_plan

    source = tmp_path / "bad.csv"
    source.write_text("quarter,team,objective,kr,target,task,task status,task due\n"
                      "2026-Q4,Ops,Delight,,,Orphan task,,\n"
                      "2026-Q4,Ops,Delight,NPS,50,Survey,finished,\n"
                      "2026-Q4,Ops,Delight,CSAT,90,Survey,,someday\n"
                      "2026-Q4,Ops,Delight,Churn,5,,doing,\n", encoding="utf-8")
    plan = read_plan(empty_repo.load(), source)
    reasons = {r.where: r.reason for r in plan.rejected}
    assert reasons == {
        "line 2": "a task belongs to a key result: give its title in the kr column",
        "line 3": "status must be one of: todo, doing, done",
        "line 4": "'someday' is not a week; write it like 2026-W50, W50 or a day such as 2026-12-11",
        "line 5": "task owner, status and due need a task title in the task column",
    }
    assert plan.key_results == [] and plan.initiatives == []
