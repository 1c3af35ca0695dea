"""A write that fails half-way leaves the previous file intact and says so in a sentence."""

from __future__ import annotations

import errno
import os

import pytest

from okrtui.storage import files
from okrtui.storage.errors import Unwritable
from okrtui.storage.repository import Repository


def _fail_with(code: int):
    def fail(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    return fail


@pytest.mark.parametrize("where", ["write", "fsync", "replace"])
def test_disk_full_keeps_the_previous_file(demo_path, monkeypatch, where):
    before = demo_path.read_bytes()
    repo = Repository(demo_path)
    monkeypatch.setattr(files.os, where, _fail_with(errno.ENOSPC))
    with pytest.raises(Unwritable, match="the disk is full; nothing was changed"):
        repo.record_checkin(1, 5)
    monkeypatch.undo()
    assert demo_path.read_bytes() == before
    assert [p.name for p in demo_path.parent.iterdir() if p.name.endswith(".tmp")] == []
    repo.record_checkin(1, 5)  # and the next write works
    assert repo.load().key_result(1).current == 5


def test_disk_full_from_the_command_line_is_one_sentence(demo_path, run_cli, tmp_path):
    """A real process whose writes fail with ENOSPC (injected through sitecustomize)."""
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(
        "import errno, os\n"
        "_real = os.replace\n"
        "def _full(*a, **k):\n"
        "    raise OSError(errno.ENOSPC, 'No space left on device')\n"
        "os.replace = _full\n",
        encoding="utf-8",
    )
    before = demo_path.read_bytes()
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": str(hook), "OKRTUI_LANG": "en"}
    done = subprocess.run([sys.executable, "-m", "okrtui", "checkin", "1", "5", "--db", str(demo_path)],
                          capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 2
    assert "the disk is full" in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert demo_path.read_bytes() == before
