"""Time to first draw of the app on the demo, in a real terminal (tmux), median of several runs.

    python bench/app_startup.py [--runs 7] [--size 80x24]

Each run starts `okrtui --db DEMO` in a fresh detached tmux pane of its own
(a private server socket), then polls the pane every 10 ms until the planning
screen shows the demo's rows (a title and a progress bar). The time counted is
from just before the tmux command to that moment: process start, imports,
loading the database and Textual's first frame. The demo is copied fresh.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MARKERS = ("拓展新市場", "█")
TIMEOUT = 15.0


def okrtui_command() -> list[str]:
    exe = Path(sys.executable).with_name("okrtui")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "okrtui"]


def one_run(db: Path, size: str) -> float:
    cols, rows = size.split("x")
    sock = tempfile.mktemp(prefix="okrtui-bench-")
    tmux = ["tmux", "-S", sock]
    command = " ".join(okrtui_command() + ["--db", str(db)])
    started = time.perf_counter()
    subprocess.run(tmux + ["new-session", "-d", "-s", "bench", "-x", cols, "-y", rows,
                           f"TERM=xterm-256color {command}"], check=True)
    try:
        while True:
            screen = subprocess.run(tmux + ["capture-pane", "-p", "-t", "bench"],
                                    capture_output=True, text=True).stdout
            if all(marker in screen for marker in MARKERS):
                return time.perf_counter() - started
            if time.perf_counter() - started > TIMEOUT:
                raise RuntimeError(f"no first screen within {TIMEOUT} s:\n{screen}")
            time.sleep(0.01)
    finally:
        subprocess.run(tmux + ["kill-server"], capture_output=True)
        if os.path.exists(sock):
            os.unlink(sock)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--size", default="80x24")
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        sys.exit("tmux is needed: apt-get install tmux")
    folder = Path(tempfile.mkdtemp(prefix="okrtui-bench-"))
    db = folder / "demo.json"
    subprocess.run(okrtui_command() + ["demo", "--db", str(db), "--no-open"], check=True, capture_output=True)
    one_run(db, args.size)  # warm the file cache; not counted
    times = [one_run(db, args.size) for _ in range(args.runs)]
    shutil.rmtree(folder, ignore_errors=True)
    print(f"first screen drawn ({args.size}, {args.runs} runs): median {statistics.median(times) * 1000:.0f} ms, "
          f"min {min(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms")
    print("runs (ms): " + ", ".join(f"{t * 1000:.0f}" for t in times))


if __name__ == "__main__":
    main()
