"""`okrtui serve`: the app in a web browser through textual-serve (a TV in the meeting room).

Each browser tab runs its own `okrtui` process on the same database, so a tab is as live as a
terminal. textual-serve is imported only here, and only when serving.
"""

from __future__ import annotations

import errno
import shlex
import socket
import sys
from pathlib import Path
from typing import Any

from okrtui.i18n import _


class ServeError(Exception):
    """A problem the user can fix (a taken port, a host that is not ours); one line, exit 2."""


def app_command(path: Path, mode: str, theme: str | None = None, rotate: float | None = None,
                team: str | None = None) -> str:
    """The shell command textual-serve starts for each browser: this Python, this database."""
    parts = [sys.executable, "-m", "okrtui", "--db", str(Path(path).resolve())]
    if theme:
        parts += ["--theme", theme]
    parts.append(mode)
    if mode == "standup" and rotate:
        parts += ["--rotate", f"{rotate:g}"]
    if mode == "standup" and team:
        parts += ["--team", team]
    return shlex.join(parts)


def public_url(host: str, port: int) -> str:
    """The address to open; a wildcard host is shown as this machine's name."""
    if host in ("0.0.0.0", "::", ""):
        host = socket.gethostname()
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}/"


def check_port(host: str, port: int) -> None:
    """Fail early and plainly when the address cannot be listened on (taken, or not ours)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror:
        raise ServeError(_("cannot serve on '{host}': no such address; try --host 127.0.0.1").format(host=host)) from None
    family, kind, proto, _name, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        # As the server will: a port in TIME_WAIT after a restart is free to use.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise ServeError(_("port {port} on {host} is already in use; choose another with --port").format(
                    port=port, host=host)) from None
            raise ServeError(_("cannot serve on {host}:{port}: {reason}").format(
                host=host, port=port, reason=error.strerror)) from None


def _server_class() -> Any:
    try:
        from textual_serve.server import Server
    except ImportError:
        raise ServeError(_("serving needs textual-serve; install it with: pip install 'okrtui[serve]'")) from None

    class OkrServer(Server):
        async def handle_index(self, request):  # type: ignore[override]
            # Links in the page follow the address the browser used (a name, an IP), so a
            # server on 0.0.0.0 works from the TV as well as from this machine.
            self.public_url = f"{request.scheme}://{request.host}"
            return await super().handle_index(request)

        async def on_startup(self, app) -> None:  # type: ignore[override]
            pass  # okrtui prints its own one line with the address

    return OkrServer


def serve_app(path: Path, host: str = "127.0.0.1", port: int = 8000, mode: str = "standup",
              theme: str | None = None, rotate: float | None = None, team: str | None = None) -> None:
    from okrtui.storage.repository import Repository

    repo = Repository(path)
    repo.load() if repo.exists() else repo.create()  # an unusable file stops here, in one line
    server_class = _server_class()
    check_port(host, port)
    server = server_class(app_command(path, mode, theme, rotate, team), host=host, port=port, title="okrtui")
    print(_("okrtui: serving {mode} at {url} (Ctrl+C stops)").format(mode=mode, url=public_url(host, port)),
          flush=True)
    try:
        server.serve()
    except OSError as error:  # lost the race for the port after the check
        raise ServeError(_("cannot serve on {host}:{port}: {reason}").format(
            host=host, port=port, reason=error.strerror or error)) from None
