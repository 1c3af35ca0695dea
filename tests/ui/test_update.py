"""Update mode: the list, a check-in typed and previewed live, saved, undone; milestones,
thresholds, bad values; the key count from `okrtui update` to a saved check-in."""

from __future__ import annotations

import pytest
from tests.conftest import DEMO_NOW
from tests.ui.ui_helpers import DEMO_QUARTER, screen_text, type_text, wait_until

from okrtui.storage.repository import Repository
from okrtui.ui.app import OkrApp
from okrtui.ui.dialogs.checkin_panel import CheckinPanel
from okrtui.ui.widgets.update_list import UpdateList


class CountingKeys:
    """Presses keys through Pilot and counts them; typed text is not counted (the issue's rule)."""

    def __init__(self, pilot):
        self.pilot, self.count = pilot, 0

    async def press(self, *keys: str) -> None:
        self.count += len(keys)
        await self.pilot.press(*keys)
        await self.pilot.pause()

    async def type(self, text: str) -> None:
        await type_text(self.pilot, text)
        await self.pilot.pause()


def update_app(repo: Repository, **options) -> OkrApp:
    return OkrApp(repo, mode="update", quarter=DEMO_QUARTER, **options)


def panel_text(app: OkrApp) -> str:
    return screen_text(app)


def notices(app: OkrApp) -> list[str]:
    """Toasts are drawn on their own layer; read what was said from the app."""
    return [n.message for n in app._notifications]


def shown_ids(app: OkrApp) -> list[int]:
    return [e.view.id for e in app.screen.query_one(UpdateList).entries]


def row_of(app: OkrApp, kr_id: int) -> str:
    """The lines of one KR's row as the list drew it for its width (two lines below 110 columns; the
    initiatives below them are left out). Read from the row, not the screen: at 80×24 the rows with
    their initiatives are more than a screen."""
    listing = app.screen.query_one(UpdateList)
    prompt = next(str(o.prompt) for o in listing._options if o.id == f"k{kr_id}")
    return "\n".join(line.rstrip() for line in prompt.splitlines()[:2])


async def test_list_shows_every_kr_stale_and_off_track_first(demo_repo):
    app = update_app(demo_repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        ids = shown_ids(app)
        assert sorted(ids) == list(range(1, 16))
        # #6 is stale (its last check-in 14 days and 5 minutes before the demo's moment), #4, #8 and
        # 張志豪's #15 off track: they lead; #9 (done) closes the list.
        assert ids[0] == 6 and set(ids[1:4]) == {4, 8, 15} and ids[-1] == 9
        text = screen_text(app)
        assert "15/15 KRs" in text and "┃ = expected today 66%" in text
        assert "#6 ⌛ 完成2場線上直播活動" in text and "stale" in row_of(app, 6)
        # bar with today's mark (66% of 10 cells: the 7th), percentage, status, values, confidence, age
        assert "████░░┃░░░  46% ✖ off track" in row_of(app, 6)
        assert "230 → 500 人 · 林美玲 · 行銷 · conf 4/10 · 14d ago · stale" in row_of(app, 6)
        assert "87 / ≥ 90% · 3 to go" in row_of(app, 8)
        await pilot.press("end")  # #9 closes the list, below the fold at 80x24 with the demo's 15 KRs
        assert "██████┃███ 100% ✔ done" in row_of(app, 9)
        assert "92 / ≥ 90% · holds" in row_of(app, 9)  # issue 17 item 27


async def test_wide_terminal_puts_a_kr_on_one_line(demo_repo):
    app = update_app(demo_repo)
    async with app.run_test(size=(150, 40)) as pilot:
        await pilot.pause()
        line = row_of(app, 4).splitlines()[0]
        for part in ("#4 網站月流量增長30%,達5萬次瀏覽", "行銷", "林美玲", "44,000 → 50,000 次瀏覽/月", "conf 4/10",
                     "48% ✖ off track"):
            assert part in line, part
    app = update_app(demo_repo)
    async with app.run_test(size=(120, 40)) as pilot:  # two lines: the title keeps its room
        await pilot.pause()
        assert "#2 在新市場完成3場產品展示會,並吸引200名潛在客戶" in row_of(app, 2)
        assert "150 → 200 名潛在客戶 · 張志豪 · 業務 · conf 8/10" in row_of(app, 2)


async def test_sort_cycles_team_owner_status_last_checkin(demo_repo):
    app = update_app(demo_repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        assert "sort: team (s)" in screen_text(app)
        teams = [e.objective.team for e in app.screen.query_one(UpdateList).entries]
        assert teams == sorted(teams, key=str.casefold)
        await pilot.press("s")
        owners = [e.owner for e in app.screen.query_one(UpdateList).entries]
        assert "sort: owner" in screen_text(app) and owners == sorted(owners, key=str.casefold)
        await pilot.press("s")
        assert "sort: status" in screen_text(app) and shown_ids(app)[-1] == 9
        await pilot.press("s")
        # The oldest first: the company's #10-12 were never checked in (their objectives measure them), then #6.
        assert "sort: last check-in" in screen_text(app) and shown_ids(app)[:4] == [10, 11, 12, 6]
        await pilot.press("s")
        assert "sort: needs attention" in screen_text(app)


async def test_owner_option_and_m_for_mine(demo_repo, monkeypatch):
    app = update_app(demo_repo, owner="林美玲")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert sorted(shown_ids(app)) == [4, 6] and "owner: 林美玲 (m)" in screen_text(app)
        await pilot.press("m")
        assert len(shown_ids(app)) == 15 and "everyone (m)" in screen_text(app)
        await pilot.press("m")
        assert sorted(shown_ids(app)) == [4, 6]
    monkeypatch.setenv("OKRTUI_USER", "陳大同")
    app = update_app(demo_repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("m")
        assert sorted(shown_ids(app)) == [7, 9]
    monkeypatch.setenv("OKRTUI_USER", "nobody")
    app = update_app(demo_repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("m")
        assert "No key results owned by nobody in 2026-Q4. Press m to see everyone's." in screen_text(app)


async def test_filter_narrows_by_title_owner_or_team(demo_repo):
    app = update_app(demo_repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash")
        await type_text(pilot, "客服")
        await pilot.pause()
        assert sorted(shown_ids(app)) == [7, 8, 9]
        await pilot.press("enter")  # three matches: enter keeps the filter and goes back to the list
        assert app.screen_stack[-1].__class__ is not CheckinPanel
        await type_text(pilot, "zz")  # (typed on the list: no effect)
        await pilot.press("escape")
        assert len(shown_ids(app)) == 15


async def test_checkin_previews_on_every_key_then_saves_and_undoes(demo_repo):
    app = update_app(demo_repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")  # #6, first in the list
        panel = app.screen
        assert isinstance(panel, CheckinPanel) and app.focused.id == "ci-value"
        text = panel_text(app)
        assert "now     ████░░┃░░░  46% ✖ off track  230 → 500 人" in text
        assert "previous 230 人" in text and "History (7)" in text
        assert "2026-11-16         230   4/10  林美玲      第二場尚未定案" in text
        assert "progress ▁▁" in text and "pace     ▂▂" in text
        # the keys' line fits 80 columns on one line (it wrapped "ctrl+o history" onto a line of its own)
        assert "│ ⏎ save · tab next · esc cancel · ctrl+z undo last · ctrl+o history" in text
        seen = []
        for key in "490":  # the value is selected on open: typing replaces it
            await pilot.press(key)
            await pilot.pause()
            seen.append(next(line for line in panel_text(app).splitlines() if "after" in line))
        assert "after   ░░░░░░┃░░░   1% ✖ off track  4 人 (-226)" in seen[0]
        assert "after   ░░░░░░┃░░░  10% ✖ off track  49 人 (-181)" in seen[1]
        assert "after   ██████┃██░  98% ● on track   490 人 (+260)" in seen[2]
        assert demo_repo.load().key_result(6).current == 230  # nothing written before enter
        await pilot.press("tab", "right", "right", "tab")
        assert "6/10" in panel_text(app)
        await type_text(pilot, "第二場 [直播] 260 人")
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, CheckinPanel)

        ws = demo_repo.load()
        last = ws.checkins_of(6)[-1]
        assert (last.value, last.confidence, last.note, ws.key_result(6).current) == (490, 6, "第二場 [直播] 260 人", 490)
        assert last.author  # cli.current_user()
        row = row_of(app, 6)
        assert "490 → 500 人" in row and "98% ● on track" in row and "conf 6/10 · just now" in row
        assert app.screen.query_one(UpdateList).selected_kr == 6  # the cursor followed the KR
        assert "Saved #6: 490. ctrl+z undoes it." in notices(app)

        await pilot.press("ctrl+z")
        await pilot.pause()
        ws = demo_repo.load()
        assert len(ws.checkins_of(6)) == 7 and ws.key_result(6).current == 230 and ws.key_result(6).confidence == 4
        assert "230 → 500 人" in row_of(app, 6) and "46% ✖ off track" in row_of(app, 6)
        assert any(n.startswith("Undone: #1 ") and "current value 230 → 490" in n for n in notices(app))
        await pilot.press("ctrl+y")  # redo, from the log
        await pilot.pause()
        assert demo_repo.load().key_result(6).current == 490
        await pilot.press("ctrl+z", "ctrl+z")
        await pilot.pause()
        assert demo_repo.load().key_result(6).current == 230
        assert "there is no change of yours to undo" in notices(app)


async def test_escape_cancels_and_writes_nothing(demo_repo, demo_path):
    before = demo_path.read_bytes()
    app = update_app(demo_repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await type_text(pilot, "499")
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, CheckinPanel)
    assert demo_path.read_bytes() == before


@pytest.mark.parametrize("typed, message", [
    ("abc", "value must be a number, not 'abc'"),
    ("1e999", "value must be a finite number"),
    ("", "value must be a number, not ''"),
])
async def test_bad_values_say_why_and_save_nothing(demo_repo, demo_path, typed, message):
    before = demo_path.read_bytes()
    app = update_app(demo_repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.press("backspace")
        await type_text(pilot, typed)
        await pilot.pause()
        assert message in panel_text(app)  # the preview line says it while typing
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CheckinPanel)  # still open, the value to fix
        assert f"Nothing was saved: {message}" in panel_text(app)  # one sentence, the reason after the colon
    assert demo_path.read_bytes() == before


async def test_threshold_kr_shows_whether_it_holds(demo_repo):
    app = update_app(demo_repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash")
        await type_text(pilot, "滿意度")
        await pilot.press("enter")  # one match: straight to its check-in
        await pilot.pause()
        assert isinstance(app.screen, CheckinPanel) and app.screen.kr_id == 8
        assert "after   ░░░░░░┃░░░   0% ✖ off track  87% · does not hold" in panel_text(app)
        await type_text(pilot, "91")
        await pilot.pause()
        assert "after   ██████┃███ 100% ✔ done       91% (+4) · holds" in panel_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert demo_repo.load().key_result(8).current == 91
        assert "91 / ≥ 90% · holds" in row_of(app, 8) and "✔ done" in row_of(app, 8)


async def test_milestone_is_done_or_not_done(demo_repo):
    kr = demo_repo.add_key_result(3, title="新官網上線", kind="milestone", start=0, target=1, owner="林美玲")
    demo_repo.record_checkin(kr.id, 0, confidence=5, author="林美玲")
    app = update_app(demo_repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash")
        await type_text(pilot, "官網")
        await pilot.press("enter")
        await pilot.pause()
        assert "[ ] not done" in panel_text(app) and "▲ at risk" in panel_text(app)
        await pilot.press("tab", "2")  # confidence 2: a milestone not done at low confidence is off track
        assert "after   ░░░░░░┃░░░   0% ✖ off track  not done" in panel_text(app)
        await pilot.press("shift+tab", "space")
        assert "[x] done" in panel_text(app)
        assert "after   ██████┃███ 100% ✔ done       done" in panel_text(app)
        await pilot.press("enter")
        await pilot.pause()
        ws = demo_repo.load()
        assert ws.key_result(kr.id).current == 1 and ws.checkins_of(kr.id)[-1].confidence == 2
        assert "✔ done" in row_of(app, kr.id)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert demo_repo.load().key_result(kr.id).current == 0


async def test_at_most_four_keys_from_okrtui_update_to_a_saved_checkin(demo_repo):
    # The KR on top of the list (what needs attention most): enter, the number, enter.
    app = update_app(demo_repo)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = CountingKeys(pilot)
        await keys.press("enter")
        await keys.type("260")
        await keys.press("enter")
        assert demo_repo.load().key_result(6).current == 260
        assert keys.count == 2
    # Any KR: `/`, part of its title, enter (one match opens it), the number, enter.
    app = update_app(demo_repo)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = CountingKeys(pilot)
        await keys.press("slash")
        await keys.type("網站")
        await keys.press("enter")
        await keys.type("45000")
        await keys.press("enter")
        assert demo_repo.load().key_result(4).current == 45000
        assert keys.count == 3
    # A filter that leaves several KRs, the first one wanted: `/`, text, enter, enter, number, enter.
    app = update_app(demo_repo)
    async with app.run_test(size=(80, 24)) as pilot:
        keys = CountingKeys(pilot)
        await keys.press("slash")
        await keys.type("客服")
        await keys.press("enter", "enter")
        assert app.screen.kr_id == 8  # off track: first of 客服's three
        await keys.type("88")
        await keys.press("enter")
        assert demo_repo.load().key_result(8).current == 88
        assert keys.count == 4


async def test_app_and_command_line_record_the_same_checkin(demo_path, tmp_path, monkeypatch):
    """Parity: the panel and `okrtui checkin` store identical check-ins (apart from the moment)."""
    import shutil

    from okrtui.cli.main import main

    monkeypatch.setenv("OKRTUI_USER", "Mei")
    other = tmp_path / "cli.json"
    shutil.copy(demo_path, other)
    with pytest.raises(SystemExit) as done:
        main(["checkin", "6", "260", "--confidence", "6", "--note", "第二場", "--db", str(other)])
    assert done.value.code == 0
    repo = Repository(demo_path)
    app = update_app(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await type_text(pilot, "260")
        await pilot.press("tab", "right", "right", "tab")
        await type_text(pilot, "第二場")
        await pilot.press("enter")
        await pilot.pause()
    by_app, by_cli = repo.load(), Repository(other).load()
    strip = lambda c: c.model_dump(exclude={"at"})  # noqa: E731
    assert strip(by_app.checkins_of(6)[-1]) == strip(by_cli.checkins_of(6)[-1])
    assert by_app.key_result(6).model_dump(exclude={"updated_at"}) == by_cli.key_result(6).model_dump(exclude={"updated_at"})


def test_update_command_passes_owner_to_the_app(monkeypatch, tmp_path):
    import okrtui.ui.app as app_module
    from okrtui.cli.main import main

    calls = []
    monkeypatch.setattr(app_module, "run_app", lambda path, **kw: calls.append((path, kw)))
    with pytest.raises(SystemExit):
        main(["update", "--owner", "林美玲", "--db", str(tmp_path / "x.json")])
    [(path, options)] = calls
    clock = options.pop("clock")  # the command's one clock, started at OKRTUI_NOW
    assert (path, options) == (tmp_path / "x.json", {"mode": "update", "theme": None, "owner": "林美玲"})
    assert clock.now().isoformat()[:16] == DEMO_NOW.isoformat()[:16]


async def test_checkin_from_another_process_redraws_an_open_panel(demo_repo):
    app = update_app(demo_repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await type_text(pilot, "300")
        demo_repo.record_checkin(6, 250, note="elsewhere", author="ssh")
        await wait_until(pilot, lambda: "History (8)" in panel_text(app), timeout=2)
        text = panel_text(app)
        assert "previous 250 人" in text and "elsewhere" in text
        assert app.focused.value == "300"  # what was being typed is kept


async def test_tab_reaches_confidence_where_digits_and_arrows_set_it(demo_repo):
    app = update_app(demo_repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "tab", "9")
        assert app.focused.id == "ci-confidence" and app.focused.value == 9
        assert app.current_mode == "update"  # the digit did not switch modes
        await pilot.press("up", "up", "down", "down", "down", "left")
        assert app.focused.value == 6 and "6/10 ▶ medium" in panel_text(app)  # 9, 10, 10, 9, 8, 7, 6
        assert app.screen.query_one("#ci-value").value == "230"  # the value was left alone
        await pilot.press("shift+tab")
        await type_text(pilot, "-600")  # far below the start: the percentage is shown whole
        await pilot.pause()
        assert "░░░░░░┃░░░ -120% ✖ off track" in panel_text(app)
