"""Helpers for the reliability tests: real processes, real files, and a user without root's powers."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

# Root ignores permission bits through two capabilities; without them it obeys them like anyone.
DROP_DAC = ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]


@pytest.fixture(scope="session")
def unprivileged():
    """Run okrtui as a process that file permissions restrict.

    Under root the command runs without the capabilities that let root ignore
    permission bits (via setpriv); otherwise it runs as the current user.
    """
    prefix: list[str] = []
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root and setpriv (util-linux) is missing: permissions cannot be tested")
        prefix = DROP_DAC

    def run(args: list[str], **kwargs) -> subprocess.CompletedProcess:
        env = {**os.environ, "OKRTUI_LANG": "en"}
        return subprocess.run(
            [*prefix, sys.executable, "-m", "okrtui", *args], capture_output=True, text=True,
            env=env, timeout=60, **kwargs,
        )

    return run


@pytest.fixture
def shared_dir():
    """A folder any user may enter (pytest's tmp_path is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="okrtui-rel-"))
    os.chmod(folder, 0o777)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def run_cli():
    def run(*args: str) -> subprocess.CompletedProcess:
        env = {**os.environ, "OKRTUI_LANG": "en", "COLUMNS": "120"}  # the table fits the terminal: pin one
        return subprocess.run([sys.executable, "-m", "okrtui", *args], capture_output=True, text=True, env=env, timeout=60)

    return run
