"""`E` in plan mode: the app suspends, runs `okrtui edit` for the quarter and team shown, and comes
back to the plan showing the edit; not offered where the app cannot suspend (headless, served,
read-only). The real terminal (tmux, 80×24) is the slow test at the end."""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from okrtui.storage.repository import Repository
from okrtui.ui.app import OkrApp
from okrtui.ui.modes.plan import PlanScreen
from tests.conftest import DEMO_NOW
from tests.ui.ui_helpers import DEMO_QUARTER, screen_text, wait_until

OLD = "網站月流量增長30%,達5萬次瀏覽 {#4}"
NEW = "Site visits 60k a month {#4}"


def fake_editor(tmp_path: Path) -> str:
    script = tmp_path / "fake_editor.py"
    script.write_text(
        "import pathlib, sys\npath = pathlib.Path(sys.argv[-1])\ntext = path.read_text(encoding='utf-8')\n"
        f"text = text.replace({OLD!r}, {NEW!r}).replace('38500 → 50000', '38500 → 60000')\n"
        "path.write_text(text, encoding='utf-8')\n", encoding="utf-8")
    return f"{sys.executable} {script}"


def palette_titles(screen: PlanScreen) -> list[str]:
    return [title for title, _help, _run in screen.palette_actions()]


async def test_not_offered_where_the_app_cannot_suspend(demo_path):
    for repo in (Repository(demo_path), Repository(demo_path, read_only=True)):
        app = OkrApp(repo, quarter=DEMO_QUARTER)
        async with app.run_test(size=(80, 24)) as pilot:  # headless: no terminal to hand over
            screen = app.screen
            assert isinstance(screen, PlanScreen)
            assert screen.check_action("edit_as_text", ()) is False
            assert "Edit as text" not in palette_titles(screen)
            await pilot.press("E")
            await pilot.pause()
    assert Repository(demo_path).load().key_result(4).title != NEW[:-5]


async def test_E_runs_the_edit_for_the_team_shown_and_returns_to_the_plan(demo_path, tmp_path, monkeypatch):
    monkeypatch.setenv("EDITOR", fake_editor(tmp_path))
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setattr(PlanScreen, "can_suspend", lambda self: True)
    monkeypatch.setattr(OkrApp, "suspend", lambda self: contextlib.nullcontext())
    asked = []
    monkeypatch.setattr("click.confirm", lambda text, **kw: asked.append(text) or True)
    checkins = len(Repository(demo_path).load().checkins_of(4))
    app = OkrApp(Repository(demo_path), quarter=DEMO_QUARTER)
    async with app.run_test(size=(80, 24)) as pilot:
        app.set_team("行銷")
        assert "Edit as text" in palette_titles(app.screen)
        await pilot.press("E")
        await wait_until(pilot, lambda: "Site visits 60k" in screen_text(app))
        assert asked == ["Apply these changes?"]
        assert any("applied: 1 key result changed" in str(n.message) for n in app._notifications)
    kr = Repository(demo_path).load().key_result(4)
    assert (kr.title, kr.target) == ("Site visits 60k a month", 60000)
    assert len(Repository(demo_path).load().checkins_of(4)) == checkins


async def test_E_in_a_closed_quarter_is_not_offered(demo_path, monkeypatch):
    monkeypatch.setattr(PlanScreen, "can_suspend", lambda self: True)
    app = OkrApp(Repository(demo_path), quarter=DEMO_QUARTER.previous())
    async with app.run_test(size=(80, 24)):
        if app.quarter_closed():
            assert app.screen.check_action("edit_as_text", ()) is False
            assert "Edit as text" not in palette_titles(app.screen)


@pytest.mark.slow
def test_E_in_tmux_at_80x24_edits_and_comes_back_to_the_plan(demo_path, tmp_path):
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed (.ci/run installs it)")
    checkins = len(Repository(demo_path).load().checkins_of(4))
    sock = str(tmp_path / "tmux.sock")
    command = (f"env OKRTUI_LANG=en OKRTUI_NOW={DEMO_NOW.isoformat()} LANG=C.UTF-8 TERM=xterm-256color VISUAL= "
               f"EDITOR='{fake_editor(tmp_path)}' {sys.executable} -m okrtui --db {demo_path}; echo EXIT=$?; sleep 30")

    def tmux(*args: str) -> str:
        return subprocess.run(["tmux", "-S", sock, *args], capture_output=True, text=True, timeout=10).stdout

    def wait_for(*texts: str, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = tmux("capture-pane", "-p")
            if all(text in screen for text in texts):
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{texts!r} did not appear on the screen:\n{screen}")

    tmux("new-session", "-d", "-x", "80", "-y", "24", command)
    try:
        wait_for("1:Plan")
        wait_for("公司 · 1 objective")  # the plan is drawn; 行銷 and its KR #4 are below the fold at 80×24
        tmux("send-keys", "E")
        screen = wait_for("Apply these changes?")  # the app is suspended: okrtui edit's own diff and question
        assert "~ #4 Site visits 60k a month" in screen and "target: 50000 → 60000" in screen
        assert tmux("display-message", "-p", "#{alternate_on}").strip() == "0"
        tmux("send-keys", "y", "Enter")
        # Back in plan mode, the cursor on the edited KR (below the fold before), showing the edit.
        # Its target moved after check-ins: the row carries the ⇄ mark (issue 18).
        screen = wait_for("1:Plan", "#4 ⇄ Site visits 60k a month")
        assert "Apply these changes?" not in screen
        assert tmux("display-message", "-p", "#{alternate_on}").strip() == "1"
        wait_for("applied: 1 key result changed")
        tmux("send-keys", "q")
        wait_for("EXIT=0")
    finally:
        subprocess.run(["tmux", "-S", sock, "kill-server"], capture_output=True)
    rows = json.loads(demo_path.read_text(encoding="utf-8"))
    assert rows["key_results"]["4"]["title"] == "Site visits 60k a month"
    assert rows["key_results"]["4"]["target"] == 60000
    assert sum(1 for c in rows["checkins"].values() if c["kr_id"] == 4) == checkins
