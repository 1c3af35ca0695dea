"""Run a program in a pseudo-terminal of a given size and time it: wall time from spawn to exit,
its peak memory (ru_maxrss from wait4) and everything it drew. Used by B2 and B3: once the first
screen shows every marker, the terminal types the quit key (ctrl+q), as a user who starts the app,
looks and quits would; the time to the first screen is kept too."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import sys
import termios
import time
from dataclasses import dataclass

TIMEOUT = 300.0  # XL's first frame on a machine shared with test suites took over 60 s
# Linux keeps a process's peak RSS across fork and exec, so a child forked from this (large)
# process would report this process's size. A small launcher is exec'd first; it forks the
# program (a fresh peak) and writes that grandchild's ru_maxrss (KB) to the file named by argv[1].
_LAUNCHER = (
    "import os,sys\n"
    "pid=os.fork()\n"
    "if pid==0:\n"
    "    os.execv(sys.argv[2],sys.argv[2:])\n"
    "_p,status,usage=os.wait4(pid,0)\n"
    "open(sys.argv[1],'w').write(str(usage.ru_maxrss))\n"
    "sys.exit(os.waitstatus_to_exitcode(status))\n"
)


QUIT_KEY = b"\x11"  # ctrl+q: Textual's quit, okrtui's and the minimal app's alike


@dataclass
class Run:
    seconds: float
    max_rss_mb: float
    output: bytes
    status: int
    drawn_seconds: float | None = None  # spawn → every marker drawn (None: no markers asked for, or never drawn)


def run_in_terminal(argv: list[str], env: dict[str, str], cols: int = 80, rows: int = 24,
                    quit_on: tuple[bytes, ...] = ()) -> Run:
    """`quit_on`: once the output holds every one of these, type the quit key (once)."""
    import tempfile

    report = tempfile.NamedTemporaryFile(prefix="okrtui-bench-rss-", delete=False)
    report.close()
    launcher = [sys.executable, "-S", "-c", _LAUNCHER, report.name, *argv]
    started = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child: the pty is its controlling terminal
        try:
            fcntl.ioctl(sys.stdout.fileno(), termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
            os.execve(launcher[0], launcher, env)
        finally:
            os._exit(127)
    chunks: list[bytes] = []
    seen = bytearray()
    drawn: float | None = None
    try:
        while True:
            if time.perf_counter() - started > TIMEOUT:
                os.kill(pid, 9)
                raise RuntimeError(f"{' '.join(argv)} did not exit within {TIMEOUT:.0f} s")
            ready, _w, _x = select.select([fd], [], [], 0.5)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
            if quit_on and drawn is None:
                seen += chunk
                if all(marker in seen for marker in quit_on):
                    drawn = time.perf_counter() - started
                    os.write(fd, QUIT_KEY)
        _pid, status = os.waitpid(pid, 0)  # the launcher's own rusage carries this process's peak
        elapsed = time.perf_counter() - started
        with open(report.name) as kb:
            rss_kb = int(kb.read() or 0)
    finally:
        os.close(fd)
        os.unlink(report.name)
    return Run(elapsed, rss_kb / 1024, b"".join(chunks), os.waitstatus_to_exitcode(status), drawn)
