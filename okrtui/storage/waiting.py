"""Waiting for the lock without blocking a caller that must stay responsive (the app).

A write normally waits up to the store's lock_timeout and then fails with a sentence (the CLI
does). A caller that runs writes off its main thread can instead ask, for its own thread, to be
told how long it has waited on every attempt and to wait until the lock frees: `on_wait(seconds)`
is called between attempts and may raise (e.g. StoppedWaiting) to give up; nothing is written then.
Threads are the caller's business: nothing here knows about any UI toolkit.
"""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterator

from okrtui.storage.errors import DatabaseError

if TYPE_CHECKING:
    from filelock import BaseFileLock

POLL_SECONDS = 0.05


class StoppedWaiting(DatabaseError):
    """The caller gave up waiting for the lock; nothing was written."""


@dataclass(frozen=True)
class Patience:
    """How a thread waits for the lock."""

    on_wait: Callable[[float], None] | None = None  # called with the seconds waited so far
    timeout: float | None = None  # None: wait until the lock frees


class PatienceByThread(threading.local):
    """The patience each thread asked for (a thread that asked nothing gets the store's default)."""

    current: Patience | None = None

    @contextmanager
    def applied(self, patience: Patience) -> Iterator[None]:
        before, self.current = self.current, patience
        try:
            yield
        finally:
            self.current = before


def acquire(lock: BaseFileLock, timeout: float | None, on_wait: Callable[[float], None] | None = None,
            poll: float = POLL_SECONDS) -> bool:
    """Take `lock` by non-blocking attempts; False once `timeout` seconds passed without it.

    Between attempts `on_wait(seconds waited)` is called; an exception from it propagates (the
    lock is not held then)."""
    from filelock import Timeout

    start = time.monotonic()
    while True:
        try:
            lock.acquire(blocking=False)
            return True
        except Timeout:
            pass
        waited = time.monotonic() - start
        if timeout is not None and waited >= timeout:
            return False
        if on_wait is not None:
            on_wait(waited)
        time.sleep(poll)
