"""Plan mode's alignment tree (`v`), `m` (mine) in every mode, and the objective form's alignment."""

from __future__ import annotations

import pytest
from tests.ui.ui_helpers import screen_text, type_text, wait_until

from okrtui.domain.text_rules import cell_width
from okrtui.ui.widgets.plan_list import PlanList
from okrtui.ui.widgets.plan_tree import PlanTree


def tree_lines(text: str) -> dict[str, str]:
    """Rows of the tree by what they start with ("O1", "#10"), marks and indent stripped."""
    out = {}
    for line in text.splitlines():
        body = line.strip().lstrip("▾▸ ").replace("Σ ", "")
        if body[:1] in ("O", "#"):
            out[body.split(" ")[0]] = line
    return out


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_tree_shows_three_levels_with_their_roll_ups(demo_app, size):
    async with demo_app.run_test(size=size) as pilot:
        await pilot.press("v")
        await wait_until(pilot, lambda: demo_app.screen.query_one(PlanTree).display)
        text = screen_text(demo_app)
        assert all(cell_width(line) == size[0] for line in text.splitlines())
        rows = tree_lines(text)
        assert list(rows) == ["O1", "#10", "O2", "#2", "O5", "#11", "O3", "#12", "O4"]
        # By hand (tests/domain/test_alignment.py): company (0.7307 + 0.5544 + 0.6) / 3 = 63%; each
        # company KR is the objective under it: #10 73%, #11 55%, #12 60%; #2 keeps its own 150/200.
        expect = {"O1": ("company", "63%"), "#10": ("KR", "73%"), "O2": ("team", "73%"), "#2": ("KR", "75%"),
                  "O5": ("person", "65%"), "#11": ("KR", "55%"), "O3": ("team", "55%"), "#12": ("KR", "60%"),
                  "O4": ("team", "60%")}
        for key, (level, pct) in expect.items():
            assert f" {level} " in rows[key] and f" {pct} " in rows[key], rows[key]
        # Deeper is further right: company, its KR, the team, its KR, the person.
        indents = [len(rows[k]) - len(rows[k].lstrip(" ▾▸")) for k in ("O1", "#10", "O2", "#2", "O5")]
        assert indents == sorted(indents) and len(set(indents)) == 5
        assert "Σ 年度營收成長20%" in rows["#10"] and "Σ" not in rows["#2"]  # measured by O2; #2 by itself


async def test_v_toggles_back_to_the_list_keeping_the_cursor(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await pilot.press("v")
        tree = demo_app.screen.query_one(PlanTree)
        await wait_until(pilot, lambda: tree.display and tree.option_count == 9)
        tree.select_id("o5")
        await pilot.press("v")
        plan = demo_app.screen.query_one(PlanList)
        await wait_until(pilot, lambda: plan.display and not tree.display)
        assert plan.selected == "o5"
        assert "aligned to #2 在新市場完成3場產品展示會" in screen_text(demo_app)


async def test_space_folds_a_node_and_the_palette_unfolds_the_way_to_a_hidden_one(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await pilot.press("v")
        tree = demo_app.screen.query_one(PlanTree)
        await wait_until(pilot, lambda: tree.option_count == 9)
        tree.select_id("k10")
        await pilot.press("space")
        await wait_until(pilot, lambda: tree.option_count == 6)
        assert "O5 " not in screen_text(demo_app) and "▸ #10" in screen_text(demo_app)
        await pilot.press("ctrl+p")
        await type_text(pilot, "產品顧問")
        await wait_until(pilot, lambda: "O5 成為新市場客戶信任的產品顧問" in screen_text(demo_app))
        await pilot.press("enter")
        await wait_until(pilot, lambda: tree.selected == "o5")
        assert tree.option_count == 9 and tree.has_focus
        await pilot.press("left")  # a leaf: left goes to its parent
        assert tree.selected == "k2"
        await pilot.press("left")  # folds #2
        await wait_until(pilot, lambda: tree.option_count == 8)
        await pilot.press("right")
        await wait_until(pilot, lambda: tree.option_count == 9)


async def test_keys_work_on_the_tree_as_on_the_list(demo_app):
    from okrtui.ui.dialogs.detail import DetailScreen

    async with demo_app.run_test(size=(80, 24)) as pilot:
        await pilot.press("v")
        tree = demo_app.screen.query_one(PlanTree)
        await wait_until(pilot, lambda: tree.option_count == 9)
        tree.select_id("o5")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(demo_app.screen, DetailScreen))
        assert "O5 成為新市場客戶信任的產品顧問" in screen_text(demo_app)


async def test_mine_in_plan_compare_and_standup(demo_repo):
    from okrtui.ui.app import OkrApp
    from tests.ui.ui_helpers import DEMO_QUARTER

    app = OkrApp(demo_repo, quarter=DEMO_QUARTER, owner="張志豪")
    async with app.run_test(size=(120, 40)) as pilot:
        plan = app.screen.query_one(PlanList)
        await wait_until(pilot, lambda: plan.option_count > 0)
        ids = [plan.get_option_at_index(i).id for i in range(plan.option_count)]
        assert [i for i in ids if not i.startswith("t:")] == ["o2", "k2", "o5", "k13", "k14", "k15"]
        assert "mine: 張志豪" in screen_text(app)
        await pilot.press("m")  # everyone's again
        await wait_until(pilot, lambda: "k7" in [plan.get_option_at_index(i).id for i in range(plan.option_count)])
        await pilot.press("m")
        await pilot.press("3")
        await wait_until(pilot, lambda: app.current_mode == "compare")
        text = screen_text(app)
        assert "#13" in text and "#2 " in text and "#7 " not in text and "月營收" not in text  # no team KPIs
        await pilot.press("4")
        await wait_until(pilot, lambda: app.current_mode == "standup")
        text = screen_text(app)
        assert "成為新市場客戶信任的產品顧問" in text and "打造卓越的客戶服務體驗" not in text
        await pilot.press("m")
        await wait_until(pilot, lambda: "打造卓越的客戶服務體驗" in screen_text(app))


async def test_the_objective_form_aligns_to_a_key_result_and_refuses_a_loop_beside_the_field(demo_app):
    from okrtui.ui.dialogs.forms import ObjectiveForm

    async with demo_app.run_test(size=(100, 40)) as pilot:
        plan = demo_app.screen.query_one(PlanList)
        await wait_until(pilot, lambda: plan.option_count > 0)
        plan.select_id("o3")
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(demo_app.screen, ObjectiveForm))
        form = demo_app.screen
        assert form.widget("parent_id").value == "k11" and form.widget("level").value == "team"
        form.widget("parent_id").value = "k1"  # 業務's KR #1: fine
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not isinstance(demo_app.screen, ObjectiveForm))
        await wait_until(pilot, lambda: demo_app.workspace.objective(3).parent_kr_id == 1)
        plan.select_id("o2")
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(demo_app.screen, ObjectiveForm))
        demo_app.screen.widget("parent_id").value = "k4"  # 行銷's #4, while 行銷 now serves 業務's #1
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(demo_app.screen, ObjectiveForm)
        assert "would make a loop" in str(demo_app.screen.query_one("#err-parent_id").render())
        assert demo_app.repo.load().objective(2).parent_kr_id == 10  # nothing written
