"""Helpers for tests that start real processes (servers, browsers)."""

from __future__ import annotations

import socket
import subprocess


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def stop(process: subprocess.Popen, timeout: float = 10) -> None:
    """Terminate a process and wait for it; kill it if it does not go."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    assert process.poll() is not None, "the process is still running"


# Holds the database's lock (the sidecar file okrtui locks) until the release file appears or
# the seconds run out; says "held" on stdout once it has it.
LOCK_HOLDER = """
import sys, time
from pathlib import Path
from filelock import FileLock
lock, seconds, release = FileLock(sys.argv[1], thread_local=False), float(sys.argv[2]), Path(sys.argv[3])
lock.acquire()
print("held", flush=True)
deadline = time.monotonic() + seconds
while time.monotonic() < deadline and not release.exists():
    time.sleep(0.01)
lock.release()
"""


class LockHolder:
    """Another process holding `db`'s lock: `with LockHolder(db, 5) as holder: ... holder.release()`."""

    def __init__(self, db, seconds: float):
        import sys
        from pathlib import Path

        self.release_file = Path(db).with_name(Path(db).name + ".release")
        self.process = subprocess.Popen(
            [sys.executable, "-c", LOCK_HOLDER, str(Path(db).with_name(Path(db).name + ".lock")), str(seconds),
             str(self.release_file)], stdout=subprocess.PIPE, text=True)

    def __enter__(self) -> "LockHolder":
        assert self.process.stdout is not None and self.process.stdout.readline().strip() == "held"
        return self

    def release(self) -> None:
        self.release_file.touch()
        self.process.wait(timeout=10)

    def __exit__(self, *exc) -> None:
        self.release_file.touch()
        stop(self.process)
