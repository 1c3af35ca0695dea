"""Invalid input is named beside its field and nothing is written."""

from __future__ import annotations

from textual import events
from textual.widgets import Static
from tests.ui.ui_helpers import screen_text, type_text


def error_beside(app, field: str) -> str:
    box = app.screen.query_one(f"#err-{field}", Static)
    return str(box.content) if box.display else ""


async def test_empty_objective_title(empty_app, empty_repo):
    revision = empty_repo.load().meta.revision
    async with empty_app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", "tab")
        await type_text(pilot, "Ops")
        await pilot.press("ctrl+s")
        assert error_beside(empty_app, "title") == "title must not be empty"
        assert "title must not be empty" in screen_text(empty_app)
        await pilot.press("escape")
    ws = empty_repo.load()
    assert ws.objectives == [] and ws.meta.revision == revision


async def test_control_character_is_refused(empty_app, empty_repo):
    async with empty_app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        # A paste is how an escape sequence reaches a field in a real terminal.
        empty_app.screen.focused.post_message(events.Paste("Grow\x1b[31m red"))
        await pilot.pause()
        await pilot.press("tab")
        await type_text(pilot, "Ops")
        await pilot.press("ctrl+s")
        assert "control character (ESC)" in error_beside(empty_app, "title")
        assert "control character" in screen_text(empty_app)
    assert empty_repo.load().objectives == []


async def test_kr_with_start_equal_to_target_and_a_letter_in_a_number(demo_app, demo_repo):
    before = demo_repo.load()
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "a")  # O4
        await type_text(pilot, "NPS 40")
        await pilot.press("tab", "tab", "tab")
        await type_text(pilot, "10")
        await pilot.press("tab")
        await type_text(pilot, "10")
        await pilot.press("ctrl+s")
        message = error_beside(demo_app, "target")
        assert message == "target must differ from start for an 'increase' key result"
        assert message in screen_text(demo_app)

        await pilot.press("shift+tab")  # back to start
        await type_text(pilot, "1o")
        await pilot.press("ctrl+s")
        assert error_beside(demo_app, "start") == "start must be a number, not '1o'"
        assert "start must be a number" in screen_text(demo_app)
        # While a number is unreadable, the whole-KR rule is not piled on top of it.
        assert error_beside(demo_app, "target") == ""
        await pilot.press("escape")
    after = demo_repo.load()
    assert after.key_results == before.key_results and after.meta.revision == before.meta.revision


async def test_missing_target_is_named(demo_app, demo_repo):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "a")
        await type_text(pilot, "NPS 40")
        await pilot.press("ctrl+s")
        assert error_beside(demo_app, "target") == "target is required"
    assert len(demo_repo.load().krs_of(4)) == 3


async def test_coach_speaks_while_typing(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await type_text(pilot, "Win 3 markets")
        assert "warning: objectives are qualitative: move the number into a key result" in screen_text(demo_app)
        await pilot.press("tab")
        await type_text(pilot, "業務")  # 業務 has one objective; 4 would be too many, 2 is fine
        assert "objectives for one quarter" not in screen_text(demo_app)
        await pilot.press("escape")

        await pilot.press("down", "a")  # O4 already has 3 KRs: a 4th is fine, no count warning
        assert "key results; keep to 5" not in screen_text(demo_app)
        await type_text(pilot, "Faster")
        text = screen_text(demo_app)
        assert "hint: say the finish line in the title too" in text
        assert "hint: give the key result a unit" in text
        # The live preview: a bar at the KR's current value (a new KR: its start).
        await pilot.press("tab", "tab", "tab")
        await type_text(pilot, "10")
        await pilot.press("tab")
        await type_text(pilot, "20")
        preview = next(line for line in screen_text(demo_app).splitlines() if "preview:" in line)
        assert "░░░░░░░░░░   0% · pending" in preview and "10 → 20" in preview


async def test_kr_form_bar_moves_with_the_target(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "down", "down", "down", "down", "e")  # past O1, #10-12, O4: #7, decrease 4 → 1 hour at 1.6
        assert "░░  80% ● on track" in screen_text(demo_app)
        await pilot.press("tab", "tab", "tab", "tab")
        await type_text(pilot, "2")  # 1.6 is past a target of 2: 120%, a full bar
        assert "preview: ██████████ 120% ✔ done" in screen_text(demo_app)


async def test_coach_warns_of_a_fourth_objective_and_a_sixth_kr(empty_app, empty_repo):
    quarter = str(empty_app.quarter)
    for title in ("Delight users", "Ship calmly", "Grow"):
        objective = empty_repo.add_objective(quarter=quarter, title=title, team="Ops")
    for n in range(5):
        empty_repo.add_key_result(objective.id, title=f"KR {n}", start=0, target=10, unit="x")
    async with empty_app.run_test(size=(80, 24)) as pilot:
        empty_app.reload()
        await pilot.press("n", "tab")
        await type_text(pilot, "Ops")
        assert "warning: 4 objectives for one quarter; 1 to 3 keep a team focused" in screen_text(empty_app)
        await pilot.press("escape")
        empty_app.screen.query_one("PlanList").select_id(f"o{objective.id}")
        await pilot.press("a")
        assert "warning: 6 key results; keep to 5 or fewer" in screen_text(empty_app)
