"""An objective's level and its link to a key result in the plan text: written, read back, and
applied with the objective form's refusals (domain/alignment), each on its line, nothing written."""

from __future__ import annotations

import pytest

from okrtui.domain.plan_changes import plan_of
from okrtui.domain.plan_text import PlanError
from okrtui.domain.plan_text_parse import parse_plan
from okrtui.domain.plan_text_render import render_plan

SALES_LINE = "team: 業務 · owner: 王小明 · committed · level: team · aligned: #10 年度營收成長20%"


def _text(repo, team=None) -> str:
    return render_plan(plan_of(repo.load(), "2026-Q4", team))


def _line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.split("\n"), 1) if needle in line)


def refused(repo, text: str) -> PlanError:
    before = repo.path.read_bytes()
    with pytest.raises(PlanError) as caught:
        repo.apply_plan(parse_plan(text))
    assert repo.path.read_bytes() == before
    return caught.value


def test_level_and_alignment_read_back_as_written_also_in_zh_tw_words():
    plan = parse_plan("# 2026-Q4\n\n## A\n團隊：業務 · 負責人：王小明 · 層級：個人 · 對齊：#7 營收\n\n"
                      "## B\nteam: 業務 · level: company · aligned: # 營收成長\n\n## C\nteam: 業務\n")
    a, b, c = plan.objectives
    assert (a.level, a.parent_kr_tag, a.parent_kr_title, a.parent_tag) == ("person", 7, "營收", None)
    assert (b.level, b.parent_kr_tag, b.parent_kr_title) == ("company", None, "營收成長")
    assert (c.level, c.parent_kr_tag, c.parent_tag) == (None, None, None)  # left out: kept / none
    assert render_plan(parse_plan(render_plan(plan))) == render_plan(plan)


def test_a_bad_level_or_an_empty_link_is_a_sentence_on_its_line():
    with pytest.raises(PlanError) as caught:
        parse_plan("# 2026-Q4\n\n## A\nteam: 業務 · level: boss\n\n## B\nteam: 業務 · aligned: #\n")
    assert [n for n, _m in caught.value.lines] == [4, 7]
    assert "'boss' is not a level; write company, team or person" in caught.value.lines[0][1]
    assert "'aligned: #' names no key result" in caught.value.lines[1][1]


def test_the_file_moves_an_objective_to_another_key_result_and_changes_its_level(demo_repo):
    text = _text(demo_repo)
    assert SALES_LINE in text
    changes = demo_repo.apply_plan(parse_plan(text.replace(SALES_LINE, SALES_LINE.replace("#10 年度營收成長20%", "#11"))))
    assert [(p.before.id, p.changed) for p in changes.changed_objectives] == [(2, [("parent_kr_id", 10, 11)])]
    assert demo_repo.load().objective(2).parent_kr_id == 11
    person = "team: 業務 · owner: 張志豪 · aspirational · level: person"
    changes = demo_repo.apply_plan(parse_plan(_text(demo_repo).replace(person, person.replace("person", "team"))))
    assert (demo_repo.load().objective(5).level, demo_repo.load().objective(5).parent_kr_id) == ("team", 2)


def test_without_aligned_the_objective_aligns_to_nothing_and_a_title_finds_a_key_result(demo_repo):
    demo_repo.apply_plan(parse_plan(_text(demo_repo).replace(SALES_LINE, "team: 業務 · owner: 王小明 · committed")))
    o2 = demo_repo.load().objective(2)
    assert (o2.parent_id, o2.parent_kr_id, o2.level) == (None, None, "team")  # no level written: kept
    demo_repo.apply_plan(parse_plan(_text(demo_repo).replace(
        "team: 業務 · owner: 王小明 · committed · level: team", SALES_LINE.replace("#10 ", "#"))))
    assert demo_repo.load().objective(2).parent_kr_id == 10


def test_a_new_objective_aligns_to_a_new_key_result_of_the_same_file(empty_repo):
    text = ("# 2026-Q4\n\n## 公司目標\nteam: 公司 · level: company\n\n- 營收成長20%\n  increase 0 → 20 %\n\n"
            "## 業務目標\nteam: 業務 · aligned: #營收成長20%\n")
    empty_repo.apply_plan(parse_plan(text))
    ws = empty_repo.load()
    company, sales = sorted(ws.objectives, key=lambda o: o.id)
    assert sales.parent_kr_id == ws.krs_of(company.id)[0].id and company.level == "company"


def test_the_forms_refusals_each_on_its_line(demo_repo):
    text = _text(demo_repo)
    # A higher level under a lower one: the company objective under a team's key result.
    company = "team: 公司 · owner: 周執行長 · "
    line = next(line for line in text.split("\n") if line.startswith(company))
    higher = text.replace(line, line + " · aligned: #1")
    error = refused(demo_repo, higher)
    assert error.lines[0][0] == _line_of(higher, company) - 1  # the objective's heading
    assert "a team objective; a company objective aligns to its own level or a higher one" in error.lines[0][1]
    # A loop: the company objective under the person's KR, whose objective leads up to it.
    loop = text.replace(line, line.replace("level: company", "level: person") + " · aligned: #13")
    assert "would make a loop" in str(refused(demo_repo, loop))
    # A loop of objectives, both sides written in the file.
    both = text.replace(SALES_LINE, "team: 業務 · owner: 王小明 · committed · level: company · aligned: O1").replace(
        line, line + " · aligned: O2")
    assert "would make a loop" in str(refused(demo_repo, both))
    # Another quarter's key result.
    other = demo_repo.add_objective(quarter="2027-Q1", title="明年", team="公司", level="company")
    kr = demo_repo.add_key_result(other.id, title="明年的KR", start=0, target=1)
    error = refused(demo_repo, text.replace(SALES_LINE, SALES_LINE.replace("#10 年度營收成長20%", f"#{kr.id}")))
    assert f"key result #{kr.id} is in 2027-Q1 and this objective in 2026-Q4" in error.lines[0][1]
    # A person's objective without its owner, and a key result that is not there.
    assert "a person's objective needs its owner" in str(refused(demo_repo, text.replace(
        "team: 業務 · owner: 張志豪 · aspirational", "team: 業務 · aspirational")))
    assert "names no key result" in str(refused(demo_repo, text.replace("#10 年度營收成長20%", "#999 nothing like it")))


def test_pruning_a_key_result_unaligns_the_objectives_under_it_outside_the_file(demo_repo):
    text = _text(demo_repo, team="公司")
    kr10 = next(line for line in text.split("\n") if line.endswith("{#10}"))
    numbers = text.split(kr10 + "\n", 1)[1].split("\n", 1)[0]
    demo_repo.apply_plan(parse_plan(text.replace(f"{kr10}\n{numbers}\n", "")), prune=True)
    ws = demo_repo.load()
    assert ws.key_result(10) is None and ws.objective(2) is not None  # 業務's objective: not in the file
    assert ws.objective(2).parent_kr_id is None and ws.objective(3).parent_kr_id == 11
