"""An unexpected error in the app: the traceback goes to a log file and the user gets one sentence.

Textual already restores the terminal before it prints its exit messages; this
replaces its traceback (which would show locals on screen) with a sentence
that says where the details are.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text

from okrtui.settings.crashlog import write_crash_log
from okrtui.i18n import _


class CrashReporting:
    """Mixed into the App class before textual's App."""

    crash_log: Path | None = None

    def _handle_exception(self, error: Exception) -> None:  # textual's hook for unhandled errors
        repo = getattr(self, 'repo', None)
        self.crash_log = write_crash_log(error, context=f"database: {repo and repo.path}", clock=repo and repo.clock)
        super()._handle_exception(error)  # type: ignore[misc]

    def _fatal_error(self) -> None:
        self.bell()  # type: ignore[attr-defined]
        if self.crash_log is not None:
            message = _(
                "okrtui stopped on an unexpected error. Every change it had confirmed is saved. "
                "The details are in {path}; please send that file with a bug report."
            ).format(path=self.crash_log)
        else:
            message = _("okrtui stopped on an unexpected error. Every change it had confirmed is saved.")
        self._exit_renderables.append(Text(message))  # type: ignore[attr-defined]
        self._close_messages_no_wait()  # type: ignore[attr-defined]
