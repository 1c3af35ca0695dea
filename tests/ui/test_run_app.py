"""Opening the app: a missing database is created, an unusable one is one sentence and exit 2."""

from __future__ import annotations

import subprocess
import sys

import pytest

from okrtui.ui import app as app_module


def test_a_missing_database_opens_the_welcome_and_is_not_created_yet(tmp_path, monkeypatch):
    started = []
    monkeypatch.setattr(app_module.OkrApp, "run", lambda self: started.append(self))
    path = tmp_path / "new" / "okr.json"
    path.parent.mkdir()
    app_module.run_app(path, mode="plan", theme=None)
    assert started and started[0]._welcome and not path.exists()  # tests/ui/test_welcome.py: the choices


@pytest.mark.parametrize("content", ["{not json", '{"objectives": {}}'])
def test_an_unusable_database_is_one_sentence_and_no_traceback(tmp_path, content):
    path = tmp_path / "bad.json"
    path.write_text(content)
    result = subprocess.run([sys.executable, "-m", "okrtui", "plan", "--db", str(path)],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert str(path) in result.stderr
    assert path.read_text() == content  # left untouched


def test_an_unknown_mode_opens_planning(demo_repo):
    app = app_module.OkrApp(demo_repo, mode="nonsense")
    assert app._start_mode == "plan"
