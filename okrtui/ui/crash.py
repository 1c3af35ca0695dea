"""An unexpected error in the app: the traceback goes to a log file and the user gets one sentence.

Textual already restores the terminal before it prints its exit messages; this
replaces its traceback (which would show locals on screen) with a sentence
that says where the details are. Textual's hooks for it are private: textual_compat wraps them.
"""

from __future__ import annotations

from pathlib import Path

from okrtui.settings.crashlog import write_crash_log
from okrtui.i18n import _
from okrtui.ui.textual_compat import UnhandledErrorHooks


class CrashReporting(UnhandledErrorHooks):
    """Mixed into the App class before textual's App."""

    crash_log: Path | None = None

    def record_unhandled_error(self, error: Exception) -> None:
        repo = getattr(self, 'repo', None)
        self.crash_log = write_crash_log(error, context=f"database: {repo and repo.path}", clock=repo and repo.clock)

    def fatal_error_message(self) -> str | None:
        if self.crash_log is not None:
            return _(
                "okrtui stopped on an unexpected error. Every change it had confirmed is saved. "
                "The details are in {path}; please send that file with a bug report."
            ).format(path=self.crash_log)
        return _("okrtui stopped on an unexpected error. Every change it had confirmed is saved.")
