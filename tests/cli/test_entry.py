"""The `okrtui` program (cli/entry.run) ends a read-only quick command that wrote its output in
full without the interpreter's teardown (issue 21's B10), and takes the ordinary way out otherwise:
an error, a write, a closed pipe."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

# atexit's handlers run in the interpreter's teardown: its line on stderr says there was one.
SCRIPT = ("import atexit, sys\n"
          "atexit.register(lambda: sys.stderr.write('<teardown>'))\n"
          "from okrtui.cli.entry import run\n"
          "run()\n")


def _program(*args: str, stdout=subprocess.PIPE) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", SCRIPT, *args], stdout=stdout, stderr=subprocess.PIPE,
                          text=True, env={**os.environ, "COLUMNS": "120"}, timeout=60)


@pytest.mark.parametrize("json", [True, False])
def test_a_list_ends_at_once_with_all_its_output(run, demo_path, json):
    args = ["list", "--db", str(demo_path), *(["--json"] if json else [])]
    done = _program(*args)
    assert (done.returncode, done.stderr) == (0, "")  # no teardown, nothing on stderr
    assert done.stdout == run(*args, check_exit=0).stdout  # every byte written (flushed before the end)
    assert len(done.stdout) > 1000


def test_errors_and_writes_take_the_ordinary_way_out(demo_path):
    done = _program("list", "--team", "nobody", "--db", str(demo_path))
    assert done.returncode == 2 and "there is no team 'nobody'" in done.stderr and "<teardown>" in done.stderr
    done = _program("checkin", "1", "41", "--db", str(demo_path))
    assert done.returncode == 0 and done.stderr == "<teardown>"


def test_a_closed_pipe_ends_as_it_does_through_main(demo_path):
    codes = []
    for script in (SCRIPT, "from okrtui.cli.main import main\nmain()\n"):
        reader = subprocess.Popen([sys.executable, "-c", script, "list", "--json", "--db", str(demo_path)],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        reader.stdout.close()  # the reader is gone before a byte is written, like `| head -c 0`
        err = reader.stderr.read().decode()
        codes.append(reader.wait(timeout=60))
        assert "Traceback" not in err and "Error" not in err
    assert codes[0] == codes[1]
