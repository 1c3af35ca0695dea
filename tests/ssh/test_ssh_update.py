"""A real SSH session: Debian's sshd on a loopback port with key authentication, started and
stopped here; `ssh -tt` into `okrtui update` inside tmux at 80x24; a check-in typed with keys
lands in the database. Skips (with the reason) only when sshd is missing and cannot be installed."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import DEMO_NOW, pinned_clock
from tests.processes import free_port, stop

from okrtui.domain.clock import NOW_ENV
from okrtui.storage.demo import install_demo
from okrtui.storage.repository import Repository

pytestmark = [pytest.mark.ssh, pytest.mark.slow]

SSHD_CANDIDATES = ("/usr/sbin/sshd", "/usr/bin/sshd")


def find_sshd() -> str | None:
    return shutil.which("sshd") or next((p for p in SSHD_CANDIDATES if os.path.exists(p)), None)


def ensure_sshd() -> str:
    """sshd, installed from Debian's openssh-server when missing and possible; else skip."""
    if sshd := find_sshd():
        return sshd
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        pytest.skip("sshd is not installed and cannot be installed here (needs root and apt-get)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "openssh-server"]):
        done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=900)
        if done.returncode != 0:
            pytest.skip(f"sshd cannot be installed: {' '.join(command)} failed: {done.stderr.strip()[-300:]}")
    if sshd := find_sshd():
        return sshd
    pytest.skip("sshd cannot be installed: openssh-server installed no sshd")


def wait_for(check, timeout: float, what: str, step: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := check():
            return result
        time.sleep(step)
    raise AssertionError(f"{what} within {timeout} s")


@pytest.fixture
def sshd(tmp_path: Path):
    """An sshd of our own: 127.0.0.1, a high port, its own host key, one authorized key."""
    binary = ensure_sshd()
    for tool in ("ssh", "ssh-keygen", "tmux"):
        if not shutil.which(tool):
            pytest.skip(f"{tool} is not installed")
    keys = tmp_path / "keys"
    keys.mkdir(mode=0o700)
    for name in ("host", "client"):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(keys / name)], check=True)
    (keys / "authorized_keys").write_text((keys / "client.pub").read_text())
    if os.geteuid() == 0:
        os.makedirs("/run/sshd", mode=0o755, exist_ok=True)  # sshd's privilege separation directory
    port = free_port()
    config = keys / "sshd_config"
    config.write_text("\n".join([
        f"Port {port}", "ListenAddress 127.0.0.1", f"HostKey {keys / 'host'}", f"PidFile {keys / 'sshd.pid'}",
        f"AuthorizedKeysFile {keys / 'authorized_keys'}", "PubkeyAuthentication yes",
        "PasswordAuthentication no", "KbdInteractiveAuthentication no", "PermitRootLogin prohibit-password",
        "StrictModes no", "UsePAM no", "PrintMotd no", "PrintLastLog no", "",
    ]))
    log = open(tmp_path / "sshd.log", "w")
    server = subprocess.Popen([binary, "-D", "-e", "-f", str(config)], stdout=log, stderr=subprocess.STDOUT)

    def listening() -> bool:
        if server.poll() is not None:
            raise AssertionError(f"sshd exited: {(tmp_path / 'sshd.log').read_text()}")
        with socket.socket() as s:
            return s.connect_ex(("127.0.0.1", port)) == 0

    try:
        wait_for(listening, 10, "sshd did not listen")
        yield port, keys / "client"
    finally:
        stop(server, timeout=5)
        log.close()


class Tmux:
    """A private tmux server (its own socket): a pane of a fixed size, keys in, screen out."""

    def __init__(self, socket_path: Path):
        self.socket = str(socket_path)

    def __call__(self, *args: str) -> str:
        done = subprocess.run(["tmux", "-u", "-f", "/dev/null", "-S", self.socket, *args],
                              capture_output=True, text=True, timeout=10)
        return done.stdout

    def screen(self) -> str:
        return self("capture-pane", "-p", "-t", "ssh")

    def wait_screen(self, text: str, timeout: float = 20) -> str:
        return wait_for(lambda: self.screen() if text in self.screen() else "", timeout,
                        f"'{text}' did not appear on the screen:\n{self.screen()}")


def test_checkin_over_ssh_in_tmux(sshd, tmp_path):
    port, key = sshd
    db = install_demo(tmp_path / "shared.json", pinned_clock())
    home = tmp_path / "home"
    home.mkdir()
    # The very okrtui of this test run: the entry point beside this interpreter.
    okrtui = Path(sys.executable).parent / "okrtui"
    assert okrtui.exists(), okrtui
    # An SSH session starts with a clean environment: the demo's moment is passed on explicitly.
    remote = (f"env HOME={home} OKRTUI_USER=ssh-tester OKRTUI_LANG=en LANG=C.UTF-8 {NOW_ENV}={DEMO_NOW.isoformat()} "
              f"{okrtui} update --db {db}")
    ssh = (f"ssh -tt -i {key} -p {port} -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null "
           f"-o BatchMode=yes -o LogLevel=ERROR {pwd.getpwuid(os.geteuid()).pw_name}@127.0.0.1 '{remote}'")
    tmux = Tmux(tmp_path / "tmux.sock")
    tmux("new-session", "-d", "-s", "ssh", "-x", "80", "-y", "24", f"TERM=xterm-256color {ssh}; sleep 30")
    server_pid = tmux("display-message", "-p", "-t", "ssh", "#{pid}").strip()
    try:
        screen = tmux.wait_screen("KRs · sort: needs attention")
        assert "2:Update" in screen and "┃ = expected today" in screen
        # A key sent in the very moment of the first paint can be taken by the terminal set-up;
        # a person types later. Press / until the filter field is there (its hint in the footer).
        for _attempt in range(5):
            tmux("send-keys", "-t", "ssh", "/")
            try:
                tmux.wait_screen("Clear filter", timeout=2)
                break
            except AssertionError:
                continue
        tmux("send-keys", "-t", "ssh", "-l", "直播")
        tmux.wait_screen("1/15 KRs")  # the demo's 15 KRs, one matching
        tmux("send-keys", "-t", "ssh", "Enter")  # one KR left: its check-in opens
        tmux.wait_screen("previous 230 人")
        tmux("send-keys", "-t", "ssh", "-l", "260")
        tmux.wait_screen("260 人 (+30)")  # the live preview, drawn over SSH before saving
        tmux("send-keys", "-t", "ssh", "Enter")

        def saved():
            last = Repository(db).load().checkins_of(6)[-1]
            return last if last.author == "ssh-tester" else None

        last = wait_for(saved, 10, "the check-in did not reach the database")
        assert last.value == 260 and Repository(db).load().key_result(6).current == 260
        tmux.wait_screen("260 → 500 人")
        tmux("send-keys", "-t", "ssh", "q")
        # q quits the app, which ends the ssh session; the pane's `sleep` takes over.
        wait_for(lambda: tmux("display-message", "-p", "-t", "ssh", "#{pane_current_command}").strip() == "sleep",
                 10, "the app and the ssh session did not end")
    finally:
        if server_pid.isdigit():
            subprocess.run(["kill", server_pid], capture_output=True)
