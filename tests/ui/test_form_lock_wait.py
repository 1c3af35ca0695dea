"""Forms never wait on the file either (issue 15 item 4): the objective and key result forms save
in the file worker. While another process holds the lock the form says it is saving, takes no
second save and no typing, keys are answered at once, the waiting line shows, and the record is
saved when the lock frees; a save that fails keeps the form open with what was typed."""

from __future__ import annotations

import pytest
from textual.widgets import Input
from tests.processes import LockHolder
from tests.ui.test_file_lock_wait import ANSWER_SECONDS, WAITING, answered
from tests.ui.ui_helpers import DEMO_QUARTER, screen_text, type_text, wait_until

from okrtui.storage.repository import Repository
from okrtui.ui.app import OkrApp
from okrtui.ui.dialogs.forms import ObjectiveForm
from okrtui.ui.dialogs.kr_form import KeyResultForm
from okrtui.ui.widgets.plan_list import PlanList

SAVING = "Saving…"


def plan_app(repo: Repository) -> tuple[OkrApp, list[str], list[int]]:
    """The app in plan mode; what it notifies, and a count of bells (a key refused while saving)."""
    app = OkrApp(repo, mode="plan", quarter=DEMO_QUARTER)
    app.tests_do_not_settle = True  # these tests wait for the file work themselves
    said: list[str] = []
    bells = [0]
    notify = app.notify

    def recording(message, *args, **kwargs):
        said.append(str(message))
        return notify(message, *args, **kwargs)

    def bell() -> None:
        bells[0] += 1

    app.notify = recording  # type: ignore[method-assign]
    app.bell = bell  # type: ignore[method-assign]
    return app, said, bells


async def open_objective_form(pilot, app: OkrApp, title: str) -> ObjectiveForm:
    await pilot.press("n")
    await wait_until(pilot, lambda: isinstance(app.screen, ObjectiveForm))
    form = app.screen
    assert isinstance(form, ObjectiveForm)
    await type_text(pilot, title)
    form.widget("team").value = "Ops"
    form.widget("owner").value = "amy"
    await pilot.pause()
    return form


def titles(repo: Repository) -> list[str]:
    return [o.title for o in repo.load().objectives]


@pytest.mark.slow
async def test_the_objective_form_saves_after_the_lock_frees_and_keys_are_answered(demo_repo, demo_path):
    app, _said, bells = plan_app(demo_repo)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        form = await open_objective_form(pilot, app, "Calm releases")
        with LockHolder(demo_path, 20) as holder:
            await pilot.press("ctrl+s")
            await wait_until(pilot, lambda: form.saving)
            await wait_until(pilot, lambda: WAITING in app.waiting_text, timeout=3)
            await wait_until(pilot, lambda: WAITING in screen_text(app))  # mounted, then drawn at the next refresh
            assert SAVING in screen_text(app)
            # A key typed now is answered at once (with a bell) and changes nothing; a second ctrl+s
            # queues no second write.
            before = bells[0]
            took = await answered(app, "x", lambda: bells[0] > before)
            assert took < ANSWER_SECONDS, took
            took = await answered(app, "ctrl+s", lambda: bells[0] > before + 1)
            assert took < ANSWER_SECONDS, took
            title = form.widget("title")
            assert isinstance(title, Input) and title.value == "Calm releases"
            assert app.writes_pending == 1 and app.screen is form
            assert "Calm releases" not in titles(demo_repo)  # nothing written while it is held
            holder.release()
            await wait_until(pilot, lambda: app.screen is not form, timeout=5)
        # The form closed when the write landed; the list shows and selects the new objective.
        assert titles(demo_repo).count("Calm releases") == 1
        assert app.waiting_text == ""
        saved = next(o for o in demo_repo.load().objectives if o.title == "Calm releases")
        listing = app.screen.query_one(PlanList)
        await wait_until(pilot, lambda: listing.selected == f"o{saved.id}")


@pytest.mark.slow
async def test_the_kr_form_closed_while_it_waits_still_saves_and_says_so(demo_repo, demo_path):
    app, said, _bells = plan_app(demo_repo)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("down", "a")  # a KR for O1
        await wait_until(pilot, lambda: isinstance(app.screen, KeyResultForm))
        form = app.screen
        assert isinstance(form, KeyResultForm)
        await type_text(pilot, "Pages under 1 MB")
        form.widget("start").value = "3"
        form.widget("target").value = "12"
        await pilot.pause()
        with LockHolder(demo_path, 20) as holder:
            await pilot.press("ctrl+s")
            await wait_until(pilot, lambda: form.saving)
            await wait_until(pilot, lambda: WAITING in app.waiting_text, timeout=3)
            assert SAVING in screen_text(app)
            took = await answered(app, "escape", lambda: not isinstance(app.screen, KeyResultForm))
            assert took < ANSWER_SECONDS, took
            listing = app.screen.query_one(PlanList)
            start = listing.highlighted or 0
            took = await answered(app, "down", lambda: listing.highlighted == start + 1)
            assert took < ANSWER_SECONDS, took
            assert app.writes_pending == 1
            holder.release()
            await wait_until(pilot, lambda: app.writes_pending == 0, timeout=5)
        krs = [k for k in demo_repo.load().key_results if k.title == "Pages under 1 MB"]
        assert [(k.objective_id, k.start, k.target) for k in krs] == [(1, 3, 12)]
        await wait_until(pilot, lambda: "Saved." in said)


async def test_a_form_whose_save_fails_stays_open_with_the_typed_values(demo_repo, demo_path):
    app, _said, _bells = plan_app(demo_repo)
    before = demo_path.read_bytes()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        form = await open_objective_form(pilot, app, "Calm releases")
        demo_repo.read_only = True  # the write is refused in the worker, not by the form
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not form.saving and app.file_idle, timeout=5)
        assert app.screen is form
        assert form.widget("title").value == "Calm releases" and form.widget("owner").value == "amy"
        shown = screen_text(app)
        assert "read-only" in shown and "what you typed is kept" in shown and SAVING not in shown
        await pilot.press("x")  # the form takes keys again
        assert form.widget("title").value.endswith("x") or form.focused is not None
    assert demo_path.read_bytes() == before
