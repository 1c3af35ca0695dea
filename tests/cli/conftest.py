from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.fixture
def run(tmp_path):
    """Run the okrtui command line as a real subprocess."""

    def _run(*args: str, env: dict | None = None, check_exit: int | None = None) -> subprocess.CompletedProcess:
        full_env = {**os.environ, "COLUMNS": "120", **(env or {})}
        done = subprocess.run(
            [sys.executable, "-m", "okrtui", *args], capture_output=True, text=True, env=full_env, timeout=60
        )
        if check_exit is not None:
            assert done.returncode == check_exit, (done.stdout, done.stderr)
        return done

    return _run


@pytest.fixture
def cli_demo(run, tmp_path) -> Path:
    path = tmp_path / "d.json"
    run("demo", "--db", str(path), "--no-open", check_exit=0)
    return path
