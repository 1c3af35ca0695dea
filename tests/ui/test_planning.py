"""A planning session driven by the keys: create, edit, delete and restore, carry forward."""

from __future__ import annotations

from okrtui.ui.widgets.plan_list import PlanList

from tests.ui.ui_helpers import DEMO_QUARTER, screen_text, type_text


async def add_kr(pilot, title: str, unit: str, start: str, target: str) -> None:
    """`a`, then every field with tab; enter on the last field (owner) saves."""
    await pilot.press("a")
    await type_text(pilot, title)
    await pilot.press("tab", "tab")  # kind stays 'increase'
    await type_text(pilot, unit)
    await pilot.press("tab")
    await type_text(pilot, start)
    await pilot.press("tab")
    await type_text(pilot, target)
    await pilot.press("tab", "tab")  # weight stays 1; the owner is the objective's
    await pilot.press("enter")
    await pilot.pause()


async def test_create_objective_with_three_krs_in_an_empty_quarter(empty_app, empty_repo):
    async with empty_app.run_test(size=(80, 24)) as pilot:
        assert "No objectives in" in screen_text(empty_app)
        await pilot.press("n")
        await type_text(pilot, "提升品牌知名度")
        await pilot.press("tab")
        await type_text(pilot, "行銷")
        await pilot.press("tab")
        await type_text(pilot, "Mei")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await add_kr(pilot, "流量達5萬", "views", "38500", "50000")
        await add_kr(pilot, "互動+2千", "次", "0", "2,000")
        await add_kr(pilot, "Live 500", "人", "0", "500")

        ws = empty_repo.load()
        [objective] = ws.objectives
        assert (objective.title, objective.team, objective.quarter) == ("提升品牌知名度", "行銷", str(DEMO_QUARTER))
        krs = ws.krs_of(objective.id)
        assert [(k.title, k.unit, k.start, k.target, k.owner) for k in krs] == [
            ("流量達5萬", "views", 38500, 50000, "Mei"),
            ("互動+2千", "次", 0, 2000, "Mei"),
            ("Live 500", "人", 0, 500, "Mei"),
        ]
        text = screen_text(empty_app)
        assert "提升品牌知名度" in text and "行銷 · 1 objective" in text
        assert "38,500 → 50,000 views" in text and "0 → 2,000 次" in text
        assert "#3 Live 500" in text and "0 → 500 人" in text


async def test_edit_a_key_result(demo_app, demo_repo):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "down", "down", "down", "down")  # O1 → #10-12 → O4 → #7
        assert demo_app.screen.query_one(PlanList).selected == "k7"
        await pilot.press("e")
        await pilot.press("tab", "tab", "tab", "tab")  # title, kind, unit, start → target
        await type_text(pilot, "0.5")  # the field's text is selected on focus: typing replaces it
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert demo_repo.load().key_result(7).target == 0.5
        assert "1.6 → 0.5 小時" in screen_text(demo_app)
        assert demo_app.screen.query_one(PlanList).selected == "k7"


async def test_edit_an_objective(demo_app, demo_repo):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "down", "down", "down")  # O4, past O1's #10-12
        await pilot.press("e", "tab", "tab")  # title, team → owner
        await type_text(pilot, "Ada")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert demo_repo.load().objective(4).owner == "Ada"
        assert "Ada · committed" in screen_text(demo_app)


async def test_delete_asks_first_and_ctrl_z_restores(demo_app, demo_repo):
    before = demo_repo.load()
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "down", "down", "down")  # O4 with KRs 7, 8, 9 (past O1's #10-12)
        await pilot.press("d")
        assert "Delete objective O4" in screen_text(demo_app)
        await pilot.press("n")  # keep it
        await pilot.pause()
        assert demo_repo.load().objective(4) is not None

        await pilot.press("d", "y")
        await pilot.pause()
        ws = demo_repo.load()
        assert ws.objective(4) is None and ws.key_result(7) is None and not ws.checkins_of(7)
        assert "打造卓越的客戶服務體驗" not in screen_text(demo_app)

        await pilot.press("ctrl+z")
        await pilot.pause()
        ws = demo_repo.load()
        assert ws.objective(4) == before.objective(4)
        assert ws.checkins_of(7) == before.checkins_of(7)
        assert "打造卓越的客戶服務體驗" in screen_text(demo_app)
        assert demo_app.screen.query_one(PlanList).selected == "o4"


async def test_delete_a_key_result_and_restore_it(demo_app, demo_repo):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "down", "down", "down", "down", "down")  # #8 (past O1's #10-12, O4, #7)
        await pilot.press("d", "enter")
        await pilot.pause()
        assert demo_repo.load().key_result(8) is None
        assert "客戶滿意度評分" not in screen_text(demo_app)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert demo_repo.load().key_result(8) is not None
        assert "客戶滿意度評分" in screen_text(demo_app)


async def test_carry_forward_into_the_next_quarter(demo_app, demo_repo):
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await pilot.press("down", "down", "down", "down", "down", "down", "down", "down")  # O2 (業務), past #10-12
        assert demo_app.screen.query_one(PlanList).selected == "o2"
        await pilot.press("c")
        await pilot.pause()
        ws = demo_repo.load()
        [carried] = ws.objectives_in("2027-Q1")
        assert carried.title == "拓展新市場,提升公司收入來源" and carried.parent_id is None
        old = {k.title: k for k in ws.krs_of(2)}
        for kr in ws.krs_of(carried.id):
            assert kr.start == old[kr.title].current and kr.current == kr.start
            assert kr.target == old[kr.title].target  # none of these had reached its target
        await pilot.press("right_square_bracket")
        text = screen_text(demo_app)
        assert "2027-Q1" in text and "拓展新市場" in text and "31 → 50 萬元" in text
        await pilot.press("left_square_bracket", "c")  # carrying twice is refused
        await pilot.pause()
        assert len(demo_repo.load().objectives_in("2027-Q1")) == 1


async def test_the_detail_view_shows_history_and_comments(demo_app, demo_repo):
    from okrtui.storage.repository import Repository

    Repository(demo_repo.path, author="王小明").update_key_result(7, target=2)
    Repository(demo_repo.path, author="王小明").add_comment("key_result", 7, "目標放寬")
    demo_app.reload()
    async with demo_app.run_test(size=(120, 60)) as pilot:
        demo_app.screen.query_one(PlanList).select_id("o4")
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(demo_app)
        assert "History" in text and "王小明" in text and "target 1 → 2" in text
        assert "目標放寬" in text
