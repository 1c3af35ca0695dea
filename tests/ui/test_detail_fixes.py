"""The KR's detail view (enter on a KR row; ctrl+o in its check-in panel): comments written, edited and
deleted by their author, a mistaken check-in corrected or deleted — each a logged change that ctrl+z
undoes; someone else's comment or check-in is a sentence, never changed (issue 18 points 4, 5)."""

from __future__ import annotations

from tests.ui.ui_helpers import DEMO_QUARTER, type_text, wait_until

from okrtui.storage.repository import Repository
from okrtui.ui.app import OkrApp
from okrtui.ui.dialogs.detail import DetailScreen
from okrtui.ui.dialogs.fix_forms import CheckinFixForm, CommentForm
from okrtui.ui.dialogs.pickers import Confirm
from okrtui.ui.dialogs.checkin_panel import CheckinPanel
from okrtui.ui.widgets.id_list import IdOptionList
from okrtui.ui.widgets.plan_list import PlanList
from okrtui.ui.widgets.update_list import UpdateList
from tests.conftest import pinned_clock

ME = "王小明"


def app_as(path, who: str = ME) -> OkrApp:
    return OkrApp(Repository(path, clock=pinned_clock(), author=who), quarter=DEMO_QUARTER)


async def open_kr(app: OkrApp, pilot, kr_id: int) -> DetailScreen:
    assert app.screen.query_one(PlanList).select_id(f"k{kr_id}")
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(app.screen, DetailScreen))
    await pilot.pause()
    return app.screen  # type: ignore[return-value]


def noticed(app: OkrApp, text: str) -> bool:
    return any(text in str(n.message) for n in app._notifications)


def rows(screen: DetailScreen, which: str) -> list[str]:
    items = screen.query_one(f"#detail-{which}", IdOptionList)
    return [str(items.get_option_at_index(i).prompt) for i in range(items.option_count)]


async def test_comments_written_edited_deleted_by_their_author_and_undone(demo_path):
    Repository(demo_path, clock=pinned_clock(), author="bob").add_comment("key_result", 1, "bob's view")
    app = app_as(demo_path)
    async with app.run_test(size=(120, 50)) as pilot:
        screen = await open_kr(app, pilot, 1)
        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(app.screen, CommentForm))
        await type_text(pilot, "簽約時程要注意")
        await pilot.press("enter")
        await wait_until(pilot, lambda: len(Repository(demo_path).load().comments) == 2)
        await wait_until(pilot, lambda: len(rows(screen, "comments")) == 2)
        mine = Repository(demo_path).load().comments[-1]
        assert (mine.author, mine.target_kind, mine.target_id, mine.text) == (ME, "key_result", 1, "簽約時程要注意")

        comments = screen.query_one("#detail-comments", IdOptionList)
        comments.focus()
        comments.select_id("c1")  # bob's: refused with a sentence, no form
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen)
        assert noticed(app, "comment 1 is bob's; only its author can change it")
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen)

        comments.select_id(f"c{mine.id}")
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, CommentForm))
        app.screen.widget("text").value = "簽約時程已確認"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: Repository(demo_path).load().comments[-1].text == "簽約時程已確認")
        await wait_until(pilot, lambda: any("(edited): 簽約時程已確認" in r for r in rows(screen, "comments")))

        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press("y")
        await wait_until(pilot, lambda: [c.text for c in Repository(demo_path).load().comments] == ["bob's view"])
        ws = Repository(demo_path).load()
        assert [(c.author, c.action) for c in ws.changes][-3:] == [(ME, "comment")] * 3  # written, edited, deleted
        await pilot.press("ctrl+z")  # the deletion
        await wait_until(pilot, lambda: len(Repository(demo_path).load().comments) == 2)
        await pilot.press("ctrl+z")  # the edit
        await wait_until(pilot, lambda: Repository(demo_path).load().comments[-1].text == "簽約時程要注意")
        assert Repository(demo_path).load().comments[0].text == "bob's view"  # never bob's


async def test_a_mistaken_check_in_corrected_then_deleted_from_the_krs_history_and_undone(demo_path):
    app = app_as(demo_path)
    async with app.run_test(size=(120, 50)) as pilot:
        await pilot.press("2")
        await wait_until(pilot, lambda: bool(app.screen.query(UpdateList)))
        app.screen.query_one(UpdateList).select_kr(1)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, CheckinPanel))
        await pilot.press("ctrl+a", "ctrl+k", "3", "2", "0", "enter")  # 320, meant 32
        await wait_until(pilot, lambda: Repository(demo_path).load().key_result(1).current == 320)
        await wait_until(pilot, lambda: not isinstance(app.screen, CheckinPanel))
        mistake = Repository(demo_path).load().checkins_of(1)[-1]

        await pilot.press("enter")  # the panel again; ctrl+o: the KR's history
        await wait_until(pilot, lambda: isinstance(app.screen, CheckinPanel))
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: isinstance(app.screen, DetailScreen))
        screen = app.screen
        await pilot.pause()
        assert app.focused is screen.query_one("#detail-checkins")
        assert rows(screen, "checkins")[0].startswith(f"[{mistake.id}] ") and "320" in rows(screen, "checkins")[0]

        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, CheckinFixForm))
        app.screen.widget("value").value = "32"
        app.screen.widget("note").value = "typo"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: Repository(demo_path).load().key_result(1).current == 32)
        ws = Repository(demo_path).load()
        fixed = ws.checkins_of(1)[-1]
        assert (fixed.id, fixed.value, fixed.note) == (mistake.id, 32, "typo")
        change = ws.changes[-1]
        assert change.author == ME and any(r.kind == "checkin" and r.before["value"] == 320.0 for r in change.records)
        await wait_until(pilot, lambda: "corrected a check-in" in str(screen.query_one("#detail-history").render()))

        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press("y")
        await wait_until(pilot, lambda: mistake.id not in [c.id for c in Repository(demo_path).load().checkins])
        assert Repository(demo_path).load().key_result(1).current == 31
        await pilot.press("ctrl+z")
        await wait_until(pilot, lambda: Repository(demo_path).load().key_result(1).current == 32)
        await wait_until(pilot, lambda: rows(screen, "checkins")[0].startswith(f"[{mistake.id}] "))


async def test_someone_elses_check_in_is_not_corrected(demo_path):
    Repository(demo_path, clock=pinned_clock(), author="bob").record_checkin(1, 33, author="bob")
    before = demo_path.read_bytes()
    app = app_as(demo_path)
    async with app.run_test(size=(120, 50)) as pilot:
        await open_kr(app, pilot, 1)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen)
        assert noticed(app, "was recorded by bob; only they can correct or delete it")
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen)
    assert demo_path.read_bytes() == before


async def test_a_target_edited_in_the_app_is_in_the_krs_and_the_objectives_history(demo_path):
    from okrtui.ui.dialogs.kr_form import KeyResultForm
    from textual.widgets import Static

    app = app_as(demo_path)
    async with app.run_test(size=(120, 50)) as pilot:
        assert app.screen.query_one(PlanList).select_id("k1")
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, KeyResultForm))
        app.screen.widget("target").value = "40"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: Repository(demo_path).load().key_result(1).target == 40)
        screen = await open_kr(app, pilot, 1)
        history = str(screen.query_one("#detail-history", Static).render())
        assert history.startswith("\nHistory\n") and "王小明  edited  KR 1: target 50 → 40" in history
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, DetailScreen))
        assert app.screen.query_one(PlanList).select_id("o2")  # KR 1's objective
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, DetailScreen))
        await pilot.pause()
        assert "王小明  edited  KR 1: target 50 → 40" in str(app.screen.query_one("#detail-history", Static).render())


async def test_my_check_in_of_a_closed_quarter_is_neither_corrected_nor_deleted(demo_path, monkeypatch):
    from okrtui.domain.grading import ClosingEntry
    from okrtui.storage import closing
    from okrtui.storage.closing import close_quarter

    # A close that stopped before archiving: the quarter is closed, its records still in the live file.
    monkeypatch.setattr(closing, "archive_quarter", lambda repo, label: 0)

    repo = Repository(demo_path, clock=pinned_clock(), author=ME)
    mine, _kr = repo.record_checkin(1, 33, author=ME)
    objective_id = repo.load().key_result(1).objective_id
    close_quarter(repo, DEMO_QUARTER, [ClosingEntry(o.id, "achieved", retrospective="r", shortfall_reason="s",
                                                    coverage_answer="c") for o in repo.load().objectives_in(DEMO_QUARTER)])
    before = demo_path.read_bytes()
    app = app_as(demo_path)
    async with app.run_test(size=(120, 50)) as pilot:
        app.push_screen(DetailScreen(objective_id, 1))  # the KR history (ctrl+o), read-only
        await wait_until(pilot, lambda: isinstance(app.screen, DetailScreen))
        await pilot.pause()
        checkins = app.screen.query_one("#detail-checkins", IdOptionList)
        checkins.focus()
        assert checkins.select_id(f"i{mine.id}")
        for key in ("e", "d"):
            app.clear_notifications()
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, DetailScreen)  # no form, no question
            assert noticed(app, f"{DEMO_QUARTER} is closed and read-only")
    assert demo_path.read_bytes() == before
