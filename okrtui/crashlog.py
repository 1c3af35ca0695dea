"""Unexpected errors: the traceback goes to a log file in the user's state folder, never the screen."""

from __future__ import annotations

import os
import traceback
from pathlib import Path

from okrtui.domain.clock import Clock


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
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(header + text)
    except OSError:
        return None
    return path
