"""The `okrtui` program (pyproject's console script and `python -m okrtui`): cli/main.main, and
for a read-only quick command that wrote its output in full, the process's end without the
interpreter's teardown.

Tearing down frees every module and object one by one (pydantic, click, the parsed file): ~20 ms
of a ~200 ms `okrtui list --json` at L, after the last byte is written and before the shell gets
the prompt back. A command says it may end so (context.may_end_at_once) only once everything it
writes is written and it holds nothing open for writing; its streams are flushed here first, and
any failure to flush (a closed pipe) takes the ordinary way out. Callers of main() in a process
(tests, `okrtui serve`'s probe) are not affected: only this entry point ends the process.
"""

from __future__ import annotations

import sys
from os import _exit  # the process's end without teardown (documented in os)


def run() -> None:
    from okrtui.cli import context
    from okrtui.cli.main import main

    try:
        main()
    except SystemExit as done:
        if done.code in (0, None) and context.may_end_at_once():
            try:
                sys.stdout.flush()
                sys.stderr.flush()
            except (OSError, ValueError):
                raise done from None
            _exit(0)
        raise
