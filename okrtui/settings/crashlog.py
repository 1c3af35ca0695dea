"""Unexpected errors: the traceback goes to a log file in the user's state folder, never the screen."""

from __future__ import annotations

import traceback
from pathlib import Path

from okrtui.domain.clock import Clock
from okrtui.storage.files import private_folder, write_file


def crash_folder() -> Path:
    from platformdirs import user_state_dir

    return Path(user_state_dir("okrtui", appauthor=False))


def write_crash_log(error: BaseException, context: str = "", clock: Clock | None = None) -> Path | None:
    """Write the error with its traceback to a new private file; return its path (None if impossible)."""
    folder = crash_folder()
    stamp = (clock or Clock()).now().strftime("%Y%m%dT%H%M%S%fZ")
    path = folder / f"crash-{stamp}.log"
    text = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    header = f"okrtui crash at {stamp}\n{context}\n\n" if context else f"okrtui crash at {stamp}\n\n"
    try:
        private_folder(folder)  # a traceback shows paths and data: the owner's eyes only
        write_file(path, (header + text).encode("utf-8"), mode=0o600, replace=False)
    except OSError:
        return None
    return path
