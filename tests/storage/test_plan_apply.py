"""Applying a plan file: matched by tag or natural key, idempotent, pruning only when asked, one write."""

from __future__ import annotations

import json

import pytest

from okrtui.domain.plan_changes import plan_changes, plan_of
from okrtui.domain.plan_review import review_plan
from okrtui.domain.plan_text import PlanError
from okrtui.domain.plan_text_parse import parse_plan
from okrtui.domain.plan_text_render import render_plan
from okrtui.storage.plan_write import PlanConflict


def _text(repo, team=None) -> str:
    return render_plan(plan_of(repo.load(), "2026-Q4", team))


def _strip_ids(text: str) -> str:
    import re

    # A KR's `kpi: K5`, like a tag, names a KPI of its own database; it does not travel to another one.
    text = re.sub(r" · kpi: K[0-9]+", "", text)
    return re.sub(r" \{(?:db:[0-9a-f]+|O[0-9]+|#[0-9]+|T[0-9]+)\}", "", re.sub(r"aligned: (O|#)[0-9]+", r"aligned: \1?", text))


def test_export_apply_to_an_empty_database_export_gives_the_same_text(demo_repo, empty_repo):
    demo_repo.update_objective(4, parent_kr_id=None, parent_id=1)  # 客服 under the company objective itself
    text = _text(demo_repo)
    changes = empty_repo.apply_plan(parse_plan(text))
    # The company objective and its 3 KRs, the three teams' 3 × 3, and 張志豪's objective with 3.
    assert (len(changes.added_objectives), len(changes.added_krs), len(changes.added_initiatives)) == (5, 15, 7)
    again = _text(empty_repo)
    assert again != text  # other ids, other database
    assert _strip_ids(again) == _strip_ids(text)
    # Every link is carried, to an objective or to a key result (new in the copy: linked once it has
    # its id), and every level: the copy's cascade, by titles, is the demo's.
    assert text.count("aligned: O") == 1 and text.count("aligned: #") == 3

    def cascade(ws) -> list[tuple]:
        def target(o) -> str | None:
            if o.parent_id is not None:
                return "O " + ws.objective(o.parent_id).title
            return "# " + ws.key_result(o.parent_kr_id).title if o.parent_kr_id is not None else None
        return sorted((o.title, o.level, target(o)) for o in ws.objectives_in("2026-Q4"))

    assert cascade(empty_repo.load()) == cascade(demo_repo.load())
    assert [level for _t, level, _a in cascade(demo_repo.load())].count("team") == 3  # and a company's, a person's


def test_applying_the_same_file_twice_changes_nothing_the_second_time(demo_repo, empty_repo):
    text = _text(demo_repo)  # tags of another database: matched by natural key in the empty one
    empty_repo.apply_plan(parse_plan(text))
    revision = empty_repo.load().meta.revision
    second = plan_changes(empty_repo.load(), parse_plan(text), prune=True)
    assert second.empty and second.removed == []
    before = empty_repo.path.read_bytes()
    assert plan_changes(demo_repo.load(), parse_plan(text), prune=True).empty  # its own file, by tag
    assert empty_repo.load().meta.revision == revision and empty_repo.path.read_bytes() == before


def test_a_changed_title_and_target_change_that_kr_only_and_keep_its_checkins(demo_repo):
    before = demo_repo.load()
    checkins = len(before.checkins_of(4))
    text = _text(demo_repo).replace("網站月流量增長30%,達5萬次瀏覽 {#4}", "網站月流量達6萬次瀏覽 {#4}").replace(
        "increase 38500 → 50000", "increase 38500 → 60000")
    changes = demo_repo.apply_plan(parse_plan(text))
    assert [(k.before.id, [c[0] for c in k.changed]) for k in changes.changed_krs] == [(4, ["title", "target"])]
    assert changes.added_krs == [] and changes.added_objectives == [] and changes.changed_objectives == []
    after = demo_repo.load()
    kr = after.key_result(4)
    assert (kr.title, kr.target, kr.current) == ("網站月流量達6萬次瀏覽", 60000, before.key_result(4).current)
    assert len(after.checkins_of(4)) == checkins > 0
    others = [k.model_dump() for k in after.key_results if k.id != 4]
    assert others == [k.model_dump() for k in before.key_results if k.id != 4]


def _without_marketing(text: str) -> str:
    head, rest = text.split("## 提升品牌知名度", 1)
    return head.rstrip("\n") + "\n"


def test_a_file_without_an_objective_deletes_nothing_without_prune(demo_repo):
    text = _without_marketing(_text(demo_repo))
    changes = demo_repo.apply_plan(parse_plan(text), whole_quarter=True)
    assert changes.removed == [] and [r.objective.id for r in changes.kept] == [3]
    assert demo_repo.load().objective(3) is not None and len(demo_repo.load().krs_of(3)) == 3


def test_prune_removes_it_with_its_krs_and_names_the_checkins_lost(demo_repo):
    workspace = demo_repo.load()
    lost = sum(len(workspace.checkins_of(k.id)) for k in workspace.krs_of(3))
    text = _without_marketing(_text(demo_repo))
    assert demo_repo.apply_plan(parse_plan(text), prune=True).removed == []  # apply: only the file's teams
    changes = demo_repo.apply_plan(parse_plan(text), prune=True, whole_quarter=True)  # edit: the whole quarter
    (removal,) = changes.removed
    assert (removal.objective.id, removal.key_results, removal.checkins) == (3, 3, lost)
    after = demo_repo.load()
    assert after.objective(3) is None and after.krs_of(3) == []
    assert {c.kr_id for c in after.checkins} & {4, 5, 6} == set()
    assert len(after.checkins) == len(workspace.checkins) - lost


def test_prune_stays_within_the_files_team(demo_repo):
    kr3 = "- 業務團隊完成80%的CRM系統資料更新,提升客戶追蹤效率 {#3}\n  increase 35 → 80 % · owner: 李佳蓉 · weight: 1\n"
    text = _text(demo_repo, team="業務")
    assert kr3 in text
    text = text.replace(kr3, "")
    changes = demo_repo.apply_plan(parse_plan(text), prune=True)
    assert [r.kr.id for r in changes.removed] == [3]
    assert demo_repo.load().objective(3) is not None and demo_repo.load().objective(4) is not None


def test_a_new_line_is_a_new_record(demo_repo):
    text = _text(demo_repo).replace(
        "  increase 35 → 80 % · owner: 李佳蓉 · weight: 1\n",
        "  increase 35 → 80 % · owner: 李佳蓉 · weight: 1\n- 續約率達95%\n  at_least 90 → 95 % · weight: 2\n")
    changes = demo_repo.apply_plan(parse_plan(text))
    (added,) = changes.added_krs
    kr = next(k for k in demo_repo.load().krs_of(2) if k.title == "續約率達95%")
    assert (kr.kind, kr.start, kr.target, kr.unit, kr.weight, kr.current) == ("at_least", 90, 95, "%", 2, 90)


def test_tags_of_another_database_are_not_ids(demo_repo, empty_repo):
    """{O1} in a file from another database must not change this database's objective 1."""
    empty_repo.apply_plan(parse_plan("# 2026-Q4\n\n## Keep me\nteam: X\n"))
    text = "# 2026-Q4 {db:0123456789ab}\n\n## Renamed {O1}\nteam: X\n"
    changes = empty_repo.apply_plan(parse_plan(text))
    assert [o.record.title for o in changes.added_objectives] == ["Renamed"]
    assert {o.title for o in empty_repo.load().objectives} == {"Keep me", "Renamed"}


def test_a_missing_tag_and_invalid_values_are_line_errors_and_nothing_is_written(demo_repo):
    before = demo_repo.path.read_bytes()
    text = _text(demo_repo).replace("{#7}", "{#70}").replace("at_least 82 → 90 %", "increase 82 → 80 %")
    with pytest.raises(PlanError) as caught:
        demo_repo.apply_plan(parse_plan(text))
    lines = text.split("\n")
    assert [n for n, _m in caught.value.lines] == [
        next(i for i, line in enumerate(lines, 1) if "{#70}" in line),
        next(i for i, line in enumerate(lines, 1) if "客戶滿意度評分" in line)]
    assert "key result {#70} is not in the database" in str(caught.value)
    assert "target must be above start" in caught.value.lines[1][1]
    assert demo_repo.path.read_bytes() == before


def test_control_characters_are_refused(demo_repo):
    with pytest.raises(PlanError, match="control character"):
        demo_repo.apply_plan(parse_plan("# 2026-Q4\n\n## Bad \x1b[31mred\nteam: X\n"))


def test_someone_elses_change_meanwhile_is_a_conflict_and_nothing_is_written(demo_repo):
    text = _text(demo_repo).replace("increase 0 → 50 萬元", "increase 0 → 60 萬元")
    seen = plan_changes(demo_repo.load(), parse_plan(text))
    demo_repo.update_key_result(1, title="別人改的標題")
    before = demo_repo.path.read_bytes()
    with pytest.raises(PlanConflict, match="someone changed the database while you were editing"):
        demo_repo.apply_plan(parse_plan(text), seen=seen)
    assert demo_repo.path.read_bytes() == before


def test_a_read_only_repository_refuses(demo_path):
    from okrtui.storage.errors import ReadOnly
    from okrtui.storage.repository import Repository

    repo = Repository(demo_path, read_only=True)
    with pytest.raises(ReadOnly):
        repo.apply_plan(parse_plan(_text(repo).replace("50 萬元", "60 萬元")))


def test_the_coach_reviews_the_file_at_its_lines(demo_repo):
    text = ("# 2026-Q4\n\n## Grow revenue 30%\nteam: Sales\n\n"
            + "".join(f"- Revenue step {i} to 10\n  increase 0 → 10 € · weight: 1\n" for i in range(6)))
    workspace = demo_repo.load()
    findings = review_plan(workspace, plan_changes(workspace, parse_plan(text)))
    assert {(f.line, f.finding.code) for f in findings} >= {(3, "objective-has-number"), (3, "too-many-krs")}
    assert json.loads(demo_repo.path.read_text())["meta"]["1"]["revision"] == workspace.meta.revision


def test_a_checkin_meanwhile_is_no_conflict_and_is_kept(demo_repo):
    text = _text(demo_repo).replace("increase 0 → 50 萬元", "increase 0 → 60 萬元")
    seen = plan_changes(demo_repo.load(), parse_plan(text))
    demo_repo.record_checkin(1, 40)
    demo_repo.apply_plan(parse_plan(text), seen=seen)
    kr = demo_repo.load().key_result(1)
    assert (kr.target, kr.current) == (60, 40)
