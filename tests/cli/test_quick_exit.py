"""cli/quick_exit.py: `okrtui checkin` and `okrtui list`, run as the process's own command line, end once
their answer is out, without the interpreter's teardown, after running the exit handlers; their output,
exit code and file are those of a normal exit. A list that fails, other commands, and main(argv) called
by a program exit normally."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

# A finaliser that only the interpreter's teardown runs, and an exit handler that both run.
_PROBE = """
import atexit, sys
class Teardown:
    def __del__(self):
        sys.stderr.write("teardown\\n")
probe = Teardown()
atexit.register(lambda: sys.stderr.write("atexit\\n"))
from okrtui.cli.main import main
sys.argv = ["okrtui", *sys.argv[1:]]
main({argv})
"""


def _run(args: list[str], argv: str = "None") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", _PROBE.format(argv=argv), *args], capture_output=True, text=True,
                          env={**os.environ, "COLUMNS": "120"}, timeout=60)  # the width the `run` fixture gives


def test_a_checkin_ends_without_the_teardown_after_its_exit_handlers(demo_path):
    done = _run(["checkin", "1", "41", "--db", str(demo_path)])
    assert done.returncode == 0
    assert done.stdout.startswith("#1 ") and done.stdout.endswith("\n")  # the whole answer, flushed
    assert done.stderr.splitlines() == ["atexit"]  # handlers ran; no teardown
    written = json.loads(demo_path.read_bytes())
    assert [c["value"] for c in written["checkins"].values()][-1] == 41.0


def test_a_refused_checkin_keeps_its_message_and_exit_code(demo_path):
    done = _run(["checkin", "1", "abc", "--db", str(demo_path)])
    assert done.returncode == 2
    assert done.stderr.splitlines() == ["okrtui: value must be a number, not 'abc'", "atexit"]


@pytest.mark.parametrize("as_json", [True, False])
def test_a_list_ends_without_the_teardown_with_all_its_output(run, demo_path, as_json):
    args = ["list", "--db", str(demo_path), *(["--json"] if as_json else [])]
    done = _run(args)
    assert (done.returncode, done.stderr.splitlines()) == (0, ["atexit"])
    assert done.stdout == run(*args, check_exit=0).stdout  # every byte written (flushed before the end)
    assert len(done.stdout) > 1000


def test_a_list_closed_pipe_ends_as_it_does_without_the_early_end(demo_path):
    codes, errors = [], []
    for argv in ("None", repr(["list", "--json", "--db", str(demo_path)])):
        reader = subprocess.Popen([sys.executable, "-c", _PROBE.format(argv=argv), "list", "--json", "--db", str(demo_path)],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        reader.stdout.close()  # the reader is gone before a byte is written, like `| head -c 0`
        errors.append(reader.stderr.read().decode())
        codes.append(reader.wait(timeout=60))
    assert codes[0] == codes[1]
    assert all("Traceback" not in err for err in errors)


def test_other_commands_a_failed_list_and_a_program_calling_main_exit_normally(demo_path):
    failed = _run(["list", "--team", "nobody", "--db", str(demo_path)])
    assert failed.returncode == 2 and "there is no team 'nobody'" in failed.stderr
    assert failed.stderr.splitlines()[-1] == "teardown"
    shown = _run(["history", "1", "--db", str(demo_path)])
    assert shown.returncode == 0 and shown.stderr.splitlines()[-1] == "teardown"
    called = _run([], argv=repr(["checkin", "1", "42", "--db", str(demo_path)]))
    assert called.returncode == 0 and called.stderr.splitlines()[-1] == "teardown"
