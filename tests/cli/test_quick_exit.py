"""cli/quick_exit.py: `okrtui checkin`, run as the process's own command line, ends once its answer is out,
without the interpreter's teardown, after running the exit handlers; its output, exit code and file are
those of a normal exit. Other commands, and main(argv) called by a program, exit normally."""

from __future__ import annotations

import json
import subprocess
import sys

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
                          timeout=60)


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


def test_other_commands_and_a_program_calling_main_exit_normally(demo_path):
    listed = _run(["list", "--db", str(demo_path)])
    assert listed.returncode == 0 and listed.stderr.splitlines()[-1] == "teardown"
    called = _run([], argv=repr(["checkin", "1", "42", "--db", str(demo_path)]))
    assert called.returncode == 0 and called.stderr.splitlines()[-1] == "teardown"
