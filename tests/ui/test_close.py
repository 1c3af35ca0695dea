"""Closing the demo quarter from planning: grades, decisions, retrospectives; read-only until reopened."""

from __future__ import annotations

from tests.ui.ui_helpers import DEMO_QUARTER, screen_text, type_text, wait_until

from okrtui.domain.clock import view_moment
from okrtui.present.report import build_report
from okrtui.present.report_data import report_dict
from okrtui.ui.dialogs.close import CloseScreen
from okrtui.ui.dialogs.forms import ObjectiveForm
from okrtui.ui.dialogs.pickers import Confirm


async def open_close(pilot, app) -> None:
    """C in week 9 of 13: the early-close question first, then the close's first page."""
    await pilot.press("C")
    await wait_until(pilot, lambda: isinstance(app.screen, Confirm))
    assert "There are 4 weeks left in 2026-Q4 — close it anyway?" in screen_text(app)
    await pilot.press("y")
    await wait_until(pilot, lambda: isinstance(app.screen, CloseScreen))


async def fill(pilot, screen: CloseScreen, decision: str, retro: str, score: str | None = None,
               reason: str = "", shortfall: str = "") -> None:
    """One page: the score (typed over the proposal), its reason, the decision, and the answers asked."""
    if score is not None:
        screen.widgets["score"].focus()
        screen.widgets["score"].value = ""
        await type_text(pilot, score)
        await pilot.pause()
        screen.widgets["score_reason"].focus()
        await type_text(pilot, reason)
    screen.widgets["decision"].value = decision
    await pilot.pause()
    screen.widgets["retrospective"].focus()
    await type_text(pilot, retro)
    if shortfall:
        await pilot.pause()
        assert screen.query_one("#row-shortfall_reason").display
        screen.widgets["shortfall_reason"].focus()
        await type_text(pilot, shortfall)
    await pilot.press("ctrl+s")
    await pilot.pause()


async def test_close_the_demo_quarter_then_reopen_it(demo_app):
    app = demo_app
    async with app.run_test(size=(80, 24)) as pilot:
        await open_close(pilot, app)
        screen = app.screen
        assert "Close 2026-Q4 · objective 1 of 5" in screen_text(app) and "Proposed score 0.63" in screen_text(app)
        # Nothing decided yet: the page says what is missing and stays.
        await pilot.press("ctrl+s")
        await pilot.pause()
        text = screen_text(app)
        assert "choose a decision" in text and "write a short retrospective" in text and screen.page == 0

        await fill(pilot, screen, "achieved", "alignment helped")  # O1 公司
        assert screen.page == 1 and "O4 打造卓越的客戶服務體驗" in screen_text(app)
        await fill(pilot, screen, "drop", "the survey tool failed", shortfall="CSAT stayed at 87")  # O4 客服 committed
        await fill(pilot, screen, "carry_forward", "new market works", score="0.8",
                   reason="two deals signed the week after", shortfall="deals slipped")  # O2 業務 committed
        assert "O5 成為新市場客戶信任的產品顧問" in screen_text(app) and "Proposed score 0.65" in screen_text(app)
        await fill(pilot, screen, "achieved", "follow-ups paid off")  # O5 張志豪's own, in 業務
        await fill(pilot, screen, "achieved", "short videos worked")  # O3 行銷
        await wait_until(pilot, lambda: isinstance(app.screen, Confirm))
        assert "Close 2026-Q4?" in screen_text(app) and "1 carried into 2027-Q1" in screen_text(app)
        await pilot.press("y")
        await wait_until(pilot, lambda: not isinstance(app.screen, (Confirm, CloseScreen)))
        await pilot.pause()

        # The database: archived, graded, one carried copy in the next quarter.
        live = app.repo.load()
        assert live.meta.archived == ["2026-Q4"]
        [copy] = live.objectives_in("2027-Q1")
        assert copy.title == "拓展新市場,提升公司收入來源" and copy.state == "active"
        both = app.repo.load(with_archive=True)
        o = {x.id: x for x in both.objectives_in("2026-Q4")}
        assert (o[2].final_score, o[2].proposed_score, o[2].decision) == (0.8, 0.73, "carry_forward")
        assert o[2].score_reason == "two deals signed the week after" and o[2].shortfall_reason == "deals slipped"
        assert (o[4].state, o[4].met, o[4].final_score) == ("dropped", False, 0.6)
        assert (o[1].state, o[1].met, o[1].retrospective) == ("closed", True, "alignment helped")
        assert (o[5].state, o[5].final_score, o[5].retrospective) == ("closed", 0.65, "follow-ups paid off")
        assert {k.start for k in live.krs_of(copy.id)} == {k.current for k in both.krs_of(2)}
        # The report agrees with the database.
        data = report_dict(build_report(both, DEMO_QUARTER, *view_moment(app.clock, DEMO_QUARTER)))
        by_id = {x["id"]: x for t in data["teams"] for x in t["objectives"]}
        assert data["closed"] and by_id[2]["score"] == 0.8 and by_id[4]["status"] == "dropped"
        assert by_id[3]["retrospective"] == "short videos worked"

        # Issue 17 item 5: closed and final grades in every mode; the editing keys are gone.
        text = screen_text(app)
        assert "0.80" in text and "■ closed" in text and "dropped" in text
        header = text.splitlines()[0]
        assert "closed · final grades" in header and "week" not in header
        footer = text.splitlines()[-1]
        assert "New" not in footer and "Edit" not in footer and "Delete" not in footer and "+KR" not in footer
        await pilot.press("e")
        await pilot.pause()
        assert not isinstance(app.screen, ObjectiveForm)
        await pilot.press("n")
        await pilot.pause()
        assert not isinstance(app.screen, ObjectiveForm)
        for mode in "234":
            await pilot.press(mode)
            await pilot.pause()
            text = screen_text(app)
            assert "closed · final grades" in text.splitlines()[0], mode
            assert "on track" not in text and "at risk" not in text, mode
        await pilot.press("2")  # update mode: no check-in either
        await pilot.pause()
        assert "Check in" not in screen_text(app).splitlines()[-1]
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "UpdateScreen"
        await pilot.press("1")
        await pilot.pause()

        # Reopening is on purpose: it asks first.
        await pilot.press("C")
        await wait_until(pilot, lambda: isinstance(app.screen, Confirm))
        assert "Reopen 2026-Q4?" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        assert app.repo.load().meta.archived == ["2026-Q4"]
        await pilot.press("C")
        await wait_until(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press("y")
        await wait_until(pilot, lambda: app.repo.load().meta.archived == [])
        assert all(x.state == "active" for x in app.repo.load().objectives_in("2026-Q4"))
        await pilot.pause()
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, ObjectiveForm))


async def test_cancel_writes_nothing_and_answers_appear_only_when_asked(demo_app):
    app = demo_app
    before = app.repo.path.read_bytes()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_close(pilot, app)
        screen = app.screen
        assert not screen.query_one("#row-score_reason").display  # the proposal needs no reason
        screen.widgets["score"].value = "0.7"
        await pilot.pause()
        assert screen.query_one("#row-score_reason").display
        screen.widgets["score"].value = "1.5"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "the score must be from 0.0 to 1.0" in screen_text(app) and screen.page == 0
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, CloseScreen)
    assert app.repo.path.read_bytes() == before


async def test_all_krs_done_but_not_achieved_asks_the_guides_question(empty_app):
    app = empty_app
    repo = app.repo
    objective = repo.add_objective(quarter=str(app.quarter), title="Be loved", team="Ops")
    kr = repo.add_key_result(objective.id, title="NPS", start=0, target=10)
    repo.record_checkin(kr.id, 10)
    app.workspace = repo.load()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_close(pilot, app)
        screen = app.screen
        screen.widgets["decision"].value = "modify"
        await pilot.pause()
        assert screen.query_one("#row-coverage_answer").display
        assert screen.query_one("#coverage-question").display
        flowing = " ".join(line.strip(" │") for line in screen_text(app).splitlines())
        assert "do the key results cover the objective?" in flowing
        screen.widgets["decision"].value = "achieved"
        await pilot.pause()
        assert not screen.query_one("#row-coverage_answer").display


async def test_carry_forward_offers_the_unfinished_krs(demo_app):
    """Issue 17 item 3 in the app: 客服 (O4) carried forward takes #7 and #8; #9 (92 ≥ 90) is done."""
    app = demo_app
    async with app.run_test(size=(80, 24)) as pilot:
        await open_close(pilot, app)
        screen = app.screen
        await fill(pilot, screen, "achieved", "alignment helped")  # O1
        assert "O4 打造卓越的客戶服務體驗" in screen_text(app)
        assert not screen.query_one("#row-carry_krs").display
        screen.widgets["decision"].value = "carry_forward"
        await pilot.pause()
        assert screen.query_one("#row-carry_krs").display and screen.widgets["carry_krs"].value == "#7 #8"
        screen.widgets["carry_krs"].value = "#7 #42"
        screen.widgets["retrospective"].value = "slow"
        screen.widgets["shortfall_reason"].value = "survey"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert screen.page == 1 and "'#42' is not one of this objective's key results" in screen_text(app)
        screen.widgets["carry_krs"].value = "#8"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert screen.page == 2 and screen.entries[1].carry_krs == [8]
