"""A CSV's level and alignment columns: `okrtui export --format csv` writes what `okrtui import`
reads back, and an import refuses a link as the objective form does, row by row."""

from __future__ import annotations

import csv
import io

from okrtui.storage.exchange_csv import plan_csv
from okrtui.storage.exchange_csv_export import csv_of
from okrtui.storage.repository import Repository

HEAD = "quarter,team,objective,level,aligned_team,aligned_objective,aligned_kr,kr,target,owner\n"


def cascade(ws) -> list[tuple]:
    def target(o) -> tuple | None:
        if o.parent_kr_id is not None:
            kr = ws.key_result(o.parent_kr_id)
            return ("#", ws.objective(kr.objective_id).title, kr.title)
        return ("O", ws.objective(o.parent_id).title) if o.parent_id is not None else None
    return sorted((o.quarter, o.team, o.title, o.level, target(o)) for o in ws.objectives)


def rejected(ws, text: str) -> list[str]:
    plan = plan_csv(ws, text)
    return [f"{r.where}: {r.reason}" for r in plan.rejected]


def test_export_then_import_into_an_empty_database_gives_the_same_rows_and_cascade(demo_repo, tmp_path):
    from okrtui.storage.exchange import import_file

    text = csv_of(demo_repo.load(), "2026-Q4")
    header = next(csv.reader(io.StringIO(text)))
    assert header[:7] == ["quarter", "team", "objective", "level", "aligned_team", "aligned_objective", "aligned_kr"]
    (tmp_path / "okrs.csv").write_text(text, encoding="utf-8")
    copy = Repository(tmp_path / "copy.json")
    import_file(copy, tmp_path / "okrs.csv")
    assert cascade(copy.load()) == cascade(demo_repo.load())
    assert csv_of(copy.load(), "2026-Q4") == text
    levels = [row[3] for row in csv.reader(io.StringIO(text))][1:]
    assert {"company", "team", "person"} == set(levels)


def test_a_link_to_an_objective_or_a_key_result_of_a_later_row_or_of_the_database(demo_repo):
    ws = demo_repo.load()
    text = HEAD + ("2026-Q4,研發,研發目標,team,,公司新目標,,,,\n"
                   "2026-Q4,公司,公司新目標,company,,,,新KR,10,周執行長\n"
                   "2026-Q4,研發,研發第二目標,,公司,成為客戶心中值得信賴的成長夥伴,年度營收成長20%,,,\n"
                   "2026-Q4,研發,研發第三目標,,,公司新目標,新KR,,,\n")
    plan = plan_csv(ws, text)
    assert plan.rejected == []
    keys = {key[2]: key for key, _o in plan.objectives}
    assert plan.links[keys["研發目標"]] == (keys["公司新目標"], None)
    assert plan.links[keys["研發第二目標"]] == (("2026-Q4", "公司", "成為客戶心中值得信賴的成長夥伴"), ("db", 10))
    assert plan.links[keys["研發第三目標"]] == (keys["公司新目標"], ("new", 0))


def test_the_forms_refusals_each_on_its_row(demo_repo):
    demo_repo.add_objective(quarter="2027-Q1", title="明年的目標", team="公司", level="company")
    ws = demo_repo.load()
    text = HEAD + (
        "2026-Q4,研發,A,team,,B,,,,\n"                              # line 2: A → B → A, a loop
        "2026-Q4,研發,B,team,,A,,,,\n"                              # line 3
        "2026-Q4,公司,C,company,業務,\"拓展新市場,提升公司收入來源\",,,,\n"  # line 4: a company's under a team's
        "2026-Q4,研發,D,,,明年的目標,,,,\n"                           # line 5: another quarter
        "2026-Q4,研發,E,,,成為客戶心中值得信賴的成長夥伴,沒有這個KR,,,\n"      # line 6: no such KR
        "2026-Q4,研發,F,,,沒有這個目標,,,,\n"                         # line 7: no such objective
        "2026-Q4,研發,G,person,,,,,,\n"                              # line 8: a person's without owner
        "2026-Q4,研發,H,boss,,,,,,\n"                                # line 9: no such level
        "2026-Q4,研發,I,,公司,,年度營收成長20%,,,\n")                    # line 10: a KR without its objective
    lines = rejected(ws, text)
    assert [int(line.split(":")[0].split()[1]) for line in lines] == list(range(2, 11))  # in the file's order
    assert "line 2: that alignment would make a loop: objective “B” already leads up to this objective" in lines
    assert any(line.startswith("line 4: ") and "a company objective aligns to its own level or a higher one" in line
               for line in lines)
    assert any(line.startswith("line 5: ") and "is in 2027-Q1 and this objective in 2026-Q4" in line for line in lines)
    assert "line 6: aligned_kr names no key result of '成為客戶心中值得信賴的成長夥伴'" in lines
    assert "line 7: aligned_objective names no objective of this file or of the database" in lines
    assert any(line.startswith("line 8: ") and "a person's objective needs its owner" in line for line in lines)
    assert any(line.startswith("line 9: ") and "level" in line for line in lines)
    assert "line 10: aligned_team and aligned_kr need the objective's title in aligned_objective" in lines


def test_a_title_two_teams_share_needs_aligned_team(demo_repo):
    demo_repo.add_objective(quarter="2026-Q4", title="同名", team="業務")
    demo_repo.add_objective(quarter="2026-Q4", title="同名", team="行銷")
    ws = demo_repo.load()
    assert rejected(ws, HEAD + "2026-Q4,研發,X,,,同名,,,,\n") == [
        "line 2: more than one objective of 2026-Q4 has the title in aligned_objective; name its team in aligned_team"]
    assert rejected(ws, HEAD + "2026-Q4,研發,X,,行銷,同名,,,,\n") == []


def test_a_cell_that_would_run_as_a_formula_is_quoted(demo_repo):
    demo_repo.add_objective(quarter="2026-Q4", title="=HYPERLINK(\"http://x\")", team="@研發", level="company")
    rows = list(csv.reader(io.StringIO(csv_of(demo_repo.load(), "2026-Q4"))))
    row = next(r for r in rows if "HYPERLINK" in r[2])
    assert (row[1], row[2]) == ("'@研發", "'=HYPERLINK(\"http://x\")")
