"""Hostile text through the app's forms: markup shown literally, controls refused, no crash."""

from __future__ import annotations

import re

import pytest
from textual import events
from textual.widgets import Static

from okrtui.domain.quarter import Quarter
from okrtui.storage.repository import Repository
from okrtui.ui.app import OkrApp
from tests.ui.ui_helpers import screen_text

DEMO_QUARTER = Quarter(2026, 4)
LITERAL = [
    "[bold]big[/]",
    "[/]",
    "[link=https://x]click[/link]",
    "[@click=app.quit]quit[/]",
    "🚀 emoji 👩‍👩‍👧 and 中文",
    "עברית ‏rtl‎ العربية",
    "zero\u200bwidth\u200djoin",
]
CONTROLS = ["\x1b[31mred", "\x1b]0;title\x07", "\x1b]8;;https://evil\x1b\\x", "bell\x07", "c1\x9b"]


def paste(app: OkrApp, text: str) -> None:
    """A paste is how escape sequences and long text reach a field in a real terminal."""
    app.screen.focused.post_message(events.Paste(text))


def error_beside(app: OkrApp, field: str) -> str:
    box = app.screen.query_one(f"#err-{field}", Static)
    return str(box.content) if box.display else ""


@pytest.mark.parametrize("text", LITERAL)
async def test_hostile_but_harmless_text_is_saved_and_shown_literally(demo_repo, text):
    app = OkrApp(demo_repo, quarter=DEMO_QUARTER)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n")
        paste(app, text)
        await pilot.pause()
        await pilot.press("tab")
        paste(app, "紅隊")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.is_running  # [@click=app.quit] did not quit
        saved = [o for o in demo_repo.load().objectives if o.team == "紅隊"]
        assert [o.title for o in saved] == [text]
        shown = screen_text(app)
        if text.startswith("["):
            assert text in shown  # brackets and all: never read as markup
        else:
            words = re.findall(r"[A-Za-z\u4e00-\u9fff]+", text)
            assert max(words, key=len) in shown


@pytest.mark.parametrize("text", CONTROLS)
async def test_control_characters_are_refused_in_the_objective_form(demo_repo, text):
    before = demo_repo.path.read_bytes()
    app = OkrApp(demo_repo, quarter=DEMO_QUARTER)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        paste(app, text)
        await pilot.pause()
        await pilot.press("tab")
        paste(app, "Ops")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "control character" in error_beside(app, "title")
        await pilot.press("escape")
    assert demo_repo.path.read_bytes() == before


async def test_control_characters_are_refused_in_the_kr_form(demo_repo):
    before = demo_repo.path.read_bytes()
    app = OkrApp(demo_repo, quarter=DEMO_QUARTER)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "a")  # add a KR to the selected objective
        paste(app, "Faster \x1b[2J replies 10")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "control character (ESC)" in error_beside(app, "title")
        await pilot.press("escape")
    assert demo_repo.path.read_bytes() == before


async def test_a_ten_thousand_character_title_is_refused_without_a_crash(demo_repo):
    before = demo_repo.path.read_bytes()
    app = OkrApp(demo_repo, quarter=DEMO_QUARTER)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        paste(app, "長" * 10_000)
        await pilot.pause()
        await pilot.press("tab")
        paste(app, "Ops")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "10000 characters long; keep it to 200 or fewer" in error_beside(app, "title")
        await pilot.press("escape")
    assert demo_repo.path.read_bytes() == before


async def test_hostile_titles_from_another_session_render_literally(demo_repo):
    """Text written by someone else (CLI, another version) is drawn as typed in every mode."""
    objective = demo_repo.add_objective(quarter=str(DEMO_QUARTER), title="[@click=app.quit]不要[/]", team="[red]x")
    demo_repo.add_key_result(objective.id, title="[bold]KR[/bold] 🚀 10", unit="%", start=0, target=10)
    app = OkrApp(demo_repo, quarter=DEMO_QUARTER)
    async with app.run_test(size=(160, 60)) as pilot:
        for mode in ("1", "2", "3", "4"):
            await pilot.press(mode)
            await pilot.pause(0.2)
            assert app.is_running
        await pilot.press("1")
        await pilot.pause()
        text = screen_text(app)
        assert "[@click=app.quit]不要[/]" in text
    Repository(demo_repo.path).load()
