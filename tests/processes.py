"""Helpers for tests that start real processes (servers, browsers)."""

from __future__ import annotations

import subprocess


def stop(process: subprocess.Popen, timeout: float = 10) -> None:
    """Terminate a process and wait for it; kill it if it does not go."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    assert process.poll() is not None, "the process is still running"
