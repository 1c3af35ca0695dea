"""Initiatives in the app (issue 20): under each KR in update mode, `i` to add, advance, edit and
delete them (each undoable), and the standup's line on the week's work."""

from __future__ import annotations

from tests.conftest import pinned_clock
from tests.ui.ui_helpers import DEMO_QUARTER, screen_text, type_text, wait_until

from okrtui.storage.repository import Repository
from okrtui.ui.app import OkrApp
from okrtui.ui.dialogs.initiatives import InitiativeForm, InitiativesScreen
from okrtui.ui.widgets.update_list import UpdateList


def update_app(repo: Repository) -> OkrApp:
    return OkrApp(repo, mode="update", quarter=DEMO_QUARTER, clock=pinned_clock())


def lines_after(app: OkrApp, start: str, n: int) -> list[str]:
    lines = screen_text(app).splitlines()
    first = next(i for i, line in enumerate(lines) if line.strip().startswith(start))
    return [line.strip() for line in lines[first:first + n]]


async def test_update_rows_show_the_work_under_each_kr(demo_repo):
    app = update_app(demo_repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        rows = lines_after(app, "#4 ", 4)
        assert rows[2] == "↳ T4 ☐ to do  改寫產品頁的SEO內容 (林美玲, due W50)"
        assert rows[3].startswith("#8 ")  # one initiative: one line
        assert "i Initiatives" in screen_text(app)
    app = update_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        rows = lines_after(app, "#1 ", 5)
        # doing before done; the done one is still listed
        assert rows[2].startswith("↳ T1 ▶ doing  拜訪20家潛在企業客戶") and rows[3].startswith("↳ T2 ✔ done")


async def test_i_adds_advances_and_deletes_and_ctrl_z_restores(demo_repo):
    app = update_app(demo_repo)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.screen.query_one(UpdateList).select_kr(4)
        await pilot.press("i")
        await wait_until(pilot, lambda: isinstance(app.screen, InitiativesScreen))
        assert "Initiatives of #4 網站月流量增長30%,達5萬次瀏覽" in screen_text(app)
        await pilot.press("space")  # T4: to do → doing
        await wait_until(pilot, lambda: demo_repo.load().initiative(4).status == "doing")
        await wait_until(pilot, lambda: "T4 ▶ doing" in screen_text(app))
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, InitiativeForm))
        await type_text(pilot, "寫三篇客座文章")
        await pilot.press("tab")
        await type_text(pilot, "黃思涵")
        await pilot.press("tab", "tab")
        await type_text(pilot, "next week")
        await pilot.press("enter")  # refused beside the field: nothing written
        await pilot.pause()
        assert isinstance(app.screen, InitiativeForm) and "is not a week" in screen_text(app)
        assert len(demo_repo.load().initiatives_of(4)) == 1
        await pilot.press(*["backspace"] * 9)
        await type_text(pilot, "W51")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, InitiativesScreen))
        added = demo_repo.load().initiatives_of(4)[-1]
        assert (added.title, added.owner, added.status, added.due) == ("寫三篇客座文章", "黃思涵", "todo", "2026-W51")
        await wait_until(pilot, lambda: "T8 ☐ to do  寫三篇客座文章 (黃思涵, due W51)" in screen_text(app))
        await pilot.press("d")
        await pilot.pause()
        assert "Delete initiative T8 '寫三篇客座文章'?" in screen_text(app)
        await pilot.press("y")
        await wait_until(pilot, lambda: demo_repo.load().initiative(8) is None)
        await pilot.press("ctrl+z")  # the app's undo, read from the log
        await wait_until(pilot, lambda: demo_repo.load().initiative(8) is not None)
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, InitiativesScreen))
        assert "↳ T8 ☐ to do  寫三篇客座文章" in screen_text(app)


async def test_the_standup_counts_the_weeks_work(demo_repo):
    app = OkrApp(demo_repo, quarter=DEMO_QUARTER, mode="standup", clock=pinned_clock())
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.pause(0.3)
        # Four doing; T2 done on the demo's last Monday, after the previous working day (Friday).
        assert "This week: 4 doing, 1 done since the previous working day, 1 to do" in screen_text(app)
        demo_repo.update_initiative(4, status="doing")
        demo_repo.mark_standup(demo_repo.clock.now())
        app.reload()
        await wait_until(pilot, lambda: "This week: 5 doing, 0 done since the last standup, 0 to do"
                         in screen_text(app))
