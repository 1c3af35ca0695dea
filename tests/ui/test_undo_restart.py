"""ctrl+z and ctrl+y in the app undo and redo my last change of any kind — an edit, a delete, a
check-in — read from the change log, so they hold after the app is restarted, and `okrtui undo` in a
shell does the same; a colleague's change is never undone by me (issue 18 point 4's acceptance)."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.ui.ui_helpers import DEMO_QUARTER, wait_until

from okrtui.storage.repository import Repository
from okrtui.ui.app import OkrApp
from okrtui.ui.dialogs.kr_form import KeyResultForm
from okrtui.ui.dialogs.pickers import Confirm
from okrtui.ui.dialogs.checkin_panel import CheckinPanel
from okrtui.ui.widgets.plan_list import PlanList
from okrtui.ui.widgets.update_list import UpdateList
from tests.conftest import pinned_clock

ME = "王小明"


def app_as(path, who: str = ME) -> OkrApp:
    return OkrApp(Repository(path, clock=pinned_clock(), author=who), quarter=DEMO_QUARTER)


def state(path) -> tuple:
    """KR 1's target, whether KR 2 is there (with its check-ins), KR 3's value and check-ins, KR 4's target."""
    ws = Repository(path).load()
    kr2 = ws.key_result(2)
    return (ws.key_result(1).target, kr2 is not None and len(ws.checkins_of(2)), ws.key_result(3).current,
            len(ws.checkins_of(3)), ws.key_result(4).target)


def noticed(app: OkrApp, text: str) -> bool:
    return any(text in str(n.message) for n in app._notifications)


async def press_and_wait(pilot, path, key: str, expected: tuple) -> None:
    await pilot.press(key)
    await wait_until(pilot, lambda: state(path) == expected, timeout=5)


async def test_undo_and_redo_of_an_edit_a_delete_and_a_check_in_after_restarting_the_app(demo_path):
    start = state(demo_path)
    assert start == (50, 9, 72, 9, 50000)
    app = app_as(demo_path)
    async with app.run_test(size=(120, 50)) as pilot:  # the first session: three changes, all in the app
        assert app.screen.query_one(PlanList).select_id("k1")
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, KeyResultForm))
        app.screen.widget("target").value = "40"
        await pilot.press("ctrl+s")
        # Saved in the file worker; the form closes once the write has landed.
        await wait_until(pilot, lambda: state(demo_path)[0] == 40 and not isinstance(app.screen, KeyResultForm))
        assert app.screen.query_one(PlanList).select_id("k2")
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press("y")
        await wait_until(pilot, lambda: state(demo_path)[1] is False)
        await pilot.press("2")
        await wait_until(pilot, lambda: bool(app.screen.query(UpdateList)))
        app.screen.query_one(UpdateList).select_kr(3)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, CheckinPanel))
        await pilot.press("ctrl+a", "ctrl+k", "7", "5", "enter")
        await wait_until(pilot, lambda: state(demo_path) == (40, False, 75, 10, 50000))
    # Meanwhile a colleague moves another KR's target.
    Repository(demo_path, clock=pinned_clock(), author="bob").update_key_result(4, target=48000)

    app = app_as(demo_path)  # restarted: nothing of the first session is in memory
    async with app.run_test(size=(120, 50)) as pilot:
        await pilot.pause()
        await press_and_wait(pilot, demo_path, "ctrl+z", (40, False, 72, 9, 48000))  # the check-in
        await press_and_wait(pilot, demo_path, "ctrl+z", (40, 9, 72, 9, 48000))  # the delete: KR 2 and its check-ins
        await press_and_wait(pilot, demo_path, "ctrl+z", (50, 9, 72, 9, 48000))  # the edit
        await pilot.press("ctrl+z")  # bob's change is not mine to undo
        await wait_until(pilot, lambda: noticed(app, "there is no change of yours to undo"))
        assert state(demo_path) == (50, 9, 72, 9, 48000)
        await press_and_wait(pilot, demo_path, "ctrl+y", (40, 9, 72, 9, 48000))
        await press_and_wait(pilot, demo_path, "ctrl+y", (40, False, 72, 9, 48000))
        await press_and_wait(pilot, demo_path, "ctrl+y", (40, False, 75, 10, 48000))

    # `okrtui undo` in a shell reads the same log.
    env = {**os.environ, "OKRTUI_USER": ME}
    done = subprocess.run([sys.executable, "-m", "okrtui", "undo", "--db", str(demo_path)], capture_output=True,
                          text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert state(demo_path) == (40, False, 72, 9, 48000)
    changes = Repository(demo_path).load().changes
    assert [c.action for c in changes if c.author == ME] == ["edit", "delete", "checkin", "undo", "undo", "undo",
                                                             "redo", "redo", "redo", "undo"]


async def test_undo_in_the_app_never_overwrites_a_colleague(demo_path):
    Repository(demo_path, clock=pinned_clock(), author=ME).update_key_result(1, target=40)
    Repository(demo_path, clock=pinned_clock(), author="bob").update_key_result(1, target=45)
    before = demo_path.read_bytes()
    app = app_as(demo_path)
    async with app.run_test(size=(120, 50)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+z")
        await wait_until(pilot, lambda: noticed(app, "bob changed those fields since, on 2026-11-30"))
    assert demo_path.read_bytes() == before
    assert Repository(demo_path).load().key_result(1).target == 45
