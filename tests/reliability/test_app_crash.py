"""An unexpected error in the app: traceback to a log file in the state folder, one sentence on
screen, the terminal given back in a usable state."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from okrtui.storage.repository import Repository


async def test_a_crash_is_logged_with_its_traceback(demo_path, monkeypatch):
    from okrtui.ui.app import OkrApp
    from okrtui.ui.modes.plan import PlanScreen

    def explode(self):
        raise RuntimeError("boom in a planning action")

    monkeypatch.setattr(PlanScreen, "action_new_objective", explode)
    app = OkrApp(Repository(demo_path))
    with pytest.raises(RuntimeError, match="boom"):
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("n")
            await pilot.pause()
    log = app.crash_log
    assert log is not None and log.parent == Path(os.environ["XDG_STATE_HOME"]) / "okrtui"
    text = log.read_text(encoding="utf-8")
    assert "Traceback" in text and "boom in a planning action" in text and str(demo_path) in text
    assert oct(log.stat().st_mode & 0o777) == oct(0o600)
    Repository(demo_path).load()  # the data is intact


CRASHING_APP = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from okrtui.ui.modes.plan import PlanScreen
    def explode(self):
        raise RuntimeError("boom from the keyboard")
    PlanScreen.action_new_objective = explode
    from okrtui.ui.app import run_app
    run_app(Path(sys.argv[1]))
    """
)


@pytest.mark.slow
def test_in_a_real_terminal_the_user_sees_a_sentence_and_gets_the_terminal_back(demo_path, tmp_path):
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed (.ci/run installs it)")
    script = tmp_path / "crash.py"
    script.write_text(CRASHING_APP, encoding="utf-8")
    sock = str(tmp_path / "tmux.sock")
    state = tmp_path / "state"
    command = f"XDG_STATE_HOME={state} {sys.executable} {script} {demo_path}; echo EXIT=$?; sleep 30"

    def tmux(*args: str) -> str:
        return subprocess.run(["tmux", "-S", sock, *args], capture_output=True, text=True, timeout=10).stdout

    tmux("new-session", "-d", "-x", "100", "-y", "30", command)
    try:
        deadline = time.monotonic() + 15
        while "Plan" not in tmux("capture-pane", "-p") and time.monotonic() < deadline:
            time.sleep(0.2)
        tmux("send-keys", "n")
        deadline = time.monotonic() + 15
        screen = ""
        while "EXIT=" not in screen and time.monotonic() < deadline:
            time.sleep(0.2)
            screen = tmux("capture-pane", "-p")
        assert "EXIT=1" in screen, screen
        assert "okrtui stopped on an unexpected error" in screen.replace("\n", " ").replace("  ", " ") or \
            "unexpected error" in screen
        assert "Traceback" not in screen
        assert tmux("display-message", "-p", "#{alternate_on}").strip() == "0"  # left the app's screen
        logs = list((state / "okrtui").glob("crash-*.log"))
        assert len(logs) == 1 and "boom from the keyboard" in logs[0].read_text(encoding="utf-8")
    finally:
        subprocess.run(["tmux", "-S", sock, "kill-server"], capture_output=True)
