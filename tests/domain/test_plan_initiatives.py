"""Initiatives in the Markdown plan (issue 20): checklist lines under a key result, read and
written, applied by tag or by KR and title, removed only with prune, and the same file twice
changes nothing the second time."""

from __future__ import annotations

import pytest

from okrtui.domain.plan_changes import plan_changes, plan_of
from okrtui.domain.plan_text import PlanError
from okrtui.domain.plan_text_parse import parse_plan
from okrtui.domain.plan_text_render import render_plan
from okrtui.storage.repository import Repository
from tests.conftest import DEMO_NOW, pinned_clock

KR_LINES = """# 2026-Q4

## Grow
team: Sales

- Signups
  increase 0 → 100 · weight: 1
  - [ ] Landing page · owner: Ann · due: W50
  - [/] Pricing · A/B test · 負責人：Bo · 到期：2026-12-21
  - [x] Ads {T7}
"""


def test_checklist_lines_read_as_initiatives():
    (kr,) = parse_plan(KR_LINES).objectives[0].key_results
    assert [(i.line, i.tag, i.title, i.status, i.owner, i.due) for i in kr.initiatives] == [
        (8, None, "Landing page", "todo", "Ann", "2026-W50"),
        (9, None, "Pricing · A/B test", "doing", "Bo", "2026-W52"),  # a title may hold " · "
        (10, 7, "Ads", "done", "", None)]


@pytest.mark.parametrize("line, sentence", [
    ("  - [?] Ads", "an initiative's box is [ ] to do, [/] doing or [x] done"),
    ("  - [ ] Ads · due: someday", "'someday' is not a week"),
    ("  - [ ]  · owner: Ann", "the initiative has no title"),
])
def test_a_bad_line_is_named_by_its_number(line, sentence):
    with pytest.raises(PlanError) as error:
        parse_plan(KR_LINES.replace("  - [x] Ads {T7}", line))
    assert error.value.lines[0][0] == 10 and sentence in error.value.lines[0][1]


def test_apply_adds_changes_and_prunes_and_twice_changes_nothing(demo_path):
    repo = Repository(demo_path, clock=pinned_clock())
    text = render_plan(plan_of(repo.load(), "2026-Q4", team="業務"))
    edited = (text.replace("  - [/] 拜訪20家潛在企業客戶 · owner: 王小明 · due: 2026-W50 {T1}",
                           "  - [x] 拜訪20家潛在企業客戶 · owner: 王小明 · due: 2026-W50 {T1}")
              .replace("  - [x] 簡化報價審核流程 · owner: 王小明 · due: 2026-W49 {T2}\n", "")
              .replace("  increase 0 → 200 名潛在客戶 · owner: 張志豪 · weight: 1\n",
                       "  increase 0 → 200 名潛在客戶 · owner: 張志豪 · weight: 1\n  - [ ] 第三場展示會場地\n"))
    kept = plan_changes(repo.load(), parse_plan(edited))
    assert ([i.record.title for i in kept.added_initiatives], [i.before.id for i in kept.changed_initiatives],
            [i.id for i in kept.kept_initiatives], kept.removed_initiatives) == (["第三場展示會場地"], [1], [2], [])
    repo.apply_plan(parse_plan(edited), prune=True)
    ws = repo.load()
    assert ws.initiative(1).status == "done" and ws.initiative(1).status_at == DEMO_NOW  # a new status is stamped
    assert ws.initiative(2) is None  # pruned
    assert [i.title for i in ws.initiatives_of(2)] == ["第三場展示會場地"]
    assert ws.changes[-1].records and {r.kind for r in ws.changes[-1].records} == {"initiative"}
    assert plan_changes(repo.load(), parse_plan(edited), prune=True).empty
    repo.undo()  # one write, one undo
    assert repo.load().initiative(2) is not None and repo.load().initiatives_of(2) == []
