"""`okrtui import` (CSV and exports) and `okrtui export`: dry runs, rejected rows, round trips."""

from __future__ import annotations

import json

from okrtui.storage.repository import Repository

GOOD = """\ufeffquarter,team,objective,KR,kind,unit,start,target,current,owner
2026-Q4,Ops,Delight customers,Response time,decrease,h,4,1,2.5,Mei
2026-Q4,Ops,Delight customers,CSAT,at least,%,80,90,,Li
2026-Q4,Ops,Delight customers,Ship the FAQ,milestone,,,,done,Li
2026-Q4,行銷,提升品牌知名度,網站月流量,increase,"次瀏覽/月",38500,"50,000",44000,林美玲
"""

BAD = """quarter,team,objective,kr,kind,unit,start,target,current,owner
2026-Q4,Ops,Delight customers,Response time,decrease,h,4,1,2.5,Mei
2026-Q4,Ops,Delight customers,Flat,increase,,5,5,,Li
2026-Q9,Ops,Other,KR,increase,,0,1,,
2026-Q4,Ops,Delight customers,Response time,decrease,h,4,1,,Mei
2026-Q4,,No team,KR,increase,,0,1,,
2026-Q4,Ops,Delight customers,CSAT,sideways,%,80,90,,Li
2026-Q4,Ops,Delight customers,NPS,increase,,0,abc,,Li
"""


def test_a_valid_file(run, tmp_path):
    db, source = tmp_path / "okr.json", tmp_path / "okrs.csv"
    source.write_text(GOOD, encoding="utf-8")
    done = run("import", str(source), "--db", str(db), check_exit=0)
    assert "Created 2 objectives, 4 key results, 3 check-ins" in done.stdout
    ws = Repository(db).load()
    assert sorted(o.title for o in ws.objectives) == ["Delight customers", "提升品牌知名度"]
    ops = next(o for o in ws.objectives if o.team == "Ops")
    assert ops.owner == "Mei" and ops.quarter == "2026-Q4"
    krs = {k.title: k for k in ws.krs_of(ops.id)}
    assert (krs["Response time"].kind, krs["Response time"].current, krs["Response time"].unit) == ("decrease", 2.5, "h")
    assert (krs["CSAT"].kind, krs["CSAT"].current) == ("at_least", 80)  # no current: it starts at its start
    assert krs["Ship the FAQ"].current == 1
    traffic = ws.krs_in("2026-Q4", "行銷")[0]
    assert (traffic.target, traffic.current, traffic.unit) == (50000, 44000, "次瀏覽/月")
    assert [c.value for c in ws.checkins_of(traffic.id)] == [44000]
    # A second import of the same rows adds nothing and says why, by line.
    again = run("import", str(source), "--db", str(db))
    assert again.returncode == 2 and "line 2: 'Response time' is already a key result" in again.stderr
    assert len(Repository(db).load().key_results) == 4


def test_bad_rows_dry_run_lists_them_by_line_and_nothing_is_written(run, tmp_path):
    db, source = tmp_path / "okr.json", tmp_path / "bad.csv"
    source.write_text(BAD, encoding="utf-8")
    done = run("import", str(source), "--db", str(db), "--dry-run")
    assert done.returncode == 2  # rejected input is bad input, dry run or not (exit 1 is "found what it looks for")
    assert done.stderr.strip().splitlines() == ["okrtui: 6 rows are invalid; nothing was written (fix them, or use --skip-invalid)"]
    out = done.stdout
    assert "Would create 1 objective, 1 key result, 1 check-in and 0 KPIs." in out
    assert "line 3: target must differ from start" in out
    assert "line 4: '2026-Q9' is not a quarter" in out
    assert "line 5: 'Response time' is already a key result" in out
    assert "line 6: team must not be empty" in out
    assert "line 7: kind must be one of" in out
    assert "line 8: target must be a number, not 'abc'" in out
    assert not db.exists()
    refused = run("import", str(source), "--db", str(db))
    assert refused.returncode == 2 and "6 rows are invalid; nothing was written" in refused.stderr
    assert not db.exists()
    skipped = run("import", str(source), "--db", str(db), "--skip-invalid", check_exit=0)
    assert "Created 1 objective, 1 key result, 1 check-in and 0 KPIs." in skipped.stdout
    assert [k.title for k in Repository(db).load().key_results] == ["Response time"]


def test_file_problems_are_one_sentence(run, tmp_path):
    db = tmp_path / "okr.json"
    latin = tmp_path / "latin.csv"
    latin.write_bytes("quarter,team,objective\n2026-Q4,Équipe,Été\n".encode("latin-1"))
    done = run("import", str(latin), "--db", str(db))
    assert done.returncode == 2 and "not UTF-8" in done.stderr and "Traceback" not in done.stderr
    headless = tmp_path / "headless.csv"
    headless.write_text("2026-Q4,Ops,Delight\n", encoding="utf-8")
    done = run("import", str(headless), "--db", str(db))
    assert done.returncode == 2 and "missing: quarter, team, objective" in done.stderr
    other = tmp_path / "other.json"
    other.write_text('{"hello": 1}', encoding="utf-8")
    assert "not an okrtui export" in run("import", str(other), "--db", str(db)).stderr


def _content(ws):
    """Objectives, KRs, check-ins, KPIs and initiatives as their fields, ids replaced by positions."""
    objectives = sorted(ws.objectives, key=lambda o: (o.quarter, o.team, o.title))
    position = {o.id: i for i, o in enumerate(objectives)}
    krs = sorted(ws.key_results, key=lambda k: (position[k.objective_id], k.title))
    kr_pos = {k.id: i for i, k in enumerate(krs)}
    out_o = [{**o.model_dump(mode="json", exclude={"id"}),
              "parent_id": position.get(o.parent_id) if o.parent_id else None,
              "parent_kr_id": kr_pos.get(o.parent_kr_id) if o.parent_kr_id else None} for o in objectives]
    out_k = [{**k.model_dump(mode="json", exclude={"id"}), "objective_id": position[k.objective_id]} for k in krs]
    out_c = sorted(({**c.model_dump(mode="json", exclude={"id"}), "kr_id": kr_pos[c.kr_id]} for c in ws.checkins),
                   key=lambda c: (c["kr_id"], c["at"]))
    kpis = sorted((k.model_dump(mode="json", exclude={"id"}) for k in ws.kpis), key=lambda k: k["name"])
    out_i = sorted(({**i.model_dump(mode="json", exclude={"id"}), "kr_id": kr_pos[i.kr_id]} for i in ws.initiatives),
                   key=lambda i: (i["kr_id"], i["title"]))
    return out_o, out_k, out_c, kpis, out_i


def test_export_then_import_into_an_empty_database_round_trips(run, cli_demo, tmp_path):
    ws = Repository(cli_demo).load()
    Repository(cli_demo).delete_key_result(ws.key_results[0].id)  # ids with a gap must still map
    exported = tmp_path / "all.json"
    run("export", "--db", str(cli_demo), "-o", str(exported), check_exit=0)
    assert json.loads(exported.read_text(encoding="utf-8"))["app"] == "okrtui-export"
    target = tmp_path / "copy.json"
    done = run("import", str(exported), "--db", str(target), check_exit=0)
    # The demo's 5 objectives and 15 KRs, less the deleted #1 (and its 9 check-ins: 86 - 9 = 77).
    assert "Created 5 objectives, 14 key results, 77 check-ins" in done.stdout
    assert _content(Repository(target).load()) == _content(Repository(cli_demo).load())
    # The links to KRs follow the KRs to their new ids (#1 is gone, so the company's #10 is #9 there).
    copy = Repository(target).load()
    sales = next(o for o in copy.objectives if o.title == "拓展新市場,提升公司收入來源")
    assert copy.key_result(sales.parent_kr_id).title == "年度營收成長20%" and sales.parent_kr_id == 9
    # Importing it again: everything is already there, said once per objective (see the test below).
    again = run("import", str(exported), "--db", str(target), "--dry-run", check_exit=0)
    assert "objective 1: '" in again.stdout and "is already in" in again.stdout and "is not imported" not in again.stdout


def test_export_includes_archived_quarters_and_they_go_back_to_the_archive(run, demo_repo, tmp_path):
    from okrtui.domain.grading import ClosingEntry
    from okrtui.storage.closing import close_quarter

    ws = demo_repo.load()
    close_quarter(demo_repo, "2026-Q4", [ClosingEntry(o.id, "achieved", retrospective="r", shortfall_reason="s")
                                         for o in ws.objectives])
    exported = tmp_path / "all.json"
    run("export", "--db", str(demo_repo.path), "-o", str(exported), check_exit=0)
    target = tmp_path / "copy.json"
    run("import", str(exported), "--db", str(target), check_exit=0)
    copy = Repository(target)
    assert copy.load().meta.archived == ["2026-Q4"] and copy.load().objectives == []
    assert _content(copy.load(with_archive=True)) == _content(demo_repo.load(with_archive=True))
    # Again, even with --merge: the archived objectives are known to be there, and a closed quarter is not merged into.
    again = run("import", str(exported), "--db", str(target), "--merge", check_exit=0)
    assert again.stdout.startswith("Created 0 objectives, 0 key results, 0 check-ins and 0 KPIs.")
    assert copy.load().objectives == [] and _content(copy.load(with_archive=True)) == _content(demo_repo.load(with_archive=True))


def test_an_export_with_bad_records_rejects_them_and_what_hangs_on_them(demo_repo):
    """Each bad record is named with its reason; KRs and check-ins of a rejected parent go with it."""
    from okrtui.domain.workspace import Workspace
    from okrtui.storage.exchange_json import export_data, plan_export

    data = export_data(demo_repo)
    bad_objective = data["objectives"][1]
    bad_objective["title"] = ""  # invalid: its KRs and their check-ins cannot be imported
    dropped_krs = {k["id"] for k in data["key_results"] if k["objective_id"] == bad_objective["id"]}
    data["kpis"][0]["target"] = "high"
    plan = plan_export(Workspace(), data)
    reasons = {r.where: r.reason for r in plan.rejected}
    assert reasons[f"objective {bad_objective['id']}"] == "title must not be empty"
    assert all(f"key result {k}" in reasons for k in dropped_krs)
    assert all("is not imported" in reasons[f"key result {k}"] for k in dropped_krs)
    assert any(where.startswith("check-in") and "is not imported" in why for where, why in reasons.items())
    assert reasons[f"KPI {data['kpis'][0]['id']}"] == "target must be a number"
    assert len(plan.objectives) == len(data["objectives"]) - 1
    assert len(plan.key_results) == len(data["key_results"]) - len(dropped_krs)
    assert len(plan.kpis) == len(data["kpis"]) - 1
    # Importing the same export into the database it came from: every objective is already there.
    again = plan_export(demo_repo.load(), export_data(demo_repo))
    assert again.rejected == [] and again.objectives == [] and again.key_results == [] and again.checkins == []
    assert all("is already in" in r.reason for r in again.already_there if r.where.startswith("objective"))


SEMICOLONS = """quarter;team;objective;kr;kind;unit;start;target;current;owner
2026-Q4;Ops;Delight customers, every day;Response time;decrease;h;4;1;2;Mei
2026-Q4;Ops;Delight customers, every day;CSAT;at least;%;80;90;;Li
"""


def test_a_semicolon_or_tab_separated_file_imports(run, tmp_path):
    """Excel writes semicolons where the decimal mark is a comma; the header row says which it is."""
    for name, text in (("semi.csv", SEMICOLONS), ("tabs.csv", SEMICOLONS.replace(";", "\t"))):
        db, source = tmp_path / f"{name}.json", tmp_path / name
        source.write_text(text, encoding="utf-8-sig")
        done = run("import", str(source), "--db", str(db), check_exit=0)
        assert "Created 1 objective, 2 key results, 1 check-in and 0 KPIs." in done.stdout, name
        ws = Repository(db).load()
        assert [o.title for o in ws.objectives] == ["Delight customers, every day"]  # the comma stays in the title
        krs = {k.title: k for k in ws.key_results}
        assert (krs["Response time"].kind, krs["Response time"].current) == ("decrease", 2)
        assert (krs["CSAT"].kind, krs["CSAT"].target) == ("at_least", 90)


def test_an_export_into_the_database_it_came_from_says_so_once_per_objective(run, cli_demo, tmp_path):
    exported = tmp_path / "all.json"
    run("export", "--db", str(cli_demo), "-o", str(exported), check_exit=0)
    before = _content(Repository(cli_demo).load())
    done = run("import", str(exported), "--db", str(cli_demo), check_exit=0)
    lines = done.stdout.splitlines()
    assert lines[0] == "Created 0 objectives, 0 key results, 0 check-ins and 0 KPIs."
    assert "Rejected" not in done.stdout and "is not imported" not in done.stdout
    # One line for each of the demo's 5 objectives and 5 KPIs, saying what was skipped with it:
    # 行銷's objective has 3 KRs with 25 check-ins (the demo's history), none of it new.
    assert "Already there, skipped (10):" in lines
    assert sum("is already in 2026-Q4 for" in line for line in lines) == 5
    assert "  objective 3: '提升品牌知名度,吸引更多潛在用戶' is already in 2026-Q4 for 行銷; skipped with it: " \
           "3 key results, 25 check-ins" in lines
    assert _content(Repository(cli_demo).load()) == before  # nothing new: nothing added


def test_merge_adds_only_what_is_new(run, cli_demo, tmp_path):
    first = tmp_path / "first.json"
    run("export", "--db", str(cli_demo), "-o", str(first), check_exit=0)
    copy = tmp_path / "copy.json"
    run("import", str(first), "--db", str(copy), check_exit=0)
    # Meanwhile, in the original: a check-in on #4 (traffic), a new KR under 行銷's objective with one
    # check-in, and a KPI reading.
    repo = Repository(cli_demo)
    ws = repo.load()
    marketing = next(o for o in ws.objectives if o.team == "行銷")
    traffic = next(k for k in ws.krs_of(marketing.id) if "網站月流量" in k.title)
    repo.record_checkin(traffic.id, 46000, 7, note="new campaign")
    new_kr = repo.add_key_result(marketing.id, title="電子報訂閱數", kind="increase", start=0, target=1000, unit="人")
    repo.record_checkin(new_kr.id, 120)
    kpi = next(k for k in ws.kpis if k.name == "網站跳出率")
    repo.kpi_reading_by_reference(str(kpi.id), "49")
    second = tmp_path / "second.json"
    run("export", "--db", str(cli_demo), "-o", str(second), check_exit=0)

    plain = run("import", str(second), "--db", str(copy), "--dry-run", check_exit=0)
    assert "objective 3: '提升品牌知名度,吸引更多潛在用戶' is already in 2026-Q4 for 行銷; skipped with it: " \
           "4 key results, 27 check-ins (3 new: --merge adds them)" in plain.stdout
    assert "'網站跳出率' of 行銷 is already in the database; skipped (1 new reading: --merge adds it)" in plain.stdout

    merged = run("import", str(second), "--db", str(copy), "--merge", check_exit=0)
    assert merged.stdout.splitlines()[0] == \
        "Created 0 objectives, 1 key result, 2 check-ins and 0 KPIs (and 1 KPI reading)."
    assert "= O3 提升品牌知名度,吸引更多潛在用戶 (already there; gets 1 key result)" in merged.stdout
    assert _content(Repository(copy).load()) == _content(Repository(cli_demo).load())
    again = run("import", str(second), "--db", str(copy), "--merge", check_exit=0)
    assert again.stdout.splitlines()[0] == "Created 0 objectives, 0 key results, 0 check-ins and 0 KPIs."
    assert _content(Repository(copy).load()) == _content(Repository(cli_demo).load())


def test_a_cadence_column_sets_the_objective_cadence_and_a_bad_one_is_refused(run, tmp_path):
    db, source = tmp_path / "okr.json", tmp_path / "okrs.csv"
    source.write_text("quarter,team,objective,kr,start,target,cadence\n"
                      "2026-Q4,Ops,Delight customers,CSAT,80,90,Monthly\n"
                      "2026-Q4,Ops,Delight customers,NPS,10,40,\n"
                      "2026-Q4,行銷,提升品牌知名度,流量,0,10,\n", encoding="utf-8")
    run("import", str(source), "--db", str(db), check_exit=0)
    cadences = {o.team: o.cadence for o in Repository(db).load().objectives}
    assert cadences == {"Ops": "monthly", "行銷": None}  # empty: the team's
    source.write_text("quarter,team,objective,kr,start,target,cadence\n"
                      "2026-Q4,QA,Find bugs,Bugs,0,9,daily\n", encoding="utf-8")
    before = db.read_bytes()
    done = run("import", str(source), "--db", str(db))
    assert done.returncode == 2 and "line 2: check-in cadence must be one of: weekly, biweekly or monthly" in done.stderr
    assert db.read_bytes() == before


def test_a_source_kpi_column_links_the_kr_to_a_kpi_and_a_bad_one_is_refused(run, cli_demo, tmp_path):
    """Issue 19, point 4: `source_kpi` names a KPI (id or part of its name) that feeds the KR."""
    source = tmp_path / "okrs.csv"
    source.write_text("quarter,team,objective,kr,kind,unit,start,target,source_kpi\n"
                      "2026-Q4,客服,降低客訴,客訴率降到3%,decrease,%,3.6,3,客訴率\n"
                      "2026-Q4,客服,降低客訴,回應時間,decrease,小時,4,1,5\n"
                      "2026-Q4,客服,降低客訴,FAQ 上線,milestone,,,,\n", encoding="utf-8")
    run("import", str(source), "--db", str(cli_demo), check_exit=0)
    repo = Repository(cli_demo)
    ws = repo.load()
    kpi_ids = {k.name: k.id for k in ws.kpis}
    linked = {k.title: k.source_kpi_id for k in ws.key_results if k.title in ("客訴率降到3%", "回應時間", "FAQ 上線")}
    assert linked == {"客訴率降到3%": kpi_ids["客訴率"], "回應時間": kpi_ids["平均回應時間"], "FAQ 上線": None}
    fed = repo.kpi_reading_by_reference("客訴率", "3.1").fed
    assert [f.after.title for f in fed] == ["客訴率降到3%"]

    before = cli_demo.read_bytes()
    source.write_text("quarter,team,objective,kr,kind,start,target,source_kpi\n"
                      "2026-Q4,客服,另一個,A,increase,0,5,不存在的指標\n"
                      "2026-Q4,客服,另一個,B,milestone,,,客訴率\n", encoding="utf-8")
    done = run("import", str(source), "--db", str(cli_demo))
    assert done.returncode == 2
    assert "line 2: no KPI matches '不存在的指標'" in done.stderr
    assert "line 3: a milestone is done or not done; a KPI's readings cannot feed it" in done.stderr
    assert cli_demo.read_bytes() == before


def test_an_export_keeps_its_kr_links_renumbered_with_the_kpis(run, cli_demo, tmp_path):
    repo = Repository(cli_demo)
    repo.delete_kpi(1)  # K5 平均回應時間 no longer has the same id as in the demo's own numbering…
    exported, target = tmp_path / "all.json", tmp_path / "copy.json"
    run("export", "--db", str(cli_demo), "-o", str(exported), check_exit=0)
    assert {k["id"]: k["source_kpi_id"] for k in json.loads(exported.read_text(encoding="utf-8"))["key_results"]
            if k["source_kpi_id"]} == {7: 5}
    run("import", str(exported), "--db", str(target), check_exit=0)
    copy = Repository(target).load()
    # …in the copy, 4 KPIs numbered 1–4: the KR is fed by the same KPI under its new number.
    [fed] = [k for k in copy.key_results if k.source_kpi_id is not None]
    assert fed.title == "平均客服回應時間縮短至1小時以內"
    assert next(k for k in copy.kpis if k.id == fed.source_kpi_id).name == "平均回應時間"
    assert fed.source_kpi_id == 4


def test_export_as_csv_is_read_back_by_import_with_levels_and_alignment(run, cli_demo, tmp_path):
    out, copy = tmp_path / "q4.csv", tmp_path / "copy.json"
    run("export", "--db", str(cli_demo), "--format", "csv", "-q", "2026-Q4", "-o", str(out), check_exit=0)
    assert out.read_text(encoding="utf-8").startswith("quarter,team,objective,level,aligned_team,aligned_objective,")
    run("import", str(out), "--db", str(copy), check_exit=0)
    again = run("export", "--db", str(copy), "--format", "csv", "-q", "2026-Q4", check_exit=0).stdout
    assert again.replace("\r\n", "\n") == out.read_text(encoding="utf-8").replace("\r\n", "\n")
    person = next(o for o in Repository(copy).load().objectives if o.level == "person")
    assert Repository(copy).load().key_result(person.parent_kr_id).title == "在新市場完成3場產品展示會,並吸引200名潛在客戶"
